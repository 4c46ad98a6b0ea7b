/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the userspace-guest selftests (mvgpu_guest_*_test.c): a vGPU
 * created on mvgpu0 and driven by libmvguest (tools/mvgpu-guest), as a
 * virtual machine's driver would drive it.  Header-only.
 */
#ifndef MVGPU_GUEST_TEST_H
#define MVGPU_GUEST_TEST_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "mvgpu_test.h"
#include "mvguest.h"

#define GUEST_WAIT_MS	20000	/* work that should complete */
#define GUEST_RAM	(4u << 20)
#define ENGINE0		MVGPU_ENGINE_COPY(0)

/* A vGPU of its own and the guest that drives it. */
struct tguest {
	char uuid[UUID_LEN];
	struct mvg_guest g;
	bool open;
};

/* Create a vGPU of type @t, open it with @ram bytes of RAM, set up @e. */
static inline int tguest_start(struct tguest *t, const struct mvgpu_type *type,
			       u64 ram, unsigned int e)
{
	int ret;

	memset(t, 0, sizeof(*t));
	ret = vgpu_create_new(MVGPU_GPU0, type, t->uuid);
	if (ret) {
		*t->uuid = '\0';
		snprintf(t->g.err, sizeof(t->g.err), "create %s: %s", type->dir,
			 strerror(-ret));
		return ret;
	}
	ret = mvg_open(&t->g, t->uuid, ram);
	if (ret)
		return ret;
	t->open = true;
	return mvg_engine_init(&t->g, e, 0);
}

static inline void tguest_close(struct tguest *t)
{
	if (t->open)
		mvg_close(&t->g);
	t->open = false;
}

static inline int tguest_stop(struct tguest *t)
{
	int ret = 0;

	tguest_close(t);
	if (*t->uuid)
		ret = vgpu_destroy(t->uuid);
	*t->uuid = '\0';
	return ret;
}

/* sysfs counter mvgpu/@name of @t's vGPU; ~0 when unreadable. */
static inline u64 tguest_counter(struct tguest *t, const char *name)
{
	u64 v;

	return vgpu_attr(t->uuid, name, &v) ? ~0ULL : v;
}

/* Wait up to @ms for counter @name of @uuid to read @want; its last value. */
static inline u64 counter_settles(const char *uuid, const char *name, u64 want,
				  int ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	u64 v = ~0ULL;
	int i;

	for (i = 0; i <= ms / 10; i++) {
		if (!vgpu_attr(uuid, name, &v) && v == want)
			break;
		nanosleep(&ts, NULL);
	}
	return v;
}

/* One checked round of each of fill, copy and crc; 0 or why in g->err. */
static inline int guest_rounds(struct mvg_guest *g, unsigned int e,
			       struct mvg_work *w, u32 seed)
{
	int op, ret;

	for (op = 0; op < MVG_NUM_OPS; op++) {
		ret = mvg_work_round(g, e, w, op, seed + op, GUEST_WAIT_MS);
		if (ret)
			return ret;
	}
	return 0;
}

#endif /* MVGPU_GUEST_TEST_H */
