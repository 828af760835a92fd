/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sip_tls.h - SIP over TLS: the server context behind the tls: listeners
 * (sip_tls.c) and the sip.certificate / sip.key settings that feed it
 * (config_sip_tls.c).
 */
#ifndef HANDSETD_SIP_TLS_H
#define HANDSETD_SIP_TLS_H

#include <stddef.h>
#include <libconfig.h>

struct config;
struct diag;
struct tls;

/* config_sip_tls.c: sip.certificate and sip.key, checked against tls: */
void config_sip_tls_parse(struct config *cfg, const config_setting_t *grp,
			  const char *file, struct diag *diag);

/* sip_tls.c */
int  sip_tls_check(const char *cert, const char *key, char *why, size_t sz);
int  sip_tls_alloc(struct tls **tlsp, const char *cert, const char *key);
int  sip_tls_reload(struct tls *tls, const char *cert, const char *key,
		    struct diag *diag);
int  sip_tls_describe(char *buf, size_t sz, const struct tls *tls);
void sip_tls_nodelay(const struct sa *laddr);

#endif
