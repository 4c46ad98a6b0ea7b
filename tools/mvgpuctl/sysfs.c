// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs access for mvgpuctl.
 *
 * Every path is built under a root directory, /sys unless the environment
 * variable MVGPU_SYSFS_ROOT names another one, so that the tool can be tested
 * against a fake tree.  Functions return 0 or a negative errno.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mvgpuctl.h"

static const char *root = "/sys";

void sysfs_init(void)
{
	const char *env = getenv("MVGPU_SYSFS_ROOT");

	if (env && *env)
		root = env;
}

const char *sysfs_root(void)
{
	return root;
}

int sysfs_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s/", root);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - n)
		return -ENAMETOOLONG;
	return 0;
}

/* Read a sysfs attribute into buf, without its trailing newline. */
int sysfs_read_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

/* Attributes are decimal or 0x-prefixed hexadecimal. */
int sysfs_read_u64(const char *path, unsigned long long *val)
{
	char buf[64], *end;
	int ret;

	ret = sysfs_read_str(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

/* One write(2), so that the kernel's errno reaches the caller. */
int sysfs_write_str(const char *path, const char *str)
{
	size_t len = strlen(str);
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, str, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

void name_list_free(struct name_list *list)
{
	int i;

	for (i = 0; i < list->count; i++)
		free(list->names[i]);
	free(list->names);
	list->names = NULL;
	list->count = 0;
}

static int name_list_add(struct name_list *list, const char *name)
{
	char **names;

	names = realloc(list->names, (list->count + 1) * sizeof(*names));
	if (!names)
		return -ENOMEM;
	list->names = names;
	names[list->count] = strdup(name);
	if (!names[list->count])
		return -ENOMEM;
	list->count++;
	return 0;
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * List the entries of the directory at rel (relative to the root), in
 * version order (mvgpu2 before mvgpu10), keeping those keep() accepts.
 * A missing directory is an empty list.
 */
static int list_dir(const char *rel, bool (*keep)(const char *dir, const char *name),
		    struct name_list *out)
{
	struct dirent **ents;
	char dir[PATH_MAX];
	int i, n, ret;

	out->names = NULL;
	out->count = 0;
	ret = sysfs_path(dir, sizeof(dir), "%s", rel);
	if (ret)
		return ret;
	n = scandir(dir, &ents, not_dot, versionsort);
	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (i = 0; i < n; i++) {
		if (!ret && (!keep || keep(dir, ents[i]->d_name)))
			ret = name_list_add(out, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	if (ret)
		name_list_free(out);
	return ret;
}

static bool is_mvgpu_type(const char *dir, const char *name)
{
	(void)dir;
	return !strncmp(name, MVGPU_TYPE_PREFIX, strlen(MVGPU_TYPE_PREFIX));
}

/* An mdev parent is an mvgpu GPU when it offers mvgpu types. */
static bool is_mvgpu_parent(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *types;

	if (snprintf(path, sizeof(path), "%s/%s/mdev_supported_types",
		     dir, name) >= (int)sizeof(path))
		return false;
	types = opendir(path);
	if (!types)
		return false;
	while (!found && (d = readdir(types)))
		found = is_mvgpu_type(path, d->d_name);
	closedir(types);
	return found;
}

/* An mdev device is an mvgpu vGPU when its type is an mvgpu type. */
static bool is_mvgpu_vgpu(const char *dir, const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	if (snprintf(path, sizeof(path), "%s/%s/mdev_type", dir, name) >=
	    (int)sizeof(path))
		return false;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return is_mvgpu_type(NULL, basename(target));
}

int list_gpus(struct name_list *out)
{
	return list_dir(MDEV_BUS_CLASS, is_mvgpu_parent, out);
}

int list_types(const char *gpu, struct name_list *out)
{
	char rel[PATH_MAX];

	if (snprintf(rel, sizeof(rel), MDEV_BUS_CLASS "/%s/mdev_supported_types",
		     gpu) >= (int)sizeof(rel))
		return -ENAMETOOLONG;
	return list_dir(rel, is_mvgpu_type, out);
}

int list_vgpus(struct name_list *out)
{
	return list_dir(MDEV_DEVICES, is_mvgpu_vgpu, out);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* "mvgpu1" or "1" names the GPU mvgpu1. */
int resolve_gpu(const char *arg, char *gpu, size_t len)
{
	struct name_list gpus;
	int i, ret;

	ret = list_gpus(&gpus);
	if (ret)
		return ret;
	ret = -ENOENT;
	for (i = 0; i < gpus.count; i++) {
		const char *name = gpus.names[i];

		if (!strcmp(arg, name) ||
		    (all_digits(arg) && !strncmp(name, "mvgpu", 5) &&
		     !strcmp(name + 5, arg))) {
			snprintf(gpu, len, "%s", name);
			ret = 0;
			break;
		}
	}
	name_list_free(&gpus);
	return ret;
}

/*
 * A type is named by its directory ("mvgpu-4"), by the contents of its name
 * attribute in any case ("MVGPU-4"), or by its slice divisor alone ("4").
 */
int resolve_type(const char *gpu, const char *arg, char *type, size_t len)
{
	char path[PATH_MAX], name[128];
	struct name_list types;
	int i, ret;

	ret = list_types(gpu, &types);
	if (ret)
		return ret;
	ret = -ENOENT;
	for (i = 0; i < types.count && ret; i++) {
		const char *dir = types.names[i];
		bool match = !strcasecmp(arg, dir);

		if (!match && all_digits(arg))
			match = !strcmp(dir + strlen(MVGPU_TYPE_PREFIX), arg);
		if (!match &&
		    !sysfs_path(path, sizeof(path), MDEV_BUS_CLASS
				"/%s/mdev_supported_types/%s/name", gpu, dir) &&
		    !sysfs_read_str(path, name, sizeof(name)))
			match = !strcasecmp(arg, name);
		if (match) {
			snprintf(type, len, "%s", dir);
			ret = 0;
		}
	}
	name_list_free(&types);
	return ret;
}

const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "unknown error";
}
