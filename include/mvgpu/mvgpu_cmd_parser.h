/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mvgpu command parser: scan, audit and shadow the commands a client
 * (a vGPU's guest, a render-node file) submits, before an engine runs them.
 *
 * Pure logic, like the executor: no locks, no allocation of its own, no
 * kernel objects.  drivers/mvgpu/core/cmd_parser.c builds unchanged into
 * mvgpu.ko (exported to mvgpu_vgpu.ko), the userspace unit tests, the
 * fuzzer and the benchmark.  Command lengths and operands come from the
 * command table of mvgpu_hw.h, the one the executor uses.
 *
 * What it guarantees: for every command stream it accepts, the shadow it
 * built, run on an engine, accesses only GPU VAs the client's access_ok
 * accepted (data, semaphores, stores), reads commands only from shadows the
 * client's shadow_alloc gave, writes no register but the scratch registers,
 * and never faults LENGTH, OPCODE, BATCH_DEPTH, RUNAWAY, REGISTER or
 * ALIGNMENT (a fault GTT on an unmapped page of the client's own range
 * remains possible).  The client's memory is read once per batch, into the
 * shadow, and audited there: a client that changes a batch after
 * submitting it changes nothing that runs.
 */
#ifndef MVGPU_CMD_PARSER_H
#define MVGPU_CMD_PARSER_H

#include <linux/types.h>

#include <mvgpu/mvgpu_hw.h>

/**
 * struct mvgpu_cmd_parser_ops - what the parser needs from its client
 * @read: copy @len bytes at GPU VA @va of the client's memory into @dst.
 *	Return 0, or -EFAULT when a page of the range is not readable for the
 *	client.  The parser calls it only for ranges @access_ok accepted for
 *	reading: in pieces of at most 1 KiB that do not cross a 4 KiB
 *	boundary (into the stage, or while it looks for the end of a batch),
 *	and once per batch for the part of it not read into the stage (@len
 *	up to 4 * MVGPU_BATCH_MAX_DWORDS).  Required.
 * @access_ok: may the client's commands access [@va, @va + @len)?  @len is
 *	at least 1 and @va + @len does not exceed 2^64 - 1 (the parser refuses
 *	a range that would, without asking); @write tells a write (a
 *	command's destination) from a read (a source, a semaphore, a batch).
 *	This is the client's whole policy: a vGPU accepts its own GTT range,
 *	a render-node file the BOs of the submission.  Required.
 * @shadow_alloc: host memory for the shadow of a batch of @dwords dwords
 *	at the client's GPU VA @va: return its kernel address (writable,
 *	4-byte aligned) and set *@gpu_va to the GPU VA at which an engine
 *	reads it (4-byte aligned, mapped read-only or at least out of every
 *	client's reach).  Return NULL when the client's shadow budget is
 *	used up: the parse fails with -ENOSPC.
 *	Memory handed out stays the client's until it has run; the parser
 *	never frees it (a failed parse leaves it to the client to reclaim).
 *	Required.
 *
 * The callbacks are called from the parser only, with @priv, in the
 * caller's context.
 */
struct mvgpu_cmd_parser_ops {
	int (*read)(void *priv, u64 va, void *dst, u32 len);
	bool (*access_ok)(void *priv, u64 va, u64 len, bool write);
	u32 *(*shadow_alloc)(void *priv, u32 dwords, u64 va, u64 *gpu_va);
};

/**
 * struct mvgpu_cmd_parser - one client's parser
 * @ops: callbacks
 * @priv: their argument
 * @reason: after a failed parse: the MVGPU_FAULT_* an engine would have
 *	stopped with (LENGTH, OPCODE, ...), or MVGPU_FAULT_REJECTED when the
 *	command is well formed but the audit refused it, or MVGPU_FAULT_GTT
 *	when a batch could not be read (-EFAULT)
 * @fault_addr: after a failed parse: the client's GPU VA of the offending
 *	command, at whatever level, as FAULT_ADDR would give it (for -ENOSPC,
 *	of the BATCH_START whose batch did not fit; for a batch that does not
 *	lie in the client's range, of the BATCH_START that starts it; for
 *	-EFAULT, the address that could not be read, the batch's first one
 *	when that is not known)
 * @why: after a failed parse: a short static text for logs ("FILL
 *	destination outside the client's range")
 * @cmds: commands accepted, every level, since init
 * @bytes: bytes of commands scanned, every level, since init (of the
 *	commands accepted: a refused ring command and its batches add none)
 * @user_interrupts: USER_INTERRUPT commands accepted since init
 * @accepted: after mvgpu_cmd_parse_ring(): dwords at the start of its
 *	@cmds that were accepted and shadowed (all of them on success)
 * @range_va: optional, set by the client after init: a range of GPU VAs
 *	[@range_va, @range_va + @range_len) that @ops->access_ok accepts whole,
 *	for reading and writing (a vGPU's GTT range).  The parser accepts a
 *	range inside it without calling access_ok, which keeps the audit fast;
 *	ranges that are not inside still go to access_ok.  0 and 0 (as init
 *	leaves them): none.
 * @range_len: its length in bytes; @range_va + @range_len must not exceed
 *	2^64 - 1
 * @stage: optional, set by the client after init: @stage_dwords dwords of
 *	scratch memory, 4-byte aligned, that only the parser uses during a
 *	parse.  A batch that fits in it is scanned in one pass: read into the
 *	stage a piece at a time, each command audited there as soon as it is
 *	whole, the stage copied into the batch's shadow at its BATCH_END.
 *	A batch (with the batch it starts) that does not fit is scanned in one
 *	pass as far as the stage holds it, in three for the rest (walk, read
 *	into the shadow, audit the shadow).  NULL (as init leaves it): three
 *	passes always.  MVGPU_CMD_STAGE_DWORDS is a good size.
 * @stage_dwords: its size in dwords
 *
 * The caller may read and reset the counters between calls.
 */
struct mvgpu_cmd_parser {
	const struct mvgpu_cmd_parser_ops *ops;
	void *priv;

	u32 reason;
	u64 fault_addr;
	const char *why;

	u64 cmds;
	u64 bytes;
	u64 user_interrupts;
	u32 accepted;

	u64 range_va;
	u64 range_len;

	u32 *stage;
	u32 stage_dwords;
};

/* A stage for batches up to 1 MiB in one pass (struct mvgpu_cmd_parser). */
#define MVGPU_CMD_STAGE_DWORDS	262144

void mvgpu_cmd_parser_init(struct mvgpu_cmd_parser *p,
			   const struct mvgpu_cmd_parser_ops *ops, void *priv);

/*
 * mvgpu_cmd_parse_batch() - scan, audit and shadow a batch, and the batches
 * it starts.
 * @p: the parser
 * @va: the client's GPU VA of the batch (its first command)
 * @level: the batch level it runs at: 1 when a ring starts it, 2 when a
 *	batch does (a BATCH_START in a level-2 batch is refused as the
 *	hardware would fault it: BATCH_DEPTH)
 * @shadow_va: out: GPU VA of the shadow to start instead of @va
 *
 * The batch ends at its BATCH_END; with the batches it starts it may not
 * exceed MVGPU_BATCH_MAX_DWORDS (RUNAWAY).  In the shadow, every
 * BATCH_START points at the shadow of its batch; nothing else differs.
 *
 * Return: 0; -EINVAL for a command the hardware would fault on (see
 * @p->reason); -EACCES when the audit refused a well-formed command
 * (MVGPU_FAULT_REJECTED); -EFAULT when the client's memory could not be
 * read; -ENOSPC when shadow_alloc failed.  On failure @p->reason,
 * @p->fault_addr and @p->why tell which command and why.
 */
int mvgpu_cmd_parse_batch(struct mvgpu_cmd_parser *p, u64 va,
			  unsigned int level, u64 *shadow_va);

/*
 * mvgpu_cmd_parse_ring() - scan, audit and shadow ring commands
 * @p: the parser
 * @cmds: whole ring commands, copied by the caller from the client's ring
 *	into memory the client cannot change (the shadow ring); each
 *	BATCH_START's target is rewritten in place to its shadow's GPU VA
 * @dwords: dwords at @cmds; a command that does not end within them is
 *	refused (LENGTH), as the hardware refuses one that crosses the tail
 * @ring_base: the client's GPU VA of its ring (for fault addresses)
 * @ring_size: its size in bytes, a power of two
 * @offset: the ring offset of @cmds[0]: command i of @cmds lies at
 *	@ring_base + ((@offset + 4 * i) & (@ring_size - 1))
 *
 * BATCH_END is refused at ring level (OPCODE), as the hardware refuses it.
 *
 * Return: 0, or a negative errno as mvgpu_cmd_parse_batch(); on failure the
 * commands before the offending one are accepted and shadowed (the caller
 * may run them) and @p->fault_addr is the ring address of the offending
 * one.  When the offending command lies in a batch, the ring command at
 * @cmds[@p->accepted] is the BATCH_START that leads to it and
 * @p->fault_addr is the command's own address in that batch.
 */
int mvgpu_cmd_parse_ring(struct mvgpu_cmd_parser *p, u32 *cmds, u32 dwords,
			 u64 ring_base, u32 ring_size, u32 offset);

/*
 * mvgpu_cmd_parse_length() - dwords of the ring command starting with @hdr
 * @hdr: its header dword
 *
 * Return: its length in dwords, as the command table gives it (for
 * LOAD_REGISTER_IMM, from the header), or 0 for an opcode or length the
 * hardware refuses.  Lets a caller cut a ring span at command boundaries.
 */
u32 mvgpu_cmd_parse_length(u32 hdr);

#endif /* MVGPU_CMD_PARSER_H */
