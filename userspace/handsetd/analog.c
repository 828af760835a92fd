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
 *    of analog.user_ids.  Those live in state_dir/analog-handsets.conf,
 *    never in the administrator's file (libconfig would drop its comments);
 *    `handsetctl snippet` prints the entry that makes one permanent.
 * Expander ports never create handsets: a phone behind an expander is
 * shown as an unassigned port, with a log line saying how to add it.
 * Handsets whose port is absent stay in the list, marked absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <libconfig.h>
#include "handsetd.h"
#include "analog.h"
#include "analog_ids.h"
#include "analog_inside.h"
#include "events.h"
#include "analog_nl.h"
#include "analog_snippet.h"

#define STATE_FILE	"analog-handsets.conf"

/* A handset created by lifting the receiver on an inside port. */
struct auto_hs {
	struct le le;
	char *user_id;
	char *port;
	uint64_t created;	/* seconds since the epoch */
};

struct analog {
	struct records *recs;
	struct analog_nl *nl;
	struct analog_inside_ports *inside;
	struct analog_ids *ids;
	struct list autos;
	struct list hinted;	/* unassigned ports already logged */
	char *state_file;
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
	const char *origin;	/* "configured", "auto" or NULL */
	const struct analog_port *kp;	/* NULL: port absent */
};

static void auto_destructor(void *data)
{
	struct auto_hs *ah = data;

	list_unlink(&ah->le);
	mem_deref(ah->user_id);
	mem_deref(ah->port);
}

static void analog_destructor(void *data)
{
	struct analog *a = data;

	mem_deref(a->nl);
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

static struct auto_hs *auto_by_port(const struct list *autos,
				    const char *port)
{
	struct le *le;

	for (le = list_head(autos); le; le = le->next) {
		struct auto_hs *ah = le->data;

		if (!strcmp(ah->port, port))
			return ah;
	}

	return NULL;
}

static struct auto_hs *auto_by_uid(const struct list *autos,
				   const char *user_id)
{
	struct le *le;

	for (le = list_head(autos); le; le = le->next) {
		struct auto_hs *ah = le->data;

		if (!strcmp(ah->user_id, user_id))
			return ah;
	}

	return NULL;
}

static int auto_add(struct list *autos, const char *user_id,
		    const char *port, uint64_t created)
{
	struct auto_hs *ah;
	int err;

	ah = mem_zalloc(sizeof(*ah), auto_destructor);
	if (!ah)
		return ENOMEM;

	err  = str_dup(&ah->user_id, user_id);
	err |= str_dup(&ah->port, port);
	if (err) {
		mem_deref(ah);
		return ENOMEM;
	}

	ah->created = created;
	list_append(autos, &ah->le, ah);

	return 0;
}

static int state_path(char **pathp, const char *state_dir)
{
	return re_sdprintf(pathp, "%s/" STATE_FILE, state_dir);
}

/* A missing file is an empty list: nothing was auto-created yet. */
static int state_load(struct list *autos, const char *path)
{
	config_setting_t *list;
	config_t cf;
	int i, n, err = 0;

	if (access(path, F_OK) && errno == ENOENT)
		return 0;

	config_init(&cf);

	if (config_read_file(&cf, path) != CONFIG_TRUE) {
		log_msg(LOG_ERR, "%s:%d: %s", path, config_error_line(&cf),
			config_error_text(&cf));
		err = EINVAL;
		goto out;
	}

	list = config_lookup(&cf, "analog_handsets");
	n = list ? config_setting_length(list) : 0;

	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(list, i);
		const char *uid, *port;
		long long created = 0;

		if (!config_setting_lookup_string(e, "user_id", &uid) ||
		    !config_setting_lookup_string(e, "port", &port)) {
			log_msg(LOG_ERR, "%s: entry %d lacks user_id or port",
				path, i + 1);
			err = EINVAL;
			goto out;
		}

		(void)config_setting_lookup_int64(e, "created", &created);

		err = auto_add(autos, uid, port, (uint64_t)created);
		if (err)
			goto out;
	}

 out:
	config_destroy(&cf);

	return err;
}

/* Temp file, fsync, rename: a crash leaves the old list or the new one. */
static int state_save(const struct analog *a)
{
	config_setting_t *list;
	char *tmp = NULL;
	struct le *le;
	config_t cf;
	FILE *f = NULL;
	int err = 0, fd;

	config_init(&cf);

	list = config_setting_add(config_root_setting(&cf), "analog_handsets",
				  CONFIG_TYPE_LIST);
	if (!list) {
		err = ENOMEM;
		goto out;
	}

	for (le = list_head(&a->autos); le; le = le->next) {
		const struct auto_hs *ah = le->data;
		config_setting_t *e, *s;

		e = config_setting_add(list, NULL, CONFIG_TYPE_GROUP);
		if (!e) {
			err = ENOMEM;
			goto out;
		}

		s = config_setting_add(e, "user_id", CONFIG_TYPE_STRING);
		if (!s || !config_setting_set_string(s, ah->user_id)) {
			err = ENOMEM;
			goto out;
		}
		s = config_setting_add(e, "port", CONFIG_TYPE_STRING);
		if (!s || !config_setting_set_string(s, ah->port)) {
			err = ENOMEM;
			goto out;
		}
		s = config_setting_add(e, "created", CONFIG_TYPE_INT64);
		if (!s || !config_setting_set_int64(s,
						(long long)ah->created)) {
			err = ENOMEM;
			goto out;
		}
	}

	err = re_sdprintf(&tmp, "%s.tmp", a->state_file);
	if (err)
		goto out;

	f = fopen(tmp, "w");
	if (!f) {
		err = errno;
		goto out;
	}

	config_write(&cf, f);
	if (fflush(f) || fsync(fileno(f))) {
		err = errno;
		goto out;
	}
	if (fclose(f)) {
		f = NULL;
		err = errno;
		goto out;
	}
	f = NULL;

	if (rename(tmp, a->state_file)) {
		err = errno;
		goto out;
	}

	/* The rename itself must survive a power cut too. */
	fd = open(cfg_of(a)->state_dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		(void)fsync(fd);
		(void)close(fd);
	}

 out:
	if (f)
		(void)fclose(f);
	if (err && tmp)
		(void)unlink(tmp);
	if (err)
		log_msg(LOG_ERR, "cannot save %s: %m", a->state_file, err);
	mem_deref(tmp);
	config_destroy(&cf);

	return err;
}

static bool id_taken(const char *user_id, void *arg)
{
	const struct analog *a = arg;

	return conf_by_uid(cfg_of(a), user_id) ||
		auto_by_uid(&a->autos, user_id);
}

/*
 * CLOCK_MONOTONIC ns from the kernel to seconds since the epoch.  Done in
 * nanoseconds so one instant always maps to the same second.
 */
static uint64_t mono_to_wall(uint64_t mono_ns)
{
	struct timespec mono, real;
	uint64_t now_mono, now_real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);

	now_mono = (uint64_t)mono.tv_sec * 1000000000ULL +
		(uint64_t)mono.tv_nsec;
	now_real = (uint64_t)real.tv_sec * 1000000000ULL +
		(uint64_t)real.tv_nsec;
	if (mono_ns > now_mono)
		mono_ns = now_mono;

	return (now_real - (now_mono - mono_ns)) / 1000000000ULL;
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
		return "absent";
	if (p->ringing)
		return "ringing";

	return p->hook == FXS_HOOK_OFFHOOK ? "offhook" : "onhook";
}

static int print_time(struct re_printf *pf, uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if (!localtime_r(&tt, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm))
		return re_hprintf(pf, "-");

	return re_hprintf(pf, "%s", buf);
}

/* Mirror the hook state into the records, for `handsetctl show`. */
static void records_update(struct analog *a, const char *port,
			   const struct analog_port *kp)
{
	struct handset *hs = records_handset_by_port(a->recs, port);
	enum analog_state st;

	if (!hs)
		return;

	if (!kp)
		st = ANALOG_ABSENT;
	else
		st = kp->hook == FXS_HOOK_OFFHOOK ?
			ANALOG_OFFHOOK : ANALOG_ONHOOK;

	records_analog_state(a->recs, hs,  st,
			     kp ? mono_to_wall(kp->hook_since) : now_wall());
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

	err = auto_add(&a->autos, uid, kp->name, now_wall());
	if (err)
		return;

	if (state_save(a)) {
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

	events_publish(EVENT_ANALOG);
	if (change == ANALOG_NL_REMOVED) {
		records_update(a, kp->name, NULL);
		mem_deref(hint_find(a, kp->name));
		return;
	}

	records_update(a, kp->name, kp);

	offhook_now = kp->hook == FXS_HOOK_OFFHOOK;
	if (!offhook_now || conf_is_analog(hc) ||
	    auto_by_port(&a->autos, kp->name))
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
		struct auto_hs *ah = le->data;
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

	return changed ? state_save(a) : 0;
}

int analog_reconfigure(struct analog *a)
{
	const struct analog_port *kp;
	struct le *le;
	int err;

	if (!a)
		return EINVAL;

	err = setup_policy(a, cfg_of(a));
	if (err)
		return err;

	err = retire_configured(a);

	/* Newly configured ports take their hook state at once. */
	for (le = list_head(analog_nl_ports(a->nl)); le; le = le->next) {
		kp = le->data;
		records_update(a, kp->name, kp);
	}

	return err;
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

	err = state_path(&a->state_file, cfg->state_dir);
	if (err)
		goto out;

	err = state_load(&a->autos, a->state_file);
	if (err)
		goto out;

	err = setup_policy(a, cfg);
	if (err)
		goto out;

	err = retire_configured(a);
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

	err = state_path(&path, cfg->state_dir);
	if (err)
		goto out;

	err = state_load(&autos, path);
	if (err) {
		diag_error(diag, path, 0, "cannot read the auto-created "
			   "analog handsets");
		goto out;
	}

	for (le = list_head(&autos); le; le = le->next) {
		const struct auto_hs *ah = le->data;
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
	r->origin = "configured";
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
	if (r->kp)
		err |= re_hprintf(pf, " since %H", print_time,
				  mono_to_wall(r->kp->hook_since));
	if (r->origin && !strcmp(r->origin, "auto"))
		err |= re_hprintf(pf, "  (auto-created)");
	err |= re_hprintf(pf, "\n");

	return err;
}

static int json_row(struct odict *arr, unsigned idx, const struct row *r)
{
	const struct analog_port *kp = r->kp;
	struct odict *o = NULL;
	char key[16];
	int err;

	err = odict_alloc(&o, 8);
	if (err)
		return err;

	if (r->user_id)
		err |= odict_entry_add(o, "user_id", ODICT_STRING,
				       r->user_id);
	err |= odict_entry_add(o, "port", ODICT_STRING, r->port);
	if (r->origin)
		err |= odict_entry_add(o, "origin", ODICT_STRING, r->origin);
	err |= odict_entry_add(o, "present", ODICT_BOOL, kp != NULL);
	err |= odict_entry_add(o, "hook", ODICT_STRING, hook_json(kp));
	if (kp) {
		err |= odict_entry_add(o, "location", ODICT_STRING,
				       kp->location == FXS_LOCATION_EXPANDER ?
				       "expander" : "builtin");
		if (kp->location == FXS_LOCATION_EXPANDER) {
			err |= odict_entry_add(o, "expander", ODICT_STRING,
					       kp->expander);
			err |= odict_entry_add(o, "expander_port", ODICT_INT,
					       (int64_t)kp->expander_port);
		}
		err |= odict_entry_add(o, "since", ODICT_INT,
				       (int64_t)mono_to_wall(kp->hook_since));
		err |= odict_entry_add(o, "hook_since_ns", ODICT_INT,
				       (int64_t)kp->hook_since);
	}

	(void)re_snprintf(key, sizeof(key), "%u", idx);
	if (!err)
		err = odict_entry_add(arr, key, ODICT_OBJECT, o);

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
		const struct auto_hs *ah = le->data;
		struct row r = {
			.user_id = ah->user_id,
			.port = ah->port,
			.origin = "auto",
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
		    auto_by_port(&a->autos, kp->name))
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
	unsigned nh;
	unsigned np;
};

static int json_handset(const struct row *r, void *arg)
{
	struct json_ctx *c = arg;

	return json_row(c->handsets, c->nh++, r);
}

static int json_port(const struct row *r, void *arg)
{
	struct json_ctx *c = arg;

	return json_row(c->ports, c->np++, r);
}

/* The value of the "analog" member of `handsetctl list --json`. */
int analog_list_json(struct re_printf *pf, const struct analog *a)
{
	struct json_ctx c = { NULL, NULL, 0, 0 };
	struct odict *o = NULL;
	int err;

	if (!pf || !a)
		return EINVAL;

	err  = odict_alloc(&o, 8);
	err |= odict_alloc(&c.handsets, 8);
	err |= odict_alloc(&c.ports, 8);
	if (err)
		goto out;

	err = rows_apply(a, json_handset, json_port, &c);
	if (err)
		goto out;

	err  = odict_entry_add(o, "kernel_attached", ODICT_BOOL,
			       analog_nl_attached(a->nl));
	err |= odict_entry_add(o, "handsets", ODICT_ARRAY, c.handsets);
	err |= odict_entry_add(o, "unassigned_ports", ODICT_ARRAY, c.ports);
	if (err)
		goto out;

	err = json_encode_odict(pf, o);

 out:
	mem_deref(c.handsets);
	mem_deref(c.ports);
	mem_deref(o);

	return err;
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
	const struct auto_hs *ah;
	char *k = NULL;
	char uid[16];
	int err;

	if (!pf || !a || !pl_isset(key))
		return EINVAL;

	err = pl_strdup(&k, key);
	if (err)
		return err;

	ah = auto_by_uid(&a->autos, k);
	if (!ah)
		ah = auto_by_port(&a->autos, k);

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
