/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Provisioning, the pieces together: the configuration in force, who may
 * fetch (provisioning.allow, or the networks of the box's interfaces), the
 * per-source limit on unknown MACs, the URL phones are told, and SIP PnP.
 * main.c makes one with prov_alloc() and hands reloads to
 * prov_reconfigure(); http.c passes /prov/ requests to prov_http.c.
 */
#include <string.h>
#include <syslog.h>
#include "handsetd.h"
#include "http.h"
#include "prov.h"

enum { SWEEP_MS = 10000 };

struct prov {
	struct config *cfg;
	struct records *recs;
	struct sip *sip;
	struct prov_net local[PROV_MAX_ALLOW];
	unsigned localc;
	struct ratelimit *rl;
	struct http_authn *authn;
	struct pnp *pnp;
	struct tmr sweep;
};

static void destructor(void *arg)
{
	struct prov *p = arg;

	tmr_cancel(&p->sweep);
	mem_deref(p->pnp);
	mem_deref(p->authn);
	mem_deref(p->rl);
	mem_deref(p->cfg);
	prov_state_close();
}

static void sweep_handler(void *arg)
{
	struct prov *p = arg;

	ratelimit_expire(p->rl, now_wall());
	http_authn_expire(p->authn, now_wall());
	tmr_start(&p->sweep, SWEEP_MS, sweep_handler, p);
}

static void apply(struct prov *p, struct config *cfg)
{
	const struct prov_conf *pc = cfg->prov;

	mem_deref(p->cfg);
	p->cfg = mem_ref(cfg);

	if (!pc)
		return;

	ratelimit_configure(p->rl, pc->scan_max, pc->scan_window,
			    pc->scan_block);
	http_authn_configure_users(p->authn, cfg, pc->users);

	/* interfaces come and go; a reload picks up today's networks */
	p->localc = 0;
	if (!pc->allowc &&
	    prov_allow_default(p->local, PROV_MAX_ALLOW, &p->localc))
		log_msg(LOG_WARNING, "provisioning: cannot list the "
			"interfaces' networks: only provisioning.allow "
			"would let a phone in");
}

int prov_alloc(struct prov **pp, struct config *cfg, struct records *recs,
	       struct sip *sip, struct auth *auth)
{
	struct prov *p;
	int err;

	if (!pp || !cfg || !recs || !auth)
		return EINVAL;

	p = mem_zalloc(sizeof(*p), destructor);
	if (!p)
		return ENOMEM;

	p->recs = recs;
	p->sip = sip;
	tmr_init(&p->sweep);

	err = ratelimit_alloc(&p->rl);
	if (!err)
		err = http_authn_alloc(&p->authn, auth);
	if (err)
		goto out;

	err = prov_state_open(cfg->state_dir);
	if (err)
		goto out;

	apply(p, cfg);
	tmr_start(&p->sweep, SWEEP_MS, sweep_handler, p);

	if (cfg->prov && cfg->prov->pnp && sip) {
		err = pnp_alloc(&p->pnp, p, sip);
		if (err) {
			log_msg(LOG_ERR, "provisioning: SIP PnP on "
				"224.0.1.75:5060: %m", err);
			goto out;
		}
	}

 out:
	if (err)
		mem_deref(p);
	else
		*pp = p;

	return err;
}

void prov_reconfigure(struct prov *p, struct config *cfg)
{
	bool pnp;

	if (!p || !cfg)
		return;

	pnp = cfg->prov && cfg->prov->pnp;
	if (pnp != (p->pnp != NULL))
		log_msg(LOG_WARNING, "reload: provisioning.pnp takes effect "
			"at the next restart");

	apply(p, cfg);
}

struct config *prov_config(const struct prov *p)
{
	return p ? p->cfg : NULL;
}

/* Digest for /prov/ when provisioning.credentials is set */
struct http_authn *prov_authn(const struct prov *p)
{
	return p && p->cfg && p->cfg->prov && p->cfg->prov->users ?
		p->authn : NULL;
}

struct records *prov_records(const struct prov *p)
{
	return p ? p->recs : NULL;
}

bool prov_allowed(const struct prov *p, const struct sa *peer)
{
	const struct prov_conf *pc = p && p->cfg ? p->cfg->prov : NULL;
	const struct prov_net *nets;
	unsigned i, n;

	if (!pc || !peer)
		return false;

	nets = pc->allowc ? pc->allow : p->local;
	n = pc->allowc ? pc->allowc : p->localc;

	for (i = 0; i < n; i++) {
		if (prov_net_contains(&nets[i], peer))
			return true;
	}

	return false;
}

/*
 * The URL a phone is told and its files name: provisioning.url, else the
 * Handsets page's listener (HTTPS when one is configured: a phone told
 * http:// would send nothing secret, but fetch its password in clear), its
 * unspecified address replaced by local, the address the phone reached.
 */
int prov_url(char *buf, size_t size, const struct prov *p,
	     const struct sa *local)
{
	const struct config *cfg = p ? p->cfg : NULL;
	const struct http_conf *hc = cfg ? cfg->http : NULL;
	const struct http_listen *l = NULL;
	struct sa a;
	unsigned i;

	if (!cfg || !cfg->prov)
		return EINVAL;

	if (cfg->prov->url) {
		str_ncpy(buf, cfg->prov->url, size);
		return 0;
	}
	if (!hc || !hc->listenc)
		return ENOENT;

	l = &hc->listen[0];
	for (i = 0; i < hc->listenc; i++) {
		if (hc->listen[i].tls) {
			l = &hc->listen[i];
			break;
		}
	}

	a = l->addr;
	if (sa_is_any(&a) && local && sa_isset(local, SA_ADDR)) {
		a = *local;
		sa_set_port(&a, sa_port(&l->addr));
	}

	return re_snprintf(buf, size, "%s://%J/prov/", l->tls ? "https" :
			   "http", &a) < 0 ? ENOMEM : 0;
}

/* The limit on unknown MACs per source (a scan for passwords). */
bool prov_scan_blocked(const struct prov *p, const struct sa *peer,
		       uint64_t now)
{
	return p && ratelimit_blocked(p->rl, peer, now);
}

/* ratelimit.c logs the block in fail2ban's words; this says what it was */
void prov_scan_count(struct prov *p, const struct sa *peer, uint64_t now)
{
	const struct prov_conf *pc;

	if (!p || !p->cfg || !p->cfg->prov)
		return;

	pc = p->cfg->prov;
	ratelimit_failure(p->rl, peer, now);
	if (ratelimit_blocked(p->rl, peer, now))
		log_msg(LOG_WARNING, "provisioning: %j asked for %u unknown "
			"MACs within %u s: every /prov/ request from it gets "
			"403 for %u s", peer, pc->scan_max, pc->scan_window,
			pc->scan_block);
}
