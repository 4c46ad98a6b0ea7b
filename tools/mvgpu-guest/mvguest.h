/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libmvguest: a userspace guest for an mvgpu vGPU.
 *
 * It does what QEMU does for a virtual machine (mvguest_vfio.h: open the
 * vGPU through VFIO, map its own memory as guest RAM with
 * VFIO_IOMMU_MAP_DMA, enable MSI and hand over an eventfd) and then acts as
 * a guest driver written from the hardware manual
 * (Documentation/hardware.rst): it reads the identification and VINFO
 * blocks, allocates pages of its RAM and maps them with the GTT entries it
 * owns, gives each engine a ring and a status page, builds batches,
 * submits them by moving RING_TAIL and waits for the interrupt.
 *
 * Zero-trap submission: when VINFO_CAPS has TAIL_POLL (and g->tail_poll
 * is still set when an engine is programmed), each engine's status page is
 * given with HWSP.TAIL_POLL, and a submission publishes its tail at
 * MVGPU_HWSP_TAIL and writes RING_TAIL (a trap) only when the host says
 * MVGPU_HWSP_POLL = 0 (its engine idle).  Clear g->tail_poll after
 * mvg_open() to trap on every submission, as without the capability.
 *
 * Memory model: guest RAM is one anonymous mapping, at IOVA @ram_iova.
 * Allocations take pages of it in order, and page k of RAM is always
 * mapped by GTT entry gtt_base + k, so a buffer's GPU VA, IOVA and CPU
 * address move together and a full reset can map everything again.
 *
 * Functions return 0 or a negative errno; on failure g->err holds a
 * message for a human.
 */
#ifndef MVGUEST_H
#define MVGUEST_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

#include <mvgpu/mvgpu_hw.h>

#include "mvguest_vfio.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/* Where guest RAM starts in the vGPU's IOVA space (guest physical). */
#define MVG_RAM_IOVA		0x100000000ULL
/* Default ring size per engine, bytes. */
#define MVG_RING_SIZE		(16u << 10)
/* Wait forever (mvg_wait()). */
#define MVG_FOREVER		(-1)

/* A buffer: pages of guest RAM mapped at consecutive GPU VAs. */
struct mvg_buf {
	__u64 va;	/* GPU VA */
	__u64 iova;	/* guest physical address of its first page */
	void *cpu;	/* the guest's own view of it */
	__u64 size;	/* bytes, a multiple of the GTT page */
};

/* A stream of commands written by the CPU into a buffer. */
struct mvg_cmds {
	struct mvg_buf buf;
	__u32 dwords;		/* written so far */
	bool overflow;		/* a command did not fit */
};

/* The guest driver's state of one engine. */
struct mvg_engine {
	bool ready;
	struct mvg_buf ring;
	struct mvg_buf hwsp;	/* status page; seqnos at MVGPU_HWSP_SEQNO */
	__u32 ring_size;
	__u32 tail;		/* ring offset of the next command */
	__u32 seqno;		/* last seqno submitted */
	bool tail_poll;		/* programmed with HWSP.TAIL_POLL */
	__u64 doorbells;	/* submissions that wrote RING_TAIL (trapped) */
	__u64 published;	/* submissions published without a trap */
	double submit_ms;	/* when the last doorbell rang */
	double avg_ms;		/* doorbell to seqno, moving average */
};

/* What the engine's registers say (one trapped read each). */
struct mvg_engine_state {
	__u32 status;		/* MVGPU_ENG_STATUS_* */
	__u32 fault_reason;	/* MVGPU_FAULT_* */
	__u64 fault_addr;
	__u32 ring_head;
	__u32 ring_tail;
	__u32 cmd_count;
	__u32 hwsp_head;	/* the status page's head (memory, no trap) */
	__u32 hwsp_seqno;	/* the last seqno stored (memory) */
};

enum mvg_wait_mode {
	MVG_WAIT_IRQ,		/* MSI eventfd; INT_STATUS acknowledged */
	/*
	 * The status page's seqno, no trapped access: sleep for half the
	 * usual doorbell-to-seqno time, then look every 1/32 of it (hybrid
	 * polling, as the block layer does).
	 */
	MVG_WAIT_POLL,
};

struct mvg_guest {
	struct vfio_dev dev;
	char uuid[40];
	/* Identification and VINFO, read at open. */
	__u32 id_version;
	__u32 caps;
	__u32 engines;		/* ENGINES register */
	__u32 vgpu_id;
	__u32 slices;
	__u32 gtt_base;		/* first GTT entry owned */
	__u32 gtt_count;	/* GTT entries owned */
	__u32 vcaps;		/* VINFO_CAPS */
	bool tail_poll;		/* use MVGPU_VCAP_TAIL_POLL (set at open) */
	__u64 vram_base;
	__u64 vram_size;
	/* Guest RAM. */
	void *ram;
	__u64 ram_size;
	__u64 ram_iova;
	__u64 ram_used;		/* bytes handed out, from the start */
	/* Interrupts. */
	int msi_fd;
	__u32 int_enable;
	__u32 events;		/* ENGINE_EVENTS seen and acknowledged */
	__u64 irqs;		/* MSIs received */
	enum mvg_wait_mode wait_mode;
	struct mvg_engine eng[MVGPU_NUM_ENGINE_IDS];
	char err[256];
};

/* ---- the VMM side ---------------------------------------------------- */

/*
 * Open the vGPU @uuid with @ram_size bytes of guest RAM (rounded up to
 * pages), mapped at MVG_RAM_IOVA; check the identification block, read
 * VINFO, enable MSI with an eventfd.  RLIMIT_MEMLOCK is raised to cover the
 * RAM when it is lower (the vGPU pins what the GTT maps).
 */
int mvg_open(struct mvg_guest *g, const char *uuid, __u64 ram_size);
void mvg_close(struct mvg_guest *g);

/* ---- the guest driver ------------------------------------------------ */

/* Engine numbers the vGPU has, from ENGINES: bit e set for engine e. */
__u32 mvg_engine_mask(const struct mvg_guest *g);
/* GPU VA range the vGPU owns: [lo, hi). */
__u64 mvg_va_lo(const struct mvg_guest *g);
__u64 mvg_va_hi(const struct mvg_guest *g);

/* Write GTT entry @index (absolute, as the manual numbers them). */
int mvg_gtt_write(struct mvg_guest *g, __u32 index, __u64 entry);
__u64 mvg_gtt_read(struct mvg_guest *g, __u32 index);
/* The entry of a system page at @iova: IOVA | SYSTEM | VALID. */
static inline __u64 mvg_gtt_system(__u64 iova)
{
	return (iova & MVGPU_GTT_ADDR_MASK) | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID;
}

/* GTT_FLUSH, polled until it reads 0. */
int mvg_gtt_flush(struct mvg_guest *g);

/* @size bytes (rounded up to pages) of RAM, zeroed and mapped. */
int mvg_alloc(struct mvg_guest *g, __u64 size, struct mvg_buf *b);
/* Give back everything allocated after @b (and @b itself). */
void mvg_free_from(struct mvg_guest *g, const struct mvg_buf *b);

/* Ring of @ring_size bytes and a status page for engine @e; enable it. */
int mvg_engine_init(struct mvg_guest *g, unsigned int e, __u32 ring_size);
/* CONTROL.RESET, then enable the same ring again from offset 0. */
int mvg_engine_reset(struct mvg_guest *g, unsigned int e);
/* RESET.FULL: every register and engine; GTT and engines set up again. */
int mvg_reset(struct mvg_guest *g);
int mvg_engine_state(struct mvg_guest *g, unsigned int e,
		     struct mvg_engine_state *st);

/* A command stream of @size bytes (a batch, or a ring's worth). */
int mvg_cmds_alloc(struct mvg_guest *g, __u64 size, struct mvg_cmds *c);
void mvg_cmds_reset(struct mvg_cmds *c);
/* GPU VA of the next dword to be written. */
__u64 mvg_cmds_va(const struct mvg_cmds *c);
void mvg_emit(struct mvg_cmds *c, const __u32 *dw, unsigned int n);
void mvg_emit_noop(struct mvg_cmds *c);
void mvg_emit_end(struct mvg_cmds *c);
void mvg_emit_batch_start(struct mvg_cmds *c, __u64 va);
void mvg_emit_store(struct mvg_cmds *c, __u64 va, __u32 value);
void mvg_emit_lri(struct mvg_cmds *c, __u32 reg, __u32 value);
void mvg_emit_user_interrupt(struct mvg_cmds *c);
void mvg_emit_sem_wait(struct mvg_cmds *c, __u64 va, __u32 value,
		       unsigned int op);
void mvg_emit_fill(struct mvg_cmds *c, __u64 dst, __u32 pitch, __u32 width,
		   __u32 height, __u32 value);
void mvg_emit_copy(struct mvg_cmds *c, __u64 src, __u32 src_pitch,
		   __u64 dst, __u32 dst_pitch, __u32 width, __u32 height);
void mvg_emit_crc32c(struct mvg_cmds *c, __u64 src, __u32 bytes, __u64 dst);

/*
 * Write @n dwords into engine @e's ring, followed by a STORE_DWORD of the
 * next seqno to the status page and a USER_INTERRUPT, and move RING_TAIL:
 * the doorbell, the only trapped access (none while the engine is busy
 * with zero-trap submission).  The seqno into @seqno.
 */
int mvg_submit_ring(struct mvg_guest *g, unsigned int e, const __u32 *dw,
		    unsigned int n, __u32 *seqno);
/* The same around a BATCH_START of @batch (which must end itself). */
int mvg_submit(struct mvg_guest *g, unsigned int e,
	       const struct mvg_cmds *batch, __u32 *seqno);
/*
 * Wait until engine @e has stored @seqno, at most @timeout_ms (or
 * MVG_FOREVER).  Return: 0, -ETIMEDOUT, or -EIO when the engine faulted
 * (mvg_engine_state() tells why).
 */
int mvg_wait(struct mvg_guest *g, unsigned int e, __u32 seqno,
	     int timeout_ms);
/*
 * Wait until engine @e is idle with everything submitted done: STATUS not
 * BUSY, RING_HEAD and the status page's head at the tail.  The seqno may
 * land before the commands after it (the USER_INTERRUPT) complete.
 */
int mvg_wait_idle(struct mvg_guest *g, unsigned int e, int timeout_ms);
/*
 * What a driver's interrupt handler does after an MSI: read INT_STATUS,
 * acknowledge ENGINE_EVENTS (into g->events) and the sources.  Return:
 * the INT_STATUS read.
 */
__u32 mvg_irq_handle(struct mvg_guest *g);
/* Seqno @seqno of engine @e is done (status page; no trapped access). */
bool mvg_done(struct mvg_guest *g, unsigned int e, __u32 seqno);

/* ---- workloads: FILL, COPY, CRC32C, every result byte checked -------- */

enum mvg_op { MVG_OP_FILL, MVG_OP_COPY, MVG_OP_CRC, MVG_NUM_OPS };

/* A batch, a source and a destination (one guard page past @size). */
struct mvg_work {
	struct mvg_cmds batch;
	struct mvg_buf src, dst;
	__u64 size;		/* bytes per operation, a multiple of 4 */
};

/* "fill", "copy", "crc": the op, or -1. */
int mvg_op_parse(const char *name);
const char *mvg_op_name(enum mvg_op op);
int mvg_work_init(struct mvg_guest *g, struct mvg_work *w, __u64 size);
/* Fill the buffers for @op and write its batch (ending itself). */
void mvg_work_prepare(struct mvg_work *w, enum mvg_op op, __u32 seed);
/* Check every byte of @op's result (and of the guard); why into @why. */
int mvg_work_check(const struct mvg_work *w, enum mvg_op op, __u32 seed,
		   char *why, size_t len);
/* prepare, submit on @e, wait up to @timeout_ms, check. */
int mvg_work_round(struct mvg_guest *g, unsigned int e, struct mvg_work *w,
		   enum mvg_op op, __u32 seed, int timeout_ms);
/* A pseudo-random pattern of @len bytes (xorshift32 from @seed). */
void mvg_pattern(void *buf, __u64 len, __u32 seed);

/* A fault reason's name ("GTT", "REJECTED", ...). */
const char *mvg_fault_name(__u32 reason);

#endif /* MVGUEST_H */
