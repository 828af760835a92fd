/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every fuzz target shares: libre set up once, the daemon's log kept
 * off the terminal (libFuzzer prints its own progress there), a fake wall
 * clock, and a scratch directory on tmpfs so state writes and fsyncs cost
 * microseconds.  Included by exactly one target per program.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>
#include "handsetd.h"

/* libFuzzer's entry point, which each target defines */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed instant (2026-01-01) the targets move forward themselves. */
static time_t fuzz_clock = 1767225600;

/*
 * The daemon reads the wall clock through time(); a definition in the
 * program comes before libc's, so every module sees the fake clock and a
 * run is reproducible from its input alone.
 */
time_t time(time_t *t)
{
	if (t)
		*t = fuzz_clock;

	return fuzz_clock;
}

/* Writes size bytes to dir/name, replacing what was there. */
static inline void fuzz_write(const char *dir, const char *name,
		       const uint8_t *data, size_t size)
{
	char path[128];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f))
		abort();
}

/* Removes dir/name; absent is fine. */
static inline void fuzz_unlink(const char *dir, const char *name)
{
	char path[128];

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	(void)unlink(path);
}

/* Empties dir (files only), so each input starts from the same state. */
static inline void fuzz_clean(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		abort();
	while ((de = readdir(d))) {
		if (de->d_name[0] != '.')
			fuzz_unlink(dir, de->d_name);
	}
	(void)closedir(d);
}

static char fuzz_dir[64];

/*
 * At exit: the scratch directory goes, whatever the run left in it, unless
 * FUZZ_KEEP is set (to look at, or to seed fuzz_state with, what the last
 * input wrote).
 */
static inline void fuzz_teardown(void)
{
	if (getenv("FUZZ_KEEP")) {
		(void)fprintf(stderr, "fuzz: kept %s\n", fuzz_dir);
		return;
	}
	fuzz_clean(fuzz_dir);
	(void)rmdir(fuzz_dir);
}

/* Once per process: libre, a quiet log, a private scratch directory. */
static inline const char *fuzz_setup(void)
{
	if (fuzz_dir[0])
		return fuzz_dir;

	if (libre_init())
		abort();

	/* syslog, where without a syslog daemon the lines are dropped;
	 * FUZZ_LOG=1 shows them, to see what a seed or a finding reaches */
	log_open(getenv("FUZZ_LOG") != NULL);

	(void)snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/handsetd-fuzz-XXXXXX",
		       access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	if (!mkdtemp(fuzz_dir))
		abort();
	if (atexit(fuzz_teardown))
		abort();

	return fuzz_dir;
}

/*
 * The handsets the SIP and state targets know: one of each kind (generic
 * SIP, a vendor model with its MAC, an analog port) and a tight rate limit
 * and nonce lifetime so the fake clock reaches both within one input.
 */
static const char fuzz_conf_text[] =
	"sip = { listen = [ \"udp:127.0.0.1:5060\" ];"
	" realm = \"pbx.local\"; };\n"
	"registration = { min_expires = 60; max_expires = 7200;"
	" max_contacts = 3; };\n"
	"auth = { nonce_lifetime = 30; max_failures = 3;"
	" failure_window = 60; block_time = 120; };\n"
	"analog = { inside_ports = \"builtin\"; user_ids = \"200-209\"; };\n"
	"handsets = (\n"
	" { user_id = \"101\"; model = \"generic-sip\"; login = \"phone101\";"
	" password = \"s3cret\"; },\n"
	" { user_id = \"102\"; model = \"yealink-t46\"; login = \"alice\";"
	" password = \"x7!q\"; mac = \"00:15:65:12:34:56\"; },\n"
	" { user_id = \"103\"; model = \"generic-sip\"; login = \"v6phone\";"
	" password = \"v6\"; },\n"
	" { user_id = \"120\"; model = \"analog\"; port = \"fxs0\"; }\n"
	");\n";

static inline struct config *fuzz_config(void)
{
	struct config *cfg = NULL;
	struct diag *diag = NULL;

	if (diag_alloc(&diag))
		abort();
	if (config_parse(&cfg, "fuzz.conf", fuzz_conf_text, diag) ||
	    diag_errors(diag)) {
		(void)re_fprintf(stderr, "fuzz: configuration: %H",
				 diag_print, diag);
		abort();
	}
	mem_deref(diag);

	return cfg;
}

/*
 * The RFC 2617 response to digest r for method met, from ha1, as 32 hex
 * digits in out ("" when it cannot be made): what a client knowing the
 * password sends, so the fuzzers reach the code behind authentication.
 */
static inline void fuzz_digest(char out[33], const uint8_t ha1[MD5_SIZE],
			       const struct httpauth_digest_resp *r,
			       const struct pl *met)
{
	uint8_t ha2[MD5_SIZE], resp[MD5_SIZE];
	char *a2 = NULL, *a3 = NULL;

	out[0] = '\0';
	if (re_sdprintf(&a2, "%r:%r", met, &r->uri))
		return;
	md5((uint8_t *)a2, strlen(a2), ha2);
	if (pl_isset(&r->qop))
		(void)re_sdprintf(&a3, "%w:%r:%r:%r:%r:%w", ha1, MD5_SIZE,
				  &r->nonce, &r->nc, &r->cnonce, &r->qop, ha2,
				  sizeof(ha2));
	else
		(void)re_sdprintf(&a3, "%w:%r:%w", ha1, MD5_SIZE, &r->nonce,
				  ha2, sizeof(ha2));
	if (a3) {
		md5((uint8_t *)a3, strlen(a3), resp);
		(void)re_snprintf(out, 33, "%w", resp, sizeof(resp));
	}
	mem_deref(a2);
	mem_deref(a3);
}

/* A binding of handset uid in recs, as a registration would leave it. */
static inline void fuzz_add_binding(struct records *recs, const char *uid,
				    const char *uri, const char *src,
				    enum sip_transp tp, const char *ua,
				    const char *inst)
{
	struct pl puid, puri, pcid, pua, pinst = PL_INIT;
	struct handset *hs;
	struct sa sa;

	pl_set_str(&puid, uid);
	pl_set_str(&puri, uri);
	pl_set_str(&pcid, "call-1@fuzz");
	pl_set_str(&pua, ua);
	if (inst)
		pl_set_str(&pinst, inst);
	hs = records_handset(recs, &puid);
	if (!hs || sa_decode(&sa, src, strlen(src)) ||
	    records_binding_set(recs, hs, &puri, &pcid, 1,
				(uint64_t)fuzz_clock + 600, &sa, tp, &pua,
				&pinst, (uint64_t)fuzz_clock))
		abort();
}

#endif
