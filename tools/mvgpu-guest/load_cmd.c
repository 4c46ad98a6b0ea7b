// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu-guest load and latency: the load generator of load.c as commands,
 * for the scheduler's tests, demo and benchmark.
 *
 *   mvgpu-guest UUID load --seconds 10 --engines copy:0,compute:0
 *   mvgpu-guest UUID load --long 1G --size 64K --depth 1
 *   mvgpu-guest UUID latency --seconds 5 --interval-ms 10
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "load.h"

#define MAX_PROBES	100000

static int stop;	/* set by the signal handler (atomic) */

static void on_signal(int sig)
{
	__atomic_store_n(&stop, sig, __ATOMIC_RELAXED);
}

static void engine_name(unsigned int e, char *buf, size_t len)
{
	snprintf(buf, len, "%s%u", e < MVGPU_ENGINE_COMPUTE(0) ? "copy" : "compute",
		 e & 7);
}

/* --engines LIST (or --engine) into loads; their number, or -1. */
static int parse_engines(const struct opts *o, const struct mvg_guest *g,
			 struct mvg_load *loads)
{
	char *list, *tok, *save = NULL;
	__u32 mask = 0, e;
	int nr = 0, eng;

	if (!o->engines) {
		mask = 1u << o->engine;
	} else if (!strcmp(o->engines, "all")) {
		mask = mvg_engine_mask(g);
	} else {
		list = strdup(o->engines);
		for (tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			eng = parse_engine(tok);
			if (eng < 0) {
				fprintf(stderr, "mvgpu-guest: bad engine '%s'\n", tok);
				free(list);
				return -1;
			}
			mask |= 1u << eng;
		}
		free(list);
	}
	if (mask & ~mvg_engine_mask(g)) {
		fprintf(stderr, "mvgpu-guest: the vGPU lacks an engine asked for (ENGINES %#x)\n",
			g->engines);
		return -1;
	}
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (!(mask & (1u << e)))
			continue;
		memset(&loads[nr], 0, sizeof(loads[nr]));
		loads[nr].engine = e;
		loads[nr].op = o->op;
		loads[nr].size = o->size;
		loads[nr].long_bytes = o->long_bytes;
		loads[nr].depth = o->depth;
		nr++;
	}
	return nr;
}

static double realtime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Set the engines up, then sleep until o->start_at (if given). */
static int wait_start(const struct opts *o, struct mvg_guest *g,
		      const struct mvg_load *loads, int nr)
{
	struct timespec ts;
	double left;
	int i;

	for (i = 0; i < nr; i++) {
		if (mvg_engine_init(g, loads[i].engine, 0)) {
			fprintf(stderr, "mvgpu-guest: %s\n", g->err);
			return -1;
		}
	}
	left = o->start_at - realtime();
	if (o->start_at && left > 0) {
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* How many engines --engines names (all: every possible one). */
static unsigned int engines_asked(const struct opts *o)
{
	unsigned int n = 1;
	const char *p;

	if (!o->engines)
		return 1;
	if (!strcmp(o->engines, "all"))
		return MVGPU_NUM_ENGINE_IDS;
	for (p = o->engines; *p; p++)
		n += *p == ',';
	return n < MVGPU_NUM_ENGINE_IDS ? n : MVGPU_NUM_ENGINE_IDS;
}

static int open_guest(const struct opts *o, struct mvg_guest *g, __u64 ram)
{
	if (mvg_open(g, o->uuid, o->ram ? o->ram : ram)) {
		fprintf(stderr, "mvgpu-guest: %s\n", g->err);
		return -1;
	}
	g->wait_mode = MVG_WAIT_POLL;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	return 0;
}

int cmd_load(const struct opts *o)
{
	struct mvg_load loads[MVGPU_NUM_ENGINE_IDS];
	unsigned int n = engines_asked(o);
	/* Rings and status pages: MVG_RING_SIZE + a page per engine. */
	__u64 ram = mvg_load_ram(n, o->size) + n * (MVG_RING_SIZE + 4096);
	double total = 0;
	struct mvg_guest g;
	char name[16];
	int nr, i, ret;

	if (o->size % 4096) {
		fprintf(stderr, "mvgpu-guest: load: --size must be a multiple of 4K\n");
		return 2;
	}
	if (open_guest(o, &g, ram))
		return 1;
	nr = parse_engines(o, &g, loads);
	if (nr <= 0 || wait_start(o, &g, loads, nr)) {
		mvg_close(&g);
		return nr <= 0 ? 2 : 1;
	}
	ret = mvg_load_run(&g, loads, nr, o->seconds, &stop);
	for (i = 0; i < nr; i++) {
		engine_name(loads[i].engine, name, sizeof(name));
		printf("load: vGPU %u %s: %llu batches, %.1f MiB in %.2f s, %.1f MiB/s%s\n",
		       g.vgpu_id, name, (unsigned long long)loads[i].batches,
		       loads[i].bytes / 1048576.0, loads[i].seconds,
		       loads[i].seconds > 0 ?
		       loads[i].bytes / 1048576.0 / loads[i].seconds : 0,
		       ret ? "" : ", all correct");
		total += loads[i].seconds > 0 ?
			 loads[i].bytes / 1048576.0 / loads[i].seconds : 0;
	}
	if (nr > 1)
		printf("load: vGPU %u: %.1f MiB/s on %d engines\n", g.vgpu_id,
		       total, nr);
	for (i = 0, total = 0; i < nr; i++)
		total += loads[i].bytes;
	printf("load-end: vGPU %u: %.0f bytes, done at %.3f\n", g.vgpu_id, total,
	       realtime());
	if (ret)
		fprintf(stderr, "mvgpu-guest: load: %s\n", g.err);
	mvg_close(&g);
	return ret ? 1 : 0;
}

int cmd_latency(const struct opts *o)
{
	double *lat = calloc(MAX_PROBES, sizeof(*lat));
	struct mvg_guest g;
	unsigned int n = 0;
	char name[16];
	int ret;

	if (!lat || open_guest(o, &g, 1u << 20)) {
		free(lat);
		return 1;
	}
	ret = mvg_latency_run(&g, o->engine, o->seconds, o->interval_ms, lat,
			      MAX_PROBES, &n);
	engine_name(o->engine, name, sizeof(name));
	if (!ret && n)
		printf("latency: vGPU %u %s: %u probes, p50 %.0f us, p99 %.0f us, max %.0f us\n",
		       g.vgpu_id, name, n, lat[n / 2], lat[(n * 99) / 100],
		       lat[n - 1]);
	else
		fprintf(stderr, "mvgpu-guest: latency: %s\n",
			ret ? g.err : "no probe completed");
	mvg_close(&g);
	free(lat);
	return ret || !n ? 1 : 0;
}
