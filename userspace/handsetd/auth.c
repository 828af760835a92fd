/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Digest authentication (RFC 2617 MD5, with and without qop=auth) with
 * nonces that need no per-nonce state: a nonce is its issue stamp (the
 * second, and a sequence number within it) plus a keyed hash (HMAC-SHA1)
 * of that stamp and the realm.  The key lives in state_dir, so nonces
 * handed out before a restart stay valid after it.  Every challenge gets a
 * nonce of its own: two challenges in one second with the same nonce would
 * let a second device of a handset, counting nc from 1 again, look like a
 * replay of the first.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include "handsetd.h"
#include "afile.h"

enum {
	NONCE_TS_HEX  = 8,
	NONCE_SEQ_HEX = 4,
	NONCE_STAMP_HEX = NONCE_TS_HEX + NONCE_SEQ_HEX,
	NONCE_SEQ_MAX = 0xffff,
	NONCE_MAC_LEN = 12,
	/* a nonce from the future is forged, unless the clock stepped */
	NONCE_SKEW    = 5,
	HMAC_SHA1_LEN = 20,
};

struct auth {
	uint8_t secret[SECRET_LEN];
	uint32_t last_ts;         /* second of the newest nonce  */
	uint32_t seq;             /* and its number in it        */
};

static void auth_destructor(void *arg)
{
	struct auth *a = arg;

	memset(a->secret, 0, sizeof(a->secret));
}

int auth_alloc(struct auth **ap, const uint8_t secret[SECRET_LEN])
{
	struct auth *a;

	if (!ap || !secret)
		return EINVAL;

	a = mem_zalloc(sizeof(*a), auth_destructor);
	if (!a)
		return ENOMEM;

	memcpy(a->secret, secret, SECRET_LEN);
	*ap = a;

	return 0;
}

static int read_secret(uint8_t secret[SECRET_LEN], const char *path)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;

	n = read(fd, secret, SECRET_LEN);
	(void)close(fd);

	return n == SECRET_LEN ? 0 : EBADMSG;
}

/* Created once, atomically: a crash never leaves a short key behind. */
int auth_secret_load(uint8_t secret[SECRET_LEN], const char *state_dir)
{
	struct afile *af = NULL;
	char path[512];
	int err;

	if (!secret || !state_dir)
		return EINVAL;

	re_snprintf(path, sizeof(path), "%s/nonce-secret", state_dir);

	if (!read_secret(secret, path))
		return 0;

	if (getrandom(secret, SECRET_LEN, 0) != SECRET_LEN)
		return errno ? errno : EIO;

	err = afile_open(&af, path, 0600);
	if (!err)
		err = afile_write(af, secret, SECRET_LEN);
	if (!err)
		err = afile_commit(af);
	mem_deref(af);

	return err;
}

void auth_ha1(uint8_t ha1[MD5_SIZE], const char *login, const char *realm,
	      const char *password)
{
	(void)md5_printf(ha1, "%s:%s:%s", login, realm, password);
}

/* stamp: the nonce's first NONCE_STAMP_HEX characters, terminated */
static void nonce_mac(const struct auth *a, uint8_t out[NONCE_MAC_LEN],
		      const char *stamp, const char *realm)
{
	uint8_t full[HMAC_SHA1_LEN];
	char data[256];
	int n;

	n = re_snprintf(data, sizeof(data), "%s:%s", stamp, realm);
	if (n < 0)
		n = 0;

	/* libre's hmac_sha1 (OpenSSL's HMAC underneath) always writes the
	 * whole digest, whatever length it is asked for */
	hmac_sha1(a->secret, SECRET_LEN, (const uint8_t *)data, (size_t)n,
		  full, sizeof(full));
	memcpy(out, full, NONCE_MAC_LEN);
}

void auth_nonce_make(struct auth *a, char nonce[NONCE_SIZE],
		     const char *realm, uint64_t now)
{
	uint8_t mac[NONCE_MAC_LEN];
	char stamp[NONCE_STAMP_HEX + 1];

	if ((uint32_t)now != a->last_ts) {
		a->last_ts = (uint32_t)now;
		a->seq = 0;
	}
	else if (a->seq < NONCE_SEQ_MAX) {
		++a->seq;
	}

	re_snprintf(stamp, sizeof(stamp), "%08x%04x", a->last_ts, a->seq);
	nonce_mac(a, mac, stamp, realm);
	re_snprintf(nonce, NONCE_SIZE, "%s%w", stamp, mac, sizeof(mac));
}

enum nonce_state auth_nonce_check(struct auth *a,
				  const struct pl *nonce, const char *realm,
				  uint64_t now, uint32_t lifetime,
				  uint64_t *issued)
{
	uint8_t want[NONCE_MAC_LEN], got[NONCE_MAC_LEN];
	char stamp[NONCE_STAMP_HEX + 1];
	char hex[2 * NONCE_MAC_LEN + 1];
	uint8_t diff = 0;
	struct pl tpl;
	uint64_t st;
	uint32_t t;
	size_t i;

	if (!a || !nonce || nonce->l != NONCE_SIZE - 1)
		return NONCE_INVALID;

	for (i = 0; i < nonce->l; i++) {
		char ch = nonce->p[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
			return NONCE_INVALID;
	}

	memcpy(stamp, nonce->p, NONCE_STAMP_HEX);
	stamp[NONCE_STAMP_HEX] = '\0';
	nonce_mac(a, want, stamp, realm);

	/* str_hex wants a terminated string; a pl into a packet is not one */
	memcpy(hex, nonce->p + NONCE_STAMP_HEX, 2 * NONCE_MAC_LEN);
	hex[2 * NONCE_MAC_LEN] = '\0';
	if (str_hex(got, sizeof(got), hex))
		return NONCE_INVALID;

	/* constant time, so the comparison leaks nothing about the key */
	for (i = 0; i < sizeof(got); i++)
		diff |= (uint8_t)(got[i] ^ want[i]);
	if (diff)
		return NONCE_INVALID;

	/* the 12 hex digits read as one number are second << 16 | number */
	pl_set_str(&tpl, stamp);
	st = pl_x64(&tpl);
	t = (uint32_t)(st >> 16);
	if (issued)
		*issued = st;

	if ((uint64_t)t > now + NONCE_SKEW)
		return NONCE_INVALID;

	if (now - t > lifetime)
		return NONCE_STALE;

	return NONCE_FRESH;
}

/*
 * An unknown user is checked against a made-up HA1, so a wrong password and
 * an unknown user cost the same work and get the same answer.
 */
void auth_dummy_ha1(const struct auth *a, uint8_t ha1[MD5_SIZE],
		    const struct pl *username)
{
	uint8_t out[HMAC_SHA1_LEN];

	hmac_sha1(a->secret, SECRET_LEN, (const uint8_t *)username->p,
		  username->l, out, sizeof(out));
	memcpy(ha1, out, MD5_SIZE);
}

/* Only MD5 and qop "auth" (or none) are offered, so only they verify. */
int auth_verify(const struct httpauth_digest_resp *resp,
		const struct pl *method, const uint8_t ha1[MD5_SIZE])
{
	if (!resp || !method || !ha1)
		return EINVAL;

	if (pl_isset(&resp->qop)) {
		if (pl_strcasecmp(&resp->qop, "auth"))
			return EPROTO;
		if (!pl_isset(&resp->nc) || !pl_isset(&resp->cnonce) ||
		    resp->nc.l != 8)
			return EPROTO;
	}

	return httpauth_digest_response_auth(resp, method, ha1);
}
