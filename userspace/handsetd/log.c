/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Logging: syslog for the service, stderr for -F and -n, so the same
 * message reaches an administrator whichever way the daemon runs.  When
 * stderr is the journal (JOURNAL_STREAM names its device and inode, as
 * systemd sets it; an inherited value with stderr redirected elsewhere
 * does not count) each line starts with its sd-daemon(3) priority prefix
 * ("<4>" for a warning), so
 * `journalctl -p warning -u handsetd` shows the warnings of a daemon
 * started with -F as well.  Messages
 * are formatted with libre's printf so %r (pointer-length strings) and %j
 * (addresses) work everywhere.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include "handsetd.h"

static bool use_stderr = true;
static bool journal_prefix;

/* systemd's "DEVICE:INODE" of the stream it connected to the journal */
static bool stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!e || sscanf(e, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st))
		return false;

	return (unsigned long long)st.st_dev == dev &&
		(unsigned long long)st.st_ino == ino;
}

void log_open(bool foreground)
{
	use_stderr = foreground;
	journal_prefix = foreground && stderr_is_journal();
	if (!foreground)
		openlog("handsetd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_close(void)
{
	if (!use_stderr)
		closelog();
	use_stderr = true;
}

static const char *prio_name(int prio)
{
	switch (prio) {
	case LOG_ERR:     return "error: ";
	case LOG_WARNING: return "warning: ";
	default:          return "";
	}
}

void log_msg(int prio, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)re_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	if (use_stderr && journal_prefix)
		(void)fprintf(stderr, "<%d>%s%s\n", LOG_PRI(prio),
			      prio_name(prio), buf);
	else if (use_stderr)
		(void)fprintf(stderr, "handsetd: %s%s\n", prio_name(prio),
			      buf);
	else
		syslog(prio, "%s", buf);
}
