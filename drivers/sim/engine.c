// SPDX-License-Identifier: GPL-2.0-only
/*
 * The engines of an emulated GPU.
 *
 * Each engine is an executor (exec.c) run by a work item on the system's
 * unbound workqueue, a bounded amount per run, so that engines run in
 * parallel and a long batch never holds a CPU.  Register writes that ask
 * for something (a tail bump, a ring enable, ENG_CONTROL) only record the
 * request and kick the work item.  A run stops at the next stopping point
 * when a request is pending; the worker carries requests out between runs,
 * in the documented order (RESET, PREEMPT, CTX_SAVE, CTX_RESTORE, RESUME),
 * and reports back through the registers and the interrupt line.  Between
 * runs the engine is always at a stopping point, so PREEMPT takes effect
 * there at once, on a running, idle or faulted engine alike.
 *
 * Only the worker touches the executor, and a work item never runs
 * concurrently with itself: the executor needs no lock of its own.
 *
 * BUSY_NS counts the time a run executes and the time the engine waits on
 * a semaphore between runs: the context occupies the engine either way.
 *
 * Debug: debug_wedge_engines (root only) makes engines stop answering, for
 * the driver's hang recovery: a write of a mask wedges engine e of every
 * GPU (bit e) at its next run.  A wedged engine carries out no CONTROL
 * request and executes nothing until the GPU's next RESET.FULL.
 */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>

#include "sim.h"

static unsigned long sim_wedge_mask;
static atomic_t sim_wedge_gen = ATOMIC_INIT(0);

static int sim_wedge_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_ulong(val, kp);

	if (!ret)
		atomic_inc(&sim_wedge_gen);
	return ret;
}

static const struct kernel_param_ops sim_wedge_ops = {
	.set = sim_wedge_set,
	.get = param_get_ulong,
};

module_param_cb(debug_wedge_engines, &sim_wedge_ops, &sim_wedge_mask, 0600);
MODULE_PARM_DESC(debug_wedge_engines,
		 "Debug: engines (bit e: engine e of every GPU) that stop answering CONTROL and executing at their next run, until a full reset");

/**
 * sim_engine_wedge_locked() - is the engine wedged (debug_wedge_engines)
 * @eng: the engine
 *
 * Return: true when it must do nothing until a full reset.
 */
bool sim_engine_wedge_locked(struct mvgpu_sim_engine *eng)
{
	int gen = atomic_read(&sim_wedge_gen);

	lockdep_assert_held(&eng->gpu->lock);
	if (gen != eng->wedge_gen) {
		eng->wedge_gen = gen;
		if (READ_ONCE(sim_wedge_mask) & BIT(eng->id))
			eng->wedged = true;
	}
	return eng->wedged;
}

/* Bytes of data one run of the worker may process before it yields. */
#define SIM_ENGINE_BUDGET	SZ_1M

static void *eng_map(void *priv, u64 va, bool write)
{
	struct mvgpu_sim_engine *eng = priv;

	return sim_gtt_map(eng->gpu, va);
}

static void eng_write_reg(void *priv, u32 reg, u32 val)
{
	struct mvgpu_sim_engine *eng = priv;

	spin_lock_irq(&eng->gpu->lock);
	eng->gpu->regs[reg / 4] = val;
	spin_unlock_irq(&eng->gpu->lock);
}

static void eng_user_interrupt(void *priv)
{
	struct mvgpu_sim_engine *eng = priv;

	spin_lock_irq(&eng->gpu->lock);
	sim_raise_locked(eng->gpu, MVGPU_INT_ENGINE_USER(eng->id), 0);
	spin_unlock_irq(&eng->gpu->lock);
}

/*
 * A stopping point: the executor holds no translation here, so the engine
 * does its part of a GTT flush.  Any pending request stops the run.
 */
static bool eng_stopping_point(void *priv)
{
	struct mvgpu_sim_engine *eng = priv;

#if IS_ENABLED(CONFIG_KUNIT)
	if (eng->test_boundary)
		eng->test_boundary(eng);
#endif
	if (READ_ONCE(eng->gpu->flush) & BIT(eng->id))
		sim_gtt_flush_passed(eng);
	return atomic_long_read(&eng->requests);
}

static const struct mvgpu_exec_ops sim_exec_ops = {
	.map = eng_map,
	.write_reg = eng_write_reg,
	.user_interrupt = eng_user_interrupt,
	.preempt_pending = eng_stopping_point,
};

static void eng_kick(struct mvgpu_sim_engine *eng, unsigned long delay)
{
	mod_delayed_work(system_unbound_wq, &eng->work, delay);
}

static bool eng_req_pending(struct mvgpu_sim_engine *eng, unsigned long req)
{
	return atomic_long_read(&eng->requests) & req;
}

static void eng_req_done(struct mvgpu_sim_engine *eng, unsigned long req)
{
	atomic_long_andnot(req, &eng->requests);
}

/**
 * sim_engine_read_locked() - read an engine register
 * @eng: the engine
 * @reg: offset in its register block
 *
 * Return: the value; ENG_CONTROL reads the requests not carried out yet.
 */
u32 sim_engine_read_locked(struct mvgpu_sim_engine *eng, u32 reg)
{
	lockdep_assert_held(&eng->gpu->lock);
	if (reg == MVGPU_ENG_CONTROL)
		return atomic_long_read(&eng->requests) & SIM_ENG_REQ_MASK;
	return *sim_eng_reg(eng, reg);
}

/**
 * sim_engine_write_locked() - write an engine register
 * @eng: the engine
 * @reg: offset in its register block
 * @val: the value
 */
void sim_engine_write_locked(struct mvgpu_sim_engine *eng, u32 reg, u32 val)
{
	const struct mvgpu_reg_desc *r = mvgpu_engine_reg_find(reg);
	u32 *p = sim_eng_reg(eng, reg);
	u32 old = *p;

	lockdep_assert_held(&eng->gpu->lock);
	if (!r)
		return;
	*p = mvgpu_reg_write_value(r->access, old, val);
	switch (reg) {
	case MVGPU_ENG_RING_TAIL:
		eng_kick(eng, 0);
		break;
	case MVGPU_ENG_RING_CTL:
		if ((old ^ val) & MVGPU_RING_ENABLE) {
			atomic_long_or(SIM_ENG_REQ_LATCH, &eng->requests);
			eng_kick(eng, 0);
		}
		break;
	case MVGPU_ENG_CONTROL:
		val &= SIM_ENG_REQ_MASK;
		if (val) {
			atomic_long_or(val, &eng->requests);
			eng_kick(eng, 0);
		}
		break;
	}
}

static u64 eng_reg64_locked(struct mvgpu_sim_engine *eng, u32 lo)
{
	return *sim_eng_reg(eng, lo) | (u64)*sim_eng_reg(eng, lo + 4) << 32;
}

static void eng_set_reg64_locked(struct mvgpu_sim_engine *eng, u32 lo, u64 v)
{
	*sim_eng_reg(eng, lo) = lower_32_bits(v);
	*sim_eng_reg(eng, lo + 4) = upper_32_bits(v);
}

/*
 * Latch the ring registers into the executor (ring enable or disable):
 * the context is dropped, a fault or preemption included.
 */
static void eng_latch_ring(struct mvgpu_sim_engine *eng)
{
	struct mvgpu_exec *ex = &eng->exec;

	spin_lock_irq(&eng->gpu->lock);
	mvgpu_exec_reset(ex);
	if (*sim_eng_reg(eng, MVGPU_ENG_RING_CTL) & MVGPU_RING_ENABLE) {
		ex->ring_base = eng_reg64_locked(eng, MVGPU_ENG_RING_BASE_LO);
		ex->ring_size = *sim_eng_reg(eng, MVGPU_ENG_RING_SIZE);
	}
	*sim_eng_reg(eng, MVGPU_ENG_RING_HEAD) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_STATUS) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_FAULT_REASON) = 0;
	eng_set_reg64_locked(eng, MVGPU_ENG_FAULT_ADDR_LO, 0);
	spin_unlock_irq(&eng->gpu->lock);
}

/* Engine reset: drop the context, even mid-command; the ring is disabled. */
static void eng_reset(struct mvgpu_sim_engine *eng)
{
	spin_lock_irq(&eng->gpu->lock);
	*sim_eng_reg(eng, MVGPU_ENG_RING_CTL) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_RING_TAIL) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_CTX_ID) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_EVENT_CTX_ID) = 0;
	spin_unlock_irq(&eng->gpu->lock);
	eng_latch_ring(eng);
}

/* Stop on a fault: say why, latch the context ID, interrupt. */
static void eng_fault_locked(struct mvgpu_sim_engine *eng)
{
	struct mvgpu_exec *ex = &eng->exec;

	lockdep_assert_held(&eng->gpu->lock);
	*sim_eng_reg(eng, MVGPU_ENG_STATUS) |= MVGPU_ENG_STATUS_FAULTED;
	*sim_eng_reg(eng, MVGPU_ENG_FAULT_REASON) = ex->fault;
	eng_set_reg64_locked(eng, MVGPU_ENG_FAULT_ADDR_LO, ex->fault_addr);
	*sim_eng_reg(eng, MVGPU_ENG_EVENT_CTX_ID) =
		*sim_eng_reg(eng, MVGPU_ENG_CTX_ID);
	sim_raise_locked(eng->gpu, MVGPU_INT_ENGINE_EVENT,
			 MVGPU_EVENT_FAULT(eng->id));
}

/* PREEMPT: stop now (the engine is between runs), keep FAULTED. */
static void eng_preempt(struct mvgpu_sim_engine *eng)
{
	u32 *st = sim_eng_reg(eng, MVGPU_ENG_STATUS);

	spin_lock_irq(&eng->gpu->lock);
	*st &= ~(MVGPU_ENG_STATUS_BUSY | MVGPU_ENG_STATUS_WAITING);
	*st |= MVGPU_ENG_STATUS_PREEMPTED;
	*sim_eng_reg(eng, MVGPU_ENG_EVENT_CTX_ID) =
		*sim_eng_reg(eng, MVGPU_ENG_CTX_ID);
	sim_raise_locked(eng->gpu, MVGPU_INT_ENGINE_EVENT,
			 MVGPU_EVENT_PREEMPTED(eng->id));
	spin_unlock_irq(&eng->gpu->lock);
}

/* A context image that cannot be reached or is refused faults RING. */
static void eng_ctx_fault(struct mvgpu_sim_engine *eng, u64 va)
{
	spin_lock_irq(&eng->gpu->lock);
	if (!(*sim_eng_reg(eng, MVGPU_ENG_STATUS) & MVGPU_ENG_STATUS_FAULTED)) {
		mvgpu_exec_fault(&eng->exec, MVGPU_FAULT_RING, va);
		eng_fault_locked(eng);
	}
	spin_unlock_irq(&eng->gpu->lock);
}

/* The image at ENG_CTX: MVGPU_CTX_SIZE-aligned, so it sits in one page. */
static u8 *eng_ctx_map(struct mvgpu_sim_engine *eng, u64 *va)
{
	spin_lock_irq(&eng->gpu->lock);
	*va = eng_reg64_locked(eng, MVGPU_ENG_CTX_LO);
	spin_unlock_irq(&eng->gpu->lock);
	if (*va % MVGPU_CTX_SIZE)
		return NULL;
	return sim_gtt_map(eng->gpu, *va);
}

/* CTX_SAVE: the executor's state, with the ring registers as they are now. */
static void eng_ctx_save(struct mvgpu_sim_engine *eng)
{
	struct mvgpu_exec *ex = &eng->exec;
	u8 image[MVGPU_CTX_SIZE];
	u8 *mem;
	u64 va;

	spin_lock_irq(&eng->gpu->lock);
	ex->tail = *sim_eng_reg(eng, MVGPU_ENG_RING_TAIL);
	ex->hwsp = eng_reg64_locked(eng, MVGPU_ENG_HWSP_LO);
	ex->ctx_id = *sim_eng_reg(eng, MVGPU_ENG_CTX_ID);
	spin_unlock_irq(&eng->gpu->lock);
	mem = eng_ctx_map(eng, &va);
	if (!mem || mvgpu_exec_save(ex, image)) {
		eng_ctx_fault(eng, va);
		return;
	}
	memcpy(mem, image, sizeof(image));
}

/*
 * CTX_RESTORE: load the image, then its ring registers, HWSP and CTX_ID
 * into the registers (they win); the ring is enabled without a latch and
 * the engine stopped (PREEMPTED) until RESUME.  A fault is cleared.
 */
static void eng_ctx_restore(struct mvgpu_sim_engine *eng)
{
	struct mvgpu_exec *ex = &eng->exec;
	u8 image[MVGPU_CTX_SIZE];
	u8 *mem;
	u64 va;

	mem = eng_ctx_map(eng, &va);
	if (mem)
		memcpy(image, mem, sizeof(image));
	if (!mem || mvgpu_exec_restore(ex, image)) {
		eng_ctx_fault(eng, va);
		return;
	}
	spin_lock_irq(&eng->gpu->lock);
	eng_set_reg64_locked(eng, MVGPU_ENG_RING_BASE_LO, ex->ring_base);
	*sim_eng_reg(eng, MVGPU_ENG_RING_SIZE) = ex->ring_size;
	*sim_eng_reg(eng, MVGPU_ENG_RING_HEAD) = ex->head;
	*sim_eng_reg(eng, MVGPU_ENG_RING_TAIL) = ex->tail;
	*sim_eng_reg(eng, MVGPU_ENG_RING_CTL) |= MVGPU_RING_ENABLE;
	eng_set_reg64_locked(eng, MVGPU_ENG_HWSP_LO, ex->hwsp);
	*sim_eng_reg(eng, MVGPU_ENG_CTX_ID) = ex->ctx_id;
	*sim_eng_reg(eng, MVGPU_ENG_STATUS) = MVGPU_ENG_STATUS_PREEMPTED;
	*sim_eng_reg(eng, MVGPU_ENG_FAULT_REASON) = 0;
	eng_set_reg64_locked(eng, MVGPU_ENG_FAULT_ADDR_LO, 0);
	spin_unlock_irq(&eng->gpu->lock);
}

/* RESUME: leave PREEMPTED; a fault stays. */
static void eng_resume(struct mvgpu_sim_engine *eng)
{
	spin_lock_irq(&eng->gpu->lock);
	*sim_eng_reg(eng, MVGPU_ENG_STATUS) &= ~MVGPU_ENG_STATUS_PREEMPTED;
	spin_unlock_irq(&eng->gpu->lock);
}

/*
 * Carry out the requests recorded by register writes, in the documented
 * order.  A request bit clears only once it is carried out: a driver
 * polling ENG_CONTROL sees 0 when the engine is done, not when it has
 * started.  The latch bit clears first instead, so that a ring enable
 * written while the engine latches is latched again.
 */
static void eng_handle_requests(struct mvgpu_sim_engine *eng)
{
	if (eng_req_pending(eng, MVGPU_ENG_CTL_RESET)) {
		eng_reset(eng);
		eng_req_done(eng, MVGPU_ENG_CTL_RESET);
	}
	if (eng_req_pending(eng, SIM_ENG_REQ_LATCH)) {
		eng_req_done(eng, SIM_ENG_REQ_LATCH);
		eng_latch_ring(eng);
	}
	if (eng_req_pending(eng, MVGPU_ENG_CTL_PREEMPT)) {
		eng_preempt(eng);
		eng_req_done(eng, MVGPU_ENG_CTL_PREEMPT);
	}
	if (eng_req_pending(eng, MVGPU_ENG_CTL_CTX_SAVE)) {
		eng_ctx_save(eng);
		eng_req_done(eng, MVGPU_ENG_CTL_CTX_SAVE);
	}
	if (eng_req_pending(eng, MVGPU_ENG_CTL_CTX_RESTORE)) {
		eng_ctx_restore(eng);
		eng_req_done(eng, MVGPU_ENG_CTL_CTX_RESTORE);
	}
	if (eng_req_pending(eng, MVGPU_ENG_CTL_RESUME)) {
		eng_resume(eng);
		eng_req_done(eng, MVGPU_ENG_CTL_RESUME);
	}
}

/*
 * Mark the worker as running (a GTT flush waits for it) and tell whether
 * the engine can run: enabled ring, not stopped on a fault or preemption.
 * The tail and status page registers go to the executor.
 */
static bool eng_start(struct mvgpu_sim_engine *eng)
{
	bool run;

	spin_lock_irq(&eng->gpu->lock);
	run = *sim_eng_reg(eng, MVGPU_ENG_RING_CTL) & MVGPU_RING_ENABLE &&
	      !(*sim_eng_reg(eng, MVGPU_ENG_STATUS) &
		(MVGPU_ENG_STATUS_FAULTED | MVGPU_ENG_STATUS_PREEMPTED));
	if (run) {
		eng->exec.tail = *sim_eng_reg(eng, MVGPU_ENG_RING_TAIL);
		eng->exec.hwsp = eng_reg64_locked(eng, MVGPU_ENG_HWSP_LO);
	}
	spin_unlock_irq(&eng->gpu->lock);
	return run;
}

/* Report what a run did through the engine's registers. */
static void eng_report_locked(struct mvgpu_sim_engine *eng,
			      enum mvgpu_exec_status status)
{
	struct mvgpu_exec *ex = &eng->exec;
	u32 *st = sim_eng_reg(eng, MVGPU_ENG_STATUS);

	lockdep_assert_held(&eng->gpu->lock);
	*sim_eng_reg(eng, MVGPU_ENG_RING_HEAD) = ex->head;
	*sim_eng_reg(eng, MVGPU_ENG_CMD_COUNT) = lower_32_bits(ex->cmds_completed);
	eng_set_reg64_locked(eng, MVGPU_ENG_BUSY_NS_LO, eng->busy_ns);
	*st &= ~(MVGPU_ENG_STATUS_BUSY | MVGPU_ENG_STATUS_WAITING);
	switch (status) {
	case MVGPU_EXEC_IDLE:
		break;
	case MVGPU_EXEC_BUDGET:
	case MVGPU_EXEC_PREEMPTED:	/* a request is pending */
		*st |= MVGPU_ENG_STATUS_BUSY;
		break;
	case MVGPU_EXEC_WAITING:
		*st |= MVGPU_ENG_STATUS_BUSY | MVGPU_ENG_STATUS_WAITING;
		break;
	case MVGPU_EXEC_FAULT:
		eng_fault_locked(eng);
		break;
	}
}

static void sim_engine_work(struct work_struct *work)
{
	struct mvgpu_sim_engine *eng =
		container_of(to_delayed_work(work), struct mvgpu_sim_engine,
			     work);
	enum mvgpu_exec_status status = MVGPU_EXEC_IDLE;
	bool run;
	u64 start;

	spin_lock_irq(&eng->gpu->lock);
	if (sim_engine_wedge_locked(eng)) {
		spin_unlock_irq(&eng->gpu->lock);
		return;
	}
	eng->running = true;
	/* The wait on a semaphore since the last run counts as busy. */
	if (eng->wait_since) {
		eng->busy_ns += ktime_get_ns() - eng->wait_since;
		eng->wait_since = 0;
		eng_set_reg64_locked(eng, MVGPU_ENG_BUSY_NS_LO, eng->busy_ns);
	}
	spin_unlock_irq(&eng->gpu->lock);

	eng_handle_requests(eng);
	run = eng_start(eng);
	if (run) {
		start = ktime_get_ns();
		status = mvgpu_exec_run(&eng->exec, SIM_ENGINE_BUDGET);
		eng->busy_ns += ktime_get_ns() - start;
	}

	if (status == MVGPU_EXEC_WAITING)
		eng->wait_since = ktime_get_ns();
	spin_lock_irq(&eng->gpu->lock);
	if (run)
		eng_report_locked(eng, status);
	eng->running = false;
	eng->gpu->flush &= ~BIT(eng->id);
	spin_unlock_irq(&eng->gpu->lock);

	if (atomic_long_read(&eng->requests) || status == MVGPU_EXEC_BUDGET ||
	    status == MVGPU_EXEC_PREEMPTED)
		eng_kick(eng, 0);
	else if (status == MVGPU_EXEC_WAITING)
		eng_kick(eng, 1);
}

/**
 * sim_engines_init() - set up a GPU's engines, idle
 * @gpu: the GPU, with its engine counts set
 */
void sim_engines_init(struct mvgpu_sim_gpu *gpu)
{
	struct mvgpu_sim_engine *eng;
	unsigned int i;

	for (i = 0; i < MVGPU_NUM_ENGINE_IDS; i++) {
		eng = &gpu->engines[i];
		eng->gpu = gpu;
		eng->id = i;
		eng->present = i < MVGPU_ENGINE_COMPUTE(0) ?
			i < gpu->copy_engines :
			i - MVGPU_ENGINE_COMPUTE(0) < gpu->compute_engines;
		atomic_long_set(&eng->requests, 0);
		eng->wedge_gen = atomic_read(&sim_wedge_gen);
		INIT_DELAYED_WORK(&eng->work, sim_engine_work);
		mvgpu_exec_init(&eng->exec, &sim_exec_ops, eng);
	}
}

/**
 * sim_engines_fini() - stop a GPU's engines for good
 * @gpu: the GPU, with no driver bound any more
 */
void sim_engines_fini(struct mvgpu_sim_gpu *gpu)
{
	unsigned int i;

	for (i = 0; i < MVGPU_NUM_ENGINE_IDS; i++) {
		spin_lock_irq(&gpu->lock);
		gpu->engines[i].present = false;
		spin_unlock_irq(&gpu->lock);
		cancel_delayed_work_sync(&gpu->engines[i].work);
	}
}
