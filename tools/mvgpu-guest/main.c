// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu-guest: drive an mvgpu vGPU from userspace as a virtual machine's
 * driver would (libmvguest): show what it is, run FILL, COPY and CRC32C on
 * it with every result byte checked, or benchmark it against the render
 * node.  Run as root where the modules are loaded.
 *
 * Exits 0 on success, 1 when something failed, 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "load.h"

static void usage(FILE *f)
{
	fprintf(f, "%s",
		"Usage: mvgpu-guest [OPTIONS] UUID COMMAND\n"
		"Commands:\n"
		"  info               identification, VINFO, engines, counters\n"
		"  fill|copy|crc|all  run the workload, check every byte, print MiB/s\n"
		"  bench              the workload through the vGPU and natively\n"
		"                     through the render node, per size, with ratios\n"
		"  load               keep engines busy for --seconds with checked\n"
		"                     batches; print what each engine did\n"
		"  latency            short batches every --interval-ms for --seconds:\n"
		"                     doorbell-to-completion latency p50/p99/max\n"
		"Options:\n"
		"  -e, --engine copy|compute[:N]  engine (default copy:0)\n"
		"  -s, --size BYTES     bytes per operation, K/M suffixes (default 1M)\n"
		"  -i, --iterations N   rounds per operation (default 4)\n"
		"  -r, --ram MIB        guest RAM (default: what the command needs)\n"
		"  -p, --poll           wait by polling the status page, no interrupt\n"
		"      --sizes LIST     bench: sizes, comma-separated (default\n"
		"                       4K,64K,1M,16M)\n"
		"      --no-native      bench: the vGPU only\n"
		"      --irq            bench: wait for the MSI (default: poll the\n"
		"                       status page, no trapped access)\n"
		"      --seconds S      load, latency: how long (default 5)\n"
		"      --engines LIST   load: engines, comma-separated copy|compute[:N],\n"
		"                       or all (default: --engine)\n"
		"      --op OP          load: fill, copy, crc or mix (default fill)\n"
		"      --depth N        load: batches queued per turn (default 4)\n"
		"      --long BYTES     load: each batch one FILL of BYTES over --size\n"
		"                       bytes at pitch 0 (a long command)\n"
		"      --interval-ms MS latency: between two probes (default 10)\n"
		"      --start-at T     load: set up, then start at T (seconds since\n"
		"                       the epoch, fractions allowed), for loads that\n"
		"                       start together\n"
		"  -h, --help           this text\n");
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__u64 parse_size(const char *s)
{
	char *end;
	__u64 v = strtoull(s, &end, 0);

	if (end == s)
		return 0;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	return *end ? 0 : v;
}

int vgpu_counter(const char *uuid, const char *name, __u64 *val)
{
	char path[256], buf[64];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/mvgpu/%s",
		 uuid, name);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	ok = !!fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!ok)
		return -EIO;
	*val = strtoull(buf, NULL, 0);
	return 0;
}

int parse_engine(const char *spec)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	long n = 0;
	char *end;

	if (colon) {
		n = strtol(colon + 1, &end, 10);
		if (*end || n < 0 || n >= 8)
			return -1;
	}
	if (len == 4 && !strncmp(spec, "copy", 4))
		return MVGPU_ENGINE_COPY(n);
	if (len == 7 && !strncmp(spec, "compute", 7))
		return MVGPU_ENGINE_COMPUTE(n);
	return -1;
}

/* The options of load and latency; -1 after a message when malformed. */
static int parse_load_arg(int c, const char *arg, struct opts *o)
{
	char *end;

	switch (c) {
	case 'T':
		o->seconds = strtod(arg, &end);
		if (*end || !(o->seconds > 0 && o->seconds <= 3600))
			break;
		return 0;
	case 'E':
		o->engines = arg;
		return 0;
	case 'O':
		o->op = !strcmp(arg, "mix") ? MVG_LOAD_MIX : mvg_op_parse(arg);
		if (o->op < 0)
			break;
		return 0;
	case 'D':
		o->depth = strtoul(arg, &end, 0);
		if (*end || !o->depth || o->depth > 64)
			break;
		return 0;
	case 'L':
		o->long_bytes = parse_size(arg);
		if (!o->long_bytes)
			break;
		return 0;
	case 'A':
		o->start_at = strtod(arg, &end);
		if (*end || o->start_at < 0)
			break;
		return 0;
	default:
		o->interval_ms = strtod(arg, &end);
		if (*end || !(o->interval_ms >= 0 && o->interval_ms <= 10000))
			break;
		return 0;
	}
	fprintf(stderr, "mvgpu-guest: bad value '%s' for an option of load/latency\n",
		arg);
	return -1;
}

static int parse_args(int argc, char **argv, struct opts *o, const char **cmd)
{
	static const struct option lopts[] = {
		{ "engine", required_argument, NULL, 'e' },
		{ "size", required_argument, NULL, 's' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "ram", required_argument, NULL, 'r' },
		{ "poll", no_argument, NULL, 'p' },
		{ "sizes", required_argument, NULL, 'S' },
		{ "no-native", no_argument, NULL, 'N' },
		{ "irq", no_argument, NULL, 'I' },
		{ "seconds", required_argument, NULL, 'T' },
		{ "engines", required_argument, NULL, 'E' },
		{ "op", required_argument, NULL, 'O' },
		{ "depth", required_argument, NULL, 'D' },
		{ "long", required_argument, NULL, 'L' },
		{ "interval-ms", required_argument, NULL, 'M' },
		{ "start-at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "e:s:i:r:ph", lopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			o->engine = parse_engine(optarg);
			if (o->engine < 0) {
				fprintf(stderr, "mvgpu-guest: bad engine '%s' (copy|compute[:N])\n",
					optarg);
				return -1;
			}
			break;
		case 's':
			o->size = parse_size(optarg);
			if (!o->size || o->size % 4 || o->size > (1u << 30)) {
				fprintf(stderr, "mvgpu-guest: bad --size (4 to 1G, 4-aligned)\n");
				return -1;
			}
			break;
		case 'i':
			o->iterations = strtoul(optarg, NULL, 0);
			if (!o->iterations) {
				fprintf(stderr, "mvgpu-guest: bad --iterations '%s'\n", optarg);
				return -1;
			}
			break;
		case 'r':
			o->ram = strtoull(optarg, NULL, 0) << 20;
			if (!o->ram) {
				fprintf(stderr, "mvgpu-guest: bad --ram '%s'\n", optarg);
				return -1;
			}
			break;
		case 'p':
			o->poll = true;
			break;
		case 'S':
			o->sizes = optarg;
			break;
		case 'N':
			o->native = false;
			break;
		case 'I':
			o->irq = true;
			break;
		case 'T':
		case 'E':
		case 'O':
		case 'D':
		case 'L':
		case 'M':
		case 'A':
			if (parse_load_arg(c, optarg, o))
				return -1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 2) {
		usage(stderr);
		return -1;
	}
	o->uuid = argv[optind];
	*cmd = argv[optind + 1];
	return 0;
}

static void print_counters(const char *uuid)
{
	static const char *const names[] = {
		"mmio_traps", "gtt_writes", "pinned_pages", "submissions",
		"rejected", "bytes_scanned", "irqs_injected",
	};
	unsigned int i;
	__u64 v;

	printf("counters:");
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!vgpu_counter(uuid, names[i], &v))
			printf(" %s=%llu", names[i], (unsigned long long)v);
	}
	printf("\n");
}

static int cmd_info(struct mvg_guest *g)
{
	struct mvg_engine_state st;
	__u32 mask = mvg_engine_mask(g), e;

	printf("vGPU %s: id %u, hardware %u.%u, caps %#x, %u slice(s)\n",
	       g->uuid, g->vgpu_id, g->id_version >> 16, g->id_version & 0xffff,
	       g->caps, g->slices);
	printf("device memory: %llu MiB at %#llx\n",
	       (unsigned long long)g->vram_size >> 20,
	       (unsigned long long)g->vram_base);
	printf("GTT: entries %u-%u, GPU VA %#llx-%#llx\n", g->gtt_base,
	       g->gtt_base + g->gtt_count - 1, (unsigned long long)mvg_va_lo(g),
	       (unsigned long long)mvg_va_hi(g) - 1);
	for (e = 0; e < MVGPU_NUM_ENGINE_IDS; e++) {
		if (!(mask & (1u << e)))
			continue;
		mvg_engine_state(g, e, &st);
		printf("engine %u (%s %u): STATUS %#x, FAULT %s at %#llx, HEAD %#x, CMDS %u\n",
		       e, e < 8 ? "copy" : "compute", e & 7, st.status,
		       mvg_fault_name(st.fault_reason),
		       (unsigned long long)st.fault_addr, st.ring_head,
		       st.cmd_count);
	}
	print_counters(g->uuid);
	return 0;
}

static int run_op(struct mvg_guest *g, const struct opts *o,
		  struct mvg_work *w, enum mvg_op op)
{
	__u32 seed = (__u32)time(NULL) ^ (__u32)getpid();
	double busy = 0, t0;
	char why[160];
	__u32 seqno;
	unsigned int i;
	int ret;

	for (i = 0; i < o->iterations; i++) {
		mvg_work_prepare(w, op, seed + i);
		t0 = now_s();
		ret = mvg_submit(g, o->engine, &w->batch, &seqno);
		ret = ret ?: mvg_wait(g, o->engine, seqno, WAIT_MS);
		busy += now_s() - t0;
		if (!ret && mvg_work_check(w, op, seed + i, why, sizeof(why))) {
			fprintf(stderr, "mvgpu-guest: %s\n", why);
			return 1;
		}
		if (ret) {
			fprintf(stderr, "mvgpu-guest: %s, iteration %u: %s\n",
				mvg_op_name(op), i, g->err);
			return 1;
		}
	}
	printf("vGPU %u: %-4s engine %d: %u x %llu bytes in %.3f s: %.1f MiB/s, all correct\n",
	       g->vgpu_id,
	       mvg_op_name(op), o->engine, o->iterations,
	       (unsigned long long)w->size, busy,
	       busy > 0 ? w->size * (double)o->iterations / busy / 1048576 : 0);
	return 0;
}

static int cmd_work(struct mvg_guest *g, const struct opts *o, const char *cmd)
{
	struct mvg_work w;
	int op, ret = 0;

	if (mvg_engine_init(g, o->engine, 0) || mvg_work_init(g, &w, o->size)) {
		fprintf(stderr, "mvgpu-guest: %s\n", g->err);
		return 1;
	}
	for (op = 0; op < MVG_NUM_OPS; op++) {
		if (!strcmp(cmd, "all") || !strcmp(cmd, mvg_op_name(op)))
			ret |= run_op(g, o, &w, op);
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct opts o = {
		.engine = MVGPU_ENGINE_COPY(0),
		.size = 1u << 20,
		.iterations = 4,
		.native = true,
		.seconds = 5,
		.depth = 4,
		.op = MVG_OP_FILL,
		.interval_ms = 10,
	};
	struct mvg_guest g;
	const char *cmd;
	int ret;

	if (parse_args(argc, argv, &o, &cmd))
		return 2;
	if (!strcmp(cmd, "bench"))
		return bench_run(&o);
	if (!strcmp(cmd, "load"))
		return cmd_load(&o);
	if (!strcmp(cmd, "latency"))
		return cmd_latency(&o);
	if (strcmp(cmd, "info") && strcmp(cmd, "all") && mvg_op_parse(cmd) < 0) {
		fprintf(stderr, "mvgpu-guest: unknown command '%s'\n", cmd);
		usage(stderr);
		return 2;
	}
	/* RAM: source, destination and its guard, batch, ring, status page. */
	if (!o.ram)
		o.ram = 2 * o.size + (1u << 20);
	if (mvg_open(&g, o.uuid, o.ram)) {
		fprintf(stderr, "mvgpu-guest: %s\n", g.err);
		return 1;
	}
	g.wait_mode = o.poll ? MVG_WAIT_POLL : MVG_WAIT_IRQ;
	ret = !strcmp(cmd, "info") ? cmd_info(&g) : cmd_work(&g, &o, cmd);
	mvg_close(&g);
	return ret;
}
