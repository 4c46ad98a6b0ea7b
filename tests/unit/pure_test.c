// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userspace tests of mvgpu's pure logic: the slice allocator, the type
 * descriptions and config space emulation.  The kernel's own .c files are
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

/* Every bitmap, every size: find and available agree with brute force. */
static void slices_exhaustive(void)
{
	unsigned int count, first, n;
	u32 used;
	int got;

	for (used = 0; used <= MVGPU_SLICES_ALL; used++) {
		for (count = 1; count <= MVGPU_SLICES; count <<= 1) {
			n = 0;
			got = -ENOSPC;
			for (first = 0; first < MVGPU_SLICES; first += count) {
				if (used & mvgpu_slices_mask(first, count))
					continue;
				if (!n)
					got = first;
				n++;
			}
			CHECK(mvgpu_slices_find(used, count) == got);
			CHECK(mvgpu_slices_available(used, count) == n);
		}
	}
	CHECK(mvgpu_slices_find(0, 3) == -EINVAL);
	CHECK(mvgpu_slices_find(0, 0) == -EINVAL);
	CHECK(mvgpu_slices_available(0, 16) == 0);
}

static void type_descriptions(void)
{
	char buf[128];
	unsigned int i;
	int len;

	for (i = 0; i < MVGPU_NUM_TYPES; i++) {
		len = mvgpu_type_describe(&mvgpu_type_table[i], 128ULL << 20,
					  buf, sizeof(buf));
		CHECK(len == (int)strlen(buf));
		CHECK(buf[len - 1] == '\n');
		CHECK(strstr(buf, "max_instance="));
	}
	len = mvgpu_type_describe(&mvgpu_type_table[1], 1ULL << 30, buf,
				  sizeof(buf));
	CHECK(!strncmp(buf, "1/2 GPU: framebuffer=512M, gtt_entries=65536,", 45));
	CHECK(!strcmp(buf + 45, " weight=4, max_instance=2\n"));
	CHECK(mvgpu_type_describe(&mvgpu_type_table[1], 1ULL << 30, buf, 4) == 3);
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
	printf("TAP version 13\n1..4\n");
	run(slices_exhaustive, "slices_exhaustive");
	run(type_descriptions, "type_descriptions");
	run(cfg_random_writes, "cfg_random_writes");
	run(cfg_bar_sizing, "cfg_bar_sizing");
	return test_failed ? 1 : 0;
}
