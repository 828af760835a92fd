/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a libconfig setting was written, for the diagnostics every
 * config_*.c file reports (diag.c): its own file (an @include'd one too)
 * and line, else the main file with no line.
 */
#ifndef HANDSETD_CONFIG_DIAG_H
#define HANDSETD_CONFIG_DIAG_H

#include <stdbool.h>
#include <libconfig.h>

struct diag;

const char *conf_file(const config_setting_t *s, const char *file);
int  conf_line(const config_setting_t *s);
void conf_diag(struct diag *d, bool error, const char *file,
	       const config_setting_t *s, const char *fmt, ...);

/* c: a parse context with members diag and file (the main file) */
#define CONF_ERR(c, s, ...) \
	conf_diag((c)->diag, true, (c)->file, (s), __VA_ARGS__)
#define CONF_WARN(c, s, ...) \
	conf_diag((c)->diag, false, (c)->file, (s), __VA_ARGS__)

#endif
