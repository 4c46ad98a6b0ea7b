// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace tests of mvgpu's pure logic: the slice allocator, the type
 * table (shared and dedicated-engine types), the engines a vGPU sees, the
 * type descriptions and config space emulation.  The kernel's own .c files are
 * compiled here unchanged, against the small shims in shim/, under
 * AddressSanitizer and UndefinedBehaviorSanitizer.  Output is TAP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../drivers/mvgpu/vgpu/types.c"
#include "../../drivers/mvgpu/vgpu/cfg_space.c"
#include "harness.h"

/* Brute force: the lowest free aligned run and the number of free ones. */
static void slices_model(u64 used, unsigned int count, int *first,
			 unsigned int *n)
{
	unsigned int f, i;
	int busy;

	*first = -ENOSPC;
	*n = 0;
	for (f = 0; f < MVGPU_SLICES; f += count) {
		busy = 0;
		for (i = f; i < f + count; i++)
			busy |= !!(used & (1ULL << i));
		if (busy)
			continue;
		if (!*n)
			*first = f;
		(*n)++;
	}
}

static u64 rand64(void)
{
	return (u64)rand() << 62 ^ (u64)rand() << 31 ^ (u64)rand();
}

/*
 * Every size, against brute force: every bitmap of the low 16 slices (the
 * rest free, or all taken), then random bitmaps of all 64 at densities from
 * sparse to nearly full.
 */
static void slices_model_check(void)
{
	unsigned int count, n, i, k;
	u64 used, high;
	int first;

	for (k = 0; k < 2; k++) {
		high = k ? ~0xffffULL : 0;
		for (used = 0; used <= 0xffff; used++) {
			for (count = 1; count <= MVGPU_SLICES; count <<= 1) {
				slices_model(used | high, count, &first, &n);
				CHECK(mvgpu_slices_find(used | high, count) == first);
				CHECK(mvgpu_slices_available(used | high, count) == n);
			}
		}
	}
	srand(2);
	for (i = 0; i < 200000; i++) {
		used = rand64();
		for (k = i % 4; k; k--)
			used &= rand64();	/* sparser */
		if (i & 8)
			used = ~used;		/* or fuller */
		for (count = 1; count <= MVGPU_SLICES; count <<= 1) {
			slices_model(used, count, &first, &n);
			CHECK(mvgpu_slices_find(used, count) == first);
			CHECK(mvgpu_slices_available(used, count) == n);
		}
	}
	CHECK(mvgpu_slices_mask(0, 64) == ~0ULL);
	CHECK(mvgpu_slices_mask(63, 1) == 1ULL << 63);
	CHECK(MVGPU_SLICES_ALL == ~0ULL);
	CHECK(mvgpu_slices_find(0, 3) == -EINVAL);
	CHECK(mvgpu_slices_find(0, 0) == -EINVAL);
	CHECK(mvgpu_slices_find(0, 128) == -EINVAL);
	CHECK(mvgpu_slices_available(0, 128) == 0);
}

static const struct mvgpu_type_info *type_named(const char *sysfs_name)
{
	unsigned int i;

	for (i = 0; i < MVGPU_MAX_TYPES; i++)
		if (!strcmp(mvgpu_type_table[i].sysfs_name, sysfs_name))
			return &mvgpu_type_table[i];
	return NULL;
}

/*
 * The table: shares tile the GPU, names are unique, today's types keep
 * their numbers (VINFO_WEIGHT and the share), the finer ones exist, and
 * 64 vGPUs of 1/64 fill a GPU with at least a ring and a status page of
 * GTT each, on the smallest GPU too.
 */
static void type_table(void)
{
	static const unsigned int legacy[][2] = {
		{ 1, 8 }, { 2, 4 }, { 4, 2 }, { 8, 1 },
	};
	const struct mvgpu_type_info *a, *b;
	char name[8];
	unsigned int i, j, n;
	u64 used = 0;
	int first;

	for (i = 0; i < MVGPU_MAX_TYPES; i++) {
		a = &mvgpu_type_table[i];
		CHECK(a->slices * a->denominator == MVGPU_SLICES);
		CHECK(a->weight >= 1);
		CHECK(a->name && strlen(a->name) < 24);
		for (j = i + 1; j < MVGPU_MAX_TYPES; j++) {
			b = &mvgpu_type_table[j];
			CHECK(strcmp(a->sysfs_name, b->sysfs_name));
			CHECK(strcmp(a->name, b->name));
			CHECK(mvgpu_type_subsys_id(a) != mvgpu_type_subsys_id(b));
		}
	}
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "%u", legacy[i][0]);
		a = type_named(name);
		CHECK(a && a->denominator == legacy[i][0]);
		CHECK(a && a->weight == legacy[i][1]);
		CHECK(a && !mvgpu_type_dedicated(a));
	}
	CHECK(type_named("16") && type_named("32"));
	a = type_named("64");
	CHECK(a && a->slices == 1);
	for (n = 0; a && (first = mvgpu_slices_find(used, a->slices)) >= 0; n++)
		used |= mvgpu_slices_mask(first, a->slices);
	CHECK(n == 64);
	CHECK(used == MVGPU_SLICES_ALL);
	CHECK(MVGPU_GTT_ENTRIES / MVGPU_SLICES >= 16);
	CHECK((16ULL << 20) / MVGPU_SLICES >= 64 * 1024);
}

/* Which GPUs offer which dedicated types, and how many of them fit. */
static void type_dedicated(void)
{
	const u32 sh = MVGPU_ENGINES_COMPUTE_SHIFT;
	const struct mvgpu_type_info *d2 = type_named("2d");
	const struct mvgpu_type_info *dc = type_named("4d-copy");
	const struct mvgpu_type_info *dk = type_named("4d-compute");
	unsigned int i, offered;

	CHECK(d2 && dc && dk);
	if (!d2 || !dc || !dk)
		return;
	/* 1 copy + 1 compute: today's GPU, only the shared types. */
	for (i = offered = 0; i < MVGPU_MAX_TYPES; i++)
		offered += mvgpu_type_offered(&mvgpu_type_table[i], 1 | 1 << sh);
	CHECK(offered == 7);
	CHECK(!mvgpu_type_offered(d2, 2 | 1 << sh));
	CHECK(mvgpu_type_offered(dc, 2 | 1 << sh));
	CHECK(!mvgpu_type_offered(dk, 2 | 1 << sh));
	CHECK(mvgpu_type_offered(dk, 1 | 2 << sh));
	CHECK(mvgpu_type_max_instances(d2, 2 | 2 << sh) == 1);
	CHECK(mvgpu_type_max_instances(d2, 3 | 2 << sh) == 1);
	/* Memory bounds it too: two halves at most. */
	CHECK(mvgpu_type_max_instances(d2, 8 | 8 << sh) == 2);
	CHECK(mvgpu_type_max_instances(dc, 8 | 1 << sh) == 4);
	CHECK(mvgpu_type_subsys_id(type_named("8")) == 8);
	CHECK(mvgpu_type_subsys_id(type_named("64")) == 1);
	CHECK(mvgpu_type_subsys_id(d2) == (32 | 1 << 8 | 1 << 12));
	CHECK(mvgpu_engines_reservable(1 | 1 << sh) == 0);
	CHECK(mvgpu_engines_reservable(8 | 8 << sh) == 0xfefe);
}

/*
 * Every mask of usable engines on every GPU shape: the vGPU sees as many
 * engines of each kind as are usable, its numbers map onto them in order,
 * and never onto an engine it may not use.
 */
static void engine_maps(void)
{
	const u32 sh = MVGPU_ENGINES_COMPUTE_SHIFT;
	unsigned int copy, compute, e, i, seen_copy, seen_compute;
	u8 map[MVGPU_NUM_ENGINE_IDS];
	u32 usable, engines, got;

	for (copy = 1; copy <= MVGPU_MAX_COPY_ENGINES; copy++) {
		for (compute = 1; compute <= MVGPU_MAX_COMPUTE_ENGINES; compute++) {
			engines = copy | compute << sh;
			for (usable = 0; usable <= 0xffff; usable += 1 + (usable & 7)) {
				got = mvgpu_engines_map(engines, usable, map);
				seen_copy = 0;
				seen_compute = 0;
				for (e = 0; e < copy; e++)
					seen_copy += !!(usable & 1u << e);
				for (e = 0; e < compute; e++)
					seen_compute += !!(usable & 1u << (8 + e));
				CHECK(got == (seen_copy | seen_compute << sh));
				for (i = 0; i < seen_copy; i++) {
					CHECK(map[i] < copy);
					CHECK(usable & 1u << map[i]);
					CHECK(!i || map[i] > map[i - 1]);
				}
				for (i = 0; i < seen_compute; i++) {
					e = map[MVGPU_ENGINE_COMPUTE(i)];
					CHECK(e >= 8 && e < 8 + compute);
					CHECK(usable & 1u << e);
				}
			}
			CHECK(mvgpu_engines_map(engines, ~0u, map) == engines);
			for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++)
				CHECK(map[e] == e);
			CHECK(!(mvgpu_engines_reservable(engines) & 0x101));
		}
	}
}

static void type_descriptions(void)
{
	const u32 one_each = 1 | 1 << MVGPU_ENGINES_COMPUTE_SHIFT;
	const u32 two_each = 2 | 2 << MVGPU_ENGINES_COMPUTE_SHIFT;
	char buf[160];
	unsigned int i;
	int len;

	for (i = 0; i < MVGPU_MAX_TYPES; i++) {
		len = mvgpu_type_describe(&mvgpu_type_table[i], 128ULL << 20,
					  two_each, buf, sizeof(buf));
		CHECK(len == (int)strlen(buf));
		CHECK(buf[len - 1] == '\n');
		CHECK(strstr(buf, "max_instance="));
		CHECK(!strstr(buf, "copy_engines=") ==
		      !mvgpu_type_dedicated(&mvgpu_type_table[i]));
	}
	len = mvgpu_type_describe(type_named("2"), 1ULL << 30, one_each, buf,
				  sizeof(buf));
	CHECK(!strncmp(buf, "1/2 GPU: framebuffer=512M, gtt_entries=65536,", 45));
	CHECK(!strcmp(buf + 45, " weight=4, max_instance=2\n"));
	mvgpu_type_describe(type_named("64"), 16ULL << 20, one_each, buf,
			    sizeof(buf));
	CHECK(!strcmp(buf,
		      "1/64 GPU: framebuffer=256K, gtt_entries=2048, weight=1, max_instance=64\n"));
	mvgpu_type_describe(type_named("2d"), 128ULL << 20, two_each, buf,
			    sizeof(buf));
	CHECK(!strncmp(buf, "1/2 GPU: framebuffer=64M, gtt_entries=65536, ", 45));
	CHECK(!strcmp(buf + 45,
		      "weight=4, max_instance=1, copy_engines=1, compute_engines=1\n"));
	CHECK(mvgpu_type_describe(type_named("2"), 1ULL << 30, one_each, buf,
				  4) == 3);
	CHECK(!strcmp(buf, "1/2"));
}

/* Random writes of every size never change a read-only bit. */
static void cfg_random_writes(void)
{
	static struct mvgpu_cfg cfg;
	u8 before[MVGPU_PCI_CFG_SIZE], val[8];
	unsigned int i, j, off, count, o;

	srand(1);
	mvgpu_cfg_init(&cfg, 4, MVGPU_BAR0_SIZE, 64ULL << 20);
	for (i = 0; i < 200000; i++) {
		off = rand() % (MVGPU_PCI_CFG_SIZE + 8);
		count = 1u << (rand() % 4);
		for (j = 0; j < count; j++)
			val[j] = rand();
		memcpy(before, cfg.data, sizeof(before));
		if (mvgpu_cfg_write(&cfg, off, val, count)) {
			CHECK(off + count > MVGPU_PCI_CFG_SIZE);
			CHECK(!memcmp(before, cfg.data, sizeof(before)));
			continue;
		}
		for (o = 0; o < MVGPU_PCI_CFG_SIZE; o++) {
			u8 fixed = ~(cfg.wmask[o] | cfg.w1cmask[o]);

			CHECK((before[o] & fixed) == (cfg.data[o] & fixed));
		}
	}
	CHECK(mvgpu_cfg_read16(&cfg, 0) == MVGPU_PCI_VENDOR_ID);
	CHECK(mvgpu_cfg_read16(&cfg, 0x2e) == 4);
	mvgpu_cfg_init(&cfg, 0x1120, MVGPU_BAR0_SIZE, 2ULL << 20);
	CHECK(mvgpu_cfg_read16(&cfg, PCI_SUBSYSTEM_ID) == 0x1120);
}

static void cfg_bar_sizing(void)
{
	static struct mvgpu_cfg cfg;
	static const u8 ones[4] = { 0xff, 0xff, 0xff, 0xff };

	mvgpu_cfg_init(&cfg, 1, MVGPU_BAR0_SIZE, 16ULL << 20);
	mvgpu_cfg_write(&cfg, PCI_BASE_ADDRESS_0, ones, 4);
	mvgpu_cfg_write(&cfg, PCI_BASE_ADDRESS_2, ones, 4);
	mvgpu_cfg_write(&cfg, PCI_BASE_ADDRESS_3, ones, 4);
	mvgpu_cfg_write(&cfg, PCI_BASE_ADDRESS_4, ones, 4);
	CHECK(mvgpu_cfg_read32(&cfg, PCI_BASE_ADDRESS_0) == 0xffe00000u);
	CHECK(mvgpu_cfg_read32(&cfg, PCI_BASE_ADDRESS_2) == 0xff00000cu);
	CHECK(mvgpu_cfg_read32(&cfg, PCI_BASE_ADDRESS_3) == 0xffffffffu);
	CHECK(mvgpu_cfg_read32(&cfg, PCI_BASE_ADDRESS_4) == 0);
}

int main(void)
{
	printf("TAP version 13\n1..7\n");
	run(slices_model_check, "slices_model_check");
	run(type_table, "type_table");
	run(type_dedicated, "type_dedicated");
	run(engine_maps, "engine_maps");
	run(type_descriptions, "type_descriptions");
	run(cfg_random_writes, "cfg_random_writes");
	run(cfg_bar_sizing, "cfg_bar_sizing");
	return test_failed ? 1 : 0;
}
