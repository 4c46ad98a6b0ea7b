// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmvguest: engines as the guest driver sees them.  Each engine gets a
 * ring and a status page; a submission writes commands into the ring, a
 * STORE_DWORD of its seqno to the status page and a USER_INTERRUPT, then
 * moves RING_TAIL (the doorbell).  Completion is the seqno in the status
 * page; the MSI eventfd says when to look.
 *
 * Zero-trap submission (VINFO_CAPS.TAIL_POLL, "Zero-trap submission" in
 * the manual): the status page is programmed with HWSP.TAIL_POLL; a
 * submission stores its tail at MVGPU_HWSP_TAIL, has a full barrier,
 * reads MVGPU_HWSP_POLL and traps (RING_TAIL) only when it reads 0.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define REG(e, r)	(MVGPU_ENGINE_BASE(e) + (r))
#define SLICE_MS	100	/* look at STATUS after this long without news */
#define CONTROL_MS	2000
#define RING_WAIT_MS	10000

static __u32 rd(struct mvg_guest *g, unsigned int off)
{
	return bar0_read32(&g->dev, off);
}

static int wr(struct mvg_guest *g, unsigned int off, __u32 val)
{
	int ret = bar0_write32(&g->dev, off, val);

	if (ret)
		return mvg_fail(g, ret, "BAR0 write of %#x at %#x: %s", val, off,
				strerror(-ret));
	return 0;
}

static __u32 hwsp_dword(const struct mvg_engine *eng, unsigned int off)
{
	return __atomic_load_n((__u32 *)((char *)eng->hwsp.cpu + off),
			       __ATOMIC_ACQUIRE);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Program the ring and status page registers and enable the ring. */
static int engine_program(struct mvg_guest *g, unsigned int e)
{
	struct mvg_engine *eng = &g->eng[e];
	int ret;

	/*
	 * The ring off first: the host stops reading the status page's TAIL
	 * (it may still poll it after the last run), which only then goes
	 * back to 0 with the rest of the page.  The other way round, the
	 * host could take the 0 for a new tail of the old ring.
	 */
	ret = wr(g, REG(e, MVGPU_ENG_RING_CTL), 0);
	if (ret)
		return ret;
	/* TAIL and POLL start at 0: the first submission traps. */
	memset(eng->hwsp.cpu, 0, eng->hwsp.size);
	eng->tail = 0;
	eng->seqno = 0;
	eng->tail_poll = g->tail_poll;
	g->events &= ~(MVGPU_EVENT_FAULT(e) | MVGPU_EVENT_PREEMPTED(e));
	ret = wr(g, REG(e, MVGPU_ENG_RING_BASE_LO), (__u32)eng->ring.va);
	ret = ret ?: wr(g, REG(e, MVGPU_ENG_RING_BASE_HI), eng->ring.va >> 32);
	ret = ret ?: wr(g, REG(e, MVGPU_ENG_RING_SIZE), eng->ring_size);
	ret = ret ?: wr(g, REG(e, MVGPU_ENG_HWSP_LO),
			(__u32)eng->hwsp.va | MVGPU_HWSP_ENABLE |
			(eng->tail_poll ? MVGPU_HWSP_TAIL_POLL : 0));
	ret = ret ?: wr(g, REG(e, MVGPU_ENG_HWSP_HI), eng->hwsp.va >> 32);
	ret = ret ?: wr(g, REG(e, MVGPU_ENG_RING_TAIL), 0);
	ret = ret ?: wr(g, REG(e, MVGPU_ENG_RING_CTL), MVGPU_RING_ENABLE);
	if (ret)
		return ret;
	g->int_enable |= MVGPU_INT_ENGINE_USER(e) | MVGPU_INT_ENGINE_EVENT;
	return wr(g, MVGPU_REG_INT_ENABLE, g->int_enable);
}

int mvg_engine_init(struct mvg_guest *g, unsigned int e, __u32 ring_size)
{
	struct mvg_engine *eng;
	int ret;

	if (e >= MVGPU_NUM_ENGINE_IDS || !(mvg_engine_mask(g) & (1u << e)))
		return mvg_fail(g, -ENODEV, "the vGPU has no engine %u (ENGINES %#x)",
				e, g->engines);
	eng = &g->eng[e];
	if (!eng->ready) {
		eng->ring_size = ring_size ? ring_size : MVG_RING_SIZE;
		ret = mvg_alloc(g, eng->ring_size, &eng->ring);
		ret = ret ?: mvg_alloc(g, MVGPU_GTT_PAGE_SIZE, &eng->hwsp);
		if (ret)
			return ret;
	}
	ret = engine_program(g, e);
	if (ret)
		return ret;
	eng->ready = true;
	return 0;
}

int mvg_engine_reset(struct mvg_guest *g, unsigned int e)
{
	double t0 = now_ms();
	struct timespec ts = { 0, 200000 };
	int ret;

	if (e >= MVGPU_NUM_ENGINE_IDS || !g->eng[e].ready)
		return mvg_fail(g, -EINVAL, "engine %u is not set up", e);
	ret = wr(g, REG(e, MVGPU_ENG_CONTROL), MVGPU_ENG_CTL_RESET);
	if (ret)
		return ret;
	while (rd(g, REG(e, MVGPU_ENG_CONTROL)) & MVGPU_ENG_CTL_RESET) {
		if (now_ms() - t0 > CONTROL_MS)
			return mvg_fail(g, -ETIMEDOUT, "engine %u: RESET not done after %d ms",
					e, CONTROL_MS);
		nanosleep(&ts, NULL);
	}
	/* Acknowledge the engine's events, then run from offset 0 again. */
	wr(g, MVGPU_REG_ENGINE_EVENTS,
	   MVGPU_EVENT_FAULT(e) | MVGPU_EVENT_PREEMPTED(e));
	return engine_program(g, e);
}

int mvg_reset(struct mvg_guest *g)
{
	unsigned int e;
	int ret;

	ret = wr(g, MVGPU_REG_RESET, MVGPU_RESET_FULL);
	ret = ret ?: mvg_remap_all(g);
	if (ret)
		return ret;
	g->int_enable = 0;
	g->events = 0;
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (g->eng[e].ready) {
			ret = engine_program(g, e);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int mvg_engine_state(struct mvg_guest *g, unsigned int e,
		     struct mvg_engine_state *st)
{
	memset(st, 0, sizeof(*st));
	if (e >= MVGPU_NUM_ENGINE_IDS)
		return mvg_fail(g, -EINVAL, "no engine %u", e);
	st->status = rd(g, REG(e, MVGPU_ENG_STATUS));
	st->fault_reason = rd(g, REG(e, MVGPU_ENG_FAULT_REASON));
	st->fault_addr = rd(g, REG(e, MVGPU_ENG_FAULT_ADDR_LO)) |
			 (__u64)rd(g, REG(e, MVGPU_ENG_FAULT_ADDR_HI)) << 32;
	st->ring_head = rd(g, REG(e, MVGPU_ENG_RING_HEAD));
	st->ring_tail = rd(g, REG(e, MVGPU_ENG_RING_TAIL));
	st->cmd_count = rd(g, REG(e, MVGPU_ENG_CMD_COUNT));
	if (g->eng[e].ready) {
		st->hwsp_head = hwsp_dword(&g->eng[e], MVGPU_HWSP_HEAD);
		st->hwsp_seqno = hwsp_dword(&g->eng[e], MVGPU_HWSP_SEQNO);
	}
	return 0;
}

bool mvg_done(struct mvg_guest *g, unsigned int e, __u32 seqno)
{
	return (__s32)(hwsp_dword(&g->eng[e], MVGPU_HWSP_SEQNO) - seqno) >= 0;
}

/* Free ring bytes: all of it once every seqno is done, else from the head. */
static __u32 ring_space(struct mvg_guest *g, unsigned int e)
{
	struct mvg_engine *eng = &g->eng[e];
	__u32 head;

	if (mvg_done(g, e, eng->seqno))
		return eng->ring_size - 4;
	head = hwsp_dword(eng, MVGPU_HWSP_HEAD) & (eng->ring_size - 1);
	return (head - eng->tail - 4) & (eng->ring_size - 1);
}

static int ring_room(struct mvg_guest *g, unsigned int e, __u32 bytes)
{
	struct timespec ts = { 0, 50000 };
	double t0 = now_ms();

	if (bytes > g->eng[e].ring_size - 4)
		return mvg_fail(g, -E2BIG, "%u bytes do not fit a ring of %u",
				bytes, g->eng[e].ring_size);
	while (ring_space(g, e) < bytes) {
		if (now_ms() - t0 > RING_WAIT_MS)
			return mvg_fail(g, -EBUSY, "engine %u: ring full for %d ms",
					e, RING_WAIT_MS);
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void ring_put(struct mvg_engine *eng, const __u32 *dw, unsigned int n)
{
	__u32 *ring = eng->ring.cpu;
	unsigned int i;

	for (i = 0; i < n; i++) {
		ring[eng->tail / 4] = dw[i];
		eng->tail = (eng->tail + 4) & (eng->ring_size - 1);
	}
}

/*
 * Publish the tail in the status page; trap only when the host does not
 * poll it.  Store, full barrier, load: the host stores POLL = 0, has a
 * full barrier and loads TAIL, so one of the two sees the other's store.
 */
static int doorbell(struct mvg_guest *g, unsigned int e)
{
	struct mvg_engine *eng = &g->eng[e];
	__u32 *tail, *poll;

	if (eng->tail_poll) {
		tail = (__u32 *)((char *)eng->hwsp.cpu + MVGPU_HWSP_TAIL);
		poll = (__u32 *)((char *)eng->hwsp.cpu + MVGPU_HWSP_POLL);
		__atomic_store_n(tail, eng->tail, __ATOMIC_SEQ_CST);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (__atomic_load_n(poll, __ATOMIC_SEQ_CST)) {
			eng->published++;
			return 0;
		}
	}
	eng->doorbells++;
	return wr(g, REG(e, MVGPU_ENG_RING_TAIL), eng->tail);
}

int mvg_submit_ring(struct mvg_guest *g, unsigned int e, const __u32 *dw,
		    unsigned int n, __u32 *seqno)
{
	struct mvg_engine *eng = &g->eng[e];
	__u64 va;
	__u32 tailcmds[5];
	int ret;

	if (e >= MVGPU_NUM_ENGINE_IDS || !eng->ready)
		return mvg_fail(g, -EINVAL, "engine %u is not set up", e);
	ret = ring_room(g, e, (n + 5) * 4);
	if (ret)
		return ret;
	va = eng->hwsp.va + MVGPU_HWSP_SEQNO;
	tailcmds[0] = MVGPU_CMD(MVGPU_OP_STORE_DWORD, 0, 4);
	tailcmds[1] = (__u32)va;
	tailcmds[2] = va >> 32;
	tailcmds[3] = eng->seqno + 1;
	tailcmds[4] = MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1);
	ring_put(eng, dw, n);
	ring_put(eng, tailcmds, 5);
	eng->seqno++;
	if (seqno)
		*seqno = eng->seqno;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	eng->submit_ms = now_ms();
	return doorbell(g, e);
}

int mvg_submit(struct mvg_guest *g, unsigned int e,
	       const struct mvg_cmds *batch, __u32 *seqno)
{
	const __u32 dw[] = {
		MVGPU_CMD(MVGPU_OP_BATCH_START, 0, 3), (__u32)batch->buf.va,
		batch->buf.va >> 32,
	};

	if (batch->overflow)
		return mvg_fail(g, -E2BIG, "the batch overflowed its %llu bytes",
				(unsigned long long)batch->buf.size);
	return mvg_submit_ring(g, e, dw, 3, seqno);
}

int mvg_wait_idle(struct mvg_guest *g, unsigned int e, int timeout_ms)
{
	struct timespec ts = { 0, 200000 };
	struct mvg_engine_state st;
	double t0 = now_ms();

	if (e >= MVGPU_NUM_ENGINE_IDS || !g->eng[e].ready)
		return mvg_fail(g, -EINVAL, "engine %u is not set up", e);
	for (;;) {
		mvg_engine_state(g, e, &st);
		if (st.status & MVGPU_ENG_STATUS_FAULTED)
			return mvg_fail(g, -EIO, "engine %u faulted: %s at %#llx", e,
					mvg_fault_name(st.fault_reason),
					(unsigned long long)st.fault_addr);
		if (!(st.status & MVGPU_ENG_STATUS_BUSY) &&
		    st.ring_head == g->eng[e].tail && st.hwsp_head == g->eng[e].tail)
			return 0;
		if (now_ms() - t0 > timeout_ms)
			return mvg_fail(g, -ETIMEDOUT,
					"engine %u not idle: STATUS %#x, head %#x, status page %#x, tail %#x",
					e, st.status, st.ring_head, st.hwsp_head,
					g->eng[e].tail);
		nanosleep(&ts, NULL);
	}
}

/* The interrupt handler: ENGINE_EVENTS first, then INT_STATUS. */
__u32 mvg_irq_handle(struct mvg_guest *g)
{
	__u32 st = rd(g, MVGPU_REG_INT_STATUS), ev, ret = st;

	if (st & MVGPU_INT_ENGINE_EVENT) {
		ev = rd(g, MVGPU_REG_ENGINE_EVENTS);
		if (ev)
			wr(g, MVGPU_REG_ENGINE_EVENTS, ev);
		g->events |= ev;
	}
	st &= ~MVGPU_INT_ENGINE_EVENT;
	if (st)
		wr(g, MVGPU_REG_INT_STATUS, st);
	return ret;
}

static void sleep_ms(double ms)
{
	struct timespec ts = { 0, (long)(ms * 1e6) };

	if (ms >= 1000) {
		ts.tv_sec = (time_t)(ms / 1000);
		ts.tv_nsec = (long)((ms - ts.tv_sec * 1000.0) * 1e6);
	}
	nanosleep(&ts, NULL);
}

/* Hybrid polling: most of the usual wait asleep, then short looks. */
static void poll_nap(struct mvg_engine *eng, bool first)
{
	double since = now_ms() - eng->submit_ms, nap = eng->avg_ms / 32;

	if (first && eng->avg_ms / 2 > since)
		sleep_ms(eng->avg_ms / 2 - since);
	else
		sleep_ms(nap < 0.01 ? 0.01 : nap);
}

/* The engine's doorbell-to-seqno average, after @seqno was seen done. */
static void account(struct mvg_engine *eng, __u32 seqno)
{
	double t = now_ms() - eng->submit_ms;

	if (seqno != eng->seqno)
		return;		/* an older one: its time is unknown */
	eng->avg_ms = eng->avg_ms ? 0.75 * eng->avg_ms + 0.25 * t : t;
}

/* Wait up to @ms for news: 1 there may be some, 0 none, or an error. */
static int wait_news(struct mvg_guest *g, unsigned int e, __u32 seqno, int ms)
{
	bool first = true;
	double t0;
	int ret;

	if (g->wait_mode == MVG_WAIT_IRQ) {
		ret = eventfd_wait(g->msi_fd, ms);
		if (ret > 0) {
			g->irqs++;
			mvg_irq_handle(g);
		}
		return ret;
	}
	for (t0 = now_ms(); now_ms() - t0 < ms; first = false) {
		if (mvg_done(g, e, seqno))
			return 1;
		poll_nap(&g->eng[e], first);
	}
	return 0;
}

int mvg_wait(struct mvg_guest *g, unsigned int e, __u32 seqno,
	     int timeout_ms)
{
	double t0 = now_ms(), left;
	int ret, slice;

	if (e >= MVGPU_NUM_ENGINE_IDS || !g->eng[e].ready)
		return mvg_fail(g, -EINVAL, "engine %u is not set up", e);
	for (;;) {
		if (mvg_done(g, e, seqno)) {
			account(&g->eng[e], seqno);
			return 0;
		}
		if (g->events & MVGPU_EVENT_FAULT(e)) {
			struct mvg_engine_state st;

			mvg_engine_state(g, e, &st);
			return mvg_fail(g, -EIO, "engine %u: %s at %#llx, STATUS %#x, seqno %u/%u",
					e, mvg_fault_name(st.fault_reason),
					(unsigned long long)st.fault_addr,
					st.status, st.hwsp_seqno, seqno);
		}
		left = timeout_ms < 0 ? SLICE_MS : timeout_ms - (now_ms() - t0);
		if (left <= 0)
			return mvg_fail(g, -ETIMEDOUT, "engine %u: seqno %u not done after %d ms",
					e, seqno, timeout_ms);
		slice = left < SLICE_MS ? (int)left + 1 : SLICE_MS;
		ret = wait_news(g, e, seqno, slice);
		if (ret < 0)
			return mvg_fail(g, ret, "waiting for the MSI: %s",
					strerror(-ret));
		/* No news for a while: a lost or masked interrupt, or a fault. */
		if (!ret && !mvg_done(g, e, seqno) &&
		    (rd(g, REG(e, MVGPU_ENG_STATUS)) & MVGPU_ENG_STATUS_FAULTED))
			g->events |= MVGPU_EVENT_FAULT(e);
	}
}
