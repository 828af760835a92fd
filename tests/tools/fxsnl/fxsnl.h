/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxsnl.h - shared declarations of fxsnl, the command-line client of the
 * "fxs" generic netlink family used by the tests and benchmarks.
 */
#ifndef FXSNL_H
#define FXSNL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/genl/genl.h>
#include <linux/fxs.h>

/* One netlink socket bound to the fxs family. */
struct fxsnl {
	struct nl_sock *sk;
	int family;
	int events_grp;
	/* Filled by the error callback of the last request. */
	int err;
	char ext_msg[256];
	int ext_offs;
	int ext_attr;
};

/* nl.c */
int fxsnl_open(struct fxsnl *nl);
void fxsnl_close(struct fxsnl *nl);
struct nl_msg *fxsnl_msg(const struct fxsnl *nl, uint8_t cmd, int flags);
typedef void (*fxsnl_reply_fn)(struct nl_msg *msg, void *arg);
int fxsnl_request(struct fxsnl *nl, struct nl_msg *msg,
		  fxsnl_reply_fn fn, void *arg);
void fxsnl_report(const struct fxsnl *nl, const char *what, int err);
uint64_t fxsnl_now_ns(void);

/* names.c */
struct fxsnl_name {
	const char *name;
	int value;
};

extern const struct fxsnl_name fxsnl_cmds[];
extern const struct fxsnl_name fxsnl_events[];
extern const struct fxsnl_name fxsnl_attrs[];
extern const struct fxsnl_name fxsnl_timing_attrs[];
extern const struct fxsnl_name fxsnl_linefeeds[];
extern const struct fxsnl_name fxsnl_locations[];

const char *fxsnl_name_of(const struct fxsnl_name *t, int value);
int fxsnl_value_of(const struct fxsnl_name *t, const char *name, int *value);

/* print.c */
int fxsnl_print_msg(FILE *f, struct nl_msg *msg, const uint64_t *rx_ns);
void fxsnl_print_reply(struct nl_msg *msg, void *arg);

/* build.c */
int fxsnl_put_raw(struct nl_msg *msg, int argc, char **argv);

/* monitor.c */
int fxsnl_monitor(int argc, char **argv);

#endif /* FXSNL_H */
