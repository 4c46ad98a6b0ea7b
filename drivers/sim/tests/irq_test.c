// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the emulated GPU's interrupt line: enable masking,
 * INT_STATUS.ENGINE_EVENT as a level, the handler's hard-IRQ context, and
 * no engine event lost between a handler's two acknowledgements.
 */
#include <linux/hardirq.h>

#include "sim_test.h"

/* What a handler saw, written from hard-IRQ context. */
struct irq_rec {
	atomic_t calls;
	u32 first_pending;
	bool atomic_ctx;
	atomic_t events;
};

static int wait_calls(struct irq_rec *r, int n)
{
	unsigned long end = jiffies + 5 * HZ;

	while (atomic_read(&r->calls) < n) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(200, 1000);
	}
	smp_rmb();	/* what the handler wrote before counting */
	return 0;
}

/* Acknowledge the enabled sources only; remember the first call. */
static void rec_irq(struct mvgpu_device *gdev, void *data)
{
	struct irq_rec *r = data;
	u32 pending = mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS) &
		      mvgpu_hw_read32(gdev, MVGPU_REG_INT_ENABLE);

	if (atomic_read(&r->calls) == 0) {
		r->first_pending = pending;
		r->atomic_ctx = irqs_disabled() && !preemptible();
	}
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_STATUS, pending);
	smp_mb__before_atomic();	/* the record above before the count */
	atomic_inc(&r->calls);
}

/*
 * A source that is not enabled does not interrupt: the first call is for
 * an enabled source raised later.  The handler runs with interrupts off.
 * Enabling a pending source interrupts.
 */
static void mvgpu_test_sim_irq_line(struct kunit *test)
{
	struct irq_rec *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct mvgpu_device *gdev = t_gdev(test);
	const u32 cmds[] = { MVGPU_CMD(MVGPU_OP_USER_INTERRUPT, 0, 1) };

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, mvgpu_hw_request_irq(gdev, rec_irq, r), 0);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_request_irq(gdev, rec_irq, r), -EBUSY);

	mvgpu_hw_write32(gdev, MVGPU_REG_INT_SET, MVGPU_INT_SOFTWARE);
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE,
			 MVGPU_INT_ENGINE_USER(T_COPY));
	start_ring(test, T_COPY);
	submit(test, T_COPY, cmds, ARRAY_SIZE(cmds));
	KUNIT_ASSERT_EQ(test, wait_calls(r, 1), 0);
	KUNIT_EXPECT_EQ(test, r->first_pending,
			(u32)MVGPU_INT_ENGINE_USER(T_COPY));
	KUNIT_EXPECT_TRUE(test, r->atomic_ctx);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS),
			(u32)MVGPU_INT_SOFTWARE);

	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE,
			 MVGPU_INT_SOFTWARE | MVGPU_INT_ENGINE_USER(T_COPY));
	KUNIT_ASSERT_EQ(test, wait_calls(r, 2), 0);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS), 0u);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->calls), 2);
	mvgpu_hw_free_irq(gdev);
}

/*
 * INT_STATUS.ENGINE_EVENT stays set while ENGINE_EVENTS is not 0 (writing
 * it has no effect) and clears with the last event.
 */
static void mvgpu_test_sim_irq_event_level(struct kunit *test)
{
	struct mvgpu_device *gdev = t_gdev(test);

	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT), 0);
	KUNIT_ASSERT_EQ(test, control(test, T_COMPUTE, MVGPU_ENG_CTL_PREEMPT),
			0);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ENGINE_EVENTS),
			(u32)(MVGPU_EVENT_PREEMPTED(T_COPY) |
			      MVGPU_EVENT_PREEMPTED(T_COMPUTE)));
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_STATUS, MVGPU_INT_ENGINE_EVENT);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS),
			(u32)MVGPU_INT_ENGINE_EVENT);
	mvgpu_hw_write32(gdev, MVGPU_REG_ENGINE_EVENTS,
			 MVGPU_EVENT_PREEMPTED(T_COPY));
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS),
			(u32)MVGPU_INT_ENGINE_EVENT);
	mvgpu_hw_write32(gdev, MVGPU_REG_ENGINE_EVENTS,
			 MVGPU_EVENT_PREEMPTED(T_COMPUTE));
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS), 0u);
	/* INT_SET cannot raise it either. */
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_SET, MVGPU_INT_ENGINE_EVENT);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS), 0u);
}

/*
 * A handler that acknowledges ENGINE_EVENTS, then INT_STATUS, with a new
 * engine event in between (raised by the handler itself, to hit the window
 * every time): the level keeps INT_STATUS set and the handler runs again.
 */
static void ack_with_event_between(struct mvgpu_device *gdev, void *data)
{
	struct mvgpu_sim_gpu *gpu = to_sim_gpu(gdev);
	struct irq_rec *r = data;
	unsigned long flags;
	u32 status, events;

	status = mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS);
	if (status & MVGPU_INT_ENGINE_EVENT) {
		events = mvgpu_hw_read32(gdev, MVGPU_REG_ENGINE_EVENTS);
		mvgpu_hw_write32(gdev, MVGPU_REG_ENGINE_EVENTS, events);
		atomic_or(events, &r->events);
	}
	if (atomic_read(&r->calls) == 0) {
		spin_lock_irqsave(&gpu->lock, flags);
		sim_raise_locked(gpu, MVGPU_INT_ENGINE_EVENT,
				 MVGPU_EVENT_FAULT(T_COMPUTE));
		spin_unlock_irqrestore(&gpu->lock, flags);
	}
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_STATUS, status);
	atomic_inc(&r->calls);
}

static void mvgpu_test_sim_irq_event_between_acks(struct kunit *test)
{
	struct irq_rec *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct mvgpu_device *gdev = t_gdev(test);

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, mvgpu_hw_request_irq(gdev, ack_with_event_between,
						   r), 0);
	mvgpu_hw_write32(gdev, MVGPU_REG_INT_ENABLE, MVGPU_INT_ENGINE_EVENT);
	KUNIT_ASSERT_EQ(test, control(test, T_COPY, MVGPU_ENG_CTL_PREEMPT), 0);
	KUNIT_ASSERT_EQ(test, wait_calls(r, 2), 0);
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&r->events),
			(u32)(MVGPU_EVENT_PREEMPTED(T_COPY) |
			      MVGPU_EVENT_FAULT(T_COMPUTE)));
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_ENGINE_EVENTS), 0u);
	KUNIT_EXPECT_EQ(test, mvgpu_hw_read32(gdev, MVGPU_REG_INT_STATUS), 0u);
	mvgpu_hw_free_irq(gdev);
}

static struct kunit_case mvgpu_sim_irq_cases[] = {
	KUNIT_CASE(mvgpu_test_sim_irq_line),
	KUNIT_CASE(mvgpu_test_sim_irq_event_level),
	KUNIT_CASE(mvgpu_test_sim_irq_event_between_acks),
	{}
};

static struct kunit_suite mvgpu_sim_irq_suite = {
	.name = "mvgpu_sim_irq",
	.init = sim_test_init,
	.exit = sim_test_exit,
	.test_cases = mvgpu_sim_irq_cases,
};

kunit_test_suite(mvgpu_sim_irq_suite);
