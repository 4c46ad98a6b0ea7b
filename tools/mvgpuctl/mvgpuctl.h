/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpuctl: administer mvgpu vGPUs through the mdev sysfs interface.
 *
 * One file per noun: type.c lists vGPU types, vgpu.c creates, lists and
 * destroys vGPUs, sysfs.c reads and writes the sysfs tree, main.c parses the
 * global options and dispatches to a command.
 */
#ifndef MVGPUCTL_H
#define MVGPUCTL_H

#include <stdbool.h>
#include <stddef.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
/* The kernel's __printf(), which userspace headers lack. */
#define __mvgpuctl_attr(x)	__attribute__(x)
#define __printf(a, b)		__mvgpuctl_attr((format(printf, a, b)))

#define MVGPUCTL_VERSION	"0.1.0"

/* Exit codes. */
#define MVGPUCTL_EXIT_OK	0	/* the operation succeeded */
#define MVGPUCTL_EXIT_FAIL	1	/* the operation failed */
#define MVGPUCTL_EXIT_USAGE	2	/* bad command line */

/* sysfs paths, relative to the root (MVGPU_SYSFS_ROOT, default /sys). */
#define MDEV_BUS_CLASS		"class/mdev_bus"
#define MDEV_DEVICES		"bus/mdev/devices"
#define MVGPU_TYPE_PREFIX	"mvgpu-"

/* Global options, set by main.c. */
extern bool json_output;
extern bool pretty_output;

/* main.c: messages; each returns the exit code to use. */
__printf(2, 3) int fail(const char *cmd, const char *fmt, ...);
__printf(2, 3) int usage_error(const char *cmd, const char *fmt, ...);
void print_json(void *obj);	/* a struct json_object *, consumed */

/* sysfs.c */
struct name_list {
	char **names;
	int count;
};

void sysfs_init(void);
const char *sysfs_root(void);
__printf(3, 4) int sysfs_path(char *buf, size_t len, const char *fmt, ...);
int sysfs_read_str(const char *path, char *buf, size_t len);
int sysfs_read_u64(const char *path, unsigned long long *val);
int sysfs_write_str(const char *path, const char *str);
int list_gpus(struct name_list *out);
int list_types(const char *gpu, struct name_list *out);
int list_vgpus(struct name_list *out);
void name_list_free(struct name_list *list);
int resolve_gpu(const char *arg, char *gpu, size_t len);
int resolve_type(const char *gpu, const char *arg, char *type, size_t len);
const char *errno_name(int err);

/* Commands. */
int cmd_types(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);

#endif /* MVGPUCTL_H */
