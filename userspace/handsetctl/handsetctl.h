/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handsetctl.h - what handsetctl.c shares with the files of its other
 * commands (ctl_ports.c).
 */
#ifndef HANDSETCTL_H
#define HANDSETCTL_H

#include <stddef.h>

int connect_to(const char *path);
int send_all(int fd, const char *p, size_t n);
int subscribe_to(const char *path, const char *req, size_t n);

/* ctl_ports.c: ports, ring, monitor */
enum ctl_ports_req {
	CTL_PORTS_NOT_MINE,	/* another command's verb */
	CTL_PORTS_USAGE,	/* its verb, used wrongly */
	CTL_PORTS_REQUEST,	/* req holds the request line */
	CTL_PORTS_STREAM,	/* monitor: run ctl_ports_monitor() */
};

enum ctl_ports_req ctl_ports_request(char *req, size_t size, int argc,
				     char *argv[]);
int ctl_ports_monitor(const char *path);

#endif
