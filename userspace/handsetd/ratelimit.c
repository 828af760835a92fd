/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Failed authentications, counted per source address and per Login ID at
 * that address.  After max_failures within failure_window seconds the
 * address (or the Login ID from that address) is refused for block_time
 * seconds.  The log lines are meant for fail2ban (examples/fail2ban):
 *
 *   authentication failure for "alice" from 192.0.2.7 (wrong credentials)
 *   blocking 192.0.2.7 for 300 s after 10 failed authentications
 *   blocking login "alice" at 192.0.2.7 for 300 s after 10 failed ...
 *
 * Addresses in ratelimit.exempt and sip.trusted are never blocked as a
 * whole: an office behind one NAT shares one address, and one phone with
 * a wrong password must not lock out the others.  Its Login ID at that
 * address is still counted and blocked, so the failing phone is refused.
 * A Login ID is counted per address, never globally: failures from
 * elsewhere cannot lock a phone out, and unknown and known Login IDs are
 * treated alike, so the counters reveal nothing about which users exist.
 */
#include <string.h>
#include <syslog.h>
#include "handsetd.h"
#include "admin.h"

enum {
	MAX_TRACKED = 65536,
	MAX_LOGIN   = 64,
};

struct ratelimit {
	struct hash *ht;
	uint32_t count;
	uint32_t max_failures;
	uint32_t window;
	uint32_t block;
	struct netlist *exempt;
	struct netlist *trusted;
};

struct rl_entry {
	struct le he;
	struct sa addr;
	char login[MAX_LOGIN];    /* "": the address as a whole */
	uint32_t failures;
	uint64_t window_start;
	uint64_t blocked_until;
};

static void rl_destructor(void *arg)
{
	struct ratelimit *rl = arg;

	hash_flush(rl->ht);
	mem_deref(rl->ht);
	mem_deref(rl->exempt);
	mem_deref(rl->trusted);
}

static void entry_destructor(void *arg)
{
	struct rl_entry *e = arg;

	hash_unlink(&e->he);
}

int ratelimit_alloc(struct ratelimit **rlp)
{
	struct ratelimit *rl;
	int err;

	if (!rlp)
		return EINVAL;

	rl = mem_zalloc(sizeof(*rl), rl_destructor);
	if (!rl)
		return ENOMEM;

	err = hash_alloc(&rl->ht, 256);
	if (err) {
		mem_deref(rl);
		return err;
	}

	rl->max_failures = 10;
	rl->window = 60;
	rl->block = 300;
	*rlp = rl;

	return 0;
}

void ratelimit_configure(struct ratelimit *rl, uint32_t max_failures,
			 uint32_t window, uint32_t block)
{
	if (!rl)
		return;

	rl->max_failures = max_failures;
	rl->window = window;
	rl->block = block;
}

void ratelimit_exempt(struct ratelimit *rl, struct netlist *exempt,
		      struct netlist *trusted)
{
	if (!rl)
		return;

	mem_deref(rl->exempt);
	mem_deref(rl->trusted);
	rl->exempt = mem_ref(exempt);
	rl->trusted = mem_ref(trusted);
}

bool ratelimit_is_exempt(const struct ratelimit *rl, const struct sa *src)
{
	return rl && src && (netlist_match(rl->exempt, src) ||
			     netlist_match(rl->trusted, src));
}

struct key {
	const struct sa *addr;
	const struct pl *login;   /* NULL: the address entry */
};

static uint32_t key_hash(const struct key *k)
{
	uint32_t h = sa_hash(k->addr, SA_ADDR);

	return k->login ? h ^ hash_joaat_pl(k->login) : h;
}

static bool key_cmp(struct le *le, void *arg)
{
	const struct rl_entry *e = le->data;
	const struct key *k = arg;

	if (!sa_cmp(&e->addr, k->addr, SA_ADDR))
		return false;
	if (!k->login)
		return !e->login[0];

	return e->login[0] && !pl_strcmp(k->login, e->login);
}

static struct rl_entry *lookup(const struct ratelimit *rl,
			       const struct key *k)
{
	return list_ledata(hash_lookup(rl->ht, key_hash(k), key_cmp,
				       (void *)k));
}

static bool blocked(const struct ratelimit *rl, const struct key *k,
		    uint64_t now)
{
	struct rl_entry *e;

	if (!rl || !k->addr || !rl->max_failures)
		return false;

	e = lookup(rl, k);

	return e && e->blocked_until > now;
}

bool ratelimit_blocked(struct ratelimit *rl, const struct sa *src,
		       uint64_t now)
{
	struct key k = { src, NULL };

	return blocked(rl, &k, now);
}

bool ratelimit_login_blocked(struct ratelimit *rl, const struct sa *src,
			     const struct pl *login, uint64_t now)
{
	struct key k = { src, login };

	if (!pl_isset(login) || login->l >= MAX_LOGIN)
		return false;

	return blocked(rl, &k, now);
}

static void count(struct ratelimit *rl, const struct key *k, uint64_t now)
{
	struct rl_entry *e;

	e = lookup(rl, k);
	if (!e) {
		if (rl->count >= MAX_TRACKED)
			return;
		e = mem_zalloc(sizeof(*e), entry_destructor);
		if (!e)
			return;
		e->addr = *k->addr;
		if (k->login)
			(void)pl_strcpy(k->login, e->login, sizeof(e->login));
		e->window_start = now;
		hash_append(rl->ht, key_hash(k), &e->he, e);
		++rl->count;
	}

	if (now - e->window_start >= rl->window) {
		e->window_start = now;
		e->failures = 0;
	}

	if (++e->failures < rl->max_failures || e->blocked_until > now)
		return;

	e->blocked_until = now + rl->block;
	if (e->login[0])
		log_msg(LOG_WARNING, "blocking login \"%s\" at %j for %u s "
			"after %u failed authentications", e->login,
			k->addr, rl->block, e->failures);
	else
		log_msg(LOG_WARNING, "blocking %j for %u s after %u failed "
			"authentications", k->addr, rl->block, e->failures);
}

void ratelimit_failure(struct ratelimit *rl, const struct sa *src,
		       uint64_t now)
{
	struct key k = { src, NULL };

	if (!rl || !src || !rl->max_failures || ratelimit_is_exempt(rl, src))
		return;

	count(rl, &k, now);
}

void ratelimit_login_failure(struct ratelimit *rl, const struct sa *src,
			     const struct pl *login, uint64_t now)
{
	struct key k = { src, login };

	ratelimit_failure(rl, src, now);

	if (!rl || !src || !rl->max_failures || !pl_isset(login) ||
	    login->l >= MAX_LOGIN)
		return;

	count(rl, &k, now);
}

struct expire_ctx {
	struct ratelimit *rl;
	uint64_t now;
};

static bool expire_handler(struct le *le, void *arg)
{
	struct expire_ctx *ec = arg;
	struct rl_entry *e = le->data;

	if (e->blocked_until <= ec->now &&
	    ec->now - e->window_start >= ec->rl->window) {
		mem_deref(e);
		--ec->rl->count;
	}

	return false;
}

void ratelimit_expire(struct ratelimit *rl, uint64_t now)
{
	struct expire_ctx ec = { rl, now };

	if (!rl || !rl->count)
		return;

	(void)hash_apply(rl->ht, expire_handler, &ec);
}

struct blocked_ctx {
	ratelimit_blocked_h *h;
	void *arg;
	uint64_t now;
};

static bool blocked_handler(struct le *le, void *arg)
{
	struct blocked_ctx *bc = arg;
	const struct rl_entry *e = le->data;

	if (e->blocked_until <= bc->now)
		return false;

	return bc->h(&e->addr, e->login[0] ? e->login : NULL,
		     e->blocked_until - bc->now, bc->arg);
}

void ratelimit_blocked_apply(const struct ratelimit *rl,
			     ratelimit_blocked_h *h, void *arg, uint64_t now)
{
	struct blocked_ctx bc = { h, arg, now };

	if (!rl || !h)
		return;

	(void)hash_apply(rl->ht, blocked_handler, &bc);
}

struct unblock_ctx {
	struct ratelimit *rl;
	const struct pl *what;
	struct sa addr;
	bool is_addr;
	unsigned n;
};

static bool unblock_handler(struct le *le, void *arg)
{
	struct unblock_ctx *uc = arg;
	struct rl_entry *e = le->data;

	if (uc->is_addr ? !sa_cmp(&e->addr, &uc->addr, SA_ADDR) :
	    (!e->login[0] || pl_strcmp(uc->what, e->login)))
		return false;

	if (e->blocked_until)
		++uc->n;
	mem_deref(e);
	--uc->rl->count;

	return false;
}

/*
 * Forgets every counter of an address (its own and those of the Login IDs
 * at it) or of a Login ID (at every address); returns how many of them
 * were blocks.
 */
unsigned ratelimit_unblock(struct ratelimit *rl, const struct pl *what)
{
	struct unblock_ctx uc;

	if (!rl || !pl_isset(what))
		return 0;

	memset(&uc, 0, sizeof(uc));
	uc.rl = rl;
	uc.what = what;
	uc.is_addr = !sa_set(&uc.addr, what, 0);

	(void)hash_apply(rl->ht, unblock_handler, &uc);

	return uc.n;
}
