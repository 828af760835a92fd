/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libre gives no handle on the sockets of its SIP transports, yet some
 * options must be set on them (a larger UDP receive buffer, TCP_NODELAY on
 * TLS listeners).  They are found among our own descriptors by type and
 * bound address.
 */
#include <dirent.h>
#include <stdlib.h>
#include <sys/socket.h>
#include "handsetd.h"

void own_sockets_apply(int type, bool listening, const struct sa *laddr,
		       own_socket_h *h, void *arg)
{
	struct dirent *de;
	DIR *dir;

	dir = opendir("/proc/self/fd");
	if (!dir)
		return;

	while ((de = readdir(dir))) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd = atoi(de->d_name), t = 0, acc = 0;
		socklen_t tlen = sizeof(t), alen = sizeof(acc);
		struct sa sa;

		if (fd <= 2 || fd == dirfd(dir))
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &tlen) || t != type)
			continue;
		if (listening &&
		    (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &alen) ||
		     !acc))
			continue;
		if (getsockname(fd, (struct sockaddr *)&ss, &len) ||
		    sa_set_sa(&sa, (struct sockaddr *)&ss) ||
		    !sa_cmp(&sa, laddr, SA_ALL))
			continue;

		h(fd, arg);
	}

	(void)closedir(dir);
}
