// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxsnl.c - command-line client of the "fxs" generic netlink family, for
 * what the kernel's YNL cannot do in tests and benchmarks (README.md):
 * malformed requests (raw) and a streaming listener that survives
 * overflow (monitor).  Dump, get and set are tests/tools/fxs-ynl.py's.
 * The exit status tests rely on: 0 done, 1 refused or failed, 2 usage,
 * 3 monitor timeout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fxsnl.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: fxsnl monitor [-n COUNT] [-t TIMEOUT_MS] [--rcvbuf BYTES]\n"
		"                     [--stall MS] [--no-resync]\n"
		"       fxsnl raw [--dump] CMD [TYPE:ATTR=VALUE | flag:ATTR |\n"
		"                 nest:ATTR ... end]...\n"
		"See tests/tools/fxsnl/README.md.\n");
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
	err = fxsnl_request(nl, msg, fxsnl_print_reply, NULL);
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
	if (strcmp(argv[1], "raw")) {
		usage();
		return 2;
	}

	if (fxsnl_open(&nl))
		return 1;
	err = cmd_raw(&nl, argc - 2, argv + 2);
	fxsnl_close(&nl);
	return err ? 1 : 0;
}
