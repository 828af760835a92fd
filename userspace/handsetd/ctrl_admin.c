/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol's administrative verbs (ctrl_proto.h,
 * handsetctl(8)): lookup (where a handset is, as the redirect server
 * would answer), kick (drop its bindings now), blocked and unblock (the
 * rate limiter's holds), forget (a discovered device).  Every action is
 * logged, so the journal says who was cut off and when.
 */
#include <errno.h>
#include <syslog.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "jsondoc.h"
#include "admin.h"

static int mbuf_vph(const char *p, size_t size, void *arg)
{
	return mbuf_write_mem(arg, (const uint8_t *)p, size);
}

static int lookup(struct mbuf *reply, const struct pl *id,
		  const struct ctrl_env *env)
{
	struct re_printf pf = { mbuf_vph, reply };
	uint64_t now = now_wall();
	struct location loc;
	struct odict *o = NULL;
	int err;

	if (!pl_isset(id)) {
		(void)mbuf_printf(reply, "usage: lookup USER_ID|LOGIN\n");
		return EINVAL;
	}

	location_find(&loc, env->recs, env->analog, id, now);
	if (loc.state == LOCATION_UNKNOWN) {
		(void)mbuf_printf(reply, "no handset with user ID or login "
				  "\"%r\"\n", id);
		return ENOENT;
	}

	err = location_document(&o, &loc, now);
	if (!err)
		err = re_hprintf(&pf, "%H\n", json_encode_odict, o);
	mem_deref(o);

	return err;
}

static int kick(struct mbuf *reply, const struct pl *id,
		const struct ctrl_env *env)
{
	const struct hs_conf *conf;
	struct handset *hs;
	unsigned n;

	if (!pl_isset(id)) {
		(void)mbuf_printf(reply, "usage: kick USER_ID\n");
		return EINVAL;
	}

	conf = config_by_uid(records_config(env->recs), id);
	hs = records_handset(env->recs, id);
	if (!conf || !hs) {
		(void)mbuf_printf(reply, "no handset with user ID \"%r\"\n",
				  id);
		return ENOENT;
	}
	if (conf->model->kind == MODEL_ANALOG) {
		(void)mbuf_printf(reply, "handset %r is analog: it has no "
				  "registration to drop\n", id);
		return EINVAL;
	}

	n = records_kick(env->recs, hs);
	log_msg(LOG_NOTICE, "handset %s kicked by the administrator: %u "
		"binding(s) dropped", hs->user_id, n);
	(void)mbuf_printf(reply, "handset %s: %u binding(s) dropped\n",
			  hs->user_id, n);

	return statelog_sync(records_statelog(env->recs));
}

struct blocked_ctx {
	struct mbuf *reply;
	struct odict *arr;
	unsigned n;
	int err;
};

static bool blocked_text(const struct sa *addr, const char *login,
			 uint64_t left, void *arg)
{
	struct blocked_ctx *bc = arg;

	bc->err |= mbuf_printf(bc->reply, "%-40j %-20s %llu s left\n", addr,
			       login ? login : "-",
			       (unsigned long long)left);
	++bc->n;

	return bc->err != 0;
}

static bool blocked_json(const struct sa *addr, const char *login,
			 uint64_t left, void *arg)
{
	struct blocked_ctx *bc = arg;
	struct odict *o = NULL;
	char buf[64];

	(void)re_snprintf(buf, sizeof(buf), "%j", addr);
	bc->err = jsondoc_alloc(&o);
	if (bc->err)
		return true;

	bc->err |= jsondoc_str(o, CTRL_KEY_ADDRESS, buf);
	bc->err |= jsondoc_str(o, CTRL_KEY_LOGIN, login);
	bc->err |= odict_entry_add(o, CTRL_KEY_SECONDS_LEFT, ODICT_INT,
				   (int64_t)left);
	if (!bc->err)
		bc->err = jsondoc_push(bc->arr, o);
	mem_deref(o);

	return bc->err != 0;
}

static int blocked(struct mbuf *reply, struct pl *arg,
		   const struct ctrl_env *env)
{
	struct re_printf pf = { mbuf_vph, reply };
	struct blocked_ctx bc = { reply, NULL, 0, 0 };
	uint64_t now = now_wall();
	struct odict *doc = NULL;
	bool json;
	int err;

	json = ctrl_option(arg, CTRL_OPT_JSON);
	if (pl_isset(arg)) {
		(void)mbuf_printf(reply, "usage: blocked [json]\n");
		return EINVAL;
	}

	if (!json) {
		(void)mbuf_printf(reply, "%-40s %-20s %s\n", "ADDRESS",
				  "LOGIN", "TIME LEFT");
		ratelimit_blocked_apply(env->rl, blocked_text, &bc, now);
		if (!bc.err && !bc.n)
			bc.err = mbuf_printf(reply, "(nothing is blocked)\n");
		return bc.err;
	}

	err  = jsondoc_alloc(&doc);
	err |= jsondoc_alloc(&bc.arr);
	if (err)
		goto out;

	ratelimit_blocked_apply(env->rl, blocked_json, &bc, now);
	err  = bc.err;
	err |= odict_entry_add(doc, CTRL_KEY_VERSION, ODICT_INT,
			       (int64_t)CTRL_DOC_VERSION);
	err |= jsondoc_time(doc, CTRL_KEY_GENERATED, now);
	err |= odict_entry_add(doc, CTRL_KEY_BLOCKED, ODICT_ARRAY, bc.arr);
	if (!err)
		err = re_hprintf(&pf, "%H\n", json_encode_odict, doc);

 out:
	mem_deref(bc.arr);
	mem_deref(doc);

	return err;
}

static int unblock(struct mbuf *reply, const struct pl *what,
		   const struct ctrl_env *env)
{
	unsigned n;

	if (!pl_isset(what)) {
		(void)mbuf_printf(reply, "usage: unblock ADDRESS|LOGIN\n");
		return EINVAL;
	}

	n = ratelimit_unblock(env->rl, what);
	if (!n) {
		(void)mbuf_printf(reply, "\"%r\" is not blocked\n", what);
		return ENOENT;
	}

	log_msg(LOG_NOTICE, "unblocked \"%r\" (%u block(s) lifted by the "
		"administrator)", what, n);
	(void)mbuf_printf(reply, "unblocked \"%r\": %u block(s) lifted\n",
			  what, n);

	return 0;
}

static int forget(struct mbuf *reply, const struct pl *arg,
		  const struct ctrl_env *env)
{
	uint8_t mac[MAC_LEN];
	int err;

	if (!pl_isset(arg) || mac_parse(mac, arg->p, arg->l)) {
		(void)mbuf_printf(reply, "usage: forget MAC (like "
				  "00:15:65:12:34:56)\n");
		return EINVAL;
	}

	err = records_discovered_forget(env->recs, mac);
	if (err == ENOENT) {
		(void)mbuf_printf(reply, "no discovered device \"%r\"\n",
				  arg);
		return err;
	}
	if (err)
		return err;

	(void)mbuf_printf(reply, "forgot %r\n", arg);

	return statelog_sync(records_statelog(env->recs));
}

/* ENOTSUP: not one of these verbs, ctrl_cmd() goes on looking */
int ctrl_admin_cmd(struct mbuf *reply, const struct pl *cmd,
		   const struct pl *arg, const struct ctrl_env *env)
{
	struct pl a;

	if (!reply || !cmd || !arg || !env)
		return EINVAL;

	a = *arg;

	if (!pl_strcmp(cmd, CTRL_CMD_LOOKUP))
		return lookup(reply, &a, env);
	if (!pl_strcmp(cmd, CTRL_CMD_KICK))
		return kick(reply, &a, env);
	if (!pl_strcmp(cmd, CTRL_CMD_BLOCKED))
		return blocked(reply, &a, env);
	if (!pl_strcmp(cmd, CTRL_CMD_UNBLOCK))
		return unblock(reply, &a, env);
	if (!pl_strcmp(cmd, CTRL_CMD_FORGET))
		return forget(reply, &a, env);

	return ENOTSUP;
}
