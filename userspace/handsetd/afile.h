/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * afile.h - files replaced atomically: a crash or power cut leaves the old
 * content or the new, never a mix and never a short file.
 */
#ifndef HANDSETD_AFILE_H
#define HANDSETD_AFILE_H

#include <stddef.h>
#include <sys/types.h>

struct afile;

int afile_open(struct afile **afp, const char *path, mode_t mode);
int afile_fd(const struct afile *af);
int afile_write(struct afile *af, const void *p, size_t n);
int afile_commit(struct afile *af);
int afile_write_fd(int fd, const void *p, size_t n);

#endif
