/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handsetd's HTTP server: the Handsets page, /api/v1 and the live event
 * stream, on the daemon's own libre loop.
 *
 * Why not libre's http_listen(): in libre 1.1.0 it buffers up to 512 KiB
 * per connection, waits 10 minutes on an idle one, accepts any number of
 * them and drops a malformed request without an answer or a trace.  This
 * file keeps libre's TCP and TLS connections, its request parser
 * (http_msg_decode) and its Digest code, and adds what a page reachable
 * from a LAN needs: a byte limit on the request head, a time limit on
 * sending it, a connection cap, the right 4xx with a log line for every
 * refusal, and security headers on every answer.  A slow reader costs a
 * send queue (bounded), never a blocked loop: libre never blocks on send.
 *
 * Live updates are Server-Sent Events (/api/v1/events): changes are
 * coalesced for PUSH_DELAY_MS and rendered once, and the same bytes go to
 * every open page.  When only SIP handsets' bindings changed, that is
 * just their rows (and the Warnings, which a registration can change):
 * with 10,000 handsets the whole <main> is megabytes, and re-rendering it
 * for each burst of registrations would cost the registrar more than its
 * registrations.  Anything else sends the whole <main>.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog.h"
#include "events.h"
#include "http.h"
#include "prov.h"

enum {
	MAX_HEADERS     = 64,
	MAX_METHOD      = 16,
	MAX_USER_ID     = 64,
	MAX_PATH        = 1024,
	PUSH_DELAY_MS   = 200,
	PUSH_SHARE      = 4,
	SSE_PING_MS     = 15000,
	SWEEP_MS        = 1000,
	/* a page for 10,000 handsets is a few MB; a reader that falls
	 * further behind than this is dropped, not buffered for */
	TXQ_MAX         = 64 << 20,
	SSE_BACKLOG_MAX = 4 << 20,
	/* more changed rows than this in one push: the whole <main> */
	DIRTY_MAX       = 2000,
};

static const char sec_hdrs[] =
	"Content-Security-Policy: default-src 'none'; script-src 'self'; "
	"style-src 'self'; img-src 'self'; connect-src 'self'; "
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"X-Frame-Options: DENY\r\n"
	"Referrer-Policy: no-referrer\r\n"
	"Cross-Origin-Opener-Policy: same-origin\r\n"
	"Cross-Origin-Resource-Policy: same-origin\r\n";

struct http_srv {
	struct list socks;
	struct list conns;
	uint32_t connc;
	uint32_t ssec;
	struct tls *tls;
	struct config *cfg;
	const struct http_conf *hc;
	struct records *recs;
	struct analog *an;
	struct http_authn *authn;
	struct prov *prov;        /* /prov/ (prov_http.c); NULL: none */
	struct http_rows *rows;   /* SIP rows and JSON members (http_rows.c) */
	struct event_sub *sub;
	struct tmr push;
	struct tmr sweep;
	uint64_t push_ms;         /* what rendering the last push cost */
	size_t json_size;         /* the last list's sizes: the next */
	size_t page_size;         /* buffers start that big, no regrowth */
	struct hash *dirty;       /* user IDs of rows changed since a push */
	uint32_t dirtyc;
	bool push_all;            /* a change beyond single rows */
	uint64_t refused_at;
	uint32_t refused;
};

struct dirty_row {
	struct le he;
	char *uid;
};

struct lsock {
	struct le le;
	struct http_srv *srv;
	struct tcp_sock *ts;
	struct http_listen l;
};

struct hconn {
	struct le le;
	struct http_srv *srv;
	struct tcp_conn *tc;
	struct tls_conn *sc;
	struct sa peer;
	struct mbuf *mb;
	struct tmr tmr;
	struct mbuf *out;         /* http_srv_replay(): no tc, answers here */
	bool *gone;               /* http_srv_replay(): set when freed */
	bool sse;
	bool closing;
	bool idle;
};

struct req {
	const struct http_msg *msg;
	bool head;
	bool close;
};

static void conn_destructor(void *arg)
{
	struct hconn *c = arg;

	if (c->sse)
		--c->srv->ssec;
	--c->srv->connc;
	list_unlink(&c->le);
	tmr_cancel(&c->tmr);
	mem_deref(c->sc);
	mem_deref(c->tc);
	mem_deref(c->mb);
	if (c->gone)
		*c->gone = true;
}

static void lsock_destructor(void *arg)
{
	struct lsock *ls = arg;

	list_unlink(&ls->le);
	mem_deref(ls->ts);
}

static void srv_destructor(void *arg)
{
	struct http_srv *srv = arg;

	tmr_cancel(&srv->push);
	tmr_cancel(&srv->sweep);
	mem_deref(srv->sub);
	mem_deref(srv->rows);
	hash_flush(srv->dirty);
	mem_deref(srv->dirty);
	list_flush(&srv->socks);
	list_flush(&srv->conns);
	mem_deref(srv->authn);
	mem_deref(srv->tls);
	mem_deref(srv->cfg);
}

static void conn_close(struct hconn *c)
{
	mem_deref(c);
}

static void drained_handler(void *arg)
{
	struct hconn *c = arg;

	if (!tcp_conn_txqsz(c->tc))
		conn_close(c);
}

/* Close once libre has handed every queued byte to the kernel. */
static void conn_finish(struct hconn *c)
{
	c->closing = true;
	tmr_cancel(&c->tmr);

	if (!tcp_conn_txqsz(c->tc)) {
		conn_close(c);
		return;
	}

	(void)tcp_set_send(c->tc, drained_handler);
}

static int send_mb(struct hconn *c, struct mbuf *mb)
{
	mb->pos = 0;
	if (!c->tc)
		return mbuf_write_mem(c->out, mb->buf, mb->end);

	return tcp_send(c->tc, mb);
}

/*
 * An answer's head: status line, the security headers, type, length,
 * caching, extra headers (each ending in CRLF).
 */
static int head_print(struct mbuf *mb, const struct hconn *c,
		      const struct req *rq, uint16_t code, const char *reason,
		      const char *ctype, const char *cache, const char *extra,
		      size_t len)
{
	int err;

	err = mbuf_printf(mb, "HTTP/1.1 %u %s\r\n%s", code, reason, sec_hdrs);
	if (c->sc)
		err |= mbuf_printf(mb, "Strict-Transport-Security: "
				   "max-age=31536000\r\n");
	if (ctype)
		err |= mbuf_printf(mb, "Content-Type: %s\r\n", ctype);
	err |= mbuf_printf(mb, "Content-Length: %zu\r\nCache-Control: %s\r\n"
			   "%s%s\r\n", len, cache ? cache : "no-store",
			   extra ? extra : "", rq->close ?
			   "Connection: close\r\n" : "");

	return err;
}

/* One answer: the head, then the body unless HEAD. */
static int respond(struct hconn *c, const struct req *rq, uint16_t code,
		   const char *reason, const char *ctype, const char *cache,
		   const char *extra, const uint8_t *body, size_t len)
{
	struct mbuf *mb = mbuf_alloc(len + 1024);
	int err;

	if (!mb)
		return ENOMEM;

	err = head_print(mb, c, rq, code, reason, ctype, cache, extra, len);
	if (!rq->head && len)
		err |= mbuf_write_mem(mb, body, len);

	if (!err)
		err = send_mb(c, mb);
	mem_deref(mb);

	return err;
}

/*
 * A 200 whose body is a whole mbuf (the list: megabytes for thousands of
 * handsets), sent after its head as it is, not copied behind it.
 */
static int respond_mb(struct hconn *c, const struct req *rq,
		      const char *ctype, struct mbuf *body)
{
	struct mbuf *mb = mbuf_alloc(1024);
	int err;

	if (!mb)
		return ENOMEM;

	err = head_print(mb, c, rq, 200, "OK", ctype, NULL, NULL, body->end);
	if (!err)
		err = send_mb(c, mb);
	if (!err && !rq->head && body->end)
		err = send_mb(c, body);
	mem_deref(mb);

	return err;
}

struct err_arg {
	uint16_t code;
	const char *reason;
	const char *why;
};

static int error_print(struct re_printf *pf, void *arg)
{
	const struct err_arg *ea = arg;

	return http_page_error(pf, ea->code, ea->reason, ea->why);
}

/* A refusal: its status, the reason in the log, a short page. */
static void refuse(struct hconn *c, struct req *rq, uint16_t code,
		   const char *reason, const char *extra, int prio,
		   const char *why)
{
	const struct http_msg *msg = rq->msg;
	struct mbuf *mb = mbuf_alloc(512);

	if (msg)
		log_msg(prio, "http: %u %s for %r %r from %J: %s", code,
			reason, &msg->met, &msg->path, &c->peer, why);
	else
		log_msg(prio, "http: %u %s for %J: %s", code, reason,
			&c->peer, why);

	/* after a malformed request, nothing later on the stream is sure */
	if (code != 401 && code != 404 && code != 304)
		rq->close = true;

	if (mb) {
		struct err_arg ea = { code, reason, why };

		(void)mbuf_printf(mb, "%H", error_print, &ea);
		(void)respond(c, rq, code, reason, "text/html; charset=utf-8",
			      NULL, extra, mb->buf, mb->end);
		mem_deref(mb);
	}
}

/*
 * The document handsetctl list --json prints (listing_document()),
 * encoded as handsetctl prints it, newline included; its SIP handsets'
 * members kept between requests (http_rows.c).
 */
static int json_print(struct re_printf *pf, void *arg)
{
	struct http_srv *srv = arg;

	return http_rows_json(pf, srv->rows, srv->recs, srv->an, now_wall());
}

static int json_get(struct http_srv *srv, struct mbuf **jsonp)
{
	struct mbuf *mb = NULL;
	int err;

	mb = mbuf_alloc(max(srv->json_size + srv->json_size / 8, 8192));
	err = mb ? mbuf_printf(mb, "%H\n", json_print, srv) : ENOMEM;
	if (!err) {
		srv->json_size = mb->end;
		*jsonp = mb;
	}
	else {
		mem_deref(mb);
	}

	return err;
}

/* The page, its SIP rows kept between loads (http_rows.c). */
static int page_print(struct re_printf *pf, void *arg)
{
	struct http_srv *srv = arg;

	return http_rows_page(pf, srv->rows, srv->recs, srv->an, now_wall());
}

static int main_print(struct re_printf *pf, void *arg)
{
	struct http_srv *srv = arg;

	return http_rows_main(pf, srv->rows, srv->recs, srv->an, now_wall());
}

static int handset_print(struct re_printf *pf, void *arg)
{
	return http_page_handset(pf, arg);
}

static void serve_list(struct hconn *c, struct req *rq, bool json)
{
	struct mbuf *js = NULL, *html = NULL;
	int err;

	if (json) {
		err = json_get(c->srv, &js);
		if (!err)
			err = respond_mb(c, rq, "application/json", js);
		goto out;
	}

	html = mbuf_alloc(max(c->srv->page_size + c->srv->page_size / 8,
			      16384));
	if (!html) {
		err = ENOMEM;
		goto out;
	}
	err = mbuf_printf(html, "%H", page_print, c->srv);
	if (!err) {
		c->srv->page_size = html->end;
		err = respond_mb(c, rq, "text/html; charset=utf-8", html);
	}

 out:
	if (err)
		refuse(c, rq, 500, "Internal Server Error", NULL, LOG_ERR,
		       "cannot render the Handsets list");
	mem_deref(js);
	mem_deref(html);
}

static bool valid_user_id(const struct pl *id)
{
	size_t i;

	if (!id->l || id->l > MAX_USER_ID)
		return false;

	for (i = 0; i < id->l; i++) {
		char ch = id->p[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '_' ||
		      ch == '-' || ch == '~' || ch == '+'))
			return false;
	}

	return true;
}

static int handset_json(struct re_printf *pf, void *arg)
{
	return json_encode_odict(pf, arg);
}

/*
 * One handset: the record listing_show_document() builds with the same
 * code as the list's rows, so the page, its JSON and the list can never
 * disagree about it (and an auto-created analog handset has a page as
 * well as a configured one), without building the whole list for it.
 */
static void serve_handset(struct hconn *c, struct req *rq,
			  const struct pl *id, bool json)
{
	struct mbuf *out = NULL;
	struct odict *doc = NULL;
	const struct odict *hs = NULL;
	int err = 0;

	if (valid_user_id(id)) {
		err = listing_show_document(&doc, c->srv->recs, c->srv->an,
					    id, now_wall());
		if (!err) {
			const struct odict_entry *e;

			e = odict_get_type(doc, ODICT_OBJECT, CTRL_KEY_HANDSET);
			hs = e ? e->u.odict : NULL;
		}
		else if (err == ENOENT)
			err = 0;
	}
	if (!err && !hs) {
		refuse(c, rq, 404, "Not Found", NULL, LOG_INFO,
		       "no such handset");
		goto out;
	}

	out = mbuf_alloc(4096);
	if (!out)
		err = ENOMEM;
	if (!err)
		err = mbuf_printf(out, "%H", json ? handset_json :
				  handset_print, (void *)hs);
	if (!err)
		err = respond(c, rq, 200, "OK", json ? "application/json" :
			      "text/html; charset=utf-8", NULL, NULL,
			      out->buf, out->end);
	if (err)
		refuse(c, rq, 500, "Internal Server Error", NULL, LOG_ERR,
		       "cannot render the handset");

 out:
	mem_deref(out);
	mem_deref(doc);
}

static void serve_asset(struct hconn *c, struct req *rq,
			const struct http_asset *as)
{
	const struct http_hdr *inm;
	char etag[64];

	re_snprintf(etag, sizeof(etag), "ETag: %s\r\n", as->etag);

	inm = http_msg_hdr(rq->msg, HTTP_HDR_IF_NONE_MATCH);
	if (inm && !pl_strcmp(&inm->val, as->etag)) {
		(void)respond(c, rq, 304, "Not Modified", NULL, "no-cache",
			      etag, NULL, 0);
		return;
	}

	(void)respond(c, rq, 200, "OK", as->ctype, "no-cache", etag,
		      (const uint8_t *)as->data, as->len);
}

/*
 * One SSE event whose data is a fragment of HTML: every line of it
 * becomes a "data:" line (the page's strings hold none, see html_str).
 */
static int sse_event(struct mbuf *out, const char *name,
		     const struct mbuf *data)
{
	size_t i, start = 0;
	int err;

	err = mbuf_printf(out, "event: %s\n", name);
	for (i = 0; i <= data->end && !err; i++) {
		if (i < data->end && data->buf[i] != '\n')
			continue;
		err = mbuf_printf(out, "data: %b\n", data->buf + start,
				  i - start);
		start = i + 1;
	}

	return err | mbuf_write_str(out, "\n");
}

/* The current <main>, as one event, or NULL. */
static struct mbuf *main_event(struct http_srv *srv)
{
	struct mbuf *html = NULL, *ev = NULL;
	int err;

	html = mbuf_alloc(max(srv->page_size, 16384));
	if (!html) {
		err = ENOMEM;
		goto out;
	}

	err = mbuf_printf(html, "%H", main_print, srv);
	if (err)
		goto out;

	/* "data: " on each line: an eighth more than the HTML, or so */
	ev = mbuf_alloc(html->end + html->end / 8 + 64);
	err = ev ? sse_event(ev, "main", html) : ENOMEM;

 out:
	mem_deref(html);
	if (err)
		ev = mem_deref(ev);

	return ev;
}

static void dirty_destructor(void *arg)
{
	struct dirty_row *d = arg;

	hash_unlink(&d->he);
	mem_deref(d->uid);
}

static bool dirty_cmp(struct le *le, void *arg)
{
	const struct dirty_row *d = le->data;

	return !strcmp(d->uid, arg);
}

static void dirty_clear(struct http_srv *srv)
{
	hash_flush(srv->dirty);
	srv->dirtyc = 0;
	srv->push_all = false;
}

/* One more changed row; past DIRTY_MAX (or out of memory), all of them. */
static void dirty_add(struct http_srv *srv, const char *uid)
{
	uint32_t key = hash_joaat_str(uid);
	struct dirty_row *d;

	if (srv->push_all ||
	    hash_lookup(srv->dirty, key, dirty_cmp, (void *)uid))
		return;

	if (srv->dirtyc >= DIRTY_MAX) {
		srv->push_all = true;
		return;
	}

	d = mem_zalloc(sizeof(*d), dirty_destructor);
	if (!d || str_dup(&d->uid, uid)) {
		mem_deref(d);
		srv->push_all = true;
		return;
	}
	hash_append(srv->dirty, key, &d->he, d);
	++srv->dirtyc;
}


static int warnings_print(struct re_printf *pf, void *arg)
{
	return http_page_warnings(pf, arg);
}

struct rows_arg {
	struct http_srv *srv;
	struct mbuf *html;
	int err;
};

struct one_arg {
	struct http_srv *srv;
	const char *uid;
};

static int one_print(struct re_printf *pf, void *arg)
{
	const struct one_arg *oa = arg;

	return http_rows_one(pf, oa->srv->rows, oa->srv->recs, oa->uid);
}

/* A changed row, rendered (and kept for the next page: http_rows.c). */
static bool row_apply(struct le *le, void *arg)
{
	const struct dirty_row *d = le->data;
	struct rows_arg *ra = arg;
	struct one_arg oa = { ra->srv, d->uid };
	int err;

	err = mbuf_printf(ra->html, "%H", one_print, &oa);
	if (err == ENOENT)	/* gone with a reload: a full push follows */
		err = 0;
	ra->err = err;

	return err != 0;
}

/*
 * The changed rows as one event: a table holding them (so that the
 * browser parses them as rows), then the Warnings section.
 */
static struct mbuf *rows_event(struct http_srv *srv)
{
	struct rows_arg ra = { srv, NULL, 0 };
	struct odict *warn = NULL;
	struct mbuf *ev = NULL;
	int err;

	ra.html = mbuf_alloc(srv->dirtyc * 1024 + 4096);
	if (!ra.html)
		return NULL;

	err = mbuf_write_str(ra.html, "<table><tbody>");
	if (!err) {
		(void)hash_apply(srv->dirty, row_apply, &ra);
		err = ra.err;
	}
	if (!err)
		err = mbuf_write_str(ra.html, "</tbody></table>");
	if (!err)
		err = listing_warnings(&warn, srv->recs);
	if (!err)
		err = mbuf_printf(ra.html, "%H", warnings_print, warn);
	if (!err) {
		ev = mbuf_alloc(ra.html->end + ra.html->end / 8 + 64);
		err = ev ? sse_event(ev, "rows", ra.html) : ENOMEM;
	}

	mem_deref(warn);
	mem_deref(ra.html);
	if (err)
		ev = mem_deref(ev);

	return ev;
}

static void sse_send(struct hconn *c, struct mbuf *ev)
{
	if (tcp_conn_txqsz(c->tc) > SSE_BACKLOG_MAX) {
		log_msg(LOG_NOTICE, "http: event stream to %J dropped: the "
			"browser reads too slowly", &c->peer);
		conn_close(c);
		return;
	}

	if (send_mb(c, ev))
		conn_close(c);
}

static void ping_handler(void *arg)
{
	struct hconn *c = arg;
	struct mbuf *mb = mbuf_alloc(8);

	/* a comment line: lets a dead peer show up as a send error */
	tmr_start(&c->tmr, SSE_PING_MS, ping_handler, c);
	if (!mb)
		return;
	(void)mbuf_write_str(mb, ":\n\n");
	sse_send(c, mb);
	mem_deref(mb);
}

static void serve_events(struct hconn *c, struct req *rq)
{
	static const char hdr[] = "HTTP/1.1 200 OK\r\n"
		"Content-Type: text/event-stream\r\n"
		"Cache-Control: no-store\r\n";
	struct mbuf *mb, *ev;
	int err;

	if (rq->head) {
		rq->close = true;
		(void)respond(c, rq, 200, "OK", "text/event-stream", NULL,
			      NULL, NULL, 0);
		return;
	}

	mb = mbuf_alloc(1024);
	if (!mb)
		return;

	/* no length: the stream ends when either side closes it */
	err = mbuf_printf(mb, "%s%sConnection: close\r\n\r\nretry: 1000\n\n",
			  hdr, sec_hdrs);
	ev = main_event(c->srv);
	if (!err && ev)
		err = mbuf_write_mem(mb, ev->buf, ev->end);
	mem_deref(ev);
	if (!err)
		err = send_mb(c, mb);
	mem_deref(mb);
	if (err) {
		rq->close = true;
		return;
	}

	/* the first page open: what changed before is in its <main> */
	if (!c->srv->ssec)
		dirty_clear(c->srv);
	/* a stream ends when either side closes it: a client that asked
	 * for "Connection: close" (urllib does) still gets every event */
	rq->close = false;
	c->sse = true;
	++c->srv->ssec;
	tmr_start(&c->tmr, SSE_PING_MS, ping_handler, c);
}

static void push_handler(void *arg)
{
	struct http_srv *srv = arg;
	uint64_t t0 = tmr_jiffies();
	struct mbuf *ev;
	struct le *le;

	ev = srv->push_all || !srv->dirtyc ? main_event(srv) :
		rows_event(srv);
	dirty_clear(srv);
	srv->push_ms = tmr_jiffies() - t0;
	if (!ev)
		return;

	for (le = srv->conns.head; le;) {
		struct hconn *c = le->data;

		le = le->next;
		if (c->sse && !c->closing)
			sse_send(c, ev);
	}

	mem_deref(ev);
}

static void event_handler(enum event_kind kind, void *arg)
{
	struct http_srv *srv = arg;
	const struct event_info *ei = events_info();

	if (!srv->ssec)
		return;

	if ((kind == EVENT_SIP || kind == EVENT_EXPIRY) && ei && ei->user_id)
		dirty_add(srv, ei->user_id);
	else
		srv->push_all = true;

	/* the list is rendered on the registrar's loop: with thousands of
	 * handsets and a burst of registrations, push less often so pages
	 * never take more than about a fifth of it */
	if (!tmr_isrunning(&srv->push))
		tmr_start(&srv->push, max(PUSH_DELAY_MS, PUSH_SHARE *
					   srv->push_ms), push_handler, srv);
}

/*
 * Nothing is served from the file system, but a path that climbs, hides
 * a NUL or a backslash, or is badly encoded is an attack or a broken
 * client: refuse it with its reason rather than answer 404.
 */
static const char *path_problem(const struct pl *path)
{
	char dec[MAX_PATH + 1];
	size_t i, n = 0;

	if (!path->l || path->p[0] != '/')
		return "the path does not start with /";
	if (path->l > MAX_PATH)
		return "the path is too long";

	for (i = 0; i < path->l; i++) {
		char ch = path->p[i];

		if (ch == '%') {
			int hi, lo;

			if (i + 2 >= path->l)
				return "bad percent-encoding";
			hi = hex_digit(path->p[i + 1]);
			lo = hex_digit(path->p[i + 2]);
			if (hi < 0 || lo < 0)
				return "bad percent-encoding";
			ch = (char)(hi << 4 | lo);
			i += 2;
		}
		if ((unsigned char)ch < 0x20 || ch == 0x7f)
			return "a control character in the path";
		if (ch == '\\')
			return "a backslash in the path";
		dec[n++] = ch;
	}
	dec[n] = '\0';

	if (strstr(dec, "/../") || strstr(dec, "/./") ||
	    (n >= 3 && !strcmp(dec + n - 3, "/..")) ||
	    (n >= 2 && !strcmp(dec + n - 2, "/.")))
		return "path traversal (dot segments)";
	if (strchr(dec, '%'))
		return "double percent-encoding";

	return NULL;
}

/* RFC 6455 4.2.1: what a client must send to open a WebSocket. */
static const char *websock_problem(const struct http_msg *msg)
{
	const struct http_hdr *key;
	uint8_t raw[32];
	size_t len = sizeof(raw);

	if (pl_strcmp(&msg->met, "GET"))
		return "WebSocket handshake with a method other than GET";
	if (!http_msg_hdr_has_value(msg, HTTP_HDR_UPGRADE, "websocket"))
		return "Upgrade to something other than websocket";
	if (!http_msg_hdr_has_value(msg, HTTP_HDR_CONNECTION, "Upgrade") &&
	    !http_msg_hdr_has_value(msg, HTTP_HDR_CONNECTION, "upgrade"))
		return "WebSocket handshake without Connection: Upgrade";
	if (!http_msg_hdr_has_value(msg, HTTP_HDR_SEC_WEBSOCKET_VERSION,
				    "13"))
		return "WebSocket version is not 13";
	key = http_msg_hdr(msg, HTTP_HDR_SEC_WEBSOCKET_KEY);
	if (!key || key->val.l != 24 ||
	    base64_decode(key->val.p, key->val.l, raw, &len) || len != 16)
		return "Sec-WebSocket-Key is not 16 bytes in base64";

	return NULL;
}

static void auth_refuse(struct hconn *c, struct req *rq,
			enum http_auth_result res, const char *why)
{
	struct mbuf *mb = mbuf_alloc(256);
	struct http_chall ch;
	char chall[256];

	if (!mb)
		return;

	switch (res) {

	case HTTP_AUTH_BLOCKED:
		refuse(c, rq, 429, "Too Many Requests", "Retry-After: 60\r\n",
		       LOG_WARNING, why);
		break;

	case HTTP_AUTH_BAD:
		refuse(c, rq, 400, "Bad Request", NULL, LOG_WARNING, why);
		break;

	default:
		ch.a = c->srv->authn;
		ch.stale = res == HTTP_AUTH_STALE;
		(void)mbuf_printf(mb, "%H", http_authn_challenge, &ch);
		(void)mbuf_write_u8(mb, 0);
		str_ncpy(chall, (const char *)mb->buf, sizeof(chall));
		refuse(c, rq, 401, "Unauthorized", chall,
		       res == HTTP_AUTH_FAILED ? LOG_WARNING : LOG_INFO, why);
		break;
	}

	mem_deref(mb);
}

/* Phones are no administrators: /prov/ has its own rules (prov_http.c). */
static void serve_prov(struct hconn *c, struct req *rq)
{
	struct prov_reply rep = { 404, "Not Found", NULL, NULL, "" };
	struct sa local;

	if (tcp_conn_local_get(c->tc, &local))
		sa_init(&local, AF_UNSPEC);

	prov_http_request(c->srv->prov, rq->msg, &c->peer, &local,
			  c->sc != NULL, &rep);
	(void)respond(c, rq, rep.code, rep.reason, rep.ctype, "no-store",
		      rep.extra, rep.body ? rep.body->buf : NULL,
		      rep.body ? rep.body->end : 0);
	mem_deref(rep.body);
}

void http_srv_set_prov(struct http_srv *srv, struct prov *p)
{
	if (srv)
		srv->prov = p;
}

/* What follows prefix in path, when that is one non-empty segment. */
static int suffix(struct pl *rest, const struct pl *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (path->l <= n || memcmp(path->p, prefix, n))
		return ENOENT;

	rest->p = path->p + n;
	rest->l = path->l - n;

	return memchr(rest->p, '/', rest->l) ? ENOENT : 0;
}

static void route(struct hconn *c, struct req *rq)
{
	const struct http_msg *msg = rq->msg;
	const struct http_asset *as;
	struct pl id;

	if (!pl_strcmp(&msg->path, "/")) {
		serve_list(c, rq, false);
		return;
	}
	if (!pl_strcmp(&msg->path, "/api/v1/handsets")) {
		serve_list(c, rq, true);
		return;
	}
	if (!pl_strcmp(&msg->path, "/api/v1/events")) {
		serve_events(c, rq);
		return;
	}
	if (!suffix(&id, &msg->path, "/handsets/")) {
		serve_handset(c, rq, &id, false);
		return;
	}
	if (!suffix(&id, &msg->path, "/api/v1/handsets/")) {
		serve_handset(c, rq, &id, true);
		return;
	}
	/* browsers ask for it on their own; the page has no icon */
	if (!pl_strcmp(&msg->path, "/favicon.ico")) {
		(void)respond(c, rq, 204, "No Content", NULL, "max-age=86400",
			      NULL, NULL, 0);
		return;
	}
	as = http_asset_find(&msg->path);
	if (as) {
		serve_asset(c, rq, as);
		return;
	}

	refuse(c, rq, 404, "Not Found", NULL, LOG_DEBUG, "no such page");
}

/* The request line, checked before libre's lenient parser sees it. */
static const char *line_problem(const uint8_t *p, size_t n, bool *version)
{
	size_t i = 0, m = 0;

	*version = false;

	while (i < n && p[i] >= 'A' && p[i] <= 'Z' && m < MAX_METHOD) {
		++i;
		++m;
	}
	if (!m || i >= n || p[i] != ' ')
		return "malformed request line (method)";
	++i;
	if (i >= n || p[i] != '/')
		return "malformed request line (target must start with /)";
	while (i < n && p[i] > 0x20 && p[i] < 0x7f)
		++i;
	if (i >= n || p[i] != ' ')
		return "malformed request line (target)";
	++i;
	if (n - i != 8 || memcmp(p + i, "HTTP/1.", 7) ||
	    (p[i + 7] != '0' && p[i + 7] != '1')) {
		*version = n - i >= 5 && !memcmp(p + i, "HTTP/", 5);
		return *version ? "HTTP version not supported" :
			"malformed request line (version)";
	}

	return NULL;
}

/* Handles one complete request head of hlen bytes at c->mb's pos. */
static void handle(struct hconn *c, size_t hlen)
{
	struct http_srv *srv = c->srv;
	const uint8_t *p = mbuf_buf(c->mb);
	struct http_msg *msg = NULL;
	struct req rq = { NULL, false, false };
	const char *why = NULL;
	struct mbuf *hb = NULL;
	enum http_auth_result ares;
	const uint8_t *eol;
	bool version;
	size_t n;

	eol = memchr(p, '\r', hlen);
	n = eol ? (size_t)(eol - p) : hlen;
	why = line_problem(p, n, &version);
	if (why) {
		refuse(c, &rq, version ? 505 : 400, version ?
		       "HTTP Version Not Supported" : "Bad Request", NULL,
		       LOG_WARNING, why);
		goto out;
	}

	hb = mbuf_alloc(hlen);
	if (!hb || mbuf_write_mem(hb, p, hlen)) {
		rq.close = true;
		goto out;
	}
	hb->pos = 0;
	if (http_msg_decode(&msg, hb, true)) {
		refuse(c, &rq, 400, "Bad Request", NULL, LOG_WARNING,
		       "malformed header");
		goto out;
	}
	rq.msg = msg;
	rq.head = !pl_strcmp(&msg->met, "HEAD");

	if (!pl_strcmp(&msg->ver, "1.0") ?
	    !http_msg_hdr_has_value(msg, HTTP_HDR_CONNECTION, "keep-alive") :
	    http_msg_hdr_has_value(msg, HTTP_HDR_CONNECTION, "close"))
		rq.close = true;

	if (list_count(&msg->hdrl) > MAX_HEADERS) {
		refuse(c, &rq, 431, "Request Header Fields Too Large", NULL,
		       LOG_WARNING, "too many header fields");
		goto out;
	}
	if (pl_strcmp(&msg->met, "GET") && !rq.head) {
		refuse(c, &rq, 405, "Method Not Allowed",
		       "Allow: GET, HEAD\r\n", LOG_WARNING,
		       "method not allowed (the page is read-only)");
		goto out;
	}
	if (msg->clen || http_msg_hdr(msg, HTTP_HDR_TRANSFER_ENCODING)) {
		refuse(c, &rq, 413, "Content Too Large", NULL, LOG_WARNING,
		       "a request body (none is accepted)");
		goto out;
	}
	if (!pl_strcmp(&msg->ver, "1.1") &&
	    http_msg_hdr_count(msg, HTTP_HDR_HOST) != 1) {
		refuse(c, &rq, 400, "Bad Request", NULL, LOG_WARNING,
		       "HTTP/1.1 request without exactly one Host header");
		goto out;
	}
	why = path_problem(&msg->path);
	if (why) {
		refuse(c, &rq, 400, "Bad Request", NULL, LOG_WARNING, why);
		goto out;
	}
	if (http_msg_hdr(msg, HTTP_HDR_UPGRADE)) {
		why = websock_problem(msg);
		if (why) {
			refuse(c, &rq, 400, "Bad Request", NULL, LOG_WARNING,
			       why);
			goto out;
		}
		/* a proper handshake: RFC 7230 6.7 lets a server ignore
		 * Upgrade; live updates are the event stream */
	}

	if (prov_http_path(&msg->path)) {
		serve_prov(c, &rq);
		goto out;
	}

	ares = http_authn_check(srv->authn, msg, &c->peer, now_wall(), &why);
	if (ares != HTTP_AUTH_OK) {
		auth_refuse(c, &rq, ares, why);
		goto out;
	}

	route(c, &rq);

 out:
	mem_deref(msg);
	mem_deref(hb);
	if (rq.close)
		conn_finish(c);
}

static void timeout_handler(void *arg)
{
	struct hconn *c = arg;
	struct req rq = { NULL, false, true };

	/* a partial request after the time limit: a slow or stalled
	 * client (slowloris), told so; an idle one just goes */
	if (!c->idle && c->mb && mbuf_get_left(c->mb)) {
		refuse(c, &rq, 408, "Request Timeout", NULL, LOG_NOTICE,
		       "the request was not complete in time");
		conn_finish(c);
		return;
	}

	conn_close(c);
}

static const uint8_t *find_end(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 3; i < n; i++) {
		if (p[i] == '\n' && p[i - 1] == '\r' && p[i - 2] == '\n' &&
		    p[i - 3] == '\r')
			return p + i + 1;
	}

	return NULL;
}

static void recv_handler(struct mbuf *mb, void *arg)
{
	struct hconn *c = arg;
	const struct http_conf *hc = c->srv->hc;
	struct req rq = { NULL, false, true };
	size_t pos;

	/* an event stream only sends; what a browser sends on it is noise */
	if (c->closing || c->sse)
		return;

	if (!c->mb) {
		c->mb = mbuf_alloc(mbuf_get_left(mb));
		if (!c->mb) {
			conn_close(c);
			return;
		}
	}
	pos = c->mb->pos;
	c->mb->pos = c->mb->end;
	if (mbuf_write_mem(c->mb, mbuf_buf(mb), mbuf_get_left(mb))) {
		conn_close(c);
		return;
	}
	c->mb->pos = pos;

	if (c->idle) {
		c->idle = false;
		tmr_start(&c->tmr, hc->request_timeout * 1000,
			  timeout_handler, c);
	}

	/* an answer may close the connection; keep it until we are done */
	mem_ref(c);

	while (c->mb && mbuf_get_left(c->mb) && !c->closing && !c->sse) {
		const uint8_t *p = mbuf_buf(c->mb);
		size_t left = mbuf_get_left(c->mb);
		const uint8_t *end = find_end(p, left < hc->max_request ?
					      left : hc->max_request);

		if (!end) {
			if (left >= hc->max_request) {
				refuse(c, &rq, 431, "Request Header Fields Too "
				       "Large", NULL, LOG_WARNING,
				       "request head over http.max_request "
				       "bytes");
				conn_finish(c);
			}
			break;
		}

		handle(c, (size_t)(end - p));
		if (c->closing || c->sse || !c->mb)
			break;

		c->mb->pos += (size_t)(end - p);
		if (!mbuf_get_left(c->mb)) {
			c->mb = mem_deref(c->mb);
			c->idle = true;
			tmr_start(&c->tmr, hc->idle_timeout * 1000,
				  timeout_handler, c);
		}
	}

	mem_deref(c);
}

static void close_handler(int err, void *arg)
{
	struct hconn *c = arg;

	(void)err;

	conn_close(c);
}

static void connect_handler(const struct sa *peer, void *arg)
{
	struct lsock *ls = arg;
	struct http_srv *srv = ls->srv;
	uint64_t now = now_wall();
	struct hconn *c;
	int err;

	if (srv->connc >= srv->hc->max_connections) {
		tcp_reject(ls->ts);
		++srv->refused;
		if (now != srv->refused_at) {
			log_msg(LOG_WARNING, "http: connection from %J refused:"
				" http.max_connections (%u) reached (%u "
				"refused)", peer, srv->hc->max_connections,
				srv->refused);
			srv->refused_at = now;
			srv->refused = 0;
		}
		return;
	}

	c = mem_zalloc(sizeof(*c), conn_destructor);
	if (!c) {
		tcp_reject(ls->ts);
		return;
	}

	c->srv = srv;
	c->peer = *peer;
	list_append(&srv->conns, &c->le, c);
	++srv->connc;
	tmr_init(&c->tmr);

	err = tcp_accept(&c->tc, ls->ts, NULL, recv_handler, close_handler,
			 c);
	if (err)
		goto out;
	tcp_conn_txqsz_set(c->tc, TXQ_MAX);

	if (ls->l.tls) {
		err = tls_start_tcp(&c->sc, srv->tls, c->tc, 0);
		if (err)
			goto out;
	}

	tmr_start(&c->tmr, srv->hc->request_timeout * 1000, timeout_handler,
		  c);

 out:
	if (err) {
		log_msg(LOG_WARNING, "http: connection from %J: %m", peer,
			err);
		mem_deref(c);
		tcp_reject(ls->ts);
	}
}

/*
 * A connection without a socket, for fuzz_http: each of the n chunks
 * arrives as one read from peer would, every answer is appended to out;
 * then the request timer fires if timeout, else the peer closes.
 */
int http_srv_replay(struct http_srv *srv, const struct sa *peer,
		    const struct pl *chunks, size_t n, bool timeout,
		    struct mbuf *out)
{
	struct hconn *c;
	bool gone = false;
	size_t i;

	if (!srv || !peer || !out)
		return EINVAL;

	c = mem_zalloc(sizeof(*c), conn_destructor);
	if (!c)
		return ENOMEM;

	c->srv = srv;
	c->peer = *peer;
	c->out = out;
	c->gone = &gone;
	list_append(&srv->conns, &c->le, c);
	++srv->connc;
	tmr_init(&c->tmr);
	tmr_start(&c->tmr, srv->hc->request_timeout * 1000, timeout_handler,
		  c);

	for (i = 0; i < n && !gone; i++) {
		struct mbuf mb = {
			.buf = (uint8_t *)chunks[i].p,
			.size = chunks[i].l,
			.end = chunks[i].l,
		};

		recv_handler(&mb, c);
	}

	if (!gone && timeout)
		timeout_handler(c);
	if (!gone)
		close_handler(0, c);

	return 0;
}

static int read_file(struct mbuf **mbp, const char *path)
{
	struct mbuf *mb = mbuf_alloc(4096);
	uint8_t buf[4096];
	FILE *f;
	size_t n;
	int err = 0;

	if (!mb)
		return ENOMEM;

	f = fopen(path, "r");
	if (!f) {
		mem_deref(mb);
		return errno;
	}
	while (!err && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		err = mbuf_write_mem(mb, buf, n);
	if (ferror(f))
		err = EIO;
	(void)fclose(f);
	memset(buf, 0, sizeof(buf));

	if (err)
		mem_deref(mb);
	else
		*mbp = mb;

	return err;
}

static int tls_init(struct http_srv *srv)
{
	const struct http_conf *hc = srv->hc;
	struct mbuf *cert = NULL, *key = NULL;
	int err;

	if (!hc->key)
		return tls_alloc(&srv->tls, TLS_METHOD_SSLV23,
				 hc->certificate, NULL);

	err = tls_alloc(&srv->tls, TLS_METHOD_SSLV23, NULL, NULL);
	if (!err)
		err = read_file(&cert, hc->certificate);
	if (!err)
		err = read_file(&key, hc->key);
	if (!err)
		err = tls_set_certificate_pem(srv->tls,
					      (const char *)cert->buf,
					      cert->end,
					      (const char *)key->buf,
					      key->end);
	if (key)
		memset(key->buf, 0, key->size);
	mem_deref(cert);
	mem_deref(key);

	return err;
}

static void sweep_handler(void *arg)
{
	struct http_srv *srv = arg;

	tmr_start(&srv->sweep, SWEEP_MS, sweep_handler, srv);
	http_authn_expire(srv->authn, now_wall());
}

int http_srv_alloc(struct http_srv **srvp, struct config *cfg,
		   struct records *recs, struct analog *an,
		   struct auth *auth)
{
	const struct http_conf *hc;
	struct http_srv *srv;
	bool tls = false;
	unsigned i;
	int err;

	if (!srvp || !cfg || !recs || !auth)
		return EINVAL;

	hc = cfg->http;
	if (!hc)
		return 0;

	srv = mem_zalloc(sizeof(*srv), srv_destructor);
	if (!srv)
		return ENOMEM;

	srv->cfg = mem_ref(cfg);
	srv->hc = hc;
	srv->recs = recs;
	srv->an = an;
	tmr_init(&srv->push);
	tmr_init(&srv->sweep);

	err = http_rows_alloc(&srv->rows);
	if (!err)
		err = hash_alloc(&srv->dirty, 256);
	if (!err)
		err = http_authn_alloc(&srv->authn, auth);
	if (err)
		goto out;
	http_authn_configure(srv->authn, cfg);

	for (i = 0; i < hc->listenc; i++)
		tls |= hc->listen[i].tls;
	if (tls) {
		err = tls_init(srv);
		if (err) {
			log_msg(LOG_ERR, "http: TLS certificate %s%s%s: %m",
				hc->certificate, hc->key ? ", key " : "",
				hc->key ? hc->key : "", err);
			goto out;
		}
	}

	for (i = 0; i < hc->listenc; i++) {
		struct lsock *ls = mem_zalloc(sizeof(*ls), lsock_destructor);

		if (!ls) {
			err = ENOMEM;
			goto out;
		}
		ls->srv = srv;
		ls->l = hc->listen[i];
		list_append(&srv->socks, &ls->le, ls);

		err = tcp_listen(&ls->ts, &ls->l.addr, connect_handler, ls);
		if (err) {
			log_msg(LOG_ERR, "http: cannot listen on %H: %m",
				http_listen_print, &ls->l, err);
			goto out;
		}
		log_msg(LOG_NOTICE, "Handsets page: %H%s", http_listen_print,
			&ls->l, hc->admins ? " (administrators only)" : "");
	}

	err = events_subscribe(&srv->sub, event_handler, srv);
	if (err)
		goto out;

	tmr_start(&srv->sweep, SWEEP_MS, sweep_handler, srv);

 out:
	if (err)
		mem_deref(srv);
	else
		*srvp = srv;

	return err;
}

static bool listen_same(const struct http_conf *a, const struct http_conf *b)
{
	unsigned i;

	if (!a || !b || a->listenc != b->listenc)
		return false;

	for (i = 0; i < a->listenc; i++) {
		if (a->listen[i].tls != b->listen[i].tls ||
		    !sa_cmp(&a->listen[i].addr, &b->listen[i].addr, SA_ALL))
			return false;
	}

	return true;
}

/*
 * A reload changes the administrators and the limits at once; listeners
 * and the certificate are bound at start-up (like sip.listen).
 */
void http_srv_reconfigure(struct http_srv *srv, struct config *cfg)
{
	if (!cfg)
		return;

	if (!srv) {
		if (cfg->http)
			log_msg(LOG_WARNING, "reload: the http block takes "
				"effect at the next restart");
		return;
	}

	/* the handsets may have changed, whatever becomes of the page */
	http_rows_flush(srv->rows);

	if (!listen_same(srv->hc, cfg->http)) {
		log_msg(LOG_WARNING, "reload: http.listen changes take effect "
			"at the next restart; the page keeps its settings");
		return;
	}

	mem_deref(srv->cfg);
	srv->cfg = mem_ref(cfg);
	srv->hc = cfg->http;
	http_authn_configure(srv->authn, cfg);
	events_publish(EVENT_CONFIG);
}
