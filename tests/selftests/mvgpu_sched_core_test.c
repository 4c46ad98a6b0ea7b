// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core scheduler seen from outside (Documentation/scheduler.rst): the
 * GPU's sched/ sysfs group (slice length, switch cost, utilization), the
 * debugfs state, the tracepoints under events/mvgpu (present, and firing
 * for submit, sched_in/out, complete, preempt, reset and audit_reject),
 * and preemption inside a long batch: while a 1 GiB-class FILL runs,
 * another client's submission takes it off the engine within a bound set
 * by the slice and the chunk size, not by the FILL's length.
 *
 * Render-node clients only (the vGPU shares are mvgpu_sched_test.c's).
 * Needs the modules loaded (run.sh), root, tracefs and debugfs.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "drm_client.h"

#define GPU_DIR		"/sys/bus/mvgpu/devices/" MVGPU_GPU0 "/sched/"
#define TRACING		"/sys/kernel/tracing/"
#define EVENTS		TRACING "events/mvgpu/"
#define STATE		"/sys/kernel/debug/mvgpu_sched/" MVGPU_GPU0 "/state"
#define ENGINE		MVGPU_ENGINE_COPY(0)

static const char *const events[] = {
	"mvgpu_submit", "mvgpu_sched_in", "mvgpu_sched_out", "mvgpu_complete",
	"mvgpu_preempt", "mvgpu_reset", "mvgpu_audit_reject",
	"mvgpu_throttle",
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * SEC_NS + ts.tv_nsec;
}

/* The trace buffer, whole, NUL-terminated; NULL on error. */
static char *trace_read(void)
{
	size_t len = 0, cap = 1 << 20;
	char *buf = malloc(cap), *nbuf;
	ssize_t n;
	int fd;

	fd = open(TRACING "trace", O_RDONLY);
	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		if (cap - len < 65536) {
			nbuf = realloc(buf, cap * 2);
			if (!nbuf)
				break;
			buf = nbuf;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = 0;
	return buf;
}

static int trace_start(void)
{
	int fd, ret = sysfs_write(TRACING "tracing_on", "0");

	if (!ret)
		ret = sysfs_write(TRACING "buffer_size_kb", "8192");
	/* Opening "trace" with O_TRUNC empties the buffer. */
	fd = open(TRACING "trace", O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	close(fd);
	if (!ret)
		ret = sysfs_write(EVENTS "enable", "1");
	if (!ret)
		ret = sysfs_write(TRACING "tracing_on", "1");
	return ret;
}

static void trace_stop(void)
{
	sysfs_write(TRACING "tracing_on", "0");
	sysfs_write(EVENTS "enable", "0");
}

/* One event of the trace: its time (us), name, ctx and a field. */
struct ev {
	int64_t us;
	char name[32];
	unsigned int ctx;
	char *line;
};

/* Parses the line at @p; returns the next line or NULL at the end. */
static char *ev_next(char *p, struct ev *e)
{
	char *end = strchr(p, '\n'), *c, *name;
	unsigned long s, us;

	if (end)
		*end = 0;
	memset(e, 0, sizeof(*e));
	e->line = p;
	name = strstr(p, ": mvgpu_");
	if (p[0] != '#' && name) {
		/* "... [cpu] flags  123.456789: mvgpu_x: ..." */
		c = name;
		while (c > p && c[-1] != ' ')
			c--;
		if (sscanf(c, "%lu.%lu", &s, &us) == 2)
			e->us = (int64_t)s * 1000000 + us;
		if (sscanf(name + 2, "%31[a-z_]", e->name) != 1)
			e->name[0] = 0;
		c = strstr(name, " ctx=");
		if (c)
			e->ctx = strtoul(c + 5, NULL, 10);
	}
	return end ? end + 1 : NULL;
}

static int count_events(char *trace, const char *name)
{
	char *p = trace, *copy = strdup(trace);
	struct ev e;
	int n = 0;

	if (!copy)
		return -1;
	for (p = copy; p; ) {
		p = ev_next(p, &e);
		if (!strcmp(e.name, name))
			n++;
	}
	free(copy);
	return n;
}

FIXTURE(sched) {
	struct client c;
};

FIXTURE_SETUP(sched)
{
	self->c.fd = -1;
	if (geteuid())
		SETUP_SKIP("needs root");
	if (client_open(&self->c, BO_SIZE)) {
		client_close(&self->c);
		SETUP_SKIP("no mvgpu render node (modules loaded by run.sh?)");
	}
	/* tracefs: mounted by hand in the test VM. */
	if (access(TRACING "trace", F_OK))
		ASSERT_EQ(0, mount("nodev", TRACING, "tracefs", 0, NULL))
			TH_LOG("cannot mount tracefs: %s", strerror(errno));
}

FIXTURE_TEARDOWN(sched)
{
	trace_stop();
	sysfs_write(GPU_DIR "slice_us", "2000");
	set_param("hangcheck", "Y");
	set_param("debug_inject_faults", "N");
	set_param("render_cap", "0");
	client_close(&self->c);
}

/* sched/slice_us: the default, validated, per GPU. */
TEST_F(sched, slice_us_attribute)
{
	u64 v;

	ASSERT_EQ(0, sysfs_read_u64(GPU_DIR "slice_us", &v));
	EXPECT_EQ(2000, v);
	EXPECT_EQ(-EINVAL, sysfs_write(GPU_DIR "slice_us", "0"));
	EXPECT_EQ(-EINVAL, sysfs_write(GPU_DIR "slice_us", "100001"));
	EXPECT_EQ(-EINVAL, sysfs_write(GPU_DIR "slice_us", "fast"));
	ASSERT_EQ(0, sysfs_read_u64(GPU_DIR "slice_us", &v));
	EXPECT_EQ(2000, v);
	ASSERT_EQ(0, sysfs_write(GPU_DIR "slice_us", "3500"));
	ASSERT_EQ(0, sysfs_read_u64(GPU_DIR "slice_us", &v));
	EXPECT_EQ(3500, v);
	/* Work still runs with the new slice. */
	EXPECT_EQ(0, client_round(&self->c, ENGINE, 0x51));
}

/* Utilization and busy time per engine; switch cost; the debugfs state. */
TEST_F(sched, utilization_and_state)
{
	char path[128], buf[256];
	u64 busy0, busy1, sw;
	struct stat st;
	double pct;
	FILE *f;
	int i, found = 0;

	snprintf(path, sizeof(path), GPU_DIR "engine%d_busy_ns", ENGINE);
	ASSERT_EQ(0, sysfs_read_u64(path, &busy0));
	snprintf(path, sizeof(path), GPU_DIR "engine%d_busy_pct", ENGINE);
	ASSERT_EQ(0, sysfs_read(path, buf, sizeof(buf)));
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, client_round(&self->c, ENGINE, 0x60 + i));
	snprintf(path, sizeof(path), GPU_DIR "engine%d_busy_ns", ENGINE);
	ASSERT_EQ(0, sysfs_read_u64(path, &busy1));
	EXPECT_LT(busy0, busy1);
	sleep(1);
	snprintf(path, sizeof(path), GPU_DIR "engine%d_busy_pct", ENGINE);
	ASSERT_EQ(0, sysfs_read(path, buf, sizeof(buf)));
	pct = strtod(buf, NULL);
	EXPECT_GT(pct, 0.0);
	EXPECT_LE(pct, 100.0);
	TH_LOG("engine %d: %.1f %% busy over the last window", ENGINE, pct);
	/* An engine the GPU does not have has no files. */
	EXPECT_NE(0, access(GPU_DIR "engine15_busy_ns", F_OK));
	ASSERT_EQ(0, sysfs_read_u64(GPU_DIR "switch_ns", &sw));
	TH_LOG("mean switch (out + in): %llu ns", (unsigned long long)sw);
	f = fopen(STATE, "r");
	ASSERT_NE(NULL, f) TH_LOG("no %s", STATE);
	while (fgets(buf, sizeof(buf), f))
		if (!strncmp(buf, "engine ", 7) || strstr(buf, " vruntime "))
			found++;
	fclose(f);
	EXPECT_LE(2, found);
	ASSERT_EQ(0, stat(STATE, &st));
	EXPECT_EQ(0400, st.st_mode & 0777);
}

/* Every tracepoint is in tracefs. */
TEST_F(sched, tracepoints_exist)
{
	char path[160];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(events); i++) {
		snprintf(path, sizeof(path), EVENTS "%s/format", events[i]);
		EXPECT_EQ(0, access(path, R_OK)) TH_LOG("no %s", path);
	}
}

/* Work, an audit refusal and a fault each leave their events. */
TEST_F_TIMEOUT(sched, tracepoints_fire, 60)
{
	struct client b;
	char *trace;
	unsigned int i;

	ASSERT_EQ(0, trace_start());
	ASSERT_EQ(0, client_open(&b, BO_SIZE));
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0, client_round(&self->c, ENGINE, 0x70 + i));
		EXPECT_EQ(0, client_round(&b, ENGINE, 0x80 + i));
	}
	/* Refused by the audit: a FILL past the end of its BO. */
	mvgpu_batch_reset(&b.batch);
	mvgpu_emit_fill(&b.batch, b.dst.va, 4096, 4096, b.dst.size / 4096 + 1, 0);
	mvgpu_emit_end(&b.batch);
	EXPECT_EQ(-EACCES, mvgpu_submit(b.fd, ENGINE, &b.batch, &b.dst.handle,
					1, NULL));
	/* A fault: ARB_CHECK with debug_inject_faults. */
	ASSERT_EQ(0, set_param("debug_inject_faults", "Y"));
	{
		u32 arb = MVGPU_CMD(MVGPU_OP_ARB_CHECK, 0, 1);

		mvgpu_batch_reset(&b.batch);
		mvgpu_batch_emit(&b.batch, &arb, 1);
		mvgpu_emit_end(&b.batch);
		EXPECT_EQ(0, mvgpu_submit(b.fd, ENGINE, &b.batch,
					  &b.dst.handle, 1, NULL));
		EXPECT_EQ(-EIO, mvgpu_wait_bo(b.fd, b.dst.handle, WAIT_NS));
	}
	set_param("debug_inject_faults", "N");
	EXPECT_EQ(0, client_round(&b, ENGINE, 0x90));
	client_close(&b);
	trace_stop();
	trace = trace_read();
	ASSERT_NE(NULL, trace);
	for (i = 0; i < ARRAY_SIZE(events); i++) {
		int n = count_events(trace, events[i]);

		TH_LOG("%s: %d", events[i], n);
		if (strcmp(events[i], "mvgpu_preempt") &&
		    strcmp(events[i], "mvgpu_throttle"))
			EXPECT_LT(0, n) TH_LOG("%s never fired", events[i]);
	}
	free(trace);
}

/* The engine's switch-out and switch-in sums (ns) and counts, from debugfs. */
static int switch_sums(u64 *out, u64 *outs, u64 *in, u64 *ins)
{
	unsigned long long o, i, no, ni;
	char line[256], want[32];
	int found = 0;
	FILE *f;

	f = fopen(STATE, "r");
	if (!f)
		return -errno;
	snprintf(want, sizeof(want), "engine %d:", ENGINE);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, want, strlen(want)))
			found = 1;
		else if (found == 1 &&
			 sscanf(line, " switch_out_ns %llu switch_in_ns %llu (means of %llu, %llu)",
				&o, &i, &no, &ni) == 4)
			found = 2;
		if (found == 2)
			break;
	}
	fclose(f);
	if (found != 2)
		return -ENOENT;
	*out = o * no;
	*outs = no;
	*in = i * ni;
	*ins = ni;
	return 0;
}

/*
 * The cost of a switch between contexts with nothing in flight: two
 * clients take turns with a one-STORE batch, each turn a switch out and
 * in.  Printed (Documentation/scheduler.rst quotes it), not asserted.
 */
TEST_F_TIMEOUT(sched, switch_cost, 120)
{
	u64 out0, outs0, in0, ins0, out1, outs1, in1, ins1;
	struct client b, *c[2] = { &self->c, &b };
	unsigned int i;

	ASSERT_EQ(0, client_open(&b, BO_SIZE));
	ASSERT_EQ(0, switch_sums(&out0, &outs0, &in0, &ins0));
	for (i = 0; i < 200; i++) {
		struct client *x = c[i & 1];

		mvgpu_batch_reset(&x->batch);
		emit_store(&x->batch, x->dst.va, i);
		mvgpu_emit_end(&x->batch);
		ASSERT_EQ(0, mvgpu_submit(x->fd, ENGINE, &x->batch,
					  &x->dst.handle, 1, NULL));
		ASSERT_EQ(0, mvgpu_wait_bo(x->fd, x->dst.handle, WAIT_NS));
		EXPECT_EQ(i, ((u32 *)x->dst.map)[0]);
	}
	ASSERT_EQ(0, switch_sums(&out1, &outs1, &in1, &ins1));
	client_close(&b);
	ASSERT_LT(outs0, outs1);
	ASSERT_LT(ins0, ins1);
	TH_LOG("idle switch: out %llu us, in %llu us (means of %llu and %llu)",
	       (unsigned long long)((out1 - out0) / (outs1 - outs0) / 1000),
	       (unsigned long long)((in1 - in0) / (ins1 - ins0) / 1000),
	       (unsigned long long)(outs1 - outs0),
	       (unsigned long long)(ins1 - ins0));
}

/* FILLs of one 64 KiB row over and over (pitch 0): @rows rows each. */
static void emit_long_fill(struct mvgpu_batch *b, const struct mvgpu_bo *bo,
			   unsigned int fills, u32 rows, u32 value)
{
	unsigned int i;

	mvgpu_batch_reset(b);
	for (i = 0; i < fills; i++)
		mvgpu_emit_fill(b, bo->va, 0, 64 << 10, rows, value);
	mvgpu_emit_end(b);
}

/*
 * While A's long FILL (1 GiB each, as many as last 2 s or more) runs, B's
 * submission takes A off the engine within the slice plus a chunk: the
 * trace's mvgpu_submit of B to mvgpu_sched_out of A (preempted) is bounded
 * (100 ms, generous on a loaded host, against a FILL of seconds), and B's
 * job completes while A's still runs.
 */
TEST_F_TIMEOUT(sched, long_fill_preempted_within_slice, 180)
{
	int64_t start, calib, a_done, b_us = 0, out_us = 0;
	unsigned int fills, a_ctx = 0, b_ctx = 0, preempts = 0;
	u32 seqno, rows = 16384, *row = self->c.dst.map;
	struct client b;
	char *trace, *p;
	struct ev e;
	unsigned int i;

	ASSERT_EQ(0, set_param("hangcheck", "N"));
	/* Calibrate: one 1 GiB FILL (16384 rows of 64 KiB). */
	emit_long_fill(&self->c.batch, &self->c.dst, 1, rows, 1);
	start = now_ns();
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, ENGINE, &self->c.batch,
				  &self->c.dst.handle, 1, &seqno));
	ASSERT_EQ(0, mvgpu_wait_seqno(self->c.fd, ENGINE, seqno, 120 * SEC_NS));
	calib = now_ns() - start;
	fills = (unsigned int)(2 * SEC_NS / (calib ? calib : 1)) + 1;
	if (fills > 32)
		fills = 32;
	TH_LOG("1 GiB FILL alone: %lld ms; A runs %u of them",
	       (long long)calib / 1000000, fills);

	ASSERT_EQ(0, client_open(&b, BO_SIZE));
	ASSERT_EQ(0, trace_start());
	emit_long_fill(&self->c.batch, &self->c.dst, fills, rows, 0x5a5a5a5a);
	start = now_ns();
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, ENGINE, &self->c.batch,
				  &self->c.dst.handle, 1, &seqno));
	usleep(50000);
	EXPECT_EQ(0, client_round(&b, ENGINE, 0x77));
	TH_LOG("B's job done %lld ms after A's submission",
	       (long long)(now_ns() - start) / 1000000);
	EXPECT_EQ(-ETIMEDOUT, mvgpu_wait_seqno(self->c.fd, ENGINE, seqno, 0))
		TH_LOG("A's FILL ended before B's short job: not preempted?");
	EXPECT_EQ(0, mvgpu_wait_seqno(self->c.fd, ENGINE, seqno, 120 * SEC_NS));
	a_done = now_ns() - start;
	TH_LOG("A's FILL done after %lld ms", (long long)a_done / 1000000);
	trace_stop();
	for (i = 0; i < (64 << 10) / 4; i++)
		if (row[i] != 0x5a5a5a5a)
			break;
	EXPECT_EQ((64 << 10) / 4, i);
	client_close(&b);

	trace = trace_read();
	ASSERT_NE(NULL, trace);
	for (p = trace, i = 0; p; ) {
		p = ev_next(p, &e);
		if (e.name[0] && i++ < 20)
			TH_LOG("%s", e.line);
		if (!strcmp(e.name, "mvgpu_submit")) {
			if (!a_ctx) {
				a_ctx = e.ctx;
			} else if (e.ctx != a_ctx && !b_us) {
				b_ctx = e.ctx;
				b_us = e.us;
			}
		}
		if (!strcmp(e.name, "mvgpu_sched_out") && e.ctx == a_ctx &&
		    strstr(e.line, "preempted=1")) {
			preempts++;
			if (b_us && !out_us)
				out_us = e.us;
		}
	}
	free(trace);
	ASSERT_NE(0, a_ctx);
	ASSERT_NE(0, b_ctx);
	ASSERT_NE(0, out_us) TH_LOG("A was never preempted for B");
	TH_LOG("A preempted %lld us after B's submission (slice 2000 us); %u preemptions of A",
	       (long long)(out_us - b_us), preempts);
	EXPECT_LT(out_us - b_us, 100000);
}

static u64 engine_busy_ns(void)
{
	char path[128];
	u64 v = 0;

	snprintf(path, sizeof(path), GPU_DIR "engine%d_busy_ns", ENGINE);
	sysfs_read_u64(path, &v);
	return v;
}

/*
 * A cap holds for a client alone on its engine: a render client capped at
 * 20 % (render_cap) runs a FILL that takes T alone; it gets 20 % of the
 * engine's time (engine time over wall time, 10-30 % accepted on a loaded
 * host), takes about 5 T, and the engine idles in between (the cap timer,
 * mvgpu_throttle events).
 */
TEST_F_TIMEOUT(sched, cap_holds_alone, 180)
{
	u64 busy0, busy1;
	int64_t start, calib, wall;
	u32 seqno, rows = 4096;
	struct client b;
	double share;
	char *trace;
	int n;

	ASSERT_EQ(0, set_param("hangcheck", "N"));
	/* Calibrate, uncapped: 256 MiB of FILL, repeated to last 0.5 s. */
	emit_long_fill(&self->c.batch, &self->c.dst, 1, rows, 1);
	start = now_ns();
	ASSERT_EQ(0, mvgpu_submit(self->c.fd, ENGINE, &self->c.batch,
				  &self->c.dst.handle, 1, &seqno));
	ASSERT_EQ(0, mvgpu_wait_seqno(self->c.fd, ENGINE, seqno, 120 * SEC_NS));
	calib = now_ns() - start;
	if (calib < SEC_NS / 2)
		rows = (u32)(rows * (SEC_NS / 2) / (calib ? calib : 1));
	if (rows > 65536)
		rows = 65536;

	ASSERT_EQ(0, set_param("render_cap", "20"));
	ASSERT_EQ(0, client_open(&b, BO_SIZE));
	ASSERT_EQ(0, trace_start());
	emit_long_fill(&b.batch, &b.dst, 1, rows, 0x33);
	busy0 = engine_busy_ns();
	start = now_ns();
	ASSERT_EQ(0, mvgpu_submit(b.fd, ENGINE, &b.batch, &b.dst.handle, 1,
				  &seqno));
	ASSERT_EQ(0, mvgpu_wait_seqno(b.fd, ENGINE, seqno, 150 * SEC_NS));
	wall = now_ns() - start;
	busy1 = engine_busy_ns();
	trace_stop();
	EXPECT_EQ(0x33, ((u32 *)b.dst.map)[0]);
	client_close(&b);
	share = (double)(busy1 - busy0) / (double)wall;
	TH_LOG("capped at 20 %%: engine time %.1f %% of %lld ms (%u rows of 64 KiB)",
	       share * 100, (long long)wall / 1000000, rows);
	EXPECT_LE(share, 0.30);
	EXPECT_GE(share, 0.10);
	trace = trace_read();
	ASSERT_NE(NULL, trace);
	n = count_events(trace, "mvgpu_throttle");
	free(trace);
	TH_LOG("mvgpu_throttle: %d", n);
	EXPECT_LT(0, n);
}

TEST_HARNESS_MAIN
