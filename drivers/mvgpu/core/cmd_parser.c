// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command parser: scan, audit and shadow what a client submits, with
 * the command table of mvgpu_hw.h, before an engine runs it.
 *
 * A batch is scanned in one pass when the client gave the parser a stage
 * (struct mvgpu_cmd_parser.stage): its dwords are read from the client's
 * memory a piece of a page at a time into the stage, and each command is
 * decoded and audited there as soon as it is whole, as the engine would
 * check it, plus the client's access policy on every address; at its
 * BATCH_END the stage's copy, the one that was audited, is copied into a
 * shadow of that exact size.  Without a stage, or for the part of a batch
 * that does not fit in it, the parser falls back to three passes: the walk
 * reads the headers to find the BATCH_END, the rest of the batch is read
 * at once into its shadow, and the audit checks the shadow.  Either way the
 * client's memory is read once per command, and what runs is what was
 * audited.  A BATCH_START is audited by parsing its batch the same way and
 * pointing the shadow's BATCH_START at the nested shadow.  A client that
 * changes a batch between the walk and the read gets a shadow whose
 * commands do not end where the walk found: refused.
 *
 * The checks follow the executor (drivers/sim/exec.c) in order, so that a
 * refused command gets the fault reason the engine would have given it:
 * opcode and flags, length, the end of the ring span, the dwords a batch
 * may execute, batch depth, operand alignment, operand extent, registers;
 * then the audit (MVGPU_FAULT_REJECTED).  Pure C: it builds unchanged in
 * mvgpu.ko, the userspace unit tests, the fuzzer and the benchmark.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/types.h>

#include <mvgpu/mvgpu_cmd_parser.h>

#include "cmd_parser_fast.h"

#define CP_PAGE			4096u
/* Dwords the walk reads at a time, at most up to the end of a page. */
#define CP_WALK_DWORDS		256u

/* A refusal: what mvgpu_cmd_parser reports, kept until it is decided. */
struct cp_error {
	int err;
	u32 reason;
	u64 addr;
	const char *why;
};

/* What a batch or a ring command added up to, committed on acceptance. */
struct cp_count {
	u64 cmds;
	u64 bytes;
	u64 user_interrupts;
};

static int cp_set(struct cp_error *e, int err, u32 reason, u64 addr,
		  const char *why)
{
	e->err = err;
	e->reason = reason;
	e->addr = addr;
	e->why = why;
	return err;
}

static int cp_fail(struct mvgpu_cmd_parser *p, const struct cp_error *e)
{
	p->reason = e->reason;
	p->fault_addr = e->addr;
	p->why = e->why;
	return e->err;
}

static void cp_commit(struct mvgpu_cmd_parser *p, const struct cp_count *c)
{
	p->cmds += c->cmds;
	p->bytes += c->bytes;
	p->user_interrupts += c->user_interrupts;
}

/*
 * Dwords a batch may still execute after @done: a batch that started a
 * batch may have gone over by the BATCH_START it completed (the engine
 * counts that one only when the nested batch ends).
 */
static u32 cp_left(u32 budget, u32 done)
{
	return done < budget ? budget - done : 0;
}

/*
 * May the client's commands access [@va, @va + @len)?  Empty ranges need
 * nothing, ranges inside the client's declared range neither; a range that
 * ends at 2^64 or wraps is refused here, so that access_ok only ever sees
 * ranges whose end fits in 64 bits.
 */
static bool cp_range_ok(struct mvgpu_cmd_parser *p, u64 va, u64 len,
			bool write)
{
	if (!len)
		return true;
	if (va - p->range_va < p->range_len &&
	    len <= p->range_len - (va - p->range_va))
		return true;
	if (va + len <= va)
		return false;
	return p->ops->access_ok(p->priv, va, len, write);
}

/*
 * Check a header as the engine decodes it: opcode and flags (OPCODE), the
 * length (LENGTH), whether the command ends within the @avail dwords there
 * are, and whether it fits in the @budget dwords the batch may still
 * execute (RUNAWAY).  Set *@len and return the table entry, or NULL.
 */
static const struct mvgpu_cmd_desc *
cp_decode(u32 hdr, unsigned int level, u32 avail, u32 budget, u64 addr,
	  u32 *len, struct cp_error *e)
{
	const struct mvgpu_cmd_desc *d = mvgpu_cmd_desc(MVGPU_CMD_OPCODE(hdr));

	*len = MVGPU_CMD_LENGTH(hdr);
	if (!d) {
		cp_set(e, -EINVAL, MVGPU_FAULT_OPCODE, addr, "unknown opcode");
		return NULL;
	}
	if (!level && !(d->attr & MVGPU_CMD_ATTR_RING)) {
		cp_set(e, -EINVAL, MVGPU_FAULT_OPCODE, addr,
		       "BATCH_END in the ring");
		return NULL;
	}
	if (MVGPU_CMD_FLAGS(hdr) & ~d->flags) {
		cp_set(e, -EINVAL, MVGPU_FAULT_OPCODE, addr,
		       "flags not valid for the opcode");
		return NULL;
	}
	if (!mvgpu_cmd_length_ok(d, *len)) {
		cp_set(e, -EINVAL, MVGPU_FAULT_LENGTH, addr,
		       "length not valid for the opcode");
		return NULL;
	}
	if (!level && *len > avail) {
		cp_set(e, -EINVAL, MVGPU_FAULT_LENGTH, addr,
		       "command crosses the end of the ring span");
		return NULL;
	}
	if (level && *len > budget) {
		cp_set(e, -EINVAL, MVGPU_FAULT_RUNAWAY, addr,
		       "batch over BATCH_MAX_DWORDS");
		return NULL;
	}
	return d;
}

static const char *cp_outside(const struct mvgpu_cmd_mem *m)
{
	if (m->access == MVGPU_MEM_WRITE)
		return "destination outside the client's range";
	return "source outside the client's range";
}

/* Every register of a LOAD_REGISTER_IMM of @len dwords may be written. */
static bool cp_lri_allowed(const u32 *cmd, u32 len)
{
	u32 i;

	for (i = 1; i < len; i += 2)
		if (!mvgpu_lri_allowed(cmd[i]))
			return false;
	return true;
}

/*
 * Check the memory operands and registers of a decoded command, as the
 * engine does (BATCH_DEPTH, ALIGNMENT, LENGTH, REGISTER), then audit the
 * bytes each operand reaches with access_ok.  Batches are not followed.
 */
static int cp_check_cmd(struct mvgpu_cmd_parser *p,
			const struct mvgpu_cmd_desc *d, const u32 *cmd,
			u32 len, unsigned int level, u64 addr,
			struct cp_error *e)
{
	u64 extent[MVGPU_CMD_MAX_MEM];
	const struct mvgpu_cmd_mem *m;
	u32 i;

	for (i = 0; i < d->nmem; i++) {
		m = &d->mem[i];
		if (m->access == MVGPU_MEM_BATCH && level == MVGPU_BATCH_LEVELS)
			return cp_set(e, -EINVAL, MVGPU_FAULT_BATCH_DEPTH, addr,
				      "BATCH_START in a level-2 batch");
		if (!mvgpu_cmd_mem_aligned(cmd, m))
			return cp_set(e, -EINVAL, MVGPU_FAULT_ALIGNMENT, addr,
				      "misaligned operand");
	}
	for (i = 0; i < d->nmem; i++)
		if (!mvgpu_cmd_mem_extent(cmd, &d->mem[i], &extent[i]))
			return cp_set(e, -EINVAL, MVGPU_FAULT_LENGTH, addr,
				      "operand crosses 2^64");
	if (!d->len && !cp_lri_allowed(cmd, len))
		return cp_set(e, -EINVAL, MVGPU_FAULT_REGISTER, addr,
			      "LOAD_REGISTER_IMM to a register but SCRATCH0-3");
	for (i = 0; i < d->nmem; i++) {
		m = &d->mem[i];
		if (m->access == MVGPU_MEM_BATCH)
			continue;
		if (!cp_range_ok(p, mvgpu_cmd_mem_va(cmd, m), extent[i],
				 m->access == MVGPU_MEM_WRITE))
			return cp_set(e, -EACCES, MVGPU_FAULT_REJECTED, addr,
				      cp_outside(m));
	}
	return 0;
}

/* The walk's window on the client's memory: dwords at [va, va + 4 * n). */
struct cp_window {
	u64 va;
	u32 n;
	u32 buf[CP_WALK_DWORDS];
};

/*
 * Read the dword at @va into *@val through the window, refilling it with
 * at most CP_WALK_DWORDS dwords up to the end of @va's page that access_ok
 * accepts (a single dword when it refuses more).  A refused dword is
 * reported at @from: the BATCH_START for the batch's first dword.
 */
static int cp_walk_read(struct mvgpu_cmd_parser *p, struct cp_window *w,
			u64 va, u64 from, u32 *val, struct cp_error *e)
{
	u32 n;

	if (va < w->va || va - w->va >= 4ull * w->n) {
		n = (CP_PAGE - (va & (CP_PAGE - 1))) / 4;
		if (n > CP_WALK_DWORDS)
			n = CP_WALK_DWORDS;
		if (!cp_range_ok(p, va, 4ull * n, false)) {
			n = 1;
			if (!cp_range_ok(p, va, 4, false))
				return cp_set(e, -EACCES, MVGPU_FAULT_REJECTED,
					      from, "batch outside the client's range");
		}
		w->n = 0;
		if (p->ops->read(p->priv, va, w->buf, 4 * n))
			return cp_set(e, -EFAULT, MVGPU_FAULT_GTT, va,
				      "batch not readable");
		w->va = va;
		w->n = n;
	}
	*val = w->buf[(va - w->va) / 4];
	return 0;
}

/*
 * Find the end of the batch at @va: the number of its dwords up to its
 * BATCH_END included.  When a command before it would fault (or cannot be
 * read), return the dwords before that command and describe it in @e.
 */
static u32 cp_walk(struct mvgpu_cmd_parser *p, u64 va, u32 budget, u64 from,
		   struct cp_error *e)
{
	struct cp_window w = { .n = 0 };
	u32 pos = 0, hdr, len, i;
	u64 addr;

	for (;;) {
		addr = va + 4ull * pos;
		if (addr < va) {
			cp_set(e, -EACCES, MVGPU_FAULT_REJECTED, addr,
			       "batch crosses 2^64");
			return pos;
		}
		if (cp_walk_read(p, &w, addr, pos ? addr : from, &hdr, e))
			return pos;
		/* The common headers in the window, without the decoder. */
		for (i = (addr - w.va) / 4; i < w.n; i += len) {
			hdr = w.buf[i];
			len = cp_fast_len(hdr);
			if (!len || len > budget - pos)
				break;
			pos += len;
		}
		if (i >= w.n)
			continue;
		addr = va + 4ull * pos;
		if ((!len || len > budget - pos) &&
		    !cp_decode(hdr, 1, 0, budget - pos, addr, &len, e))
			return pos;
		pos += len;
		if (MVGPU_CMD_OPCODE(hdr) == MVGPU_OP_BATCH_END) {
			e->err = 0;
			return pos;
		}
	}
}

/* Free stage memory for a batch's one-pass scan: @cap dwords at @buf. */
struct cp_stage {
	u32 *buf;
	u32 cap;
};

static int cp_batch(struct mvgpu_cmd_parser *p, u64 va, unsigned int level,
		    u32 budget, u64 from, u64 *shadow_va, u32 *used,
		    struct cp_count *count, struct cp_stage st,
		    struct cp_error *e);

/*
 * Audit the BATCH_START at @cmd (in a shadow, the stage or the shadow
 * ring): parse its batch, with the stage @st, and point it at the batch's
 * shadow.  *@used: the dwords that batch executes.
 */
static int cp_batch_start(struct mvgpu_cmd_parser *p,
			  const struct mvgpu_cmd_desc *d, u32 *cmd,
			  unsigned int level, u32 budget, u64 addr, u32 *used,
			  struct cp_count *count, struct cp_stage st,
			  struct cp_error *e)
{
	const struct mvgpu_cmd_mem *m = &d->mem[0];
	u64 shadow_va;
	int err;

	err = cp_batch(p, mvgpu_cmd_mem_va(cmd, m), level + 1, budget, addr,
		       &shadow_va, used, count, st, e);
	if (err)
		return err;
	cmd[m->addr] = (u32)shadow_va;
	cmd[m->addr + 1] = (u32)(shadow_va >> 32);
	return 0;
}

/*
 * The general path of the audit, for the decoded command @d at @cmd (a
 * shadow's or the stage's copy): check it, follow its batch with the stage
 * @st, count it in @pos (its @len dwords and those its batch executes).
 */
static int cp_audit_one(struct mvgpu_cmd_parser *p,
			const struct mvgpu_cmd_desc *d, u32 *cmd, u32 len,
			u64 addr, unsigned int level, u32 budget,
			struct cp_pos *pos, struct cp_count *count,
			struct cp_stage st, struct cp_error *e)
{
	u32 nested = 0;
	int err;

	err = cp_check_cmd(p, d, cmd, len, level, addr, e);
	if (err)
		return err;
	if (MVGPU_CMD_OPCODE(cmd[0]) == MVGPU_OP_USER_INTERRUPT)
		pos->uis++;
	if (d->nmem && d->mem[0].access == MVGPU_MEM_BATCH) {
		err = cp_batch_start(p, d, cmd, level, pos->left, addr,
				     &nested, count, st, e);
		if (err)
			return err;
	}
	pos->cmds++;
	pos->done += len + nested;
	pos->left = cp_left(budget, pos->done);
	return 0;
}

/*
 * Audit dwords [@i, @n) of a batch's shadow, @pos where the audit stands
 * at @i.  @complete: the shadow ends with the BATCH_END the walk found;
 * else it is the prefix before the command the walk refused (in @e),
 * which is the verdict if the prefix passes.  @st: the stage, free.
 */
static int cp_audit(struct mvgpu_cmd_parser *p, u32 *shadow, u32 i, u32 n,
		    u64 va, unsigned int level, u32 budget, bool complete,
		    struct cp_pos *pos, struct cp_count *count,
		    struct cp_stage st, struct cp_error *e)
{
	struct cp_range r = {
		.va = p->range_va, .len = p->range_len, .p = p,
	};
	const struct mvgpu_cmd_desc *d;
	struct cp_error walk = *e;
	u32 len;
	int err;

	for (; i < n; i += len) {
		i = cp_fast_run(r, shadow, i, n, pos);
		if (i >= n)
			break;
		d = cp_decode(shadow[i], level, 0, pos->left, va + 4ull * i,
			      &len, e);
		if (!d)
			return e->err;
		if (len > n - i ||
		    (MVGPU_CMD_OPCODE(shadow[i]) == MVGPU_OP_BATCH_END) !=
		    (complete && len == n - i))
			return cp_set(e, -EACCES, MVGPU_FAULT_REJECTED,
				      va + 4ull * i,
				      "batch changed while it was scanned");
		err = cp_audit_one(p, d, &shadow[i], len, va + 4ull * i, level,
				   budget, pos, count, st, e);
		if (err)
			return err;
	}
	if (!complete) {
		*e = walk;
		return e->err;
	}
	return 0;
}

/*
 * Read the next piece of the batch at @va into the stage, after its
 * @filled dwords: at most CP_WALK_DWORDS, up to the end of a page and of
 * the stage's @cap dwords, as much as access_ok accepts (a single dword
 * when it refuses more).  @whole: a command starts at the piece (else a
 * command's body is missing: a refusal is the batch's, reported as the
 * three passes would).  Return the dwords read, or 0 (@e set).
 */
static u32 cp_stage_read(struct mvgpu_cmd_parser *p, u64 va, u64 from,
			 u32 *buf, u32 filled, u32 cap, bool whole,
			 struct cp_error *e)
{
	u64 addr = va + 4ull * filled;
	u32 n = (CP_PAGE - (addr & (CP_PAGE - 1))) / 4;

	if (addr < va) {
		cp_set(e, -EACCES, MVGPU_FAULT_REJECTED, addr,
		       "batch crosses 2^64");
		return 0;
	}
	n = n < CP_WALK_DWORDS ? n : CP_WALK_DWORDS;
	n = n < cap - filled ? n : cap - filled;
	if (!cp_range_ok(p, addr, 4ull * n, false)) {
		n = 1;
		if (!cp_range_ok(p, addr, 4, false)) {
			cp_set(e, -EACCES, MVGPU_FAULT_REJECTED,
			       filled && whole ? addr : from,
			       "batch outside the client's range");
			return 0;
		}
	}
	if (p->ops->read(p->priv, addr, buf + filled, 4 * n)) {
		cp_set(e, -EFAULT, MVGPU_FAULT_GTT, whole ? addr : va,
		       "batch not readable");
		return 0;
	}
	return n;
}

/*
 * The one-pass scan of the batch at @va into the stage @st: read it a
 * piece at a time, audit each command as soon as it is whole in the stage.
 * Return 0 at its BATCH_END (*@k: the batch's dwords), 1 when the stage is
 * full first (*@k: the dwords of the whole commands audited, @pos their
 * account), or a negative errno (@e set).
 */
static int cp_scan_stage(struct mvgpu_cmd_parser *p, u64 va,
			 unsigned int level, u32 budget, u64 from,
			 struct cp_stage st, u32 *k, struct cp_pos *pos,
			 struct cp_count *count, struct cp_error *e)
{
	struct cp_range r = {
		.va = p->range_va, .len = p->range_len, .p = p,
	};
	const struct mvgpu_cmd_desc *d;
	u32 *buf = st.buf, filled = 0, i = 0, len, got;
	struct cp_stage rest;
	u64 addr;
	int err;

	for (;;) {
		i = cp_fast_run(r, buf, i, filled, pos);
		if (i < filled) {
			addr = va + 4ull * i;
			d = cp_decode(buf[i], level, 0, pos->left, addr, &len,
				      e);
			if (!d)
				return e->err;
			if (len <= filled - i) {
				rest.buf = buf + filled;
				rest.cap = st.cap - filled;
				err = cp_audit_one(p, d, &buf[i], len, addr,
						   level, budget, pos, count,
						   rest, e);
				if (err)
					return err;
				i += len;
				if (MVGPU_CMD_OPCODE(buf[i - len]) ==
				    MVGPU_OP_BATCH_END) {
					*k = i;
					return 0;
				}
				continue;
			}
		}
		if (filled == st.cap) {
			*k = i;
			return 1;
		}
		got = cp_stage_read(p, va, i ? va + 4ull * i : from, buf,
				    filled, st.cap, i == filled, e);
		if (!got)
			return e->err;
		filled += got;
	}
}

/*
 * Scan, shadow and audit the batch at @va, started by the command at
 * @from, which may execute @budget dwords with the batch it starts: in one
 * pass through the stage @st as far as it holds the batch, in three passes
 * (walk, read, audit) for the rest.
 */
static int cp_batch(struct mvgpu_cmd_parser *p, u64 va, unsigned int level,
		    u32 budget, u64 from, u64 *shadow_va, u32 *used,
		    struct cp_count *count, struct cp_stage st,
		    struct cp_error *e)
{
	struct cp_pos pos = { .left = budget };
	u32 *shadow, k = 0, n;
	int err = 1;
	u64 sva;

	if (st.cap) {
		err = cp_scan_stage(p, va, level, budget, from, st, &k, &pos,
				    count, e);
		if (err < 0)
			return err;
	}
	n = k;
	if (err) {
		n = cp_walk(p, va + 4ull * k, cp_left(budget, k),
			    k ? va + 4ull * k : from, e);
		if (!n)
			return e->err;
		n += k;
	}
	/* Pieces accepted one by one: the client's policy sees it whole too. */
	if (!cp_range_ok(p, va, 4ull * n, false))
		return cp_set(e, -EACCES, MVGPU_FAULT_REJECTED, from,
			      "batch outside the client's range");
	shadow = p->ops->shadow_alloc(p->priv, n, va, &sva);
	if (!shadow)
		return cp_set(e, -ENOSPC, MVGPU_FAULT_REJECTED, from,
			      "shadow budget used up");
	if (k)
		memcpy(shadow, st.buf, 4ull * k);
	if (n > k && p->ops->read(p->priv, va + 4ull * k, shadow + k,
				  4 * (n - k)))
		return cp_set(e, -EFAULT, MVGPU_FAULT_GTT, va,
			      "batch not readable");
	*shadow_va = sva;
	if (n > k) {
		err = cp_audit(p, shadow, k, n, va, level, budget, !e->err,
			       &pos, count, st, e);
		if (err)
			return err;
	}
	count->cmds += pos.cmds;
	count->user_interrupts += pos.uis;
	count->bytes += 4ull * n;
	*used = pos.done;
	return 0;
}

/* The client's whole stage, or none. */
static struct cp_stage cp_stage_of(struct mvgpu_cmd_parser *p)
{
	struct cp_stage st = { p->stage, p->stage ? p->stage_dwords : 0 };

	return st;
}

static void cp_start(struct mvgpu_cmd_parser *p)
{
	p->reason = MVGPU_FAULT_NONE;
	p->fault_addr = 0;
	p->why = NULL;
	p->accepted = 0;
}

/**
 * mvgpu_cmd_parser_init() - set a client's parser up
 * @p: the parser
 * @ops: the client's callbacks, which must outlive @p
 * @priv: their argument
 *
 * Clears the counters and the last failure.
 */
void mvgpu_cmd_parser_init(struct mvgpu_cmd_parser *p,
			   const struct mvgpu_cmd_parser_ops *ops, void *priv)
{
	*p = (struct mvgpu_cmd_parser) { .ops = ops, .priv = priv };
}
EXPORT_SYMBOL_GPL(mvgpu_cmd_parser_init);

/**
 * mvgpu_cmd_parse_batch() - scan, audit and shadow a batch and the batches
 * it starts
 * @p: the parser
 * @va: the client's GPU VA of the batch (its first command)
 * @level: the batch level it runs at: 1 when a ring starts it, 2 when a
 *	batch does
 * @shadow_va: out: GPU VA of the shadow to start instead of @va
 *
 * The client's memory is read once per batch, into its shadow, and the
 * shadow is audited; every BATCH_START of a shadow points at the shadow of
 * its batch.  The batch with the batches it starts may execute at most
 * MVGPU_BATCH_MAX_DWORDS dwords, counted as the engine counts them.
 *
 * Return: 0; -EINVAL for a command the hardware would fault on (see
 * @p->reason); -EACCES when the audit refused a well-formed command
 * (MVGPU_FAULT_REJECTED); -EFAULT when the client's memory could not be
 * read (MVGPU_FAULT_GTT); -ENOSPC when shadow_alloc failed.  On failure
 * @p->reason, @p->fault_addr (the client's GPU VA of the offending
 * command, at whatever level) and @p->why tell which command and why.
 */
int mvgpu_cmd_parse_batch(struct mvgpu_cmd_parser *p, u64 va,
			  unsigned int level, u64 *shadow_va)
{
	struct cp_count count = { 0 };
	struct cp_error e = { 0 };
	u32 used;
	int err;

	cp_start(p);
	if (level < 1 || level > MVGPU_BATCH_LEVELS)
		cp_set(&e, -EINVAL, MVGPU_FAULT_BATCH_DEPTH, va,
		       "batch level out of range");
	else if (va & 3)
		cp_set(&e, -EINVAL, MVGPU_FAULT_ALIGNMENT, va,
		       "misaligned batch");
	if (e.err)
		return cp_fail(p, &e);
	err = cp_batch(p, va, level, MVGPU_BATCH_MAX_DWORDS, va, shadow_va,
		       &used, &count, cp_stage_of(p), &e);
	if (err)
		return cp_fail(p, &e);
	cp_commit(p, &count);
	return 0;
}
EXPORT_SYMBOL_GPL(mvgpu_cmd_parse_batch);

/**
 * mvgpu_cmd_parse_ring() - scan, audit and shadow ring commands
 * @p: the parser
 * @cmds: whole ring commands, copied by the caller from the client's ring
 *	into memory the client cannot change; each BATCH_START's target is
 *	rewritten in place to its shadow's GPU VA
 * @dwords: dwords at @cmds; a command that does not end within them is
 *	refused (LENGTH)
 * @ring_base: the client's GPU VA of its ring (for fault addresses)
 * @ring_size: its size in bytes, a power of two
 * @offset: the ring offset of @cmds[0]
 *
 * Commands are accepted in order; @p->accepted counts the dwords of those
 * accepted (and shadowed, with their batches), and the counters count them.
 * BATCH_END is refused at ring level (OPCODE).
 *
 * Return: 0, or a negative errno as mvgpu_cmd_parse_batch().  On failure
 * the ring command at @cmds[@p->accepted] is the offending one (or starts
 * the batch that holds it) and @p->fault_addr is the client's GPU VA of
 * the offending command: its ring address (@ring_base plus its offset,
 * wrapped at @ring_size) when it is a ring command.
 */
int mvgpu_cmd_parse_ring(struct mvgpu_cmd_parser *p, u32 *cmds, u32 dwords,
			 u64 ring_base, u32 ring_size, u32 offset)
{
	const struct mvgpu_cmd_desc *d;
	struct cp_error e = { 0 };
	struct cp_count count;
	u32 i, len, used;
	u64 addr;

	cp_start(p);
	for (i = 0; i < dwords; i += len) {
		addr = ring_base + ((offset + 4ull * i) & (ring_size - 1));
		count = (struct cp_count) { .cmds = 1, .bytes = 0 };
		d = cp_decode(cmds[i], 0, dwords - i, 0, addr, &len, &e);
		if (!d)
			return cp_fail(p, &e);
		count.bytes = 4ull * len;
		if (MVGPU_CMD_OPCODE(cmds[i]) == MVGPU_OP_USER_INTERRUPT)
			count.user_interrupts = 1;
		if (cp_check_cmd(p, d, &cmds[i], len, 0, addr, &e))
			return cp_fail(p, &e);
		if (d->nmem && d->mem[0].access == MVGPU_MEM_BATCH &&
		    cp_batch_start(p, d, &cmds[i], 0, MVGPU_BATCH_MAX_DWORDS,
				   addr, &used, &count, cp_stage_of(p), &e))
			return cp_fail(p, &e);
		cp_commit(p, &count);
		p->accepted = i + len;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(mvgpu_cmd_parse_ring);

/**
 * mvgpu_cmd_parse_length() - dwords of the ring command starting with @hdr
 * @hdr: its header dword
 *
 * Return: its length in dwords, as the command table gives it (for
 * LOAD_REGISTER_IMM, from the header), or 0 for an opcode, flags or a
 * length the hardware refuses.
 */
u32 mvgpu_cmd_parse_length(u32 hdr)
{
	const struct mvgpu_cmd_desc *d = mvgpu_cmd_desc(MVGPU_CMD_OPCODE(hdr));

	if (!d || (MVGPU_CMD_FLAGS(hdr) & ~d->flags) ||
	    !mvgpu_cmd_length_ok(d, MVGPU_CMD_LENGTH(hdr)))
		return 0;
	return MVGPU_CMD_LENGTH(hdr);
}
EXPORT_SYMBOL_GPL(mvgpu_cmd_parse_length);
