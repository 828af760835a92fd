/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SIP handsets' rendered forms, the Handsets page's row and the JSON
 * list's member, each made once and kept until its handset changes.
 *
 * With 10,000 handsets, building each handset's document (listing.c) and
 * freeing it again is most of what a page or /api/v1/handsets costs, and
 * between two loads few handsets change.  A row is the same HTML an open
 * page gets for that handset (http_page_sip_row(), from the facts
 * listing_sip_view() gives) and a member the same JSON listing_document()
 * puts in sip_handsets (libre's encoder over the odict built from those
 * facts), so the page, the API and `handsetctl list --json` agree.
 * Each form is made when first asked for (an open page never needs the
 * JSON).  Both are dropped when their handset is published as changed (a
 * binding set, refreshed, removed or expired, a provisioning fetch:
 * records.c and prov_state.c publish each with its user ID), and all of
 * them on a reload or a change without a user ID.  Everything else in the
 * page and the document is made afresh each time.
 */
#include <string.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "events.h"
#include "http.h"

struct http_rows {
	struct hash *ht;
	struct event_sub *sub;
};

/* a kept form: its text (not NUL-terminated) */
struct form {
	char *s;
	size_t len;
};

struct row {
	struct le he;
	char *uid;
	struct form html;         /* the page's row */
	struct form json;         /* the member of sip_handsets */
};

static void row_destructor(void *arg)
{
	struct row *r = arg;

	hash_unlink(&r->he);
	mem_deref(r->uid);
	mem_deref(r->html.s);
	mem_deref(r->json.s);
}

static bool row_cmp(struct le *le, void *arg)
{
	const struct row *r = le->data;

	return !strcmp(r->uid, arg);
}

static struct row *row_find(const struct http_rows *rows, const char *uid)
{
	struct le *le = hash_lookup(rows->ht, hash_joaat_str(uid), row_cmp,
				    (void *)uid);

	return le ? le->data : NULL;
}

/* Every row goes: a reload may have changed any handset. */
void http_rows_flush(struct http_rows *rows)
{
	if (!rows)
		return;
	hash_flush(rows->ht);
}

static void event_handler(enum event_kind kind, void *arg)
{
	struct http_rows *rows = arg;
	const struct event_info *ei = events_info();

	if (!(kind & (EVENT_SIP | EVENT_EXPIRY | EVENT_CONFIG)))
		return;	/* discoveries and analog ports are no SIP row */

	if (kind & EVENT_CONFIG || !ei || !ei->user_id) {
		http_rows_flush(rows);
		return;
	}

	mem_deref(row_find(rows, ei->user_id));
}

static void destructor(void *arg)
{
	struct http_rows *rows = arg;

	mem_deref(rows->sub);
	http_rows_flush(rows);
	mem_deref(rows->ht);
}

int http_rows_alloc(struct http_rows **rp)
{
	struct http_rows *rows;
	int err;

	if (!rp)
		return EINVAL;

	rows = mem_zalloc(sizeof(*rows), destructor);
	if (!rows)
		return ENOMEM;

	err = hash_alloc(&rows->ht, 4096);
	if (!err)
		err = events_subscribe(&rows->sub, event_handler, rows);
	if (err)
		mem_deref(rows);
	else
		*rp = rows;

	return err;
}

/* A row: the handset's facts (listing_sip_view()) as the page shows them. */
static int sip_row_print(struct re_printf *pf, void *arg)
{
	struct listing_sip v;
	int err;

	err = listing_sip_view(&v, arg);

	return err ? err : http_page_sip_row(pf, &v);
}

/* A member: the handset's odict (listing_sip_odict()) encoded by libre. */
static int sip_json_print(struct re_printf *pf, void *arg)
{
	struct odict *o = NULL;
	int err;

	err = listing_sip_odict(&o, arg);
	if (!err)
		err = json_encode_odict(pf, o);
	mem_deref(o);

	return err;
}

/* The kept forms of handset uid, a new empty entry if none. */
static struct row *row_get(struct http_rows *rows, const char *uid)
{
	struct row *r = row_find(rows, uid);

	if (r)
		return r;

	r = mem_zalloc(sizeof(*r), row_destructor);
	if (!r || str_dup(&r->uid, uid))
		return mem_deref(r);
	hash_append(rows->ht, hash_joaat_str(uid), &r->he, r);

	return r;
}

/* f, made by print from the handset if not kept yet. */
static int form_print(struct re_printf *pf, struct form *f,
		      const struct handset *hs, re_printf_h *print)
{
	char *s = NULL;
	int err;

	if (!f->s) {
		err = re_sdprintf(&s, "%H", print, (void *)hs);
		if (err)
			return err;
		f->s = s;
		f->len = strlen(s);
	}

	return pf->vph(f->s, f->len, pf->arg);
}

/*
 * One SIP handset's row, as kept or rendered now (and then kept): what a
 * live update of an open page carries.  ENOENT: no such SIP handset.
 */
int http_rows_one(struct re_printf *pf, struct http_rows *rows,
		  const struct records *recs, const char *uid)
{
	const struct handset *hs;
	struct row *r;
	struct pl pl;

	pl_set_str(&pl, uid);
	hs = records_handset(recs, &pl);
	if (!hs || hs->conf->model->kind == MODEL_ANALOG)
		return ENOENT;

	r = row_get(rows, uid);
	if (!r)
		return ENOMEM;

	return form_print(pf, &r->html, hs, sip_row_print);
}

struct print_ctx {
	struct http_rows *rows;
	struct re_printf *pf;
	bool json;                /* members, comma-separated; else rows */
	bool first;
	int err;
};

static bool print_handler(const struct handset *hs, const char *uid,
			  void *arg)
{
	struct print_ctx *pc = arg;
	struct row *r = row_get(pc->rows, uid);

	if (!r) {
		pc->err = ENOMEM;
		return true;
	}

	if (!pc->json) {
		pc->err = form_print(pc->pf, &r->html, hs, sip_row_print);
		return pc->err != 0;
	}

	if (!pc->first)
		pc->err = pc->pf->vph(",", 1, pc->pf->arg);
	pc->first = false;
	if (!pc->err)
		pc->err = form_print(pc->pf, &r->json, hs, sip_json_print);

	return pc->err != 0;
}

struct rows_arg {
	struct http_rows *rows;
	const struct records *recs;
};

static int rows_print(struct re_printf *pf, void *arg)
{
	const struct rows_arg *ra = arg;
	struct print_ctx pc = { ra->rows, pf, false, true, 0 };

	listing_sip_apply(ra->recs, print_handler, &pc);

	return pc.err;
}

static bool count_handler(const struct handset *hs, const char *uid,
			  void *arg)
{
	(void)hs;
	(void)uid;
	++*(unsigned *)arg;

	return false;
}

static int page(struct re_printf *pf, struct http_rows *rows,
		const struct records *recs, const struct analog *an,
		uint64_t now, bool whole)
{
	struct rows_arg ra = { rows, recs };
	struct odict *doc = NULL;
	unsigned nsip = 0;
	int err;

	err = listing_document_nosip(&doc, recs, an, now);
	if (err)
		return err;

	listing_sip_apply(recs, count_handler, &nsip);
	err = http_page_list_rows(pf, doc, an, nsip, rows_print, &ra, whole);
	mem_deref(doc);

	return err;
}

/* The whole Handsets page, its SIP rows from the cache where it can. */
int http_rows_page(struct re_printf *pf, struct http_rows *rows,
		   const struct records *recs, const struct analog *an,
		   uint64_t now)
{
	return page(pf, rows, recs, an, now, true);
}

/* Only its <main>: what an open page gets when more than rows changed. */
int http_rows_main(struct re_printf *pf, struct http_rows *rows,
		   const struct records *recs, const struct analog *an,
		   uint64_t now)
{
	return page(pf, rows, recs, an, now, false);
}

/*
 * The whole Handsets document, as listing_document() encoded by libre
 * makes it, with the members of sip_handsets from the cache: the rest of
 * the document is encoded with an empty sip_handsets, the kept members go
 * between its brackets.  The key can only appear as itself there (a string
 * value's quotes are escaped), and it is the third, after two numbers.
 */
int http_rows_json(struct re_printf *pf, struct http_rows *rows,
		   const struct records *recs, const struct analog *an,
		   uint64_t now)
{
	static const char key[] = "\"" CTRL_KEY_SIP_HANDSETS "\":[";
	struct print_ctx pc = { rows, pf, true, true, 0 };
	struct odict *doc = NULL;
	char *rest = NULL;
	const char *at;
	size_t n;
	int err;

	err = listing_document_nosip(&doc, recs, an, now);
	if (!err)
		err = re_sdprintf(&rest, "%H", json_encode_odict, doc);
	mem_deref(doc);
	if (err)
		return err;

	at = strstr(rest, key);
	if (!at || at[sizeof(key) - 1] != ']') {
		err = EPROTO;	/* libre encodes differently: a bug here */
		goto out;
	}

	n = (size_t)(at - rest) + sizeof(key) - 1;
	err = pf->vph(rest, n, pf->arg);
	if (!err) {
		listing_sip_apply(recs, print_handler, &pc);
		err = pc.err;
	}
	if (!err)
		err = re_hprintf(pf, "%s", rest + n);

 out:
	mem_deref(rest);

	return err;
}
