// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading and writing one sysfs attribute (see sysfs_io.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysfs_io.h"

/* Read an attribute into buf, without its trailing newline and blanks. */
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

/* Attributes are decimal or 0x-prefixed hexadecimal, never negative. */
int sysfs_parse_u64(const char *str, unsigned long long *val)
{
	char *end;

	if (!isdigit((unsigned char)str[0]))
		return -EINVAL;
	errno = 0;
	*val = strtoull(str, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

int sysfs_read_u64(const char *path, unsigned long long *val)
{
	char buf[64];
	int ret;

	ret = sysfs_read_str(path, buf, sizeof(buf));
	return ret ? ret : sysfs_parse_u64(buf, val);
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
