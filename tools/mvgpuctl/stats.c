// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpuctl stats: the counters of the vGPUs, once or every few seconds.
 *
 * A counter is any attribute of a vGPU's mvgpu/ group that is not one of
 * its configuration attributes (is_config_attr()): the names are read from
 * sysfs, so counters the driver adds show up without a change here.  A
 * counter that cannot be read (a root-only one, to a user) is reported with
 * the reason.  Between two samples, a counter's rate is its increase per
 * second; a counter whose name ends in _ns counts busy time, and its rate
 * is shown as the percentage of the interval.  Per-engine counters,
 * <engine>_<counter> (copy0_busy_ns), are also grouped by engine in JSON.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "mvgpuctl.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sample_add(struct sample *s, const char *uuid, const char *gpu)
{
	struct vgpu *v;

	v = realloc(s->vgpus, (s->count + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->vgpus = v;
	v += s->count;
	/* A vGPU may vanish while we look, or be another driver's: skip it. */
	if (read_vgpu(uuid, v, true) || (gpu && strcmp(gpu, v->gpu)))
		vgpu_free(v);
	else
		s->count++;
	return 0;
}

/*
 * Read the counters of the vGPUs named (nr_uuids > 0), or of all of them
 * (of the GPU gpu, if not NULL).
 */
int take_sample(struct sample *s, char **uuids, int nr_uuids, const char *gpu)
{
	struct name_list all;
	int i, ret = 0;

	memset(s, 0, sizeof(*s));
	s->time = now();
	if (nr_uuids) {
		for (i = 0; i < nr_uuids && !ret; i++)
			ret = sample_add(s, uuids[i], gpu);
		return ret;
	}
	ret = list_vgpus(&all);
	for (i = 0; i < all.count && !ret; i++)
		ret = sample_add(s, all.names[i], gpu);
	name_list_free(&all);
	return ret;
}

void sample_free(struct sample *s)
{
	int i;

	for (i = 0; i < s->count; i++)
		vgpu_free(&s->vgpus[i]);
	free(s->vgpus);
	memset(s, 0, sizeof(*s));
}

bool is_time_counter(const char *name)
{
	size_t len = strlen(name);

	return len > 3 && !strcmp(name + len - 3, "_ns");
}

/* The increase per second of a since prev; false if there is none. */
bool counter_rate(const struct sample *prev, const struct sample *cur,
		  const struct vgpu *v, const struct attr *a, double *rate)
{
	const struct attr *old = NULL;
	double dt;
	int i;

	if (!prev || !a->numeric)
		return false;
	for (i = 0; i < prev->count && !old; i++)
		if (!strcmp(prev->vgpus[i].uuid, v->uuid))
			old = attr_find(&prev->vgpus[i].attrs, a->name);
	dt = cur->time - prev->time;
	/* A counter that went back was reset (the vGPU was re-created). */
	if (!old || !old->numeric || old->num > a->num || dt <= 0)
		return false;
	*rate = (a->num - old->num) / dt;
	return true;
}

void format_rate(char *buf, size_t len, const char *name, double rate)
{
	if (is_time_counter(name))
		snprintf(buf, len, "%.1f%%", rate / 1e7);
	else
		snprintf(buf, len, "%.1f/s", rate);
}

/*
 * A per-engine counter "copy0_busy_ns": the engine's name into engine and
 * a pointer to the counter's name ("busy_ns"); NULL for other attributes.
 */
const char *engine_counter(const char *name, char *engine, size_t len)
{
	static const char *const kinds[] = { "copy", "compute" };
	size_t i, n;
	const char *p;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		n = strlen(kinds[i]);
		if (strncmp(name, kinds[i], n))
			continue;
		p = name + n;
		if (*p < '0' || *p > '7' || p[1] != '_' || !p[2])
			return NULL;
		snprintf(engine, len, "%.*s", (int)(p + 1 - name), name);
		return p + 2;
	}
	return NULL;
}

/* engines: { "copy0": { "busy_ns": N, ..., "utilization": % }, ... } */
static void add_engine_json(struct json_object *engines, const struct attr *a,
			    bool has_rate, double rate)
{
	struct json_object *e;
	const char *counter;
	char name[16];

	counter = engine_counter(a->name, name, sizeof(name));
	if (!counter || a->err || !a->numeric)
		return;
	if (!json_object_object_get_ex(engines, name, &e)) {
		e = json_object_new_object();
		json_object_object_add(engines, name, e);
	}
	json_object_object_add(e, counter, json_object_new_uint64(a->num));
	if (has_rate && is_time_counter(a->name))
		json_object_object_add(e, "utilization",
				       json_object_new_double(rate / 1e7));
}

struct json_object *vgpu_sample_json(const struct sample *prev,
				     const struct sample *cur,
				     const struct vgpu *v)
{
	struct json_object *o = json_object_new_object();
	struct json_object *counters = json_object_new_object();
	struct json_object *errors = json_object_new_object();
	struct json_object *rates = json_object_new_object();
	struct json_object *util = json_object_new_object();
	struct json_object *engines = json_object_new_object();
	const struct attr *a;
	double rate = 0;
	bool has;
	int i;

	json_object_object_add(o, "uuid", json_object_new_string(v->uuid));
	json_object_object_add(o, "gpu", json_object_new_string(v->gpu));
	json_object_object_add(o, "type", json_object_new_string(v->type));
	/* The scheduling settings the counters are to be read against. */
	a = attr_find(&v->attrs, "weight");
	if (a && a->numeric)
		json_object_object_add(o, "weight", json_object_new_uint64(a->num));
	a = attr_find(&v->attrs, "cap");
	if (a && a->numeric)
		json_object_object_add(o, "cap", json_object_new_uint64(a->num));
	for (i = 0; i < v->attrs.count; i++) {
		a = &v->attrs.attrs[i];
		if (is_config_attr(a->name))
			continue;
		attr_add_json(counters, errors, a);
		has = counter_rate(prev, cur, v, a, &rate);
		add_engine_json(engines, a, has, rate);
		if (!has)
			continue;
		json_object_object_add(rates, a->name, json_object_new_double(rate));
		if (is_time_counter(a->name))
			json_object_object_add(util, a->name,
					       json_object_new_double(rate / 1e7));
	}
	json_object_object_add(o, "counters", counters);
	json_object_object_add(o, "engines", engines);
	json_object_object_add(o, "errors", errors);
	if (prev) {
		json_object_object_add(o, "rates", rates);
		json_object_object_add(o, "utilization", util);
	} else {
		json_object_put(rates);
		json_object_put(util);
	}
	return o;
}

static void stats_json(const struct sample *prev, const struct sample *cur)
{
	struct json_object *o = json_object_new_object();
	struct json_object *array = json_object_new_array();
	int i;

	json_object_object_add(o, "time", json_object_new_int64(time(NULL)));
	if (prev)
		json_object_object_add(o, "interval",
				       json_object_new_double(cur->time - prev->time));
	for (i = 0; i < cur->count; i++)
		json_object_array_add(array, vgpu_sample_json(prev, cur, &cur->vgpus[i]));
	json_object_object_add(o, "vgpus", array);
	print_json(o);
}

static void stats_text(const struct sample *prev, const struct sample *cur,
		       bool repeating)
{
	const struct vgpu *v;
	const struct attr *a;
	char rate[32], stamp[16];
	time_t t = time(NULL);
	double r;
	int i, j;

	if (repeating) {
		strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&t));
		printf("%s# %s\n", prev ? "\n" : "", stamp);
	}
	printf("%-36s  %-8s %-24s %20s %12s\n", "UUID", "GPU", "COUNTER", "VALUE",
	       "RATE");
	for (i = 0; i < cur->count; i++) {
		v = &cur->vgpus[i];
		for (j = 0; j < v->attrs.count; j++) {
			a = &v->attrs.attrs[j];
			if (is_config_attr(a->name))
				continue;
			if (counter_rate(prev, cur, v, a, &r))
				format_rate(rate, sizeof(rate), a->name, r);
			else
				snprintf(rate, sizeof(rate), "-");
			printf("%-36s  %-8s %-24s %20s %12s\n", v->uuid, v->gpu,
			       a->name, a->err ? error_text(a->err) : a->value,
			       rate);
		}
	}
	fflush(stdout);
}

static void sleep_until(double when)
{
	struct timespec ts;

	ts.tv_sec = (time_t)when;
	ts.tv_nsec = (long)((when - ts.tv_sec) * 1e9);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

struct stats_opts {
	char gpu[NAME_MAX + 1];
	double interval;
	unsigned long long count;	/* 0: forever */
	char (*uuids)[UUID_STR_LEN];
	char **uuid_ptrs;
	int nr_uuids;
};

static int stats_options(int argc, char **argv, struct stats_opts *o)
{
	static const struct option options[] = {
		{ "gpu",	required_argument,	NULL, 'g' },
		{ "interval",	required_argument,	NULL, 'i' },
		{ "count",	required_argument,	NULL, 'c' },
		{ }
	};
	bool has_interval = false, has_count = false;
	int opt, ret;

	o->interval = 1;
	o->count = 1;
	while (!(ret = next_option("stats", argc, argv, "g:i:c:", options, &opt))) {
		if (opt == 'g') {
			ret = resolve_gpu(optarg, o->gpu, sizeof(o->gpu));
			if (ret)
				return ret == -ENOENT ?
				       usage_error("stats", "no mvgpu GPU named '%s'", optarg) :
				       fail("stats", "cannot list GPUs: %s", strerror(-ret));
		} else if (opt == 'i') {
			if (!parse_seconds(optarg, &o->interval))
				return usage_error("stats", "--interval: bad seconds '%s'",
						   optarg);
			has_interval = true;
		} else if (!parse_uint(optarg, 1000000000, &o->count) || !o->count) {
			return usage_error("stats", "--count: '%s' is not a positive number",
					   optarg);
		} else {
			has_count = true;
		}
	}
	if (ret > 0)
		return ret;
	if (has_interval && !has_count)
		o->count = 0;
	o->nr_uuids = argc - optind;
	o->uuids = calloc(o->nr_uuids + 1, sizeof(*o->uuids));
	o->uuid_ptrs = calloc(o->nr_uuids + 1, sizeof(char *));
	if (!o->uuids || !o->uuid_ptrs)
		return fail("stats", "out of memory");
	for (opt = 0; opt < o->nr_uuids; opt++) {
		ret = parse_uuid("stats", argv[optind + opt], o->uuids[opt]);
		if (ret)
			return ret;
		o->uuid_ptrs[opt] = o->uuids[opt];
	}
	return 0;
}

/* Each vGPU named must exist when stats starts. */
static int check_uuids(const struct stats_opts *o)
{
	struct vgpu v;
	int i, ret;

	for (i = 0; i < o->nr_uuids; i++) {
		ret = read_vgpu(o->uuids[i], &v, false);
		if (ret == -ENOENT)
			return fail("stats", "no vGPU with UUID %s", o->uuids[i]);
		if (ret == -ENODEV)
			return fail("stats", "%s is not an mvgpu vGPU", o->uuids[i]);
		if (ret)
			return fail("stats", "cannot read vGPU %s: %s", o->uuids[i],
				    strerror(-ret));
	}
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	struct sample prev = { }, cur;
	struct stats_opts o = { };
	unsigned long long n;
	double next;
	int ret;

	ret = stats_options(argc, argv, &o);
	if (!ret)
		ret = check_uuids(&o);
	next = now();
	for (n = 0; !ret && (!o.count || n < o.count); n++) {
		if (n)
			sleep_until(next);
		next += o.interval;
		ret = take_sample(&cur, o.uuid_ptrs, o.nr_uuids, *o.gpu ? o.gpu : NULL);
		if (ret) {
			ret = fail("stats", "cannot read the vGPUs: %s", strerror(-ret));
			break;
		}
		if (json_output)
			stats_json(n ? &prev : NULL, &cur);
		else
			stats_text(n ? &prev : NULL, &cur, o.count != 1);
		sample_free(&prev);
		prev = cur;
	}
	sample_free(&prev);
	free(o.uuids);
	free(o.uuid_ptrs);
	return ret;
}
