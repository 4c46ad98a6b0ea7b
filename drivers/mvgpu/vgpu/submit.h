/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Submission on a vGPU: the guest's engine register blocks (submit.c), the
 * doorbell, scan and shadow of what the guest submits and what it reads
 * back (submit_ring.c), the core's callbacks and the tails the guest
 * publishes in its status page (submit_poll.c), on one core context per
 * engine.
 *
 * Locking: &mvgpu_vsub.lock is taken inside &mvgpu_vgpu.lock, outside the
 * GTT lock; the core's context callbacks take it (never &mvgpu_vgpu.lock).
 * Contexts are created and destroyed with neither lock held.  Shadows are
 * freed (GTT entries cleared and flushed) without &mvgpu_vsub.lock: the
 * functions that retire them put them on a list for
 * mvgpu_vsub_shadows_free().
 */
#ifndef MVGPU_VGPU_SUBMIT_H
#define MVGPU_VGPU_SUBMIT_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/types.h>

#include <drm/drm_mm.h>

#include <mvgpu/mvgpu_hw.h>

struct mvgpu_cmd_parser_ops;
struct mvgpu_ctx;
struct mvgpu_vgpu;

/* Shadow memory (batch copies) a vGPU may hold at once. */
#define MVGPU_VSUB_SHADOW_BUDGET	SZ_8M
/* Rejected submissions that put the vGPU in its failed state. */
#define MVGPU_VSUB_FAILSAFE		8
/* Segments in flight per engine. */
#define MVGPU_VSUB_SEGS			64

/**
 * struct mvgpu_vsub_shadow - host copy of one guest batch
 * @link: entry in its segment's (or a parse's) list
 * @vaddr: kernel mapping (vmalloc, charged to the VMM's memcg)
 * @bytes: its size, whole pages
 * @gpu_va: where the engine reads it (host GTT)
 * @guest_va: the guest's GPU VA of the batch, or U64_MAX if unknown
 * @dma: DMA address of each page, once mapped
 * @node: its host GTT range
 * @mapped: pages DMA-mapped and in the GTT
 */
struct mvgpu_vsub_shadow {
	struct list_head link;
	void *vaddr;
	u32 bytes;
	u64 gpu_va;
	u64 guest_va;
	dma_addr_t *dma;
	struct drm_mm_node node;
	u32 mapped;
};

/**
 * struct mvgpu_vsub_seg - a run of the shadow ring and the guest's ring
 *	commands it holds
 * @sstart: offset of its first byte in the shadow ring
 * @slen: its bytes in the shadow ring: @glen bytes of guest commands, then
 *	host commands (a USER_INTERRUPT, or NOOPs up to the ring's end)
 * @gstart: guest ring offset of its first guest command
 * @glen: bytes of guest commands
 * @cmds: guest commands (every level) it runs
 * @user_interrupts: guest USER_INTERRUPTs (every level) it runs
 * @closed: no more commands go into it
 * @shadows: batch shadows its commands start
 */
struct mvgpu_vsub_seg {
	u32 sstart;
	u32 slen;
	u32 gstart;
	u32 glen;
	u32 cmds;
	u32 user_interrupts;
	bool closed;
	struct list_head shadows;
};

/**
 * struct mvgpu_vsub_engine - one engine as the guest sees it
 * @sub: the vGPU's submission state
 * @ctx: the vGPU's core context on the engine, while the vGPU is open
 * @id: engine number
 * @present: the GPU has the engine
 * @ring_base: RING_BASE as written
 * @ring_size: RING_SIZE as written
 * @ring_ctl: RING_CTL
 * @tail: RING_TAIL
 * @hwsp: HWSP
 * @ctx_va: CTX (kept, unused: see CTX_SAVE in the manual)
 * @ctx_id: CTX_ID
 * @event_ctx_id: EVENT_CTX_ID
 * @status: STATUS bits FAULTED and PREEMPTED (BUSY is computed)
 * @fault_reason: FAULT_REASON
 * @fault_addr: FAULT_ADDR
 * @control: CONTROL requests not carried out yet (PREEMPT)
 * @lbase: ring base latched at enable
 * @lsize: ring size latched at enable
 * @head: guest ring offset up to which everything completed
 * @fetched: guest ring offset up to which commands were shadowed
 * @cmd_count: CMD_COUNT
 * @reject: a rejected command waits for the work before it to complete
 * @reject_reason: its fault reason
 * @reject_addr: its guest GPU VA
 * @stail: shadow ring offset past the last command written
 * @first: index in @segs of the oldest segment
 * @nsegs: segments in flight
 * @segs: segments, oldest first, circular
 * @poll: the guest's status page says MVGPU_HWSP_POLL = 1: the host reads
 *	MVGPU_HWSP_TAIL as the work in flight completes
 * @resets: the reset generation: the core's count of the context's resets
 *	(&mvgpu_ctx_stats.resets) after the guest's last engine reset or ring
 *	enable change; a fault callback that finds it unchanged is from before
 *	that and is dropped
 */
struct mvgpu_vsub_engine {
	struct mvgpu_vsub *sub;
	struct mvgpu_ctx *ctx;
	unsigned int id;
	bool present;
	u64 ring_base;
	u32 ring_size;
	u32 ring_ctl;
	u32 tail;
	u64 hwsp;
	u64 ctx_va;
	u32 ctx_id;
	u32 event_ctx_id;
	u32 status;
	u32 fault_reason;
	u64 fault_addr;
	u32 control;
	u64 lbase;
	u32 lsize;
	u32 head;
	u32 fetched;
	u32 cmd_count;
	bool reject;
	u32 reject_reason;
	u64 reject_addr;
	u32 stail;
	unsigned int first;
	unsigned int nsegs;
	struct mvgpu_vsub_seg segs[MVGPU_VSUB_SEGS];
	bool poll;
	u64 resets;
};

/**
 * struct mvgpu_vsub - the submission state of one vGPU
 * @lock: protects the fields below
 * @submissions: doorbells that queued work (counter, reset per tenant)
 * @rejected: submissions the command parser refused
 * @bytes_scanned: bytes of commands scanned and shadowed
 * @tail_polls: submissions taken from a status page's MVGPU_HWSP_TAIL,
 *	without a trap (counter, reset per tenant)
 * @stale_faults: core fault callbacks dropped as older than an engine reset
 * @failed: the vGPU refused too many submissions; nothing runs until reset
 * @violations: rejected submissions since the last function reset
 * @shadow_bytes: shadow memory held (batches, @pool included), at most
 *	MVGPU_VSUB_SHADOW_BUDGET
 * @pool: shadows the engines are done with, still mapped, for reuse
 * @stage: the command parser's stage, MVGPU_CMD_STAGE_DWORDS dwords
 *	charged to the VMM, allocated at the first parse, freed at close
 *	(mvgpu_vsub_stage())
 * @weight: scheduling weight of its contexts (mvgpu_vsub_set_sched())
 * @cap: cap of its contexts, percent of an engine, 0 for none
 * @vgpu: its vGPU
 * @eng: the engines, by number
 */
struct mvgpu_vsub {
	struct mutex lock;	/* see the kernel-doc above */
	u64 submissions;
	u64 rejected;
	u64 bytes_scanned;
	u64 tail_polls;
	u64 stale_faults;
	bool failed;
	unsigned int violations;
	u64 shadow_bytes;
	struct list_head pool;
	u32 *stage;
	u32 weight;
	u32 cap;
	struct mvgpu_vgpu *vgpu;
	struct mvgpu_vsub_engine eng[MVGPU_NUM_ENGINE_IDS];
};

int mvgpu_vsub_init(struct mvgpu_vgpu *vgpu);
void mvgpu_vsub_fini(struct mvgpu_vgpu *vgpu);
int mvgpu_vsub_open(struct mvgpu_vgpu *vgpu);
void mvgpu_vsub_close(struct mvgpu_vgpu *vgpu);
void mvgpu_vsub_reset_locked(struct mvgpu_vgpu *vgpu);
u32 mvgpu_vsub_read_locked(struct mvgpu_vgpu *vgpu, u32 off);
void mvgpu_vsub_write_locked(struct mvgpu_vgpu *vgpu, u32 off, u32 val,
			     u32 mask);
int mvgpu_vsub_set_sched(struct mvgpu_vgpu *vgpu, u32 weight, u32 cap);
int mvgpu_vsub_get_stats(struct mvgpu_vgpu *vgpu, unsigned int engine,
			 struct mvgpu_ctx_stats *st);

/* submit_ring.c: the doorbell and the shadow ring; _locked: sub.lock */
bool mvgpu_vsub_kick_locked(struct mvgpu_vsub *sub,
			    struct mvgpu_vsub_engine *se,
			    struct list_head *dead);
void mvgpu_vsub_update_locked(struct mvgpu_vsub *sub,
			      struct mvgpu_vsub_engine *se);
void mvgpu_vsub_drop_locked(struct mvgpu_vsub *sub,
			    struct mvgpu_vsub_engine *se,
			    struct list_head *dead);
u32 mvgpu_vsub_head_locked(struct mvgpu_vsub_engine *se);
void mvgpu_vsub_shadows_free(struct mvgpu_vsub *sub, struct list_head *dead);
u32 *mvgpu_vsub_stage(struct mvgpu_vsub *sub);
void mvgpu_vsub_stage_free(struct mvgpu_vsub *sub);
void mvgpu_vsub_fault_locked(struct mvgpu_vsub *sub,
			     struct mvgpu_vsub_engine *se, u32 reason,
			     u64 addr);
void mvgpu_vsub_control_done_locked(struct mvgpu_vsub *sub,
				    struct mvgpu_vsub_engine *se);
u32 mvgpu_vsub_seg_guest(const struct mvgpu_vsub_engine *se, u32 h,
			 unsigned int *done);
u64 mvgpu_vsub_translate(struct mvgpu_vsub_engine *se, u64 addr);

/**
 * struct mvgpu_vsub_parse - what the parser's callbacks need
 * @sub: the vGPU's submission state
 * @shadows: the shadows the parse allocated
 */
struct mvgpu_vsub_parse {
	struct mvgpu_vsub *sub;
	struct list_head shadows;
};

/* submit_shadow.c: batch shadows; _locked: sub.lock */
extern const struct mvgpu_cmd_parser_ops mvgpu_vsub_parser_ops;
int mvgpu_vsub_commit_shadows(struct mvgpu_vsub *sub,
			      struct mvgpu_vsub_parse *vp,
			      struct mvgpu_vsub_seg *seg);

/* submit_poll.c: the core's callbacks, tails published without a trap */
bool mvgpu_vsub_tail_poll(const struct mvgpu_vsub_engine *se);
u64 mvgpu_vsub_hwsp_addr(const struct mvgpu_vsub_engine *se);
void mvgpu_vsub_poll_arm_locked(struct mvgpu_vsub *sub,
				struct mvgpu_vsub_engine *se);
void mvgpu_vsub_poll_stop_locked(struct mvgpu_vsub *sub,
				 struct mvgpu_vsub_engine *se);
bool mvgpu_vsub_poll_locked(struct mvgpu_vsub *sub,
			    struct mvgpu_vsub_engine *se,
			    struct list_head *dead);
void mvgpu_vsub_new_gen_locked(struct mvgpu_vsub_engine *se);
extern const struct mvgpu_ctx_ops mvgpu_vsub_ctx_ops;

#endif /* MVGPU_VGPU_SUBMIT_H */
