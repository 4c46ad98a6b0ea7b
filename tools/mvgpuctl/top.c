// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpuctl top: a live view of the vGPUs' activity, as top(1) draws it.
 *
 * Every frame samples the counters (stats.c) and shows, per vGPU, the rate
 * of each counter since the previous frame, the busiest vGPU first: by the
 * sum of its busy-time counters (*_ns) when the driver offers them, else by
 * the sum of its counters' rates, or by the counter given with --sort.  A
 * line per GPU sums up its vGPUs.  On a terminal the screen is redrawn with
 * plain ANSI escapes (no curses needed) and q quits; otherwise the frames
 * follow one another, and with --json each is one JSON document per line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include <json-c/json.h>

#include "mvgpuctl.h"

#define MAX_COLUMNS	32

static struct termios saved_tty;
static bool tty_in, tty_out;

struct top_opts {
	char gpu[NAME_MAX + 1];
	double delay;
	unsigned long long iterations;	/* 0: until q */
	const char *sort;
};

/* One vGPU of a frame, with its sort key. */
struct row {
	const struct vgpu *v;
	double key;
};

struct frame {
	const struct sample *prev, *cur;
	const char *columns[MAX_COLUMNS];	/* the counters shown */
	int nr_columns, hidden;
	struct row *rows;
};

static void restore_tty(void)
{
	if (tty_in)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	if (tty_out)
		fputs("\033[?25h", stdout);	/* show the cursor again */
	fflush(stdout);
}

/* Interrupted: leave the terminal as it was found (async-signal-safe). */
static void on_signal(int sig)
{
	ssize_t n = 0;

	(void)sig;
	if (tty_in)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	if (tty_out)
		n = write(STDOUT_FILENO, "\033[?25h\n", 7);
	_exit(n < 0 ? MVGPUCTL_EXIT_FAIL : MVGPUCTL_EXIT_OK);
}

static void setup_terminal(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct termios raw;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	tty_out = isatty(STDOUT_FILENO) && !json_output;
	tty_in = isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &saved_tty);
	if (tty_in) {
		raw = saved_tty;
		raw.c_lflag &= ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	if (tty_out)
		fputs("\033[?25l", stdout);	/* hide the cursor */
	atexit(restore_tty);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait secs for a key; true if it asks to quit. */
static bool wait_key(double secs, bool *stdin_open)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	double left, end = now() + secs;
	struct timespec ts;
	char c;

	while ((left = end - now()) > 0) {
		if (!*stdin_open) {
			ts.tv_sec = (time_t)left;
			ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
			nanosleep(&ts, NULL);
			continue;
		}
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		if (read(STDIN_FILENO, &c, 1) <= 0)
			*stdin_open = false;	/* EOF: sleep out the rest */
		else if (c == 'q' || c == 'Q')
			return true;
	}
	return false;
}

static double row_key(const struct frame *f, const struct vgpu *v, const char *sort)
{
	double sum = 0, busy = 0, r;
	bool has_busy = false;
	int i;

	for (i = 0; i < v->attrs.count; i++) {
		const struct attr *a = &v->attrs.attrs[i];

		if (is_config_attr(a->name) || !counter_rate(f->prev, f->cur, v, a, &r))
			continue;
		if (sort && !strcmp(sort, a->name))
			return r;
		sum += r;
		if (is_time_counter(a->name)) {
			busy += r;
			has_busy = true;
		}
	}
	return sort ? 0 : has_busy ? busy : sum;
}

static int cmp_rows(const void *x, const void *y)
{
	const struct row *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? 1 : -1;
	return strcmp(a->v->uuid, b->v->uuid);
}

static bool in_list(const char *const *list, int count, const char *name)
{
	int i;

	for (i = 0; i < count; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

/*
 * The counters, in the order they first appear, as many as fit in width
 * (counted as if the UUID were shown whole).
 */
static void pick_columns(struct frame *f, int width)
{
	const char *hidden[MAX_COLUMNS];
	int i, j, used = 36 + 2 + 9 + 10 + 7;

	for (i = 0; i < f->cur->count; i++) {
		const struct attr_set *s = &f->cur->vgpus[i].attrs;

		for (j = 0; j < s->count; j++) {
			const char *name = s->attrs[j].name;

			if (is_config_attr(name) ||
			    in_list(f->columns, f->nr_columns, name) ||
			    in_list(hidden, f->hidden, name))
				continue;
			if (f->nr_columns < MAX_COLUMNS &&
			    (!width || used + (int)strlen(name) + 3 <= width)) {
				used += strlen(name) + 3;
				f->columns[f->nr_columns++] = name;
			} else if (f->hidden < MAX_COLUMNS) {
				hidden[f->hidden++] = name;
			}
		}
	}
}

/* Busy percentage and events per second of one vGPU's counters. */
static void vgpu_activity(const struct frame *f, const struct vgpu *v,
			  double *busy, double *events)
{
	double r;
	int i;

	for (i = 0; i < v->attrs.count; i++) {
		const struct attr *a = &v->attrs.attrs[i];

		if (is_config_attr(a->name) || !counter_rate(f->prev, f->cur, v, a, &r))
			continue;
		if (is_time_counter(a->name))
			*busy += r / 1e7;
		else
			*events += r;
	}
}

/* A line per GPU: its vGPUs, their slices and their summed activity. */
static int print_gpu_lines(FILE *out, const struct frame *f)
{
	const struct sample *s = f->cur;
	unsigned long long slices;
	double busy, events;
	const struct attr *a;
	int i, j, nr, lines = 0;

	for (i = 0; i < s->count; i++) {
		for (j = 0; j < i && strcmp(s->vgpus[j].gpu, s->vgpus[i].gpu); j++)
			;
		if (j < i)
			continue;	/* done already */
		nr = 0;
		slices = 0;
		busy = 0;
		events = 0;
		for (j = i; j < s->count; j++) {
			if (strcmp(s->vgpus[j].gpu, s->vgpus[i].gpu))
				continue;
			nr++;
			a = attr_find(&s->vgpus[j].attrs, "slices");
			slices += a && a->numeric ? a->num : 0;
			vgpu_activity(f, &s->vgpus[j], &busy, &events);
		}
		fprintf(out, "%s: %d vGPU%s, %llu slices, busy %.1f%%, %.1f events/s\n",
			s->vgpus[i].gpu, nr, nr == 1 ? "" : "s", slices, busy, events);
		lines++;
	}
	return lines;
}

static void print_row(FILE *out, const struct frame *f, const struct vgpu *v,
		      int uuid_width)
{
	const struct attr *a;
	char cell[32];
	double r;
	int i;

	const struct attr *cap = attr_find(&v->attrs, "cap");

	a = attr_find(&v->attrs, "weight");
	fprintf(out, "%-*.*s  %-8s %-9s %6s %4s", uuid_width, uuid_width, v->uuid,
		v->gpu, v->type, a && !a->err ? a->value : "-",
		cap && !cap->err ? cap->value : "-");
	for (i = 0; i < f->nr_columns; i++) {
		a = attr_find(&v->attrs, f->columns[i]);
		if (!a)
			snprintf(cell, sizeof(cell), "-");
		else if (a->err)
			snprintf(cell, sizeof(cell), "denied");
		else if (counter_rate(f->prev, f->cur, v, a, &r))
			format_rate(cell, sizeof(cell), a->name, r);
		else
			snprintf(cell, sizeof(cell), "-");
		fprintf(out, " %*s", (int)strlen(f->columns[i]) + 2, cell);
	}
	fputc('\n', out);
}

static void draw(FILE *out, struct frame *f, const struct top_opts *o)
{
	struct winsize ws = { };
	char stamp[16];
	time_t t = time(NULL);
	int i, rows_left, uuid_width = 36;

	/* A terminal of unknown size (0 columns) is taken as unlimited. */
	if (tty_out)
		ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
	if (ws.ws_col && ws.ws_col < 100)
		uuid_width = 8;		/* the first group: enough to tell apart */
	pick_columns(f, ws.ws_col ? ws.ws_col + (36 - uuid_width) : 0);
	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&t));
	fprintf(out, "mvgpuctl top - %s, every %.1f s, sorted by %s%s\n", stamp,
		o->delay, o->sort ? o->sort : "activity",
		tty_in ? "; q quits" : "");
	rows_left = print_gpu_lines(out, f);
	fprintf(out, "\n%-*s  %-8s %-9s %6s %4s", uuid_width, "UUID", "GPU", "TYPE",
		"WEIGHT", "CAP");
	for (i = 0; i < f->nr_columns; i++)
		fprintf(out, " %*s", (int)strlen(f->columns[i]) + 2, f->columns[i]);
	fputc('\n', out);
	/* The title, GPU lines, a blank line, the header and a last note. */
	rows_left = ws.ws_row ? ws.ws_row - 4 - rows_left : INT_MAX;
	for (i = 0; i < f->cur->count && i < rows_left; i++)
		print_row(out, f, f->rows[i].v, uuid_width);
	if (!f->cur->count)
		fprintf(out, "no vGPU\n");
	if (f->hidden)
		fprintf(out, "(%d more counter%s: widen the terminal, or see 'mvgpuctl stats')\n",
			f->hidden, f->hidden == 1 ? "" : "s");
}

static void show_frame(const struct sample *prev, const struct sample *cur,
		       const struct top_opts *o)
{
	struct frame f = { .prev = prev, .cur = cur };
	struct json_object *obj, *array;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int i;

	f.rows = calloc(cur->count + 1, sizeof(*f.rows));
	if (!f.rows)
		return;
	for (i = 0; i < cur->count; i++) {
		f.rows[i].v = &cur->vgpus[i];
		f.rows[i].key = row_key(&f, &cur->vgpus[i], o->sort);
	}
	qsort(f.rows, cur->count, sizeof(*f.rows), cmp_rows);
	if (json_output) {
		obj = json_object_new_object();
		array = json_object_new_array();
		json_object_object_add(obj, "time", json_object_new_int64(time(NULL)));
		for (i = 0; i < cur->count; i++)
			json_object_array_add(array,
					      vgpu_sample_json(prev, cur, f.rows[i].v));
		json_object_object_add(obj, "vgpus", array);
		print_json(obj);
	} else {
		/* Draw into memory, then write the frame at once: no flicker. */
		out = open_memstream(&buf, &len);
		if (out) {
			draw(out, &f, o);
			fclose(out);
			printf("%s%s%s", tty_out ? "\033[H\033[2J" : "", buf,
			       tty_out ? "" : "\n");
			fflush(stdout);
			free(buf);
		}
	}
	free(f.rows);
}

static int top_options(int argc, char **argv, struct top_opts *o)
{
	static const struct option options[] = {
		{ "gpu",	required_argument,	NULL, 'g' },
		{ "delay",	required_argument,	NULL, 'd' },
		{ "iterations",	required_argument,	NULL, 'n' },
		{ "sort",	required_argument,	NULL, 's' },
		{ }
	};
	int opt, ret;

	o->delay = 1;
	while (!(ret = next_option("top", argc, argv, "g:d:n:s:", options, &opt))) {
		if (opt == 'g') {
			ret = resolve_gpu(optarg, o->gpu, sizeof(o->gpu));
			if (ret)
				return ret == -ENOENT ?
				       usage_error("top", "no mvgpu GPU named '%s'", optarg) :
				       fail("top", "cannot list GPUs: %s", strerror(-ret));
		} else if (opt == 'd') {
			if (!parse_seconds(optarg, &o->delay))
				return usage_error("top", "--delay: bad seconds '%s'",
						   optarg);
		} else if (opt == 'n') {
			if (!parse_uint(optarg, 1000000000, &o->iterations) ||
			    !o->iterations)
				return usage_error("top", "--iterations: bad number '%s'",
						   optarg);
		} else {
			o->sort = optarg;
		}
	}
	if (ret > 0)
		return ret;
	if (optind < argc)
		return usage_error("top", "unexpected argument '%s'", argv[optind]);
	return 0;
}

int cmd_top(int argc, char **argv)
{
	struct sample prev = { }, cur;
	struct top_opts o = { };
	bool stdin_open = true;
	unsigned long long n;
	int ret;

	ret = top_options(argc, argv, &o);
	if (ret)
		return ret;
	setup_terminal();
	for (n = 0; ; n++) {
		ret = take_sample(&cur, NULL, 0, *o.gpu ? o.gpu : NULL);
		if (ret) {
			ret = fail("top", "cannot read the vGPUs: %s", strerror(-ret));
			break;
		}
		show_frame(n ? &prev : NULL, &cur, &o);
		sample_free(&prev);
		prev = cur;
		if ((o.iterations && n + 1 >= o.iterations) ||
		    wait_key(o.delay, &stdin_open))
			break;
	}
	sample_free(&prev);
	return ret;
}
