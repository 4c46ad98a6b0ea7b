// SPDX-License-Identifier: GPL-2.0-only
/*
 * The engines of an emulated GPU.
 *
 * Each engine is an executor (exec.c) run by a work item on the system's
 * unbound workqueue, a bounded amount per run, so that engines run in
 * parallel and a long batch never holds a CPU.  Register writes that ask
 * for something (a tail bump, a ring enable, ENG_CONTROL) only record the
 * request and kick the work item; the worker carries requests out between
 * runs, under the engine's lock, and reports back through the registers and
 * the interrupt line.
 */
#include <linux/jiffies.h>
#include <linux/sizes.h>
#include <linux/ktime.h>

#include "sim.h"

/* Bytes of data one run of the worker may process before it yields. */
#define SIM_ENGINE_BUDGET	SZ_1M

static void *eng_map(void *priv, u64 va, bool write)
{
	struct mvgpu_sim_engine *eng = priv;

	return sim_gtt_map(eng->gpu, va, write);
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

static bool eng_preempt_pending(void *priv)
{
	struct mvgpu_sim_engine *eng = priv;

	return READ_ONCE(eng->requests) &
	       (MVGPU_ENG_CTL_PREEMPT | MVGPU_ENG_CTL_RESET);
}

static const struct mvgpu_exec_ops sim_exec_ops = {
	.map = eng_map,
	.write_reg = eng_write_reg,
	.user_interrupt = eng_user_interrupt,
	.preempt_pending = eng_preempt_pending,
};

static void eng_kick(struct mvgpu_sim_engine *eng, unsigned long delay)
{
	mod_delayed_work(system_unbound_wq, &eng->work, delay);
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
		return READ_ONCE(eng->requests) & SIM_ENG_REQ_MASK;
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
			set_bit(ilog2(SIM_ENG_REQ_LATCH), &eng->requests);
			eng_kick(eng, 0);
		}
		break;
	case MVGPU_ENG_CONTROL:
		val &= SIM_ENG_REQ_MASK;
		if (val) {
			/* Atomic: the worker clears bits as it goes. */
			atomic_long_or(val, (atomic_long_t *)&eng->requests);
			eng_kick(eng, 0);
		}
		break;
	}
}

/* Latch the ring registers into the executor (ring enable or disable). */
static void eng_latch_ring(struct mvgpu_sim_engine *eng)
{
	struct mvgpu_sim_gpu *gpu = eng->gpu;
	struct mvgpu_exec *ex = &eng->exec;
	bool enable;

	spin_lock_irq(&gpu->lock);
	enable = *sim_eng_reg(eng, MVGPU_ENG_RING_CTL) & MVGPU_RING_ENABLE;
	mvgpu_exec_reset(ex);
	if (enable) {
		ex->ring_base = *sim_eng_reg(eng, MVGPU_ENG_RING_BASE_LO) |
			(u64)*sim_eng_reg(eng, MVGPU_ENG_RING_BASE_HI) << 32;
		ex->ring_size = *sim_eng_reg(eng, MVGPU_ENG_RING_SIZE);
	}
	*sim_eng_reg(eng, MVGPU_ENG_RING_HEAD) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_STATUS) = 0;
	spin_unlock_irq(&gpu->lock);
}

/* Engine reset: drop the context, even mid-command; the ring is disabled. */
static void eng_reset(struct mvgpu_sim_engine *eng)
{
	spin_lock_irq(&eng->gpu->lock);
	*sim_eng_reg(eng, MVGPU_ENG_RING_CTL) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_RING_TAIL) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_FAULT_REASON) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_FAULT_ADDR_LO) = 0;
	*sim_eng_reg(eng, MVGPU_ENG_FAULT_ADDR_HI) = 0;
	spin_unlock_irq(&eng->gpu->lock);
	eng_latch_ring(eng);
}

/* Copy a context image between the executor and GPU memory. */
static int eng_ctx_transfer(struct mvgpu_sim_engine *eng, bool save)
{
	u8 image[MVGPU_CTX_SIZE];
	u64 va;
	void *mem;
	int ret;

	spin_lock_irq(&eng->gpu->lock);
	va = *sim_eng_reg(eng, MVGPU_ENG_CTX_LO) |
	     (u64)*sim_eng_reg(eng, MVGPU_ENG_CTX_HI) << 32;
	spin_unlock_irq(&eng->gpu->lock);
	/* The image is MVGPU_CTX_SIZE-aligned, so it sits in one page. */
	if (va % MVGPU_CTX_SIZE)
		return -EINVAL;
	mem = sim_gtt_map(eng->gpu, va, save);
	if (!mem)
		return -EFAULT;
	if (save) {
		ret = mvgpu_exec_save(&eng->exec, image);
		if (!ret)
			memcpy(mem, image, sizeof(image));
		return ret;
	}
	memcpy(image, mem, sizeof(image));
	return mvgpu_exec_restore(&eng->exec, image);
}

/* Report what the executor did through the engine's registers. */
static void eng_report_locked(struct mvgpu_sim_engine *eng,
			      enum mvgpu_exec_status status)
{
	struct mvgpu_exec *ex = &eng->exec;
	u32 *st = sim_eng_reg(eng, MVGPU_ENG_STATUS);

	lockdep_assert_held(&eng->gpu->lock);
	*sim_eng_reg(eng, MVGPU_ENG_RING_HEAD) = ex->head;
	*sim_eng_reg(eng, MVGPU_ENG_CMD_COUNT) = lower_32_bits(ex->cmds_completed);
	*sim_eng_reg(eng, MVGPU_ENG_BUSY_NS_LO) = lower_32_bits(eng->busy_ns);
	*sim_eng_reg(eng, MVGPU_ENG_BUSY_NS_HI) = upper_32_bits(eng->busy_ns);
	*st &= ~(MVGPU_ENG_STATUS_BUSY | MVGPU_ENG_STATUS_WAITING);
	switch (status) {
	case MVGPU_EXEC_IDLE:
		break;
	case MVGPU_EXEC_BUDGET:
		*st |= MVGPU_ENG_STATUS_BUSY;
		break;
	case MVGPU_EXEC_WAITING:
		*st |= MVGPU_ENG_STATUS_BUSY | MVGPU_ENG_STATUS_WAITING;
		break;
	case MVGPU_EXEC_PREEMPTED:
		*st |= MVGPU_ENG_STATUS_PREEMPTED;
		sim_raise_locked(eng->gpu, MVGPU_INT_ENGINE_EVENT,
				 MVGPU_EVENT_PREEMPTED(eng->id));
		break;
	case MVGPU_EXEC_FAULT:
		*st |= MVGPU_ENG_STATUS_FAULTED;
		*sim_eng_reg(eng, MVGPU_ENG_FAULT_REASON) = ex->fault;
		*sim_eng_reg(eng, MVGPU_ENG_FAULT_ADDR_LO) =
			lower_32_bits(ex->fault_addr);
		*sim_eng_reg(eng, MVGPU_ENG_FAULT_ADDR_HI) =
			upper_32_bits(ex->fault_addr);
		sim_raise_locked(eng->gpu, MVGPU_INT_ENGINE_EVENT,
				 MVGPU_EVENT_FAULT(eng->id));
		break;
	}
}

/*
 * Carry out the requests recorded by register writes, in a fixed order.  A
 * request bit clears only once it is carried out: a driver polling
 * ENG_CONTROL sees 0 when the engine is done, not when it has started.
 * The latch bit clears first instead, so that a ring enable written while
 * the engine latches is latched again.
 */
static void eng_handle_requests(struct mvgpu_sim_engine *eng)
{
	unsigned long *req = &eng->requests;
	int ret;

	if (test_bit(ilog2(MVGPU_ENG_CTL_RESET), req)) {
		eng_reset(eng);
		clear_bit(ilog2(MVGPU_ENG_CTL_PREEMPT), req);
		clear_bit(ilog2(MVGPU_ENG_CTL_RESET), req);
	}
	if (test_and_clear_bit(ilog2(SIM_ENG_REQ_LATCH), req))
		eng_latch_ring(eng);
	if (test_bit(ilog2(MVGPU_ENG_CTL_RESUME), req)) {
		spin_lock_irq(&eng->gpu->lock);
		*sim_eng_reg(eng, MVGPU_ENG_STATUS) &= ~MVGPU_ENG_STATUS_PREEMPTED;
		spin_unlock_irq(&eng->gpu->lock);
		clear_bit(ilog2(MVGPU_ENG_CTL_RESUME), req);
	}
	if (test_bit(ilog2(MVGPU_ENG_CTL_CTX_SAVE), req)) {
		ret = eng_ctx_transfer(eng, true);
		if (ret)
			mvgpu_exec_fault(&eng->exec, MVGPU_FAULT_RING, 0);
		clear_bit(ilog2(MVGPU_ENG_CTL_CTX_SAVE), req);
	}
	if (test_bit(ilog2(MVGPU_ENG_CTL_CTX_RESTORE), req)) {
		ret = eng_ctx_transfer(eng, false);
		if (ret)
			mvgpu_exec_fault(&eng->exec, MVGPU_FAULT_RING, 0);
		spin_lock_irq(&eng->gpu->lock);
		*sim_eng_reg(eng, MVGPU_ENG_STATUS) &= ~MVGPU_ENG_STATUS_FAULTED;
		spin_unlock_irq(&eng->gpu->lock);
		clear_bit(ilog2(MVGPU_ENG_CTL_CTX_RESTORE), req);
	}
}

/* Can the engine run: enabled ring, not stopped on a fault or preemption. */
static bool eng_runnable(struct mvgpu_sim_engine *eng)
{
	struct mvgpu_sim_gpu *gpu = eng->gpu;
	bool run;

	spin_lock_irq(&gpu->lock);
	run = *sim_eng_reg(eng, MVGPU_ENG_RING_CTL) & MVGPU_RING_ENABLE &&
	      !(*sim_eng_reg(eng, MVGPU_ENG_STATUS) &
		(MVGPU_ENG_STATUS_FAULTED | MVGPU_ENG_STATUS_PREEMPTED));
	if (run) {
		eng->exec.tail = *sim_eng_reg(eng, MVGPU_ENG_RING_TAIL);
		eng->exec.hwsp = *sim_eng_reg(eng, MVGPU_ENG_HWSP_LO) |
			(u64)*sim_eng_reg(eng, MVGPU_ENG_HWSP_HI) << 32;
	}
	spin_unlock_irq(&gpu->lock);
	return run;
}

static void sim_engine_work(struct work_struct *work)
{
	struct mvgpu_sim_engine *eng =
		container_of(to_delayed_work(work), struct mvgpu_sim_engine,
			     work);
	enum mvgpu_exec_status status = MVGPU_EXEC_IDLE;
	u64 start;

	mutex_lock(&eng->lock);
	eng_handle_requests(eng);
	if (eng_runnable(eng)) {
		start = ktime_get_ns();
		status = mvgpu_exec_run(&eng->exec, SIM_ENGINE_BUDGET);
		eng->busy_ns += ktime_get_ns() - start;
	} else if (eng->exec.fault) {
		status = MVGPU_EXEC_FAULT;
	}
	if (status == MVGPU_EXEC_PREEMPTED ||
	    (status == MVGPU_EXEC_IDLE && test_bit(ilog2(MVGPU_ENG_CTL_PREEMPT),
						   &eng->requests))) {
		/* Preempting an idle engine stops it at once. */
		clear_bit(ilog2(MVGPU_ENG_CTL_PREEMPT), &eng->requests);
		status = MVGPU_EXEC_PREEMPTED;
	}
	spin_lock_irq(&eng->gpu->lock);
	if (status != MVGPU_EXEC_FAULT ||
	    !(*sim_eng_reg(eng, MVGPU_ENG_STATUS) & MVGPU_ENG_STATUS_FAULTED))
		eng_report_locked(eng, status);
	spin_unlock_irq(&eng->gpu->lock);
	mutex_unlock(&eng->lock);

	if (READ_ONCE(eng->requests) || status == MVGPU_EXEC_BUDGET)
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
		mutex_init(&eng->lock);
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
		mutex_destroy(&gpu->engines[i].lock);
	}
}
