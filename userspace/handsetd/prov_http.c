/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /prov/<file>: provisioning files by the names phones ask for, rendered
 * from the handset record through its family's template (prov_tmpl.c).
 *
 * The files hold SIP passwords, so in this order:
 *  - an odd name (not one plain segment of letters, digits, ".", "_",
 *    "-"; http.c already refused traversal and bad encoding) is a 400;
 *  - an address outside provisioning.allow gets 403;
 *  - where HTTPS is configured, a request over plain HTTP gets 403;
 *  - a source that asked for too many unknown MACs gets 403 for
 *    provisioning.scan_block seconds, decided before the MAC is looked
 *    up, so configured and unknown MACs are answered alike then;
 *  - a per-MAC file with no account here (no handset has the MAC, or it
 *    is not a file of that handset's family, or the handset has only
 *    ha1) gets its family's file without an account, 200 like a served
 *    one, rendered the same way: neither the status nor the time tells a
 *    scanner which MACs are configured.  It is counted against its source
 *    (the scan limit above), and a MAC no handset has becomes a
 *    discovered device (the duplicate entry, with the typo warning).
 * Every request is logged with file, MAC, address and result, never a
 * password.
 */
#include <string.h>
#include <syslog.h>
#include "handsetd.h"
#include "events.h"
#include "http.h"
#include "prov.h"

static const char prefix[] = "/prov/";

bool prov_http_path(const struct pl *path)
{
	return path && path->l >= sizeof(prefix) - 1 &&
		!memcmp(path->p, prefix, sizeof(prefix) - 1);
}

static bool name_ok(const struct pl *name)
{
	size_t i;

	if (!name->l || name->l > PROV_MAX_NAME || name->p[0] == '.')
		return false;

	for (i = 0; i < name->l; i++) {
		char ch = name->p[i];

		if (!isalnum((unsigned char)ch) && ch != '.' && ch != '_' &&
		    ch != '-')
			return false;
	}

	return true;
}

static bool https_configured(const struct config *cfg)
{
	unsigned i;

	for (i = 0; cfg->http && i < cfg->http->listenc; i++) {
		if (cfg->http->listen[i].tls)
			return true;
	}

	return false;
}

static const char *transp_name(enum sip_transp tp, int style)
{
	static const char *const names[][4] = {
		{ "udp", "UDP", "0", "UDPOnly" },
		{ "tcp", "TCP", "1", "TCPOnly" },
		{ "tls", "TLS", "2", "TLS" },
	};
	int i = tp == SIP_TRANSP_TCP ? 1 : tp == SIP_TRANSP_TLS ? 2 : 0;

	return names[i][style];
}

struct vals_buf {
	char mac[16];
	char registrar[64];
	char port[8];
	char url[256];
};

static void tz_values(struct prov_vals *v, const struct prov_tz *tz,
		      const struct prov_tz_text *t)
{
	size_t i;

	v->v[PF_TZ_NAME] = tz->name;
	v->v[PF_TZ_POSIX] = tz->posix;
	v->v[PF_TZ_OFFSET] = t->offset;
	v->v[PF_TZ_OFFSET_SECONDS] = t->offset_seconds;
	v->v[PF_TZ_GMT] = t->gmt;
	v->v[PF_TZ_DST] = t->dst;
	v->v[PF_TZ_DST_YES_NO] = tz->dst ? "Yes" : "No";
	v->v[PF_TZ_DST_MINUTES] = t->dst_minutes;
	v->v[PF_TZ_DST_START_YEALINK] = t->yealink[0];
	v->v[PF_TZ_DST_END_YEALINK] = t->yealink[1];
	v->v[PF_TZ_DST_RULE_SPA] = t->spa_rule;
	/* start and end: five fields each, in the same order */
	for (i = 0; i < 2; i++) {
		const char **f = &v->v[i ? PF_TZ_DST_END_MONTH :
				       PF_TZ_DST_START_MONTH];

		f[0] = t->month[i];
		f[1] = t->date[i];
		f[2] = t->wday[i];
		f[3] = t->last[i];
		f[4] = t->hour[i];
	}
}

/*
 * The values a template may name; hc NULL for a file without an account,
 * mac then its MAC (NULL: a common file).
 */
static void values(struct prov_vals *v, struct vals_buf *b,
		   const struct prov *p, const struct hs_conf *hc,
		   const uint8_t *mac, const struct sa *local)
{
	const struct config *cfg = prov_config(p);
	const struct prov_conf *pc = cfg->prov;
	enum sip_transp tp = SIP_TRANSP_UDP;
	struct sa reg;
	const char *s;

	memset(v, 0, sizeof(*v));

	if (!prov_url(b->url, sizeof(b->url), p, local)) {
		v->v[PF_PROV_URL] = b->url;
		s = strstr(b->url, "://");
		v->v[PF_PROV_URL_HOSTPATH] = s ? s + 3 : b->url;
	}
	v->v[PF_REALM] = cfg->realm;
	tz_values(v, &pc->tz, &pc->tzt);

	if (hc)
		mac = hc->mac;
	if (mac) {
		(void)re_snprintf(b->mac, sizeof(b->mac), "%02x%02x%02x%02x"
				  "%02x%02x", mac[0], mac[1], mac[2], mac[3],
				  mac[4], mac[5]);
		v->v[PF_MAC] = b->mac;
	}
	if (!hc)
		return;

	sa_init(&reg, AF_INET);
	if (cfg->listenc) {
		reg = cfg->listen[0].addr;
		tp = cfg->listen[0].tp;
	}
	if (pc->registrar)
		str_ncpy(b->registrar, pc->registrar, sizeof(b->registrar));
	else if (sa_is_any(&reg) && local)
		(void)re_snprintf(b->registrar, sizeof(b->registrar), "%j",
				  local);
	else
		(void)re_snprintf(b->registrar, sizeof(b->registrar), "%j",
				  &reg);
	(void)re_snprintf(b->port, sizeof(b->port), "%u", sa_port(&reg) ?
			  sa_port(&reg) : 5060);

	v->v[PF_USER_ID] = hc->user_id;
	v->v[PF_DISPLAY_NAME] = hc->display_name ? hc->display_name :
				 hc->user_id;
	v->v[PF_LOGIN] = hc->login;
	v->v[PF_PASSWORD] = hc->password;
	v->v[PF_REGISTRAR] = b->registrar;
	v->v[PF_REGISTRAR_PORT] = b->port;
	v->v[PF_TRANSPORT] = transp_name(tp, 0);
	v->v[PF_TRANSPORT_UPPER] = transp_name(tp, 1);
	v->v[PF_TRANSPORT_NUM] = transp_name(tp, 2);
	v->v[PF_TRANSPORT_POLYCOM] = transp_name(tp, 3);
}

static void answer(struct prov_reply *rep, uint16_t code, const char *reason)
{
	rep->code = code;
	rep->reason = reason;
}

static void discovered(struct prov *p, const struct http_msg *msg,
		       const uint8_t mac[MAC_LEN], const struct sa *peer)
{
	const struct http_hdr *uah = http_msg_hdr(msg, HTTP_HDR_USER_AGENT);
	const struct pl *ua = uah ? &uah->val : NULL;
	const char *vendor = vendor_from_ua(ua);

	if (!vendor)
		vendor = vendor_from_oui(mac);

	records_discovered(prov_records(p), mac, ua, vendor, NULL,
			   "provisioning fetch", peer, now_wall());
	events_publish(EVENT_DISCOVERY);
}

/* The file from template t with values v: 200, or 500 when it fails. */
static void render(struct prov_reply *rep, const struct prov_tmpl *t,
		   const struct prov_family *fam, const struct prov_vals *v,
		   const char **why)
{
	if (prov_render(rep->body, t, fam->fmt, v, why)) {
		rep->body->end = rep->body->pos = 0;
		answer(rep, 500, "Internal Server Error");
		return;
	}

	answer(rep, 200, "OK");
	rep->ctype = fam->fmt == PROV_FMT_XML ?
		"application/xml; charset=utf-8" : "text/plain; charset=utf-8";
}

/*
 * A per-MAC file for hc from family fam's file k; false: none to serve
 * (not its family's file, or nothing to fill it with: why says).
 */
static bool serve_mac(struct prov *p, const struct hs_conf *hc,
		      const struct prov_family *fam, size_t k,
		      const struct sa *local, struct prov_reply *rep,
		      const char **why)
{
	const struct prov_tmpl *t;
	struct prov_vals v;
	struct vals_buf b;

	if (!hc->model->prov || strcmp(hc->model->prov, fam->name))
		return false;

	t = prov_conf_tmpl(prov_config(p)->prov, fam, k, false);
	if (!t || !hc->password) {
		*why = !t ? "no template for its family" :
			"only ha1 configured, no password to provision";
		return false;
	}

	values(&v, &b, p, hc, NULL, local);
	render(rep, t, fam, &v, why);

	return true;
}

/*
 * A file with no account in it: a common file (mac NULL), or the file
 * without an account of family fam's file k for mac, what a phone whose
 * MAC has no account here gets, rendered like the others.
 */
static bool serve_accountless(struct prov *p, const struct prov_family *fam,
			      size_t k, const uint8_t *mac,
			      const struct sa *local, struct prov_reply *rep,
			      const char **why)
{
	const struct prov_tmpl *t = prov_conf_tmpl(prov_config(p)->prov, fam,
						   k, mac != NULL);
	struct prov_vals v;
	struct vals_buf b;

	if (!t)
		return false;

	values(&v, &b, p, NULL, mac, local);
	render(rep, t, fam, &v, why);

	return true;
}

/* Does a family's name start with the vendor's ("Cisco", "cisco-spa")? */
static bool family_of(const struct prov_family *fam, const char *vendor)
{
	return vendor && !strncasecmp(fam->name, vendor, strlen(vendor));
}

/*
 * Finds what name is and serves it; mac/hc tell the log what it was, and
 * *noacct that the file had no account in it.
 */
static void lookup(struct prov *p, const struct http_msg *msg,
		   const char *name, const struct sa *local,
		   struct prov_reply *rep, uint8_t mac[MAC_LEN], bool *has_mac,
		   const struct hs_conf **hcp, bool *noacct, const char **why)
{
	const struct config *cfg = prov_config(p);
	const struct prov_family *fam, *na_fam = NULL;
	const char *vendor = NULL;
	size_t fi, k, na_k = 0;

	/* common names first: Polycom's 000000000000.cfg is no MAC */
	for (fi = 0; (fam = prov_family_at(fi)); fi++) {
		for (k = 0; k < ARRAY_SIZE(fam->files); k++) {
			const struct prov_file *f = &fam->files[k];

			if (!f->per_mac && prov_file_match(f, name, NULL) &&
			    serve_accountless(p, fam, k, NULL, local, rep, why))
				return;
		}
	}

	for (fi = 0; (fam = prov_family_at(fi)); fi++) {
		for (k = 0; k < ARRAY_SIZE(fam->files); k++) {
			const struct prov_file *f = &fam->files[k];

			if (!f->per_mac || !prov_file_match(f, name, mac))
				continue;

			if (!*has_mac) {
				const struct http_hdr *h = http_msg_hdr(msg,
							HTTP_HDR_USER_AGENT);

				*has_mac = true;
				*hcp = config_by_mac(cfg, mac);
				vendor = vendor_from_ua(h ? &h->val : NULL);
				if (!vendor)
					vendor = vendor_from_oui(mac);
			}
			if (*hcp && serve_mac(p, *hcp, fam, k, local, rep,
					      why))
				return;
			/* several families share a name (<mac>.cfg): the
			 * no-account file of the phone's own, if known */
			if (!na_fam || (!family_of(na_fam, vendor) &&
					family_of(fam, vendor))) {
				na_fam = fam;
				na_k = k;
			}
		}
	}

	if (!*why)
		*why = *has_mac && !*hcp ? "no handset has this MAC" :
			*has_mac ? "not a file of this handset's model" :
			"not a provisioning file name";
	if (na_fam && serve_accountless(p, na_fam, na_k, mac, local, rep, why)) {
		*noacct = true;
		return;
	}
	answer(rep, 404, "Not Found");
}

/* provisioning.credentials: HTTP Digest, as the page's (http_auth.c) */
static bool authorized(struct prov *p, const struct http_msg *msg,
		       const struct sa *peer, uint64_t now,
		       struct prov_reply *rep, const char **why)
{
	struct http_authn *a = prov_authn(p);
	enum http_auth_result res;
	struct http_chall ch;

	if (!a)
		return true;

	res = http_authn_check(a, msg, peer, now, why);
	switch (res) {

	case HTTP_AUTH_OK:
		return true;

	case HTTP_AUTH_BLOCKED:
		answer(rep, 429, "Too Many Requests");
		str_ncpy(rep->extra, "Retry-After: 60\r\n", sizeof(rep->extra));
		return false;

	case HTTP_AUTH_BAD:
		answer(rep, 400, "Bad Request");
		return false;

	case HTTP_AUTH_STALE:
	case HTTP_AUTH_CHALLENGE:
	case HTTP_AUTH_FAILED:
	default:
		answer(rep, 401, "Unauthorized");
		ch.a = a;
		ch.stale = res == HTTP_AUTH_STALE;
		(void)re_snprintf(rep->extra, sizeof(rep->extra), "%H",
				  http_authn_challenge, &ch);
		return false;
	}
}

void prov_http_request(struct prov *p, const struct http_msg *msg,
		       const struct sa *peer, const struct sa *local,
		       bool tls, struct prov_reply *rep)
{
	const struct config *cfg = prov_config(p);
	const struct hs_conf *hc = NULL;
	char name[PROV_MAX_NAME + 1] = "";
	char macs[MAC_STR_SIZE] = "-";
	const char *why = NULL;
	uint8_t mac[MAC_LEN];
	bool has_mac = false, noacct = false;
	struct pl pl;
	uint64_t now = now_wall();

	rep->ctype = "text/plain; charset=utf-8";
	rep->body = mbuf_alloc(2048);
	if (!rep->body) {
		answer(rep, 500, "Internal Server Error");
		return;
	}

	if (!cfg || !cfg->prov) {
		answer(rep, 404, "Not Found");
		why = "provisioning is not configured";
		goto out;
	}

	pl.p = msg->path.p + sizeof(prefix) - 1;
	pl.l = msg->path.l - (sizeof(prefix) - 1);
	if (!name_ok(&pl)) {
		answer(rep, 400, "Bad Request");
		why = "not a provisioning file name";
		goto out;
	}
	(void)pl_strcpy(&pl, name, sizeof(name));

	if (!prov_allowed(p, peer)) {
		answer(rep, 403, "Forbidden");
		why = "address outside provisioning.allow";
		goto out;
	}
	if (!tls && https_configured(cfg)) {
		answer(rep, 403, "Forbidden");
		why = "HTTPS is configured: provisioning only over HTTPS";
		goto out;
	}
	if (prov_scan_blocked(p, peer, now)) {
		answer(rep, 403, "Forbidden");
		why = "too many unknown MACs from this address";
		goto out;
	}
	if (!authorized(p, msg, peer, now, rep, &why))
		goto out;

	lookup(p, msg, name, local, rep, mac, &has_mac, &hc, &noacct, &why);

	/* a file with no account for its MAC counts against the source,
	 * whether a handset has the MAC or not: a scanner learns nothing */
	if (has_mac && (noacct || rep->code == 404))
		prov_scan_count(p, peer, now);
	if (has_mac && !hc && (noacct || rep->code == 404))
		discovered(p, msg, mac, peer);
	if (rep->code == 200 && hc && !noacct)
		prov_state_fetched(hc, peer, now);

 out:
	if (has_mac)
		mac_format(macs, mac);

	log_msg(rep->code == 200 && !noacct ? LOG_NOTICE : LOG_WARNING,
		"provisioning: %u %s for %s (MAC %s%s%s) from %J%s%s%s",
		rep->code, rep->reason, name[0] ? name : "?", macs,
		hc ? ", handset " : "", hc ? hc->user_id : "", peer,
		why ? ": " : "", why ? why : "",
		noacct ? " (served the file without an account)" : "");
}
