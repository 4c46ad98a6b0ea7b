// SPDX-License-Identifier: GPL-2.0-only
/*
 * KMS and fbdev of the DRM driver, on the emulated GPU: the modules are
 * reloaded with mvgpu.force_kms=1 (a vGPU gets KMS by itself; the emulated
 * GPU only when asked), the console's framebuffer device appears, a
 * pattern written to /dev/fbN reaches the plane, and the plane registers
 * and the frame it scans (mvgpu_sim's debugfs plane and scanout) are
 * checked pixel by pixel.  Blanking turns the plane off, unblanking on.
 * Without the parameter the driver stays a render node: no framebuffer
 * device, the plane off.  The modules are reloaded as run.sh left them.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"

#define SIM_DEBUGFS	"/sys/kernel/debug/mvgpu_sim/gpu0"

struct plane_regs {
	unsigned int ctl, status, format, width, height, stride;
	unsigned long long base;
};

static int plane_regs(struct plane_regs *p)
{
	char line[256];

	if (sysfs_read(SIM_DEBUGFS "/plane", line, sizeof(line)) < 0)
		return -1;
	return sscanf(line, "ctl %i status %i format %u base %lli width %u height %u stride %u",
		      &p->ctl, &p->status, &p->format, &p->base, &p->width,
		      &p->height, &p->stride) == 7 ? 0 : -1;
}

/* The frame the plane shows now; its size in *len (0: nothing shown). */
static u8 *scanout(size_t want, size_t *len)
{
	u8 *buf = calloc(1, want + 1);
	int fd = open(SIM_DEBUGFS "/scanout", O_RDONLY);
	ssize_t n;

	*len = 0;
	if (fd < 0 || !buf) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + *len, want + 1 - *len)) > 0)
		*len += n;
	close(fd);
	return buf;
}

/* /dev/fbN of the mvgpu DRM device ("mvgpudrmfb"), or -1. */
static int find_fb(char *dev, size_t len)
{
	char path[128], name[64];
	int i;

	for (i = 0; i < 32; i++) {
		snprintf(path, sizeof(path), "/sys/class/graphics/fb%d/name", i);
		if (sysfs_read(path, name, sizeof(name)) < 0)
			continue;
		if (strstr(name, "mvgpu")) {
			snprintf(dev, len, "/dev/fb%d", i);
			return i;
		}
	}
	return -1;
}

/* Keep the console off the framebuffer: its cursor would draw over. */
static void unbind_fbcon(void)
{
	char path[128], name[128];
	int i;

	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "/sys/class/vtconsole/vtcon%d/name", i);
		if (sysfs_read(path, name, sizeof(name)) < 0)
			continue;
		if (!strstr(name, "frame buffer"))
			continue;
		snprintf(path, sizeof(path), "/sys/class/vtconsole/vtcon%d/bind", i);
		sysfs_write(path, "0");
	}
}

static u32 pixel(u32 x, u32 y)
{
	return ((x * 0x9e3779b1u) ^ (y * 0x85ebca6bu)) & 0x00ffffff;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

FIXTURE(kms) {
	int fbfd;
	char fbdev[32];
};

FIXTURE_VARIANT(kms) {
	bool force;
};

FIXTURE_VARIANT_ADD(kms, forced) { .force = true };
FIXTURE_VARIANT_ADD(kms, render_only) { .force = false };

FIXTURE_SETUP(kms)
{
	int i;

	self->fbfd = -1;
	if (!mvgpu_present())
		SETUP_SKIP("mvgpu not loaded");
	destroy_all_mdevs();
	ASSERT_EQ(0, mvgpu_unload());
	ASSERT_EQ(0, mvgpu_load(variant->force ? "mvgpu.force_kms=1" : NULL));
	/* fbdev comes up as the DRM device registers; allow it a moment. */
	for (i = 0; i < 50 && find_fb(self->fbdev, sizeof(self->fbdev)) < 0 &&
		    variant->force; i++)
		usleep(100000);
}

FIXTURE_TEARDOWN(kms)
{
	if (self->fbfd >= 0)
		close(self->fbfd);
	mvgpu_unload();
	mvgpu_load(NULL);
}

/* The pattern written to /dev/fbN is what the plane scans. */
TEST_F_TIMEOUT(kms, fbdev_reaches_plane, 240)
{
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	struct plane_regs p;
	size_t size, len = 0;
	u32 x, y, v, bad = 0;
	u8 *img, *frame = NULL;
	double t0;

	if (!variant->force) {
		EXPECT_GT(0, find_fb(self->fbdev, sizeof(self->fbdev)));
		ASSERT_EQ(0, plane_regs(&p));
		EXPECT_EQ(0, p.ctl);
		EXPECT_EQ(0, p.status);
		return;
	}
	ASSERT_LE(0, find_fb(self->fbdev, sizeof(self->fbdev)))
		TH_LOG("no framebuffer device of mvgpu");
	unbind_fbcon();
	self->fbfd = open(self->fbdev, O_RDWR);
	ASSERT_LE(0, self->fbfd) TH_LOG("%s: %s", self->fbdev, strerror(errno));
	ASSERT_EQ(0, ioctl(self->fbfd, FBIOGET_VSCREENINFO, &var));
	ASSERT_EQ(0, ioctl(self->fbfd, FBIOGET_FSCREENINFO, &fix));
	TH_LOG("%s: %ux%u, %u bpp, line %u", self->fbdev, var.xres, var.yres,
	       var.bits_per_pixel, fix.line_length);
	EXPECT_EQ(1024, var.xres);
	EXPECT_EQ(768, var.yres);
	ASSERT_EQ(32, var.bits_per_pixel);

	size = (size_t)fix.line_length * var.yres;
	img = malloc(size);
	ASSERT_NE(NULL, img);
	for (y = 0; y < var.yres; y++)
		for (x = 0; x < var.xres; x++) {
			v = pixel(x, y);
			memcpy(img + (size_t)y * fix.line_length + x * 4, &v, 4);
		}
	ASSERT_EQ((ssize_t)size, pwrite(self->fbfd, img, size, 0));

	ASSERT_EQ(0, plane_regs(&p));
	EXPECT_EQ(MVGPU_PLANE_ENABLE, p.ctl);
	EXPECT_EQ(MVGPU_PLANE_STATUS_ACTIVE, p.status);
	EXPECT_EQ(MVGPU_FORMAT_XRGB8888, p.format);
	EXPECT_EQ(var.xres, p.width);
	EXPECT_EQ(var.yres, p.height);
	EXPECT_EQ(0, p.stride % MVGPU_PLANE_STRIDE_ALIGN);
	EXPECT_EQ(0, p.base % MVGPU_PLANE_BASE_ALIGN);

	/* fbdev flushes its shadow into the BO shortly (deferred I/O). */
	for (t0 = now_s(); now_s() - t0 < 10; usleep(100000)) {
		free(frame);
		frame = scanout((size_t)p.width * 4 * p.height, &len);
		ASSERT_NE(NULL, frame);
		if (len == (size_t)p.width * 4 * p.height &&
		    !memcmp(frame, img, p.width * 4) &&
		    !memcmp(frame + (len - p.width * 4),
			    img + (size_t)(p.height - 1) * fix.line_length,
			    p.width * 4))
			break;
	}
	TH_LOG("the plane showed the pattern after %.2f s", now_s() - t0);
	ASSERT_EQ((size_t)p.width * 4 * p.height, len);
	for (y = 0; y < p.height; y++)
		for (x = 0; x < p.width; x++) {
			memcpy(&v, frame + ((size_t)y * p.width + x) * 4, 4);
			if ((v & 0x00ffffff) == pixel(x, y))
				continue;
			if (!bad++)
				TH_LOG("pixel (%u, %u): %#x, want %#x", x, y, v,
				       pixel(x, y));
		}
	EXPECT_EQ(0, bad);

	/* Blank: the plane is off; unblank: on again. */
	ASSERT_EQ(0, ioctl(self->fbfd, FBIOBLANK, FB_BLANK_POWERDOWN));
	ASSERT_EQ(0, plane_regs(&p));
	EXPECT_EQ(0, p.ctl);
	free(frame);
	frame = scanout(16, &len);
	EXPECT_EQ(0, len);
	ASSERT_EQ(0, ioctl(self->fbfd, FBIOBLANK, FB_BLANK_UNBLANK));
	ASSERT_EQ(0, plane_regs(&p));
	EXPECT_EQ(MVGPU_PLANE_ENABLE, p.ctl);
	EXPECT_EQ(MVGPU_PLANE_STATUS_ACTIVE, p.status);
	free(frame);
	free(img);
}

TEST_HARNESS_MAIN
