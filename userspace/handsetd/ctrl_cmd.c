/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol's commands (ctrl_proto.h): list, show, snippet and
 * reload, each answered from the records and the analog ports into the
 * reply buffer.  The socket side is ctrl.c; the daemon's state comes in a
 * struct ctrl_env, so the fuzz target answers requests exactly as the
 * daemon does.
 */
#include <errno.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog.h"
#include "admin.h"

static int mbuf_vph(const char *p, size_t size, void *arg)
{
	return mbuf_write_mem(arg, (const uint8_t *)p, size);
}

int ctrl_cmd(struct mbuf *reply, const struct pl *cmd, const struct pl *arg,
	     void *envp)
{
	const struct ctrl_env *env = envp;
	struct re_printf pf = { mbuf_vph, reply };
	uint64_t now = now_wall();
	struct diag *diag = NULL;
	struct pl id;
	bool json;
	int err;

	if (!reply || !cmd || !arg || !env)
		return EINVAL;

	id = *arg;

	if (!pl_strcmp(cmd, CTRL_CMD_LIST)) {
		json = ctrl_option(&id, CTRL_OPT_JSON);
		if (pl_isset(&id)) {
			(void)mbuf_printf(reply, "usage: list [json]\n");
			return EINVAL;
		}
		return listing_print(&pf, env->recs, env->analog, json, now);
	}

	if (!pl_strcmp(cmd, CTRL_CMD_SHOW)) {
		/* "show json" alone shows the handset with user ID json */
		json = ctrl_option(&id, CTRL_OPT_JSON) && pl_isset(&id);
		if (!json)
			id = *arg;
		if (!pl_isset(&id)) {
			(void)mbuf_printf(reply, "usage: show USER_ID\n");
			return EINVAL;
		}
		err = listing_show(&pf, env->recs, env->analog, &id, json, now);
		if (err == ENOENT)
			(void)mbuf_printf(reply, "no handset with user ID "
					  "\"%r\"\n", &id);
		return err;
	}

	if (!pl_strcmp(cmd, CTRL_CMD_SNIPPET)) {
		err = analog_snippet_cmd(&pf, env->analog, arg);
		if (err == ENOENT)
			(void)mbuf_printf(reply, "no auto-created analog "
					  "handset or port \"%r\"\n", arg);
		else if (err == EEXIST)
			(void)mbuf_printf(reply, "port \"%r\" already has a "
					  "configured handset\n", arg);
		else if (err == ENOSPC)
			(void)mbuf_printf(reply, "analog.user_ids has no free "
					  "user ID left\n");
		return err;
	}

	if (!pl_strcmp(cmd, CTRL_CMD_RELOAD)) {
		err = diag_alloc(&diag);
		if (err)
			return err;
		err = env->reloadh ? env->reloadh(diag) : ENOSYS;
		(void)mbuf_printf(reply, "%H", diag_print, diag);
		if (err)
			(void)mbuf_printf(reply, "reload failed: the running "
					  "configuration is kept\n");
		else
			(void)mbuf_printf(reply, "reloaded: %u handset(s)\n",
					  records_config(env->recs)->handsetc);
		mem_deref(diag);
		return err;
	}

	if (ctrl_ports_cmd(&err, reply, cmd, arg, env))
		return err;

	err = ctrl_admin_cmd(reply, cmd, arg, env);
	if (err != ENOTSUP)
		return err;

	(void)mbuf_printf(reply, "unknown command \"%r\"\n", cmd);

	return EINVAL;
}
