/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a libconfig setting was written, for the diagnostics every
 * config_*.c file reports (diag.c): its own file (an @include'd one too)
 * and line, else the main file with no line.
 */
#ifndef HANDSETD_CONFIG_DIAG_H
#define HANDSETD_CONFIG_DIAG_H

#include <stdbool.h>
#include <stdint.h>
#include <libconfig.h>

struct diag;

const char *conf_file(const config_setting_t *s, const char *file);
int  conf_line(const config_setting_t *s);
void conf_diag(struct diag *d, bool error, const char *file,
	       const config_setting_t *s, const char *fmt, ...);

/*
 * A string or a list of strings (listen = "x"; or [ "x", "y" ]): the
 * number of entries, -1 when s is neither; conf_list_elem() gives each.
 */
int  conf_list_len(const config_setting_t *s);
const config_setting_t *conf_list_elem(const config_setting_t *s, int i);

/*
 * key of grp as an absolute path (a reload runs after a detached daemon's
 * chdir("/")); NULL when absent, or after an error naming block.key.
 */
const char *conf_abs_path(struct diag *d, const char *file,
			  const config_setting_t *grp, const char *block,
			  const char *key, const config_setting_t **sp);

/* block.key as a whole number from lo to hi into *val; absent: unchanged */
void conf_u32(struct diag *d, const char *file, const config_setting_t *grp,
	      const char *block, const char *key, uint32_t *val, uint32_t lo,
	      uint32_t hi);

/* c: a parse context with members diag and file (the main file) */
#define CONF_ERR(c, s, ...) \
	conf_diag((c)->diag, true, (c)->file, (s), __VA_ARGS__)
#define CONF_WARN(c, s, ...) \
	conf_diag((c)->diag, false, (c)->file, (s), __VA_ARGS__)

#endif
