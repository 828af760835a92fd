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
	void *arg;
};

static struct list subs;
static const struct event_info *current;

static void sub_destructor(void *arg)
{
	struct event_sub *s = arg;

	list_unlink(&s->le);
}

int events_subscribe(struct event_sub **subp, event_h *h, void *arg)
{
	struct event_sub *s;

	if (!subp || !h)
		return EINVAL;

	s = mem_zalloc(sizeof(*s), sub_destructor);
	if (!s)
		return ENOMEM;

	s->h = h;
	s->arg = arg;
	list_append(&subs, &s->le, s);
	*subp = s;

	return 0;
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
 * events_info() while the handlers run; a subscriber that shows the whole
 * list (the Handsets page) need not look.
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
