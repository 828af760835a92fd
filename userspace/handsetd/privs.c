/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Giving up root.  The packaged unit starts handsetd as user handsetd with
 * two ambient capabilities, so this file has nothing to do there.  Started
 * as root by hand or by an init script, handsetd switches to that user
 * itself before it reads state or opens a socket, keeping the same two
 * capabilities and nothing in its bounding set: a bug in the SIP or HTTP
 * parser then yields an unprivileged process, not root.
 *
 * The two capabilities: CAP_NET_BIND_SERVICE (SIP on 5060/5061) and
 * CAP_NET_ADMIN (the fxs family's "events" group: dialled digits can be
 * PINs).  No libcap: three system calls do it (see notify.c on why the
 * daemon links no more libraries than it needs).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include "handsetd.h"
#include "privs.h"

static const int kept_caps[] = { CAP_NET_BIND_SERVICE, CAP_NET_ADMIN };

static bool kept(int cap)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kept_caps); i++) {
		if (kept_caps[i] == cap)
			return true;
	}

	return false;
}

/* The highest capability this kernel knows, not the one we compiled for. */
static int cap_last(void)
{
	int last = CAP_LAST_CAP;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");

	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = CAP_LAST_CAP;
		(void)fclose(f);
	}

	return last;
}

/*
 * A directory that an earlier run as root left to root: hand it, and the
 * files directly in it (bindings, nonce key, logs), to the new owner so
 * the daemon can rewrite them.  Nothing below is followed: handsetd makes
 * no subdirectories, and a symbolic link is not ours to chown through.
 */
static int own_dir(const char *path, uid_t uid, gid_t gid)
{
	struct dirent *de;
	DIR *dir;
	int fd, err = 0;

	struct stat st;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno;

	/* /tmp and its like are everyone's: never give one to a user */
	if (fstat(fd, &st))
		err = errno;
	else if (st.st_mode & (S_IWOTH | S_ISVTX))
		err = EPERM;
	if (err) {
		(void)close(fd);
		return err;
	}

	if (fchown(fd, uid, gid)) {
		err = errno;
		(void)close(fd);
		return err;
	}

	dir = fdopendir(fd);
	if (!dir) {
		err = errno;
		(void)close(fd);
		return err;
	}

	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fchownat(fd, de->d_name, uid, gid, AT_SYMLINK_NOFOLLOW))
			err = errno;
	}
	(void)closedir(dir);

	return err;
}

static int set_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	size_t i;

	memset(data, 0, sizeof(data));
	for (i = 0; i < ARRAY_SIZE(kept_caps); i++) {
		int c = kept_caps[i];

		data[c / 32].effective |= 1u << (c % 32);
		data[c / 32].permitted |= 1u << (c % 32);
	}

	return syscall(SYS_capset, &hdr, data) ? errno : 0;
}

int privs_drop(const char *user, const char *const dirs[], size_t dirc)
{
	struct passwd *pw;
	size_t i;
	int cap, err;

	if (geteuid() != 0 || !strcmp(user, "root"))
		return 0;

	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		log_msg(LOG_ERR, "started as root, and there is no user %s to "
			"switch to: create it (the package does; by hand: "
			"useradd --system --user-group --home-dir "
			"/var/lib/handsetd %s), start handsetd as an "
			"unprivileged user, or give -u root to keep root "
			"(development only)", user, user);
		return errno ? errno : ENOENT;
	}

	for (i = 0; i < dirc; i++) {
		err = own_dir(dirs[i], pw->pw_uid, pw->pw_gid);
		if (err) {
			log_msg(LOG_ERR, "cannot hand %s to user %s: %m "
				"(state_dir must be a directory of handsetd's "
				"own, not a shared one like /tmp)",
				dirs[i], user, err);
			return err;
		}
	}

	/* the bounding set can only shrink while we still hold CAP_SETPCAP */
	for (cap = 0; cap <= cap_last(); cap++) {
		if (!kept(cap) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) &&
		    errno != EINVAL) {
			err = errno;
			goto fail;
		}
	}

	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) ||
	    initgroups(pw->pw_name, pw->pw_gid) ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid)) {
		err = errno;
		goto fail;
	}

	err = set_caps();
	if (err)
		goto fail;

	/*
	 * Changing uid made the process undumpable: no core file for a
	 * crash report, and no leak check under the sanitizers.  Started by
	 * the unit as the user it is dumpable; be the same.  Only processes
	 * of user handsetd could then ptrace it, and there are none else.
	 */
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) ||
	    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		err = errno;
		goto fail;
	}

	log_msg(LOG_NOTICE, "running as user %s with CAP_NET_BIND_SERVICE "
		"and CAP_NET_ADMIN only", user);

	return 0;

 fail:
	log_msg(LOG_ERR, "cannot switch to user %s: %m", user, err);
	return err;
}
