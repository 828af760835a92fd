/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * events.h - one change-event source inside handsetd.  The few places where
 * what the Handsets list shows changes (a registration, an expiry, a
 * discovered device, a hook or port change) publish; whoever shows the
 * list live (the HTTP server's event stream) subscribes.  Publishing is a
 * call per change and costs a list walk, so call sites stay one line each.
 */
#ifndef HANDSETD_EVENTS_H
#define HANDSETD_EVENTS_H

enum event_kind {
	EVENT_SIP       = 1 << 0,   /* bindings of a SIP handset     */
	EVENT_EXPIRY    = 1 << 1,   /* bindings ran out              */
	EVENT_DISCOVERY = 1 << 2,   /* a device told us its MAC      */
	EVENT_ANALOG    = 1 << 3,   /* hook state, port plugged/gone */
	EVENT_CONFIG    = 1 << 4,   /* the configuration was reloaded */
};

struct event_sub;
typedef void (event_h)(enum event_kind kind, void *arg);

/*
 * What changed, for subscribers that report single changes (the control
 * socket's monitor stream): each member may be NULL.  change is one of
 * the CTRL_VAL_CHANGE_ words for SIP, expiry and discovery events, the
 * hook word (CTRL_VAL_HOOK_) for analog ones.
 */
struct event_info {
	const char *change;
	const char *user_id;
	const char *contact;
	const char *mac;
	const char *address;
	const char *port;
};

int  events_subscribe(struct event_sub **subp, event_h *h, void *arg);
void events_publish(enum event_kind kind);
void events_publish_info(enum event_kind kind, const struct event_info *ei);
/* inside a handler: the details of the event being delivered, or NULL */
const struct event_info *events_info(void);
const char *event_name(enum event_kind kind);

/*
 * What happened on an analog port, as it happened, for `handsetctl
 * monitor`: "added", "removed", "offhook", "onhook", "flash", "digit"
 * (digit 0..9, else -1), "ringing", "ringing-stopped".  Unlike the
 * changes above these are not coalesced: a monitor shows every one.
 */
struct port_event {
	const char *port;
	const char *what;
	int digit;
};

typedef void (port_event_h)(const struct port_event *ev, void *arg);

int  events_subscribe_port(struct event_sub **subp, port_event_h *h,
			   void *arg);
void events_publish_port(const struct port_event *ev);

#endif
