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
};

static const struct command commands[] = {
	{ "types",	cmd_types },
	{ "list",	cmd_list },
	{ "create",	cmd_create },
	{ "destroy",	cmd_destroy },
};

static void print_help(FILE *out)
{
	fprintf(out,
		"Usage: mvgpuctl [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Manage mvgpu vGPUs (mediated devices).\n"
		"\n"
		"Commands (any unambiguous prefix works):\n"
		"  types [--gpu GPU]        list vGPU types and free instances\n"
		"  list [--gpu GPU]         list existing vGPUs\n"
		"  create --type TYPE [--gpu GPU] [--uuid UUID]\n"
		"                           create a vGPU and print its UUID;\n"
		"                           without --gpu, the first GPU with room\n"
		"                           is used, without --uuid one is generated\n"
		"  destroy UUID             destroy a vGPU\n"
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
		fprintf(stderr, "Try 'mvgpuctl --help'.\n");
	return MVGPUCTL_EXIT_USAGE;
}

void print_json(void *obj)
{
	int flags = pretty_output ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN;

	printf("%s\n", json_object_to_json_string_ext(obj, flags));
	json_object_put(obj);
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

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "pretty",	no_argument,	NULL, 'p' },
		{ "help",	no_argument,	NULL, 'h' },
		{ "version",	no_argument,	NULL, 'V' },
		{ }
	};
	const struct command *cmd;
	int opt, matches;

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
		print_help(stdout);
		return MVGPUCTL_EXIT_OK;
	}
	cmd = find_command(argv[optind], &matches);
	if (matches > 1)
		return usage_error(NULL, "command '%s' is ambiguous",
				   argv[optind]);
	if (!cmd)
		return usage_error(NULL, "unknown command '%s'", argv[optind]);
	argv += optind;
	argc -= optind;
	optind = 0;	/* restart getopt on the command's arguments */
	return cmd->fn(argc, argv);
}
