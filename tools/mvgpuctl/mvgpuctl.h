/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpuctl: administer mvgpu vGPUs through the mdev sysfs interface.
 *
 * One file per noun: gpu.c the GPUs (mdev parents), type.c the vGPU types,
 * vgpu.c the vGPUs themselves (list, create, destroy, info, set), stats.c
 * their counters (stats) and top.c the live view of them; sysfs.c reads the
 * sysfs tree, sysfs_io.c one attribute; main.c parses the global options and
 * dispatches to a command.
 */
#ifndef MVGPUCTL_H
#define MVGPUCTL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "sysfs_io.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
/* The kernel's __printf(), which userspace headers lack. */
#define __mvgpuctl_attr(x)	__attribute__(x)
#define __printf(a, b)		__mvgpuctl_attr((format(printf, a, b)))

#define MVGPUCTL_VERSION	"0.2.0"

/* Exit codes. */
#define MVGPUCTL_EXIT_OK	0	/* the operation succeeded */
#define MVGPUCTL_EXIT_FAIL	1	/* the operation failed */
#define MVGPUCTL_EXIT_USAGE	2	/* bad command line */

/* sysfs paths, relative to the root (MVGPU_SYSFS_ROOT, default /sys). */
#define MDEV_BUS_CLASS		"class/mdev_bus"
#define MDEV_DEVICES		"bus/mdev/devices"
#define MVGPU_TYPE_PREFIX	"mvgpu-"
#define MVGPU_GROUP		"mvgpu"	/* the driver's attribute group */
#define SCHED_GROUP		"sched"	/* a GPU's scheduler group */

#define UUID_STR_LEN		37

struct json_object;

/* Global options, set by main.c. */
extern bool json_output;
extern bool pretty_output;

/* main.c: messages; each returns the exit code to use. */
__printf(2, 3) int fail(const char *cmd, const char *fmt, ...);
__printf(2, 3) int usage_error(const char *cmd, const char *fmt, ...);
void print_json(struct json_object *obj);	/* consumes obj */
/* Parse a command's options; returns -1 at the end, or an exit code. */
struct option;
int next_option(const char *cmd, int argc, char **argv, const char *optstring,
		const struct option *options, int *opt);
bool parse_uint(const char *s, unsigned long long max, unsigned long long *val);
bool parse_seconds(const char *s, double *val);

/* sysfs.c */
struct name_list {
	char **names;
	int count;
};

/* One readable file of an attribute directory. */
struct attr {
	char name[NAME_MAX + 1];
	char value[128];		/* the text, without its newline */
	unsigned long long num;		/* the value, when numeric */
	int err;			/* 0, or the errno of reading it */
	bool numeric;
	bool writable;			/* its mode has a write bit */
};

struct attr_set {
	struct attr *attrs;
	int count;
};

void sysfs_init(void);
const char *sysfs_root(void);
__printf(3, 4) int sysfs_path(char *buf, size_t len, const char *fmt, ...);
int list_gpus(struct name_list *out);
int list_types(const char *gpu, struct name_list *out);
int list_vgpus(struct name_list *out);
void name_list_free(struct name_list *list);
int resolve_gpu(const char *arg, char *gpu, size_t len);
void gpu_device(const char *gpu, char *dev, size_t len);
int resolve_type(const char *gpu, const char *arg, char *type, size_t len);
int read_dir_names(const char *dir, struct name_list *out);
int read_link_name(const char *path, char *name, size_t len);
int read_attrs(const char *dir, struct attr_set *set);
void attr_set_free(struct attr_set *set);
const struct attr *attr_find(const struct attr_set *set, const char *name);
void attr_add_json(struct json_object *obj, struct json_object *errors,
		   const struct attr *a);
const char *errno_name(int err);
const char *error_text(int err);

/* type.c: a type's description, "1/D GPU: key=value, key=value". */
struct type_desc {
	unsigned int denominator;	/* D; 0 if the description has none */
	int nr_params;
	struct {
		char key[32];
		char value[64];
	} params[8];
};

int read_type_desc(const char *gpu, const char *type, struct type_desc *d);
void parse_type_desc(const char *desc, struct type_desc *d);
const char *type_param(const struct type_desc *d, const char *key);
bool parse_size(const char *s, unsigned long long *bytes);

/* vgpu.c */
struct vgpu {
	char uuid[UUID_STR_LEN];
	char gpu[NAME_MAX + 1];
	char type[NAME_MAX + 1];
	struct attr_set attrs;		/* the mvgpu/ group */
};

int parse_uuid(const char *cmd, const char *arg, char *uuid);
int read_vgpu(const char *uuid, struct vgpu *v, bool with_attrs);
void vgpu_free(struct vgpu *v);
bool is_config_attr(const char *name);

/* stats.c: samples of the vGPUs' counters. */
struct sample {
	double time;			/* CLOCK_MONOTONIC, seconds */
	struct vgpu *vgpus;
	int count;
};

int take_sample(struct sample *s, char **uuids, int nr_uuids, const char *gpu);
void sample_free(struct sample *s);
bool counter_rate(const struct sample *prev, const struct sample *cur,
		  const struct vgpu *v, const struct attr *a, double *rate);
bool is_time_counter(const char *name);
const char *engine_counter(const char *name, char *engine, size_t len);
void format_rate(char *buf, size_t len, const char *name, double rate);
struct json_object *vgpu_sample_json(const struct sample *prev,
				     const struct sample *cur,
				     const struct vgpu *v);

/* Commands. */
int cmd_gpus(int argc, char **argv);
int cmd_types(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_top(int argc, char **argv);

#endif /* MVGPUCTL_H */
