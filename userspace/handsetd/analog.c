/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog.c - analog handsets: from the kernel's FXS ports (analog_nl) to
 * the Analog Handsets list.
 *
 * A port belongs to at most one handset:
 *  - a configured one (model "analog", port = "<stable name>"), from the
 *    administrator's file, built-in or expander port alike;
 *  - or an auto-created one: the first off-hook on an inside port
 *    (analog.inside_ports) without a handset takes the next free user ID
 *    of analog.user_ids (kept by analog_autos.c, in state_dir);
 *    `handsetctl snippet` prints the entry that makes one permanent.
 * Expander ports never create handsets: a phone behind an expander is
 * shown as an unassigned port, with a log line saying how to add it.
 * Handsets whose port is absent stay in the list, marked absent.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog.h"
#include "analog_autos.h"
#include "analog_ids.h"
#include "analog_inside.h"
#include "events.h"
#include "analog_nl.h"
#include "analog_snippet.h"
#include "jsondoc.h"
#include "port_settings.h"
#include "timefmt.h"

struct analog {
	struct records *recs;
	struct analog_nl *nl;
	struct analog_inside_ports *inside;
	struct analog_ids *ids;
	struct list autos;	/* struct analog_auto */
	struct list hinted;	/* unassigned ports already logged */
	char *state_file;
	struct port_settings *ps;	/* handsetd.conf's ports block */
};

/* An unassigned port whose off-hook was logged since it appeared. */
struct hint {
	struct le le;
	char port[FXS_PORT_NAME_MAX];
};

/* One row of the list, whichever kind of handset or port it is. */
struct row {
	const char *user_id;	/* NULL: port without a handset */
	const char *port;
	const char *origin;	/* CTRL_VAL_ORIGIN_ or NULL */
	uint64_t created;	/* auto-created handsets: when */
	const struct analog_port *kp;	/* NULL: port absent */
};

static void analog_destructor(void *data)
{
	struct analog *a = data;

	mem_deref(a->nl);
	mem_deref(a->ps);
	mem_deref(a->inside);
	mem_deref(a->ids);
	list_flush(&a->autos);
	list_flush(&a->hinted);
	mem_deref(a->state_file);
}

static void hint_destructor(void *data)
{
	struct hint *h = data;

	list_unlink(&h->le);
}

static struct hint *hint_find(const struct analog *a, const char *port)
{
	struct le *le;

	for (le = list_head(&a->hinted); le; le = le->next) {
		struct hint *h = le->data;

		if (!strcmp(h->port, port))
			return h;
	}

	return NULL;
}

/*
 * True the first time an unassigned port goes off hook since it appeared:
 * the administrator needs the hint once, not at every hook change (a busy
 * port would flood the log).
 */
static bool hint_first(struct analog *a, const char *port)
{
	struct hint *h;

	if (hint_find(a, port))
		return false;
	h = mem_zalloc(sizeof(*h), hint_destructor);
	if (h) {
		str_ncpy(h->port, port, sizeof(h->port));
		list_append(&a->hinted, &h->le, h);
	}

	return true;
}

static const struct config *cfg_of(const struct analog *a)
{
	return records_config(a->recs);
}

static const struct hs_conf *conf_by_uid(const struct config *cfg,
					 const char *user_id)
{
	struct pl pl;

	pl_set_str(&pl, user_id);

	return config_by_uid(cfg, &pl);
}

static bool conf_is_analog(const struct hs_conf *hc)
{
	return hc && hc->model && hc->model->kind == MODEL_ANALOG &&
		hc->port;
}

static bool id_taken(const char *user_id, void *arg)
{
	const struct analog *a = arg;

	return conf_by_uid(cfg_of(a), user_id) ||
		analog_autos_by_uid(&a->autos, user_id);
}

static int print_location(struct re_printf *pf, const struct analog_port *p)
{
	if (!p)
		return re_hprintf(pf, "-");

	if (p->location == FXS_LOCATION_EXPANDER)
		return re_hprintf(pf, "expander %s port %u", p->expander,
				  p->expander_port);

	return re_hprintf(pf, "built-in");
}

static const char *hook_text(const struct analog_port *p)
{
	if (!p)
		return "port absent";
	if (p->ringing)
		return "ringing";

	return p->hook == FXS_HOOK_OFFHOOK ? "off hook" : "on hook";
}

static const char *hook_json(const struct analog_port *p)
{
	if (!p)
		return CTRL_VAL_HOOK_ABSENT;
	if (p->ringing)
		return CTRL_VAL_HOOK_RINGING;

	return p->hook == FXS_HOOK_OFFHOOK ? CTRL_VAL_HOOK_OFFHOOK :
		CTRL_VAL_HOOK_ONHOOK;
}

static void auto_create(struct analog *a, const struct analog_port *kp)
{
	char uid[16];
	int err;

	err = analog_ids_next(a->ids, id_taken, a, uid, sizeof(uid));
	if (err) {
		log_msg(LOG_WARNING, "analog: off hook on inside port %s, "
			"but analog.user_ids has no free user ID left",
			kp->name);
		return;
	}

	err = analog_autos_add(&a->autos, uid, kp->name, now_wall());
	if (err)
		return;

	if (analog_autos_save(&a->autos, a->state_file)) {
		/* Unsaved, it would get another ID after a restart. */
		mem_deref(list_tail(&a->autos)->data);
		return;
	}

	log_msg(LOG_NOTICE, "analog: created handset %s on built-in port %s "
		"(first off-hook); `handsetctl snippet %s` prints the entry "
		"that makes it permanent", uid, kp->name, uid);
}

static void port_handler(const struct analog_port *kp,
			 enum analog_nl_change change, void *arg)
{
	struct analog *a = arg;
	const struct config *cfg = cfg_of(a);
	const struct hs_conf *hc = config_by_port(cfg, kp->name);
	bool offhook_now;
	struct event_info ei = {
		.change = change == ANALOG_NL_REMOVED ?
			CTRL_VAL_HOOK_ABSENT : hook_json(kp),
		.user_id = conf_is_analog(hc) ? hc->user_id : NULL,
		.port = kp->name,
	};

	events_publish_info(EVENT_ANALOG, &ei);
	if (change == ANALOG_NL_REMOVED) {
		mem_deref(hint_find(a, kp->name));
		port_settings_forget(a->ps, kp->name);
		return;
	}
	if (change == ANALOG_NL_ADDED)
		port_settings_apply(a->ps, cfg->ports, kp);

	offhook_now = kp->hook == FXS_HOOK_OFFHOOK;
	if (!offhook_now || conf_is_analog(hc) ||
	    analog_autos_by_port(&a->autos, kp->name))
		return;

	if (analog_inside_match(a->inside, kp->name,
				kp->location == FXS_LOCATION_EXPANDER)) {
		auto_create(a, kp);
		return;
	}

	if (!hint_first(a, kp->name))
		return;
	log_msg(LOG_NOTICE, "analog: off hook on unassigned port %s (%H); "
		"to add it: `handsetctl snippet %s`, paste the entry into "
		"handsets in %s, then `handsetctl reload`", kp->name,
		print_location, kp, kp->name, cfg->file ? cfg->file :
		"the configuration file");
}

static int setup_policy(struct analog *a, const struct config *cfg)
{
	struct analog_inside_ports *inside = NULL;
	struct analog_ids *ids = NULL;
	char spec[32];
	unsigned i;
	int err;

	switch (cfg->analog_inside) {

	case ANALOG_INSIDE_BUILTIN:
		err = analog_inside_alloc(&inside, "builtin");
		break;

	case ANALOG_INSIDE_NONE:
		err = analog_inside_alloc(&inside, "none");
		break;

	default:
		err = analog_inside_alloc(&inside, NULL);
		for (i = 0; !err && i < cfg->analog_portc; i++)
			err = analog_inside_add_port(inside,
						     cfg->analog_ports[i]);
		break;
	}
	if (err)
		goto out;

	(void)re_snprintf(spec, sizeof(spec), "%u-%u", cfg->analog_uid_first,
			  cfg->analog_uid_last);
	err = analog_ids_alloc(&ids, spec);
	if (err)
		goto out;

	mem_deref(a->inside);
	mem_deref(a->ids);
	a->inside = inside;
	a->ids = ids;
	inside = NULL;
	ids = NULL;

 out:
	mem_deref(inside);
	mem_deref(ids);

	return err;
}

/*
 * Auto-created handsets the administrator has since configured (same
 * port) are now theirs: drop them from the machine state.
 */
static int retire_configured(struct analog *a)
{
	const struct config *cfg = cfg_of(a);
	bool changed = false;
	struct le *le;

	le = list_head(&a->autos);
	while (le) {
		struct analog_auto *ah = le->data;
		const struct hs_conf *hc = config_by_port(cfg, ah->port);

		le = le->next;
		if (!conf_is_analog(hc))
			continue;

		log_msg(LOG_NOTICE, "analog: handset %s on port %s is now in "
			"the configuration (as %s); forgetting the "
			"auto-created entry", ah->user_id, ah->port,
			hc->user_id);
		mem_deref(ah);
		changed = true;
	}

	return changed ? analog_autos_save(&a->autos, a->state_file) : 0;
}

int analog_reconfigure(struct analog *a)
{
	struct le *le;
	int err;

	if (!a)
		return EINVAL;

	err = setup_policy(a, cfg_of(a));
	if (err)
		return err;

	/* The settings of every port present follow the new file. */
	for (le = list_head(analog_nl_ports(a->nl)); le; le = le->next)
		port_settings_apply(a->ps, cfg_of(a)->ports, le->data);

	return retire_configured(a);
}

const struct list *analog_ports(const struct analog *a)
{
	return a ? analog_nl_ports(a->nl) : NULL;
}

bool analog_attached(const struct analog *a)
{
	return a && analog_nl_attached(a->nl);
}

struct port_settings *analog_port_settings(const struct analog *a)
{
	return a ? a->ps : NULL;
}

/*
 * rcvbuf: receive buffer of the netlink event socket in bytes, 0 for the
 * default (see handsetd -b).
 */
int analog_alloc(struct analog **ap, struct records *recs, int rcvbuf)
{
	const struct config *cfg;
	struct analog *a;
	int err;

	if (!ap || !recs)
		return EINVAL;

	cfg = records_config(recs);

	a = mem_zalloc(sizeof(*a), analog_destructor);
	if (!a)
		return ENOMEM;

	a->recs = recs;
	list_init(&a->autos);

	err = analog_autos_path(&a->state_file, cfg->state_dir);
	if (err)
		goto out;

	err = analog_autos_load(&a->autos, a->state_file);
	if (err)
		goto out;

	err = setup_policy(a, cfg);
	if (err)
		goto out;

	err = retire_configured(a);
	if (err)
		goto out;

	err = port_settings_alloc(&a->ps);
	if (err)
		goto out;

	/* Last: the dump at start already runs port_handler. */
	err = analog_nl_alloc(&a->nl, rcvbuf, port_handler, a);

 out:
	if (err)
		mem_deref(a);
	else
		*ap = a;

	return err;
}

/*
 * An auto-created handset's user ID may not be given to another handset
 * in the administrator's file, unless that entry is the same handset made
 * permanent (model "analog" on the same port).
 */
int analog_validate(const struct config *cfg, struct diag *diag)
{
	struct list autos = LIST_INIT;
	char *path = NULL;
	struct le *le;
	int err;

	if (!cfg || !cfg->state_dir)
		return EINVAL;

	err = analog_autos_path(&path, cfg->state_dir);
	if (err)
		goto out;

	err = analog_autos_load(&autos, path);
	if (err) {
		diag_error(diag, path, 0, "cannot read the auto-created "
			   "analog handsets");
		goto out;
	}

	for (le = list_head(&autos); le; le = le->next) {
		const struct analog_auto *ah = le->data;
		const struct hs_conf *hc = conf_by_uid(cfg, ah->user_id);

		if (!hc)
			continue;

		if (conf_is_analog(hc) && !strcmp(hc->port, ah->port))
			continue;

		diag_error(diag, cfg->file, hc->line, "user ID %s is already "
			   "the analog handset auto-created on port %s "
			   "(%s); give this handset another user ID",
			   ah->user_id, ah->port, path);
	}

 out:
	list_flush(&autos);
	mem_deref(path);

	return err;
}

static void row_of_conf(struct row *r, const struct analog *a,
			const struct hs_conf *hc)
{
	r->user_id = hc->user_id;
	r->port = hc->port;
	r->origin = CTRL_VAL_ORIGIN_CONFIGURED;
	r->kp = analog_nl_port(a->nl, hc->port);
}

static int text_row(struct re_printf *pf, const struct row *r)
{
	char loc[FXS_EXPANDER_MAX + 32];
	int err;

	/* libre's %H takes no field width: pad a formatted copy instead. */
	(void)re_snprintf(loc, sizeof(loc), "%H", print_location, r->kp);

	err = re_hprintf(pf, "%-8s %-20s %-28s %-11s", r->user_id ?
			 r->user_id : "-", r->port, loc, hook_text(r->kp));
	if (r->kp) {
		uint64_t since = time_mono_to_wall(r->kp->hook_since);

		err |= re_hprintf(pf, " since %H", time_text, &since);
	}
	if (r->origin && !strcmp(r->origin, CTRL_VAL_ORIGIN_AUTO))
		err |= re_hprintf(pf, "  (auto-created)");
	err |= re_hprintf(pf, "\n");

	return err;
}

/* One analog row as the schema's analog_handset or analog_port. */
static int row_odict(struct odict **op, const struct row *r)
{
	const struct analog_port *kp = r->kp;
	struct odict *o = NULL;
	int err;

	err = jsondoc_alloc(&o);
	if (err)
		return err;

	if (r->user_id) {
		err |= jsondoc_str(o, CTRL_KEY_KIND, CTRL_VAL_KIND_ANALOG);
		err |= jsondoc_str(o, CTRL_KEY_USER_ID, r->user_id);
		err |= jsondoc_str(o, CTRL_KEY_ORIGIN, r->origin);
		if (!strcmp(r->origin, CTRL_VAL_ORIGIN_AUTO))
			err |= jsondoc_time(o, CTRL_KEY_CREATED, r->created);
	}
	err |= jsondoc_str(o, CTRL_KEY_PORT, r->port);
	err |= odict_entry_add(o, CTRL_KEY_PRESENT, ODICT_BOOL, kp != NULL);
	err |= jsondoc_str(o, CTRL_KEY_HOOK, hook_json(kp));
	if (kp) {
		bool exp = kp->location == FXS_LOCATION_EXPANDER;

		err |= jsondoc_str(o, CTRL_KEY_LOCATION, exp ?
				   CTRL_VAL_LOCATION_EXPANDER :
				   CTRL_VAL_LOCATION_BUILTIN);
		if (exp) {
			err |= jsondoc_str(o, CTRL_KEY_EXPANDER,
					   kp->expander);
			err |= odict_entry_add(o, CTRL_KEY_EXPANDER_PORT,
					       ODICT_INT,
					       (int64_t)kp->expander_port);
		}
		err |= jsondoc_time(o, CTRL_KEY_SINCE,
				    time_mono_to_wall(kp->hook_since));
	}

	if (err)
		mem_deref(o);
	else
		*op = o;

	return err;
}

static int row_push(struct odict *arr, const struct row *r)
{
	struct odict *o = NULL;
	int err;

	err = row_odict(&o, r);
	if (!err)
		err = jsondoc_push(arr, o);
	mem_deref(o);

	return err;
}

typedef int (row_h)(const struct row *r, void *arg);

/* Handsets first (configured, then auto-created), then free ports. */
static int rows_apply(const struct analog *a, row_h *handset_h,
		      row_h *port_h, void *arg)
{
	const struct config *cfg = cfg_of(a);
	struct le *le;
	int err = 0;

	for (le = list_head(&cfg->handsets); le && !err; le = le->next) {
		const struct hs_conf *hc = le->data;
		struct row r;

		if (!conf_is_analog(hc))
			continue;

		row_of_conf(&r, a, hc);
		err = handset_h(&r, arg);
	}

	for (le = list_head(&a->autos); le && !err; le = le->next) {
		const struct analog_auto *ah = le->data;
		struct row r = {
			.user_id = ah->user_id,
			.port = ah->port,
			.origin = CTRL_VAL_ORIGIN_AUTO,
			.created = ah->created,
			.kp = analog_nl_port(a->nl, ah->port),
		};

		if (conf_is_analog(config_by_port(cfg, ah->port)))
			continue;

		err = handset_h(&r, arg);
	}

	for (le = list_head(analog_nl_ports(a->nl)); le && !err;
	     le = le->next) {
		const struct analog_port *kp = le->data;
		struct row r = { .port = kp->name, .kp = kp };

		if (conf_is_analog(config_by_port(cfg, kp->name)) ||
		    analog_autos_by_port(&a->autos, kp->name))
			continue;

		err = port_h(&r, arg);
	}

	return err;
}

struct text_ctx {
	struct re_printf *pf;
	unsigned handsets;
	unsigned ports;
};

static int text_handset(const struct row *r, void *arg)
{
	struct text_ctx *c = arg;

	++c->handsets;

	return text_row(c->pf, r);
}

static int text_port(const struct row *r, void *arg)
{
	struct text_ctx *c = arg;
	int err = 0;

	if (!c->ports++)
		err = re_hprintf(c->pf, "%s\nPorts without a handset "
				 "(add with `handsetctl snippet PORT`)\n",
				 c->handsets ? "" : "(none)\n");

	return err | text_row(c->pf, r);
}

struct json_ctx {
	struct odict *handsets;
	struct odict *ports;
};

static int json_handset(const struct row *r, void *arg)
{
	struct json_ctx *c = arg;

	return row_push(c->handsets, r);
}

static int json_port(const struct row *r, void *arg)
{
	struct json_ctx *c = arg;

	return row_push(c->ports, r);
}

/* The schema's "analog" object: analog handsets and unassigned ports. */
int analog_document(struct odict **op, const struct analog *a)
{
	struct json_ctx c = { NULL, NULL };
	struct odict *o = NULL;
	int err;

	if (!op || !a)
		return EINVAL;

	err  = jsondoc_alloc(&o);
	err |= odict_alloc(&c.handsets, 16);
	err |= odict_alloc(&c.ports, 16);
	if (err)
		goto out;

	err = rows_apply(a, json_handset, json_port, &c);
	if (err)
		goto out;

	err  = odict_entry_add(o, CTRL_KEY_KERNEL_ATTACHED, ODICT_BOOL,
			       analog_nl_attached(a->nl));
	err |= odict_entry_add(o, CTRL_KEY_HANDSETS, ODICT_ARRAY, c.handsets);
	err |= odict_entry_add(o, CTRL_KEY_UNASSIGNED_PORTS, ODICT_ARRAY,
			       c.ports);

 out:
	mem_deref(c.handsets);
	mem_deref(c.ports);
	if (err)
		mem_deref(o);
	else
		*op = o;

	return err;
}

struct find_ctx {
	const char *user_id;
	struct row row;
	bool found;
};

static int find_handset(const struct row *r, void *arg)
{
	struct find_ctx *c = arg;

	if (c->found || strcmp(r->user_id, c->user_id))
		return 0;

	c->row = *r;
	c->found = true;

	return 0;
}

static int skip_port(const struct row *r, void *arg)
{
	(void)r;
	(void)arg;

	return 0;
}

/* The row of the analog handset with that user ID; ENOENT: none. */
static int handset_row(struct row *r, const struct analog *a,
		       const char *user_id)
{
	struct find_ctx c;
	int err;

	if (!a || !user_id)
		return EINVAL;

	memset(&c, 0, sizeof(c));
	c.user_id = user_id;

	err = rows_apply(a, find_handset, skip_port, &c);
	if (err)
		return err;
	if (!c.found)
		return ENOENT;

	*r = c.row;

	return 0;
}

/* One analog handset (configured or auto-created) as the schema's
 * analog_handset; ENOENT when no analog handset has that user ID. */
int analog_handset_document(struct odict **op, const struct analog *a,
			    const char *user_id)
{
	struct row r;
	int err;

	err = op ? handset_row(&r, a, user_id) : EINVAL;

	return err ? err : row_odict(op, &r);
}

/* `handsetctl show` of an analog handset: its row of the list. */
int analog_handset_text(struct re_printf *pf, const struct analog *a,
			const char *user_id)
{
	struct row r;
	int err;

	err = pf ? handset_row(&r, a, user_id) : EINVAL;

	return err ? err : text_row(pf, &r);
}

/* The Analog Handsets section of `handsetctl list`. */
int analog_list_text(struct re_printf *pf, const struct analog *a)
{
	struct text_ctx c = { pf, 0, 0 };
	int err;

	if (!pf || !a)
		return EINVAL;

	err = re_hprintf(pf, "Analog Handsets%s\n",
			 analog_nl_attached(a->nl) ? "" :
			 " (fxs module not loaded: every port is absent)");
	err |= re_hprintf(pf, "%-8s %-20s %-28s %s\n", "USER ID", "PORT",
			  "LOCATION", "STATE");
	if (err)
		return err;

	err = rows_apply(a, text_handset, text_port, &c);
	if (!err && !c.handsets && !c.ports)
		err = re_hprintf(pf, "(none)\n");

	return err;
}

/*
 * `handsetctl snippet USER_ID|PORT`: the handsets entry that makes an
 * auto-created handset permanent, or adds a port without a handset (with
 * the next free user ID as a suggestion).
 */
int analog_snippet_cmd(struct re_printf *pf, const struct analog *a,
		       const struct pl *key)
{
	struct analog_snippet snip = { NULL, NULL };
	const struct analog_auto *ah;
	char *k = NULL;
	char uid[16];
	int err;

	if (!pf || !a || !pl_isset(key))
		return EINVAL;

	err = pl_strdup(&k, key);
	if (err)
		return err;

	ah = analog_autos_by_uid(&a->autos, k);
	if (!ah)
		ah = analog_autos_by_port(&a->autos, k);

	if (ah) {
		snip.user_id = ah->user_id;
		snip.port = ah->port;
	}
	else if (analog_nl_port(a->nl, k)) {
		const struct hs_conf *hc = config_by_port(cfg_of(a), k);

		if (conf_is_analog(hc)) {
			err = EEXIST;
			goto out;
		}

		err = analog_ids_next(a->ids, id_taken, (void *)a, uid,
				      sizeof(uid));
		if (err)
			goto out;

		snip.user_id = uid;
		snip.port = k;
	}
	else {
		err = ENOENT;
		goto out;
	}

	err = re_hprintf(pf, "%H\n", analog_snippet_print, &snip);

 out:
	mem_deref(k);

	return err;
}
