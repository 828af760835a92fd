/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIP over TLS (RFC 3261 section 26): the one server context that every
 * tls: listener shares.  It is libre's struct tls, finished through its
 * OpenSSL context because libre 1.1.0 has no call for a protocol floor
 * and its tls_set_certificate_pem() drops the intermediate certificates a
 * phone needs when it trusts only the root.
 *
 * Floor TLS 1.2 (RFC 8996 retired 1.0 and 1.1; phones sold since about
 * 2015 do 1.2), TLS 1.3 with OpenSSL's own suites, and for 1.2 Mozilla's
 * "intermediate" list: forward-secret AEAD suites only, the ones phone
 * and softphone stacks with current firmware offer.  Nothing of this is
 * configurable: an administrator cannot weaken it by mistake.
 *
 * The certificate and key are read again on every reload, since a renewed
 * certificate usually keeps its path.  The new pair replaces the old one
 * in the same context, atomically, once both files are read and match:
 * connections made after the reload get the new certificate, established
 * ones keep the session they have, and on any error the old pair stays.
 *
 * Also here: TCP_NODELAY on the tls: listeners (see sip_tls_nodelay()).
 */
#define USE_OPENSSL 1	/* re_tls.h then declares tls_openssl_context() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include "handsetd.h"
#include "sip_tls.h"

/* a certificate chain of a few certificates is a few kB */
enum { MAX_PEM_SIZE = 1 << 20 };

static const char ciphers_tls12[] =
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
	"DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:"
	"DHE-RSA-CHACHA20-POLY1305";

static const char perm_hint[] =
	" (handsetd reads it as user handsetd: chown root:handsetd and "
	"chmod 0640 it)";

struct pair {
	X509 *cert;
	STACK_OF(X509) *chain;
	EVP_PKEY *key;
};

static void pair_free(struct pair *p)
{
	X509_free(p->cert);
	sk_X509_pop_free(p->chain, X509_free);
	EVP_PKEY_free(p->key);
	memset(p, 0, sizeof(*p));
}

/* handsetd starts unattended: an encrypted key must fail, never prompt */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;

	return -1;
}

/*
 * Regular files only, opened without blocking: a FIFO or /dev/zero given
 * by mistake must not hang a start or a reload.
 */
static FILE *open_pem(const char *what, const char *path, char *why,
		      size_t sz, int *errp)
{
	struct stat st;
	FILE *f = NULL;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*errp = errno;
		(void)re_snprintf(why, sz, "%s \"%s\": %m%s", what, path,
				  *errp, *errp == EACCES ? perm_hint : "");
		return NULL;
	}

	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		*errp = EINVAL;
		(void)re_snprintf(why, sz, "%s \"%s\" is not a regular file",
				  what, path);
	}
	else if (st.st_size > MAX_PEM_SIZE) {
		*errp = EFBIG;
		(void)re_snprintf(why, sz, "%s \"%s\" is larger than %u bytes: "
				  "not a PEM file", what, path, MAX_PEM_SIZE);
	}
	else {
		f = fdopen(fd, "r");
		if (!f) {
			*errp = errno;
			(void)re_snprintf(why, sz, "%s \"%s\": %m", what, path,
					  *errp);
		}
	}

	if (!f)
		(void)close(fd);

	return f;
}

/* The leaf, then every further certificate in the file as its chain. */
static int read_certs(struct pair *p, FILE *f, const char *path, char *why,
		      size_t sz)
{
	X509 *x;

	p->cert = PEM_read_X509_AUX(f, NULL, no_passphrase, NULL);
	if (!p->cert) {
		(void)re_snprintf(why, sz, "certificate \"%s\" holds no PEM "
				  "certificate (-----BEGIN CERTIFICATE-----)",
				  path);
		return EINVAL;
	}

	p->chain = sk_X509_new_null();
	if (!p->chain)
		return ENOMEM;

	while ((x = PEM_read_X509(f, NULL, no_passphrase, NULL))) {
		if (!sk_X509_push(p->chain, x)) {
			X509_free(x);
			return ENOMEM;
		}
	}

	return 0;
}

static int read_key(struct pair *p, FILE *f, const char *path, bool own,
		    char *why, size_t sz)
{
	p->key = PEM_read_PrivateKey(f, NULL, no_passphrase, NULL);
	if (p->key)
		return 0;

	if (own)
		(void)re_snprintf(why, sz, "key \"%s\" holds no PEM private "
				  "key, or one encrypted with a passphrase "
				  "(handsetd starts unattended: store it "
				  "without one, readable only by root and "
				  "group handsetd)", path);
	else
		(void)re_snprintf(why, sz, "certificate \"%s\" holds no "
				  "private key: set sip.key", path);

	return EINVAL;
}

/*
 * Reads certificate (with its chain) and key; key NULL: the certificate
 * file holds the key too.  On error *why says what is wrong, for an
 * administrator.
 */
static int pair_load(struct pair *p, const char *certf, const char *keyf,
		     char *why, size_t sz)
{
	FILE *f;
	int err = 0;

	memset(p, 0, sizeof(*p));

	f = open_pem("certificate", certf, why, sz, &err);
	if (!f)
		goto out;

	err = read_certs(p, f, certf, why, sz);
	if (!err && !keyf) {
		rewind(f);
		err = read_key(p, f, certf, false, why, sz);
	}
	(void)fclose(f);
	if (err)
		goto out;

	if (keyf) {
		f = open_pem("key", keyf, why, sz, &err);
		if (!f)
			goto out;
		err = read_key(p, f, keyf, true, why, sz);
		(void)fclose(f);
		if (err)
			goto out;
	}

	if (X509_check_private_key(p->cert, p->key) != 1) {
		if (keyf)
			(void)re_snprintf(why, sz, "key \"%s\" does not belong "
					  "to certificate \"%s\"", keyf,
					  certf);
		else
			(void)re_snprintf(why, sz, "certificate \"%s\": the "
					  "key in it belongs to another "
					  "certificate", certf);
		err = EINVAL;
	}

 out:
	if (err) {
		if (err == ENOMEM && !*why)
			(void)re_snprintf(why, sz, "out of memory");
		pair_free(p);
	}
	ERR_clear_error();

	return err;
}

static void time_str(char *buf, size_t sz, const ASN1_TIME *t)
{
	struct tm tm;

	if (!t || ASN1_TIME_to_tm(t, &tm) != 1 ||
	    !strftime(buf, sz, "%Y-%m-%d %H:%M UTC", &tm))
		(void)re_snprintf(buf, sz, "?");
}

/*
 * Configuration check: 0 when the pair loads.  Then *why is empty, or a
 * warning (an expired certificate: phones refuse it, but handsetd may
 * serve it while the administrator renews it).
 */
int sip_tls_check(const char *cert, const char *key, char *why, size_t sz)
{
	struct pair p;
	char when[40];
	int err;

	if (!cert || !why || !sz)
		return EINVAL;

	*why = '\0';
	err = pair_load(&p, cert, key, why, sz);
	if (err)
		return err;

	if (X509_cmp_current_time(X509_get0_notAfter(p.cert)) < 0) {
		time_str(when, sizeof(when), X509_get0_notAfter(p.cert));
		(void)re_snprintf(why, sz, "certificate \"%s\" expired on "
				  "%s: phones will refuse it", cert, when);
	}
	pair_free(&p);

	return 0;
}

static int pair_apply(SSL_CTX *ctx, struct pair *p)
{
	int err = 0;

	/* checks the pair, then replaces certificate, chain and key at once */
	if (SSL_CTX_use_cert_and_key(ctx, p->cert, p->key, p->chain, 1) != 1)
		err = EINVAL;
	ERR_clear_error();

	return err;
}

int sip_tls_describe(char *buf, size_t sz, const struct tls *tls)
{
	SSL_CTX *ctx = tls_openssl_context(tls);
	X509 *x = ctx ? SSL_CTX_get0_certificate(ctx) : NULL;
	char subj[256], when[40];

	if (!x)
		return ENOENT;

	if (!X509_NAME_oneline(X509_get_subject_name(x), subj, sizeof(subj)))
		(void)re_snprintf(subj, sizeof(subj), "?");
	time_str(when, sizeof(when), X509_get0_notAfter(x));

	return re_snprintf(buf, sz, "%s, valid until %s", subj, when) < 0 ?
		ENOMEM : 0;
}

/*
 * TCP_NODELAY on the tls: listening socket, which Linux hands down to
 * every connection it accepts.  libre writes each handshake flight in
 * several pieces; with Nagle's algorithm the later ones wait for the
 * phone's delayed ACK, 40 ms per handshake and per multi-record answer
 * (bench/sip-tls.sh shows it).  libre gives no handle on the socket, so it
 * is found among our descriptors by its address.
 */
static void nodelay(int fd, void *arg)
{
	const int on = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)))
		log_msg(LOG_WARNING, "sip: TLS %J: TCP_NODELAY: %m",
			(const struct sa *)arg, errno);
}

void sip_tls_nodelay(const struct sa *laddr)
{
	own_sockets_apply(SOCK_STREAM, true, laddr, nodelay, (void *)laddr);
}

int sip_tls_alloc(struct tls **tlsp, const char *cert, const char *key)
{
	struct tls *tls = NULL;
	char why[512] = "";
	struct pair p;
	SSL_CTX *ctx;
	int err;

	if (!tlsp || !cert)
		return EINVAL;

	err = tls_alloc(&tls, TLS_METHOD_SSLV23, NULL, NULL);
	if (err) {
		log_msg(LOG_ERR, "sip: TLS: %m", err);
		return err;
	}

	ctx = tls_openssl_context(tls);
	if (!ctx || SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, ciphers_tls12) != 1) {
		log_msg(LOG_ERR, "sip: TLS: this OpenSSL refuses the TLS 1.2 "
			"floor or the cipher list");
		ERR_clear_error();
		err = ENOTSUP;
		goto out;
	}
	/* the server picks the strongest suite both sides have; a peer may
	 * not renegotiate (CVE-2011-1473 costs the server, not the client) */
	(void)SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE |
				  SSL_OP_NO_RENEGOTIATION |
				  SSL_OP_NO_COMPRESSION);

	err = pair_load(&p, cert, key, why, sizeof(why));
	if (err) {
		log_msg(LOG_ERR, "sip: TLS: %s", why);
		goto out;
	}
	err = pair_apply(ctx, &p);
	pair_free(&p);
	if (err) {
		log_msg(LOG_ERR, "sip: TLS: OpenSSL refuses certificate \"%s\" "
			"(a key too weak for its security level?)", cert);
		goto out;
	}

	if (!sip_tls_describe(why, sizeof(why), tls))
		log_msg(LOG_INFO, "sip: TLS certificate %s", why);

 out:
	if (err)
		mem_deref(tls);
	else
		*tlsp = tls;

	return err;
}

/*
 * A reload: the new pair in place of the old one, or the old one kept.
 * A change of key type (RSA to ECDSA, say) waits for a restart: OpenSSL
 * keeps one certificate per key type, so the old one would stay on offer
 * beside the new one.  What goes wrong is logged and added to the
 * reload's diagnostics (handsetctl reload prints them).
 */
int sip_tls_reload(struct tls *tls, const char *cert, const char *key,
		   struct diag *diag)
{
	SSL_CTX *ctx = tls_openssl_context(tls);
	EVP_PKEY *old;
	char why[512] = "";
	struct pair p;
	int err;

	if (!ctx || !cert)
		return EINVAL;

	err = pair_load(&p, cert, key, why, sizeof(why));
	if (err) {
		log_msg(LOG_ERR, "reload: sip: TLS: %s; the running "
			"certificate is kept", why);
		diag_error(diag, cert, 0, "%s; the running certificate is "
			   "kept", why);
		return err;
	}

	old = SSL_CTX_get0_privatekey(ctx);
	if (old && EVP_PKEY_get_base_id(old) !=
	    EVP_PKEY_get_base_id(p.key)) {
		log_msg(LOG_WARNING, "reload: sip: TLS: key \"%s\" is of "
			"another type than the running one; it takes effect "
			"at the next restart, the running certificate is kept",
			key ? key : cert);
		diag_warning(diag, key ? key : cert, 0, "another key type "
			     "than the running one: it takes effect at the "
			     "next restart; the running certificate is kept");
		pair_free(&p);
		return EINVAL;
	}

	err = pair_apply(ctx, &p);
	pair_free(&p);
	if (err) {
		log_msg(LOG_ERR, "reload: sip: TLS: OpenSSL refuses "
			"certificate \"%s\"; the running certificate is kept",
			cert);
		diag_error(diag, cert, 0, "OpenSSL refuses it; the running "
			   "certificate is kept");
		return err;
	}

	if (!sip_tls_describe(why, sizeof(why), tls))
		log_msg(LOG_NOTICE, "reload: sip: TLS certificate %s", why);

	return 0;
}
