// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VMM killed in the middle of a workload (SIGKILL while its vGPU's
 * engines run its batches and its GTT pins its pages): afterwards the vGPU
 * holds no pinned page, can be opened and used by the next VMM and
 * destroyed, and another vGPU working all along saw nothing.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "guest_test.h"

#define BIG		(2u << 20)	/* per batch of the killed VMM */
#define SMALL		(32u << 10)

/*
 * The VMM to kill: maps its buffers, tells the parent over @fd after its
 * first checked round, then submits fills and copies without end.
 */
static void doomed_vmm(const char *uuid, int fd)
{
	struct mvg_guest g;
	struct mvg_work w;
	u32 seqno, i;
	char c = 1;

	if (mvg_open(&g, uuid, 3 * BIG + (1u << 20)) ||
	    mvg_engine_init(&g, ENGINE0, 0) || mvg_work_init(&g, &w, BIG) ||
	    guest_rounds(&g, ENGINE0, &w, 1)) {
		fprintf(stderr, "# doomed VMM: %s\n", g.err);
		_exit(10);
	}
	if (write(fd, &c, 1) != 1)
		_exit(11);
	for (i = 0;; i++) {
		mvg_work_prepare(&w, i % 2 ? MVG_OP_COPY : MVG_OP_FILL, i);
		if (mvg_submit(&g, ENGINE0, &w.batch, &seqno))
			_exit(12);
		/* Keep two batches in flight. */
		if (i && mvg_wait(&g, ENGINE0, seqno - 1, GUEST_WAIT_MS))
			_exit(13);
	}
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

TEST(kill_vmm_mid_workload)
{
	char doomed[UUID_LEN];
	struct tguest other;
	struct mvg_work w;
	int pipefd[2], status, round;
	u64 pinned = 0;
	pid_t pid;
	char c;

	if (!mvgpu_present())
		SKIP(return, "mvgpu not loaded");
	destroy_all_mdevs();
	ASSERT_EQ(0, vgpu_create_new(MVGPU_GPU0, &mvgpu_types[3], doomed));
	ASSERT_EQ(0, tguest_start(&other, &mvgpu_types[3], GUEST_RAM, ENGINE0))
		TH_LOG("%s", other.g.err);
	ASSERT_EQ(0, mvg_work_init(&other.g, &w, SMALL));

	ASSERT_EQ(0, pipe(pipefd));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(pipefd[0]);
		doomed_vmm(doomed, pipefd[1]);
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &c, 1)) TH_LOG("the VMM did not start");
	close(pipefd[0]);

	/* The other guest works while the doomed one does. */
	for (round = 0; round < 2; round++)
		ASSERT_EQ(0, guest_rounds(&other.g, ENGINE0, &w, round))
			TH_LOG("%s", other.g.err);
	EXPECT_EQ(0, vgpu_attr(doomed, "pinned_pages", &pinned));
	EXPECT_LE(2ULL * BIG / MVGPU_GTT_PAGE_SIZE, pinned);
	sleep_ms(50);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("the VMM exited: %#x", status);

	EXPECT_EQ(0ULL, counter_settles(doomed, "pinned_pages", 0, 5000));
	/* Others unaffected; the next VMM of the vGPU works; it goes away. */
	for (round = 2; round < 4; round++)
		EXPECT_EQ(0, guest_rounds(&other.g, ENGINE0, &w, round))
			TH_LOG("%s", other.g.err);
	EXPECT_EQ(0ULL, tguest_counter(&other, "rejected"));
	{
		struct mvg_guest g;
		struct mvg_work w2;

		ASSERT_EQ(0, mvg_open(&g, doomed, 1u << 20)) TH_LOG("%s", g.err);
		EXPECT_EQ(0, mvg_engine_init(&g, ENGINE0, 0)) TH_LOG("%s", g.err);
		EXPECT_EQ(0, mvg_work_init(&g, &w2, SMALL)) TH_LOG("%s", g.err);
		EXPECT_EQ(0, guest_rounds(&g, ENGINE0, &w2, 9)) TH_LOG("%s", g.err);
		mvg_close(&g);
	}
	EXPECT_EQ(0ULL, counter_settles(doomed, "pinned_pages", 0, 5000));
	EXPECT_EQ(0, vgpu_destroy(doomed));
	EXPECT_EQ(0, tguest_stop(&other));
}

TEST_HARNESS_MAIN
