/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SIP side of handsetd: REGISTER processed in the order of RFC 3261
 * 10.3, plus the few other requests a registrar meets (OPTIONS keepalives,
 * plug-and-play SUBSCRIBEs) and the right refusal for everything else.
 *
 * Retransmissions: a REGISTER answered 200 gets a libre server transaction
 * at once, so retransmissions arriving while the state log syncs its batch
 * are absorbed by libre; its 200 OK goes out when the batch is durable.
 * Keeping every transaction for Timer J (32 s on UDP) would keep each
 * request's 8 KB receive buffer that long: at thousands of registrations a
 * second that is gigabytes.  So final answers are sent statelessly and the
 * transaction ends with them; a later retransmission of a REGISTER that got
 * 200 is recognised by its Call-ID and CSeq (remembered per handset) and
 * answered 200 again without changing anything, and every other answer is
 * a pure function of the request and the state, so repeating it is safe.
 */
#include <string.h>
#include <syslog.h>
#include <arpa/inet.h>
#include "handsetd.h"
#include "events.h"
#include "admin.h"

enum {
	MAX_REQUEST_CONTACTS = 32,
};

struct registrar {
	struct sip *sip;
	struct sip_lsnr *lsnr;
	struct records *recs;
	struct auth *auth;
	struct ratelimit *rl;
	struct redirect *rd;
};

struct pending {
	struct registrar *reg;
	struct sip_strans *st;
	struct sip_msg *msg;
	struct mbuf *hdrs;
};

#define ALLOW "Allow: REGISTER, OPTIONS, SUBSCRIBE\r\n"

static void registrar_destructor(void *arg)
{
	struct registrar *reg = arg;

	mem_deref(reg->lsnr);
}

static void pending_destructor(void *arg)
{
	struct pending *p = arg;

	mem_deref(p->st);
	mem_deref(p->msg);
	mem_deref(p->hdrs);
}

static void reply(struct registrar *reg, const struct sip_msg *msg,
		  uint16_t scode, const char *reason, const char *hdrs)
{
	(void)sip_replyf(reg->sip, msg, scode, reason,
			 "%sContent-Length: 0\r\n\r\n", hdrs ? hdrs : "");
}

/*
 * The one challenge: unknown users, wrong passwords and first attempts all
 * get exactly this, differing only in the fresh nonce (and stale=true for a
 * correct answer to an expired nonce).
 */
static void challenge(struct registrar *reg, const struct sip_msg *msg,
		      bool stale, uint64_t now)
{
	const struct config *cfg = records_config(reg->recs);
	char nonce[NONCE_SIZE];

	auth_nonce_make(reg->auth, nonce, cfg->realm, now);
	(void)sip_replyf(reg->sip, msg, 401, "Unauthorized",
			 "WWW-Authenticate: Digest realm=\"%s\", "
			 "nonce=\"%s\", qop=\"auth\", algorithm=MD5%s\r\n"
			 "Content-Length: 0\r\n\r\n",
			 cfg->realm, nonce, stale ? ", stale=true" : "");
}

static void auth_failed(struct registrar *reg, const struct sip_msg *msg,
			const struct pl *user, const char *what,
			uint64_t now)
{
	/* fail2ban's filter ignores the exempt lines: banning an office's
	 * NAT address would lock out every phone behind it */
	log_msg(LOG_WARNING, "authentication failure for \"%r\" from %j "
		"(%s%s)", user, &msg->src, what,
		ratelimit_is_exempt(reg->rl, &msg->src) ?
		"; exempt address" : "");
	ratelimit_login_failure(reg->rl, &msg->src, user, now);
	challenge(reg, msg, false, now);
}

struct authz_ctx {
	const char *realm;
	const struct sip_hdr *hdr;
	struct httpauth_digest_resp resp;
	int err;
};

static bool authz_handler(const struct sip_hdr *hdr,
			  const struct sip_msg *msg, void *arg)
{
	struct authz_ctx *ac = arg;
	struct httpauth_digest_resp resp;

	(void)msg;

	if (httpauth_digest_response_decode(&resp, &hdr->val)) {
		ac->err = EBADMSG;
		return true;
	}

	if (pl_strcmp(&resp.realm, ac->realm))
		return false;

	ac->resp = resp;
	ac->hdr = hdr;

	return true;
}

/*
 * Returns the authenticated handset, or NULL after answering the request
 * (challenge, 400 or 403).
 */
static struct handset *authenticate(struct registrar *reg,
				    const struct sip_msg *msg, uint64_t now,
				    bool *retrans)
{
	const struct config *cfg = records_config(reg->recs);
	const struct hs_conf *conf;
	struct handset *hs = NULL;
	struct authz_ctx ac;
	enum nonce_state ns;
	uint8_t dummy[MD5_SIZE];
	uint64_t issued = 0;
	struct pl uid;
	int err;

	memset(&ac, 0, sizeof(ac));
	ac.realm = cfg->realm;
	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_AUTHORIZATION,
				authz_handler, &ac);
	if (ac.err) {
		reply(reg, msg, 400, "Bad Authorization Header", NULL);
		return NULL;
	}
	if (!ac.hdr) {
		challenge(reg, msg, false, now);
		return NULL;
	}

	if (ratelimit_login_blocked(reg->rl, &msg->src, &ac.resp.username,
				    now)) {
		reply(reg, msg, 403, "Forbidden", NULL);
		return NULL;
	}

	ns = auth_nonce_check(reg->auth, &ac.resp.nonce, cfg->realm, now,
			      cfg->nonce_lifetime, &issued);
	if (ns == NONCE_INVALID) {
		challenge(reg, msg, false, now);
		return NULL;
	}

	conf = config_by_login(cfg, &ac.resp.username);
	if (conf) {
		pl_set_str(&uid, conf->user_id);
		hs = records_handset(reg->recs, &uid);
	}

	if (hs && hs->conf && hs->conf->has_secret) {
		err = auth_verify(&ac.resp, &msg->met, hs->conf->ha1);
	}
	else {
		auth_dummy_ha1(reg->auth, dummy, &ac.resp.username);
		err = auth_verify(&ac.resp, &msg->met, dummy);
		hs = NULL;
		err = err ? err : EAUTH;
	}

	if (err) {
		auth_failed(reg, msg, &ac.resp.username,
			    err == EPROTO ? "unsupported qop" :
			    "wrong credentials", now);
		return NULL;
	}

	if (hs->last_cseq && hs->last_cseq == msg->cseq.num &&
	    hs->last_callid == hash_joaat_pl(&msg->callid)) {
		*retrans = true;
		return hs;
	}

	if (ns == NONCE_STALE) {
		challenge(reg, msg, true, now);
		return NULL;
	}

	if (pl_isset(&ac.resp.qop)) {
		uint32_t nc = pl_x32(&ac.resp.nc);

		if (!pl_strcmp(&ac.resp.nonce, hs->nonce)) {
			if (nc <= hs->nc) {
				auth_failed(reg, msg, &ac.resp.username,
					    "replayed nonce count", now);
				return NULL;
			}
		}
		else if (issued < hs->nonce_issued) {
			/* an older nonce than one already used: no replay
			 * window is kept for it, so ask for a new one */
			challenge(reg, msg, true, now);
			return NULL;
		}
		else {
			(void)pl_strcpy(&ac.resp.nonce, hs->nonce,
					sizeof(hs->nonce));
			hs->nonce_issued = issued;
		}
		hs->nc = nc;
	}

	/* step 5: an address-of-record of another scheme (foo:, tel:) is
	 * none of ours, whatever its user part says */
	if (pl_strcasecmp(&msg->to.uri.scheme, "sip") &&
	    pl_strcasecmp(&msg->to.uri.scheme, "sips")) {
		reply(reg, msg, 404, "Not Found", NULL);
		return NULL;
	}

	if (pl_strcmp(&msg->to.uri.user, hs->conf->login) &&
	    pl_strcmp(&msg->to.uri.user, hs->conf->user_id)) {
		log_msg(LOG_WARNING, "handset %s (login %s) from %j tried to "
			"register To \"%r\"", hs->user_id, hs->conf->login,
			&msg->src, &msg->to.auri);
		reply(reg, msg, 403, "To Does Not Match Login", NULL);
		return NULL;
	}

	return hs;
}

struct contacts {
	struct contact v[MAX_REQUEST_CONTACTS];
	unsigned n;
	bool star;
	int err;
};

static bool contact_handler(const struct sip_hdr *hdr,
			    const struct sip_msg *msg, void *arg)
{
	struct contacts *cs = arg;
	struct contact *c;

	(void)msg;

	if (cs->n == MAX_REQUEST_CONTACTS) {
		cs->err = E2BIG;
		return true;
	}

	c = &cs->v[cs->n];
	if (contact_decode(c, &hdr->val)) {
		cs->err = EBADMSG;
		return true;
	}

	if (c->star)
		cs->star = true;
	++cs->n;

	return false;
}

static void pending_done(int err, void *arg)
{
	struct pending *p = arg;
	struct registrar *reg = p->reg;

	if (err) {
		(void)sip_replyf(reg->sip, p->msg, 500, "State Not Saved",
				 "Retry-After: 5\r\nContent-Length: 0\r\n\r\n");
	}
	else {
		(void)sip_replyf(reg->sip, p->msg, 200, "OK",
				 "%bContent-Length: 0\r\n\r\n",
				 p->hdrs->buf, p->hdrs->end);
	}

	mem_deref(p);
}

/* The 200 OK lists every current contact, with its remaining time. */
static int ok_after_sync(struct registrar *reg, const struct sip_msg *msg,
			 struct handset *hs, uint64_t now)
{
	struct pending *p;
	struct le *le;
	time_t t = (time_t)now;
	int err;

	/* (records.c published each binding change with its details) */
	p = mem_zalloc(sizeof(*p), pending_destructor);
	if (!p)
		return ENOMEM;

	p->reg = reg;
	p->msg = mem_ref((void *)msg);
	p->hdrs = mbuf_alloc(256);
	if (!p->hdrs) {
		err = ENOMEM;
		goto out;
	}

	err = 0;
	for (le = hs->bindings.head; le; le = le->next) {
		const struct binding *b = le->data;

		err |= mbuf_printf(p->hdrs, "Contact: <%s>;expires=%llu\r\n",
				   b->uri, (unsigned long long)(b->expires >
					now ? b->expires - now : 0));
	}
	err |= mbuf_printf(p->hdrs, "Date: %H\r\n", fmt_gmtime, &t);
	if (err)
		goto out;

	/* remembered so a retransmission is answered, not refused */
	hs->last_cseq = msg->cseq.num;
	hs->last_callid = hash_joaat_pl(&msg->callid);

	err = sip_strans_alloc(&p->st, reg->sip, msg, NULL, NULL);
	if (err)
		goto out;

	err = statelog_wait(records_statelog(reg->recs), pending_done, p);

 out:
	if (err)
		mem_deref(p);

	return err;
}

static bool same_callid(const struct binding *b, const struct sip_msg *msg)
{
	return !pl_strcmp(&msg->callid, b->callid);
}

/* RFC 3261 10.3 step 6: "*" removes everything, if the CSeq allows it. */
static void unregister_all(struct registrar *reg, const struct sip_msg *msg,
			   struct handset *hs, uint64_t now)
{
	struct le *le;

	for (le = hs->bindings.head; le; le = le->next) {
		const struct binding *b = le->data;

		if (same_callid(b, msg) && msg->cseq.num <= b->cseq) {
			reply(reg, msg, 400, "CSeq Out of Order", NULL);
			return;
		}
	}

	while (hs->bindings.head)
		records_binding_remove(reg->recs, hs->bindings.head->data,
				       "unregistered with *");

	if (ok_after_sync(reg, msg, hs, now))
		reply(reg, msg, 500, "Server Internal Error", NULL);
}

static bool in_request(const struct binding *b, const struct contacts *cs)
{
	unsigned i;

	for (i = 0; i < cs->n; i++) {
		if (!pl_strcmp(&cs->v[i].addr.auri, b->uri))
			return true;
	}

	return false;
}

/*
 * A handset is one device: beyond max_contacts, the bindings this request
 * did not name go, oldest first (a phone that restarted with a new Call-ID
 * replaces its old binding).
 */
static void enforce_max(struct registrar *reg, struct handset *hs,
			const struct contacts *cs, uint32_t max)
{
	for (;;) {
		struct binding *oldest = NULL;
		struct le *le;
		uint32_t n = 0;

		for (le = hs->bindings.head; le; le = le->next) {
			struct binding *b = le->data;

			++n;
			if (in_request(b, cs))
				continue;
			if (!oldest || b->updated < oldest->updated)
				oldest = b;
		}

		if (n <= max || !oldest)
			return;

		records_binding_remove(reg->recs, oldest,
				       "replaced by a newer registration");
	}
}

static void handle_register(struct registrar *reg, const struct sip_msg *msg)
{
	const struct config *cfg = records_config(reg->recs);
	const struct sip_hdr *req;
	struct contacts csbuf;
	struct contacts *cs = &csbuf;
	struct handset *hs;
	uint32_t hdr_exp = 0, exps[MAX_REQUEST_CONTACTS];
	uint32_t adding = 0;
	bool has_hdr = false;
	bool retrans = false;
	bool has_mac;
	uint8_t mac[MAC_LEN];
	uint64_t now = now_wall();
	const struct sip_hdr *uah;
	unsigned i;
	int err;

	if (ratelimit_blocked(reg->rl, &msg->src, now)) {
		reply(reg, msg, 403, "Forbidden", NULL);
		return;
	}

	/* step 2: we support no extensions, so any Require fails */
	req = sip_msg_hdr(msg, SIP_HDR_REQUIRE);
	if (req) {
		char hdr[256];

		re_snprintf(hdr, sizeof(hdr), "Unsupported: %r\r\n",
			    &req->val);
		reply(reg, msg, 420, "Bad Extension", hdr);
		return;
	}

	if (pl_isset(&msg->expires)) {
		if (expires_decode(&hdr_exp, &msg->expires)) {
			reply(reg, msg, 400, "Bad Expires Header", NULL);
			return;
		}
		has_hdr = true;
	}

	/* on the stack: each contact is filled in full by contact_decode,
	 * so only the counters need clearing */
	cs->n = 0;
	cs->star = false;
	cs->err = 0;

	(void)sip_msg_hdr_apply(msg, true, SIP_HDR_CONTACT, contact_handler,
				cs);
	if (cs->err == E2BIG) {
		reply(reg, msg, 403, "Too Many Contacts", NULL);
		goto out;
	}
	if (cs->err) {
		reply(reg, msg, 400, "Bad Contact Header", NULL);
		goto out;
	}
	if (cs->star && (cs->n > 1 || !has_hdr || hdr_exp != 0)) {
		reply(reg, msg, 400, "Invalid Wildcard Contact", NULL);
		goto out;
	}

	/* before authentication: unknown devices are what discovery is for */
	has_mac = discovery_observe(reg->recs, msg, now, mac);

	/* step 3 */
	hs = authenticate(reg, msg, now, &retrans);
	if (!hs)
		goto out;

	if (has_mac)
		records_seen_mac(reg->recs, hs, mac);

	if (retrans) {
		if (ok_after_sync(reg, msg, hs, now))
			reply(reg, msg, 500, "Server Internal Error", NULL);
		goto out;
	}

	if (cs->star) {
		unregister_all(reg, msg, hs, now);
		goto out;
	}

	/* step 7, checked for every contact before anything changes */
	for (i = 0; i < cs->n; i++) {
		const struct binding *b;

		err = expiry_decide(&exps[i], &cs->v[i], has_hdr, hdr_exp,
				    cfg->min_expires, cfg->default_expires,
				    cfg->max_expires);
		if (err == ERANGE) {
			char hdr[64];

			re_snprintf(hdr, sizeof(hdr), "Min-Expires: %u\r\n",
				    cfg->min_expires);
			reply(reg, msg, 423, "Interval Too Brief", hdr);
			goto out;
		}

		b = records_binding_find(hs, &cs->v[i].addr.auri);
		if (b && same_callid(b, msg) && msg->cseq.num <= b->cseq) {
			reply(reg, msg, 400, "CSeq Out of Order", NULL);
			goto out;
		}

		if (exps[i])
			++adding;
	}

	if (adding > cfg->max_contacts) {
		reply(reg, msg, 403, "Too Many Contacts", NULL);
		goto out;
	}

	uah = sip_msg_hdr(msg, SIP_HDR_USER_AGENT);
	for (i = 0; i < cs->n; i++) {
		const struct contact *c = &cs->v[i];

		if (!exps[i]) {
			records_binding_remove(reg->recs,
					       records_binding_find(hs,
							&c->addr.auri),
					       "unregistered");
			continue;
		}

		err = records_binding_set(reg->recs, hs, &c->addr.auri,
					  &msg->callid, msg->cseq.num,
					  now + exps[i], &msg->src, msg->tp,
					  uah ? &uah->val : NULL,
					  &c->instance, now);
		if (err) {
			reply(reg, msg, 500, "Server Internal Error", NULL);
			goto out;
		}
	}

	enforce_max(reg, hs, cs, cfg->max_contacts);

	if (ok_after_sync(reg, msg, hs, now))
		reply(reg, msg, 500, "Server Internal Error", NULL);

 out:
	return;
}

static void handle_subscribe(struct registrar *reg, const struct sip_msg *msg)
{
	const struct sip_hdr *ev = sip_msg_hdr(msg, SIP_HDR_EVENT);
	uint8_t mac[MAC_LEN];

	if (!ev) {
		reply(reg, msg, 400, "Missing Event Header", NULL);
		return;
	}

	if (re_regex(ev->val.p, ev->val.l, "ua-profile")) {
		reply(reg, msg, 489, "Bad Event", "Allow-Events: ua-profile\r\n");
		return;
	}

	/* noted; provisioning itself is not ours to serve */
	if (discovery_observe(reg->recs, msg, now_wall(), mac))
		events_publish(EVENT_DISCOVERY);
	reply(reg, msg, 404, "No Profile Here", NULL);
}

static bool is_known_method(const struct pl *met)
{
	static const char *const known[] = {
		"INVITE", "BYE", "CANCEL", "MESSAGE", "NOTIFY", "INFO",
		"UPDATE", "PRACK", "REFER", "PUBLISH", NULL
	};
	size_t i;

	for (i = 0; known[i]; i++) {
		if (!pl_strcmp(met, known[i]))
			return true;
	}

	return false;
}

/*
 * RFC 5118 section 4.1: an IPv6 address in a SIP URI is a reference,
 * "[2001:db8::1]".  Bare, its colons read as a port separator, so libre
 * decodes "sip:2001:db8::1" as host "2001": answering or challenging such
 * a request would act on a host nobody meant.  A host with more than one
 * colon, a reference that is no IPv6 address, or a port that is not digits
 * makes the URI malformed.  URIs of other schemes are not ours to judge.
 */
static bool uri_host_ok(const struct pl *uri)
{
	const char *p, *end, *at, *host;
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr a6;
	struct pl scheme;
	size_t n;


	if (!pl_isset(uri) || re_regex(uri->p, uri->l, "[^:]+:", &scheme) ||
	    (pl_strcasecmp(&scheme, "sip") && pl_strcasecmp(&scheme, "sips")))
		return true;

	p = scheme.p + scheme.l + 1;
	end = uri->p + uri->l;
	/* the host starts after the user part's '@' (which no header part
	 * precedes) and ends at the parameters or headers */
	for (at = p; at < end && *at != '?'; at++) {
		if (*at == '@')
			p = at + 1;
	}
	for (host = p; p < end && *p != ';' && *p != '?' && *p != '>'; p++)
		;
	n = (size_t)(p - host);

	if (n && host[0] == '[') {
		const char *rb = memchr(host, ']', n);

		if (!rb || (size_t)(rb - host - 1) >= sizeof(buf))
			return false;
		memcpy(buf, host + 1, (size_t)(rb - host - 1));
		buf[rb - host - 1] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) != 1)
			return false;
		n -= (size_t)(rb + 1 - host);
		host = rb + 1;
		if (!n)
			return true;
		if (host[0] != ':')
			return false;
	}
	else {
		const char *c = memchr(host, ':', n);

		if (!c)
			return true;
		n -= (size_t)(c - host);
		host = c;
	}

	/* ":port", digits only: a second colon lands here too */
	if (n < 2)
		return false;
	for (host++, n--; n; host++, n--) {
		if (*host < '0' || *host > '9')
			return false;
	}

	return true;
}

static bool contact_hosts_handler(const struct sip_hdr *hdr,
				  const struct sip_msg *msg, void *arg)
{
	struct sip_addr addr;

	(void)msg;
	(void)arg;

	/* "*" and undecodable values are the Contact rules' to refuse */
	if (sip_addr_decode(&addr, &hdr->val))
		return false;

	return !uri_host_ok(&addr.auri);
}

static bool hosts_ok(const struct sip_msg *msg)
{
	return uri_host_ok(&msg->ruri) && uri_host_ok(&msg->to.auri) &&
	       !sip_msg_hdr_apply(msg, true, SIP_HDR_CONTACT,
				  contact_hosts_handler, NULL);
}

static bool request_handler(const struct sip_msg *msg, void *arg)
{
	struct registrar *reg = arg;

	if (!pl_strcmp(&msg->met, "ACK"))
		return true;

	/*
	 * libre draws a random To tag per received message; a
	 * retransmission must get the very answer the original got, so the
	 * tag is derived from what identifies the transaction instead (libre
	 * itself sets it this way for CANCEL).
	 */
	((struct sip_msg *)msg)->tag =
		(uint64_t)hash_joaat_pl(&msg->callid) << 32 |
		hash_joaat_pl(&msg->via.branch);

	/* libre only takes "SIP/2.0" request lines as requests today; the
	 * check stays so another version is refused should that change */
	if (pl_strcmp(&msg->ver, "SIP/2.0")) {
		reply(reg, msg, 505, "Version Not Supported", NULL);
		return true;
	}

	if (pl_cmp(&msg->met, &msg->cseq.met)) {
		reply(reg, msg, 400, "CSeq Method Does Not Match", NULL);
		return true;
	}

	if (!hosts_ok(msg)) {
		reply(reg, msg, 400, "Malformed IPv6 Reference", NULL);
		return true;
	}

	/* the location service: redirect.c answers what is its own */
	if (reg->rd && redirect_request(reg->rd, msg))
		return true;

	if (!pl_strcmp(&msg->met, "REGISTER")) {
		handle_register(reg, msg);
	}
	else if (!pl_strcmp(&msg->met, "OPTIONS")) {
		reply(reg, msg, 200, "OK", ALLOW "Accept: application/sdp\r\n");
	}
	else if (pl_isset(&msg->to.tag)) {
		/* we keep no dialogs, so no in-dialog request can match */
		reply(reg, msg, 481, "Call/Transaction Does Not Exist", NULL);
	}
	else if (!pl_strcmp(&msg->met, "SUBSCRIBE")) {
		handle_subscribe(reg, msg);
	}
	else if (is_known_method(&msg->met)) {
		reply(reg, msg, 405, "Method Not Allowed", ALLOW);
	}
	else {
		reply(reg, msg, 501, "Not Implemented", ALLOW);
	}

	return true;
}

int registrar_alloc(struct registrar **regp, struct sip *sip,
		    struct records *recs, struct auth *auth,
		    struct ratelimit *rl)
{
	struct registrar *reg;
	int err;

	if (!regp || !sip || !recs || !auth || !rl)
		return EINVAL;

	reg = mem_zalloc(sizeof(*reg), registrar_destructor);
	if (!reg)
		return ENOMEM;

	reg->sip = sip;
	reg->recs = recs;
	reg->auth = auth;
	reg->rl = rl;

	err = sip_listen(&reg->lsnr, sip, true, request_handler, reg);
	if (err)
		mem_deref(reg);
	else
		*regp = reg;

	return err;
}

/* The redirect server asked first about every request (NULL: none). */
void registrar_set_redirect(struct registrar *reg, struct redirect *rd)
{
	if (reg)
		reg->rd = rd;
}

/*
 * One request handed in directly, as libre's listener would: the fuzz
 * target (userspace/fuzz/fuzz_sip.c) drives the whole handling this way
 * without a socket.
 */
bool registrar_request(struct registrar *reg, const struct sip_msg *msg)
{
	if (!reg || !msg)
		return false;

	return request_handler(msg, reg);
}
