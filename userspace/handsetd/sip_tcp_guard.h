/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sip_tcp_guard.h - caps on SIP over TCP connections (per address and in
 * all), which libre 1.1.0 does not set; see sip_tcp_guard.c.
 */
#ifndef HANDSETD_SIP_TCP_GUARD_H
#define HANDSETD_SIP_TCP_GUARD_H

#include <stdint.h>

enum {
	/* sip.max_tcp_per_address: a phone holds one connection; a few
	 * more cover reconnects.  Addresses in ratelimit.exempt or
	 * sip.trusted (an office behind one NAT, a call engine) are
	 * bounded only by the total. */
	SIP_TCP_DEF_PER_ADDRESS = 8,
	/* the most connections one sweep looks at, so the most either
	 * key may be */
	SIP_TCP_MAX_CONNS       = 131072,
	/* descriptors handsetd needs besides its SIP and page
	 * connections: stdio, the event loop, the signalfd, netlink, the
	 * state log, up to 8 SIP listeners (UDP and TCP), the page's and
	 * the control socket's listeners, 16 control clients, the /proc
	 * tables this guard holds, syslog, files read at a reload */
	SIP_TCP_FD_RESERVE      = 64,
	/* the total when the open-file limit cannot be read */
	SIP_TCP_DEF_TOTAL       = 512,
};

struct config;
struct config_setting_t;
struct diag;
struct sip_tcp_guard;

/* config_sip_tcp.c: sip.max_tcp_per_address and sip.max_tcp_connections
 * into cfg->tcp_per_address and cfg->tcp_max, the values in force; after
 * config_http_parse (the page's connections count against the limit). */
void config_sip_tcp_parse(struct config *cfg,
			  const struct config_setting_t *sip,
			  const char *file, struct diag *diag);

int  sip_tcp_guard_alloc(struct sip_tcp_guard **gp, struct config *cfg);
void sip_tcp_guard_configure(struct sip_tcp_guard *g, struct config *cfg);
uint64_t sip_tcp_guard_closed(const struct sip_tcp_guard *g);

#endif
