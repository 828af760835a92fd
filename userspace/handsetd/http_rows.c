/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Handsets page's SIP rows, rendered once and kept until their handset
 * changes.
 *
 * With 10,000 handsets, building each handset's document (listing.c) and
 * freeing it again is most of what a page costs, and between two loads of
 * the page few handsets change.  A row is the same HTML an open page gets
 * for that handset (http_page_sip_row()), from the same document, so the
 * page shows what the JSON says; it is dropped when its handset is
 * published as changed (a binding set, refreshed, removed or expired, a
 * provisioning fetch: records.c and prov_state.c publish each with its
 * user ID), and all of them on a reload or a change without a user ID.
 * Every other section of the page is rendered fresh each time.
 */
#include <string.h>
#include "handsetd.h"
#include "events.h"
#include "http.h"

struct http_rows {
	struct hash *ht;
	struct event_sub *sub;
};

struct row {
	struct le he;
	char *html;               /* the row, then its user ID */
	size_t len;               /* of the row */
};

static void row_destructor(void *arg)
{
	struct row *r = arg;

	hash_unlink(&r->he);
	mem_deref(r->html);
}

static const char *row_uid(const struct row *r)
{
	return r->html + r->len + 1;
}

static bool row_cmp(struct le *le, void *arg)
{
	return !strcmp(row_uid(le->data), arg);
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

static int sip_row_print(struct re_printf *pf, void *arg)
{
	return http_page_sip_row(pf, arg);
}

/* A row rendered from the handset's document, kept under its user ID. */
static struct row *row_render(struct http_rows *rows,
			      const struct handset *hs, const char *uid)
{
	struct odict *o = NULL;
	struct row *r = NULL;
	char *html = NULL;
	size_t len, ulen = strlen(uid);

	if (listing_sip_odict(&o, hs) ||
	    re_sdprintf(&html, "%H", sip_row_print, o))
		goto out;

	len = strlen(html);
	r = mem_zalloc(sizeof(*r), row_destructor);
	if (!r)
		goto out;
	r->html = mem_alloc(len + 1 + ulen + 1, NULL);
	if (!r->html) {
		r = mem_deref(r);
		goto out;
	}
	memcpy(r->html, html, len + 1);
	memcpy(r->html + len + 1, uid, ulen + 1);
	r->len = len;
	hash_append(rows->ht, hash_joaat_str(uid), &r->he, r);

 out:
	mem_deref(html);
	mem_deref(o);

	return r;
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

	r = row_find(rows, uid);
	if (!r)
		r = row_render(rows, hs, uid);
	if (!r)
		return ENOMEM;

	return pf->vph(r->html, r->len, pf->arg);
}

struct print_ctx {
	struct http_rows *rows;
	struct re_printf *pf;
	int err;
};

static bool print_handler(const struct handset *hs, const char *uid,
			  void *arg)
{
	struct print_ctx *pc = arg;
	struct row *r = row_find(pc->rows, uid);

	if (!r)
		r = row_render(pc->rows, hs, uid);
	if (!r) {
		pc->err = ENOMEM;
		return true;
	}

	pc->err = pc->pf->vph(r->html, r->len, pc->pf->arg);

	return pc->err != 0;
}

struct rows_arg {
	struct http_rows *rows;
	const struct records *recs;
};

static int rows_print(struct re_printf *pf, void *arg)
{
	const struct rows_arg *ra = arg;
	struct print_ctx pc = { ra->rows, pf, 0 };

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
