/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR MIT */
/*
 * fxs_name.h - the rule for FXS port names and expander identities.
 *
 * A port name names a sysfs device (/sys/class/fxs/<name>) and is what
 * administrators write in handsetd.conf; an expander identity is part of
 * its ports' names ("exp-<identity>-<n>").  Both are 1 to max - 1
 * characters of [A-Za-z0-9._-], not starting with '.' (which would allow
 * "." and ".." as sysfs names).  The fxs core checks every name with this
 * function, and userspace (handsetd's configuration) compiles the same
 * check, so a name one accepts the other does too.  It includes nothing,
 * so it builds in the kernel and in userspace alike.
 */
#ifndef _UAPI_LINUX_FXS_NAME_H
#define _UAPI_LINUX_FXS_NAME_H

/* Expander port names: the prefix, and the widest port number (1..99). */
#define FXS_EXPANDER_NAME_PREFIX	"exp-"
#define FXS_EXPANDER_NAME_FORMAT	"exp-%s-%u"
#define FXS_EXPANDER_PORT_DIGITS	2

static inline int fxs_name_char_valid(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/*
 * 1 when @name is a valid name for a buffer of @max bytes (the NUL
 * included: FXS_PORT_NAME_MAX or FXS_EXPANDER_MAX), else 0.
 */
static inline int fxs_name_valid(const char *name, unsigned int max)
{
	unsigned int i;

	if (!name || !name[0] || name[0] == '.')
		return 0;
	for (i = 0; name[i]; i++)
		if (i + 1 >= max || !fxs_name_char_valid(name[i]))
			return 0;
	return 1;
}

#endif /* _UAPI_LINUX_FXS_NAME_H */
