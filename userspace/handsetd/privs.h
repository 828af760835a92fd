/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Giving up root when started as root outside the packaged unit.
 */
#ifndef HANDSETD_PRIVS_H
#define HANDSETD_PRIVS_H

#include <stddef.h>

#define PRIVS_DEFAULT_USER "handsetd"

/*
 * As root: hand @dirs (which must exist) to @user, then become @user
 * keeping CAP_NET_BIND_SERVICE and CAP_NET_ADMIN only.  As anyone else, or
 * with @user "root": nothing.  Logs why on failure; the caller must stop.
 */
int privs_drop(const char *user, const char *const dirs[], size_t dirc);

#endif
