/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The administration keys of handsetd.conf, validated like the rest of
 * the file (file:line for every problem):
 *
 *   sip = { trusted = [ "127.0.0.1", "192.168.1.10" ]; ... };
 *   ratelimit = { exempt = [ "192.168.1.0/24" ]; };
 *   discovery = { expire_days = 7; max_devices = 1024; };
 *
 * Absent keys mean: nobody is trusted, nobody is exempt, discovered
 * devices go a week after they were last seen and at most 1024 are kept.
 */
#include <errno.h>
#include <string.h>
#include <libconfig.h>
#include "handsetd.h"
#include "config_diag.h"
#include "admin.h"

enum {
	MAX_NETS        = 64,
	MAX_EXPIRE_DAYS = 3650,
	MAX_DEVICES     = 65536,
};

struct actx {
	struct diag *diag;
	const char *file;
};

static void admin_destructor(void *arg)
{
	struct admin_conf *ac = arg;

	mem_deref(ac->trusted);
	mem_deref(ac->exempt);
}

/* A string or a list of strings, each an address or a network. */
static void parse_nets(struct actx *c, struct netlist *nl,
		       const config_setting_t *s, const char *where)
{
	int i, n;

	if (!s)
		return;

	n = conf_list_len(s);
	if (n < 0) {
		CONF_ERR(c, s, "%s must be a list of addresses or networks like "
		         "[ \"127.0.0.1\", \"192.168.1.0/24\" ]", where);
		return;
	}

	for (i = 0; i < n; i++) {
		const config_setting_t *e = conf_list_elem(s, i);
		const char *str = config_setting_get_string(e);

		if (!str) {
			CONF_ERR(c, e, "%s: entries must be strings like "
			         "\"192.168.1.0/24\"", where);
			continue;
		}
		if (netlist_count(nl) == MAX_NETS) {
			CONF_ERR(c, e, "%s: at most %u entries", where, MAX_NETS);
			return;
		}
		if (netlist_add(nl, str))
			CONF_ERR(c, e, "%s: \"%s\" is not an address or a network "
			         "(ADDRESS or ADDRESS/PREFIX_LENGTH)", where, str);
	}
}

static const config_setting_t *group(struct actx *c,
				     const config_setting_t *root,
				     const char *name,
				     const char *const known[])
{
	const config_setting_t *g;
	int i, n;

	g = root ? config_setting_get_member(root, name) : NULL;
	if (!g)
		return NULL;

	if (!config_setting_is_group(g)) {
		CONF_ERR(c, g, "\"%s\" must be a group: %s = { ... };", name,
		         name);
		return NULL;
	}

	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(g, i);
		const char *key = config_setting_name(e);
		size_t k;

		for (k = 0; known[k]; k++) {
			if (key && !strcmp(key, known[k]))
				break;
		}
		if (!known[k])
			CONF_WARN(c, e, "unknown key \"%s\" in %s (ignored)",
			          key ? key : "?", name);
	}

	return g;
}

int config_admin_parse(struct admin_conf **acp,
		       const config_setting_t *sip,
		       const config_setting_t *root,
		       const char *file, struct diag *diag)
{
	static const char *const rl_known[] = { "exempt", NULL };
	static const char *const disc_known[] = {
		"expire_days", "max_devices", NULL
	};
	const config_setting_t *g;
	struct admin_conf *ac;
	struct actx c = { diag, file };
	uint32_t days = DISCOVERY_DEF_EXPIRE_DAYS;
	int err;

	if (!acp)
		return EINVAL;

	ac = mem_zalloc(sizeof(*ac), admin_destructor);
	if (!ac)
		return ENOMEM;

	err  = netlist_alloc(&ac->trusted, MAX_NETS);
	err |= netlist_alloc(&ac->exempt, MAX_NETS);
	if (err) {
		mem_deref(ac);
		return ENOMEM;
	}

	if (sip && config_setting_is_group(sip))
		parse_nets(&c, ac->trusted,
			   config_setting_get_member(sip, "trusted"),
			   "sip.trusted");

	g = group(&c, root, "ratelimit", rl_known);
	if (g)
		parse_nets(&c, ac->exempt,
			   config_setting_get_member(g, "exempt"),
			   "ratelimit.exempt");

	ac->disc_max = DISCOVERY_DEF_MAX;
	g = group(&c, root, "discovery", disc_known);
	conf_u32(diag, file, g, "discovery", "expire_days", &days, 1,
		 MAX_EXPIRE_DAYS);
	conf_u32(diag, file, g, "discovery", "max_devices", &ac->disc_max, 1,
		 MAX_DEVICES);
	ac->disc_expire = days * 86400;

	*acp = ac;

	return 0;
}

const struct admin_conf *config_admin(const struct config *cfg)
{
	return cfg ? cfg->admin : NULL;
}
