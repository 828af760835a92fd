/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handsetctl's analog port commands: `ports`, `ring PORT [SECONDS]` (one
 * request, one answer, like the others) and `monitor`, which prints the
 * daemon's port events as they come until interrupted (ctrl_proto.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ctrl_proto.h"
#include "handsetctl.h"

static bool seconds_valid(const char *s)
{
	char *end;
	unsigned long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);

	return !errno && v >= 1 && v <= CTRL_RING_MAX_SECONDS;
}

enum ctl_ports_req ctl_ports_request(char *req, size_t size, int argc,
				     char *argv[])
{
	const char *verb = argc > 0 ? argv[0] : "";

	if (!strcmp(verb, CTRL_CMD_PORTS) || !strcmp(verb, CTRL_CMD_MONITOR)) {
		if (argc != 1)
			return CTL_PORTS_USAGE;
		(void)snprintf(req, size, "%s\n", verb);
		return strcmp(verb, CTRL_CMD_MONITOR) ? CTL_PORTS_REQUEST :
			CTL_PORTS_STREAM;
	}

	if (strcmp(verb, CTRL_CMD_RING))
		return CTL_PORTS_NOT_MINE;

	if (argc < 2 || argc > 3 || argv[1][0] == '-' ||
	    strlen(argv[1]) >= CTRL_MAX_REQUEST - 16 ||
	    strpbrk(argv[1], " \n"))
		return CTL_PORTS_USAGE;

	if (argc == 3 && !seconds_valid(argv[2])) {
		(void)fprintf(stderr, "handsetctl: ring: SECONDS is 1 to %d, "
			      "not \"%s\"\n", CTRL_RING_MAX_SECONDS, argv[2]);
		return CTL_PORTS_USAGE;
	}

	(void)snprintf(req, size, "%s %s %s\n", CTRL_CMD_RING, argv[1],
		       argc == 3 ? argv[2] : "");

	return CTL_PORTS_REQUEST;
}

/*
 * Prints every line the daemon sends until it closes the connection (or
 * the user interrupts).  The request goes without shutting down our side:
 * our close is how the daemon learns we left.
 */
int ctl_ports_monitor(const char *path)
{
	static const char req[] = CTRL_CMD_MONITOR "\n";
	static const char ok[] = CTRL_STATUS_OK "\n";
	char buf[4096];
	size_t have = 0;
	bool status = false;
	int fd;

	fd = subscribe_to(path, req, sizeof(req) - 1);
	if (fd < 0)
		return 3;

	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;

		if (!status) {
			char *nl = memchr(buf, '\n', have);

			if (!nl && have < sizeof(buf))
				continue;
			if (!nl || (size_t)(nl - buf + 1) != sizeof(ok) - 1 ||
			    memcmp(buf, ok, sizeof(ok) - 1)) {
				/* refused: the reason follows the status */
				char *body = nl ? nl + 1 : buf + have;

				(void)fwrite(body, 1, have - (size_t)(body -
					     buf), stderr);
				while ((n = read(fd, buf, sizeof(buf))) > 0)
					(void)fwrite(buf, 1, (size_t)n,
						     stderr);
				(void)close(fd);
				return 1;
			}
			status = true;
			have -= sizeof(ok) - 1;
			memmove(buf, buf + sizeof(ok) - 1, have);
		}

		/* line by line, so a pipe sees each event at once */
		if (have && fwrite(buf, 1, have, stdout) != have)
			break;
		(void)fflush(stdout);
		have = 0;
	}

	(void)close(fd);

	return status ? 0 : 3;
}
