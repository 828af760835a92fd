/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The handset records: one runtime entry per configured handset (bindings,
 * digest nonce-count, the MAC its phone reports) plus
 * the devices discovered on the network.  The configuration says which
 * handsets exist; this module keeps what the daemon learned about them and
 * makes it durable through the state log.
 * The analog handsets' port state is analog.c's, which lists them itself.
 */
#include <string.h>
#include <syslog.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "events.h"
#include "admin.h"

enum {
	/* last_seen of a discovered device is persisted at most this often */
	PERSIST_INTERVAL = 300,
	/* compaction waits for this long without new records */
	COMPACT_QUIET_MS = 1000,
};

struct records {
	struct config *cfg;
	struct hash *ht_hs;
	struct hash *ht_disc;
	uint32_t discc;
	uint32_t bindc;
	struct statelog *sl;
	bool replaying;
};

struct disc_priv {
	struct discovered d;
	uint64_t persisted;
};

static void binding_destructor(void *arg)
{
	struct binding *b = arg;

	list_unlink(&b->le);
}

static void handset_destructor(void *arg)
{
	struct handset *hs = arg;

	hash_unlink(&hs->he);
	list_flush(&hs->bindings);
	mem_deref(hs->user_id);
}

static void disc_destructor(void *arg)
{
	struct discovered *d = arg;

	hash_unlink(&d->he);
	mem_deref(d->vendor);
	mem_deref(d->model);
	mem_deref(d->ua);
	mem_deref(d->how);
}

static void records_destructor(void *arg)
{
	struct records *r = arg;

	/* the log's destructor flushes, and must still find the records */
	r->sl = mem_deref(r->sl);
	hash_flush(r->ht_hs);
	hash_flush(r->ht_disc);
	mem_deref(r->ht_hs);
	mem_deref(r->ht_disc);
	mem_deref(r->cfg);
}

static bool hs_cmp(struct le *le, void *arg)
{
	const struct handset *hs = le->data;

	return !pl_strcmp(arg, hs->user_id);
}

struct handset *records_handset(const struct records *r,
				const struct pl *user_id)
{
	if (!r || !user_id)
		return NULL;

	return list_ledata(hash_lookup(r->ht_hs, hash_joaat_pl(user_id),
				       hs_cmp, (void *)user_id));
}

static int handset_add(struct records *r, const struct hs_conf *conf)
{
	struct handset *hs;

	hs = mem_zalloc(sizeof(*hs), handset_destructor);
	if (!hs)
		return ENOMEM;

	list_init(&hs->bindings);
	hs->conf = conf;
	/* shared with the configuration, and kept across a reload that
	 * replaces it: the user ID is the handset's identity */
	hs->user_id = mem_ref(conf->user_id);

	hash_append(r->ht_hs, hash_joaat_str(hs->user_id), &hs->he, hs);

	return 0;
}

static int log_binding(struct records *r, const struct binding *b)
{
	if (r->replaying)
		return 0;

	return statelog_append(r->sl, "B %H %H %H %u %llu %llu %J %s %H %H",
			       statelog_field, b->hs->user_id,
			       statelog_field, b->uri,
			       statelog_field, b->callid, b->cseq,
			       (unsigned long long)b->expires,
			       (unsigned long long)b->updated, &b->src,
			       sip_transp_name(b->tp),
			       statelog_field, b->ua,
			       statelog_field, b->instance);
}

static int log_disc(struct records *r, const struct discovered *d)
{
	char mac[MAC_STR_SIZE];

	if (r->replaying)
		return 0;

	mac_format(mac, d->mac);

	return statelog_append(r->sl, "D %s %llu %llu %J %H %H %H %H", mac,
			       (unsigned long long)d->first_seen,
			       (unsigned long long)d->last_seen, &d->src,
			       statelog_field, d->vendor,
			       statelog_field, d->model,
			       statelog_field, d->ua,
			       statelog_field, d->how);
}

struct binding *records_binding_find(const struct handset *hs,
				     const struct pl *uri)
{
	struct le *le;

	if (!hs || !uri)
		return NULL;

	for (le = hs->bindings.head; le; le = le->next) {
		struct binding *b = le->data;

		if (!pl_strcmp(uri, b->uri))
			return b;
	}

	return NULL;
}

static size_t pl_size(const struct pl *pl)
{
	return pl_isset(pl) ? pl->l + 1 : 0;
}

static char *pl_put(char **p, const struct pl *pl)
{
	char *s = *p;

	if (!pl_isset(pl))
		return NULL;

	memcpy(s, pl->p, pl->l);
	s[pl->l] = '\0';
	*p += pl->l + 1;

	return s;
}

/*
 * A binding and its strings are one allocation: 10,000 bindings are then
 * 40,000 fewer heap blocks (their headers were a sixth of the daemon's
 * heap).  A new registration of the same contact replaces the object, as
 * its strings may change length; nothing keeps a binding pointer across
 * calls.  The arguments may point into the binding being replaced: all is
 * copied before that one goes.
 */
static struct binding *binding_alloc(struct handset *hs,
				     const struct pl *uri,
				     const struct pl *callid,
				     const struct pl *ua,
				     const struct pl *instance)
{
	struct binding *b;
	char *p;

	b = mem_zalloc(sizeof(*b) + pl_size(uri) + pl_size(callid) +
		       pl_size(ua) + pl_size(instance), binding_destructor);
	if (!b)
		return NULL;

	p = b->strs;
	b->hs = hs;
	b->uri = pl_put(&p, uri);
	b->callid = pl_put(&p, callid);
	b->ua = pl_put(&p, ua);
	b->instance = pl_put(&p, instance);

	return b;
}

int records_binding_set(struct records *r, struct handset *hs,
			const struct pl *uri, const struct pl *callid,
			uint32_t cseq, uint64_t expires,
			const struct sa *src, enum sip_transp tp,
			const struct pl *ua, const struct pl *instance,
			uint64_t now)
{
	struct binding *b, *old;

	if (!r || !hs || !pl_isset(uri) || !pl_isset(callid))
		return EINVAL;

	old = records_binding_find(hs, uri);
	b = binding_alloc(hs, uri, callid, ua, instance);
	if (!b)
		return ENOMEM;

	b->cseq = cseq;
	b->expires = expires;
	b->updated = now;
	b->tp = tp;
	if (src)
		b->src = *src;
	else if (old)
		b->src = old->src;

	if (old) {
		/* in the old one's place: the order is the order of arrival */
		list_insert_after(&hs->bindings, &old->le, &b->le, b);
		mem_deref(old);
	}
	else {
		list_append(&hs->bindings, &b->le, b);
		++r->bindc;
	}

	if (!r->replaying) {
		struct event_info ei = {
			.change = old ? CTRL_VAL_CHANGE_REFRESHED :
				CTRL_VAL_CHANGE_REGISTERED,
			.user_id = hs->user_id,
			.contact = b->uri,
		};

		/* a refresh every few minutes is no news to the log */
		if (!old)
			log_msg(LOG_NOTICE, "handset %s registered %s from %J "
				"(%s) until %H", hs->user_id, b->uri, &b->src,
				sip_transp_name(tp), fmt_gmtime,
				&(time_t){ (time_t)expires });
		events_publish_info(EVENT_SIP, &ei);
	}

	return log_binding(r, b);
}

/*
 * kind and change say what the monitor stream reports; why is the log's
 * wording (NULL: replaying, nothing to say).
 */
static void binding_remove(struct records *r, struct binding *b,
			   const char *why, enum event_kind kind,
			   const char *change)
{
	struct event_info ei = {
		.change = change,
		.user_id = b->hs->user_id,
		.contact = b->uri,
	};

	if (why)
		log_msg(LOG_NOTICE, "handset %s: binding %s removed (%s)",
			b->hs->user_id, b->uri, why);

	if (!r->replaying) {
		(void)statelog_append(r->sl, "R %H %H",
				      statelog_field, b->hs->user_id,
				      statelog_field, b->uri);
		events_publish_info(kind, &ei);
	}
	--r->bindc;
	mem_deref(b);
}

void records_binding_remove(struct records *r, struct binding *b,
			    const char *why)
{
	if (!r || !b)
		return;

	binding_remove(r, b, why, EVENT_SIP, CTRL_VAL_CHANGE_REMOVED);
}

static unsigned drop_bindings(struct records *r, struct handset *hs,
			      const char *why, const char *change)
{
	unsigned n = 0;

	for (; hs->bindings.head; n++)
		binding_remove(r, hs->bindings.head->data, why, EVENT_SIP,
			       change);

	/* a retransmission of the last REGISTER must not be answered 200
	 * as though its binding still existed */
	hs->last_cseq = 0;
	hs->last_callid = 0;

	return n;
}

/*
 * `handsetctl kick`: every binding of the handset goes now, through the
 * state log like any other removal, so a restart does not bring them back.
 */
unsigned records_kick(struct records *r, struct handset *hs)
{
	if (!r || !hs)
		return 0;

	/* the caller logs the kick once, with the count */
	return drop_bindings(r, hs, NULL, CTRL_VAL_CHANGE_KICKED);
}

uint32_t records_binding_count(const struct records *r)
{
	return r ? r->bindc : 0;
}

struct config *records_config(const struct records *r)
{
	return r ? r->cfg : NULL;
}

struct statelog *records_statelog(const struct records *r)
{
	return r ? r->sl : NULL;
}

struct expire_ctx {
	struct records *r;
	uint64_t now;
};

static bool expire_handler(struct le *le, void *arg)
{
	struct expire_ctx *ec = arg;
	struct handset *hs = le->data;
	struct le *ble = hs->bindings.head;

	while (ble) {
		struct binding *b = ble->data;

		ble = ble->next;
		if (b->expires <= ec->now)
			binding_remove(ec->r, b, "expired", EVENT_EXPIRY,
				       CTRL_VAL_CHANGE_EXPIRED);
	}

	return false;
}

void records_expire(struct records *r, uint64_t now)
{
	struct expire_ctx ec = { r, now };

	if (!r || !r->bindc)
		return;

	(void)hash_apply(r->ht_hs, expire_handler, &ec);
}

struct apply_ctx {
	bool (*h)(struct handset *hs, void *arg);
	void *arg;
};

void records_handset_apply(const struct records *r,
			   bool (*h)(struct handset *hs, void *arg),
			   void *arg)
{
	struct le *le;

	if (!r || !h)
		return;

	/* configuration order, which is the administrator's order */
	for (le = r->cfg->handsets.head; le; le = le->next) {
		const struct hs_conf *conf = le->data;
		struct handset *hs;
		struct pl pl;

		pl_set_str(&pl, conf->user_id);
		hs = records_handset(r, &pl);
		if (hs && h(hs, arg))
			break;
	}
}

void records_seen_mac(struct records *r, struct handset *hs,
		      const uint8_t mac[MAC_LEN])
{
	char buf[MAC_STR_SIZE];

	if (!r || !hs || !mac)
		return;

	if (hs->has_seen_mac && !memcmp(hs->seen_mac, mac, MAC_LEN))
		return;

	memcpy(hs->seen_mac, mac, MAC_LEN);
	hs->has_seen_mac = true;

	if (r->replaying)
		return;

	mac_format(buf, mac);
	(void)statelog_append(r->sl, "M %H %s", statelog_field, hs->user_id,
			      buf);

	if (hs->conf->has_mac && memcmp(hs->conf->mac, mac, MAC_LEN)) {
		char conf[MAC_STR_SIZE];

		mac_format(conf, hs->conf->mac);
		log_msg(LOG_WARNING, "handset %s is configured with MAC %s "
			"but its phone reports %s", hs->user_id, conf, buf);
	}
}

static bool disc_cmp(struct le *le, void *arg)
{
	const struct discovered *d = le->data;

	return !memcmp(d->mac, arg, MAC_LEN);
}

static int set_str(char **dst, const char *src)
{
	if (!src || !*src)
		return 0;
	if (*dst && !strcmp(*dst, src))
		return 0;

	mem_deref(*dst);
	*dst = NULL;

	return str_dup(dst, src);
}

void records_discovered(struct records *r, const uint8_t mac[MAC_LEN],
			const struct pl *ua, const char *vendor,
			const char *model, const char *how,
			const struct sa *src, uint64_t now)
{
	struct disc_priv *dp;
	struct discovered *d;
	char *uas = NULL;
	bool changed = false;

	if (!r || !mac)
		return;

	d = list_ledata(hash_lookup(r->ht_disc, mac_hash(mac), disc_cmp,
				    (void *)mac));
	if (!d) {
		char buf[MAC_STR_SIZE];

		/* unauthenticated input: bound what it can make us keep */
		if (r->discc >= config_admin(r->cfg)->disc_max)
			return;

		dp = mem_zalloc(sizeof(*dp), disc_destructor);
		if (!dp)
			return;
		d = &dp->d;
		memcpy(d->mac, mac, MAC_LEN);
		d->first_seen = now;
		hash_append(r->ht_disc, mac_hash(mac), &d->he, d);
		++r->discc;
		changed = true;

		mac_format(buf, mac);
		if (!r->replaying) {
			char addr[64];
			struct event_info ei = {
				.change = CTRL_VAL_CHANGE_DISCOVERED,
				.mac = buf,
				.address = addr,
			};

			(void)re_snprintf(addr, sizeof(addr), "%J", src);
			log_msg(LOG_NOTICE, "discovered device %s (%s) at %J "
				"via %s", buf, vendor ? vendor : "unknown "
				"vendor", src, how);
			events_publish_info(EVENT_DISCOVERY, &ei);
		}
	}
	dp = (struct disc_priv *)d;

	if (pl_isset(ua) && !pl_strdup(&uas, ua)) {
		changed |= !d->ua || strcmp(d->ua, uas);
		(void)set_str(&d->ua, uas);
		mem_deref(uas);
	}
	changed |= vendor && (!d->vendor || strcmp(d->vendor, vendor));
	changed |= model && (!d->model || strcmp(d->model, model));
	(void)set_str(&d->vendor, vendor);
	(void)set_str(&d->model, model);
	(void)set_str(&d->how, how);
	if (src) {
		changed |= !sa_cmp(&d->src, src, SA_ALL);
		d->src = *src;
	}
	if (now > d->last_seen)
		d->last_seen = now;

	if (r->replaying) {
		dp->persisted = now;
		return;
	}

	if (changed || now - dp->persisted >= PERSIST_INTERVAL) {
		dp->persisted = now;
		(void)log_disc(r, d);
	}
}

static void disc_forget(struct records *r, struct discovered *d,
			const char *why)
{
	char buf[MAC_STR_SIZE];
	struct event_info ei = {
		.change = CTRL_VAL_CHANGE_FORGOTTEN,
		.mac = buf,
	};

	mac_format(buf, d->mac);
	if (!r->replaying) {
		log_msg(LOG_NOTICE, "discovered device %s forgotten (%s)", buf,
			why);
		(void)statelog_append(r->sl, "F %s", buf);
	}
	--r->discc;
	mem_deref(d);
	if (!r->replaying)
		events_publish_info(EVENT_DISCOVERY, &ei);
}

/* `handsetctl forget MAC`; ENOENT: no such discovered device */
int records_discovered_forget(struct records *r, const uint8_t mac[MAC_LEN])
{
	struct discovered *d;

	if (!r || !mac)
		return EINVAL;

	d = list_ledata(hash_lookup(r->ht_disc, mac_hash(mac), disc_cmp,
				    (void *)mac));
	if (!d)
		return ENOENT;

	disc_forget(r, d, "by the administrator");

	return 0;
}

struct disc_expire_ctx {
	struct records *r;
	uint64_t now;
	uint32_t after;
};

static bool disc_expire_handler(struct le *le, void *arg)
{
	struct disc_expire_ctx *ec = arg;
	struct discovered *d = le->data;

	if (d->last_seen + ec->after <= ec->now)
		disc_forget(ec->r, d, "not seen for discovery.expire_days");

	return false;
}

/* Devices nobody configured go once they have been quiet long enough. */
static void disc_expire(struct records *r, uint64_t now)
{
	struct disc_expire_ctx ec = {
		r, now, config_admin(r->cfg)->disc_expire
	};

	if (r->discc)
		(void)hash_apply(r->ht_disc, disc_expire_handler, &ec);
}

struct disc_apply_ctx {
	bool (*h)(struct discovered *d, void *arg);
	void *arg;
};

static bool disc_apply_handler(struct le *le, void *arg)
{
	struct disc_apply_ctx *ctx = arg;

	return ctx->h(le->data, ctx->arg);
}

void records_discovered_apply(const struct records *r,
			      bool (*h)(struct discovered *d, void *arg),
			      void *arg)
{
	struct disc_apply_ctx ctx = { h, arg };

	if (!r || !h)
		return;

	(void)hash_apply(r->ht_disc, disc_apply_handler, &ctx);
}

static uint64_t u64(const char *s)
{
	struct pl pl;

	pl_set_str(&pl, s);

	return pl_u64(&pl);
}

static enum sip_transp transp_from_name(const char *s)
{
	if (!strcasecmp(s, "TCP"))
		return SIP_TRANSP_TCP;
	if (!strcasecmp(s, "TLS"))
		return SIP_TRANSP_TLS;

	return SIP_TRANSP_UDP;
}

/* Replays one state log record; records of unknown handsets are dropped. */
static void replay_handler(int argc, char *argv[], void *arg)
{
	struct records *r = arg;
	struct handset *hs = NULL;
	struct pl uid, pl1, pl2, pl3, pl4;
	uint8_t mac[MAC_LEN];
	struct sa src;

	if (argc >= 2) {
		pl_set_str(&uid, argv[1]);
		hs = records_handset(r, &uid);
	}

	if (!strcmp(argv[0], "B") && argc == 11) {
		if (!hs || hs->conf->model->kind == MODEL_ANALOG)
			return;
		pl_set_str(&pl1, argv[2]);
		pl_set_str(&pl2, argv[3]);
		pl_set_str(&pl3, argv[9]);
		pl_set_str(&pl4, argv[10]);
		sa_init(&src, AF_UNSPEC);
		(void)sa_decode(&src, argv[7], strlen(argv[7]));
		(void)records_binding_set(r, hs, &pl1, &pl2,
					  (uint32_t)u64(argv[4]),
					  u64(argv[5]), &src,
					  transp_from_name(argv[8]), &pl3,
					  &pl4, u64(argv[6]));
	}
	else if (!strcmp(argv[0], "R") && argc == 3) {
		pl_set_str(&pl1, argv[2]);
		records_binding_remove(r, records_binding_find(hs, &pl1),
				       NULL);
	}
	else if (!strcmp(argv[0], "M") && argc == 3) {
		if (hs && !mac_parse(mac, argv[2], strlen(argv[2])))
			records_seen_mac(r, hs, mac);
	}
	else if (!strcmp(argv[0], "F") && argc == 2) {
		if (!mac_parse(mac, argv[1], strlen(argv[1])))
			(void)records_discovered_forget(r, mac);
	}
	else if (!strcmp(argv[0], "D") && argc == 9) {
		if (mac_parse(mac, argv[1], strlen(argv[1])))
			return;
		sa_init(&src, AF_UNSPEC);
		(void)sa_decode(&src, argv[4], strlen(argv[4]));
		pl_set_str(&pl1, argv[7]);
		records_discovered(r, mac, &pl1, argv[5], argv[6], argv[8],
				   &src, u64(argv[3]));
		{
			struct discovered *d = list_ledata(
				hash_lookup(r->ht_disc, mac_hash(mac),
					    disc_cmp, mac));
			if (d)
				d->first_seen = u64(argv[2]);
		}
	}
}

static bool snap_handset(struct le *le, void *arg)
{
	struct records *r = arg;
	struct handset *hs = le->data;
	struct le *ble;
	char buf[MAC_STR_SIZE];

	for (ble = hs->bindings.head; ble; ble = ble->next) {
		if (log_binding(r, ble->data))
			return true;
	}

	if (hs->has_seen_mac) {
		mac_format(buf, hs->seen_mac);
		if (statelog_append(r->sl, "M %H %s", statelog_field,
				    hs->user_id, buf))
			return true;
	}

	return false;
}

static bool snap_disc(struct le *le, void *arg)
{
	return log_disc(arg, le->data) != 0;
}

static int snapshot(struct statelog *sl, void *arg)
{
	struct records *r = arg;

	(void)sl;

	if (hash_apply(r->ht_hs, snap_handset, r))
		return ENOMEM;
	if (hash_apply(r->ht_disc, snap_disc, r))
		return ENOMEM;

	return 0;
}

int records_alloc(struct records **rp, struct config *cfg,
		  const char *state_dir)
{
	struct records *r;
	struct le *le;
	int err;

	if (!rp || !cfg || !state_dir)
		return EINVAL;

	r = mem_zalloc(sizeof(*r), records_destructor);
	if (!r)
		return ENOMEM;

	r->cfg = mem_ref(cfg);
	err  = hash_alloc(&r->ht_hs, hash_valid_size(cfg->handsetc < 64 ?
						      16 : cfg->handsetc / 4));
	err |= hash_alloc(&r->ht_disc, 256);
	if (err)
		goto out;

	for (le = cfg->handsets.head; le; le = le->next) {
		err = handset_add(r, le->data);
		if (err)
			goto out;
	}

	r->replaying = true;
	err = statelog_open(&r->sl, state_dir, replay_handler, r);
	r->replaying = false;
	if (err)
		goto out;

	/* a long log is compacted at once; a short one is not worth the
	 * fsync of a rewrite on every start */
	records_expire(r, now_wall());
	if (statelog_wants_compaction(r->sl, r->bindc + r->discc))
		err = statelog_compact(r->sl, snapshot, r);

 out:
	if (err)
		mem_deref(r);
	else
		*rp = r;

	return err;
}

struct reconf_ctx {
	struct records *r;
	struct config *cfg;
};

static bool reconf_handler(struct le *le, void *arg)
{
	struct reconf_ctx *rc = arg;
	struct handset *hs = le->data;
	const struct hs_conf *conf;
	struct pl pl;

	pl_set_str(&pl, hs->user_id);
	conf = config_by_uid(rc->cfg, &pl);

	if (!conf || (conf->model->kind == MODEL_ANALOG) !=
	    (hs->conf->model->kind == MODEL_ANALOG)) {
		if (hs->bindings.head)
			log_msg(LOG_NOTICE, "handset %s is no longer "
				"configured: its bindings are dropped",
				hs->user_id);
		drop_bindings(rc->r, hs, "handset removed",
			      CTRL_VAL_CHANGE_REMOVED);
		hs->conf = NULL;
		return false;
	}

	/* a leaked password is changed in the file: what was authenticated
	 * with the old one (or the old login, or realm) goes with it */
	if (hs->bindings.head && hs->conf->has_secret &&
	    (!conf->has_secret || memcmp(hs->conf->ha1, conf->ha1,
					 sizeof(conf->ha1)))) {
		log_msg(LOG_NOTICE, "handset %s: credentials changed: its "
			"bindings are dropped", hs->user_id);
		drop_bindings(rc->r, hs, "credentials changed",
			      CTRL_VAL_CHANGE_REMOVED);
	}

	hs->conf = conf;

	return false;
}

static bool reap_handler(struct le *le, void *arg)
{
	struct handset *hs = le->data;

	(void)arg;

	if (!hs->conf)
		mem_deref(hs);

	return false;
}

/*
 * Swaps in a validated configuration.  Handsets that are gone lose their
 * bindings, and so do those whose credentials changed (a leaked password
 * is changed in the file, and the phone that knew it must go now); the
 * others keep them.
 */
int records_reconfigure(struct records *r, struct config *cfg)
{
	struct reconf_ctx rc = { r, cfg };
	struct le *le;
	int err = 0;

	if (!r || !cfg)
		return EINVAL;

	(void)hash_apply(r->ht_hs, reconf_handler, &rc);

	/* handset_destructor unlinks from the table we walk: reap apart */
	le = hash_apply(r->ht_hs, reap_handler, NULL);
	(void)le;

	for (le = cfg->handsets.head; le; le = le->next) {
		const struct hs_conf *conf = le->data;
		struct pl pl;

		pl_set_str(&pl, conf->user_id);
		if (!records_handset(r, &pl))
			err |= handset_add(r, conf);
	}

	mem_deref(r->cfg);
	r->cfg = mem_ref(cfg);

	return err;
}

/* Periodic housekeeping: expiry, and compaction once a burst is over. */
int records_maintain(struct records *r)
{
	if (!r)
		return EINVAL;

	records_expire(r, now_wall());
	disc_expire(r, now_wall());

	if (statelog_compaction_due(r->sl, r->bindc + r->discc,
				    COMPACT_QUIET_MS))
		return statelog_compact(r->sl, snapshot, r);

	return 0;
}
