/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sip_tcp_guard.h - caps on SIP over TCP connections (per address and in
 * all), which libre 1.1.0 does not set; see sip_tcp_guard.c.
 */
#ifndef HANDSETD_SIP_TCP_GUARD_H
#define HANDSETD_SIP_TCP_GUARD_H

#include <stdint.h>

/* A phone holds one connection; a few more cover reconnects.  Addresses
 * in ratelimit.exempt or sip.trusted (an office behind one NAT, a call
 * engine) are bounded only by the total. */
#define SIP_TCP_PER_ADDRESS	8

struct config;
struct sip_tcp_guard;

int  sip_tcp_guard_alloc(struct sip_tcp_guard **gp, struct config *cfg);
void sip_tcp_guard_configure(struct sip_tcp_guard *g, struct config *cfg);
uint64_t sip_tcp_guard_closed(const struct sip_tcp_guard *g);

#endif
