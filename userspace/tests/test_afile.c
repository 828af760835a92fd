/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The atomic file replacement: the new content appears only on commit,
 * a dropped afile leaves the old file and no temporary file, and the mode
 * asked for is the new file's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <re.h>
#include "afile.h"
#include "tap.h"

static bool content_is(const char *path, const char *want)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return want == NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';

	return want && !strcmp(buf, want);
}

int main(void)
{
	char dir[] = "/tmp/test_afile.XXXXXX";
	char path[128], tmp[160];
	struct afile *af = NULL;
	struct stat st;

	if (!mkdtemp(dir)) {
		ok(false, "temp directory");
		return tap_done();
	}
	(void)umask(022);
	(void)re_snprintf(path, sizeof(path), "%s/f", dir);
	(void)re_snprintf(tmp, sizeof(tmp), "%s/f.tmp", dir);

	ok(!afile_open(&af, path, 0600) && !afile_write(af, "one", 3) &&
	   content_is(path, NULL), "before commit the file does not exist");
	ok(!afile_commit(af) && content_is(path, "one"),
	   "commit: the file has the content");
	ok(access(tmp, F_OK) != 0, "commit: no temporary file left");
	ok(!stat(path, &st) && (st.st_mode & 0777) == 0600,
	   "the file has the mode asked for");
	af = mem_deref(af);

	ok(!afile_open(&af, path, 0600) && !afile_write(af, "two", 3),
	   "a second writer");
	af = mem_deref(af);
	ok(content_is(path, "one") && access(tmp, F_OK) != 0,
	   "dropped without commit: old content, no temporary file");

	ok(!afile_open(&af, path, 0644) && !afile_write(af, "three", 5) &&
	   !afile_commit(af) && content_is(path, "three"),
	   "commit replaces the old content");
	ok(afile_commit(af) != 0 && afile_write(af, "x", 1) != 0,
	   "a committed afile is spent");
	af = mem_deref(af);

	(void)re_snprintf(tmp, sizeof(tmp), "%s/none/f", dir);
	ok(afile_open(&af, tmp, 0600) != 0 && !af,
	   "a missing directory is an error");

	(void)unlink(path);
	(void)rmdir(dir);

	return tap_done();
}
