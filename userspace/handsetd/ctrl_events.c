/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `handsetctl events`: the control socket's event stream.  A connection
 * whose request is CTRL_CMD_EVENTS is handed here by ctrl.c; it gets the
 * status line and then one JSON object per line for every change to the
 * Handsets list, from events.c, the same source as the Handsets page's
 * live updates:
 *
 *   {"event":"sip","time":"...","change":"registered","user_id":"101",
 *    "contact":"sip:101@192.0.2.7:5060"}
 *
 * The subscription lasts until the client closes the connection or shuts
 * down its sending side.  Nothing here blocks the event loop: a client
 * that stops reading is dropped once CTRL_EVENTS_BACKLOG bytes wait.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/socket.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "events.h"
#include "jsondoc.h"
#include "admin.h"

enum { MAX_MONITORS = 16 };

struct mon {
	struct le le;
	int fd;
	struct mbuf *out;
};

static struct list mons;
static struct event_sub *sub;

static void mon_destructor(void *arg)
{
	struct mon *m = arg;

	list_unlink(&m->le);
	fd_close(m->fd);
	(void)close(m->fd);
	mem_deref(m->out);
}

static void mon_io(int flags, void *arg);

/* Sends what waits; false when the client is gone and m was freed. */
static bool flush(struct mon *m)
{
	while (mbuf_get_left(m->out)) {
		ssize_t n = send(m->fd, mbuf_buf(m->out),
				 mbuf_get_left(m->out), MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			mem_deref(m);
			return false;
		}
		mbuf_advance(m->out, n);
	}

	if (!mbuf_get_left(m->out))
		mbuf_rewind(m->out);

	if (fd_listen(m->fd, FD_READ | (mbuf_get_left(m->out) ? FD_WRITE : 0),
		      mon_io, m)) {
		mem_deref(m);
		return false;
	}

	return true;
}

static void mon_io(int flags, void *arg)
{
	struct mon *m = arg;
	char buf[256];

	if (flags & FD_READ) {
		ssize_t n = recv(m->fd, buf, sizeof(buf), 0);

		/* the client hung up: nothing more to say to it */
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			mem_deref(m);
			return;
		}
	}

	if (flags & FD_EXCEPT) {
		mem_deref(m);
		return;
	}

	(void)flush(m);
}

static int event_line(struct mbuf *mb, enum event_kind kind)
{
	const struct event_info *ei = events_info();
	struct odict *o = NULL;
	int err;

	err = jsondoc_alloc(&o);
	if (err)
		return err;

	err |= jsondoc_str(o, CTRL_KEY_EVENT, event_name(kind));
	err |= jsondoc_time(o, CTRL_KEY_TIME, now_wall());
	if (ei && ei->change)
		err |= jsondoc_str(o, CTRL_KEY_CHANGE, ei->change);
	if (ei && ei->user_id)
		err |= jsondoc_str(o, CTRL_KEY_USER_ID, ei->user_id);
	if (ei && ei->contact)
		err |= jsondoc_str(o, CTRL_KEY_CONTACT, ei->contact);
	if (ei && ei->mac)
		err |= jsondoc_str(o, CTRL_KEY_MAC, ei->mac);
	if (ei && ei->address)
		err |= jsondoc_str(o, CTRL_KEY_ADDRESS, ei->address);
	if (ei && ei->port)
		err |= jsondoc_str(o, CTRL_KEY_PORT, ei->port);
	if (!err)
		err = mbuf_printf(mb, "%H\n", json_encode_odict, o);

	mem_deref(o);

	return err;
}

static void event_handler(enum event_kind kind, void *arg)
{
	struct mbuf *line;
	struct le *le;

	(void)arg;

	/*
	 * Every change is published with its details where the record
	 * changes (records.c, analog.c); a discovery is published once more
	 * plainly by whoever noticed it (the registrar, PnP, provisioning),
	 * which only the page needs.  The stream reports the detailed one.
	 */
	if (!events_info() && kind != EVENT_ANALOG && kind != EVENT_CONFIG)
		return;

	if (!mons.head)
		return;

	line = mbuf_alloc(256);
	if (!line || event_line(line, kind)) {
		mem_deref(line);
		return;
	}

	le = mons.head;
	while (le) {
		struct mon *m = le->data;
		size_t pos;

		le = le->next;
		if (mbuf_get_left(m->out) + line->end > CTRL_EVENTS_BACKLOG) {
			log_msg(LOG_WARNING, "events: a client that does not "
				"read was disconnected");
			mem_deref(m);
			continue;
		}
		pos = m->out->pos;
		m->out->pos = m->out->end;
		if (mbuf_write_mem(m->out, line->buf, line->end)) {
			mem_deref(m);
			continue;
		}
		m->out->pos = pos;
		(void)flush(m);
	}

	mem_deref(line);
}

/*
 * Takes over fd (non-blocking, the request already read): it is closed
 * here from now on, also on failure.
 */
int ctrl_events_attach(int fd)
{
	struct mon *m;
	int err;

	if (fd < 0)
		return EINVAL;

	if (list_count(&mons) >= MAX_MONITORS) {
		static const char msg[] = CTRL_STATUS_ERROR
			"\ntoo many events streams\n";

		(void)send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL);
		(void)close(fd);
		return EMFILE;
	}

	if (!sub) {
		err = events_subscribe(&sub, event_handler, NULL);
		if (err) {
			(void)close(fd);
			return err;
		}
	}

	m = mem_zalloc(sizeof(*m), mon_destructor);
	if (!m) {
		(void)close(fd);
		return ENOMEM;
	}

	m->fd = fd;
	list_append(&mons, &m->le, m);
	m->out = mbuf_alloc(1024);
	if (!m->out) {
		mem_deref(m);
		return ENOMEM;
	}

	err = mbuf_printf(m->out, "%s\n", CTRL_STATUS_OK);
	if (err) {
		mem_deref(m);
		return err;
	}
	m->out->pos = 0;

	return flush(m) ? 0 : EPIPE;
}

void ctrl_events_close_all(void)
{
	list_flush(&mons);
	sub = mem_deref(sub);
}
