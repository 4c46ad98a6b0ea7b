// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu dedicated-engine types (partitions): on a GPU with two copy and two
 * compute engines, the types that own engines, their accounting, what their
 * guest sees (only its engines), and that no other client ever gets a
 * context on an engine a partition owns: not a shared vGPU (it does not
 * see it), not a render-node client (SUBMIT fails with EBUSY).  The core's
 * counters of each engine (contexts, reserved) come from the vGPU's
 * debugfs file engines.  Prints a partitioned vGPU's throughput alone and
 * beside busy time-sliced neighbours (printed, never asserted).
 *
 * Reloads the modules with copy_engines=2 compute_engines=2, and with the
 * defaults at the end.  Needs no vGPU existing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "mvguest.h"
#include "drm_client.h"

#define GPU		MVGPU_GPU0
#define ENGINES_2_2	"copy_engines=2 compute_engines=2"
#define BOTH_ONE	(1u | 1u << MVGPU_ENGINES_COMPUTE_SHIFT)
#define BOTH_TWO	(2u | 2u << MVGPU_ENGINES_COMPUTE_SHIFT)
#define COPY1		MVGPU_ENGINE_COPY(1)
#define COMPUTE1	MVGPU_ENGINE_COMPUTE(1)
#define RAM		(4u << 20)

static const struct mvgpu_type part_2d = {
	"mvgpu-2d", "MVGPU-2D", 2, MVGPU_SLICES / 2 };
static const struct mvgpu_type part_copy = {
	"mvgpu-4d-copy", "MVGPU-4D-COPY", 4, MVGPU_SLICES / 4 };
static const struct mvgpu_type part_compute = {
	"mvgpu-4d-compute", "MVGPU-4D-COMPUTE", 4, MVGPU_SLICES / 4 };
static const struct mvgpu_type shared_4 = {
	"mvgpu-4", "MVGPU-4", 4, MVGPU_SLICES / 4 };
static const struct mvgpu_type shared_2 = {
	"mvgpu-2", "MVGPU-2", 2, MVGPU_SLICES / 2 };
static const struct mvgpu_type shared_8 = {
	"mvgpu-8", "MVGPU-8", 8, MVGPU_SLICES / 8 };

/* One line of debugfs mvgpu/<uuid>/engines. */
struct eng_line {
	int vgpu_engine;	/* -1: the vGPU does not see it */
	int own;
	int reserved;
	unsigned int contexts;
	unsigned long long switches;
};

#define ENG_LINE_FMT \
	"gpu_engine=%u vgpu_engine=%15s own=%d reserved=%d contexts=%u switches=%llu busy_ns=%llu"

/* GPU engine @e as the vGPU @uuid's debugfs file shows it. */
static int eng_read(const char *uuid, unsigned int e, struct eng_line *l)
{
	char path[128], line[256], v[16];
	unsigned long long busy;
	unsigned int ge;
	int ret = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/mvgpu/%s/engines", uuid);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, ENG_LINE_FMT, &ge, v, &l->own, &l->reserved,
			   &l->contexts, &l->switches, &busy) != 7 || ge != e)
			continue;
		l->vgpu_engine = *v == '-' ? -1 : atoi(v);
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

#define EXPECT_ENG(uuid, e, vg, own_, res, ctxs) do {			\
	const unsigned int __e = (e);					\
	struct eng_line __l;						\
	ASSERT_EQ(0, eng_read(uuid, __e, &__l)) TH_LOG("engine %u", __e); \
	EXPECT_EQ(vg, __l.vgpu_engine) TH_LOG("engine %u: vGPU's number", __e); \
	EXPECT_EQ(own_, __l.own) TH_LOG("engine %u: own", __e);	\
	EXPECT_EQ(res, __l.reserved) TH_LOG("engine %u: reserved", __e); \
	EXPECT_EQ(ctxs, __l.contexts) TH_LOG("engine %u: contexts", __e); \
} while (0)

/* A render-node client's checked round on GPU engine @e: 0, or -errno. */
static int render_round(unsigned int e, u32 seed)
{
	struct client c;
	int ret;

	ret = client_open(&c, BO_SIZE);
	if (!ret)
		ret = client_round(&c, e, seed);
	client_close(&c);
	return ret;
}

/* Checked FILL, COPY and CRC32C rounds on each engine @g sees. */
static int guest_rounds_all(struct mvg_guest *g, u32 seed)
{
	static const unsigned int es[] = { MVGPU_ENGINE_COPY(0),
					   MVGPU_ENGINE_COMPUTE(0) };
	struct mvg_work w;
	unsigned int i;
	int op, ret;

	ret = mvg_work_init(g, &w, 64u << 10);
	for (i = 0; !ret && i < ARRAY_SIZE(es); i++) {
		ret = mvg_engine_init(g, es[i], 0);
		for (op = 0; !ret && op < MVG_NUM_OPS; op++)
			ret = mvg_work_round(g, es[i], &w, op, seed + op, 20000);
	}
	return ret;
}

FIXTURE(part) {
	char uuid[4][UUID_LEN];
	struct mvg_guest g[2];
	bool open[2];
};

FIXTURE_SETUP(part)
{
	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded (no %s/%s)", MDEV_BUS_DIR, GPU);
	destroy_all_mdevs();
	ASSERT_EQ(0, mvgpu_unload());
	ASSERT_EQ(0, mvgpu_load(ENGINES_2_2));
	ASSERT_TRUE(mvgpu_present());
}

FIXTURE_TEARDOWN(part)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(self->open); i++)
		if (self->open[i])
			mvg_close(&self->g[i]);
	destroy_all_mdevs();
	mvgpu_unload();
	mvgpu_load(NULL);
}

static int guest_open(struct __test_metadata *_metadata,
		      struct _test_data_part *self,
		      unsigned int i, const char *uuid)
{
	int ret = mvg_open(&self->g[i], uuid, RAM);

	if (ret)
		TH_LOG("open %s: %s", uuid, self->g[i].err);
	self->open[i] = !ret;
	return ret;
}

static void guest_close(struct _test_data_part *self, unsigned int i)
{
	if (self->open[i])
		mvg_close(&self->g[i]);
	self->open[i] = false;
}

/* With two engines of each kind, each dedicated type fits once. */
TEST_F_TIMEOUT(part, types_offered, 180)
{
	char buf[256];

	EXPECT_EQ(1, type_available(GPU, &part_2d));
	EXPECT_EQ(1, type_available(GPU, &part_copy));
	EXPECT_EQ(1, type_available(GPU, &part_compute));
	ASSERT_EQ(0, type_attr(GPU, &part_2d, "name", buf, sizeof(buf)));
	EXPECT_STREQ("MVGPU-2D", buf);
	ASSERT_EQ(0, type_attr(GPU, &part_2d, "description", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "max_instance=1, copy_engines=1, compute_engines=1"))
		TH_LOG("%s", buf);
	ASSERT_EQ(0, type_attr(GPU, &part_copy, "description", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "copy_engines=1, compute_engines=0")) TH_LOG("%s", buf);
}

/*
 * A partition owns copy engine 1 and compute engine 1: its guest sees one
 * engine of each kind, backed by them; a shared vGPU beside it sees engine
 * 0 of each kind only; the render node gets EBUSY on them, until the
 * partition is destroyed.
 */
TEST_F_TIMEOUT(part, engines_of_its_own, 300)
{
	char *pu = self->uuid[0], *su = self->uuid[1];
	struct vfio_dev *d;
	u64 v;

	ASSERT_EQ(0, vgpu_create_new(GPU, &part_2d, pu));
	EXPECT_EQ(0, type_available(GPU, &part_2d));
	EXPECT_EQ(0, type_available(GPU, &part_copy));
	EXPECT_EQ(0, type_available(GPU, &part_compute));
	EXPECT_EQ(1, type_available(GPU, &shared_2));
	ASSERT_EQ(0, vgpu_attr(pu, "slices", &v));
	EXPECT_EQ((u64)MVGPU_SLICES / 2, v);

	ASSERT_EQ(0, guest_open(_metadata, self, 0, pu));
	d = &self->g[0].dev;
	EXPECT_EQ(BOTH_ONE, self->g[0].engines);
	EXPECT_EQ(MVGPU_SLICES / 2 | 1 << 8 | 1 << 12, cfg_read16(d, 0x2e))
		TH_LOG("subsystem ID");
	EXPECT_ENG(pu, COPY1, 0, 1, 1, 1);
	EXPECT_ENG(pu, COMPUTE1, MVGPU_ENGINE_COMPUTE(0), 1, 1, 1);
	EXPECT_ENG(pu, MVGPU_ENGINE_COPY(0), -1, 0, 0, 0);
	EXPECT_ENG(pu, MVGPU_ENGINE_COMPUTE(0), -1, 0, 0, 0);
	EXPECT_EQ(0, guest_rounds_all(&self->g[0], 100)) TH_LOG("%s", self->g[0].err);

	/* A shared vGPU beside it: engine 0 of each kind. */
	ASSERT_EQ(0, vgpu_create_new(GPU, &shared_4, su));
	ASSERT_EQ(0, guest_open(_metadata, self, 1, su));
	EXPECT_EQ(BOTH_ONE, self->g[1].engines);
	EXPECT_ENG(su, MVGPU_ENGINE_COPY(0), 0, 0, 0, 1);
	EXPECT_ENG(su, MVGPU_ENGINE_COMPUTE(0), MVGPU_ENGINE_COMPUTE(0), 0, 0, 1);
	EXPECT_ENG(su, COPY1, -1, 0, 1, 1);
	EXPECT_ENG(su, COMPUTE1, -1, 0, 1, 1);
	EXPECT_EQ(0, guest_rounds_all(&self->g[1], 200)) TH_LOG("%s", self->g[1].err);

	/* The render node: its own engines work, the partition's do not. */
	EXPECT_EQ(0, render_round(MVGPU_ENGINE_COPY(0), 1));
	EXPECT_EQ(0, render_round(MVGPU_ENGINE_COMPUTE(0), 2));
	EXPECT_EQ(-EBUSY, render_round(COPY1, 3));
	EXPECT_EQ(-EBUSY, render_round(COMPUTE1, 4));
	/* Still only the partition's context on its engines. */
	EXPECT_ENG(pu, COPY1, 0, 1, 1, 1);
	EXPECT_ENG(pu, COMPUTE1, MVGPU_ENGINE_COMPUTE(0), 1, 1, 1);

	/* Closed, the partition keeps its engines. */
	guest_close(self, 0);
	EXPECT_ENG(su, COPY1, -1, 0, 1, 0);
	EXPECT_EQ(-EBUSY, render_round(COPY1, 5));
	ASSERT_EQ(0, guest_open(_metadata, self, 0, pu));
	EXPECT_EQ(BOTH_ONE, self->g[0].engines);
	EXPECT_EQ(0, guest_rounds_all(&self->g[0], 300)) TH_LOG("%s", self->g[0].err);
	guest_close(self, 0);

	/* Destroyed, they are shared again. */
	EXPECT_EQ(0, vgpu_destroy(pu));
	*pu = '\0';
	EXPECT_ENG(su, COPY1, -1, 0, 0, 0);
	EXPECT_EQ(0, render_round(COPY1, 6));
	EXPECT_EQ(0, render_round(COMPUTE1, 7));
	EXPECT_EQ(1, type_available(GPU, &part_2d));
	/* The shared vGPU sees them at its next open. */
	guest_close(self, 1);
	ASSERT_EQ(0, guest_open(_metadata, self, 1, su));
	EXPECT_EQ(BOTH_TWO, self->g[1].engines);
	EXPECT_ENG(su, COPY1, 1, 0, 0, 1);
}

/*
 * An open shared vGPU has contexts on every engine: no partition can take
 * one until it closes (EBUSY, available_instances 0); a render-node client
 * with a context on copy engine 1 blocks the types needing it the same
 * way.
 */
TEST_F_TIMEOUT(part, busy_engines_cannot_be_dedicated, 300)
{
	char *su = self->uuid[0], *pu = self->uuid[1];
	struct client c;

	ASSERT_EQ(0, vgpu_create_new(GPU, &shared_4, su));
	/* Created, not open: no contexts, nothing blocks. */
	EXPECT_EQ(1, type_available(GPU, &part_2d));
	ASSERT_EQ(0, guest_open(_metadata, self, 0, su));
	EXPECT_EQ(BOTH_TWO, self->g[0].engines);
	EXPECT_ENG(su, COPY1, 1, 0, 0, 1);
	EXPECT_EQ(0, type_available(GPU, &part_2d));
	EXPECT_EQ(0, type_available(GPU, &part_copy));
	EXPECT_EQ(-EBUSY, vgpu_create_new(GPU, &part_2d, pu));
	EXPECT_FALSE(vgpu_exists(pu));
	EXPECT_EQ(1, count_mdevs());
	guest_close(self, 0);
	EXPECT_EQ(1, type_available(GPU, &part_2d));

	/* A render client on copy engine 1. */
	ASSERT_EQ(0, client_open(&c, BO_SIZE));
	ASSERT_EQ(0, client_round(&c, COPY1, 9));
	EXPECT_EQ(0, type_available(GPU, &part_copy));
	EXPECT_EQ(1, type_available(GPU, &part_compute));
	EXPECT_EQ(-EBUSY, vgpu_create_new(GPU, &part_copy, pu));
	EXPECT_EQ(0, vgpu_create_new(GPU, &part_compute, pu));
	EXPECT_EQ(0, vgpu_destroy(pu));
	client_close(&c);
	EXPECT_EQ(1, type_available(GPU, &part_copy));
	ASSERT_EQ(0, vgpu_create_new(GPU, &part_copy, pu));
	/* The shared vGPU now opens with copy engine 0 and both compute. */
	ASSERT_EQ(0, guest_open(_metadata, self, 0, su));
	EXPECT_EQ(1u | 2u << MVGPU_ENGINES_COMPUTE_SHIFT, self->g[0].engines);
	EXPECT_EQ(0, guest_rounds_all(&self->g[0], 400)) TH_LOG("%s", self->g[0].err);
}

#define MEASURE_S	2.0
#define BENCH_SIZE	(1024u * 1024)

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* COPY rounds on engine @e of @g for MEASURE_S: MB/s, or < 0 on error. */
static double copy_rate(struct mvg_guest *g, unsigned int e,
			struct mvg_work *w, u32 seed)
{
	double t0, t;
	unsigned int n = 0;

	t0 = now_sec();
	do {
		if (mvg_work_round(g, e, w, MVG_OP_COPY, seed + n, 20000))
			return -1;
		n++;
		t = now_sec();
	} while (t - t0 < MEASURE_S);
	return (double)n * BENCH_SIZE / (t - t0) / 1e6;
}

/* A neighbour: COPY and FILL rounds on its engines until killed. */
static void neighbour(const char *uuid)
{
	struct mvg_guest g;
	struct mvg_work w;
	u32 seed = 0;

	if (mvg_open(&g, uuid, RAM) ||
	    mvg_engine_init(&g, MVGPU_ENGINE_COPY(0), 0) ||
	    mvg_engine_init(&g, MVGPU_ENGINE_COMPUTE(0), 0) ||
	    mvg_work_init(&g, &w, BENCH_SIZE))
		_exit(10);
	for (;;) {
		if (mvg_work_round(&g, MVGPU_ENGINE_COPY(0), &w, MVG_OP_COPY,
				   seed++, 20000) ||
		    mvg_work_round(&g, MVGPU_ENGINE_COMPUTE(0), &w, MVG_OP_FILL,
				   seed++, 20000))
			_exit(11);
	}
}

static void render_neighbour(void)
{
	u32 seed = 0;

	for (;;)
		if (render_round(MVGPU_ENGINE_COPY(0), seed++))
			_exit(12);
}

/*
 * A partition's COPY throughput alone, then beside two busy shared vGPUs
 * and a render-node client on the shared engines (they share the host's
 * CPUs with it: printed, not asserted); the same for a shared vGPU.
 */
TEST_F_TIMEOUT(part, throughput_beside_busy_neighbours, 300)
{
	const unsigned int e = MVGPU_ENGINE_COPY(0);
	double alone, busy, shared_alone, shared_busy;
	char *pu = self->uuid[0];
	struct mvg_work w[2];
	pid_t pids[3];
	int i, status, bad = 0;

	/* 1/2 + 1/8 + 1/8 + 1/4: the whole GPU. */
	ASSERT_EQ(0, vgpu_create_new(GPU, &part_2d, pu));
	ASSERT_EQ(0, vgpu_create_new(GPU, &shared_8, self->uuid[1]));
	ASSERT_EQ(0, vgpu_create_new(GPU, &shared_8, self->uuid[2]));
	ASSERT_EQ(0, vgpu_create_new(GPU, &shared_4, self->uuid[3]));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, guest_open(_metadata, self, i, self->uuid[i ? 3 : 0]));
		ASSERT_EQ(0, mvg_engine_init(&self->g[i], e, 0)) TH_LOG("%s", self->g[i].err);
		ASSERT_EQ(0, mvg_work_init(&self->g[i], &w[i], BENCH_SIZE))
			TH_LOG("%s", self->g[i].err);
	}
	alone = copy_rate(&self->g[0], e, &w[0], 1);
	shared_alone = copy_rate(&self->g[1], e, &w[1], 2);
	ASSERT_LT(0, alone) TH_LOG("%s", self->g[0].err);
	ASSERT_LT(0, shared_alone) TH_LOG("%s", self->g[1].err);

	fflush(NULL);
	for (i = 0; i < 3; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i]) {
			if (i < 2)
				neighbour(self->uuid[1 + i]);
			render_neighbour();
		}
	}
	usleep(300 * 1000);
	busy = copy_rate(&self->g[0], e, &w[0], 3);
	shared_busy = copy_rate(&self->g[1], e, &w[1], 4);
	for (i = 0; i < 3; i++) {
		if (waitpid(pids[i], &status, WNOHANG) == pids[i]) {
			TH_LOG("neighbour %d ended early: status %#x", i, status);
			bad++;
			continue;
		}
		kill(pids[i], SIGKILL);
		waitpid(pids[i], &status, 0);
	}
	EXPECT_LT(0, busy) TH_LOG("%s", self->g[0].err);
	EXPECT_LT(0, shared_busy) TH_LOG("%s", self->g[1].err);
	EXPECT_EQ(0, bad);
	printf("# 1 MiB COPY, MB/s alone, then beside 2 busy shared vGPUs + a render client:\n");
	printf("#   partition (mvgpu-2d, its own copy engine): %.0f, %.0f (%.2fx)\n",
	       alone, busy, busy / alone);
	printf("#   shared vGPU (mvgpu-4, copy engine 0, time-sliced): %.0f, %.0f (%.2fx)\n",
	       shared_alone, shared_busy, shared_busy / shared_alone);
}

TEST_HARNESS_MAIN
