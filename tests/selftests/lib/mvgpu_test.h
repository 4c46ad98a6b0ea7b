/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers of the mvgpu selftests: the sysfs side (types, create,
 * destroy, attributes, module load/unload) here, and the VFIO side
 * (container, group and device, regions, config space, BAR0, DMA,
 * interrupts) from the userspace guest's library, tools/mvgpu-guest.
 *
 * Functions return 0 or a negative errno unless documented otherwise.
 */
#ifndef MVGPU_TEST_H
#define MVGPU_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/types.h>
#include <linux/vfio.h>

#include <mvgpu/mvgpu_hw.h>

/* The VFIO side: struct vfio_dev, cfg_*(), bar0_*(), irq_*(), ... */
#include "mvguest_vfio.h"

/* Kernel names for userspace types and attributes. */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
#define __mvgpu_attr(x)	__attribute__(x)
#define __printf(a, b)	__mvgpu_attr((format(printf, a, b)))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define MDEV_BUS_DIR		"/sys/class/mdev_bus"
#define MDEV_DEVICES_DIR	"/sys/bus/mdev/devices"
#define MVGPU_GPU0		"mvgpu0"
#define UUID_LEN		37	/* with the NUL */

/*
 * SKIP() from a FIXTURE_SETUP.  The 6.1 harness still runs the test body
 * after a setup that skipped, so leave the test the way a failed ASSERT
 * does; the setup must release what it took before using this.
 */
#define SETUP_SKIP(fmt, ...) \
	SKIP(longjmp(_metadata->env, 1), fmt, ##__VA_ARGS__)

/* What the contract says about each vGPU type. */
struct mvgpu_type {
	const char *dir;		/* mdev_supported_types/<dir> */
	const char *name;		/* contents of <dir>/name */
	unsigned int divisor;		/* 1, 2, 4, 8: max instances */
	unsigned int slices;		/* MVGPU_SLICES / divisor */
};

extern const struct mvgpu_type mvgpu_types[4];
const struct mvgpu_type *mvgpu_type_by_slices(unsigned int slices);

/* ---- sysfs ---------------------------------------------------------- */

int sysfs_read(const char *path, char *buf, size_t len);
int sysfs_read_u64(const char *path, u64 *val);
int sysfs_write(const char *path, const char *str);

bool mvgpu_present(void);
u64 mvgpu_vram_bytes(void);	/* of one GPU, from vram_mb */
int type_attr(const char *gpu, const struct mvgpu_type *t, const char *attr,
	      char *buf, size_t len);
long type_available(const char *gpu, const struct mvgpu_type *t);
void uuid_new(char uuid[UUID_LEN]);
int vgpu_create(const char *gpu, const struct mvgpu_type *t, const char *uuid);
int vgpu_create_new(const char *gpu, const struct mvgpu_type *t,
		    char uuid[UUID_LEN]);
int vgpu_destroy(const char *uuid);
bool vgpu_exists(const char *uuid);
int vgpu_attr(const char *uuid, const char *attr, u64 *val);
int count_mdevs(void);
void destroy_all_mdevs(void);

/* ---- modules -------------------------------------------------------- */

const char *mvgpu_top(void);
__printf(1, 2) int run_cmd(const char *fmt, ...);
bool module_loaded(const char *name);
int mvgpu_unload(void);
int mvgpu_load(const char *sim_params);

#endif /* MVGPU_TEST_H */
