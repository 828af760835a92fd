/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Digest MD5 verification (qop=auth and the old form without qop) and the
 * stateless nonces: fresh, stale, forged, from another realm or key, from
 * the future; the persisted key.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "handsetd.h"
#include "tap.h"

static const char *realm = "pbx.local";

/* The client side of RFC 2617, computed independently of the daemon. */
static void respond(char out[33], const char *user, const char *pass,
		    const char *nonce, const char *uri, const char *nc,
		    const char *cnonce, const char *qop)
{
	uint8_t ha1[MD5_SIZE], ha2[MD5_SIZE], r[MD5_SIZE];

	(void)md5_printf(ha1, "%s:%s:%s", user, realm, pass);
	(void)md5_printf(ha2, "REGISTER:%s", uri);
	if (qop)
		(void)md5_printf(r, "%w:%s:%s:%s:%s:%w", ha1, sizeof(ha1),
				 nonce, nc, cnonce, qop, ha2, sizeof(ha2));
	else
		(void)md5_printf(r, "%w:%s:%w", ha1, sizeof(ha1), nonce, ha2,
				 sizeof(ha2));
	(void)re_snprintf(out, 33, "%w", r, sizeof(r));
}

static int verify(const char *hdr, const uint8_t ha1[MD5_SIZE])
{
	struct httpauth_digest_resp resp;
	struct pl pl, met;

	pl_set_str(&pl, hdr);
	pl_set_str(&met, "REGISTER");
	if (httpauth_digest_response_decode(&resp, &pl))
		return EBADMSG;

	return auth_verify(&resp, &met, ha1);
}

int main(void)
{
	uint8_t secret[SECRET_LEN], secret2[SECRET_LEN], ha1[MD5_SIZE];
	uint8_t d1[MD5_SIZE], d2[MD5_SIZE], d3[MD5_SIZE];
	char nonce[NONCE_SIZE], resp[33], hdr[512], dir[] = "/tmp/hsauthXXXXXX";
	char path[600];
	struct auth *a = NULL, *b = NULL;
	struct pl pl, u1, u2;
	uint64_t issued = 0, issued2 = 0;
	char nonce2[NONCE_SIZE];
	struct stat st;
	uint64_t now = 1800000000;

	if (libre_init() || !mkdtemp(dir))
		return 1;

	ok(!auth_secret_load(secret, dir), "key created in state_dir");
	re_snprintf(path, sizeof(path), "%s/nonce-secret", dir);
	ok(!stat(path, &st) && st.st_size == SECRET_LEN &&
	   (st.st_mode & 0777) == 0600, "key file: 32 bytes, mode 0600");
	ok(!auth_secret_load(secret2, dir) &&
	   !memcmp(secret, secret2, SECRET_LEN),
	   "the same key after a restart");

	ok(!auth_alloc(&a, secret), "auth allocated");
	memset(secret2, 0x5a, sizeof(secret2));
	ok(!auth_alloc(&b, secret2), "second auth with another key");

	auth_nonce_make(a, nonce, realm, now);
	pl_set_str(&pl, nonce);
	ok(strlen(nonce) == NONCE_SIZE - 1, "nonce is 36 characters");
	ok(auth_nonce_check(a, &pl, realm, now + 10, 300, &issued) ==
	   NONCE_FRESH && issued >> 16 == now, "fresh nonce verifies");

	/* two challenges in one second: two nonces, the later one newer */
	auth_nonce_make(a, nonce2, realm, now);
	pl_set_str(&u1, nonce2);
	ok(strcmp(nonce, nonce2) != 0, "a second nonce in the same second differs");
	ok(auth_nonce_check(a, &u1, realm, now, 300, &issued2) == NONCE_FRESH &&
	   issued2 > issued && issued2 >> 16 == now,
	   "and verifies, with a later stamp in the same second");
	nonce2[9] = nonce2[9] == '0' ? '1' : '0';
	ok(auth_nonce_check(a, &u1, realm, now, 300, NULL) == NONCE_INVALID,
	   "a nonce with its sequence number changed is invalid");
	ok(auth_nonce_check(a, &pl, realm, now + 301, 300, NULL) ==
	   NONCE_STALE, "nonce past its lifetime is stale");
	ok(auth_nonce_check(a, &pl, "other.realm", now, 300, NULL) ==
	   NONCE_INVALID, "nonce of another realm is invalid");
	ok(auth_nonce_check(b, &pl, realm, now, 300, NULL) == NONCE_INVALID,
	   "nonce made with another key is invalid");
	ok(auth_nonce_check(a, &pl, realm, now - 60, 300, NULL) ==
	   NONCE_INVALID, "nonce from the future is invalid");
	nonce[20] = nonce[20] == 'a' ? 'b' : 'a';
	ok(auth_nonce_check(a, &pl, realm, now, 300, NULL) == NONCE_INVALID,
	   "tampered nonce is invalid");
	pl_set_str(&pl, "short");
	ok(auth_nonce_check(a, &pl, realm, now, 300, NULL) == NONCE_INVALID,
	   "short nonce is invalid");

	auth_nonce_make(a, nonce, realm, now);
	auth_ha1(ha1, "phone101", realm, "s3cret");

	respond(resp, "phone101", "s3cret", nonce, "sip:pbx.local",
		"00000001", "abc123", "auth");
	re_snprintf(hdr, sizeof(hdr), "Digest username=\"phone101\", "
		    "realm=\"%s\", nonce=\"%s\", uri=\"sip:pbx.local\", "
		    "response=\"%s\", qop=auth, nc=00000001, "
		    "cnonce=\"abc123\"", realm, nonce, resp);
	ok(verify(hdr, ha1) == 0, "qop=auth response verifies");

	respond(resp, "phone101", "wrong", nonce, "sip:pbx.local",
		"00000001", "abc123", "auth");
	re_snprintf(hdr, sizeof(hdr), "Digest username=\"phone101\", "
		    "realm=\"%s\", nonce=\"%s\", uri=\"sip:pbx.local\", "
		    "response=\"%s\", qop=auth, nc=00000001, "
		    "cnonce=\"abc123\"", realm, nonce, resp);
	ok(verify(hdr, ha1) == EAUTH, "wrong password refused");

	respond(resp, "phone101", "s3cret", nonce, "sip:pbx.local", NULL,
		NULL, NULL);
	re_snprintf(hdr, sizeof(hdr), "Digest username=\"phone101\", "
		    "realm=\"%s\", nonce=\"%s\", uri=\"sip:pbx.local\", "
		    "response=\"%s\"", realm, nonce, resp);
	ok(verify(hdr, ha1) == 0, "response without qop (RFC 2069) verifies");

	re_snprintf(hdr, sizeof(hdr), "Digest username=\"phone101\", "
		    "realm=\"%s\", nonce=\"%s\", uri=\"sip:pbx.local\", "
		    "response=\"%s\", qop=auth-int, nc=00000001, "
		    "cnonce=\"abc123\"", realm, nonce, resp);
	ok(verify(hdr, ha1) == EPROTO, "qop=auth-int (never offered) refused");

	re_snprintf(hdr, sizeof(hdr), "Digest username=\"phone101\", "
		    "realm=\"%s\", nonce=\"%s\", uri=\"sip:pbx.local\", "
		    "response=\"%s\", qop=auth", realm, nonce, resp);
	ok(verify(hdr, ha1) == EPROTO, "qop=auth without nc/cnonce refused");

	pl_set_str(&u1, "nobody");
	pl_set_str(&u2, "someone");
	auth_dummy_ha1(a, d1, &u1);
	auth_dummy_ha1(a, d2, &u1);
	auth_dummy_ha1(a, d3, &u2);
	ok(!memcmp(d1, d2, MD5_SIZE) && memcmp(d1, d3, MD5_SIZE),
	   "stand-in HA1 for unknown users: stable per name, differs by name");

	mem_deref(a);
	mem_deref(b);
	(void)unlink(path);
	(void)rmdir(dir);
	libre_close();

	return tap_done();
}
