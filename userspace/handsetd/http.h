/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * http.h - the Handsets page: handsetd's own HTTP server (http.c), its
 * configuration (config_http.c), administrators' Digest logins
 * (http_auth.c), the HTML rendered from the JSON document (http_page.c),
 * the compiled-in stylesheet and script (http_static.c).
 */
#ifndef HANDSETD_HTTP_H
#define HANDSETD_HTTP_H

#include <stdbool.h>
#include <stdint.h>
#include <libconfig.h>
#include <re.h>

struct analog;
struct auth;
struct config;
struct diag;
struct records;

/* config_http.c: the `http` block */
enum { HTTP_MAX_LISTEN = 8 };

struct http_listen {
	bool tls;
	struct sa addr;
};

struct http_admin {
	struct le le;
	char *user;
	uint8_t ha1[MD5_SIZE];
};

struct http_conf {
	struct http_listen listen[HTTP_MAX_LISTEN];
	unsigned listenc;
	char *certificate;
	char *key;
	char *admins;             /* path of the htdigest file, or NULL */
	char *realm;
	struct list adminl;       /* its entries for realm */
	uint32_t max_connections;
	uint32_t max_request;     /* bytes of request line and headers */
	uint32_t request_timeout; /* seconds to send a whole request   */
	uint32_t idle_timeout;    /* seconds a kept-alive connection waits */
};

void config_http_parse(struct http_conf **hcp, const config_setting_t *grp,
		       const char *file, struct diag *diag);
const struct http_admin *http_conf_admin(const struct http_conf *hc,
					 const struct pl *user);
int  http_listen_print(struct re_printf *pf, const struct http_listen *l);
void http_conf_htdigest(struct http_conf **hcp, const char *path,
			const char *realm, const char *file,
			struct diag *diag);


/* http.c: listeners, connections, limits, routing, the event stream */
struct http_srv;
int  http_srv_alloc(struct http_srv **srvp, struct config *cfg,
		    struct records *recs, struct analog *an,
		    struct auth *auth);
void http_srv_reconfigure(struct http_srv *srv, struct config *cfg);
struct prov;
void http_srv_set_prov(struct http_srv *srv, struct prov *p);
int  http_srv_replay(struct http_srv *srv, const struct sa *peer,
		     const struct pl *chunks, size_t n, bool timeout,
		     struct mbuf *out);


/* http_auth.c: Digest for administrators, rate-limited per address */
enum http_auth_result {
	HTTP_AUTH_OK,
	HTTP_AUTH_CHALLENGE,      /* no credentials: 401 */
	HTTP_AUTH_STALE,          /* right password, old nonce: 401 */
	HTTP_AUTH_FAILED,         /* wrong credentials: 401, counted */
	HTTP_AUTH_BLOCKED,        /* too many failures: 429 */
	HTTP_AUTH_BAD,            /* malformed Authorization: 400 */
};

struct http_authn;
int  http_authn_alloc(struct http_authn **ap, struct auth *auth);
void http_authn_configure(struct http_authn *a, const struct config *cfg);
void http_authn_configure_users(struct http_authn *a,
				const struct config *cfg,
				const struct http_conf *users);
enum http_auth_result http_authn_check(struct http_authn *a,
				       const struct http_msg *msg,
				       const struct sa *peer, uint64_t now,
				       const char **why);
struct http_chall {
	struct http_authn *a;
	bool stale;
};
int  http_authn_challenge(struct re_printf *pf, void *arg);
void http_authn_expire(struct http_authn *a, uint64_t now);


/* http_page.c: HTML from the JSON document */
int http_page_handset(struct re_printf *pf, const struct odict *hs);
struct listing_sip;
int http_page_sip_row(struct re_printf *pf, const struct listing_sip *v);
/* http_rows.c: the SIP rows and JSON members, kept until their handset
 * changes */
struct http_rows;
struct records;
int http_rows_alloc(struct http_rows **rp);
void http_rows_flush(struct http_rows *rows);
int http_rows_one(struct re_printf *pf, struct http_rows *rows,
		  const struct records *recs, const char *uid);
int http_rows_page(struct re_printf *pf, struct http_rows *rows,
		   const struct records *recs, const struct analog *an,
		   uint64_t now);
int http_rows_main(struct re_printf *pf, struct http_rows *rows,
		   const struct records *recs, const struct analog *an,
		   uint64_t now);
int http_rows_json(struct re_printf *pf, struct http_rows *rows,
		   const struct records *recs, const struct analog *an,
		   uint64_t now);

int http_page_list_rows(struct re_printf *pf, const struct odict *doc,
			const struct analog *an, unsigned nsip,
			re_printf_h *rows, void *arg, bool whole);
int http_page_warnings(struct re_printf *pf, const struct odict *arr);
int http_page_error(struct re_printf *pf, uint16_t code, const char *reason,
		    const char *why);
int html_str(struct re_printf *pf, const char *s);


/* http_static.c: the stylesheet and the script, compiled in */
struct http_asset {
	const char *path;
	const char *ctype;
	const char *data;
	size_t len;
	char etag[16];
};

const struct http_asset *http_asset_find(const struct pl *path);

#endif
