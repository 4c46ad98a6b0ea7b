// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler as an admin sees it: vGPUs kept busy by userspace guests
 * (libmvguest's load generator, every result checked) share an engine in
 * the ratio of their mvgpu/weight, beside a render-node client; a vGPU
 * with an mvgpu/cap never gets more, even alone; a weight changed while
 * they run shifts the shares.  Shares are engine time, from each vGPU's
 * copy0_busy_ns: what the scheduler controls, so the tolerances are
 * generous but the assertions hold on a loaded machine.  Also: the
 * attributes refuse bad values and keep the old ones.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "drm_client.h"
#include "guest_test.h"
#include "load.h"

#define MAX_VGPUS	4
#define LOAD_SIZE	(1024 * 1024u)	/* bytes per FILL batch */
#define LOAD_DEPTH	16		/* batches queued per turn */
#define READY_MS	60000		/* until every guest has submitted */
#define WARMUP_MS	1000
#define MEASURE_MS	4000
#define SHARE_TOL	0.10		/* absolute, of the engine */
#define BUSY_ATTR	"copy0_busy_ns"
/*
 * The GPU's time slice during the tests.  A context switch costs
 * milliseconds in a TCG VM on a loaded host (sched/switch_ns), and the
 * scheduler charges a context the wall time it holds the engine, switches
 * included: with slices shorter than the switch, busy time would follow
 * the switches rather than the weights.
 */
#define SLICE_ATTR	MDEV_BUS_DIR "/" MVGPU_GPU0 "/sched/slice_us"
#define TEST_SLICE_US	"50000"

static int stop;	/* set by the signal handler (atomic) */

static void on_term(int sig)
{
	__atomic_store_n(&stop, sig, __ATOMIC_RELAXED);
}

/* A vGPU, the VMM process that loads it, and its busy time samples. */
struct svgpu {
	char uuid[UUID_LEN];
	pid_t pid;
	unsigned int weight, cap;
	u64 busy[2];
	double share;		/* of the vGPUs' engine time, or of the wall */
};

struct sched_run {
	struct svgpu v[MAX_VGPUS];
	unsigned int nr;
	pid_t render;		/* a render-node client, or 0 */
	double wall_ns;
};

/* A VMM: keeps engine 0 busy with checked FILL batches until SIGTERM. */
static void load_child(const char *uuid)
{
	struct mvg_load l = {
		.engine = ENGINE0, .op = MVG_OP_FILL, .size = LOAD_SIZE,
		.depth = LOAD_DEPTH,
	};
	struct mvg_guest g;
	int ret;

	signal(SIGTERM, on_term);
	if (mvg_open(&g, uuid, mvg_load_ram(1, LOAD_SIZE) + (1u << 20))) {
		fprintf(stderr, "# %s: %s\n", uuid, g.err);
		_exit(10);
	}
	ret = mvg_load_run(&g, &l, 1, 3600, &stop);
	if (ret)
		fprintf(stderr, "# %s: %s\n", uuid, g.err);
	mvg_close(&g);
	_exit(ret ? 11 : 0);
}

/* A render-node client: checked rounds on engine 0 until SIGTERM. */
static void render_child(void)
{
	struct client c;
	u32 seed = 0x5eed;
	int ret;

	signal(SIGTERM, on_term);
	if (client_open(&c, BO_SIZE))
		_exit(10);
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		ret = client_round(&c, ENGINE0, seed++);
		if (ret)
			_exit(ret < 0 ? 11 : 12);
	}
	client_close(&c);
	_exit(0);
}

static int set_attr(const char *uuid, const char *name, unsigned int val)
{
	char path[PATH_MAX], buf[16];

	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mvgpu/%s", uuid, name);
	snprintf(buf, sizeof(buf), "%u", val);
	return sysfs_write(path, buf);
}

/* Create the vGPUs of @r (weight, cap set), start their VMMs. */
static int run_start(struct sched_run *r, bool render)
{
	unsigned int i;
	int ret;

	for (i = 0; i < r->nr; i++) {
		struct svgpu *v = &r->v[i];

		ret = vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], v->uuid);
		ret = ret ?: set_attr(v->uuid, "weight", v->weight);
		ret = ret ?: set_attr(v->uuid, "cap", v->cap);
		if (ret)
			return ret;
		fflush(NULL);
		v->pid = fork();
		if (v->pid < 0)
			return -errno;
		if (!v->pid)
			load_child(v->uuid);
	}
	if (render) {
		r->render = fork();
		if (r->render < 0)
			return -errno;
		if (!r->render)
			render_child();
	}
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static double mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Wait until every vGPU has submitted on engine 0. */
static int run_wait_busy(struct sched_run *r)
{
	unsigned int i;
	u64 n;
	int ms;

	for (i = 0; i < r->nr; i++) {
		for (ms = 0; ms < READY_MS; ms += 50) {
			if (!vgpu_attr(r->v[i].uuid, "copy0_submissions", &n) && n)
				break;
			sleep_ms(50);
		}
		if (ms >= READY_MS)
			return -ETIMEDOUT;
	}
	sleep_ms(WARMUP_MS);
	return 0;
}

/*
 * Busy time of each vGPU over MEASURE_MS; share = of the vGPUs' sum
 * (@of_wall false) or of the wall time.
 */
static int run_measure(struct sched_run *r, bool of_wall)
{
	double t0, sum = 0;
	unsigned int i, k;
	int ret;

	for (k = 0; k < 2; k++) {
		if (k)
			sleep_ms(MEASURE_MS);
		else
			t0 = mono_ns();
		for (i = 0; i < r->nr; i++) {
			ret = vgpu_attr(r->v[i].uuid, BUSY_ATTR, &r->v[i].busy[k]);
			if (ret)
				return ret;
		}
	}
	r->wall_ns = mono_ns() - t0;
	for (i = 0; i < r->nr; i++)
		sum += r->v[i].busy[1] - r->v[i].busy[0];
	for (i = 0; i < r->nr; i++) {
		double d = r->v[i].busy[1] - r->v[i].busy[0];

		r->v[i].share = of_wall ? d / r->wall_ns : sum ? d / sum : 0;
	}
	return 0;
}

/* Stop every process; the number that failed (wrong results included). */
static int run_stop(struct sched_run *r)
{
	unsigned int i, bad = 0;
	int status;
	pid_t pids[MAX_VGPUS + 1];
	unsigned int n = 0;

	for (i = 0; i < r->nr; i++)
		if (r->v[i].pid > 0)
			pids[n++] = r->v[i].pid;
	if (r->render > 0)
		pids[n++] = r->render;
	for (i = 0; i < n; i++)
		kill(pids[i], SIGTERM);
	for (i = 0; i < n; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "# process %d: status %#x\n", pids[i], status);
			bad++;
		}
	}
	for (i = 0; i < r->nr; i++) {
		r->v[i].pid = 0;
		if (*r->v[i].uuid && vgpu_destroy(r->v[i].uuid))
			bad++;
		*r->v[i].uuid = '\0';
	}
	r->render = 0;
	return bad;
}

static void print_shares(const char *what, const struct sched_run *r,
			 const double *ideal)
{
	double busy = 0;
	unsigned int i;

	printf("# %s:", what);
	for (i = 0; i < r->nr; i++) {
		printf(" w%u", r->v[i].weight);
		if (r->v[i].cap)
			printf("/cap%u", r->v[i].cap);
		printf(" %.3f (ideal %.3f)", r->v[i].share, ideal[i]);
		busy += r->v[i].busy[1] - r->v[i].busy[0];
	}
	printf("; vGPUs busy %.0f%% of %.1f s\n", 100 * busy / r->wall_ns,
	       r->wall_ns / 1e9);
}

/* Ideal shares of the vGPUs' engine time: weight over the weights' sum. */
static void weight_shares(const struct sched_run *r, double *ideal)
{
	unsigned int i, sum = 0;

	for (i = 0; i < r->nr; i++)
		sum += r->v[i].weight;
	for (i = 0; i < r->nr; i++)
		ideal[i] = (double)r->v[i].weight / sum;
}

FIXTURE(sched) {
	struct sched_run r;
	char slice[32];		/* the GPU's slice_us before the test */
};

FIXTURE_SETUP(sched)
{
	char sw[32];

	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded (no %s/%s)", MDEV_BUS_DIR, MVGPU_GPU0);
	destroy_all_mdevs();
	memset(&self->r, 0, sizeof(self->r));
	*self->slice = '\0';
	if (!sysfs_read(SLICE_ATTR, self->slice, sizeof(self->slice))) {
		ASSERT_EQ(0, sysfs_write(SLICE_ATTR, TEST_SLICE_US));
		if (sysfs_read(MDEV_BUS_DIR "/" MVGPU_GPU0 "/sched/switch_ns", sw,
			       sizeof(sw)))
			snprintf(sw, sizeof(sw), "?");
		printf("# slice %s us (was %s), a switch costs %s ns\n",
		       TEST_SLICE_US, self->slice, sw);
	}
}

FIXTURE_TEARDOWN(sched)
{
	EXPECT_EQ(0, run_stop(&self->r));
	if (*self->slice)
		EXPECT_EQ(0, sysfs_write(SLICE_ATTR, self->slice));
}

/* Weights 1:2:4 on one engine, a render-node client beside them. */
TEST_F(sched, weights_share_an_engine)
{
	static const unsigned int weights[] = { 1, 2, 4 };
	struct sched_run *r = &self->r;
	double ideal[MAX_VGPUS];
	unsigned int i;

	r->nr = ARRAY_SIZE(weights);
	for (i = 0; i < r->nr; i++)
		r->v[i].weight = weights[i];
	ASSERT_EQ(0, run_start(r, true));
	ASSERT_EQ(0, run_wait_busy(r));
	ASSERT_EQ(0, run_measure(r, false));
	weight_shares(r, ideal);
	print_shares("weights 1:2:4 + render client", r, ideal);
	for (i = 0; i < r->nr; i++) {
		EXPECT_GE(SHARE_TOL, fabs(r->v[i].share - ideal[i])) {
			TH_LOG("weight %u: share %.3f, ideal %.3f",
			       r->v[i].weight, r->v[i].share, ideal[i]);
		}
	}
	EXPECT_LT(r->v[0].share, r->v[2].share);
	EXPECT_EQ(0, run_stop(r));
}

/* A cap of 25 % holds with the engine otherwise idle. */
TEST_F(sched, cap_holds_alone)
{
	struct sched_run *r = &self->r;
	double ideal = 0.25;

	r->nr = 1;
	r->v[0].weight = 1;
	r->v[0].cap = 25;
	ASSERT_EQ(0, run_start(r, false));
	ASSERT_EQ(0, run_wait_busy(r));
	ASSERT_EQ(0, run_measure(r, true));
	print_shares("cap 25 alone, share of the wall time", r, &ideal);
	EXPECT_GE(0.25 + 0.05, r->v[0].share);
	/*
	 * Capped, not stopped.  The VM's CPU runs the engines and the guests
	 * and may be starved by the host, so no lower bound but this.
	 */
	EXPECT_LT(0.0, r->v[0].share);
	EXPECT_EQ(0, run_stop(r));
}

/* A heavy but capped vGPU against a light uncapped one. */
TEST_F(sched, cap_holds_under_contention)
{
	struct sched_run *r = &self->r;
	double ideal[2] = { 0.25, 0.75 }, pair;

	r->nr = 2;
	r->v[0].weight = 4;
	r->v[0].cap = 25;
	r->v[1].weight = 1;
	ASSERT_EQ(0, run_start(r, false));
	ASSERT_EQ(0, run_wait_busy(r));
	ASSERT_EQ(0, run_measure(r, true));
	print_shares("w4 cap 25 vs w1, share of the wall time", r, ideal);
	EXPECT_GE(0.25 + 0.05, r->v[0].share);
	/*
	 * The cap overrides the weight: by weight alone the capped vGPU
	 * would get 80 % of the pair's engine time.  (How much the other
	 * gets depends on the VM's CPU and the switch cost: printed.)
	 */
	pair = r->v[0].share + r->v[1].share;
	EXPECT_LT(0.0, r->v[1].share);
	EXPECT_GT(0.80 - 0.15, pair ? r->v[0].share / pair : 1) {
		TH_LOG("capped: %.3f of the pair's engine time",
		       pair ? r->v[0].share / pair : 1);
	}
	EXPECT_EQ(0, run_stop(r));
}

/* 1:1, then one weight raised to 4 while both run: 1:4. */
TEST_F(sched, weight_change_shifts_shares)
{
	struct sched_run *r = &self->r;
	double ideal[2], before;

	r->nr = 2;
	r->v[0].weight = 1;
	r->v[1].weight = 1;
	ASSERT_EQ(0, run_start(r, false));
	ASSERT_EQ(0, run_wait_busy(r));
	ASSERT_EQ(0, run_measure(r, false));
	weight_shares(r, ideal);
	print_shares("weights 1:1", r, ideal);
	EXPECT_GE(SHARE_TOL, fabs(r->v[1].share - ideal[1]));
	before = r->v[1].share;

	r->v[1].weight = 4;
	ASSERT_EQ(0, set_attr(r->v[1].uuid, "weight", 4));
	sleep_ms(WARMUP_MS / 2);
	ASSERT_EQ(0, run_measure(r, false));
	weight_shares(r, ideal);
	print_shares("weight raised to 1:4 mid-run", r, ideal);
	EXPECT_GE(SHARE_TOL, fabs(r->v[1].share - ideal[1]));
	EXPECT_LE(before + 0.15, r->v[1].share);
	EXPECT_EQ(0, run_stop(r));
}

/* Bad values: EINVAL, and the old value stays; the stats are root only. */
TEST_F(sched, attributes_refuse_bad_values)
{
	static const char *const bad_weight[] = { "0", "1001", "-1", "x", "4x" };
	static const char *const bad_cap[] = { "101", "-5", "1e2", "50%" };
	char uuid[UUID_LEN], path[PATH_MAX];
	struct stat st;
	unsigned int i;
	u64 v;

	ASSERT_EQ(0, vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], uuid));
	EXPECT_EQ(0, vgpu_attr(uuid, "weight", &v));
	EXPECT_EQ(1ULL, v);	/* the type's weight */
	EXPECT_EQ(0, vgpu_attr(uuid, "cap", &v));
	EXPECT_EQ(0ULL, v);
	ASSERT_EQ(0, set_attr(uuid, "weight", 7));
	ASSERT_EQ(0, set_attr(uuid, "cap", 40));
	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mvgpu/weight", uuid);
	for (i = 0; i < ARRAY_SIZE(bad_weight); i++)
		EXPECT_EQ(-EINVAL, sysfs_write(path, bad_weight[i]))
			TH_LOG("weight '%s'", bad_weight[i]);
	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mvgpu/cap", uuid);
	for (i = 0; i < ARRAY_SIZE(bad_cap); i++)
		EXPECT_EQ(-EINVAL, sysfs_write(path, bad_cap[i]))
			TH_LOG("cap '%s'", bad_cap[i]);
	EXPECT_EQ(0, vgpu_attr(uuid, "weight", &v));
	EXPECT_EQ(7ULL, v);
	EXPECT_EQ(0, vgpu_attr(uuid, "cap", &v));
	EXPECT_EQ(40ULL, v);
	/* Limits are accepted. */
	EXPECT_EQ(0, set_attr(uuid, "weight", 1000));
	EXPECT_EQ(0, set_attr(uuid, "cap", 100));
	EXPECT_EQ(0, set_attr(uuid, "cap", 0));
	/* Per-engine counters of its engines, root only; none for others. */
	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mvgpu/" BUSY_ATTR, uuid);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0400, st.st_mode & 0777);
	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mvgpu/copy7_busy_ns",
		 uuid);
	EXPECT_NE(0, access(path, F_OK)) TH_LOG("copy7: the GPU has no such engine");
	EXPECT_EQ(0, vgpu_destroy(uuid));
}

TEST_HARNESS_MAIN
