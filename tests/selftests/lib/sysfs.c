// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu selftests: sysfs and module helpers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <uuid/uuid.h>

#include "mvgpu_test.h"

const struct mvgpu_type mvgpu_types[4] = {
	{ "mvgpu-1", "MVGPU-1", 1, MVGPU_SLICES / 1 },
	{ "mvgpu-2", "MVGPU-2", 2, MVGPU_SLICES / 2 },
	{ "mvgpu-4", "MVGPU-4", 4, MVGPU_SLICES / 4 },
	{ "mvgpu-8", "MVGPU-8", 8, MVGPU_SLICES / 8 },
};

const struct mvgpu_type *mvgpu_type_by_slices(unsigned int slices)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mvgpu_types); i++)
		if (mvgpu_types[i].slices == slices)
			return &mvgpu_types[i];
	/* A test asking for a type that does not exist is a bug of the test. */
	fprintf(stderr, "no vGPU type of %u slices\n", slices);
	abort();
}

int sysfs_read(const char *path, char *buf, size_t len)
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
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

int sysfs_read_u64(const char *path, u64 *val)
{
	char buf[64], *end;
	int ret;

	ret = sysfs_read(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

/* One write(2) of the whole string: its errno is the kernel's answer. */
int sysfs_write(const char *path, const char *str)
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
	close(fd);
	return ret;
}

bool mvgpu_present(void)
{
	return !access(MDEV_BUS_DIR "/" MVGPU_GPU0 "/mdev_supported_types", F_OK);
}

u64 mvgpu_vram_bytes(void)
{
	u64 mb;

	if (sysfs_read_u64("/sys/module/mvgpu_sim/parameters/vram_mb", &mb))
		mb = 128;
	return mb << 20;
}

int type_attr(const char *gpu, const struct mvgpu_type *t, const char *attr,
	      char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_BUS_DIR "/%s/mdev_supported_types/%s/%s",
		 gpu, t->dir, attr);
	return sysfs_read(path, buf, len);
}

long type_available(const char *gpu, const struct mvgpu_type *t)
{
	char buf[32], *end;
	long val;
	int ret;

	ret = type_attr(gpu, t, "available_instances", buf, sizeof(buf));
	if (ret)
		return ret;
	val = strtol(buf, &end, 10);
	return *end || end == buf ? -EINVAL : val;
}

void uuid_new(char uuid[UUID_LEN])
{
	uuid_t bin;

	uuid_generate_random(bin);
	uuid_unparse_lower(bin, uuid);
}

int vgpu_create(const char *gpu, const struct mvgpu_type *t, const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_BUS_DIR "/%s/mdev_supported_types/%s/create",
		 gpu, t->dir);
	return sysfs_write(path, uuid);
}

int vgpu_create_new(const char *gpu, const struct mvgpu_type *t,
		    char uuid[UUID_LEN])
{
	uuid_new(uuid);
	return vgpu_create(gpu, t, uuid);
}

int vgpu_destroy(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/remove", uuid);
	return sysfs_write(path, "1");
}

bool vgpu_exists(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s", uuid);
	return !access(path, F_OK);
}

int vgpu_attr(const char *uuid, const char *attr, u64 *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s/mvgpu/%s", uuid, attr);
	return sysfs_read_u64(path, val);
}

typedef void (*mdev_fn)(const char *uuid);

static int walk_mdevs(mdev_fn fn)
{
	struct dirent *e;
	int n = 0;
	DIR *dir;

	dir = opendir(MDEV_DEVICES_DIR);
	if (!dir)
		return 0;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (fn)
			fn(e->d_name);
		n++;
	}
	closedir(dir);
	return n;
}

int count_mdevs(void)
{
	return walk_mdevs(NULL);
}

static void destroy_one(const char *uuid)
{
	vgpu_destroy(uuid);
}

void destroy_all_mdevs(void)
{
	walk_mdevs(destroy_one);
}

/* The repository root: $MVGPU_TOP, else <top>/tests/selftests/build/<binary>. */
const char *mvgpu_top(void)
{
	static char top[PATH_MAX];
	const char *env = getenv("MVGPU_TOP");
	char *slash;
	ssize_t n;
	int i;

	if (env && *env)
		return env;
	if (*top)
		return top;
	n = readlink("/proc/self/exe", top, sizeof(top) - 1);
	if (n < 0)
		return ".";
	top[n] = '\0';
	for (i = 0; i < 4; i++) {
		slash = strrchr(top, '/');
		if (slash)
			*slash = '\0';
	}
	return top;
}

int run_cmd(const char *fmt, ...)
{
	char cmd[2 * PATH_MAX];
	va_list ap;
	int status;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(NULL);
	status = system(cmd);
	if (status < 0)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool module_loaded(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	return !access(path, F_OK);
}

/* scripts/mvgpu-load --unload: rmmod mvgpu, then mvgpu_sim. */
int mvgpu_unload(void)
{
	return run_cmd("%s/scripts/mvgpu-load --unload", mvgpu_top());
}

/* scripts/mvgpu-load; params are mvgpu_sim's, e.g. "num_gpus=2". */
int mvgpu_load(const char *params)
{
	return run_cmd("%s/scripts/mvgpu-load %s", mvgpu_top(), params ? params : "");
}
