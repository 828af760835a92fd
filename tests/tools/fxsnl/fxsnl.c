// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxsnl.c - command-line client of the "fxs" generic netlink family, for
 * tests and benchmarks: the commands, their usage, and the exit status
 * tests rely on (0 done, 1 refused or failed, 2 usage, 3 monitor timeout).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fxsnl.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: fxsnl dump\n"
		"       fxsnl get NAME|INDEX\n"
		"       fxsnl set NAME|INDEX [linefeed=LF] [ring=on|off]\n"
		"                 [cadence=MS,MS,...] [timing.KEY=MS]...\n"
		"       fxsnl monitor [-n COUNT] [-t TIMEOUT_MS] [--rcvbuf BYTES]\n"
		"                     [--stall MS] [--no-resync]\n"
		"       fxsnl raw [--dump] CMD [TYPE:ATTR=VALUE | flag:ATTR |\n"
		"                 nest:ATTR ... end]...\n"
		"See tests/tools/fxsnl/README.md.\n");
}

static void print_reply(struct nl_msg *msg, void *arg)
{
	(void)arg;
	fxsnl_print_msg(stdout, msg, NULL);
}

static int cmd_dump(struct fxsnl *nl)
{
	int tries, err = -EINTR;

	/* A dump that ports interrupted is incomplete: say so, then redo. */
	for (tries = 0; tries < 10 && err == -EINTR; tries++) {
		struct nl_msg *msg = fxsnl_msg(nl, FXS_CMD_PORT_GET,
					       NLM_F_DUMP);

		if (!msg)
			return -ENOMEM;
		err = fxsnl_request(nl, msg, print_reply, NULL);
		if (err == -EINTR)
			printf("# dump interrupted, again\n");
	}
	if (err)
		fxsnl_report(nl, "dump", err);
	return err;
}

static int cmd_get_set(struct fxsnl *nl, uint8_t cmd, int argc, char **argv)
{
	char what[64];
	struct nl_msg *msg;
	int err;

	snprintf(what, sizeof(what), "%s %s",
		 cmd == FXS_CMD_PORT_GET ? "get" : "set", argv[0]);
	msg = fxsnl_msg(nl, cmd, 0);
	if (!msg)
		return -ENOMEM;
	err = fxsnl_put_port_key(msg, argv[0]);
	if (!err && cmd == FXS_CMD_PORT_SET)
		err = fxsnl_put_settings(msg, argc - 1, argv + 1);
	if (err) {
		nlmsg_free(msg);
		return -EINVAL;
	}
	err = fxsnl_request(nl, msg, print_reply, NULL);
	if (err)
		fxsnl_report(nl, what, err);
	return err;
}

static int cmd_raw(struct fxsnl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	int flags = 0, cmd, err;

	if (argc && !strcmp(argv[0], "--dump")) {
		flags = NLM_F_DUMP;
		argc--;
		argv++;
	}
	if (!argc || fxsnl_value_of(fxsnl_cmds, argv[0], &cmd) || cmd > 0xff) {
		usage();
		return -EINVAL;
	}
	msg = fxsnl_msg(nl, (uint8_t)cmd, flags);
	if (!msg)
		return -ENOMEM;
	err = fxsnl_put_raw(msg, argc - 1, argv + 1);
	if (err) {
		nlmsg_free(msg);
		return -EINVAL;
	}
	err = fxsnl_request(nl, msg, print_reply, NULL);
	if (err)
		fxsnl_report(nl, "raw", err);
	return err;
}

int main(int argc, char **argv)
{
	struct fxsnl nl;
	int err;

	/* Tests read the output while we run: one line at a time. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (argc < 2) {
		usage();
		return 2;
	}
	if (!strcmp(argv[1], "monitor"))
		return fxsnl_monitor(argc - 1, argv + 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage();
		return 0;
	}
	if (strcmp(argv[1], "dump") && strcmp(argv[1], "raw") &&
	    (argc < 3 || (strcmp(argv[1], "get") && strcmp(argv[1], "set")) ||
	     (!strcmp(argv[1], "get") && argc != 3))) {
		usage();
		return 2;
	}
	if (!strcmp(argv[1], "dump") && argc != 2) {
		usage();
		return 2;
	}

	if (fxsnl_open(&nl))
		return 1;
	if (!strcmp(argv[1], "dump"))
		err = cmd_dump(&nl);
	else if (!strcmp(argv[1], "get"))
		err = cmd_get_set(&nl, FXS_CMD_PORT_GET, argc - 2, argv + 2);
	else if (!strcmp(argv[1], "set"))
		err = cmd_get_set(&nl, FXS_CMD_PORT_SET, argc - 2, argv + 2);
	else
		err = cmd_raw(&nl, argc - 2, argv + 2);
	fxsnl_close(&nl);
	return err ? 1 : 0;
}
