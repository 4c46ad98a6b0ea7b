// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu vGPU types and lifecycle through mdev sysfs: the types a GPU
 * offers (1/1 to 1/64), create/destroy of each, what its guest sees
 * (subsystem ID, VINFO), available_instances accounting across types, 64
 * vGPUs of 1/64 doing work at once, the error codes of create, and
 * concurrent create/destroy.  Dedicated-engine types: mvgpu_partition_test.
 *
 * Needs the modules loaded (run.sh does it, 1 copy and 1 compute engine:
 * no dedicated type) and no vGPU existing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "mvguest.h"

#define GPU		MVGPU_GPU0

/* The shared types every GPU offers, largest first. */
static const struct mvgpu_type types[] = {
	{ "mvgpu-1", "MVGPU-1", 1, MVGPU_SLICES / 1 },
	{ "mvgpu-2", "MVGPU-2", 2, MVGPU_SLICES / 2 },
	{ "mvgpu-4", "MVGPU-4", 4, MVGPU_SLICES / 4 },
	{ "mvgpu-8", "MVGPU-8", 8, MVGPU_SLICES / 8 },
	{ "mvgpu-16", "MVGPU-16", 16, MVGPU_SLICES / 16 },
	{ "mvgpu-32", "MVGPU-32", 32, MVGPU_SLICES / 32 },
	{ "mvgpu-64", "MVGPU-64", 64, MVGPU_SLICES / 64 },
};

#define NR_TYPES	ARRAY_SIZE(types)

static const struct mvgpu_type *type_2 = &types[1];
static const struct mvgpu_type *type_4 = &types[2];
static const struct mvgpu_type *type_8 = &types[3];
static const struct mvgpu_type *type_64 = &types[6];

/* Today's weights for 1/1-1/8 (VINFO_WEIGHT), 1 below. */
static unsigned int type_weight(const struct mvgpu_type *t)
{
	return t->divisor <= 8 ? 8 / t->divisor : 1;
}

/* Types whose available_instances is not @want's, in types[] order. */
static int avail_mismatches(const long *want)
{
	size_t i;
	long got;
	int n = 0;

	for (i = 0; i < NR_TYPES; i++) {
		got = type_available(GPU, &types[i]);
		if (got == want[i])
			continue;
		fprintf(stderr, "#  %s available_instances %ld, expected %ld\n",
			types[i].dir, got, want[i]);
		n++;
	}
	return n;
}

#define EXPECT_AVAIL(...) do {						\
	const long __want[NR_TYPES] = { __VA_ARGS__ };			\
	EXPECT_EQ(0, avail_mismatches(__want));				\
} while (0)

#define EXPECT_AVAIL_ALL() EXPECT_AVAIL(1, 2, 4, 8, 16, 32, 64)

/* Free aligned blocks of n slices in a bitmap of used slices. */
static long free_blocks(u64 used, unsigned int n)
{
	u64 mask = ~0ULL >> (64 - n);
	unsigned int s;
	long count = 0;

	for (s = 0; s < MVGPU_SLICES; s += n)
		if (!(used & (mask << s)))
			count++;
	return count;
}

/* The first slice a vGPU owns, from its sysfs vram_base. */
static int vgpu_first_slice(const char *uuid)
{
	u64 base;

	if (vgpu_attr(uuid, "vram_base", &base))
		return -1;
	return base / (mvgpu_vram_bytes() / MVGPU_SLICES);
}

TEST(gpu0_offers_seven_types)
{
	const char *dir = MDEV_BUS_DIR "/" GPU "/mdev_supported_types";
	struct dirent *e;
	int found = 0, others = 0;
	DIR *d;
	size_t i;

	if (!mvgpu_present())
		SKIP(return, "mvgpu not loaded (%s missing)", dir);
	d = opendir(dir);
	ASSERT_NE(NULL, d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		for (i = 0; i < NR_TYPES; i++)
			if (!strcmp(e->d_name, types[i].dir))
				break;
		if (i < NR_TYPES) {
			found++;
		} else {
			others++;
			TH_LOG("unexpected type directory %s", e->d_name);
		}
	}
	closedir(d);
	EXPECT_EQ((int)NR_TYPES, found);
	EXPECT_EQ(0, others);
}

FIXTURE(type) {
	char uuid[MVGPU_SLICES][UUID_LEN];
	int created;
};

FIXTURE_VARIANT(type) {
	const struct mvgpu_type *t;
};

FIXTURE_VARIANT_ADD(type, mvgpu_1) { .t = &types[0] };
FIXTURE_VARIANT_ADD(type, mvgpu_2) { .t = &types[1] };
FIXTURE_VARIANT_ADD(type, mvgpu_4) { .t = &types[2] };
FIXTURE_VARIANT_ADD(type, mvgpu_8) { .t = &types[3] };
FIXTURE_VARIANT_ADD(type, mvgpu_16) { .t = &types[4] };
FIXTURE_VARIANT_ADD(type, mvgpu_32) { .t = &types[5] };
FIXTURE_VARIANT_ADD(type, mvgpu_64) { .t = &types[6] };

FIXTURE_SETUP(type)
{
	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded (no %s/%s)", MDEV_BUS_DIR, GPU);
	if (count_mdevs()) {
		TH_LOG("destroying %d leftover mdev devices", count_mdevs());
		destroy_all_mdevs();
	}
	ASSERT_EQ(0, count_mdevs());
}

FIXTURE_TEARDOWN(type)
{
	int i;

	for (i = 0; i < self->created; i++)
		vgpu_destroy(self->uuid[i]);
}

TEST_F(type, attributes)
{
	const struct mvgpu_type *t = variant->t;
	char buf[256], want[256];

	ASSERT_EQ(0, type_attr(GPU, t, "name", buf, sizeof(buf)));
	EXPECT_STREQ(t->name, buf);
	ASSERT_EQ(0, type_attr(GPU, t, "device_api", buf, sizeof(buf)));
	EXPECT_STREQ("vfio-pci", buf);
	ASSERT_EQ(0, type_attr(GPU, t, "description", buf, sizeof(buf)));
	snprintf(want, sizeof(want),
		 "1/%u GPU: framebuffer=%lluM, gtt_entries=%u, weight=%u, max_instance=%u",
		 t->divisor,
		 (unsigned long long)(mvgpu_vram_bytes() / MVGPU_SLICES * t->slices) >> 20,
		 MVGPU_GTT_ENTRIES / MVGPU_SLICES * t->slices, type_weight(t),
		 t->divisor);
	EXPECT_STREQ(want, buf);
	EXPECT_EQ((long)t->divisor, type_available(GPU, t));
}

TEST_F(type, create_destroy)
{
	const struct mvgpu_type *t = variant->t;
	u64 slice_bytes = mvgpu_vram_bytes() / MVGPU_SLICES;
	u64 gtt_slice = MVGPU_GTT_ENTRIES / MVGPU_SLICES;
	char path[PATH_MAX], target[PATH_MAX], *uuid = self->uuid[0];
	u64 v;
	ssize_t n;

	ASSERT_EQ(0, vgpu_create_new(GPU, t, uuid));
	self->created = 1;
	ASSERT_TRUE(vgpu_exists(uuid));
	EXPECT_EQ((long)t->divisor - 1, type_available(GPU, t));

	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mdev_type", uuid);
	n = readlink(path, target, sizeof(target) - 1);
	ASSERT_LT(0, n);
	target[n] = '\0';
	EXPECT_STREQ(t->dir, strrchr(target, '/') + 1);

	ASSERT_EQ(0, vgpu_attr(uuid, "vgpu_id", &v));
	EXPECT_LT(0ULL, v);
	ASSERT_EQ(0, vgpu_attr(uuid, "slices", &v));
	EXPECT_EQ((u64)t->slices, v);
	ASSERT_EQ(0, vgpu_attr(uuid, "weight", &v));
	EXPECT_EQ((u64)type_weight(t), v);
	ASSERT_EQ(0, vgpu_attr(uuid, "vram_size", &v));
	EXPECT_EQ(slice_bytes * t->slices, v);
	ASSERT_EQ(0, vgpu_attr(uuid, "vram_base", &v));
	EXPECT_EQ(0ULL, v % (slice_bytes * t->slices))
		TH_LOG("vram_base %#llx not aligned", (unsigned long long)v);
	ASSERT_EQ(0, vgpu_attr(uuid, "gtt_count", &v));
	EXPECT_EQ(gtt_slice * t->slices, v);
	ASSERT_EQ(0, vgpu_attr(uuid, "gtt_base", &v));
	EXPECT_EQ(0ULL, v % (gtt_slice * t->slices));

	ASSERT_EQ(0, vgpu_destroy(uuid));
	self->created = 0;
	EXPECT_FALSE(vgpu_exists(uuid));
	EXPECT_EQ((long)t->divisor, type_available(GPU, t));
	/* Destroying it again: the device is gone. */
	EXPECT_NE(0, vgpu_destroy(uuid));
}

TEST_F_TIMEOUT(type, exhaustion_enospc, 600)
{
	const struct mvgpu_type *t = variant->t;
	u64 base[MVGPU_SLICES], size, id[MVGPU_SLICES];
	char extra[UUID_LEN];
	unsigned int i, j;

	for (i = 0; i < t->divisor; i++) {
		ASSERT_EQ(0, vgpu_create_new(GPU, t, self->uuid[i]))
			TH_LOG("instance %u of %u", i + 1, t->divisor);
		self->created++;
		EXPECT_EQ((long)(t->divisor - i - 1), type_available(GPU, t));
		ASSERT_EQ(0, vgpu_attr(self->uuid[i], "vram_base", &base[i]));
		ASSERT_EQ(0, vgpu_attr(self->uuid[i], "vgpu_id", &id[i]));
	}
	ASSERT_EQ(0, vgpu_attr(self->uuid[0], "vram_size", &size));
	for (i = 0; i < t->divisor; i++) {
		for (j = i + 1; j < t->divisor; j++) {
			EXPECT_NE(id[i], id[j]) TH_LOG("vgpu_id %u shared", (unsigned int)id[i]);
			EXPECT_TRUE(base[i] + size <= base[j] || base[j] + size <= base[i])
				TH_LOG("vGPUs %u and %u overlap", i, j);
		}
	}
	EXPECT_AVAIL(0, 0, 0, 0, 0, 0, 0);

	EXPECT_EQ(-ENOSPC, vgpu_create_new(GPU, t, extra));
	EXPECT_FALSE(vgpu_exists(extra));
	EXPECT_EQ(-ENOSPC, vgpu_create_new(GPU, type_64, extra));

	for (i = 0; i < t->divisor; i++)
		EXPECT_EQ(0, vgpu_destroy(self->uuid[i]));
	self->created = 0;
	EXPECT_AVAIL_ALL();
}

/*
 * What a guest of the type sees: the subsystem ID and VINFO_SLICES count
 * its 64ths of the GPU, VINFO_SLICES_TOTAL the 64, and its GTT and memory
 * are that share; it sees both engines (a shared type).
 */
TEST_F(type, guest_view)
{
	const struct mvgpu_type *t = variant->t;
	char *uuid = self->uuid[0];
	struct vfio_dev d = { .fd = -1, .group = -1, .container = -1 };
	int ret;

	ASSERT_EQ(0, vgpu_create_new(GPU, t, uuid));
	self->created = 1;
	ret = vfio_dev_open(&d, uuid);
	ASSERT_EQ(0, ret) TH_LOG("VFIO open of %s: %s", uuid, strerror(-ret));
	EXPECT_EQ(t->slices, cfg_read16(&d, 0x2e)) TH_LOG("subsystem ID");
	EXPECT_EQ(t->slices, bar0_read32(&d, MVGPU_VINFO_SLICES));
	EXPECT_EQ(MVGPU_SLICES, bar0_read32(&d, MVGPU_VINFO_SLICES_TOTAL));
	EXPECT_EQ(type_weight(t), bar0_read32(&d, MVGPU_VINFO_WEIGHT));
	EXPECT_EQ(MVGPU_GTT_ENTRIES / MVGPU_SLICES * t->slices,
		  bar0_read32(&d, MVGPU_VINFO_GTT_COUNT));
	EXPECT_EQ(mvgpu_vram_bytes() / MVGPU_SLICES * t->slices,
		  bar0_read32(&d, MVGPU_VINFO_VRAM_SIZE_LO) |
		  (u64)bar0_read32(&d, MVGPU_VINFO_VRAM_SIZE_HI) << 32);
	EXPECT_EQ(1u | 1u << MVGPU_ENGINES_COMPUTE_SHIFT,
		  bar0_read32(&d, MVGPU_REG_ENGINES));
	vfio_dev_close(&d);
}

TEST_F(type, malformed_uuid_einval)
{
	static const char *const bad[] = {
		"not-a-uuid",
		"1234",
		"12345678-1234-1234-1234-12345678901",		/* short */
		"1234567z-1234-1234-1234-123456789012",		/* not hex */
		"12345678_1234_1234_1234_123456789012",		/* separators */
		"123456781234123412341234567890123456",		/* no dashes */
		" ",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, vgpu_create(GPU, variant->t, bad[i]))
			TH_LOG("UUID '%s'", bad[i]);
	}
	EXPECT_EQ(0, count_mdevs());
	EXPECT_EQ((long)variant->t->divisor, type_available(GPU, variant->t));
}

TEST_F(type, duplicate_uuid_eexist)
{
	const struct mvgpu_type *t = variant->t;
	char *uuid = self->uuid[0], upper[UUID_LEN];
	size_t i;

	ASSERT_EQ(0, vgpu_create_new(GPU, t, uuid));
	self->created = 1;
	/* Even for a full type: mdev checks the UUID before asking for room. */
	EXPECT_EQ(-EEXIST, vgpu_create(GPU, t, uuid));
	EXPECT_EQ(-EEXIST, vgpu_create(GPU, t == type_64 ? type_4 : type_64, uuid));
	for (i = 0; i <= strlen(uuid); i++)
		upper[i] = uuid[i] >= 'a' && uuid[i] <= 'f' ? uuid[i] - 32 : uuid[i];
	EXPECT_EQ(-EEXIST, vgpu_create(GPU, t, upper)) TH_LOG("upper case %s", upper);
	EXPECT_EQ(1, count_mdevs());
	EXPECT_EQ((long)t->divisor - 1, type_available(GPU, t));
}

/* Tests of the whole GPU: start and end with no vGPU. */
FIXTURE(gpu) {
};

FIXTURE_SETUP(gpu)
{
	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded (no %s/%s)", MDEV_BUS_DIR, GPU);
	destroy_all_mdevs();
	ASSERT_EQ(0, count_mdevs());
}

FIXTURE_TEARDOWN(gpu)
{
	destroy_all_mdevs();
}

/* The contract's example, then back. */
TEST_F(gpu, accounting_across_types)
{
	char u2[UUID_LEN], u8[UUID_LEN], u64[UUID_LEN];

	EXPECT_AVAIL_ALL();
	ASSERT_EQ(0, vgpu_create_new(GPU, type_2, u2));
	EXPECT_AVAIL(0, 1, 2, 4, 8, 16, 32);
	ASSERT_EQ(0, vgpu_create_new(GPU, type_8, u8));
	EXPECT_AVAIL(0, 0, 1, 3, 6, 12, 24);
	ASSERT_EQ(0, vgpu_create_new(GPU, type_64, u64));
	EXPECT_AVAIL(0, 0, 1, 2, 5, 11, 23);
	EXPECT_EQ(0, vgpu_destroy(u2));
	EXPECT_AVAIL(0, 1, 3, 6, 13, 27, 55);
	EXPECT_EQ(0, vgpu_destroy(u8));
	EXPECT_AVAIL(0, 1, 3, 7, 15, 31, 63);
	EXPECT_EQ(0, vgpu_destroy(u64));
	EXPECT_AVAIL_ALL();
	EXPECT_EQ(0, count_mdevs());
}

/*
 * Every size at once: 1/2 + 1/4 + 1/8 + 1/16 + 1/32 + 2 x 1/64 fill the
 * GPU; freeing the 1/8 leaves room for exactly that much of each smaller
 * type.
 */
TEST_F(gpu, mix_of_every_size)
{
	static const unsigned int mix[] = { 1, 2, 3, 4, 5, 6, 6 };
	char uuid[ARRAY_SIZE(mix)][UUID_LEN];
	u64 base, size, used = 0, slice = mvgpu_vram_bytes() / MVGPU_SLICES;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mix); i++) {
		ASSERT_EQ(0, vgpu_create_new(GPU, &types[mix[i]], uuid[i]))
			TH_LOG("%s", types[mix[i]].dir);
		ASSERT_EQ(0, vgpu_attr(uuid[i], "vram_base", &base));
		ASSERT_EQ(0, vgpu_attr(uuid[i], "vram_size", &size));
		EXPECT_EQ(0ULL, used & (~0ULL >> (64 - size / slice)) << base / slice)
			TH_LOG("%s overlaps", types[mix[i]].dir);
		used |= (~0ULL >> (64 - size / slice)) << base / slice;
	}
	EXPECT_EQ(~0ULL, used);
	EXPECT_AVAIL(0, 0, 0, 0, 0, 0, 0);
	EXPECT_EQ(0, vgpu_destroy(uuid[2]));
	EXPECT_AVAIL(0, 0, 0, 1, 2, 4, 8);
	EXPECT_EQ((int)ARRAY_SIZE(mix) - 1, count_mdevs());
}

/*
 * Free slices that are not aligned blocks do not count: fill the GPU with
 * 1-slice vGPUs, free every other one, and compare available_instances
 * with what the remaining vGPUs' positions allow.
 */
TEST_F(gpu, accounting_fragmentation)
{
	const unsigned int n = 8, per = MVGPU_SLICES / 8;
	char uuid[8][UUID_LEN];
	int slice[8];
	u64 used = 0, mask = ~0ULL >> (64 - per);
	int i, live = n;
	size_t k;

	for (i = 0; i < (int)n; i++) {
		ASSERT_EQ(0, vgpu_create_new(GPU, type_8, uuid[i]));
		slice[i] = vgpu_first_slice(uuid[i]);
		ASSERT_LE(0, slice[i]);
		ASSERT_GT(MVGPU_SLICES, slice[i]);
		EXPECT_EQ(0, slice[i] % per);
		used |= mask << slice[i];
	}
	EXPECT_EQ(~0ULL, used);
	EXPECT_AVAIL(0, 0, 0, 0, 0, 0, 0);
	for (i = 0; i < (int)n; i++) {
		if (!(slice[i] / per & 1))
			continue;
		EXPECT_EQ(0, vgpu_destroy(uuid[i]));
		used &= ~(mask << slice[i]);
		live--;
	}
	EXPECT_AVAIL(0, 0, 0, 4, 8, 16, 32);
	/* Now free the third eighth, then the first. */
	for (k = 0; k < 2; k++) {
		int want = k ? 0 : 2 * per;

		for (i = 0; i < (int)n; i++)
			if (slice[i] == want)
				break;
		ASSERT_GT((int)n, i);
		EXPECT_EQ(0, vgpu_destroy(uuid[i]));
		used &= ~(mask << want);
		live--;
		EXPECT_AVAIL(free_blocks(used, 64), free_blocks(used, 32),
			     free_blocks(used, 16), free_blocks(used, 8),
			     free_blocks(used, 4), free_blocks(used, 2),
			     free_blocks(used, 1));
	}
	EXPECT_EQ(live, count_mdevs());
	destroy_all_mdevs();
	EXPECT_AVAIL_ALL();
}

#define NR_SMALL	64
#define SMALL_WORK	(16u << 10)

/*
 * 64 vGPUs of 1/64 on one GPU, all open at once, each running a checked
 * round of FILL, COPY and CRC32C on its copy and its compute engine: the
 * smallest share holds a ring, a status page and real work.
 */
TEST_F_TIMEOUT(gpu, sixty_four_vgpus_at_work, 900)
{
	static const enum mvg_op ops[] = { MVG_OP_FILL, MVG_OP_COPY, MVG_OP_CRC };
	char (*uuid)[UUID_LEN] = calloc(NR_SMALL, UUID_LEN);
	struct mvg_guest *g = calloc(NR_SMALL, sizeof(*g));
	unsigned int i, k, e, opened = 0, bad = 0;
	u64 id, seen = 0;
	struct mvg_work w;

	ASSERT_NE(NULL, uuid);
	ASSERT_NE(NULL, g);
	for (i = 0; i < NR_SMALL; i++)
		ASSERT_EQ(0, vgpu_create_new(GPU, type_64, uuid[i])) TH_LOG("vGPU %u", i);
	EXPECT_AVAIL(0, 0, 0, 0, 0, 0, 0);
	for (i = 0; i < NR_SMALL; i++) {
		if (mvg_open(&g[i], uuid[i], 512u << 10)) {
			TH_LOG("open %u: %s", i, g[i].err);
			break;
		}
		opened++;
		EXPECT_EQ(1u, g[i].slices);
		EXPECT_EQ(0u, g[i].gtt_base % (MVGPU_GTT_ENTRIES / MVGPU_SLICES));
		ASSERT_EQ(0, vgpu_attr(uuid[i], "vgpu_id", &id));
		EXPECT_EQ(id, (u64)g[i].vgpu_id);
		seen |= 1ULL << (g[i].gtt_base / (MVGPU_GTT_ENTRIES / MVGPU_SLICES));
	}
	EXPECT_EQ((unsigned int)NR_SMALL, opened);
	EXPECT_EQ(~0ULL, seen) TH_LOG("GTT shares %#llx", (unsigned long long)seen);
	for (i = 0; i < opened; i++) {
		e = i % 2 ? MVGPU_ENGINE_COMPUTE(0) : MVGPU_ENGINE_COPY(0);
		if (mvg_engine_init(&g[i], e, 0) ||
		    mvg_work_init(&g[i], &w, SMALL_WORK)) {
			TH_LOG("vGPU %u: %s", i, g[i].err);
			bad++;
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(ops); k++) {
			if (mvg_work_round(&g[i], e, &w, ops[k], i * 16 + k, 20000)) {
				TH_LOG("vGPU %u %s: %s", i, mvg_op_name(ops[k]), g[i].err);
				bad++;
			}
		}
	}
	EXPECT_EQ(0u, bad);
	for (i = 0; i < opened; i++)
		mvg_close(&g[i]);
	for (i = 0; i < NR_SMALL; i++)
		EXPECT_EQ(0, vgpu_destroy(uuid[i]));
	EXPECT_AVAIL_ALL();
	free(g);
	free(uuid);
}

/* A child's loop of create/destroy; ENOSPC is the only acceptable error. */
static int churn(const struct mvgpu_type *t, int loops, int *created)
{
	char uuid[UUID_LEN];
	int i, ret, bad = 0;

	for (i = 0; i < loops; i++) {
		ret = vgpu_create_new(GPU, t, uuid);
		if (ret == -ENOSPC)
			continue;
		if (ret) {
			fprintf(stderr, "#  [%d] create %s: %s\n", getpid(), t->dir,
				strerror(-ret));
			bad++;
			continue;
		}
		(*created)++;
		if (!vgpu_exists(uuid)) {
			fprintf(stderr, "#  [%d] %s missing after create\n", getpid(), uuid);
			bad++;
		}
		ret = vgpu_destroy(uuid);
		if (ret) {
			fprintf(stderr, "#  [%d] destroy %s: %s\n", getpid(), uuid,
				strerror(-ret));
			bad++;
		}
	}
	return bad;
}

#define CHURN_CHILDREN	6
#define CHURN_LOOPS	30

TEST_F_TIMEOUT(gpu, concurrent_create_destroy, 600)
{
	static const int type_of_child[CHURN_CHILDREN] = { 6, 5, 3, 2, 1, 0 };
	pid_t pid[CHURN_CHILDREN];
	int i, status, failures = 0;

	for (i = 0; i < CHURN_CHILDREN; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i]) {
			int created = 0, bad;

			bad = churn(&types[type_of_child[i]], CHURN_LOOPS, &created);
			fprintf(stderr, "#  child %d (%s): %d created, %d errors\n", i,
				types[type_of_child[i]].dir, created, bad);
			_exit(bad ? 1 : 0);
		}
	}
	for (i = 0; i < CHURN_CHILDREN; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failures++;
	}
	EXPECT_EQ(0, failures);
	EXPECT_EQ(0, count_mdevs());
	EXPECT_AVAIL_ALL();
}

/* Several processes create the same UUIDs: exactly one wins each. */
TEST_F_TIMEOUT(gpu, concurrent_same_uuid, 300)
{
	enum { NR_UUIDS = 8, NR_CHILDREN = 4 };
	char uuid[NR_UUIDS][UUID_LEN];
	int *wins, i, status;
	pid_t pid[NR_CHILDREN];

	for (i = 0; i < NR_UUIDS; i++)
		uuid_new(uuid[i]);
	wins = mmap(NULL, 2 * NR_UUIDS * sizeof(int), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, wins);
	for (i = 0; i < NR_CHILDREN; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i]) {
			int j, ret;

			for (j = 0; j < NR_UUIDS; j++) {
				ret = vgpu_create(GPU, type_8, uuid[j]);
				if (!ret)
					__atomic_fetch_add(&wins[j], 1, __ATOMIC_SEQ_CST);
				else if (ret != -EEXIST)
					__atomic_fetch_add(&wins[NR_UUIDS + j], 1,
							   __ATOMIC_SEQ_CST);
			}
			_exit(0);
		}
	}
	for (i = 0; i < NR_CHILDREN; i++)
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
	for (i = 0; i < NR_UUIDS; i++) {
		EXPECT_EQ(1, wins[i]) TH_LOG("UUID %d created %d times", i, wins[i]);
		EXPECT_EQ(0, wins[NR_UUIDS + i]) TH_LOG("UUID %d: other errors", i);
		EXPECT_TRUE(vgpu_exists(uuid[i]));
		EXPECT_EQ(0, vgpu_destroy(uuid[i]));
	}
	munmap(wins, 2 * NR_UUIDS * sizeof(int));
	EXPECT_EQ(0, count_mdevs());
	EXPECT_AVAIL_ALL();
}

TEST_HARNESS_MAIN
