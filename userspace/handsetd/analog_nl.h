/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_nl.h - handsetd's mirror of the kernel's FXS ports, kept by
 * listening to the "fxs" generic netlink family on libre's main loop.
 */
#ifndef HANDSETD_ANALOG_NL_H
#define HANDSETD_ANALOG_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>
#include <linux/fxs.h>
#include "port_conf.h"

/* What the kernel says about one port; read-only for users of analog_nl. */
struct analog_port {
	struct le le;
	char name[FXS_PORT_NAME_MAX];
	uint32_t index;
	enum fxs_location location;
	char expander[FXS_EXPANDER_MAX];
	uint32_t expander_port;
	enum fxs_hook hook;
	uint64_t hook_since;		/* CLOCK_MONOTONIC ns */
	bool ringing;
	uint64_t gen;			/* last dump that listed it */
	char driver[32];
	struct port_values settings;	/* timing, cadence, linefeed */
};

enum analog_nl_change {
	ANALOG_NL_ADDED,
	ANALOG_NL_CHANGED,
	ANALOG_NL_REMOVED,
};

/* Called after the mirror changed; a removed port is freed on return. */
typedef void (analog_nl_port_h)(const struct analog_port *port,
				enum analog_nl_change change, void *arg);

struct analog_nl_stats {
	uint64_t events;	/* event messages read */
	uint64_t dumps;		/* full dumps done */
	uint64_t overruns;	/* ENOBUFS seen: messages were lost */
};

struct analog_nl;
struct nl_sock;

/* Gives analog_nl_alloc() its two sockets: events, requests (fuzzing). */
typedef int (analog_nl_socks_h)(struct analog_nl *nl, struct nl_sock **evp,
				struct nl_sock **reqp);

void analog_nl_set_socks(analog_nl_socks_h *sockh);
void analog_nl_read(struct analog_nl *nl);
int  analog_nl_alloc(struct analog_nl **nlp, int rcvbuf,
		     analog_nl_port_h *porth, void *arg);
const struct list *analog_nl_ports(const struct analog_nl *nl);
const struct analog_port *analog_nl_port(const struct analog_nl *nl,
					 const char *name);
bool analog_nl_attached(const struct analog_nl *nl);
void analog_nl_stats(const struct analog_nl *nl, struct analog_nl_stats *st);
int  analog_nl_timing_attr(enum port_key k);

#endif
