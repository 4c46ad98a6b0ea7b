// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmvguest: the load generator (load.h) and the short-batch latency
 * probe.  Completion is seen in the status page (no trapped access); an
 * engine's registers are read only when a turn takes suspiciously long.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "load.h"

#define LOAD_GUARD	0xa5u		/* byte value past a long FILL */
#define LOAD_STALL_MS	2000		/* look at the engine after this */
#define LOAD_WAIT_MS	60000		/* a turn that takes longer failed */
#define LOAD_NAP_NS	1000000

/* One set of buffers and the turn it is in. */
struct load_slot {
	struct mvg_work w;
	int op;
	__u32 seed;
	__u32 last;		/* seqno of its last batch queued */
	bool busy;		/* batches queued, results not checked yet */
	double since_ms;	/* when they were queued */
	double look_ms;		/* when to look at the engine if not done */
};

struct load_engine {
	struct mvg_load *l;
	struct load_slot slot[2];
	__u32 next_seed;
};

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__u64 mvg_load_ram(unsigned int nr, __u64 size)
{
	/* Per slot: batch, source, destination and its guard page. */
	return nr * 2 * (2 * size + 3 * MVGPU_GTT_PAGE_SIZE) + (1u << 20);
}

static __u32 long_value(__u32 seed)
{
	return 0x9e3779b9u * (seed + 1) ^ 0x7f4a7c15u;
}

/* The long FILL: @long_bytes in rows of @size bytes at pitch 0. */
static void prepare_long(struct mvg_load *l, struct load_slot *s)
{
	struct mvg_work *w = &s->w;

	memset(w->dst.cpu, LOAD_GUARD, w->dst.size);
	mvg_cmds_reset(&w->batch);
	mvg_emit_fill(&w->batch, w->dst.va, 0, l->size, l->long_bytes / l->size,
		      long_value(s->seed));
	mvg_emit_end(&w->batch);
}

static int check_long(struct mvg_guest *g, struct mvg_load *l,
		      struct load_slot *s)
{
	const __u32 *d = s->w.dst.cpu;
	const unsigned char *b = s->w.dst.cpu;
	__u32 want = long_value(s->seed);
	__u64 i;

	for (i = 0; i < l->size / 4; i++)
		if (d[i] != want)
			return mvg_fail(g, -EIO, "long fill: dword %llu is %#x, expected %#x",
					(unsigned long long)i, d[i], want);
	for (i = l->size; i < s->w.dst.size; i++)
		if (b[i] != LOAD_GUARD)
			return mvg_fail(g, -EIO, "long fill: wrote past its rows at byte %llu",
					(unsigned long long)i);
	return 0;
}

/* Fill @s's buffers for its next turn and queue depth batches. */
static int slot_start(struct mvg_guest *g, struct load_engine *le,
		      struct load_slot *s)
{
	struct mvg_load *l = le->l;
	unsigned int i;
	int ret;

	s->seed = le->next_seed++;
	if (l->long_bytes) {
		prepare_long(l, s);
	} else {
		s->op = l->op == MVG_LOAD_MIX ? (int)(s->seed % MVG_NUM_OPS) : l->op;
		mvg_work_prepare(&s->w, s->op, s->seed);
	}
	for (i = 0; i < l->depth; i++) {
		ret = mvg_submit(g, l->engine, &s->w.batch, &s->last);
		if (ret)
			return ret;
	}
	s->busy = true;
	s->since_ms = mono_ms();
	s->look_ms = s->since_ms + LOAD_STALL_MS;
	return 0;
}

/*
 * Work queued at @since_ms on engine @e is late: fail if the engine
 * faulted or it took too long.
 */
static int engine_late(struct mvg_guest *g, unsigned int e, double since_ms)
{
	struct mvg_engine_state st;

	if (mvg_engine_state(g, e, &st))
		return -EIO;
	if (st.status & MVGPU_ENG_STATUS_FAULTED)
		return mvg_fail(g, -EIO, "engine %u faulted: %s at %#llx", e,
				mvg_fault_name(st.fault_reason),
				(unsigned long long)st.fault_addr);
	if (mono_ms() - since_ms > LOAD_WAIT_MS)
		return mvg_fail(g, -ETIMEDOUT, "engine %u: work pending for over %d ms",
				e, LOAD_WAIT_MS);
	return 0;
}

/* A busy slot whose batches are done: check them.  1 when it was. */
static int slot_reap(struct mvg_guest *g, struct load_engine *le,
		     struct load_slot *s)
{
	struct mvg_load *l = le->l;
	char why[160];
	int ret;

	if (!s->busy)
		return 0;
	if (!mvg_done(g, l->engine, s->last)) {
		if (mono_ms() < s->look_ms)
			return 0;
		s->look_ms = mono_ms() + LOAD_STALL_MS;
		return engine_late(g, l->engine, s->since_ms);
	}
	s->busy = false;
	if (l->long_bytes) {
		ret = check_long(g, l, s);
	} else {
		ret = mvg_work_check(&s->w, s->op, s->seed, why, sizeof(why));
		if (ret)
			ret = mvg_fail(g, ret, "engine %u: %s", l->engine, why);
	}
	if (ret)
		return ret;
	l->batches += l->depth;
	l->bytes += l->depth * (l->long_bytes ? l->long_bytes : l->size);
	return 1;
}

static int load_setup(struct mvg_guest *g, struct load_engine *le,
		      struct mvg_load *loads, unsigned int nr)
{
	unsigned int i, k;
	int ret;

	for (i = 0; i < nr; i++) {
		struct mvg_load *l = &loads[i];

		if (!l->depth || !l->size || l->size % MVGPU_GTT_PAGE_SIZE ||
		    (l->long_bytes && l->long_bytes / l->size > 0xffffffffull))
			return mvg_fail(g, -EINVAL, "load %u: bad size or depth", i);
		if (!g->eng[l->engine].ready) {
			ret = mvg_engine_init(g, l->engine, 0);
			if (ret)
				return ret;
		}
		l->batches = 0;
		l->bytes = 0;
		le[i].l = l;
		le[i].next_seed = (__u32)time(NULL) * 131 + i * 7919;
		for (k = 0; k < 2; k++) {
			ret = mvg_work_init(g, &le[i].slot[k].w, l->size);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* One pass over the engines: reap what is done, queue its next turn. */
static int load_pass(struct mvg_guest *g, struct load_engine *le,
		     unsigned int nr, bool submit, bool *busy)
{
	unsigned int i, k;
	int ret;

	*busy = false;
	for (i = 0; i < nr; i++) {
		for (k = 0; k < 2; k++) {
			struct load_slot *s = &le[i].slot[k];

			ret = slot_reap(g, &le[i], s);
			if (ret < 0)
				return ret;
			if (!s->busy && submit) {
				ret = slot_start(g, &le[i], s);
				if (ret)
					return ret;
			}
			*busy |= s->busy;
		}
	}
	return 0;
}

int mvg_load_run(struct mvg_guest *g, struct mvg_load *loads, unsigned int nr,
		 double seconds, const int *stop)
{
	struct timespec nap = { 0, LOAD_NAP_NS };
	struct load_engine *le;
	double t0, end;
	unsigned int i;
	bool busy = true;
	int ret;

	le = calloc(nr, sizeof(*le));
	if (!le)
		return mvg_fail(g, -ENOMEM, "out of memory");
	ret = load_setup(g, le, loads, nr);
	t0 = mono_ms();
	end = t0 + seconds * 1e3;
	while (!ret && busy) {
		bool submit = mono_ms() < end && !(stop && __atomic_load_n(stop, __ATOMIC_RELAXED));

		ret = load_pass(g, le, nr, submit, &busy);
		if (!ret && busy)
			nanosleep(&nap, NULL);
	}
	for (i = 0; i < nr; i++)
		loads[i].seconds = (mono_ms() - t0) / 1e3;
	free(le);
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int mvg_latency_run(struct mvg_guest *g, unsigned int e, double seconds,
		    double interval_ms, double *lat, unsigned int max,
		    unsigned int *n)
{
	struct timespec nap = { 0, 20000 }, gap;
	struct mvg_buf dst;
	struct mvg_cmds c;
	double t0, end, look;
	__u32 seqno, *word;
	int ret;

	*n = 0;
	if (!g->eng[e].ready) {
		ret = mvg_engine_init(g, e, 0);
		if (ret)
			return ret;
	}
	ret = mvg_cmds_alloc(g, MVGPU_GTT_PAGE_SIZE, &c);
	ret = ret ?: mvg_alloc(g, MVGPU_GTT_PAGE_SIZE, &dst);
	if (ret)
		return ret;
	word = dst.cpu;
	gap.tv_sec = (time_t)(interval_ms / 1e3);
	gap.tv_nsec = (long)((interval_ms - gap.tv_sec * 1e3) * 1e6);
	end = mono_ms() + seconds * 1e3;
	while (*n < max && mono_ms() < end) {
		mvg_cmds_reset(&c);
		mvg_emit_store(&c, dst.va, *n + 1);
		mvg_emit_end(&c);
		t0 = mono_ms();
		look = t0 + LOAD_STALL_MS;
		ret = mvg_submit(g, e, &c, &seqno);
		while (!ret && !mvg_done(g, e, seqno)) {
			if (mono_ms() > look) {
				look += LOAD_STALL_MS;
				ret = engine_late(g, e, t0);
			}
			nanosleep(&nap, NULL);
		}
		if (ret)
			return ret;
		lat[(*n)++] = (mono_ms() - t0) * 1e3;
		if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != *n)
			return mvg_fail(g, -EIO, "probe %u: stored %u", *n, *word);
		nanosleep(&gap, NULL);
	}
	qsort(lat, *n, sizeof(*lat), cmp_double);
	return 0;
}
