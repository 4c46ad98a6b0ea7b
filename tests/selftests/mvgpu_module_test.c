// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading and unloading the modules: the parents that appear, num_gpus=2,
 * unloading with vGPUs present, rmmod while a VFIO device or a render
 * client is open (must fail cleanly, then work once it is closed), and
 * unbinding a GPU while both a vGPU and a render client are open.
 *
 * Loads and unloads with scripts/mvgpu-load; every test leaves the modules
 * loaded with their default parameters, as run.sh expects.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "drm_client.h"

#define MVGPU_DRV_DIR	"/sys/bus/mvgpu/drivers/mvgpu"

static bool parent_exists(const char *gpu)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_BUS_DIR "/%s/mdev_supported_types", gpu);
	return !access(path, F_OK);
}

FIXTURE(modules) {
};

FIXTURE_SETUP(modules)
{
	if (geteuid())
		SETUP_SKIP("needs root");
	if (!module_loaded("mvgpu"))
		SETUP_SKIP("mvgpu not loaded (run.sh loads it)");
	destroy_all_mdevs();
}

FIXTURE_TEARDOWN(modules)
{
	/* Back to the default state whatever happened. */
	if (!parent_exists("mvgpu0") || parent_exists("mvgpu1")) {
		mvgpu_unload();
		mvgpu_load(NULL);
	}
}

TEST_F_TIMEOUT(modules, default_one_gpu, 120)
{
	char path[PATH_MAX];
	size_t i;

	EXPECT_TRUE(module_loaded("mvgpu_sim"));
	EXPECT_TRUE(module_loaded("mvgpu_vgpu"));
	EXPECT_TRUE(parent_exists("mvgpu0"));
	EXPECT_FALSE(parent_exists("mvgpu1"));
	EXPECT_EQ(0, access("/sys/bus/mvgpu/devices/mvgpu0", F_OK)) TH_LOG("no bus mvgpu");
	snprintf(path, sizeof(path), "/sys/bus/mvgpu/devices/mvgpu0/driver");
	EXPECT_EQ(0, access(path, F_OK)) TH_LOG("mvgpu0 is not bound");
	for (i = 0; i < ARRAY_SIZE(mvgpu_types); i++) {
		EXPECT_EQ((long)mvgpu_types[i].divisor,
			  type_available("mvgpu0", &mvgpu_types[i]));
	}
}

TEST_F_TIMEOUT(modules, unload_and_reload, 120)
{
	ASSERT_EQ(0, mvgpu_unload());
	EXPECT_FALSE(module_loaded("mvgpu"));
	EXPECT_FALSE(module_loaded("mvgpu_sim"));
	EXPECT_FALSE(module_loaded("mvgpu_vgpu"));
	EXPECT_FALSE(parent_exists("mvgpu0"));
	ASSERT_EQ(0, mvgpu_load(NULL));
	EXPECT_TRUE(parent_exists("mvgpu0"));
	EXPECT_EQ(1L, type_available("mvgpu0", &mvgpu_types[0]));
}

TEST_F_TIMEOUT(modules, two_gpus, 120)
{
	char uuid[UUID_LEN], path[PATH_MAX], real[PATH_MAX];
	static const char *const gpus[] = { "mvgpu0", "mvgpu1" };
	size_t g, i;

	ASSERT_EQ(0, mvgpu_unload());
	ASSERT_EQ(0, mvgpu_load("num_gpus=2"));
	for (g = 0; g < ARRAY_SIZE(gpus); g++) {
		ASSERT_TRUE(parent_exists(gpus[g])) TH_LOG("%s", gpus[g]);
		for (i = 0; i < ARRAY_SIZE(mvgpu_types); i++) {
			EXPECT_EQ((long)mvgpu_types[i].divisor,
				  type_available(gpus[g], &mvgpu_types[i]))
				TH_LOG("%s %s", gpus[g], mvgpu_types[i].dir);
		}
	}
	EXPECT_FALSE(parent_exists("mvgpu2"));

	/* The GPUs are independent. */
	ASSERT_EQ(0, vgpu_create_new("mvgpu1", &mvgpu_types[0], uuid));
	EXPECT_EQ(0L, type_available("mvgpu1", &mvgpu_types[0]));
	EXPECT_EQ(1L, type_available("mvgpu0", &mvgpu_types[0]));
	snprintf(path, sizeof(path), MDEV_DEVICES_DIR "/%s", uuid);
	ASSERT_NE(NULL, realpath(path, real));
	EXPECT_NE(NULL, strstr(real, "/mvgpu1/")) TH_LOG("%s", real);
	EXPECT_EQ(0, vgpu_destroy(uuid));
	EXPECT_EQ(1L, type_available("mvgpu1", &mvgpu_types[0]));

	ASSERT_EQ(0, mvgpu_unload());
	EXPECT_FALSE(parent_exists("mvgpu0"));
	EXPECT_FALSE(parent_exists("mvgpu1"));
	ASSERT_EQ(0, mvgpu_load(NULL));
	EXPECT_TRUE(parent_exists("mvgpu0"));
	EXPECT_FALSE(parent_exists("mvgpu1"));
}

/* vGPUs that nobody opened go away with the module. */
TEST_F_TIMEOUT(modules, unload_with_vgpus, 120)
{
	char a[UUID_LEN], b[UUID_LEN];

	ASSERT_EQ(0, vgpu_create_new("mvgpu0", &mvgpu_types[2], a));
	ASSERT_EQ(0, vgpu_create_new("mvgpu0", &mvgpu_types[3], b));
	ASSERT_EQ(0, mvgpu_unload());
	EXPECT_FALSE(vgpu_exists(a));
	EXPECT_FALSE(vgpu_exists(b));
	EXPECT_EQ(0, count_mdevs());
	ASSERT_EQ(0, mvgpu_load(NULL));
	EXPECT_EQ(4L, type_available("mvgpu0", &mvgpu_types[2]));
}

TEST_F_TIMEOUT(modules, rmmod_while_open, 120)
{
	struct vfio_dev dev;
	char uuid[UUID_LEN];
	long ret;

	if (access("/dev/vfio/vfio", F_OK))
		SKIP(return, "no /dev/vfio/vfio");
	ASSERT_EQ(0, vgpu_create_new("mvgpu0", &mvgpu_types[2], uuid));
	ASSERT_EQ(0, vfio_dev_open(&dev, uuid));
	ASSERT_EQ(MVGPU_ID_MAGIC, bar0_read32(&dev, MVGPU_REG_ID_MAGIC));

	/* The rmmod tool refuses ("in use"); the syscall says why. */
	EXPECT_NE(0, run_cmd("out=$(rmmod mvgpu_vgpu 2>&1); rc=$?; "
			     "echo \"# rmmod: $out\"; exit $rc"));
	ret = syscall(SYS_delete_module, "mvgpu_vgpu", O_NONBLOCK);
	EXPECT_EQ(-1, ret);
	EXPECT_TRUE(errno == EBUSY || errno == EWOULDBLOCK)
		TH_LOG("delete_module: %s", strerror(errno));

	/* Nothing was torn down. */
	EXPECT_TRUE(module_loaded("mvgpu_vgpu"));
	EXPECT_TRUE(vgpu_exists(uuid));
	EXPECT_EQ(MVGPU_ID_MAGIC, bar0_read32(&dev, MVGPU_REG_ID_MAGIC));
	EXPECT_EQ(0, bar0_write32(&dev, MVGPU_REG_SCRATCH(0), 0x600d600d));
	EXPECT_EQ(0x600d600d, bar0_read32(&dev, MVGPU_REG_SCRATCH(0)));

	vfio_dev_close(&dev);
	EXPECT_EQ(0, run_cmd("rmmod mvgpu_vgpu"));
	EXPECT_FALSE(module_loaded("mvgpu_vgpu"));
	EXPECT_FALSE(vgpu_exists(uuid));
	EXPECT_EQ(0, mvgpu_unload());
	ASSERT_EQ(0, mvgpu_load(NULL));
	EXPECT_TRUE(parent_exists("mvgpu0"));
}

/*
 * The render node holds mvgpu.ko while a client has it open, also after
 * its GPU went away with the emulated GPU's module.
 */
TEST_F_TIMEOUT(modules, rmmod_with_render_client_open, 120)
{
	struct client c;
	long ret;

	ASSERT_EQ(0, client_open(&c, BO_SIZE));
	ASSERT_EQ(0, client_round(&c, MVGPU_ENGINE_COPY(0), 3));
	EXPECT_EQ(0, run_cmd("rmmod mvgpu_vgpu"));
	EXPECT_EQ(0, run_cmd("rmmod mvgpu_sim"));
	/* The GPU is gone: ioctls fail, the mappings still work. */
	EXPECT_EQ(-ENODEV, mvgpu_wait_bo(c.fd, c.dst.handle, 0));
	memset(c.dst.map, 0x5a, c.dst.size);
	ret = syscall(SYS_delete_module, "mvgpu", O_NONBLOCK);
	EXPECT_EQ(-1, ret);
	EXPECT_TRUE(errno == EBUSY || errno == EWOULDBLOCK)
		TH_LOG("delete_module: %s", strerror(errno));
	EXPECT_TRUE(module_loaded("mvgpu"));
	client_close(&c);
	EXPECT_EQ(0, run_cmd("rmmod mvgpu"));
	EXPECT_FALSE(module_loaded("mvgpu"));
	ASSERT_EQ(0, mvgpu_load(NULL));
	EXPECT_TRUE(parent_exists("mvgpu0"));
}

/*
 * Unbinding a GPU with a vGPU and a render client open: the vGPUs go first
 * (unbind waits for the VMM to close), the render node keeps working until
 * then, and is unplugged after.
 */
TEST_F_TIMEOUT(modules, unbind_with_vgpu_and_render_open, 120)
{
	char uuid[UUID_LEN];
	struct vfio_dev dev;
	struct client c;
	int status;
	pid_t pid;

	if (access("/dev/vfio/vfio", F_OK))
		SKIP(return, "no /dev/vfio/vfio");
	ASSERT_EQ(0, vgpu_create_new("mvgpu0", &mvgpu_types[2], uuid));
	ASSERT_EQ(0, vfio_dev_open(&dev, uuid));
	ASSERT_EQ(0, client_open(&c, BO_SIZE));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd;

		/* The VFIO fds must not stay open in the child: unbind waits for them. */
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		_exit(sysfs_write(MVGPU_DRV_DIR "/unbind", MVGPU_GPU0) ? 1 : 0);
	}
	usleep(300000);
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG)) TH_LOG("unbind did not wait for the VMM");
	EXPECT_EQ(0, client_round(&c, MVGPU_ENGINE_COPY(0), 4));

	vfio_dev_close(&dev);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	EXPECT_FALSE(vgpu_exists(uuid));
	EXPECT_EQ(-ENODEV, mvgpu_wait_bo(c.fd, c.dst.handle, 0));
	client_close(&c);

	ASSERT_EQ(0, sysfs_write(MVGPU_DRV_DIR "/bind", MVGPU_GPU0));
	EXPECT_TRUE(parent_exists("mvgpu0"));
	ASSERT_EQ(0, client_open(&c, BO_SIZE));
	EXPECT_EQ(0, client_round(&c, MVGPU_ENGINE_COPY(0), 5));
	client_close(&c);
}

TEST_HARNESS_MAIN
