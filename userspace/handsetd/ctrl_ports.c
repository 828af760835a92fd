/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol's analog port commands (ctrl_proto.h): `ports`
 * (every port the kernel has, its driver, location, hook and line state,
 * and each setting with where it came from) and `ring PORT [SECONDS]`
 * (ring a port so the installer finds the jack).  `monitor` keeps its
 * connection and lives in ctrl_monitor.c.
 */
#include <errno.h>
#include <string.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog.h"
#include "analog_nl.h"
#include "port_settings.h"

static int mbuf_vph(const char *p, size_t size, void *arg)
{
	return mbuf_write_mem(arg, (const uint8_t *)p, size);
}

static bool all_digits(const struct pl *pl)
{
	size_t i;

	for (i = 0; i < pl->l; i++) {
		if (pl->p[i] < '0' || pl->p[i] > '9')
			return false;
	}

	return pl->l > 0;
}

static int print_location(struct re_printf *pf, const struct analog_port *p)
{
	if (p->location == FXS_LOCATION_EXPANDER)
		return re_hprintf(pf, "expander %s port %u", p->expander,
				  p->expander_port);

	return re_hprintf(pf, "built-in");
}

/* One setting: the kernel's value, and where handsetd's came from. */
static int print_setting(struct re_printf *pf, const struct port_settings *ps,
			 const struct analog_port *kp,
			 const struct port_resolved *r, enum port_key k)
{
	const char *refused = port_settings_refused(ps, kp->name, k);
	char val[PORT_VALUE_STR_SIZE], want[PORT_VALUE_STR_SIZE];
	int err;

	(void)port_value_str(val, sizeof(val), &kp->settings, k);
	(void)port_value_str(want, sizeof(want), &r->v, k);
	err = re_hprintf(pf, "  %-19s %-18s %H", port_key_name(k), val,
			 port_origin_print, &r->origin[k]);

	if (refused)
		err |= re_hprintf(pf, ": wanted %s, refused: %s", want,
				  refused);
	else if (!port_values_equal(&kp->settings, &r->v, k))
		err |= re_hprintf(pf, ": wanted %s, not applied yet", want);

	return err | re_hprintf(pf, "\n");
}

static int ports_print(struct re_printf *pf, const struct ctrl_env *env)
{
	const struct config *cfg = records_config(env->recs);
	const struct port_settings *ps = analog_port_settings(env->analog);
	const struct list *ports = analog_ports(env->analog);
	struct le *le;
	int err = 0;

	if (!analog_attached(env->analog))
		return re_hprintf(pf, "no analog ports: the fxs module is not "
				  "loaded\n");
	if (!list_head(ports))
		return re_hprintf(pf, "no analog ports: no FXS driver has "
				  "registered one\n");

	for (le = list_head(ports); le; le = le->next) {
		const struct analog_port *kp = le->data;
		struct port_resolved r;
		unsigned k;

		port_conf_resolve(cfg->ports, kp->name, kp->location, &r);
		err |= re_hprintf(pf, "%s: driver %s, %H, %s, line %s%s\n",
				  kp->name, kp->driver[0] ? kp->driver : "?",
				  print_location, kp,
				  kp->hook == FXS_HOOK_OFFHOOK ? "off hook" :
				  "on hook",
				  port_linefeed_name(kp->settings.linefeed),
				  kp->ringing ? ", ringing" : "");
		for (k = 0; k < PK_COUNT; k++)
			err |= print_setting(pf, ps, kp, &r, k);
	}

	return err;
}

static int ring(struct mbuf *reply, const struct ctrl_env *env,
		const struct pl *arg)
{
	struct pl port, secs = PL_INIT;
	char name[FXS_PORT_NAME_MAX], why[128];
	unsigned seconds = CTRL_RING_DEFAULT_SECONDS;
	int err;

	if (re_regex(arg->p, arg->l, "[^ ]+[ ]*[^]*", &port, NULL, &secs) ||
	    port.l >= sizeof(name) ||
	    (pl_isset(&secs) && !all_digits(&secs))) {
		(void)mbuf_printf(reply, "usage: ring PORT [SECONDS]\n");
		return EINVAL;
	}
	if (pl_isset(&secs))
		seconds = secs.l > 4 ? CTRL_RING_MAX_SECONDS + 1 :
			pl_u32(&secs);
	(void)pl_strcpy(&port, name, sizeof(name));

	if (!analog_attached(env->analog)) {
		(void)mbuf_printf(reply, "cannot ring %s: the fxs module is "
				  "not loaded\n", name);
		return ENODEV;
	}

	err = port_settings_ring(analog_port_settings(env->analog), name,
				 seconds, why, sizeof(why));
	switch (err) {

	case 0:
		return mbuf_printf(reply, "ringing %s for %u s\n", name,
				   seconds);

	case ERANGE:
		(void)mbuf_printf(reply, "%s\n", why);
		break;

	case ENODEV:
		(void)mbuf_printf(reply, "no port \"%s\" (handsetctl ports "
				  "lists them): %s\n", name, why);
		break;

	case EBUSY:
		(void)mbuf_printf(reply, "port %s is off hook: a phone that "
				  "is picked up is not rung (%s)\n", name,
				  why);
		break;

	default:
		(void)mbuf_printf(reply, "cannot ring %s: %s\n", name, why);
		break;
	}

	return err;
}

/*
 * True when @cmd is one of this file's verbs; *errp is then its result
 * (0 or an errno) and @reply its answer.
 */
bool ctrl_ports_cmd(int *errp, struct mbuf *reply, const struct pl *cmd,
		    const struct pl *arg, const struct ctrl_env *env)
{
	struct re_printf pf = { mbuf_vph, reply };

	if (!pl_strcmp(cmd, CTRL_CMD_PORTS)) {
		if (pl_isset(arg)) {
			(void)mbuf_printf(reply, "usage: ports\n");
			*errp = EINVAL;
			return true;
		}
		*errp = ports_print(&pf, env);
		return true;
	}

	if (!pl_strcmp(cmd, CTRL_CMD_RING)) {
		*errp = ring(reply, env, arg);
		return true;
	}

	if (!pl_strcmp(cmd, CTRL_CMD_MONITOR)) {
		/* ctrl.c hands a monitor request its connection first */
		(void)mbuf_printf(reply, "monitor needs a connection of its "
				  "own (handsetctl monitor)\n");
		*errp = EBUSY;
		return true;
	}

	return false;
}
