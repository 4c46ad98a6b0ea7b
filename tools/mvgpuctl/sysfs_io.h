/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading and writing one sysfs attribute.  Self-contained (libc only) so
 * that other userspace programs of the tree (the selftests) can share it.
 * Each function returns 0 or a negative errno.
 */
#ifndef MVGPU_SYSFS_IO_H
#define MVGPU_SYSFS_IO_H

#include <stddef.h>

int sysfs_read_str(const char *path, char *buf, size_t len);
int sysfs_read_u64(const char *path, unsigned long long *val);
int sysfs_parse_u64(const char *str, unsigned long long *val);
int sysfs_write_str(const char *path, const char *str);

#endif /* MVGPU_SYSFS_IO_H */
