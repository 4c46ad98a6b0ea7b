// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmvguest: the fill/copy/crc workload of tools/mvgpu-work, through a
 * vGPU: prepare buffers and a batch, run it, check every result byte on
 * the CPU, and that nothing past the result changed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crc32c.h"
#include "internal.h"

#define ROW_BYTES	4096u
#define GUARD		0xa5a5a5a5u
#define BATCH_BYTES	4096u

static const char *const op_names[MVG_NUM_OPS] = {
	[MVG_OP_FILL] = "fill",
	[MVG_OP_COPY] = "copy",
	[MVG_OP_CRC] = "crc",
};

int mvg_op_parse(const char *name)
{
	int i;

	for (i = 0; i < MVG_NUM_OPS; i++)
		if (!strcmp(name, op_names[i]))
			return i;
	return -1;
}

const char *mvg_op_name(enum mvg_op op)
{
	return op < MVG_NUM_OPS ? op_names[op] : "?";
}

void mvg_pattern(void *buf, __u64 len, __u32 seed)
{
	__u32 *p = buf, x = seed | 1;
	__u64 i;

	for (i = 0; i < len / 4; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = x;
	}
}

int mvg_work_init(struct mvg_guest *g, struct mvg_work *w, __u64 size)
{
	int ret;

	memset(w, 0, sizeof(*w));
	if (!size || size % 4 || size > 0xffffffffull)
		return mvg_fail(g, -EINVAL, "size %llu: a multiple of 4 below 4 GiB",
				(unsigned long long)size);
	w->size = size;
	ret = mvg_cmds_alloc(g, BATCH_BYTES, &w->batch);
	ret = ret ?: mvg_alloc(g, size, &w->src);
	ret = ret ?: mvg_alloc(g, size + MVGPU_GTT_PAGE_SIZE, &w->dst);
	return ret;
}

/* Rows of ROW_BYTES when the size allows it, else one row. */
static void rect(const struct mvg_work *w, __u32 *width, __u32 *height)
{
	if (w->size % ROW_BYTES == 0) {
		*width = ROW_BYTES;
		*height = w->size / ROW_BYTES;
	} else {
		*width = w->size;
		*height = 1;
	}
}

static __u32 fill_value(__u32 seed)
{
	return 0x9e3779b9u * (seed + 1) ^ 0x5bd1e995u;
}

static void set_dwords(void *buf, __u64 bytes, __u32 v)
{
	__u32 *p = buf;
	__u64 i;

	for (i = 0; i < bytes / 4; i++)
		p[i] = v;
}

void mvg_work_prepare(struct mvg_work *w, enum mvg_op op, __u32 seed)
{
	__u32 width, height;

	mvg_cmds_reset(&w->batch);
	rect(w, &width, &height);
	set_dwords(w->dst.cpu, w->dst.size, GUARD);
	switch (op) {
	case MVG_OP_FILL:
		mvg_emit_fill(&w->batch, w->dst.va, width, width, height,
			      fill_value(seed));
		break;
	case MVG_OP_COPY:
		mvg_pattern(w->src.cpu, w->size, seed);
		mvg_emit_copy(&w->batch, w->src.va, width, w->dst.va, width,
			      width, height);
		break;
	default:
		mvg_pattern(w->src.cpu, w->size, seed);
		mvg_emit_crc32c(&w->batch, w->src.va, w->size, w->dst.va);
		break;
	}
	mvg_emit_end(&w->batch);
}

/* First dword of [from, to) of @p that is not @v, or -1. */
static long long first_not(const __u32 *p, __u64 from, __u64 to, __u32 v)
{
	__u64 i;

	for (i = from; i < to; i++)
		if (p[i] != v)
			return i;
	return -1;
}

int mvg_work_check(const struct mvg_work *w, enum mvg_op op, __u32 seed,
		   char *why, size_t len)
{
	const __u32 *d = w->dst.cpu, *s = w->src.cpu;
	__u64 end = w->size / 4, i;
	long long bad;
	__u32 want;

	if (op == MVG_OP_CRC) {
		want = crc32c(w->src.cpu, w->size);
		if (d[0] != want) {
			snprintf(why, len, "crc: GPU %#010x, CPU %#010x", d[0], want);
			return -EIO;
		}
		end = 1;
	} else if (op == MVG_OP_FILL) {
		bad = first_not(d, 0, end, fill_value(seed));
		if (bad >= 0) {
			snprintf(why, len, "fill: dword %lld is %#x, expected %#x",
				 bad, d[bad], fill_value(seed));
			return -EIO;
		}
	} else {
		for (i = 0; i < end; i++) {
			if (d[i] != s[i]) {
				snprintf(why, len, "copy: dword %llu is %#x, expected %#x",
					 (unsigned long long)i, d[i], s[i]);
				return -EIO;
			}
		}
	}
	bad = first_not(d, end, w->dst.size / 4, GUARD);
	if (bad >= 0) {
		snprintf(why, len, "%s: wrote past its result, dword %lld is %#x",
			 mvg_op_name(op), bad, d[bad]);
		return -EIO;
	}
	return 0;
}

int mvg_work_round(struct mvg_guest *g, unsigned int e, struct mvg_work *w,
		   enum mvg_op op, __u32 seed, int timeout_ms)
{
	char why[160];
	__u32 seqno;
	int ret;

	mvg_work_prepare(w, op, seed);
	ret = mvg_submit(g, e, &w->batch, &seqno);
	ret = ret ?: mvg_wait(g, e, seqno, timeout_ms);
	if (ret)
		return ret;
	ret = mvg_work_check(w, op, seed, why, sizeof(why));
	if (ret)
		return mvg_fail(g, ret, "%s", why);
	return 0;
}
