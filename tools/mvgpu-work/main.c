// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu-work: run FILL, COPY and CRC32C on an mvgpu render node, check
 * every result byte on the CPU and print the throughput.
 *
 * Usage: mvgpu-work [--device /dev/dri/renderDN] [--engine copy|compute[:N]]
 *                   [--size BYTES] [--iterations N] [--latency]
 *                   fill|copy|crc|all
 *
 * --latency also prints, per operation, the submission latency as the
 * submitter sees it: from the SUBMIT ioctl to the wait on the fence's BO
 * returning, p50 and p99 over the iterations.
 *
 * Exits 0 only when every result was correct.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mvgpu/mvgpu_hw.h>

#include "crc32c.h"
#include "mvgpu_dev.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ROW_BYTES	4096u
#define WAIT_NS		(30LL * 1000 * 1000 * 1000)

struct work {
	int fd;
	int engine;
	uint64_t size;
	unsigned int iterations;
	struct mvgpu_batch batch;
	struct mvgpu_bo src, dst;
	uint32_t seed;
	int latency;
	double *lat;	/* seconds, one per iteration (--latency) */
};

/* One operation: writes the batch, prepares buffers, checks the result. */
struct op {
	const char *name;
	void (*prepare)(struct work *w, unsigned int iter);
	int (*check)(struct work *w, unsigned int iter);
};

static uint32_t rng_next(uint32_t *state)
{
	/* xorshift32: a pattern that differs per iteration. */
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

static void fill_random(void *buf, uint64_t len, uint32_t seed)
{
	uint32_t *p = buf, state = seed | 1;
	uint64_t i;

	for (i = 0; i < len / 4; i++)
		p[i] = rng_next(&state);
}

/* Rows of ROW_BYTES when the size allows it, else one row. */
static void rect(const struct work *w, uint32_t *width, uint32_t *height)
{
	if (w->size % ROW_BYTES == 0) {
		*width = ROW_BYTES;
		*height = w->size / ROW_BYTES;
	} else {
		*width = w->size;
		*height = 1;
	}
}

static uint32_t fill_value(const struct work *w, unsigned int iter)
{
	return 0x9e3779b9u * (iter + 1) ^ w->seed;
}

static void fill_prepare(struct work *w, unsigned int iter)
{
	uint32_t width, height;

	memset(w->dst.map, 0, w->dst.size);
	rect(w, &width, &height);
	mvgpu_emit_fill(&w->batch, w->dst.va, width, width, height,
			fill_value(w, iter));
}

static int fill_check(struct work *w, unsigned int iter)
{
	const uint32_t *p = w->dst.map;
	uint32_t v = fill_value(w, iter);
	uint64_t i;

	for (i = 0; i < w->size / 4; i++) {
		if (p[i] != v) {
			fprintf(stderr, "fill: dword %llu is %#x, expected %#x\n",
				(unsigned long long)i, p[i], v);
			return -1;
		}
	}
	/* Past the requested size, up to the page end: untouched. */
	for (; i < w->dst.size / 4; i++) {
		if (p[i]) {
			fprintf(stderr, "fill: wrote past the end at dword %llu\n",
				(unsigned long long)i);
			return -1;
		}
	}
	return 0;
}

static void copy_prepare(struct work *w, unsigned int iter)
{
	uint32_t width, height;

	fill_random(w->src.map, w->size, w->seed + iter);
	memset(w->dst.map, 0, w->dst.size);
	rect(w, &width, &height);
	mvgpu_emit_copy(&w->batch, w->src.va, width, w->dst.va, width, width,
			height);
}

static int copy_check(struct work *w, unsigned int iter)
{
	const uint8_t *s = w->src.map, *d = w->dst.map;
	uint64_t i;

	(void)iter;
	if (!memcmp(s, d, w->size))
		return 0;
	for (i = 0; i < w->size && s[i] == d[i]; i++)
		;
	fprintf(stderr, "copy: byte %llu is %#x, expected %#x\n",
		(unsigned long long)i, d[i], s[i]);
	return -1;
}

static void crc_prepare(struct work *w, unsigned int iter)
{
	fill_random(w->src.map, w->size, w->seed + iter);
	memset(w->dst.map, 0, 4);
	mvgpu_emit_crc32c(&w->batch, w->src.va, w->size, w->dst.va);
}

static int crc_check(struct work *w, unsigned int iter)
{
	uint32_t want = crc32c(w->src.map, w->size);
	uint32_t got = *(const uint32_t *)w->dst.map;

	(void)iter;
	if (got == want)
		return 0;
	fprintf(stderr, "crc: GPU %#010x, CPU %#010x\n", got, want);
	return -1;
}

static const struct op ops[] = {
	{ "fill", fill_prepare, fill_check },
	{ "copy", copy_prepare, copy_check },
	{ "crc", crc_prepare, crc_check },
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The @pct percentile of @n sorted values (nearest rank). */
static double percentile(const double *v, unsigned int n, unsigned int pct)
{
	unsigned int rank = (n * pct + 99) / 100;

	return v[rank ? rank - 1 : 0];
}

static void print_latency(const struct work *w, const struct op *op)
{
	qsort(w->lat, w->iterations, sizeof(*w->lat), cmp_double);
	printf("%-4s engine %d: latency submit-to-fence p50 %.1f us, p99 %.1f us, ",
	       op->name, w->engine, percentile(w->lat, w->iterations, 50) * 1e6,
	       percentile(w->lat, w->iterations, 99) * 1e6);
	printf("max %.1f us (%u submissions)\n", w->lat[w->iterations - 1] * 1e6,
	       w->iterations);
}

static int run_op(struct work *w, const struct op *op)
{
	uint32_t handles[2] = { w->src.handle, w->dst.handle };
	double busy = 0, t0, dt;
	unsigned int i;
	int ret, bad = 0;

	for (i = 0; i < w->iterations; i++) {
		mvgpu_batch_reset(&w->batch);
		op->prepare(w, i);
		mvgpu_emit_end(&w->batch);
		t0 = now();
		ret = mvgpu_submit(w->fd, w->engine, &w->batch, handles, 2, NULL);
		if (!ret)
			ret = mvgpu_wait_bo(w->fd, w->dst.handle, WAIT_NS);
		dt = now() - t0;
		busy += dt;
		if (w->lat)
			w->lat[i] = dt;
		if (ret) {
			fprintf(stderr, "%s: iteration %u: %s\n", op->name, i,
				strerror(-ret));
			return -1;
		}
		if (op->check(w, i))
			bad++;
	}
	printf("%-4s engine %d: %u x %llu bytes in %.3f s: %.1f MiB/s, %u/%u correct\n",
	       op->name, w->engine, w->iterations, (unsigned long long)w->size,
	       busy, busy > 0 ? w->size * (double)w->iterations / busy / 1048576 : 0,
	       w->iterations - bad, w->iterations);
	if (w->lat)
		print_latency(w, op);
	return bad ? -1 : 0;
}

static void print_usage(FILE *f)
{
	fprintf(f, "%s",
		"Usage: mvgpu-work [--device /dev/dri/renderDN] [--engine copy|compute[:N]]\n"
		"                  [--size BYTES] [--iterations N] [--latency]\n"
		"                  fill|copy|crc|all\n");
}

static int parse_args(int argc, char **argv, struct work *w,
		      const char **device, const char **cmd)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "engine", required_argument, NULL, 'e' },
		{ "size", required_argument, NULL, 's' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "latency", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "d:e:s:i:lh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			*device = optarg;
			break;
		case 'e':
			w->engine = mvgpu_parse_engine(optarg);
			if (w->engine < 0) {
				fprintf(stderr, "bad engine '%s'\n", optarg);
				return -1;
			}
			break;
		case 's':
			w->size = strtoull(optarg, &end, 0);
			if (*end || !w->size || w->size % 4) {
				fprintf(stderr, "--size must be a positive multiple of 4\n");
				return -1;
			}
			break;
		case 'i':
			w->iterations = strtoul(optarg, &end, 0);
			if (*end || !w->iterations) {
				fprintf(stderr, "bad --iterations\n");
				return -1;
			}
			break;
		case 'l':
			w->latency = 1;
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		default:
			print_usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 1) {
		print_usage(stderr);
		return -1;
	}
	*cmd = argv[optind];
	return 0;
}

static int setup(struct work *w, const char *device)
{
	int ret;

	w->fd = mvgpu_open(device);
	if (w->fd < 0) {
		fprintf(stderr, "cannot open %s: %s\n",
			device ? device : "an mvgpu render node",
			strerror(-w->fd));
		return -1;
	}
	ret = mvgpu_batch_create(w->fd, &w->batch);
	if (!ret)
		ret = mvgpu_bo_create(w->fd, w->size, &w->src);
	if (!ret)
		ret = mvgpu_bo_create(w->fd, w->size, &w->dst);
	if (ret) {
		fprintf(stderr, "cannot create buffers of %llu bytes: %s\n",
			(unsigned long long)w->size, strerror(-ret));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct work w = {
		.fd = -1,
		.engine = MVGPU_ENGINE_COPY(0),
		.size = 16u << 20,
		.iterations = 10,
	};
	const char *device = NULL, *cmd = NULL;
	int ret = 0, ran = 0;
	size_t i;

	if (parse_args(argc, argv, &w, &device, &cmd))
		return 2;
	w.seed = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	if (setup(&w, device))
		return 1;
	if (w.latency) {
		w.lat = calloc(w.iterations, sizeof(*w.lat));
		if (!w.lat) {
			fprintf(stderr, "out of memory\n");
			return 1;
		}
	}
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (strcmp(cmd, "all") && strcmp(cmd, ops[i].name))
			continue;
		ran++;
		if (run_op(&w, &ops[i]))
			ret = 1;
	}
	if (!ran) {
		print_usage(stderr);
		ret = 2;
	}
	mvgpu_bo_destroy(w.fd, &w.dst);
	mvgpu_bo_destroy(w.fd, &w.src);
	mvgpu_bo_destroy(w.fd, &w.batch.bo);
	close(w.fd);
	free(w.lat);
	return ret;
}
