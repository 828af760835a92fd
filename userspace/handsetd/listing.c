/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Handsets list, as handsetctl prints it: SIP handsets, discovered
 * devices, warnings, analog handsets.  Text for people; for programs the
 * JSON document of handsets.schema.json, built as an odict (keys from
 * ctrl_proto.h) by listing_document(), which the control socket and the
 * HTTP API both serve.  Everything a phone sent us is untrusted text: the
 * JSON encoder escapes it, the text form replaces control characters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog.h"
#include "jsondoc.h"
#include "prov.h"
#include "timefmt.h"

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
	return tp == SIP_TRANSP_TCP ? CTRL_VAL_TRANSPORT_TCP :
		tp == SIP_TRANSP_TLS ? CTRL_VAL_TRANSPORT_TLS :
		CTRL_VAL_TRANSPORT_UDP;
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

static bool is_sip(const struct handset *hs)
{
	return hs->conf->model->kind != MODEL_ANALOG;
}

/* When the phone with the configured MAC last fetched its file. */
static const struct prov_seen *prov_seen(const struct handset *hs)
{
	const struct hs_conf *c = hs->conf;

	if (!c->has_mac || !c->model->prov)
		return NULL;

	return prov_state_get(hs->user_id, c->mac);
}

/* Visible: a discovered device is a handset once configured. */
static bool disc_visible(const struct records *r, const struct discovered *d)
{
	return !config_by_mac(records_config(r), d->mac);
}


/* The warnings, one producer for both forms */
typedef void (warning_h)(const char *kind, const char *user_id,
			 const char *msg, void *arg);

struct warn_ctx {
	const struct records *r;
	warning_h *h;
	void *arg;
	const struct handset *hs;	/* typo_handler: the handset */
};

static void warning(struct warn_ctx *wc, const char *kind,
		    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	(void)re_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	wc->h(kind, wc->hs->user_id, buf, wc->arg);
}

static bool typo_handler(struct discovered *d, void *arg)
{
	struct warn_ctx *wc = arg;
	const struct hs_conf *c = wc->hs->conf;
	char a[MAC_STR_SIZE], b[MAC_STR_SIZE];

	if (!disc_visible(wc->r, d) || !mac_is_typo(c->mac, d->mac))
		return false;

	mac_format(a, c->mac);
	mac_format(b, d->mac);
	warning(wc, CTRL_VAL_WARNING_MAC_TYPO, "probable typo: handset %s "
		"is configured with MAC %s and never registered, but device "
		"%s was discovered", wc->hs->user_id, a, b);

	return false;
}

/* Fetched its file, yet no binding a while later: wrong account, or no
 * path to the registrar.  Only while provisioning is configured. */
static void prov_warning(struct warn_ctx *wc, const struct handset *hs)
{
	const struct prov_conf *pc = records_config(wc->r)->prov;
	const struct prov_seen *s = prov_seen(hs);
	uint64_t now = now_wall();

	if (!pc || !s || hs->bindings.head ||
	    now < s->at + pc->unregistered_after)
		return;

	warning(wc, CTRL_VAL_WARNING_PROV_UNREG, "handset %s fetched its "
		"provisioning file at %H from %j but is not registered",
		hs->user_id, time_text, &s->at, &s->src);
}

static bool warn_handler(struct handset *hs, void *arg)
{
	struct warn_ctx *wc = arg;
	const struct hs_conf *c = hs->conf;
	char a[MAC_STR_SIZE], b[MAC_STR_SIZE];

	if (!c->has_mac)
		return false;

	wc->hs = hs;

	if (hs->has_seen_mac && memcmp(hs->seen_mac, c->mac, MAC_LEN)) {
		mac_format(a, c->mac);
		mac_format(b, hs->seen_mac);
		warning(wc, CTRL_VAL_WARNING_MAC_MISMATCH, "MAC mismatch: "
			"handset %s is configured with MAC %s but its phone "
			"reports %s", hs->user_id, a, b);
	}

	if (!hs->bindings.head && !hs->has_seen_mac)
		records_discovered_apply(wc->r, typo_handler, wc);

	prov_warning(wc, hs);

	return false;
}

static void warnings_apply(const struct records *r, warning_h *h, void *arg)
{
	struct warn_ctx wc = { r, h, arg, NULL };

	records_handset_apply(r, warn_handler, &wc);
}


/* The JSON document */
struct doc_ctx {
	const struct records *r;
	struct odict *arr;
	int err;
};

int listing_contact_view(struct listing_contact *v, const struct binding *b)
{
	int err;

	if (!v || !b)
		return EINVAL;

	err = time_iso(v->expires_buf, b->expires);
	if (err)
		return err;
	(void)re_snprintf(v->source_buf, sizeof(v->source_buf), "%J",
			  &b->src);

	v->uri = b->uri;
	v->expires = v->expires_buf;
	v->source = v->source_buf;
	v->transport = transp(b->tp);
	v->user_agent = b->ua;
	v->instance = b->instance;
	v->call_id = b->callid;
	v->cseq = b->cseq;

	return 0;
}

int listing_sip_view(struct listing_sip *v, const struct handset *hs)
{
	const struct hs_conf *c;
	const struct prov_seen *ps;
	int err;

	if (!v || !hs)
		return EINVAL;

	c = hs->conf;
	ps = prov_seen(hs);
	memset(v, 0, offsetof(struct listing_sip, mac_buf));

	v->user_id = hs->user_id;
	v->model = c->model->name;
	v->login = c->login;
	if (c->has_mac) {
		mac_format(v->mac_buf, c->mac);
		v->mac = v->mac_buf;
	}
	if (hs->has_seen_mac) {
		mac_format(v->reported_buf, hs->seen_mac);
		v->reported_mac = v->reported_buf;
	}
	v->registered = hs->bindings.head != NULL;
	if (v->registered) {
		err = time_iso(v->expires_buf, latest_expiry(hs));
		if (err)
			return err;
		v->expires = v->expires_buf;
	}
	v->bindings = &hs->bindings;
	v->provisioning = c->model->prov;
	if (ps) {
		err = time_iso(v->provisioned_buf, ps->at);
		if (err)
			return err;
		(void)re_snprintf(v->from_buf, sizeof(v->from_buf), "%j",
				  &ps->src);
		v->provisioned = v->provisioned_buf;
		v->provisioned_from = v->from_buf;
	}

	return 0;
}

static int contact_odict(struct odict **op, const struct binding *b)
{
	struct listing_contact v;
	struct odict *o = NULL;
	int err;

	err = listing_contact_view(&v, b);
	if (!err)
		err = jsondoc_alloc(&o);
	if (err)
		return err;

	err |= jsondoc_str(o, CTRL_KEY_URI, v.uri);
	err |= jsondoc_str(o, CTRL_KEY_EXPIRES, v.expires);
	err |= jsondoc_str(o, CTRL_KEY_SOURCE, v.source);
	err |= jsondoc_str(o, CTRL_KEY_TRANSPORT, v.transport);
	err |= jsondoc_str(o, CTRL_KEY_USER_AGENT, v.user_agent);
	err |= jsondoc_str(o, CTRL_KEY_INSTANCE, v.instance);
	err |= jsondoc_str(o, CTRL_KEY_CALL_ID, v.call_id);
	err |= odict_entry_add(o, CTRL_KEY_CSEQ, ODICT_INT, (int64_t)v.cseq);

	if (err)
		mem_deref(o);
	else
		*op = o;

	return err;
}

static int sip_odict(struct odict **op, const struct handset *hs)
{
	struct odict *o = NULL, *contacts = NULL;
	struct listing_sip v;
	struct le *le;
	int err;

	err = listing_sip_view(&v, hs);
	if (err)
		return err;

	err  = jsondoc_alloc(&o);
	err |= jsondoc_alloc(&contacts);
	if (err)
		goto out;

	err |= jsondoc_str(o, CTRL_KEY_KIND, CTRL_VAL_KIND_SIP);
	err |= jsondoc_str(o, CTRL_KEY_USER_ID, v.user_id);
	err |= jsondoc_str(o, CTRL_KEY_MODEL, v.model);
	err |= jsondoc_str(o, CTRL_KEY_LOGIN, v.login);
	err |= jsondoc_str(o, CTRL_KEY_MAC, v.mac);
	err |= jsondoc_str(o, CTRL_KEY_REPORTED_MAC, v.reported_mac);
	err |= odict_entry_add(o, CTRL_KEY_REGISTERED, ODICT_BOOL,
			       v.registered);
	err |= jsondoc_str(o, CTRL_KEY_EXPIRES, v.expires);

	for (le = v.bindings->head; le && !err; le = le->next) {
		struct odict *b = NULL;

		err = contact_odict(&b, le->data);
		if (!err)
			err = jsondoc_push(contacts, b);
		mem_deref(b);
	}

	if (!err)
		err = odict_entry_add(o, CTRL_KEY_CONTACTS, ODICT_ARRAY,
				      contacts);

	err |= jsondoc_str(o, CTRL_KEY_PROVISIONING, v.provisioning);
	err |= jsondoc_str(o, CTRL_KEY_PROVISIONED, v.provisioned);
	err |= jsondoc_str(o, CTRL_KEY_PROVISIONED_FROM, v.provisioned_from);

 out:
	mem_deref(contacts);
	if (err)
		mem_deref(o);
	else
		*op = o;

	return err;
}

static bool sip_doc_handler(struct handset *hs, void *arg)
{
	struct doc_ctx *dc = arg;
	struct odict *o = NULL;

	if (!is_sip(hs))
		return false;

	dc->err = sip_odict(&o, hs);
	if (!dc->err)
		dc->err = jsondoc_push(dc->arr, o);
	mem_deref(o);

	return dc->err != 0;
}

static bool disc_doc_handler(struct discovered *d, void *arg)
{
	struct doc_ctx *dc = arg;
	char mac[MAC_STR_SIZE], src[64];
	struct odict *o = NULL;
	int err;

	if (!disc_visible(dc->r, d))
		return false;

	mac_format(mac, d->mac);
	(void)re_snprintf(src, sizeof(src), "%J", &d->src);

	err = jsondoc_alloc(&o);
	if (err)
		goto out;

	err |= jsondoc_str(o, CTRL_KEY_MAC, mac);
	err |= jsondoc_str(o, CTRL_KEY_VENDOR, d->vendor);
	err |= jsondoc_str(o, CTRL_KEY_MODEL, d->model);
	err |= jsondoc_str(o, CTRL_KEY_ADDRESS, src);
	err |= jsondoc_time(o, CTRL_KEY_FIRST_SEEN, d->first_seen);
	err |= jsondoc_time(o, CTRL_KEY_LAST_SEEN, d->last_seen);
	err |= jsondoc_str(o, CTRL_KEY_USER_AGENT, d->ua);
	err |= jsondoc_str(o, CTRL_KEY_SEEN_VIA, d->how);
	if (!err)
		err = jsondoc_push(dc->arr, o);

 out:
	mem_deref(o);
	dc->err = err;

	return err != 0;
}

static void warn_doc_handler(const char *kind, const char *user_id,
			     const char *msg, void *arg)
{
	struct doc_ctx *dc = arg;
	struct odict *o = NULL;
	int err;

	if (dc->err)
		return;

	err = jsondoc_alloc(&o);
	if (!err) {
		err |= jsondoc_str(o, CTRL_KEY_KIND, kind);
		err |= jsondoc_str(o, CTRL_KEY_USER_ID, user_id);
		err |= jsondoc_str(o, CTRL_KEY_MESSAGE, msg);
	}
	if (!err)
		err = jsondoc_push(dc->arr, o);
	mem_deref(o);

	dc->err = err;
}

/* version and generated: what every document starts with */
static int doc_head(struct odict **op, uint64_t now)
{
	struct odict *o = NULL;
	int err;

	err = jsondoc_alloc(&o);
	if (err)
		return err;

	err  = odict_entry_add(o, CTRL_KEY_VERSION, ODICT_INT,
			       (int64_t)CTRL_DOC_VERSION);
	err |= jsondoc_time(o, CTRL_KEY_GENERATED, now);

	if (err)
		mem_deref(o);
	else
		*op = o;

	return err;
}

/* Adds an array filled by apply() under key. */
static int doc_array(struct odict *doc, const char *key,
		     struct doc_ctx *dc, void (*apply)(struct doc_ctx *dc))
{
	int err;

	dc->arr = NULL;
	dc->err = jsondoc_alloc(&dc->arr);
	if (!dc->err)
		apply(dc);
	err = dc->err;
	if (!err)
		err = odict_entry_add(doc, key, ODICT_ARRAY, dc->arr);
	dc->arr = mem_deref(dc->arr);

	return err;
}

static void apply_sip(struct doc_ctx *dc)
{
	records_handset_apply(dc->r, sip_doc_handler, dc);
}

static void apply_disc(struct doc_ctx *dc)
{
	records_discovered_apply(dc->r, disc_doc_handler, dc);
}

static void apply_warn(struct doc_ctx *dc)
{
	warnings_apply(dc->r, warn_doc_handler, dc);
}

static void apply_none(struct doc_ctx *dc)
{
	(void)dc;
}

static int document(struct odict **op, const struct records *r,
		    const struct analog *an, uint64_t now, bool sip)
{
	struct doc_ctx dc = { r, NULL, 0 };
	struct odict *doc = NULL, *analog = NULL;
	int err;

	if (!op || !r || !an)
		return EINVAL;

	err = doc_head(&doc, now);
	if (err)
		return err;

	err = doc_array(doc, CTRL_KEY_SIP_HANDSETS, &dc,
			sip ? apply_sip : apply_none);
	if (!err)
		err = doc_array(doc, CTRL_KEY_DISCOVERED_DEVICES, &dc,
				apply_disc);
	if (!err)
		err = doc_array(doc, CTRL_KEY_WARNINGS, &dc, apply_warn);
	if (!err)
		err = analog_document(&analog, an);
	if (!err)
		err = odict_entry_add(doc, CTRL_KEY_ANALOG, ODICT_OBJECT,
				      analog);

	mem_deref(analog);
	if (err)
		mem_deref(doc);
	else
		*op = doc;

	return err;
}

/*
 * The whole Handsets document (handsets.schema.json, list_document): what
 * `handsetctl list --json` prints and the HTTP API serves.  an: the analog
 * handsets; now: the "generated" time, seconds since the epoch.
 */
int listing_document(struct odict **op, const struct records *r,
		     const struct analog *an, uint64_t now)
{
	return document(op, r, an, now, true);
}

/*
 * The same document with sip_handsets left empty: for the Handsets page,
 * which renders those rows one by one and keeps them (http_rows.c).
 */
int listing_document_nosip(struct odict **op, const struct records *r,
			   const struct analog *an, uint64_t now)
{
	return document(op, r, an, now, false);
}

struct sip_each {
	listing_sip_h *h;
	void *arg;
};

static bool sip_each_handler(struct handset *hs, void *arg)
{
	const struct sip_each *se = arg;

	return is_sip(hs) && se->h(hs, hs->user_id, se->arg);
}

/* Each SIP handset in the list's order, as sip_handsets has them. */
void listing_sip_apply(const struct records *r, listing_sip_h *h, void *arg)
{
	struct sip_each se = { h, arg };

	records_handset_apply(r, sip_each_handler, &se);
}

/* One SIP handset's member of sip_handsets. */
int listing_sip_odict(struct odict **op, const struct handset *hs)
{
	return sip_odict(op, hs);
}

/*
 * The warnings array alone, as in the document: what an open Handsets
 * page re-renders beside a changed row (a registration can end a typo
 * warning or start a MAC mismatch), without the whole list.
 */
int listing_warnings(struct odict **op, const struct records *r)
{
	struct doc_ctx dc = { r, NULL, 0 };

	if (!op || !r)
		return EINVAL;

	dc.err = jsondoc_alloc(&dc.arr);
	if (!dc.err)
		apply_warn(&dc);
	if (dc.err)
		mem_deref(dc.arr);
	else
		*op = dc.arr;

	return dc.err;
}

/*
 * One handset's document (handsets.schema.json, show_document); ENOENT
 * when no handset, SIP or analog, has that user ID.
 */
int listing_show_document(struct odict **op, const struct records *r,
			  const struct analog *an, const struct pl *user_id,
			  uint64_t now)
{
	struct handset *hs = records_handset(r, user_id);
	struct odict *doc = NULL, *h = NULL;
	char *uid = NULL;
	int err;

	if (!op || !r || !an || !pl_isset(user_id))
		return EINVAL;

	if (hs && is_sip(hs)) {
		err = sip_odict(&h, hs);
	}
	else {
		err = pl_strdup(&uid, user_id);
		if (!err)
			err = analog_handset_document(&h, an, uid);
	}
	if (err)
		goto out;

	err = doc_head(&doc, now);
	if (!err)
		err = odict_entry_add(doc, CTRL_KEY_HANDSET, ODICT_OBJECT, h);

 out:
	mem_deref(uid);
	mem_deref(h);
	if (err)
		mem_deref(doc);
	else
		*op = doc;

	return err;
}

static int print_document(struct re_printf *pf, struct odict *doc)
{
	int err;

	err = json_encode_odict(pf, doc);
	mem_deref(doc);

	return err ? err : re_hprintf(pf, "\n");
}


/* The text form */
static int prov_text(struct re_printf *pf, const struct handset *hs)
{
	const struct prov_seen *s = prov_seen(hs);

	if (!hs->conf->model->prov)
		return re_hprintf(pf, "         not provisioned (model %s)\n",
				  hs->conf->model->name);
	if (!s)
		return 0;

	return re_hprintf(pf, "         provisioned %H from %j\n",
			  time_text, &s->at, &s->src);
}

static int sip_text(struct re_printf *pf, const struct handset *hs)
{
	const struct hs_conf *c = hs->conf;
	char mac[MAC_STR_SIZE] = "-";
	uint64_t until = latest_expiry(hs);
	struct le *le;
	int err;

	if (c->has_mac)
		mac_format(mac, c->mac);

	err = re_hprintf(pf, "%-8s %-20s %-14s %-17s ", hs->user_id,
			 c->model->name, c->login, mac);
	if (!hs->bindings.head)
		return err | re_hprintf(pf, "not registered\n") |
			prov_text(pf, hs);

	err |= re_hprintf(pf, "registered until %H\n", time_text, &until);

	for (le = hs->bindings.head; le; le = le->next) {
		const struct binding *b = le->data;

		err |= re_hprintf(pf, "         contact %H  source %s:%J  "
				  "user agent %H\n", text_str, b->uri,
				  transp(b->tp), &b->src, text_str, b->ua);
	}

	return err | prov_text(pf, hs);
}

struct text_ctx {
	struct re_printf *pf;
	const struct records *r;
	unsigned n;
	int err;
};

static bool sip_text_handler(struct handset *hs, void *arg)
{
	struct text_ctx *tc = arg;

	if (is_sip(hs))
		tc->err |= sip_text(tc->pf, hs);

	return tc->err != 0;
}

static bool disc_text_handler(struct discovered *d, void *arg)
{
	struct text_ctx *tc = arg;
	char mac[MAC_STR_SIZE], src[64];

	if (!disc_visible(tc->r, d))
		return false;

	mac_format(mac, d->mac);
	(void)re_snprintf(src, sizeof(src), "%J", &d->src);

	tc->err |= re_hprintf(tc->pf, "%-17s %-12H %-16H %-22s "
			      "first seen %H  last seen %H  user agent %H\n",
			      mac, text_str, d->vendor, text_str, d->model,
			      src, time_text, &d->first_seen, time_text,
			      &d->last_seen, text_str, d->ua);
	++tc->n;

	return tc->err != 0;
}

static void warn_text_handler(const char *kind, const char *user_id,
			      const char *msg, void *arg)
{
	struct text_ctx *tc = arg;

	(void)kind;
	(void)user_id;

	tc->err |= re_hprintf(tc->pf, "%s\n", msg);
	++tc->n;
}

/* json: the document of listing_document(), else the text for people */
int listing_print(struct re_printf *pf, const struct records *r,
		  const struct analog *an, bool json, uint64_t now)
{
	struct text_ctx tc = { pf, r, 0, 0 };
	struct odict *doc = NULL;
	int err;

	if (json) {
		err = listing_document(&doc, r, an, now);

		return err ? err : print_document(pf, doc);
	}

	tc.err |= re_hprintf(pf, "SIP Handsets\n%-8s %-20s %-14s %-17s %s\n",
			     "USER ID", "MODEL", "LOGIN ID", "MAC", "STATUS");
	records_handset_apply(r, sip_text_handler, &tc);

	/* An empty section says so, rather than looking cut off. */
	tc.err |= re_hprintf(pf, "\nDiscovered Devices\n");
	tc.n = 0;
	records_discovered_apply(r, disc_text_handler, &tc);
	if (!tc.n)
		tc.err |= re_hprintf(pf, "(none)\n");

	tc.err |= re_hprintf(pf, "\nWarnings\n");
	tc.n = 0;
	warnings_apply(r, warn_text_handler, &tc);
	if (!tc.n)
		tc.err |= re_hprintf(pf, "(none)\n");

	if (an)
		tc.err |= re_hprintf(pf, "\n%H", analog_list_text, an);

	return tc.err;
}

/* ENOENT when no handset, SIP or analog, has that user ID */
int listing_show(struct re_printf *pf, const struct records *r,
		 const struct analog *an, const struct pl *user_id,
		 bool json, uint64_t now)
{
	struct handset *hs = records_handset(r, user_id);
	struct odict *doc = NULL;
	char *uid = NULL;
	int err;

	if (json) {
		err = listing_show_document(&doc, r, an, user_id, now);

		return err ? err : print_document(pf, doc);
	}

	if (hs && is_sip(hs))
		return sip_text(pf, hs);

	if (!an)
		return ENOENT;

	err = pl_strdup(&uid, user_id);
	if (!err)
		err = analog_handset_text(pf, an, uid);
	mem_deref(uid);

	return err;
}
