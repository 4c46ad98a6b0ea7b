// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GTT of a vGPU: guest memory mapped with VFIO_IOMMU_MAP_DMA, entries
 * written through BAR0.  What reached the real GTT is read from the vGPU's
 * debugfs file "gtt"; pins and refusals from its sysfs counters.  Checked:
 * system and device-memory entries translate, entries read back as
 * written, out-of-range / out-of-slice / reserved / unpinnable entries
 * never reach the GPU, overwrite, VFIO_IOMMU_UNMAP_DMA, reset, close and a
 * killed VMM unpin every page, another vGPU is unaffected.  Prints the
 * rate of GTT writes (not asserted).
 */
#include <signal.h>
#include <time.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "mvgpu_test.h"
#include "vgpu_fixture.h"
#include "vfio_dma.h"

/* Guest IOVAs the tests map: above 4 GiB, so entries have a high half. */
#define IOVA_A		0x100000000ULL
#define IOVA_B		0x200000000ULL

struct range {
	u32 base;	/* first entry the vGPU owns */
	u32 count;	/* entries it owns */
	u64 vram_base;
	u64 vram_size;
};

static void get_range(struct __test_metadata *_metadata, const char *uuid,
		      struct range *r)
{
	u64 v;

	ASSERT_EQ(0, vgpu_attr(uuid, "gtt_base", &v));
	r->base = v;
	ASSERT_EQ(0, vgpu_attr(uuid, "gtt_count", &v));
	r->count = v;
	ASSERT_EQ(0, vgpu_attr(uuid, "vram_base", &v));
	r->vram_base = v;
	ASSERT_EQ(0, vgpu_attr(uuid, "vram_size", &v));
	r->vram_size = v;
}

static u64 attr(const char *uuid, const char *name)
{
	u64 v = ~0ULL;

	vgpu_attr(uuid, name, &v);
	return v;
}

static int real_count(const char *uuid, const struct range *r, u64 *buf)
{
	return real_gtt(uuid, r->base, r->count, buf);
}

/* Poll a counter until it reads @want (a close may finish after exit). */
static u64 attr_wait(const char *uuid, const char *name, u64 want)
{
	u64 v = attr(uuid, name);
	int i;

	for (i = 0; i < 200 && v != want; i++) {
		usleep(10000);
		v = attr(uuid, name);
	}
	return v;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* System entries: pinned, DMA address in the real GTT, read back. */
TEST_F(vgpu, system_entries)
{
	const u32 n = 16;
	struct vfio_dev *d = &self->dev;
	struct range r;
	u64 *real;
	u8 *mem;
	u32 i;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	mem = vfio_dma_map(d, IOVA_A, n * GTT_PAGE);
	ASSERT_NE(NULL, mem) TH_LOG("MAP_DMA: %s", strerror(errno));

	for (i = 0; i < n; i++)
		ASSERT_EQ(0, gtt_write(d, r.base + i, gtt_system(IOVA_A + i * GTT_PAGE)));
	for (i = 0; i < n; i++)
		EXPECT_EQ(gtt_system(IOVA_A + i * GTT_PAGE), gtt_read(d, r.base + i));
	EXPECT_EQ(n, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(n, attr(self->uuid, "gtt_writes"));
	EXPECT_EQ(0, attr(self->uuid, "gtt_invalid"));

	ASSERT_EQ((int)n, real_count(self->uuid, &r, real));
	for (i = 0; i < n; i++) {
		/* The emulated GPU is a direct-mapped DMA master. */
		u64 phys = phys_addr_of(mem + i * GTT_PAGE);

		EXPECT_EQ(MVGPU_GTT_VALID | MVGPU_GTT_SYSTEM,
			  real[i] & ~MVGPU_GTT_ADDR_MASK) TH_LOG("entry %u", i);
		EXPECT_EQ(phys, real[i] & MVGPU_GTT_ADDR_MASK) TH_LOG("entry %u", i);
	}
	free(real);
}

/* Device memory: inside the slice it passes, outside it never does. */
TEST_F(vgpu, vram_entries)
{
	struct vfio_dev *d = &self->dev;
	u64 in0, in1, out_hi, *real;
	struct range r;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	in0 = r.vram_base | MVGPU_GTT_VALID;
	in1 = (r.vram_base + r.vram_size - GTT_PAGE) | MVGPU_GTT_VALID;
	out_hi = (r.vram_base + r.vram_size) | MVGPU_GTT_VALID;
	ASSERT_EQ(0, gtt_write(d, r.base, in0));
	ASSERT_EQ(0, gtt_write(d, r.base + 1, in1));
	ASSERT_EQ(0, gtt_write(d, r.base + 2, out_hi));
	if (r.vram_base)
		ASSERT_EQ(0, gtt_write(d, r.base + 3,
				       (r.vram_base - GTT_PAGE) | MVGPU_GTT_VALID));
	EXPECT_EQ(out_hi, gtt_read(d, r.base + 2));
	EXPECT_EQ(r.vram_base ? 2 : 1, attr(self->uuid, "gtt_invalid"));
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(2, real_count(self->uuid, &r, real));
	EXPECT_EQ(in0, real[0]);
	EXPECT_EQ(in1, real[1]);
	EXPECT_EQ(0, real[2]);
	free(real);
}

/* Reserved bits, unmapped IOVAs, entries not the guest's: refused. */
TEST_F(vgpu, refused_entries)
{
	struct vfio_dev *d = &self->dev;
	u64 bad_res, bad_iova, *real;
	u32 expect_invalid = 2;
	struct range r;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	ASSERT_NE(NULL, vfio_dma_map(d, IOVA_A, GTT_PAGE));
	bad_res = gtt_system(IOVA_A) | 0x10;
	bad_iova = gtt_system(IOVA_B);
	ASSERT_EQ(0, gtt_write(d, r.base, bad_res));
	ASSERT_EQ(0, gtt_write(d, r.base + 1, bad_iova));
	EXPECT_EQ(bad_res, gtt_read(d, r.base));
	EXPECT_EQ(bad_iova, gtt_read(d, r.base + 1));
	if (r.base + r.count < MVGPU_GTT_ENTRIES) {
		ASSERT_EQ(0, gtt_write(d, r.base + r.count, gtt_system(IOVA_A)));
		ASSERT_EQ(0, gtt_write(d, MVGPU_GTT_ENTRIES - 1,
				       r.vram_base | MVGPU_GTT_VALID));
		EXPECT_EQ(gtt_system(IOVA_A), gtt_read(d, r.base + r.count));
		expect_invalid += 2;
	}
	/* Clearing an entry is not a refusal. */
	ASSERT_EQ(0, gtt_write(d, r.base + 2, 0));
	EXPECT_EQ(expect_invalid, attr(self->uuid, "gtt_invalid"));
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(0, real_count(self->uuid, &r, real));
	free(real);
}

/*
 * Every write takes effect with the value the entry then holds: written
 * as two dwords, low half first, an entry maps the IOVA of the new low
 * and old high half for a moment (here unmapped: refused once).
 */
TEST_F(vgpu, dword_halves)
{
	struct vfio_dev *d = &self->dev;
	u64 want = gtt_system(IOVA_A + GTT_PAGE), *real;
	struct range r;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	ASSERT_NE(NULL, vfio_dma_map(d, IOVA_A, 2 * GTT_PAGE));
	ASSERT_EQ(0, bar0_write32(d, gtt_off(r.base), (u32)want));
	EXPECT_EQ(1, attr(self->uuid, "gtt_invalid"));
	EXPECT_EQ(0, real_count(self->uuid, &r, real));
	ASSERT_EQ(0, bar0_write32(d, gtt_off(r.base) + 4, want >> 32));
	EXPECT_EQ(want, gtt_read(d, r.base));
	EXPECT_EQ((u32)want, bar0_read32(d, gtt_off(r.base)));
	EXPECT_EQ(1, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(1, real_count(self->uuid, &r, real));
	EXPECT_EQ(MVGPU_GTT_VALID | MVGPU_GTT_SYSTEM, real[0] & ~MVGPU_GTT_ADDR_MASK);
	/* Rewriting the high half with what it holds changes nothing. */
	ASSERT_EQ(0, bar0_write32(d, gtt_off(r.base) + 4, want >> 32));
	EXPECT_EQ(1, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(3, attr(self->uuid, "gtt_writes"));
	free(real);
}

/* Overwriting an entry unpins its old page; one page in two entries pins twice. */
TEST_F(vgpu, overwrite_unpins)
{
	struct vfio_dev *d = &self->dev;
	struct range r;
	u64 *real;
	u8 *mem;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	mem = vfio_dma_map(d, IOVA_A, 2 * GTT_PAGE);
	ASSERT_NE(NULL, mem);
	ASSERT_EQ(0, gtt_write(d, r.base, gtt_system(IOVA_A)));
	ASSERT_EQ(0, gtt_write(d, r.base + 1, gtt_system(IOVA_A)));
	EXPECT_EQ(2, attr(self->uuid, "pinned_pages"));
	ASSERT_EQ(0, gtt_write(d, r.base, gtt_system(IOVA_A + GTT_PAGE)));
	EXPECT_EQ(2, attr(self->uuid, "pinned_pages"));
	ASSERT_EQ(2, real_count(self->uuid, &r, real));
	EXPECT_EQ(phys_addr_of(mem + GTT_PAGE), real[0] & MVGPU_GTT_ADDR_MASK);
	EXPECT_EQ(phys_addr_of(mem), real[1] & MVGPU_GTT_ADDR_MASK);
	ASSERT_EQ(0, gtt_write(d, r.base, r.vram_base | MVGPU_GTT_VALID));
	EXPECT_EQ(1, attr(self->uuid, "pinned_pages"));
	ASSERT_EQ(0, gtt_write(d, r.base + 1, 0));
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(1, real_count(self->uuid, &r, real));
	EXPECT_EQ(r.vram_base | MVGPU_GTT_VALID, real[0]);
	EXPECT_EQ(0, attr(self->uuid, "gtt_invalid"));
	free(real);
}

/* VFIO_IOMMU_UNMAP_DMA unpins every page in the range, also pages pinned ahead. */
TEST_F(vgpu, dma_unmap_unpins)
{
	struct vfio_dev *d = &self->dev;
	u32 i, n = 1024;
	struct range r;
	u64 *ents, *real;

	get_range(_metadata, self->uuid, &r);
	if (n > r.count)
		n = r.count;
	real = calloc(r.count, sizeof(*real));
	ents = calloc(n, sizeof(*ents));
	ASSERT_NE(NULL, real);
	ASSERT_NE(NULL, ents);
	ASSERT_NE(NULL, vfio_dma_map(d, IOVA_A, n / 2 * GTT_PAGE));
	ASSERT_NE(NULL, vfio_dma_map(d, IOVA_A + n / 2 * GTT_PAGE, n / 2 * GTT_PAGE));
	for (i = 0; i < n; i++)
		ents[i] = gtt_system(IOVA_A + (u64)i * GTT_PAGE);
	/* Three quarters, in one burst: pages are pinned ahead of the run. */
	ASSERT_EQ(0, gtt_write_many(d, r.base, ents, n / 4 * 3));
	EXPECT_LT(n / 4 * 3, attr(self->uuid, "pinned_pages"));
	ASSERT_EQ(0, vfio_dma_unmap(d, IOVA_A + n / 2 * GTT_PAGE, n / 2 * GTT_PAGE));
	EXPECT_EQ(n / 2, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(n / 2, real_count(self->uuid, &r, real));
	EXPECT_EQ(0, real[n / 2]);
	EXPECT_EQ(ents[n / 2], gtt_read(d, r.base + n / 2));
	ASSERT_EQ(0, vfio_dma_unmap(d, IOVA_A, n / 2 * GTT_PAGE));
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(0, real_count(self->uuid, &r, real));
	EXPECT_EQ(ents[0], gtt_read(d, r.base));
	free(ents);
	free(real);
}

static void map_some(struct __test_metadata *_metadata, struct vfio_dev *d,
		     const struct range *r, u64 iova, u32 n)
{
	u32 i;

	ASSERT_NE(NULL, vfio_dma_map(d, iova, n * GTT_PAGE));
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, gtt_write(d, r->base + i, gtt_system(iova + i * GTT_PAGE)));
	ASSERT_EQ(0, gtt_write(d, r->base + n, r->vram_base | MVGPU_GTT_VALID));
	gtt_read(d, r->base);	/* releases the pages pinned ahead */
}

/* VFIO_DEVICE_RESET and RESET.FULL invalidate every entry and unpin. */
TEST_F(vgpu, reset_unpins)
{
	struct vfio_dev *d = &self->dev;
	struct range r;
	u64 *real;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	map_some(_metadata, d, &r, IOVA_A, 64);
	EXPECT_EQ(64, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(65, real_count(self->uuid, &r, real));
	ASSERT_EQ(0, ioctl(d->fd, VFIO_DEVICE_RESET));
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(0, real_count(self->uuid, &r, real));
	EXPECT_EQ(0, gtt_read(d, r.base));

	map_some(_metadata, d, &r, IOVA_B, 64);
	EXPECT_EQ(64, attr(self->uuid, "pinned_pages"));
	ASSERT_EQ(0, bar0_write32(d, MVGPU_REG_RESET, MVGPU_RESET_FULL));
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(0, real_count(self->uuid, &r, real));
	free(real);
}

/* Closing the device (the VMM goes) unpins; the next VMM starts clean. */
TEST_F(vgpu, close_unpins)
{
	struct range r;
	u64 *real;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	map_some(_metadata, &self->dev, &r, IOVA_A, 32);
	EXPECT_EQ(32, attr(self->uuid, "pinned_pages"));
	vfio_dev_close(&self->dev);
	EXPECT_EQ(0, attr_wait(self->uuid, "pinned_pages", 0));
	EXPECT_EQ(0, real_count(self->uuid, &r, real));
	ASSERT_EQ(0, vfio_dev_open(&self->dev, self->uuid));
	EXPECT_EQ(0, gtt_read(&self->dev, r.base));
	free(real);
}

/* A VMM killed with pages pinned leaves none. */
TEST_F(vgpu, killed_vmm_unpins)
{
	const u32 n = 256;
	struct range r;
	int pipefd[2];
	pid_t pid;
	u64 *real;
	char c;

	get_range(_metadata, self->uuid, &r);
	real = calloc(r.count, sizeof(*real));
	ASSERT_NE(NULL, real);
	vfio_dev_close(&self->dev);
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct vfio_dev child;

		close(pipefd[0]);
		if (vfio_dev_open(&child, self->uuid))
			_exit(1);
		map_some(_metadata, &child, &r, IOVA_A, n);
		if (write(pipefd[1], "1", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &c, 1)) TH_LOG("the child VMM failed");
	close(pipefd[0]);
	EXPECT_EQ(n, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ((int)n + 1, real_count(self->uuid, &r, real));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	EXPECT_EQ(0, attr_wait(self->uuid, "pinned_pages", 0));
	EXPECT_EQ(0, real_count(self->uuid, &r, real));
	ASSERT_EQ(0, vfio_dev_open(&self->dev, self->uuid));
	free(real);
}

/* What one vGPU does to its GTT leaves another's alone. */
TEST_F(vgpu, other_vgpu_unaffected)
{
	struct vfio_dev *d = &self->dev, b;
	char other[UUID_LEN];
	struct range r, rb;
	u64 *before, *after;
	u32 i;
	int ret;

	ret = vgpu_create_new(MVGPU_GPU0, mvgpu_type_by_slices(MVGPU_SLICES / 8),
			      other);
	if (ret == -ENOSPC)
		SKIP(return, "no room for a second vGPU beside %s", self->t->dir);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, vfio_dev_open(&b, other));
	get_range(_metadata, self->uuid, &r);
	get_range(_metadata, other, &rb);
	before = calloc(rb.count, sizeof(*before));
	after = calloc(rb.count, sizeof(*after));
	ASSERT_NE(NULL, before);
	ASSERT_NE(NULL, after);
	map_some(_metadata, &b, &rb, IOVA_A, 8);
	ASSERT_EQ(9, real_count(other, &rb, before));
	EXPECT_EQ(8, attr(other, "pinned_pages"));

	/* A writes into B's range, maps its own pages, resets, closes. */
	map_some(_metadata, d, &r, IOVA_B, 8);
	for (i = 0; i < 16; i++)
		ASSERT_EQ(0, gtt_write(d, rb.base + i, gtt_system(IOVA_B)));
	EXPECT_EQ(16, attr(self->uuid, "gtt_invalid"));
	EXPECT_EQ(9, real_count(other, &rb, after));
	EXPECT_EQ(0, memcmp(before, after, rb.count * sizeof(*after)));
	ASSERT_EQ(0, ioctl(d->fd, VFIO_DEVICE_RESET));
	ASSERT_EQ(0, vgpu_reopen(d, self->uuid));
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(8, attr(other, "pinned_pages"));
	EXPECT_EQ(9, real_count(other, &rb, after));
	EXPECT_EQ(0, memcmp(before, after, rb.count * sizeof(*after)));

	vfio_dev_close(&b);
	EXPECT_EQ(0, attr_wait(other, "pinned_pages", 0));
	EXPECT_EQ(0, vgpu_destroy(other));
	free(before);
	free(after);
}

/* Entries written per second in a burst of @n, best of @rounds from reset. */
static double burst_rate(struct __test_metadata *_metadata, struct vfio_dev *d,
			 const char *uuid, u32 first, const u64 *ents, u32 n,
			 int rounds)
{
	double t, best = 0;
	int i;

	for (i = 0; i < rounds; i++) {
		EXPECT_EQ(0, ioctl(d->fd, VFIO_DEVICE_RESET));
		t = now_s();
		EXPECT_EQ(0, gtt_write_many(d, first, ents, n));
		t = now_s() - t;
		if (n / t > best)
			best = n / t;
		gtt_read(d, first);	/* releases the pages pinned ahead */
		EXPECT_EQ(n, attr(uuid, "pinned_pages"));
	}
	return best;
}

/*
 * GTT writes per second (printed, not asserted), best of 3: a buffer
 * mapped in order (consecutive IOVAs: pinned ahead in batches), the same
 * pages scattered (one pin per entry), and a remap of every mapped entry
 * (a flush and an unpin per entry), each ending with every entry pinned
 * once; and device-memory entries, which pin nothing: the cost of the
 * trap alone.
 */
TEST_F_TIMEOUT(vgpu, write_rate, 300)
{
	struct vfio_dev *d = &self->dev;
	double t, seq, scat, remap, vram;
	u32 i, n = 4096;
	struct range r;
	u64 *ents;

	get_range(_metadata, self->uuid, &r);
	if (n > r.count)
		n = r.count;
	ents = calloc(n, sizeof(*ents));
	ASSERT_NE(NULL, ents);
	ASSERT_NE(NULL, vfio_dma_map(d, IOVA_A, (size_t)n * GTT_PAGE));

	for (i = 0; i < n; i++)
		ents[i] = gtt_system(IOVA_A + (u64)i * GTT_PAGE);
	seq = burst_rate(_metadata, d, self->uuid, r.base, ents, n, 3);
	/* n is a power of two: i * 2654435761 mod n is a permutation. */
	for (i = 0; i < n; i++)
		ents[i] = gtt_system(IOVA_A + (u64)((i * 2654435761u) % n) * GTT_PAGE);
	scat = burst_rate(_metadata, d, self->uuid, r.base, ents, n, 3);

	for (i = 0; i < n; i++)
		ents[i] = gtt_system(IOVA_A + (u64)((i + 1) % n) * GTT_PAGE);
	t = now_s();
	ASSERT_EQ(0, gtt_write_many(d, r.base, ents, n));
	remap = n / (now_s() - t);
	gtt_read(d, r.base);
	EXPECT_EQ(n, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(0, attr(self->uuid, "gtt_invalid"));

	for (i = 0; i < n; i++)
		ents[i] = (r.vram_base + (u64)i * GTT_PAGE % r.vram_size) |
			  MVGPU_GTT_VALID;
	ASSERT_EQ(0, ioctl(d->fd, VFIO_DEVICE_RESET));
	t = now_s();
	ASSERT_EQ(0, gtt_write_many(d, r.base, ents, n));
	vram = n / (now_s() - t);
	EXPECT_EQ(0, attr(self->uuid, "pinned_pages"));
	EXPECT_EQ(0, attr(self->uuid, "gtt_invalid"));

	printf("# %s, %u entries, per s: in order %.0f, scattered %.0f (x%.2f),",
	       self->t->dir, n, seq, scat, seq / scat);
	printf(" remap %.0f, device memory %.0f\n", remap, vram);
	free(ents);
}

TEST_HARNESS_MAIN
