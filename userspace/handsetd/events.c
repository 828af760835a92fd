/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Publish/subscribe for changes to the Handsets list (events.h).  The
 * subscribers live on the one event loop, so there is no locking; a
 * subscription ends when its object is dereferenced.  Handlers must not
 * subscribe or unsubscribe from inside a handler: they only note the
 * change and act on it from a timer, which also coalesces bursts.
 */
#include <re.h>
#include "ctrl_proto.h"
#include "events.h"

struct event_sub {
	struct le le;
	event_h *h;
	port_event_h *porth;
	void *arg;
};

static struct list subs;
static const struct event_info *current;
static struct list port_subs;

static void sub_destructor(void *arg)
{
	struct event_sub *s = arg;

	list_unlink(&s->le);
}

/* One of h (list changes) or porth (port events), on its own list. */
static int subscribe(struct list *l, struct event_sub **subp, event_h *h,
		     port_event_h *porth, void *arg)
{
	struct event_sub *s;

	if (!subp)
		return EINVAL;

	s = mem_zalloc(sizeof(*s), sub_destructor);
	if (!s)
		return ENOMEM;

	s->h = h;
	s->porth = porth;
	s->arg = arg;
	list_append(l, &s->le, s);
	*subp = s;

	return 0;
}

int events_subscribe(struct event_sub **subp, event_h *h, void *arg)
{
	return h ? subscribe(&subs, subp, h, NULL, arg) : EINVAL;
}

int events_subscribe_port(struct event_sub **subp, port_event_h *h,
			  void *arg)
{
	return h ? subscribe(&port_subs, subp, NULL, h, arg) : EINVAL;
}

/* A handler may end its own subscription (a monitor that went away). */
void events_publish_port(const struct port_event *ev)
{
	struct le *le = port_subs.head;

	while (le) {
		struct event_sub *s = le->data;

		le = le->next;
		s->porth(ev, s->arg);
	}
}

void events_publish(enum event_kind kind)
{
	struct le *le;

	for (le = subs.head; le; le = le->next) {
		struct event_sub *s = le->data;

		s->h(kind, s->arg);
	}
}

/*
 * The same delivery, with the details of the change readable through
 * events_info() while the handlers run: the events stream reports them,
 * the Handsets page updates just the row of ei->user_id.
 */
void events_publish_info(enum event_kind kind, const struct event_info *ei)
{
	const struct event_info *outer = current;

	current = ei;
	events_publish(kind);
	current = outer;
}

const struct event_info *events_info(void)
{
	return current;
}

const char *event_name(enum event_kind kind)
{
	switch (kind) {
	case EVENT_SIP:       return CTRL_VAL_EVENT_SIP;
	case EVENT_EXPIRY:    return CTRL_VAL_EVENT_EXPIRY;
	case EVENT_DISCOVERY: return CTRL_VAL_EVENT_DISCOVERY;
	case EVENT_ANALOG:    return CTRL_VAL_EVENT_ANALOG;
	case EVENT_CONFIG:    return CTRL_VAL_EVENT_CONFIG;
	default:              return "change";
	}
}
