/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handsetctl: asks handsetd for the Handsets list, one handset, a
 * reload or an administrative action over the control socket (protocol in
 * ctrl_proto.h), and prints the answer; `events` prints the JSON event
 * stream until interrupted; the analog port commands (ports, ring,
 * monitor) are in ctl_ports.c.  Exit status: 0 success, 1 the daemon
 * refused or reported
 * errors, 2 usage, 3 the daemon could not be reached.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "ctrl_proto.h"
#include "handsetctl.h"

static void usage(FILE *f)
{
	(void)fprintf(f,
		      "usage: handsetctl [-s SOCKET] list [--json]\n"
		      "       handsetctl [-s SOCKET] show [--json] USER_ID\n"
		      "       handsetctl [-s SOCKET] reload\n"
		      "       handsetctl [-s SOCKET] snippet USER_ID|PORT\n"
		      "       handsetctl [-s SOCKET] lookup USER_ID|LOGIN\n"
		      "       handsetctl [-s SOCKET] kick USER_ID\n"
		      "       handsetctl [-s SOCKET] blocked [--json]\n"
		      "       handsetctl [-s SOCKET] unblock ADDRESS|LOGIN\n"
		      "       handsetctl [-s SOCKET] forget MAC\n"
		      "       handsetctl [-s SOCKET] ports\n"
		      "       handsetctl [-s SOCKET] ring PORT [SECONDS]\n"
		      "       handsetctl [-s SOCKET] monitor\n"
		      "       handsetctl [-s SOCKET] events\n"
		      "       handsetctl --version\n"
		      "  -s SOCKET  control socket (default %s)\n",
		      CTRL_DEFAULT_SOCKET);
}

int connect_to(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		(void)fprintf(stderr, "handsetctl: %s: path too long\n", path);
		return -1;
	}

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("handsetctl: socket");
		return -1;
	}

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path) + 1);

	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		int e = errno;

		(void)fprintf(stderr, "handsetctl: cannot reach handsetd at "
			      "%s: %s\n", path, strerror(e));
		/* the socket is 0660, group handsetd (see handsetctl(8)) */
		if (e == EACCES)
			(void)fprintf(stderr, "handsetctl: only root and "
				      "members of group handsetd may use it "
				      "(adduser USER handsetd, then log in "
				      "again)\n");
		(void)close(fd);
		return -1;
	}

	return fd;
}

/* A subscription: connected and asked; -1 (said why) when that fails. */
int subscribe_to(const char *path, const char *req, size_t n)
{
	int fd = connect_to(path);

	if (fd < 0)
		return -1;

	if (send_all(fd, req, n)) {
		perror("handsetctl: send");
		(void)close(fd);
		return -1;
	}

	return fd;
}

int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}

	return 0;
}

/* Reads the whole answer; the daemon closes the connection after it. */
static char *recv_all(int fd, size_t *lenp)
{
	size_t len = 0, size = 65536;
	char *buf = malloc(size + 1);

	while (buf) {
		ssize_t n;

		if (len == size) {
			char *nb = realloc(buf, size * 2 + 1);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			size *= 2;
		}

		n = read(fd, buf + len, size - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}

	if (buf)
		buf[len] = '\0';
	*lenp = len;

	return buf;
}

/*
 * The event stream: the request without shutting down the sending side
 * (that would end the subscription), then every line as it comes, each
 * flushed at once so a pipe into a script sees it.
 */
static int events(const char *path)
{
	static const char req[] = CTRL_CMD_EVENTS "\n";
	char buf[4096];
	bool status = true;
	int fd;

	fd = subscribe_to(path, req, sizeof(req) - 1);
	if (fd < 0)
		return 3;

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		char *p = buf;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;

		if (status) {
			char *nl = memchr(buf, '\n', (size_t)n);

			if (strncmp(buf, CTRL_STATUS_OK "\n", 3)) {
				(void)fwrite(nl ? nl + 1 : buf, 1, (size_t)n -
					     (size_t)(nl ? nl + 1 - buf : 0),
					     stderr);
				(void)close(fd);
				return 1;
			}
			status = false;
			p = nl + 1;
		}
		(void)fwrite(p, 1, (size_t)(buf + n - p), stdout);
		(void)fflush(stdout);
	}

	(void)close(fd);
	(void)fprintf(stderr, "handsetctl: handsetd closed the stream\n");

	return 3;
}

static const struct option longopts[] = {
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char *argv[])
{
	const char *path = CTRL_DEFAULT_SOCKET;
	const char *id = NULL;
	char req[CTRL_MAX_REQUEST + 2];
	bool json = false;
	char *answer, *body;
	size_t len;
	int c, fd, i;

	while ((c = getopt_long(argc, argv, "+s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'V':
			(void)printf("handsetctl %s (control protocol %d, "
				     "document version %d)\n",
				     HANDSETD_VERSION, CTRL_PROTO_VERSION,
				     CTRL_DOC_VERSION);
			return 0;
		case 's':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}

	if (optind >= argc) {
		usage(stderr);
		return 2;
	}

	switch (ctl_ports_request(req, sizeof(req), argc - optind,
				  argv + optind)) {
	case CTL_PORTS_USAGE:
		usage(stderr);
		return 2;
	case CTL_PORTS_STREAM:
		return ctl_ports_monitor(path);
	case CTL_PORTS_REQUEST:
		goto ask;
	default:
		break;
	}

	for (i = optind + 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			json = true;
		else if (!id && argv[i][0] != '-')
			id = argv[i];
		else {
			usage(stderr);
			return 2;
		}
	}

	if (id && (strlen(id) >= CTRL_MAX_REQUEST - 16 || strchr(id, '\n')))
		id = NULL;

	/* The verb the user typed is the protocol's; the options follow. */
	if (!strcmp(argv[optind], CTRL_CMD_LIST) && !id) {
		snprintf(req, sizeof(req), "%s%s\n", CTRL_CMD_LIST,
			 json ? " " CTRL_OPT_JSON : "");
	}
	else if (!strcmp(argv[optind], CTRL_CMD_SHOW) && id) {
		snprintf(req, sizeof(req), "%s%s %s\n", CTRL_CMD_SHOW,
			 json ? " " CTRL_OPT_JSON : "", id);
	}
	else if (!strcmp(argv[optind], CTRL_CMD_RELOAD) && !id && !json) {
		snprintf(req, sizeof(req), "%s\n", CTRL_CMD_RELOAD);
	}
	else if (!strcmp(argv[optind], CTRL_CMD_SNIPPET) && id && !json) {
		snprintf(req, sizeof(req), "%s %s\n", CTRL_CMD_SNIPPET, id);
	}
	else if ((!strcmp(argv[optind], CTRL_CMD_LOOKUP) ||
		  !strcmp(argv[optind], CTRL_CMD_KICK) ||
		  !strcmp(argv[optind], CTRL_CMD_UNBLOCK) ||
		  !strcmp(argv[optind], CTRL_CMD_FORGET)) && id && !json) {
		snprintf(req, sizeof(req), "%s %s\n", argv[optind], id);
	}
	else if (!strcmp(argv[optind], CTRL_CMD_BLOCKED) && !id) {
		snprintf(req, sizeof(req), "%s%s\n", CTRL_CMD_BLOCKED,
			 json ? " " CTRL_OPT_JSON : "");
	}
	else if (!strcmp(argv[optind], CTRL_CMD_EVENTS) && !id && !json) {
		return events(path);
	}
	else {
		usage(stderr);
		return 2;
	}

ask:
	fd = connect_to(path);
	if (fd < 0)
		return 3;

	if (send_all(fd, req, strlen(req)) || shutdown(fd, SHUT_WR)) {
		perror("handsetctl: send");
		(void)close(fd);
		return 3;
	}

	answer = recv_all(fd, &len);
	(void)close(fd);
	if (!answer) {
		(void)fprintf(stderr, "handsetctl: no answer from handsetd\n");
		return 3;
	}

	body = strchr(answer, '\n');
	body = body ? body + 1 : answer + len;

	if (!strncmp(answer, CTRL_STATUS_OK "\n", 3)) {
		(void)fwrite(body, 1, len - (size_t)(body - answer), stdout);
		free(answer);
		return 0;
	}

	(void)fwrite(body, 1, len - (size_t)(body - answer), stderr);
	free(answer);

	return 1;
}
