/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * prov.h - plug-and-play provisioning: the `provisioning` block
 * (config_prov.c), the vendor families and their templates (prov_tmpl.c),
 * the files served under /prov/ (prov_http.c), when each handset last
 * fetched its file (prov_state.c) and the SIP PnP answer to ua-profile
 * SUBSCRIBEs on 224.0.1.75 (pnp.c).
 */
#ifndef HANDSETD_PROV_H
#define HANDSETD_PROV_H

#include <stdbool.h>
#include <stdint.h>
#include <libconfig.h>
#include <re.h>
#include "prov_tz.h"

struct config;
struct diag;
struct hs_conf;
struct records;
struct handset;

enum {
	PROV_MAX_ALLOW = 32,
	PROV_MAX_DIRS  = 4,
	PROV_MAX_NAME  = 64,	/* a file name a phone asks for */
};

/* prov_tmpl.c: the families, their file names and templates */
enum prov_fmt {
	PROV_FMT_TEXT,		/* key=value and alike: no line breaks */
	PROV_FMT_XML,		/* values escaped as XML text/attribute */
};

struct prov_file {
	const char *prefix;	/* before the MAC, or the whole fixed name */
	const char *suffix;	/* after the MAC (or the wildcard) */
	const char *tmpl;	/* template file name */
	const char *noacct;	/* per-MAC: the file for a MAC with no
				 * account here (no handset, or not of this
				 * family): no credentials, only where to
				 * look again */
	unsigned wild;		/* common file: this many [0-9a-z] */
	bool per_mac;		/* the name carries the phone's MAC */
};

struct prov_family {
	const char *name;
	enum prov_fmt fmt;
	struct prov_file files[3];
};

struct prov_tmpl;		/* a loaded template (opaque) */

const struct prov_family *prov_family_find(const char *name);
const struct prov_family *prov_family_at(size_t i);
bool prov_file_match(const struct prov_file *f, const char *name,
		     uint8_t mac[6]);
int  prov_tmpl_load(struct prov_tmpl **tp, const char *path,
		    struct diag *diag);
const char *prov_tmpl_path(const struct prov_tmpl *t);

/* What a template may name; every value already chosen by the caller. */
enum prov_field {
	PF_USER_ID, PF_DISPLAY_NAME, PF_LOGIN, PF_PASSWORD, PF_MAC,
	PF_REGISTRAR, PF_REGISTRAR_PORT, PF_TRANSPORT, PF_TRANSPORT_UPPER,
	PF_TRANSPORT_NUM, PF_TRANSPORT_POLYCOM, PF_PROV_URL,
	PF_PROV_URL_HOSTPATH, PF_REALM,
	/* the time zone (prov_tz.c), in every file */
	PF_TZ_NAME, PF_TZ_POSIX, PF_TZ_OFFSET, PF_TZ_OFFSET_SECONDS,
	PF_TZ_GMT, PF_TZ_DST, PF_TZ_DST_YES_NO, PF_TZ_DST_MINUTES,
	PF_TZ_DST_START_YEALINK, PF_TZ_DST_END_YEALINK, PF_TZ_DST_RULE_SPA,
	PF_TZ_DST_START_MONTH, PF_TZ_DST_START_DATE, PF_TZ_DST_START_WDAY,
	PF_TZ_DST_START_LAST, PF_TZ_DST_START_HOUR,
	PF_TZ_DST_END_MONTH, PF_TZ_DST_END_DATE, PF_TZ_DST_END_WDAY,
	PF_TZ_DST_END_LAST, PF_TZ_DST_END_HOUR,
	PF_COUNT
};

struct prov_vals {
	const char *v[PF_COUNT];	/* NULL: not available (common files) */
};

int prov_render(struct mbuf *mb, const struct prov_tmpl *t,
		enum prov_fmt fmt, const struct prov_vals *vals,
		const char **why);


/* config_prov.c: the `provisioning` block */
struct prov_net {
	struct sa addr;
	unsigned bits;
};

struct prov_conf {
	bool enabled;			/* the block is there */
	struct prov_net allow[PROV_MAX_ALLOW];
	unsigned allowc;		/* 0: the interfaces' networks */
	bool pnp;
	char *url;			/* told to phones; NULL: derived */
	char *registrar;		/* host the files name; NULL: derived */
	char *dirs[PROV_MAX_DIRS];
	unsigned dirc;
	uint32_t scan_max;		/* unknown-MAC answers per source */
	uint32_t scan_window;		/* seconds they are counted over */
	uint32_t scan_block;		/* seconds of 403 after that */
	uint32_t unregistered_after;	/* seconds to "never registered" */
	struct http_conf *users;	/* credentials: Digest; NULL: none */
	struct prov_tz tz;		/* time_zone; default the box's */
	struct prov_tz_text tzt;	/* tz in the vendors' forms */
	/* templates loaded per family file: [family][file] */
	struct prov_tmpl *tmpl[8][3];
	struct prov_tmpl *noacct[8][3];	/* prov_file.noacct */
};

void config_prov_parse(struct prov_conf **pcp, const config_setting_t *grp,
		       const struct config *cfg, const char *file,
		       struct diag *diag);
bool prov_net_contains(const struct prov_net *n, const struct sa *a);
int  prov_net_parse(struct prov_net *n, const char *s);
int  prov_allow_default(struct prov_net *nets, unsigned max, unsigned *np);
const struct prov_tmpl *prov_conf_tmpl(const struct prov_conf *pc,
				       const struct prov_family *fam,
				       size_t file, bool noacct);


/* prov_state.c: which handset fetched its file, when, from where */
struct prov_seen {
	uint64_t at;
	struct sa src;
	uint8_t mac[6];
};

int  prov_state_open(const char *state_dir);
void prov_state_close(void);
void prov_state_fetched(const struct hs_conf *hc, const struct sa *src,
			uint64_t now);
const struct prov_seen *prov_state_get(const char *user_id,
				       const uint8_t mac[6]);


/* prov.c: the pieces together (serving, limits, PnP), for main.c */
struct prov;
struct sip;
struct auth;
int  prov_alloc(struct prov **pp, struct config *cfg, struct records *recs,
		struct sip *sip, struct auth *auth);
void prov_reconfigure(struct prov *p, struct config *cfg);

/* prov_http.c: one /prov/ request; fills code, reason and body */
struct prov_reply {
	uint16_t code;
	const char *reason;
	const char *ctype;
	struct mbuf *body;		/* allocated by the callee */
	char extra[256];		/* header lines (a challenge) */
};

bool prov_http_path(const struct pl *path);
void prov_http_request(struct prov *p, const struct http_msg *msg,
		       const struct sa *peer, const struct sa *local,
		       bool tls, struct prov_reply *rep);

/* pnp.c: SIP PnP on 224.0.1.75:5060 */
struct pnp;
int  pnp_alloc(struct pnp **pp, struct prov *p, struct sip *sip);

/* shared inside the provisioning files */
struct config *prov_config(const struct prov *p);
struct records *prov_records(const struct prov *p);
int  prov_url(char *buf, size_t size, const struct prov *p,
	      const struct sa *local);
bool prov_allowed(const struct prov *p, const struct sa *peer);
bool prov_scan_blocked(const struct prov *p, const struct sa *peer,
		       uint64_t now);
void prov_scan_count(struct prov *p, const struct sa *peer, uint64_t now);
struct http_authn *prov_authn(const struct prov *p);

#endif
