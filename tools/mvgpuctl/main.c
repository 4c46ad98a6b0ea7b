// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpuctl: global options, the command table and messages.
 *
 *   mvgpuctl [--json [--pretty]] COMMAND [ARGS]
 *
 * A command may be abbreviated to any prefix that names only one command.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "mvgpuctl.h"

bool json_output;
bool pretty_output;

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;	/* the arguments */
	const char *help;	/* what it does, its options */
};

static const struct command commands[] = {
	{ "gpus", cmd_gpus, "[--gpu GPU]",
	  "List the GPUs (mdev parents): driver, engines, device memory, GTT\n"
	  "entries, share of the GPU used by vGPUs, vGPUs, render node, and what\n"
	  "the GPU's own mvgpu/ group offers (utilization).\n"
	  "  -g, --gpu GPU            only this GPU\n" },
	{ "types", cmd_types, "[--gpu GPU]",
	  "List the vGPU types of each GPU and their free instances.\n"
	  "  -g, --gpu GPU            only this GPU\n" },
	{ "list", cmd_list, "[--gpu GPU]",
	  "List the vGPUs with their configuration.\n"
	  "  -g, --gpu GPU            only the vGPUs of this GPU\n" },
	{ "create", cmd_create, "--type TYPE [--gpu GPU] [--uuid UUID]",
	  "Create a vGPU and print its UUID.  Without --gpu, the first GPU with\n"
	  "room is used; without --uuid, a random UUID is generated.\n"
	  "  -t, --type TYPE          the vGPU type (required)\n"
	  "  -g, --gpu GPU            the GPU\n"
	  "  -u, --uuid UUID          the UUID\n" },
	{ "destroy", cmd_destroy, "UUID",
	  "Destroy a vGPU.\n" },
	{ "info", cmd_info, "UUID",
	  "Show everything sysfs knows about one vGPU: its GPU, type, the type's\n"
	  "description, its driver and IOMMU group, and every readable file of\n"
	  "its mvgpu/ group (an unreadable one says why).\n" },
	{ "set", cmd_set, "UUID NAME=VALUE...",
	  "Write attributes of the vGPU's mvgpu/ group, in order, and print their\n"
	  "new values: weight=N (scheduling weight), cap=N (percent of an engine,\n"
	  "0 = none), when the driver offers them.\n" },
	{ "stats", cmd_stats, "[UUID...] [--gpu GPU] [--interval SECS] [--count N]",
	  "Show the counters of the vGPUs' mvgpu/ groups (every attribute but the\n"
	  "configuration ones), once, or every SECS seconds with the rate since the\n"
	  "previous sample (a counter ending in _ns is a time: its rate is the\n"
	  "percentage of the interval).  Stops after N samples, or on a signal.\n"
	  "  -g, --gpu GPU            only the vGPUs of this GPU\n"
	  "  -i, --interval SECS      seconds between samples (default 1 with -c)\n"
	  "  -c, --count N            number of samples (default 1, or forever\n"
	  "                           with --interval)\n" },
	{ "top", cmd_top, "[--gpu GPU] [--delay SECS] [--iterations N] [--sort COUNTER]",
	  "A live view of the vGPUs' activity, refreshed every SECS seconds and\n"
	  "sorted by activity (the busiest first): the rate of each counter and,\n"
	  "per GPU, the share used.  Press q to quit.  Without a terminal, the\n"
	  "frames are printed one after another without escape sequences.\n"
	  "  -g, --gpu GPU            only the vGPUs of this GPU\n"
	  "  -d, --delay SECS         seconds between frames (default 1)\n"
	  "  -n, --iterations N       stop after N frames\n"
	  "  -s, --sort COUNTER       sort by this counter's rate\n" },
};

static void print_help(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: mvgpuctl [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Manage mvgpu vGPUs (mediated devices).\n"
		"\n"
		"Commands (any unambiguous prefix works; COMMAND --help for details):\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %s %s\n", commands[i].name, commands[i].usage);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -j, --json               print JSON\n"
		"  -p, --pretty             print indented JSON (implies --json)\n"
		"  -h, --help               print this help\n"
		"  -V, --version            print the version\n"
		"\n"
		"GPU is a parent name (mvgpu0) or its number (0).  TYPE is a type\n"
		"directory (mvgpu-4), a type name (MVGPU-4) or its divisor (4).\n"
		"The sysfs root is $MVGPU_SYSFS_ROOT, /sys by default.\n"
		"\n"
		"Exit status: 0 success, 1 the operation failed, 2 usage error.\n");
}

static void print_command_help(const struct command *cmd)
{
	printf("Usage: mvgpuctl [--json [--pretty]] %s %s\n\n%s", cmd->name,
	       cmd->usage, cmd->help);
	printf("  -h, --help               print this help\n"
	       "\nExit status: 0 success, 1 the operation failed, 2 usage error.\n");
}

static int vmessage(const char *cmd, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (json_output) {
		struct json_object *obj = json_object_new_object();

		json_object_object_add(obj, "error", json_object_new_string(msg));
		print_json(obj);
	} else if (cmd) {
		fprintf(stderr, "mvgpuctl: %s: %s\n", cmd, msg);
	} else {
		fprintf(stderr, "mvgpuctl: %s\n", msg);
	}
	return 0;
}

int fail(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(cmd, fmt, ap);
	va_end(ap);
	return MVGPUCTL_EXIT_FAIL;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(cmd, fmt, ap);
	va_end(ap);
	if (!json_output)
		fprintf(stderr, "Try 'mvgpuctl %s%s--help'.\n", cmd ? cmd : "",
			cmd ? " " : "");
	return MVGPUCTL_EXIT_USAGE;
}

void print_json(struct json_object *obj)
{
	int flags = pretty_output ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN;

	printf("%s\n", json_object_to_json_string_ext(obj, flags));
	fflush(stdout);
	json_object_put(obj);
}

/*
 * getopt_long() for a command: 0 and the option in *opt, -1 after the last
 * option, or the usage exit code after printing what is wrong.
 */
int next_option(const char *cmd, int argc, char **argv, const char *optstring,
		const struct option *options, int *opt)
{
	char spec[32];

	snprintf(spec, sizeof(spec), ":%s", optstring);
	opterr = 0;
	*opt = getopt_long(argc, argv, spec, options, NULL);
	if (*opt == -1)
		return -1;
	if (*opt == ':')
		return usage_error(cmd, "option '%s' needs a value",
				   argv[optind - 1]);
	if (*opt == '?')
		return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
	return 0;
}

/* A decimal number from 0 to max. */
bool parse_uint(const char *s, unsigned long long max, unsigned long long *val)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	*val = strtoull(s, &end, 10);
	return !*end && *val <= max;
}

/* A number of seconds, fractions allowed, from 0.01 to one day. */
bool parse_seconds(const char *s, double *val)
{
	char *end;

	*val = strtod(s, &end);
	return end != s && !*end && isfinite(*val) && *val >= 0.01 &&
	       *val <= 86400;
}

static const struct command *find_command(const char *name, int *matches)
{
	const struct command *found = NULL;
	size_t len = strlen(name);
	size_t i;

	*matches = 0;
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(name, commands[i].name)) {
			*matches = 1;
			return &commands[i];
		}
		if (len && !strncmp(name, commands[i].name, len)) {
			found = &commands[i];
			(*matches)++;
		}
	}
	return found;
}

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

static int command_help(const char *name)
{
	const struct command *cmd;
	int matches;

	cmd = find_command(name, &matches);
	if (matches != 1)
		return usage_error(NULL, "no command '%s'", name);
	print_command_help(cmd);
	return MVGPUCTL_EXIT_OK;
}

static int run_command(int argc, char **argv)
{
	const struct command *cmd;
	int matches;

	cmd = find_command(argv[0], &matches);
	if (matches > 1)
		return usage_error(NULL, "command '%s' is ambiguous", argv[0]);
	if (!cmd)
		return usage_error(NULL, "unknown command '%s'", argv[0]);
	if (wants_help(argc, argv)) {
		print_command_help(cmd);
		return MVGPUCTL_EXIT_OK;
	}
	optind = 0;	/* restart getopt on the command's arguments */
	return cmd->fn(argc, argv);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "pretty",	no_argument,	NULL, 'p' },
		{ "help",	no_argument,	NULL, 'h' },
		{ "version",	no_argument,	NULL, 'V' },
		{ }
	};
	int opt;

	sysfs_init();
	opterr = 0;
	/* '+': stop at the command, its options are its own. */
	while ((opt = getopt_long(argc, argv, "+jphV", options, NULL)) != -1) {
		switch (opt) {
		case 'p':
			pretty_output = true;
			json_output = true;
			break;
		case 'j':
			json_output = true;
			break;
		case 'h':
			print_help(stdout);
			return MVGPUCTL_EXIT_OK;
		case 'V':
			printf("mvgpuctl %s\n", MVGPUCTL_VERSION);
			return MVGPUCTL_EXIT_OK;
		default:
			return usage_error(NULL, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error(NULL, "no command given");
	if (!strcmp(argv[optind], "help")) {
		if (optind + 1 < argc)
			return command_help(argv[optind + 1]);
		print_help(stdout);
		return MVGPUCTL_EXIT_OK;
	}
	return run_command(argc - optind, argv + optind);
}
