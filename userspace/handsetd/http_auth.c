/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Administrators' logins to the Handsets page: HTTP Digest (RFC 2617, MD5
 * with qop=auth, the one libre verifies) against the htdigest file named
 * by http.admins.  The nonces are the registrar's stateless ones (auth.c)
 * keyed to "http:" plus the realm, so a SIP nonce is never a page nonce.
 * Failures are counted per source address with the SIP registrar's rules
 * (auth.max_failures, failure_window, block_time) in a counter of the
 * page's own, and every refusal is logged with its reason.
 */
#include <string.h>
#include <syslog.h>
#include "handsetd.h"
#include "http.h"

struct http_authn {
	struct auth *auth;
	struct ratelimit *rl;
	const struct http_conf *hc;   /* owned by the configuration */
	struct config *cfg;           /* a reference, so hc stays valid */
	uint32_t lifetime;
	char nonce_realm[128];
};

static void authn_destructor(void *arg)
{
	struct http_authn *a = arg;

	mem_deref(a->rl);
	mem_deref(a->auth);
	mem_deref(a->cfg);
}

int http_authn_alloc(struct http_authn **ap, struct auth *auth)
{
	struct http_authn *a;
	int err;

	if (!ap || !auth)
		return EINVAL;

	a = mem_zalloc(sizeof(*a), authn_destructor);
	if (!a)
		return ENOMEM;

	a->auth = mem_ref(auth);
	err = ratelimit_alloc(&a->rl);
	if (err) {
		mem_deref(a);
		return err;
	}

	*ap = a;

	return 0;
}

void http_authn_configure(struct http_authn *a, const struct config *cfg)
{
	if (cfg)
		http_authn_configure_users(a, cfg, cfg->http);
}

/*
 * The same for another set of users (provisioning.credentials); users
 * belongs to cfg.  Its own nonce realm keeps a page nonce from opening
 * /prov/ and back.
 */
void http_authn_configure_users(struct http_authn *a,
				const struct config *cfg,
				const struct http_conf *users)
{
	if (!a || !cfg)
		return;

	mem_deref(a->cfg);
	a->cfg = mem_ref((struct config *)cfg);
	a->hc = users;
	a->lifetime = cfg->nonce_lifetime;
	ratelimit_configure(a->rl, cfg->auth_max_failures, cfg->auth_window,
			    cfg->auth_block);
	re_snprintf(a->nonce_realm, sizeof(a->nonce_realm), "http:%s",
		    a->hc && a->hc->realm ? a->hc->realm : "handsetd");
}

/* A WWW-Authenticate header; arg is a struct http_chall. */
int http_authn_challenge(struct re_printf *pf, void *arg)
{
	const struct http_chall *ch = arg;
	struct http_authn *a = ch->a;
	bool stale = ch->stale;
	char nonce[NONCE_SIZE];

	auth_nonce_make(a->auth, nonce, a->nonce_realm, now_wall());

	return re_hprintf(pf, "WWW-Authenticate: Digest realm=\"%s\", "
			  "nonce=\"%s\", qop=\"auth\", algorithm=MD5%s\r\n",
			  a->hc->realm, nonce, stale ? ", stale=true" : "");
}

/* The digest's uri must name this request, or a captured answer for one
 * page would open another.  libre keeps the query's "?" in prm. */
static bool uri_matches(const struct pl *uri, const struct http_msg *msg)
{
	const struct pl *path = &msg->path, *prm = &msg->prm;
	bool q = pl_isset(prm) && prm->p[0] != '?';
	size_t n = path->l + (pl_isset(prm) ? prm->l + q : 0);

	if (uri->l != n || memcmp(uri->p, path->p, path->l))
		return false;
	if (!pl_isset(prm))
		return true;
	if (q && uri->p[path->l] != '?')
		return false;

	return !memcmp(uri->p + path->l + q, prm->p, prm->l);
}

enum http_auth_result http_authn_check(struct http_authn *a,
				       const struct http_msg *msg,
				       const struct sa *peer, uint64_t now,
				       const char **why)
{
	struct httpauth_digest_resp resp;
	const struct http_admin *adm;
	const struct http_hdr *h;
	uint8_t ha1[MD5_SIZE];
	enum nonce_state ns;

	if (!a->hc || !a->hc->admins)
		return HTTP_AUTH_OK;

	if (ratelimit_blocked(a->rl, peer, now)) {
		*why = "address blocked after repeated failed logins";
		return HTTP_AUTH_BLOCKED;
	}

	h = http_msg_hdr(msg, HTTP_HDR_AUTHORIZATION);
	if (!h) {
		*why = "no credentials";
		return HTTP_AUTH_CHALLENGE;
	}

	if (http_msg_hdr_count(msg, HTTP_HDR_AUTHORIZATION) != 1 ||
	    httpauth_digest_response_decode(&resp, &h->val)) {
		*why = "malformed Authorization header (Digest expected)";
		return HTTP_AUTH_BAD;
	}

	if (pl_strcmp(&resp.realm, a->hc->realm)) {
		*why = "credentials for another realm";
		return HTTP_AUTH_CHALLENGE;
	}

	if (!uri_matches(&resp.uri, msg)) {
		*why = "digest uri does not match the request";
		return HTTP_AUTH_BAD;
	}

	ns = auth_nonce_check(a->auth, &resp.nonce, a->nonce_realm, now,
			      a->lifetime, NULL);
	if (ns == NONCE_INVALID) {
		*why = "a nonce this server never issued";
		ratelimit_failure(a->rl, peer, now);
		return HTTP_AUTH_FAILED;
	}

	adm = http_conf_admin(a->hc, &resp.username);
	if (adm)
		memcpy(ha1, adm->ha1, sizeof(ha1));
	else
		auth_dummy_ha1(a->auth, ha1, &resp.username);

	if (auth_verify(&resp, &msg->met, ha1) || !adm) {
		*why = adm ? "wrong password" : "unknown administrator";
		log_msg(LOG_WARNING, "http: authentication failure for \"%r\" "
			"from %j", &resp.username, peer);
		ratelimit_failure(a->rl, peer, now);
		return HTTP_AUTH_FAILED;
	}

	/* right password, old nonce: the browser retries by itself */
	if (ns == NONCE_STALE) {
		*why = "stale nonce";
		return HTTP_AUTH_STALE;
	}

	return HTTP_AUTH_OK;
}

void http_authn_expire(struct http_authn *a, uint64_t now)
{
	if (a)
		ratelimit_expire(a->rl, now);
}
