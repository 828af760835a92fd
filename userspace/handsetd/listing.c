/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Handsets list, as handsetctl prints it: SIP handsets, discovered
 * devices, warnings, analog handsets.  Text for people (times in local
 * time), JSON for programs (ISO 8601 times with offset).  Everything a
 * phone sent us is untrusted text, so it is escaped in both forms.
 */
#include <stdarg.h>
#include <string.h>
#include "handsetd.h"
#include "analog.h"

struct lctx {
	struct re_printf *pf;
	const struct records *r;
	uint64_t now;
	bool json;
	bool first;
	int err;
};

static int local_time(struct re_printf *pf, const uint64_t *t)
{
	time_t tt = (time_t)*t;
	struct tm tm;
	char buf[32];

	if (!localtime_r(&tt, &tm))
		return re_hprintf(pf, "?");
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);

	return re_hprintf(pf, "%s", buf);
}

static int iso_time(struct re_printf *pf, const uint64_t *t)
{
	time_t tt = (time_t)*t;
	struct tm tm;
	char buf[40];
	size_t n;

	if (!localtime_r(&tt, &tm))
		return re_hprintf(pf, "null");
	n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S%z", &tm);

	/* ISO 8601 extended form wants the offset as +hh:mm */
	if (n == 24)
		return re_hprintf(pf, "\"%b:%s\"", buf, (size_t)22, buf + 22);

	return re_hprintf(pf, "\"%s\"", buf);
}

static int json_str(struct re_printf *pf, const char *s)
{
	int err = 0;

	if (!s)
		return re_hprintf(pf, "null");

	err |= re_hprintf(pf, "\"");
	for (; *s && !err; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			err |= re_hprintf(pf, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			err |= re_hprintf(pf, "\\u%04x", ch);
		else
			err |= pf->vph(s, 1, pf->arg);
	}
	err |= re_hprintf(pf, "\"");

	return err;
}

/* Text for a terminal: control characters could rewrite the screen. */
static int text_str(struct re_printf *pf, const char *s)
{
	int err = 0;

	if (!s || !*s)
		return re_hprintf(pf, "-");

	for (; *s && !err; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			err |= re_hprintf(pf, "?");
		else
			err |= pf->vph(s, 1, pf->arg);
	}

	return err;
}

static const char *transp(enum sip_transp tp)
{
	return tp == SIP_TRANSP_TCP ? "tcp" : tp == SIP_TRANSP_TLS ? "tls" :
		"udp";
}

static uint64_t latest_expiry(const struct handset *hs)
{
	uint64_t t = 0;
	struct le *le;

	for (le = hs->bindings.head; le; le = le->next) {
		const struct binding *b = le->data;

		if (b->expires > t)
			t = b->expires;
	}

	return t;
}

static const char *analog_status(enum analog_state s)
{
	switch (s) {
	case ANALOG_ONHOOK:  return "on-hook";
	case ANALOG_OFFHOOK: return "off-hook";
	case ANALOG_ABSENT:  return "port absent";
	default:             return "unknown";
	}
}

static int sip_text(struct re_printf *pf, const struct handset *hs,
		    uint64_t now)
{
	const struct hs_conf *c = hs->conf;
	char mac[MAC_STR_SIZE] = "-";
	uint64_t until = latest_expiry(hs);
	struct le *le;
	int err;

	(void)now;

	if (c->has_mac)
		mac_format(mac, c->mac);

	err = re_hprintf(pf, "%-8s %-20s %-14s %-17s ", hs->user_id,
			 c->model->name, c->login, mac);
	if (!hs->bindings.head)
		return err | re_hprintf(pf, "not registered\n");

	err |= re_hprintf(pf, "registered until %H\n", local_time, &until);

	for (le = hs->bindings.head; le; le = le->next) {
		const struct binding *b = le->data;

		err |= re_hprintf(pf, "         contact %H  source %s:%J  "
				  "user agent %H\n", text_str, b->uri,
				  transp(b->tp), &b->src, text_str, b->ua);
	}

	return err;
}

static int binding_json(struct re_printf *pf, const struct binding *b)
{
	char src[64];

	re_snprintf(src, sizeof(src), "%J", &b->src);

	return re_hprintf(pf, "{\"uri\":%H,\"expires\":%H,\"source\":%H,"
			  "\"transport\":\"%s\",\"user_agent\":%H,"
			  "\"instance\":%H,\"call_id\":%H,\"cseq\":%u}",
			  json_str, b->uri, iso_time, &b->expires,
			  json_str, src, transp(b->tp), json_str, b->ua,
			  json_str, b->instance, json_str, b->callid,
			  b->cseq);
}

static int sip_json(struct re_printf *pf, const struct handset *hs)
{
	const struct hs_conf *c = hs->conf;
	char mac[MAC_STR_SIZE], seen[MAC_STR_SIZE];
	uint64_t until = latest_expiry(hs);
	struct le *le;
	int err;

	if (c->has_mac)
		mac_format(mac, c->mac);
	if (hs->has_seen_mac)
		mac_format(seen, hs->seen_mac);

	err = re_hprintf(pf, "{\"user_id\":%H,\"model\":%H,\"login\":%H,"
			 "\"mac\":%H,\"reported_mac\":%H,\"registered\":%s,",
			 json_str, hs->user_id, json_str, c->model->name,
			 json_str, c->login, json_str,
			 c->has_mac ? mac : NULL, json_str,
			 hs->has_seen_mac ? seen : NULL,
			 hs->bindings.head ? "true" : "false");

	if (hs->bindings.head)
		err |= re_hprintf(pf, "\"expires\":%H,", iso_time, &until);
	else
		err |= re_hprintf(pf, "\"expires\":null,");

	err |= re_hprintf(pf, "\"contacts\":[");
	for (le = hs->bindings.head; le; le = le->next)
		err |= re_hprintf(pf, "%s%H", le == hs->bindings.head ? "" :
				  ",", binding_json, le->data);

	return err | re_hprintf(pf, "]}");
}

static int analog_text(struct re_printf *pf, const struct handset *hs)
{
	int err;

	err = re_hprintf(pf, "%-8s %-12s %s", hs->user_id, hs->conf->port,
			 analog_status(hs->analog));
	if (hs->analog == ANALOG_OFFHOOK || hs->analog == ANALOG_ONHOOK)
		err |= re_hprintf(pf, " since %H", local_time,
				  &hs->analog_since);

	return err | re_hprintf(pf, "\n");
}

static int analog_json(struct re_printf *pf, const struct handset *hs)
{
	int err;

	err = re_hprintf(pf, "{\"user_id\":%H,\"model\":\"analog\","
			 "\"port\":%H,\"status\":\"%s\",\"since\":",
			 json_str, hs->user_id, json_str, hs->conf->port,
			 analog_status(hs->analog));
	if (hs->analog == ANALOG_OFFHOOK || hs->analog == ANALOG_ONHOOK)
		err |= iso_time(pf, &hs->analog_since);
	else
		err |= re_hprintf(pf, "null");

	return err | re_hprintf(pf, "}");
}

static bool sip_handler(struct handset *hs, void *arg)
{
	struct lctx *lc = arg;

	if (hs->conf->model->kind == MODEL_ANALOG)
		return false;

	if (lc->json) {
		lc->err |= re_hprintf(lc->pf, "%s%H", lc->first ? "" : ",",
				      sip_json, hs);
		lc->first = false;
	}
	else {
		lc->err |= sip_text(lc->pf, hs, lc->now);
	}

	return lc->err != 0;
}

static bool analog_handler(struct handset *hs, void *arg)
{
	struct lctx *lc = arg;

	if (hs->conf->model->kind != MODEL_ANALOG)
		return false;

	if (lc->json) {
		lc->err |= re_hprintf(lc->pf, "%s%H", lc->first ? "" : ",",
				      analog_json, hs);
		lc->first = false;
	}
	else {
		lc->err |= analog_text(lc->pf, hs);
	}

	return lc->err != 0;
}

static bool disc_handler(struct discovered *d, void *arg)
{
	struct lctx *lc = arg;
	char mac[MAC_STR_SIZE], src[64];

	/* once configured, a device is a handset, not a discovery */
	if (config_by_mac(records_config(lc->r), d->mac))
		return false;

	mac_format(mac, d->mac);
	re_snprintf(src, sizeof(src), "%J", &d->src);

	if (lc->json) {
		lc->err |= re_hprintf(lc->pf, "%s{\"mac\":\"%s\","
				      "\"vendor\":%H,\"model\":%H,"
				      "\"address\":%H,\"first_seen\":%H,"
				      "\"last_seen\":%H,\"user_agent\":%H,"
				      "\"seen_via\":%H}",
				      lc->first ? "" : ",", mac,
				      json_str, d->vendor, json_str, d->model,
				      json_str, src, iso_time, &d->first_seen,
				      iso_time, &d->last_seen,
				      json_str, d->ua, json_str, d->how);
		lc->first = false;
	}
	else {
		lc->err |= re_hprintf(lc->pf, "%-17s %-12H %-16H %-22s "
				      "first seen %H  last seen %H  "
				      "user agent %H\n", mac,
				      text_str, d->vendor, text_str, d->model,
				      src, local_time, &d->first_seen,
				      local_time, &d->last_seen,
				      text_str, d->ua);
		lc->first = false;
	}

	return lc->err != 0;
}

struct typo_ctx {
	struct lctx *lc;
	const struct handset *hs;
};

static int warning(struct lctx *lc, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	(void)re_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	if (lc->json) {
		lc->err |= re_hprintf(lc->pf, "%s%H", lc->first ? "" : ",",
				      json_str, buf);
		lc->first = false;
	}
	else {
		lc->err |= re_hprintf(lc->pf, "%s\n", buf);
		lc->first = false;
	}

	return lc->err;
}

static bool typo_handler(struct discovered *d, void *arg)
{
	struct typo_ctx *tc = arg;
	const struct hs_conf *c = tc->hs->conf;
	char a[MAC_STR_SIZE], b[MAC_STR_SIZE];

	if (config_by_mac(records_config(tc->lc->r), d->mac) ||
	    !mac_is_typo(c->mac, d->mac))
		return false;

	mac_format(a, c->mac);
	mac_format(b, d->mac);
	(void)warning(tc->lc, "probable typo: handset %s is configured with "
		      "MAC %s and never registered, but device %s was "
		      "discovered", tc->hs->user_id, a, b);

	return false;
}

static bool warn_handler(struct handset *hs, void *arg)
{
	struct lctx *lc = arg;
	const struct hs_conf *c = hs->conf;
	char a[MAC_STR_SIZE], b[MAC_STR_SIZE];

	if (!c->has_mac)
		return false;

	if (hs->has_seen_mac && memcmp(hs->seen_mac, c->mac, MAC_LEN)) {
		mac_format(a, c->mac);
		mac_format(b, hs->seen_mac);
		(void)warning(lc, "MAC mismatch: handset %s is configured "
			      "with MAC %s but its phone reports %s",
			      hs->user_id, a, b);
	}

	if (!hs->bindings.head && !hs->has_seen_mac) {
		struct typo_ctx tc = { lc, hs };

		records_discovered_apply(lc->r, typo_handler, &tc);
	}

	return lc->err != 0;
}

/*
 * an: the analog handsets (analog.c), which then print the Analog
 * Handsets section themselves: ports and auto-created handsets are theirs.
 */
int listing_print(struct re_printf *pf, const struct records *r,
		  const struct analog *an, bool json, uint64_t now)
{
	struct lctx lc;

	memset(&lc, 0, sizeof(lc));
	lc.pf = pf;
	lc.r = r;
	lc.now = now;
	lc.json = json;

	if (json) {
		lc.first = true;
		lc.err |= re_hprintf(pf, "{\"sip_handsets\":[");
		records_handset_apply(r, sip_handler, &lc);
		lc.first = true;
		lc.err |= re_hprintf(pf, "],\"discovered_devices\":[");
		records_discovered_apply(r, disc_handler, &lc);
		lc.first = true;
		lc.err |= re_hprintf(pf, "],\"warnings\":[");
		records_handset_apply(r, warn_handler, &lc);
		if (an) {
			lc.err |= re_hprintf(pf, "],\"analog\":%H}\n",
					     analog_list_json, an);
			return lc.err;
		}
		lc.first = true;
		lc.err |= re_hprintf(pf, "],\"analog_handsets\":[");
		records_handset_apply(r, analog_handler, &lc);
		lc.err |= re_hprintf(pf, "]}\n");
		return lc.err;
	}

	lc.err |= re_hprintf(pf, "SIP Handsets\n%-8s %-20s %-14s %-17s %s\n",
			     "USER ID", "MODEL", "LOGIN ID", "MAC", "STATUS");
	records_handset_apply(r, sip_handler, &lc);

	/* An empty section says so, rather than looking cut off. */
	lc.err |= re_hprintf(pf, "\nDiscovered Devices\n");
	lc.first = true;
	records_discovered_apply(r, disc_handler, &lc);
	if (lc.first)
		lc.err |= re_hprintf(pf, "(none)\n");

	lc.err |= re_hprintf(pf, "\nWarnings\n");
	lc.first = true;
	records_handset_apply(r, warn_handler, &lc);
	if (lc.first)
		lc.err |= re_hprintf(pf, "(none)\n");

	if (an)
		return lc.err | re_hprintf(pf, "\n%H", analog_list_text, an);

	lc.err |= re_hprintf(pf, "\nAnalog Handsets\n%-8s %-12s %s\n",
			     "USER ID", "PORT", "STATUS");
	records_handset_apply(r, analog_handler, &lc);

	return lc.err;
}

int listing_show(struct re_printf *pf, const struct records *r,
		 const struct pl *user_id, bool json, uint64_t now)
{
	struct handset *hs = records_handset(r, user_id);

	if (!hs)
		return ENOENT;

	if (hs->conf->model->kind == MODEL_ANALOG)
		return json ? re_hprintf(pf, "%H\n", analog_json, hs) :
			analog_text(pf, hs);

	if (json)
		return re_hprintf(pf, "%H\n", sip_json, hs);

	return sip_text(pf, hs, now);
}
