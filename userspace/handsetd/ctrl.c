/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control socket handsetctl talks to (protocol in ctrl_proto.h).  A
 * UNIX stream socket, mode 0660, group "handsetd" when that group exists:
 * root and the group may list the handsets and reload, nobody else.  Each
 * connection carries one request; answers are written without blocking the
 * event loop, however large the Handsets list.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "admin.h"

enum {
	CONN_TIMEOUT_MS = 10000,
	MAX_CONNS       = 16,
};

struct ctrl {
	int fd;
	char *path;
	ctrl_cmd_h *cmdh;
	void *arg;
	struct list conns;
};

struct conn {
	struct le le;
	struct ctrl *ctrl;
	int fd;
	char req[CTRL_MAX_REQUEST + 1];
	size_t reqlen;
	struct mbuf *out;
	struct tmr tmr;
};

static void conn_destructor(void *arg)
{
	struct conn *c = arg;

	list_unlink(&c->le);
	tmr_cancel(&c->tmr);
	if (c->fd >= 0) {
		fd_close(c->fd);
		(void)close(c->fd);
	}
	mem_deref(c->out);
}

static void ctrl_destructor(void *arg)
{
	struct ctrl *ctrl = arg;

	list_flush(&ctrl->conns);
	if (ctrl->fd >= 0) {
		fd_close(ctrl->fd);
		(void)close(ctrl->fd);
		(void)unlink(ctrl->path);
	}
	mem_deref(ctrl->path);
}

static void timeout_handler(void *arg)
{
	mem_deref(arg);
}

static void write_handler(int flags, void *arg)
{
	struct conn *c = arg;

	(void)flags;

	while (mbuf_get_left(c->out)) {
		ssize_t n = send(c->fd, mbuf_buf(c->out),
				 mbuf_get_left(c->out), MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			break;
		}
		mbuf_advance(c->out, n);
	}

	mem_deref(c);
}

/* The events stream keeps its connection: ctrl_events.c takes it over. */
static bool is_events(const struct conn *c)
{
	const size_t n = sizeof(CTRL_CMD_EVENTS) - 1;

	return c->reqlen >= n && !memcmp(c->req, CTRL_CMD_EVENTS, n) &&
		(c->reqlen == n || c->req[n] == '\n' || c->req[n] == '\r');
}

static void dispatch(struct conn *c)
{
	/* a monitor keeps its connection: ctrl_monitor.c takes it over */
	if (ctrl_monitor_take(c->fd, c->req, c->reqlen)) {
		c->fd = -1;
		mem_deref(c);
		return;
	}

	/* so does the events stream: ctrl_events.c */
	if (is_events(c)) {
		fd_close(c->fd);
		(void)ctrl_events_attach(c->fd);
		c->fd = -1;
		mem_deref(c);
		return;
	}

	c->out = mbuf_alloc(4096);
	if (!c->out ||
	    ctrl_request(c->out, c->req, c->reqlen, c->ctrl->cmdh,
			 c->ctrl->arg)) {
		mem_deref(c);
		return;
	}
	c->out->pos = 0;

	fd_close(c->fd);
	if (fd_listen(c->fd, FD_WRITE, write_handler, c)) {
		mem_deref(c);
		return;
	}
}

static void read_handler(int flags, void *arg)
{
	struct conn *c = arg;
	ssize_t n;

	(void)flags;

	n = recv(c->fd, c->req + c->reqlen, sizeof(c->req) - 1 - c->reqlen,
		 0);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			mem_deref(c);
		return;
	}

	c->reqlen += (size_t)n;
	c->req[c->reqlen] = '\0';

	if (n == 0 || memchr(c->req, '\n', c->reqlen)) {
		dispatch(c);
		return;
	}

	if (c->reqlen >= sizeof(c->req) - 1) {
		static const char msg[] = CTRL_STATUS_ERROR
			"\nrequest too long\n";

		(void)send(c->fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL);
		mem_deref(c);
	}
}

static void accept_handler(int flags, void *arg)
{
	struct ctrl *ctrl = arg;
	struct conn *c;
	int fd;

	(void)flags;

	fd = accept4(ctrl->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;

	if (list_count(&ctrl->conns) >= MAX_CONNS) {
		(void)close(fd);
		return;
	}

	c = mem_zalloc(sizeof(*c), conn_destructor);
	if (!c) {
		(void)close(fd);
		return;
	}

	c->ctrl = ctrl;
	c->fd = fd;
	tmr_init(&c->tmr);
	list_append(&ctrl->conns, &c->le, c);
	tmr_start(&c->tmr, CONN_TIMEOUT_MS, timeout_handler, c);

	if (fd_listen(fd, FD_READ, read_handler, c))
		mem_deref(c);
}

int ctrl_alloc(struct ctrl **ctrlp, const char *path, ctrl_cmd_h *cmdh,
	       void *arg)
{
	struct sockaddr_un sun;
	struct ctrl *ctrl;
	struct group *gr;
	struct stat st;
	int err;

	if (!ctrlp || !path || !cmdh)
		return EINVAL;

	if (strlen(path) >= sizeof(sun.sun_path))
		return ENAMETOOLONG;

	ctrl = mem_zalloc(sizeof(*ctrl), ctrl_destructor);
	if (!ctrl)
		return ENOMEM;

	ctrl->fd = -1;
	ctrl->cmdh = cmdh;
	ctrl->arg = arg;
	list_init(&ctrl->conns);

	err = str_dup(&ctrl->path, path);
	if (err)
		goto out;

	/* a socket left by a killed daemon is ours to replace; a file not */
	if (!lstat(path, &st)) {
		if (!S_ISSOCK(st.st_mode)) {
			err = EEXIST;
			goto out;
		}
		(void)unlink(path);
	}

	ctrl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			  0);
	if (ctrl->fd < 0) {
		err = errno;
		goto out;
	}

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path) + 1);

	if (bind(ctrl->fd, (struct sockaddr *)&sun, sizeof(sun))) {
		err = errno;
		goto out;
	}

	/* handsetctl works for members of group handsetd; under the unit
	 * (Group=handsetd) the socket is the group's already */
	gr = getgrnam("handsetd");
	if (gr && gr->gr_gid != getegid() && chown(path, (uid_t)-1, gr->gr_gid))
		log_msg(LOG_WARNING, "cannot give %s to group handsetd: %m",
			path, errno);

	if (chmod(path, 0660) || listen(ctrl->fd, 8)) {
		err = errno;
		goto out;
	}

	err = fd_listen(ctrl->fd, FD_READ, accept_handler, ctrl);

 out:
	if (err)
		mem_deref(ctrl);
	else
		*ctrlp = ctrl;

	return err;
}

/*
 * Takes the option opt (a CTRL_OPT_ word) off the front of a request's
 * argument: true when it was there, arg is then what follows it.
 */
bool ctrl_option(struct pl *arg, const char *opt)
{
	struct pl word, rest = PL_INIT;

	if (!arg || !opt ||
	    re_regex(arg->p, arg->l, "[^ ]+[ ]*[^]*", &word, NULL, &rest) ||
	    pl_strcmp(&word, opt))
		return false;

	*arg = rest;

	return true;
}

/*
 * One request line (len bytes, line end optional) to its complete answer
 * in out: the status line, then what cmdh wrote.  Apart from the socket,
 * so the fuzz target drives exactly what a connection gets.
 */
int ctrl_request(struct mbuf *out, const char *req, size_t len,
		 ctrl_cmd_h *cmdh, void *arg)
{
	struct pl line, cmd, carg = PL_INIT;
	struct mbuf *body;
	int err;

	if (!out || !req || !cmdh)
		return EINVAL;

	line.p = req;
	line.l = len;
	while (line.l && (line.p[line.l - 1] == '\n' ||
			  line.p[line.l - 1] == '\r'))
		--line.l;
	if (re_regex(line.p, line.l, "[^ ]+[ ]*[^]*", &cmd, NULL, &carg)) {
		cmd = line;
		carg.l = 0;
	}

	body = mbuf_alloc(4096);
	if (!body)
		return ENOMEM;

	err = cmdh(body, &cmd, &carg, arg);
	err = mbuf_printf(out, "%s\n%b", err ? CTRL_STATUS_ERROR :
			  CTRL_STATUS_OK, body->buf, body->end);
	mem_deref(body);

	return err;
}
