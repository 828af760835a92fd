/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Failed authentications per source address.  After max_failures within
 * failure_window seconds the address is refused for block_time seconds.
 * The log lines are meant for fail2ban:
 *
 *   authentication failure for "alice" from 192.0.2.7
 *   blocking 192.0.2.7 for 300 s after 10 failed authentications
 *
 * The counters are per address, never per user, so they reveal nothing
 * about which users exist.
 */
#include <syslog.h>
#include "handsetd.h"

enum { MAX_TRACKED = 65536 };

struct ratelimit {
	struct hash *ht;
	uint32_t count;
	uint32_t max_failures;
	uint32_t window;
	uint32_t block;
};

struct rl_entry {
	struct le he;
	struct sa addr;
	uint32_t failures;
	uint64_t window_start;
	uint64_t blocked_until;
};

static void rl_destructor(void *arg)
{
	struct ratelimit *rl = arg;

	hash_flush(rl->ht);
	mem_deref(rl->ht);
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

static bool addr_cmp(struct le *le, void *arg)
{
	const struct rl_entry *e = le->data;

	return sa_cmp(&e->addr, arg, SA_ADDR);
}

static struct rl_entry *lookup(const struct ratelimit *rl,
			       const struct sa *src)
{
	return list_ledata(hash_lookup(rl->ht, sa_hash(src, SA_ADDR),
				       addr_cmp, (void *)src));
}

bool ratelimit_blocked(struct ratelimit *rl, const struct sa *src,
		       uint64_t now)
{
	struct rl_entry *e;

	if (!rl || !src || !rl->max_failures)
		return false;

	e = lookup(rl, src);

	return e && e->blocked_until > now;
}

void ratelimit_failure(struct ratelimit *rl, const struct sa *src,
		       uint64_t now)
{
	struct rl_entry *e;

	if (!rl || !src || !rl->max_failures)
		return;

	e = lookup(rl, src);
	if (!e) {
		if (rl->count >= MAX_TRACKED)
			return;
		e = mem_zalloc(sizeof(*e), entry_destructor);
		if (!e)
			return;
		e->addr = *src;
		e->window_start = now;
		hash_append(rl->ht, sa_hash(src, SA_ADDR), &e->he, e);
		++rl->count;
	}

	if (now - e->window_start >= rl->window) {
		e->window_start = now;
		e->failures = 0;
	}

	if (++e->failures >= rl->max_failures && e->blocked_until <= now) {
		e->blocked_until = now + rl->block;
		log_msg(LOG_WARNING, "blocking %j for %u s after %u failed "
			"authentications", src, rl->block, e->failures);
	}
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
