/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command executor of an mvgpu engine: decodes and executes the
 * commands of a ring and its batches, a bounded amount at a time.
 *
 * Pure logic: no locks, no allocation, no kernel objects.  The same files
 * build into mvgpu_sim.ko, the userspace unit tests, the benchmark and the
 * fuzzer.  Memory is reached only through mvgpu_exec_ops.map, one 4 KiB GPU
 * page at a time.  The caller serializes every call on one executor.
 *
 * Documentation/hardware.rst, "Engines" onwards, is the specification.
 */
#ifndef MVGPU_SIM_EXEC_H
#define MVGPU_SIM_EXEC_H

#include <linux/types.h>

#include <mvgpu/mvgpu_hw.h>

/*
 * Bytes a long command (FILL, COPY, CRC32C) processes between two polls of
 * preempt_pending: bounds the preemption latency.
 */
#define MVGPU_EXEC_CHUNK		0x10000

/**
 * struct mvgpu_exec_ops - what the executor needs from its engine
 * @map: host pointer for GPU VA @va, valid up to the end of its 4 KiB page;
 *	NULL when no valid GTT entry maps it (the command faults GTT).  @write
 *	tells that the executor will write there.  Required.  The executor
 *	keeps no pointer across a call of @preempt_pending: the engine may
 *	change translations there (GTT flush).
 * @write_reg: a register write by LOAD_REGISTER_IMM, already checked with
 *	mvgpu_lri_allowed(); may be NULL
 * @user_interrupt: USER_INTERRUPT executed; may be NULL
 * @preempt_pending: polled at every stopping point: before every command,
 *	and between the chunks of long commands; true stops the executor
 *	(MVGPU_EXEC_PREEMPTED) at that point.  May be NULL (never preempted).
 *
 * The callbacks are called from mvgpu_exec_run() only, with @priv.
 */
struct mvgpu_exec_ops {
	void *(*map)(void *priv, u64 va, bool write);
	void (*write_reg)(void *priv, u32 reg, u32 val);
	void (*user_interrupt)(void *priv);
	bool (*preempt_pending)(void *priv);
};

/**
 * enum mvgpu_exec_status - why mvgpu_exec_run() returned
 * @MVGPU_EXEC_IDLE: the ring is empty (head == tail, no batch running)
 * @MVGPU_EXEC_BUDGET: the budget is used up; there is more to do
 * @MVGPU_EXEC_PREEMPTED: preempt_pending returned true
 * @MVGPU_EXEC_WAITING: a SEMAPHORE_WAIT is not satisfied; call again later
 * @MVGPU_EXEC_FAULT: the engine faulted (see @fault, @fault_addr); it stays
 *	faulted until mvgpu_exec_reset() or mvgpu_exec_restore()
 */
enum mvgpu_exec_status {
	MVGPU_EXEC_IDLE,
	MVGPU_EXEC_BUDGET,
	MVGPU_EXEC_PREEMPTED,
	MVGPU_EXEC_WAITING,
	MVGPU_EXEC_FAULT,
};

/**
 * struct mvgpu_exec - the state of one engine's executor: one context
 * @ops: callbacks
 * @priv: their argument
 * @ring_base: GPU VA of the ring, 4 KiB aligned (ENG_RING_BASE)
 * @ring_size: its size in bytes, a power of two, 4 KiB to 1 MiB
 * @head: byte offset in the ring of the next ring command; while a batch
 *	runs, of the BATCH_START that started it (ENG_RING_HEAD)
 * @tail: byte offset in the ring where valid commands end (ENG_RING_TAIL)
 * @hwsp: GPU VA of the status page | MVGPU_HWSP_ENABLE (ENG_HWSP): the
 *	engine writes the status page only with the enable bit; bit 1 is
 *	reserved (MVGPU_FAULT_RING)
 * @level: 0 when executing the ring, 1 or 2 in a batch
 * @batch_addr: GPU VA of the next command of batch level l at [l - 1]; of
 *	the BATCH_START that started level l + 1, while that one runs
 * @batch_dwords: dwords executed by batch level l at [l - 1], those of the
 *	batches it started included
 * @in_cmd: a long command is in progress; @cmd_* are valid
 * @cmd_addr: GPU VA of the command in progress (= the current position)
 * @cmd_progress: bytes of it done, in its processing order
 * @cmd_state: its running state (CRC32C: the CRC register, not inverted)
 * @ctx_id: the context's ID (ENG_CTX_ID), saved and restored with it;
 *	the executor does not use it
 * @fault: MVGPU_FAULT_* when faulted, else MVGPU_FAULT_NONE
 * @fault_addr: GPU VA the fault is about (see hardware.rst)
 * @cmds_completed: commands completed since init or reset
 * @bytes_processed: data bytes FILL, COPY and CRC32C processed since then
 * @budget: internal, bytes left in the current mvgpu_exec_run() call
 *
 * The engine sets @ring_base, @ring_size, @tail, @hwsp and @ctx_id from its
 * registers at any time mvgpu_exec_run() is not running; the executor
 * checks them on every call (MVGPU_FAULT_RING).  It reads @head, @fault,
 * @fault_addr, @level and the counters.  Everything else is private.
 */
struct mvgpu_exec {
	const struct mvgpu_exec_ops *ops;
	void *priv;

	u64 ring_base;
	u32 ring_size;
	u32 head;
	u32 tail;
	u64 hwsp;

	u32 ctx_id;

	u32 level;
	u64 batch_addr[MVGPU_BATCH_LEVELS];
	u32 batch_dwords[MVGPU_BATCH_LEVELS];

	bool in_cmd;
	u64 cmd_addr;
	u64 cmd_progress;
	u32 cmd_state;

	u32 fault;
	u64 fault_addr;

	u64 cmds_completed;
	u64 bytes_processed;

	u64 budget;
};

void mvgpu_exec_init(struct mvgpu_exec *ex, const struct mvgpu_exec_ops *ops,
		     void *priv);
void mvgpu_exec_reset(struct mvgpu_exec *ex);
enum mvgpu_exec_status mvgpu_exec_run(struct mvgpu_exec *ex, u64 budget);
int mvgpu_exec_save(const struct mvgpu_exec *ex, void *image);
int mvgpu_exec_restore(struct mvgpu_exec *ex, const void *image);

/* Internal to exec*.c: what one step of a command did. */
enum mvgpu_exec_step {
	MVGPU_STEP_DONE,	/* the command completed */
	MVGPU_STEP_MORE,	/* it made progress or started a batch */
	MVGPU_STEP_WAIT,	/* a semaphore is not satisfied */
	MVGPU_STEP_FAULT,	/* the engine faulted */
};

/* exec.c */
enum mvgpu_exec_step mvgpu_exec_fault(struct mvgpu_exec *ex, u32 reason,
				      u64 addr);

/*
 * exec_blit.c: the long commands, at most one chunk per call, with the
 * signature of every command's handler: the command's table entry, its
 * dwords (its memory operands checked already) and its length.
 */
enum mvgpu_exec_step mvgpu_exec_fill(struct mvgpu_exec *ex,
				     const struct mvgpu_cmd_desc *d,
				     const u32 *cmd, u32 len);
enum mvgpu_exec_step mvgpu_exec_copy(struct mvgpu_exec *ex,
				     const struct mvgpu_cmd_desc *d,
				     const u32 *cmd, u32 len);
enum mvgpu_exec_step mvgpu_exec_crc32c(struct mvgpu_exec *ex,
				       const struct mvgpu_cmd_desc *d,
				       const u32 *cmd, u32 len);

/* crc32c.c */
void mvgpu_crc32c_init(void);
void mvgpu_crc32c_exit(void);
u32 mvgpu_crc32c_table(u32 crc, const void *buf, size_t len);
u32 mvgpu_crc32c_update(u32 crc, const void *buf, size_t len);
u32 mvgpu_crc32c(const void *buf, size_t len);

#endif /* MVGPU_SIM_EXEC_H */
