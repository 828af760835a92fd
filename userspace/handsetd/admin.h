/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * admin.h - the location service and the administrator's actions: who may
 * ask where a phone is (sip.trusted), who the rate limiter leaves alone
 * (ratelimit.exempt), how long discovered devices are kept, the SIP
 * redirect server, the lookup both it and the control socket answer from,
 * the control socket's administrative verbs and its event stream.
 */
#ifndef HANDSETD_ADMIN_H
#define HANDSETD_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

struct analog;
struct config;
struct diag;
struct mbuf;
struct odict;
struct pl;
struct ratelimit;
struct records;
struct re_printf;
struct sa;
struct sip;
struct sip_msg;

/* netlist.c: addresses and networks ("192.168.1.0/24", "::1") */
struct netlist;
int  netlist_alloc(struct netlist **nlp, unsigned max);
int  netlist_add(struct netlist *nl, const char *str);
bool netlist_match(const struct netlist *nl, const struct sa *src);
unsigned netlist_count(const struct netlist *nl);


/* config_admin.c: sip.trusted, the ratelimit and discovery blocks */
enum {
	DISCOVERY_DEF_EXPIRE_DAYS = 7,
	DISCOVERY_DEF_MAX         = 1024,
};

struct admin_conf {
	struct netlist *trusted;    /* may ask where a handset is      */
	struct netlist *exempt;     /* never blocked by address        */
	uint32_t disc_expire;       /* seconds a discovered device stays
				     * after it was last seen          */
	uint32_t disc_max;          /* at most this many are kept      */
};

struct config_setting_t;
int config_admin_parse(struct admin_conf **acp,
		       const struct config_setting_t *sip,
		       const struct config_setting_t *root,
		       const char *file, struct diag *diag);
const struct admin_conf *config_admin(const struct config *cfg);


/* location.c: where a handset is, for the redirect server and lookup */
enum {
	LOCATION_MAX_CONTACTS = 16,
};

enum location_state {
	LOCATION_UNKNOWN,       /* no handset with that user or login ID */
	LOCATION_UNAVAILABLE,   /* a handset, but nothing to reach now   */
	LOCATION_AVAILABLE,
};

struct location_contact {
	const char *uri;        /* valid until the event loop runs on   */
	uint64_t expires;       /* absolute; 0 for an analog port       */
	uint64_t updated;
	unsigned q;             /* in thousandths, most recent highest  */
};

struct location {
	enum location_state state;
	uint64_t now;           /* when it was looked up                 */
	char user_id[64];
	bool analog;
	char port[64];          /* analog: the port's stable name        */
	char port_uri[80];      /* analog: "fxs:" + port                 */
	struct location_contact v[LOCATION_MAX_CONTACTS];
	unsigned n;
};

void location_find(struct location *loc, const struct records *r,
		   const struct analog *an, const struct pl *id,
		   uint64_t now);
int  location_document(struct odict **op, const struct location *loc,
		       uint64_t now);


/* redirect.c: the SIP redirect server for trusted call engines */
struct redirect;
int  redirect_alloc(struct redirect **rdp, struct sip *sip,
		    struct records *recs, struct analog *an,
		    struct ratelimit *rl);
bool redirect_request(struct redirect *rd, const struct sip_msg *msg);


/* ctrl_admin.c: lookup, kick, blocked, unblock, forget */
struct ctrl_env;
int ctrl_admin_cmd(struct mbuf *reply, const struct pl *cmd,
		   const struct pl *arg, const struct ctrl_env *env);


/* ctrl_events.c: the control socket's event stream, one JSON line a change */
int  ctrl_events_attach(int fd);
void ctrl_events_close_all(void);

#endif
