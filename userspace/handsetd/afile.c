/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * afile.c - the one way handsetd replaces a file: write PATH.tmp, fsync
 * it, rename it over PATH, fsync the directory (so the rename itself
 * survives a power cut).  Dropping an afile without afile_commit() removes
 * the temporary file and leaves PATH as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "afile.h"

struct afile {
	char *path;
	char *tmp;
	char *dir;
	int fd;
};

static void destructor(void *arg)
{
	struct afile *af = arg;

	if (af->fd >= 0) {
		(void)close(af->fd);
		(void)unlink(af->tmp);
	}
	mem_deref(af->path);
	mem_deref(af->tmp);
	mem_deref(af->dir);
}

static int dir_of(char **dirp, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return str_dup(dirp, ".");
	if (slash == path)
		return str_dup(dirp, "/");

	return re_sdprintf(dirp, "%b", path, (size_t)(slash - path));
}

/* mode: of the new file (the temporary file is created with it). */
int afile_open(struct afile **afp, const char *path, mode_t mode)
{
	struct afile *af;
	int err;

	if (!afp || !path || !*path)
		return EINVAL;

	af = mem_zalloc(sizeof(*af), destructor);
	if (!af)
		return ENOMEM;

	af->fd = -1;

	err  = str_dup(&af->path, path);
	err |= re_sdprintf(&af->tmp, "%s.tmp", path);
	err |= dir_of(&af->dir, path);
	if (err) {
		err = ENOMEM;
		goto out;
	}

	af->fd = open(af->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		      mode);
	if (af->fd < 0)
		err = errno;

 out:
	if (err)
		mem_deref(af);
	else
		*afp = af;

	return err;
}

/* The temporary file, for writers that need a descriptor of their own. */
int afile_fd(const struct afile *af)
{
	return af ? af->fd : -1;
}

/* All of it, across short writes and signals: for any descriptor. */
int afile_write_fd(int fd, const void *p, size_t n)
{
	const char *c = p;

	if (fd < 0 || (!p && n))
		return EINVAL;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		c += w;
		n -= (size_t)w;
	}

	return 0;
}

int afile_write(struct afile *af, const void *p, size_t n)
{
	return af ? afile_write_fd(af->fd, p, n) : EINVAL;
}

/*
 * Makes the new content PATH's.  An error means PATH is unchanged (the
 * temporary file goes when the afile is dropped); once the rename is done
 * the afile is spent and only mem_deref is left.  A failed fsync of the
 * directory is not reported: PATH already has the new content, and the
 * next fsync of that directory (the next commit) makes the rename durable.
 */
int afile_commit(struct afile *af)
{
	int dfd;

	if (!af || af->fd < 0)
		return EINVAL;

	if (fsync(af->fd))
		return errno;

	if (rename(af->tmp, af->path))
		return errno;

	(void)close(af->fd);
	af->fd = -1;

	dfd = open(af->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		(void)close(dfd);
	}

	return 0;
}
