// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu-guest bench: the same FILL, COPY and CRC32C workload (work.c),
 * every result checked, through one vGPU and natively through the render
 * node (tools/mvgpu-work's mvgpu_dev.c), per size; the throughput ratio,
 * and the trapped MMIO accesses per submitted batch (the vGPU's sysfs
 * mmio_traps counter): one batch at a time, with the MSI, and a stream of
 * batches on a busy engine with and without zero-trap submission
 * (VINFO_CAPS.TAIL_POLL).  Printed, never asserted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "mvgpu_dev.h"

#define MAX_SIZES	16
#define BENCH_BYTES	(256ull << 20)	/* per op, side and size, about */
#define IRQ_BATCHES	16
#define MAX_ROUNDS	64
#define BUSY_BATCHES	64
#define BUSY_SIZE	0x100000u	/* 1 MiB */

/* The render node's side: a fd and buffers in a struct mvg_work. */
struct native {
	int fd;
	struct mvgpu_batch batch;
	struct mvgpu_bo src, dst;
	struct mvg_work w;
};

static unsigned int iterations(__u64 size)
{
	__u64 n = BENCH_BYTES / size;

	return n < 5 ? 5 : n > MAX_ROUNDS ? MAX_ROUNDS : n;
}

static void as_buf(const struct mvgpu_bo *bo, struct mvg_buf *b)
{
	b->va = bo->va;
	b->cpu = bo->map;
	b->size = bo->size;
	b->iova = 0;
}

static void native_close(struct native *n)
{
	if (n->fd < 0)
		return;
	mvgpu_bo_destroy(n->fd, &n->dst);
	mvgpu_bo_destroy(n->fd, &n->src);
	mvgpu_bo_destroy(n->fd, &n->batch.bo);
	close(n->fd);
	n->fd = -1;
}

static int native_open(struct native *n, __u64 size)
{
	int ret;

	memset(n, 0, sizeof(*n));
	n->fd = mvgpu_open(NULL);
	if (n->fd < 0)
		return n->fd;
	ret = mvgpu_batch_create(n->fd, &n->batch);
	ret = ret ?: mvgpu_bo_create(n->fd, size, &n->src);
	ret = ret ?: mvgpu_bo_create(n->fd, size + MVGPU_GTT_PAGE_SIZE, &n->dst);
	if (ret) {
		native_close(n);
		return ret;
	}
	as_buf(&n->batch.bo, &n->w.batch.buf);
	as_buf(&n->src, &n->w.src);
	as_buf(&n->dst, &n->w.dst);
	n->w.size = size;
	return 0;
}

/* Seconds of one checked round of @op on the render node; < 0: failed. */
static double native_round(struct native *n, int engine, enum mvg_op op,
			   __u32 seed)
{
	__u32 handles[2] = { n->src.handle, n->dst.handle };
	char why[160];
	double t0, t;
	int ret;

	mvg_work_prepare(&n->w, op, seed);
	n->batch.dwords = n->w.batch.dwords;
	t0 = now_s();
	ret = mvgpu_submit(n->fd, engine, &n->batch, handles, 2, NULL);
	ret = ret ?: mvgpu_wait_bo(n->fd, n->dst.handle, WAIT_MS * 1000000LL);
	t = now_s() - t0;
	if (ret || mvg_work_check(&n->w, op, seed, why, sizeof(why))) {
		fprintf(stderr, "native %s: %s\n", mvg_op_name(op),
			ret ? strerror(-ret) : why);
		return -1;
	}
	return t;
}

/* Seconds of one checked round of @op through the vGPU; < 0: failed. */
static double vgpu_round(struct mvg_guest *g, int engine, struct mvg_work *w,
			 enum mvg_op op, __u32 seed)
{
	double t0, t;
	__u32 seqno;
	int ret;

	mvg_work_prepare(w, op, seed);
	t0 = now_s();
	ret = mvg_submit(g, engine, &w->batch, &seqno);
	ret = ret ?: mvg_wait(g, engine, seqno, WAIT_MS);
	t = now_s() - t0;
	if (ret || mvg_work_check(w, op, seed, g->err, sizeof(g->err))) {
		fprintf(stderr, "vGPU %s: %s\n", mvg_op_name(op), g->err);
		return -1;
	}
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* MiB/s of the median of @n rounds' times. */
static double median_rate(double *t, unsigned int n, __u64 size)
{
	qsort(t, n, sizeof(*t), cmp_double);
	return size / (n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2) / 1048576;
}

/*
 * MiB/s of the median of @iters rounds each way, the vGPU's and the render
 * node's in turn, each first every other round (after one warm-up round
 * each): this machine's other load hits both alike.  The vGPU's trapped
 * accesses into *traps.
 */
static int rates(struct mvg_guest *g, struct native *n, const struct opts *o,
		 struct mvg_work *w, enum mvg_op op, unsigned int iters,
		 double *v, double *nat, __u64 *traps)
{
	double tv[MAX_ROUNDS + 1], tn[MAX_ROUNDS + 1];
	__u64 before = 0, after = 0, sum = 0;
	unsigned int i, k;

	for (i = 0; i <= iters; i++) {
		for (k = 0; k < 2; k++) {
			if ((i + k) % 2 && o->native) {
				tn[i] = native_round(n, o->engine, op, i);
				if (tn[i] < 0)
					return -1;
				continue;
			}
			if ((i + k) % 2)
				continue;
			vgpu_counter(g->uuid, "mmio_traps", &before);
			tv[i] = vgpu_round(g, o->engine, w, op, i);
			vgpu_counter(g->uuid, "mmio_traps", &after);
			if (tv[i] < 0)
				return -1;
			sum += i ? after - before : 0;
		}
	}
	*traps += sum;
	/* Round 0 warmed up. */
	*v = median_rate(tv + 1, iters, w->size);
	*nat = o->native ? median_rate(tn + 1, iters, w->size) : 0;
	return 0;
}

static int parse_sizes(const char *list, __u64 *sizes)
{
	char buf[256], *tok, *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", list ? list : "4K,64K,1M,16M");
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_SIZES)
			return -1;
		sizes[n] = parse_size(tok);
		if (!sizes[n] || sizes[n] % 4)
			return -1;
		n++;
	}
	return n;
}

static void size_name(__u64 size, char *buf, size_t len)
{
	if (size % (1 << 20) == 0)
		snprintf(buf, len, "%llu MiB", (unsigned long long)size >> 20);
	else if (size % 1024 == 0)
		snprintf(buf, len, "%llu KiB", (unsigned long long)size >> 10);
	else
		snprintf(buf, len, "%llu B", (unsigned long long)size);
}

/*
 * Trapped accesses per batch when the guest sleeps until the MSI and its
 * handler acknowledges INT_STATUS, as a driver does.
 */
static double irq_traps(struct mvg_guest *g, int engine, struct mvg_work *w)
{
	__u64 before = 0, after = 0;
	unsigned int i;
	__u32 seqno;

	/* Start quiet: what the status-page waits left pending is handled. */
	if (mvg_wait_idle(g, engine, WAIT_MS) || eventfd_wait(g->msi_fd, 0) < 0)
		return -1;
	mvg_irq_handle(g);
	mvg_work_prepare(w, MVG_OP_FILL, 0);
	vgpu_counter(g->uuid, "mmio_traps", &before);
	for (i = 0; i < IRQ_BATCHES; i++) {
		if (mvg_submit(g, engine, &w->batch, &seqno) ||
		    eventfd_wait(g->msi_fd, WAIT_MS) != 1)
			return -1;
		mvg_irq_handle(g);
		if (!mvg_done(g, engine, seqno))
			return -1;
	}
	vgpu_counter(g->uuid, "mmio_traps", &after);
	return (double)(after - before) / IRQ_BATCHES;
}

/*
 * Trapped accesses per batch of a stream of BUSY_BATCHES FILLs submitted
 * back to back (the engine busy from the first on), the guest using
 * zero-trap submission or not; the result checked.  The first batch finds
 * the engine idle and traps either way.  < 0: failed.
 */
static double busy_traps(struct mvg_guest *g, int engine, struct mvg_work *w,
			 bool tail_poll)
{
	enum mvg_wait_mode mode = g->wait_mode;
	__u64 before = 0, after = 0;
	unsigned int i;
	__u32 seqno;
	int ret;

	g->tail_poll = tail_poll;
	if (mvg_engine_init(g, engine, 0))
		return -1;
	mvg_work_prepare(w, MVG_OP_FILL, 3);
	vgpu_counter(g->uuid, "mmio_traps", &before);
	for (i = 0; i < BUSY_BATCHES; i++) {
		if (mvg_submit(g, engine, &w->batch, &seqno))
			return -1;
	}
	vgpu_counter(g->uuid, "mmio_traps", &after);
	g->wait_mode = MVG_WAIT_POLL;
	ret = mvg_wait(g, engine, seqno, WAIT_MS);
	g->wait_mode = mode;
	if (ret || mvg_work_check(w, MVG_OP_FILL, 3, g->err, sizeof(g->err)))
		return -1;
	return (double)(after - before) / BUSY_BATCHES;
}

static void print_busy(struct mvg_guest *g, int engine)
{
	bool cap = g->vcaps & MVGPU_VCAP_TAIL_POLL;
	double on = -1, off;
	struct mvg_work w;

	if (mvg_work_init(g, &w, BUSY_SIZE)) {
		printf("busy stream: %s\n", g->err);
		return;
	}
	off = busy_traps(g, engine, &w, false);
	if (cap)
		on = busy_traps(g, engine, &w, true);
	g->tail_poll = cap;
	mvg_engine_init(g, engine, 0);
	printf("trapped MMIO accesses per batch, %d x %u KiB FILL back to back: ",
	       BUSY_BATCHES, BUSY_SIZE >> 10);
	if (off < 0 || (cap && on < 0)) {
		printf("failed: %s\n", g->err);
	} else if (!cap) {
		printf("%.3f (no VINFO_CAPS.TAIL_POLL)\n", off);
	} else {
		printf("%.3f with zero-trap submission, %.3f trapping every tail\n",
		       on, off);
		printf("  (the first batch finds the engine idle and traps: %.3f = 1/%d)\n",
		       1.0 / BUSY_BATCHES, BUSY_BATCHES);
	}
	mvg_free_from(g, &w.batch.buf);
}

static int bench_size(struct mvg_guest *g, const struct opts *o, __u64 size,
		      __u64 *traps, __u64 *batches)
{
	double v, nat = 0;
	struct native n = { .fd = -1 };
	struct mvg_work w;
	char name[32];
	int op, ret = 0;

	if (mvg_work_init(g, &w, size)) {
		fprintf(stderr, "vGPU: %s\n", g->err);
		return -1;
	}
	if (o->native && native_open(&n, size)) {
		fprintf(stderr, "render node: cannot open it or create %llu-byte BOs\n",
			(unsigned long long)size);
		ret = -1;
	}
	size_name(size, name, sizeof(name));
	for (op = 0; !ret && op < MVG_NUM_OPS; op++) {
		ret = rates(g, &n, o, &w, op, iterations(size), &v, &nat, traps);
		if (ret)
			break;
		*batches += iterations(size);
		if (o->native)
			printf("%-5s %8s %12.1f %12.1f %7.3f\n", mvg_op_name(op),
			       name, v, nat, v / nat);
		else
			printf("%-5s %8s %12.1f %12s %7s\n", mvg_op_name(op),
			       name, v, "-", "-");
	}
	native_close(&n);
	mvg_free_from(g, &w.batch.buf);
	return ret;
}

int bench_run(const struct opts *o)
{
	__u64 sizes[MAX_SIZES], max = 0, traps = 0, batches = 0;
	struct mvg_guest g;
	int i, count, ret = 0;
	double irq;

	count = parse_sizes(o->sizes, sizes);
	if (count <= 0) {
		fprintf(stderr, "mvgpu-guest: bad --sizes '%s'\n", o->sizes);
		return 2;
	}
	max = BUSY_SIZE;
	for (i = 0; i < count; i++)
		max = sizes[i] > max ? sizes[i] : max;
	if (mvg_open(&g, o->uuid, o->ram ? o->ram : 2 * max + (2u << 20)) ||
	    mvg_engine_init(&g, o->engine, 0)) {
		fprintf(stderr, "mvgpu-guest: %s\n", g.err);
		return 1;
	}
	g.wait_mode = o->irq ? MVG_WAIT_IRQ : MVG_WAIT_POLL;
	printf("vGPU %s, engine %d, completion: %s\n", o->uuid, o->engine,
	       o->irq ? "MSI" : "status page polled");
	printf("%-5s %8s %12s %12s %7s\n", "op", "size", "vGPU MiB/s",
	       "native MiB/s", "ratio");
	for (i = 0; !ret && i < count; i++)
		ret = bench_size(&g, o, sizes[i], &traps, &batches);
	if (!ret) {
		struct mvg_work w;

		irq = mvg_work_init(&g, &w, 4096) ? -1 : irq_traps(&g, o->engine, &w);
		printf("trapped MMIO accesses per batch: %.2f (the rounds above, one at a time), ",
		       batches ? (double)traps / batches : 0);
		if (irq < 0)
			printf("MSI wait failed: %s\n", g.err);
		else
			printf("%.2f (MSI wait, INT_STATUS acknowledged)\n", irq);
		print_busy(&g, o->engine);
	}
	mvg_close(&g);
	return ret ? 1 : 0;
}
