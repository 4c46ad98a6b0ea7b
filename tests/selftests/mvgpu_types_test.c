// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu vGPU types and lifecycle through mdev sysfs: the types a GPU
 * offers, create/destroy of each, available_instances accounting across
 * types, the error codes of create, and concurrent create/destroy.
 *
 * Needs the modules loaded (run.sh does it) and no vGPU existing.
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

#define GPU		MVGPU_GPU0

static const struct mvgpu_type *type_2 = &mvgpu_types[1];
static const struct mvgpu_type *type_4 = &mvgpu_types[2];
static const struct mvgpu_type *type_8 = &mvgpu_types[3];

/* available_instances of the four types, in mvgpu_types[] order. */
static void read_avail(long avail[4])
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mvgpu_types); i++)
		avail[i] = type_available(GPU, &mvgpu_types[i]);
}

#define EXPECT_AVAIL(a1, a2, a4, a8) do {				\
	long __avail[4];						\
	read_avail(__avail);						\
	EXPECT_EQ(a1, __avail[0]) TH_LOG("mvgpu-1 available_instances");	\
	EXPECT_EQ(a2, __avail[1]) TH_LOG("mvgpu-2 available_instances");	\
	EXPECT_EQ(a4, __avail[2]) TH_LOG("mvgpu-4 available_instances");	\
	EXPECT_EQ(a8, __avail[3]) TH_LOG("mvgpu-8 available_instances");	\
} while (0)

/* Free aligned blocks of n slices in a bitmap of used slices. */
static long free_blocks(unsigned int used, unsigned int n)
{
	unsigned int mask = (1u << n) - 1, s;
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

TEST(gpu0_offers_four_types)
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
		for (i = 0; i < ARRAY_SIZE(mvgpu_types); i++)
			if (!strcmp(e->d_name, mvgpu_types[i].dir))
				break;
		if (i < ARRAY_SIZE(mvgpu_types)) {
			found++;
		} else {
			others++;
			TH_LOG("unexpected type directory %s", e->d_name);
		}
	}
	closedir(d);
	EXPECT_EQ(4, found);
	EXPECT_EQ(0, others);
}

FIXTURE(type) {
	char uuid[MVGPU_SLICES][UUID_LEN];
	int created;
};

FIXTURE_VARIANT(type) {
	const struct mvgpu_type *t;
};

FIXTURE_VARIANT_ADD(type, mvgpu_1) { .t = &mvgpu_types[0] };
FIXTURE_VARIANT_ADD(type, mvgpu_2) { .t = &mvgpu_types[1] };
FIXTURE_VARIANT_ADD(type, mvgpu_4) { .t = &mvgpu_types[2] };
FIXTURE_VARIANT_ADD(type, mvgpu_8) { .t = &mvgpu_types[3] };

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
		 MVGPU_GTT_ENTRIES / MVGPU_SLICES * t->slices, t->slices, t->divisor);
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
	EXPECT_EQ((u64)t->slices, v);
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

TEST_F(type, exhaustion_enospc)
{
	const struct mvgpu_type *t = variant->t;
	u64 base[MVGPU_SLICES], size, id[MVGPU_SLICES];
	char extra[UUID_LEN];
	unsigned int i, j;
	size_t k;

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
	for (k = 0; k < ARRAY_SIZE(mvgpu_types); k++) {
		EXPECT_EQ(0, type_available(GPU, &mvgpu_types[k]))
			TH_LOG("%s", mvgpu_types[k].dir);
	}

	EXPECT_EQ(-ENOSPC, vgpu_create_new(GPU, t, extra));
	EXPECT_FALSE(vgpu_exists(extra));
	EXPECT_EQ(-ENOSPC, vgpu_create_new(GPU, type_8, extra));

	for (i = 0; i < t->divisor; i++)
		EXPECT_EQ(0, vgpu_destroy(self->uuid[i]));
	self->created = 0;
	EXPECT_AVAIL(1, 2, 4, 8);
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
	EXPECT_EQ(-EEXIST, vgpu_create(GPU, t == type_8 ? type_4 : type_8, uuid));
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
	char u2[UUID_LEN], u8[UUID_LEN];

	EXPECT_AVAIL(1, 2, 4, 8);
	ASSERT_EQ(0, vgpu_create_new(GPU, type_2, u2));
	EXPECT_AVAIL(0, 1, 2, 4);
	ASSERT_EQ(0, vgpu_create_new(GPU, type_8, u8));
	EXPECT_AVAIL(0, 0, 1, 3);
	EXPECT_EQ(0, vgpu_destroy(u2));
	EXPECT_AVAIL(0, 1, 3, 7);
	EXPECT_EQ(0, vgpu_destroy(u8));
	EXPECT_AVAIL(1, 2, 4, 8);
	EXPECT_EQ(0, count_mdevs());
}

/*
 * Free slices that are not aligned blocks do not count: fill the GPU with
 * 1-slice vGPUs, free every other one, and compare available_instances
 * with what the remaining vGPUs' positions allow.
 */
TEST_F(gpu, accounting_fragmentation)
{
	char uuid[MVGPU_SLICES][UUID_LEN];
	int slice[MVGPU_SLICES];
	unsigned int used = 0;
	int i, live = MVGPU_SLICES;
	size_t k;

	for (i = 0; i < MVGPU_SLICES; i++) {
		ASSERT_EQ(0, vgpu_create_new(GPU, type_8, uuid[i]));
		slice[i] = vgpu_first_slice(uuid[i]);
		ASSERT_LE(0, slice[i]);
		ASSERT_GT(MVGPU_SLICES, slice[i]);
		used |= 1u << slice[i];
	}
	EXPECT_EQ(0xffu, used);
	EXPECT_AVAIL(0, 0, 0, 0);
	for (i = 0; i < MVGPU_SLICES; i++) {
		if (!(slice[i] & 1))
			continue;
		EXPECT_EQ(0, vgpu_destroy(uuid[i]));
		used &= ~(1u << slice[i]);
		live--;
	}
	EXPECT_AVAIL(0, 0, 0, 4);
	/* Now free slice 2 then slice 0. */
	for (k = 0; k < 2; k++) {
		int want = k ? 0 : 2;

		for (i = 0; i < MVGPU_SLICES; i++)
			if (slice[i] == want)
				break;
		ASSERT_GT(MVGPU_SLICES, i);
		EXPECT_EQ(0, vgpu_destroy(uuid[i]));
		used &= ~(1u << want);
		live--;
		EXPECT_AVAIL(free_blocks(used, 8), free_blocks(used, 4),
			     free_blocks(used, 2), free_blocks(used, 1));
	}
	EXPECT_EQ(live, count_mdevs());
	destroy_all_mdevs();
	EXPECT_AVAIL(1, 2, 4, 8);
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
	static const int type_of_child[CHURN_CHILDREN] = { 3, 3, 2, 2, 1, 0 };
	pid_t pid[CHURN_CHILDREN];
	int i, status, failures = 0;

	for (i = 0; i < CHURN_CHILDREN; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i]) {
			int created = 0, bad;

			bad = churn(&mvgpu_types[type_of_child[i]], CHURN_LOOPS, &created);
			fprintf(stderr, "#  child %d (%s): %d created, %d errors\n", i,
				mvgpu_types[type_of_child[i]].dir, created, bad);
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
	EXPECT_AVAIL(1, 2, 4, 8);
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
	EXPECT_AVAIL(1, 2, 4, 8);
}

TEST_HARNESS_MAIN
