/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Readiness for the service manager (systemd's notify protocol,
 * sd_notify(3)): one datagram such as "READY=1" to the AF_UNIX socket that
 * $NOTIFY_SOCKET names, "@" standing for the abstract namespace.  Without
 * $NOTIFY_SOCKET nothing is sent, as with sd_notify().
 *
 * Why not libsystemd's sd_notify(): the systemd project states that the
 * protocol, not its C wrapper, is the stable interface, and asks programs
 * that need nothing else from libsystemd not to link it (sd_notify(3),
 * NOTES, gives a reference implementation like this one).  Linking it
 * loaded libsystemd, libgcrypt, libgpg-error, liblzma, libzstd, liblz4 and
 * libcap into the daemon: about 1 MB of its resident memory, for three
 * datagrams in its life.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "handsetd.h"

static int notify_send(const char *msg, size_t len)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t plen;
	ssize_t n;
	int fd, err = 0;

	if (!path || !*path)
		return 0;

	/* a path or an abstract name; systemd's vsock form is for VMs */
	plen = strlen(path);
	if (path[0] != '/' && path[0] != '@')
		return EAFNOSUPPORT;
	if (plen >= sizeof(addr.sun_path))
		return ENAMETOOLONG;
	memcpy(addr.sun_path, path, plen);
	if (path[0] == '@')
		addr.sun_path[0] = '\0';

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;

	/* the kernel adds our credentials: systemd checks the sender's PID
	 * against NotifyAccess= */
	n = sendto(fd, msg, len, MSG_NOSIGNAL, (struct sockaddr *)&addr,
		   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen));
	if (n < 0)
		err = errno;
	else if ((size_t)n != len)
		err = EMSGSIZE;
	(void)close(fd);

	return err;
}

int notify_ready(void)
{
	static const char m[] = "READY=1";

	return notify_send(m, sizeof(m) - 1);
}

/* Type=notify-reload (systemd 253) wants the time of the reload's start,
 * so that it can tell this reload's READY=1 from an earlier one's. */
int notify_reloading(void)
{
	struct timespec ts;
	char m[64];
	int n;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return errno;
	n = re_snprintf(m, sizeof(m), "RELOADING=1\nMONOTONIC_USEC=%llu",
			(unsigned long long)ts.tv_sec * 1000000ULL +
			(unsigned long long)ts.tv_nsec / 1000ULL);
	if (n < 0)
		return EINVAL;

	return notify_send(m, (size_t)n);
}

int notify_stopping(void)
{
	static const char m[] = "STOPPING=1";

	return notify_send(m, sizeof(m) - 1);
}
