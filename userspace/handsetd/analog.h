/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog.h - analog handsets: the kernel's FXS ports turned into the
 * Analog Handsets list (configured handsets bound to their port, handsets
 * created by lifting the receiver on an inside port, unassigned ports).
 */
#ifndef HANDSETD_ANALOG_H
#define HANDSETD_ANALOG_H

#include <stdbool.h>
#include <stdint.h>

struct analog;
struct config;
struct diag;
struct odict;
struct list;
struct port_settings;
struct records;
struct re_printf;
struct pl;

int  analog_alloc(struct analog **ap, struct records *recs, int rcvbuf);
int  analog_reconfigure(struct analog *a);
int  analog_validate(const struct config *cfg, struct diag *diag);
int  analog_list_text(struct re_printf *pf, const struct analog *a);
int  analog_document(struct odict **op, const struct analog *a);
int  analog_handset_document(struct odict **op, const struct analog *a,
			     const char *user_id);
int  analog_handset_text(struct re_printf *pf, const struct analog *a,
			 const char *user_id);
const struct list *analog_ports(const struct analog *a);
bool analog_attached(const struct analog *a);
struct port_settings *analog_port_settings(const struct analog *a);
int  analog_snippet_cmd(struct re_printf *pf, const struct analog *a,
			const struct pl *key);

#endif
