// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmvguest: the VMM side (open, guest RAM, MSI) and the memory side of
 * the guest driver (identification, VINFO, GTT entries, allocation).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "internal.h"

#define PAGE		MVGPU_GTT_PAGE_SIZE
#define FLUSH_MS	2000

int mvg_fail(struct mvg_guest *g, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->err, sizeof(g->err), fmt, ap);
	va_end(ap);
	return err;
}

static __u64 page_round(__u64 size)
{
	return (size + PAGE - 1) & ~(__u64)(PAGE - 1);
}

static __u64 bar0_pair(struct mvg_guest *g, unsigned int lo)
{
	return bar0_read32(&g->dev, lo) |
	       (__u64)bar0_read32(&g->dev, lo + 4) << 32;
}

/* The identification block, then VINFO, as the manual says to read them. */
static int read_identity(struct mvg_guest *g)
{
	struct vfio_dev *d = &g->dev;
	__u32 magic = bar0_read32(d, MVGPU_REG_ID_MAGIC);

	if (magic != MVGPU_ID_MAGIC)
		return mvg_fail(g, -ENODEV, "ID_MAGIC is %#x, not an mvgpu",
				magic);
	g->id_version = bar0_read32(d, MVGPU_REG_ID_VERSION);
	if (g->id_version >> 16 != MVGPU_ID_VERSION >> 16)
		return mvg_fail(g, -ENODEV, "hardware version %#x: major %u unknown",
				g->id_version, g->id_version >> 16);
	g->caps = bar0_read32(d, MVGPU_REG_ID_CAPS);
	if (!(g->caps & MVGPU_CAP_VIRTUAL) ||
	    bar0_read32(d, MVGPU_VINFO_MAGIC) != MVGPU_VINFO_MAGIC_VALUE)
		return mvg_fail(g, -ENODEV, "not a vGPU (ID_CAPS %#x, no VINFO)",
				g->caps);
	g->engines = bar0_read32(d, MVGPU_REG_ENGINES);
	g->vgpu_id = bar0_read32(d, MVGPU_VINFO_VGPU_ID);
	g->slices = bar0_read32(d, MVGPU_VINFO_SLICES);
	g->vram_base = bar0_pair(g, MVGPU_VINFO_VRAM_BASE_LO);
	g->vram_size = bar0_pair(g, MVGPU_VINFO_VRAM_SIZE_LO);
	g->gtt_base = bar0_read32(d, MVGPU_VINFO_GTT_BASE);
	g->gtt_count = bar0_read32(d, MVGPU_VINFO_GTT_COUNT);
	g->vcaps = bar0_read32(d, MVGPU_VINFO_CAPS);
	/* Zero-trap submission when the vGPU offers it (mvguest.h). */
	g->tail_poll = !!(g->vcaps & MVGPU_VCAP_TAIL_POLL);
	if (!g->gtt_count || g->gtt_base > MVGPU_GTT_ENTRIES ||
	    g->gtt_count > MVGPU_GTT_ENTRIES - g->gtt_base)
		return mvg_fail(g, -ENODEV, "VINFO GTT range %u+%u is bad",
				g->gtt_base, g->gtt_count);
	return 0;
}

/* Pinned guest pages count against RLIMIT_MEMLOCK: make room for all. */
static void raise_memlock(__u64 bytes)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= bytes)
		return;
	rl.rlim_cur = bytes;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < bytes)
		rl.rlim_max = bytes;	/* needs CAP_SYS_RESOURCE */
	setrlimit(RLIMIT_MEMLOCK, &rl);
}

static int setup_ram(struct mvg_guest *g, __u64 ram_size)
{
	int ret;

	g->ram_size = page_round(ram_size);
	g->ram_iova = MVG_RAM_IOVA;
	/* Shared memory pages, as the render node's BOs (and memfd RAM). */
	g->ram = mmap(NULL, g->ram_size, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g->ram == MAP_FAILED) {
		g->ram = NULL;
		return mvg_fail(g, -errno, "cannot allocate %llu bytes of guest RAM",
				(unsigned long long)g->ram_size);
	}
	raise_memlock(g->ram_size);
	ret = vfio_dev_dma_map(&g->dev, g->ram, g->ram_iova, g->ram_size);
	if (ret)
		return mvg_fail(g, ret, "VFIO_IOMMU_MAP_DMA of %llu bytes at %#llx: %s",
				(unsigned long long)g->ram_size,
				(unsigned long long)g->ram_iova, strerror(-ret));
	return 0;
}

/* What QEMU does when the guest enables MSI: config bit and eventfd. */
static int setup_msi(struct mvg_guest *g)
{
	int ret;

	g->msi_fd = eventfd_new();
	if (g->msi_fd < 0)
		return mvg_fail(g, g->msi_fd, "eventfd: %s", strerror(-g->msi_fd));
	ret = msi_cap_enable(&g->dev, true);
	if (!ret)
		ret = irq_set_eventfd(&g->dev, VFIO_PCI_MSI_IRQ_INDEX, g->msi_fd);
	if (ret)
		return mvg_fail(g, ret, "enabling MSI: %s", strerror(-ret));
	return 0;
}

int mvg_open(struct mvg_guest *g, const char *uuid, __u64 ram_size)
{
	int ret;

	memset(g, 0, sizeof(*g));
	g->msi_fd = -1;
	g->dev.fd = -1;
	g->dev.group = -1;
	g->dev.container = -1;
	snprintf(g->uuid, sizeof(g->uuid), "%s", uuid);
	ret = vfio_dev_open(&g->dev, uuid);
	if (ret)
		return mvg_fail(g, ret, "cannot open vGPU %s through VFIO: %s%s",
				uuid, strerror(-ret), ret == -ENOENT ?
				" (no such mdev? modules loaded?)" : "");
	ret = read_identity(g);
	if (!ret)
		ret = setup_ram(g, ram_size);
	if (!ret)
		ret = setup_msi(g);
	if (ret) {
		char why[sizeof(g->err)];

		memcpy(why, g->err, sizeof(why));
		mvg_close(g);
		memcpy(g->err, why, sizeof(why));
	}
	return ret;
}

void mvg_close(struct mvg_guest *g)
{
	if (g->dev.fd >= 0 && g->msi_fd >= 0)
		irq_disable(&g->dev, VFIO_PCI_MSI_IRQ_INDEX);
	if (g->msi_fd >= 0)
		close(g->msi_fd);
	g->msi_fd = -1;
	/* Closing the device unpins whatever the GTT still maps. */
	vfio_dev_close(&g->dev);
	if (g->ram)
		munmap(g->ram, g->ram_size);
	g->ram = NULL;
	memset(g->eng, 0, sizeof(g->eng));
}

__u32 mvg_engine_mask(const struct mvg_guest *g)
{
	__u32 copy = g->engines & MVGPU_ENGINES_COPY_MASK;
	__u32 compute = (g->engines & MVGPU_ENGINES_COMPUTE_MASK) >>
			MVGPU_ENGINES_COMPUTE_SHIFT;
	__u32 mask = 0, i;

	for (i = 0; i < copy && i < MVGPU_MAX_COPY_ENGINES; i++)
		mask |= 1u << MVGPU_ENGINE_COPY(i);
	for (i = 0; i < compute && i < MVGPU_MAX_COMPUTE_ENGINES; i++)
		mask |= 1u << MVGPU_ENGINE_COMPUTE(i);
	return mask;
}

__u64 mvg_va_lo(const struct mvg_guest *g)
{
	return (__u64)g->gtt_base * PAGE;
}

__u64 mvg_va_hi(const struct mvg_guest *g)
{
	return ((__u64)g->gtt_base + g->gtt_count) * PAGE;
}

int mvg_gtt_write(struct mvg_guest *g, __u32 index, __u64 entry)
{
	int ret = bar0_write64(&g->dev, MVGPU_GTT_OFFSET + index * 8ULL, entry);

	if (ret)
		return mvg_fail(g, ret, "GTT entry %u write: %s", index,
				strerror(-ret));
	return 0;
}

__u64 mvg_gtt_read(struct mvg_guest *g, __u32 index)
{
	return bar0_read64(&g->dev, MVGPU_GTT_OFFSET + index * 8ULL);
}

int mvg_gtt_flush(struct mvg_guest *g)
{
	struct timespec ts = { 0, 100000 };
	int i;

	if (bar0_write32(&g->dev, MVGPU_REG_GTT_FLUSH, MVGPU_GTT_FLUSH_REQ))
		return mvg_fail(g, -EIO, "GTT_FLUSH write failed");
	for (i = 0; i < FLUSH_MS * 10; i++) {
		if (!(bar0_read32(&g->dev, MVGPU_REG_GTT_FLUSH) &
		      MVGPU_GTT_FLUSH_REQ))
			return 0;
		nanosleep(&ts, NULL);
	}
	return mvg_fail(g, -ETIMEDOUT, "GTT_FLUSH still pending after %d ms",
			FLUSH_MS);
}

/* Map RAM pages [first, first + pages) with their GTT entries, one pwrite. */
static int map_pages(struct mvg_guest *g, __u64 first, __u64 pages, bool on)
{
	unsigned int chunk = 4096, i;
	__u64 entries[4096], done, n;
	int ret;

	for (done = 0; done < pages; done += n) {
		n = pages - done < chunk ? pages - done : chunk;
		for (i = 0; i < n; i++)
			entries[i] = on ? mvg_gtt_system(g->ram_iova +
					(first + done + i) * PAGE) : 0;
		ret = bar0_write(&g->dev, MVGPU_GTT_OFFSET +
				 (g->gtt_base + first + done) * 8, entries, n * 8);
		if (ret)
			return mvg_fail(g, ret, "writing GTT entries %llu+%llu: %s",
					(unsigned long long)(g->gtt_base + first + done),
					(unsigned long long)n, strerror(-ret));
	}
	return 0;
}

int mvg_alloc(struct mvg_guest *g, __u64 size, struct mvg_buf *b)
{
	__u64 bytes = page_round(size ? size : 1);
	__u64 first = g->ram_used / PAGE;
	int ret;

	if (bytes > g->ram_size - g->ram_used)
		return mvg_fail(g, -ENOMEM, "out of guest RAM: %llu of %llu used, %llu wanted",
				(unsigned long long)g->ram_used,
				(unsigned long long)g->ram_size,
				(unsigned long long)bytes);
	if (first + bytes / PAGE > g->gtt_count)
		return mvg_fail(g, -ENOSPC, "out of GTT entries: the vGPU owns %u",
				g->gtt_count);
	b->va = (g->gtt_base + first) * PAGE;
	b->iova = g->ram_iova + g->ram_used;
	b->cpu = (char *)g->ram + g->ram_used;
	b->size = bytes;
	memset(b->cpu, 0, bytes);
	ret = map_pages(g, first, bytes / PAGE, true);
	if (ret)
		return ret;
	g->ram_used += bytes;
	return 0;
}

void mvg_free_from(struct mvg_guest *g, const struct mvg_buf *b)
{
	__u64 first = (b->iova - g->ram_iova) / PAGE;

	if (b->iova < g->ram_iova || first * PAGE >= g->ram_used)
		return;
	/* Invalid entries, flushed: the vGPU may unpin the pages. */
	map_pages(g, first, g->ram_used / PAGE - first, false);
	mvg_gtt_flush(g);
	g->ram_used = first * PAGE;
}

/* Map everything allocated again (after a full reset cleared the GTT). */
int mvg_remap_all(struct mvg_guest *g)
{
	return map_pages(g, 0, g->ram_used / PAGE, true);
}

const char *mvg_fault_name(__u32 reason)
{
	static const char *const names[] = {
		[MVGPU_FAULT_NONE] = "NONE",
		[MVGPU_FAULT_GTT] = "GTT",
		[MVGPU_FAULT_OPCODE] = "OPCODE",
		[MVGPU_FAULT_LENGTH] = "LENGTH",
		[MVGPU_FAULT_BATCH_DEPTH] = "BATCH_DEPTH",
		[MVGPU_FAULT_RUNAWAY] = "RUNAWAY",
		[MVGPU_FAULT_REGISTER] = "REGISTER",
		[MVGPU_FAULT_ALIGNMENT] = "ALIGNMENT",
		[MVGPU_FAULT_RING] = "RING",
		[MVGPU_FAULT_REJECTED] = "REJECTED",
		[MVGPU_FAULT_HANG] = "HANG",
	};

	if (reason < ARRAY_SIZE(names) && names[reason])
		return names[reason];
	return "unknown";
}
