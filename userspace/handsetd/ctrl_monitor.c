/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `handsetctl monitor` (ctrl_proto.h): a control connection that stays
 * open and gets one line per analog port event (hook, flash, digit,
 * ringing, port plugged or gone) as analog_nl reports them, like
 * dahdi_monitor shows a span.  ctrl.c hands the connection over when the
 * request is "monitor"; it ends when the client closes it (or handsetd
 * stops).  Digits may be PINs: the control socket is root's and group
 * handsetd's only, as the kernel's events group is CAP_NET_ADMIN's.
 *
 * Writes never block the event loop: a line a slow reader has no room
 * for is dropped and counted, and the reader is told how many it lost.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "events.h"

enum { MAX_MONITORS = 8 };

struct monitor {
	struct le le;
	int fd;
	struct event_sub *sub;
	uint64_t lost;
};

static struct list monitors;

static void monitor_destructor(void *data)
{
	struct monitor *m = data;

	list_unlink(&m->le);
	mem_deref(m->sub);
	if (m->fd >= 0) {
		fd_close(m->fd);
		(void)close(m->fd);
	}
}

/* False when the reader is gone. */
static bool monitor_send(struct monitor *m, const char *line, size_t len)
{
	ssize_t n = send(m->fd, line, len, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n == (ssize_t)len)
		return true;
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		++m->lost;
		return true;
	}

	/* A partial line would garble the next: drop the reader. */
	return false;
}

/* One line, "TIME PORT WHAT [DIGIT]"; false when the reader is gone. */
static bool monitor_line(struct monitor *m, const char *port,
			 const char *what, int digit)
{
	char line[160], stamp[32];
	struct timespec ts;
	struct tm tm;
	int n;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	(void)gmtime_r(&ts.tv_sec, &tm);
	(void)strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);

	if (m->lost) {
		n = re_snprintf(line, sizeof(line), "%s.%03ldZ - lost %llu "
				"event(s): reading too slowly\n", stamp,
				ts.tv_nsec / 1000000,
				(unsigned long long)m->lost);
		m->lost = 0;
		if (n > 0 && !monitor_send(m, line, (size_t)n))
			return false;
	}

	if (digit >= 0)
		n = re_snprintf(line, sizeof(line), "%s.%03ldZ %s %s %d\n",
				stamp, ts.tv_nsec / 1000000, port, what,
				digit);
	else
		n = re_snprintf(line, sizeof(line), "%s.%03ldZ %s %s\n",
				stamp, ts.tv_nsec / 1000000, port, what);

	return n <= 0 || monitor_send(m, line, (size_t)n);
}

static void event_handler(const struct port_event *ev, void *arg)
{
	struct monitor *m = arg;

	if (!monitor_line(m, ev->port, ev->what, ev->digit))
		mem_deref(m);
}

/* The client sends nothing more: readable means it closed (or erred). */
static void read_handler(int flags, void *arg)
{
	struct monitor *m = arg;
	char buf[64];
	ssize_t n;

	(void)flags;

	n = recv(m->fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)))
		return;

	mem_deref(m);
}

/*
 * When @req (@len bytes) is a monitor request, takes @fd (the caller no
 * longer owns it, and it is off the event loop) and returns true.
 */
bool ctrl_monitor_take(int fd, const char *req, size_t len)
{
	static const char ok[] = CTRL_STATUS_OK "\n";
	static const char busy[] = CTRL_STATUS_ERROR
		"\ntoo many monitors already\n";
	const size_t vlen = sizeof(CTRL_CMD_MONITOR) - 1;
	struct monitor *m;
	int err;

	while (len && (req[len - 1] == '\n' || req[len - 1] == '\r'))
		--len;
	if (len != vlen || memcmp(req, CTRL_CMD_MONITOR, vlen))
		return false;

	fd_close(fd);

	if (list_count(&monitors) >= MAX_MONITORS) {
		(void)send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL);
		(void)close(fd);
		return true;
	}

	m = mem_zalloc(sizeof(*m), monitor_destructor);
	if (!m) {
		(void)close(fd);
		return true;
	}
	m->fd = fd;
	list_append(&monitors, &m->le, m);

	err = events_subscribe_port(&m->sub, event_handler, m);
	if (!err)
		err = fd_listen(fd, FD_READ, read_handler, m);
	if (!err && (!monitor_send(m, ok, sizeof(ok) - 1) ||
		     !monitor_line(m, "-", "monitoring", -1)))
		err = EPIPE;
	if (err) {
		mem_deref(m);
		return true;
	}

	log_msg(LOG_INFO, "control: a monitor connected (%u now)",
		list_count(&monitors));

	return true;
}

/* At exit: every monitor sees its connection end. */
void ctrl_monitor_close_all(void)
{
	list_flush(&monitors);
}
