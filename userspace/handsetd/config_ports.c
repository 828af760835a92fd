/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config_ports.c - the `ports` block of handsetd.conf (port_conf.h):
 *
 *	ports = {
 *	  country  = "uk";                       # preset for every port
 *	  all      = { interdigit_ms = 300; };   # every port
 *	  builtin  = { linefeed = "forward-active"; };
 *	  expander = { flash_max_ms = 400; };
 *	  port = ( { name = "si321x-spi0.0"; ring_cadence = [ 1000, 3000 ]; } );
 *	};
 *
 * Each level takes the same keys: debounce_ms, pulse_break_max_ms,
 * interdigit_ms, flash_min_ms, flash_max_ms (ranges of the UAPI header),
 * ring_cadence (2 to 8 steps, an even number, ms on, off, ...) and
 * linefeed.  Every problem is reported with file and line; timing windows
 * are checked as each kind of port will get them, with the kernel's own
 * rules (hook_rules.h), so a configuration handsetd accepts is one the
 * kernel accepts too.  No block at all: every port keeps the kernel's
 * defaults (a file written before this block existed works unchanged).
 */
#include <errno.h>
#include <string.h>
#include <libconfig.h>
#include <linux/fxs_name.h>
#include "handsetd.h"
#include "config_diag.h"
#include "hook_rules.h"
#include "port_conf.h"

struct pctx {
	struct ports_conf *pc;
	struct diag *diag;
	const char *file;
};

static const char *const key_names[PK_COUNT] = {
	[PK_DEBOUNCE]		= "debounce_ms",
	[PK_PULSE_BREAK_MAX]	= "pulse_break_max_ms",
	[PK_INTERDIGIT]		= "interdigit_ms",
	[PK_FLASH_MIN]		= "flash_min_ms",
	[PK_FLASH_MAX]		= "flash_max_ms",
	[PK_CADENCE]		= "ring_cadence",
	[PK_LINEFEED]		= "linefeed",
};

/* The kernel's names (fxs_linefeed_name() in kernel/fxs_core.c). */
static const char *const linefeed_names[] = {
	[FXS_LINEFEED_OPEN]		= "open",
	[FXS_LINEFEED_FORWARD_ACTIVE]	= "forward-active",
	[FXS_LINEFEED_REVERSE_ACTIVE]	= "reverse-active",
	[FXS_LINEFEED_FORWARD_OHT]	= "forward-oht",
	[FXS_LINEFEED_REVERSE_OHT]	= "reverse-oht",
};

static const struct {
	uint32_t min, max;
} timing_range[PK_TIMINGC] = {
	[PK_DEBOUNCE]	     = { FXS_DEBOUNCE_MS_MIN, FXS_DEBOUNCE_MS_MAX },
	[PK_PULSE_BREAK_MAX] = { FXS_PULSE_BREAK_MAX_MS_MIN,
				 FXS_PULSE_BREAK_MAX_MS_MAX },
	[PK_INTERDIGIT]	     = { FXS_INTERDIGIT_MS_MIN,
				 FXS_INTERDIGIT_MS_MAX },
	[PK_FLASH_MIN]	     = { FXS_FLASH_MIN_MS_MIN, FXS_FLASH_MIN_MS_MAX },
	[PK_FLASH_MAX]	     = { FXS_FLASH_MAX_MS_MIN, FXS_FLASH_MAX_MS_MAX },
};

const char *port_key_name(enum port_key k)
{
	return k < PK_COUNT ? key_names[k] : "?";
}

const char *port_linefeed_name(unsigned lf)
{
	return lf < ARRAY_SIZE(linefeed_names) ? linefeed_names[lf] : "?";
}

const char *port_layer_name(enum port_layer_kind kind)
{
	switch (kind) {
	case PL_KERNEL:   return "kernel default";
	case PL_PRESET:   return "country";
	case PL_ALL:      return "all";
	case PL_LOCATION: return "location";
	case PL_PORT:     return "port";
	default:          return "?";
	}
}

/* The rule of linux/fxs_name.h: "exp-<identity>-<1..99>". */
bool port_name_is_expander(const char *name)
{
	const size_t plen = sizeof(FXS_EXPANDER_NAME_PREFIX) - 1;
	char id[FXS_EXPANDER_MAX];
	const char *dash;
	size_t idlen, i, digits;

	if (!name || strncmp(name, FXS_EXPANDER_NAME_PREFIX, plen))
		return false;

	dash = strrchr(name + plen, '-');
	if (!dash)
		return false;

	digits = strlen(dash + 1);
	if (!digits || digits > FXS_EXPANDER_PORT_DIGITS || dash[1] == '0')
		return false;
	for (i = 1; i <= digits; i++) {
		if (dash[i] < '0' || dash[i] > '9')
			return false;
	}

	idlen = (size_t)(dash - (name + plen));
	if (!idlen || idlen >= sizeof(id))
		return false;
	memcpy(id, name + plen, idlen);
	id[idlen] = '\0';

	return fxs_name_valid(id, FXS_EXPANDER_MAX) != 0;
}

static void conf_destructor(void *arg)
{
	struct ports_conf *pc = arg;

	list_flush(&pc->entries);
	mem_deref(pc->file);
}

static void entry_destructor(void *arg)
{
	struct port_entry *e = arg;

	list_unlink(&e->le);
}

static bool is_int(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_INT ||
		config_setting_type(s) == CONFIG_TYPE_INT64;
}

static void parse_timing(struct pctx *c, const config_setting_t *s,
			 struct port_layer *l, enum port_key k,
			 const char *where)
{
	long long v;

	if (!is_int(s)) {
		CONF_ERR(c, s, "%s: %s must be a whole number of milliseconds",
		         where, key_names[k]);
		return;
	}

	v = config_setting_get_int64(s);
	if (v < timing_range[k].min || v > timing_range[k].max) {
		CONF_ERR(c, s, "%s: %s = %lld is out of range (%u to %u ms)",
		         where, key_names[k], v, timing_range[k].min,
		         timing_range[k].max);
		return;
	}

	l->v.timing[k] = (uint32_t)v;
	l->set |= 1u << k;
}

static void parse_cadence(struct pctx *c, const config_setting_t *s,
			  struct port_layer *l, const char *where)
{
	int i, n;

	if (!config_setting_is_array(s) && !config_setting_is_list(s)) {
		CONF_ERR(c, s, "%s: ring_cadence must be a list of milliseconds, "
		         "ring on, ring off, ...: ring_cadence = [ 2000, 4000 ];",
		         where);
		return;
	}

	n = config_setting_length(s);
	if (n < 2 || n > FXS_RING_STEPS_MAX || n % 2) {
		CONF_ERR(c, s, "%s: ring_cadence needs an even number of steps, "
		         "2 to %u (ring on, ring off, ...), not %d", where,
		         FXS_RING_STEPS_MAX, n);
		return;
	}

	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);
		long long v;

		if (!is_int(e)) {
			CONF_ERR(c, e, "%s: ring_cadence steps must be whole "
			         "numbers of milliseconds", where);
			return;
		}
		v = config_setting_get_int64(e);
		if (v < FXS_RING_STEP_MIN_MS || v > FXS_RING_STEP_MAX_MS) {
			CONF_ERR(c, e, "%s: ring_cadence step %d = %lld ms is out "
			         "of range (%u to %u ms)", where, i + 1, v,
			         FXS_RING_STEP_MIN_MS, FXS_RING_STEP_MAX_MS);
			return;
		}
		l->v.cadence[i] = (uint32_t)v;
	}

	l->v.cadencec = (unsigned)n;
	l->set |= 1u << PK_CADENCE;
}

static void parse_linefeed(struct pctx *c, const config_setting_t *s,
			   struct port_layer *l, const char *where)
{
	const char *str = config_setting_get_string(s);
	size_t i;

	for (i = 0; str && i < ARRAY_SIZE(linefeed_names); i++) {
		if (!strcmp(str, linefeed_names[i])) {
			l->v.linefeed = (uint8_t)i;
			l->set |= 1u << PK_LINEFEED;
			return;
		}
	}

	CONF_ERR(c, s, "%s: linefeed must be \"open\", \"forward-active\", "
	         "\"reverse-active\", \"forward-oht\" or \"reverse-oht\"%s%s%s",
	         where, str ? ", not \"" : "", str ? str : "", str ? "\"" : "");
}

/* The settings of one level; "name" is a port entry's own key. */
static void parse_layer(struct pctx *c, const config_setting_t *grp,
			struct port_layer *l, const char *where,
			bool is_port)
{
	int i, n;

	n = config_setting_length(grp);
	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(grp, i);
		const char *name = config_setting_name(s);
		unsigned k;

		if (!name)
			continue;
		if (is_port && !strcmp(name, "name"))
			continue;

		for (k = 0; k < PK_COUNT; k++) {
			if (!strcmp(name, key_names[k]))
				break;
		}
		if (k == PK_COUNT) {
			CONF_WARN(c, s, "unknown key \"%s\" in %s (ignored)", name,
			          where);
			continue;
		}

		l->line[k] = conf_line(s);
		if (k < PK_TIMINGC)
			parse_timing(c, s, l, k, where);
		else if (k == PK_CADENCE)
			parse_cadence(c, s, l, where);
		else
			parse_linefeed(c, s, l, where);
	}
}

static const config_setting_t *group_member(struct pctx *c,
					    const config_setting_t *grp,
					    const char *key)
{
	const config_setting_t *s = config_setting_get_member(grp, key);

	if (s && !config_setting_is_group(s)) {
		CONF_ERR(c, s, "ports.%s must be a group: %s = { ... };", key,
		         key);
		return NULL;
	}

	return s;
}

static struct port_entry *entry_find(const struct ports_conf *pc,
				     const char *name)
{
	struct le *le;

	for (le = list_head(&pc->entries); le; le = le->next) {
		struct port_entry *e = le->data;

		if (!strcmp(e->name, name))
			return e;
	}

	return NULL;
}

static void parse_entry(struct pctx *c, const config_setting_t *g, int idx)
{
	const config_setting_t *s;
	struct port_entry *e, *other;
	const char *name;
	char where[FXS_PORT_NAME_MAX + 16];

	if (!config_setting_is_group(g)) {
		CONF_ERR(c, g, "ports.port[%d] must be a group: { name = \"...\"; "
		         "... }", idx);
		return;
	}

	s = config_setting_get_member(g, "name");
	if (!s || config_setting_type(s) != CONFIG_TYPE_STRING) {
		CONF_ERR(c, s ? s : g, "ports.port[%d]: name = \"<port name>\"; "
		         "is required (handsetctl ports lists them)", idx);
		return;
	}

	name = config_setting_get_string(s);
	if (!fxs_name_valid(name, FXS_PORT_NAME_MAX)) {
		CONF_ERR(c, s, "ports.port[%d]: \"%s\" is not a port name (1 to "
		         "%u characters of A-Z a-z 0-9 . _ -, not starting with "
		         "'.')", idx, name, FXS_PORT_NAME_MAX - 1);
		return;
	}

	other = entry_find(c->pc, name);
	if (other) {
		CONF_ERR(c, s, "ports.port: port \"%s\" is already configured at "
		         "%s:%d", name, c->file, other->line);
		return;
	}

	e = mem_zalloc(sizeof(*e), entry_destructor);
	if (!e)
		return;

	str_ncpy(e->name, name, sizeof(e->name));
	e->line = conf_line(g);
	(void)re_snprintf(where, sizeof(where), "ports.port %s", name);
	parse_layer(c, g, &e->l, where, true);
	list_append(&c->pc->entries, &e->le, e);
}

static void overlay(struct port_resolved *r, const struct port_layer *l,
		    enum port_layer_kind kind, const char *what,
		    const char *file)
{
	unsigned k;

	for (k = 0; k < PK_COUNT; k++) {
		if (!(l->set & (1u << k)))
			continue;

		if (k < PK_TIMINGC) {
			r->v.timing[k] = l->v.timing[k];
		}
		else if (k == PK_CADENCE) {
			memcpy(r->v.cadence, l->v.cadence,
			       sizeof(r->v.cadence));
			r->v.cadencec = l->v.cadencec;
		}
		else {
			r->v.linefeed = l->v.linefeed;
		}

		r->origin[k].kind = kind;
		r->origin[k].what = what;
		r->origin[k].file = file;
		r->origin[k].line = l->line[k];
	}
}

/*
 * What port @name (at @loc) gets: the kernel's defaults, then the preset,
 * all, its location and its own entry, each over the one before.  A NULL
 * @pc (no ports block) gives the kernel's defaults.
 */
void port_conf_resolve(const struct ports_conf *pc, const char *name,
		       enum fxs_location loc, struct port_resolved *r)
{
	struct fxs_hook_timing t;
	const struct port_entry *e;
	unsigned k;

	memset(r, 0, sizeof(*r));
	fxs_hook_default_timing(&t);
	r->v.timing[PK_DEBOUNCE] = t.debounce_ms;
	r->v.timing[PK_PULSE_BREAK_MAX] = t.pulse_break_max_ms;
	r->v.timing[PK_INTERDIGIT] = t.interdigit_ms;
	r->v.timing[PK_FLASH_MIN] = t.flash_min_ms;
	r->v.timing[PK_FLASH_MAX] = t.flash_max_ms;
	r->v.cadence[0] = FXS_RING_DEFAULT_ON_MS;
	r->v.cadence[1] = FXS_RING_DEFAULT_OFF_MS;
	r->v.cadencec = 2;
	r->v.linefeed = FXS_LINEFEED_FORWARD_ACTIVE;
	for (k = 0; k < PK_COUNT; k++)
		r->origin[k].kind = PL_KERNEL;

	if (!pc)
		return;

	if (pc->preset) {
		struct port_layer l = pc->preset->l;

		for (k = 0; k < PK_COUNT; k++)
			l.line[k] = pc->preset_line;
		overlay(r, &l, PL_PRESET, pc->preset->country, pc->file);
	}
	overlay(r, &pc->all, PL_ALL, "all", pc->file);
	if (loc == FXS_LOCATION_EXPANDER)
		overlay(r, &pc->expander, PL_LOCATION, "expander", pc->file);
	else
		overlay(r, &pc->builtin, PL_LOCATION, "builtin", pc->file);

	e = name ? entry_find(pc, name) : NULL;
	if (e)
		overlay(r, &e->l, PL_PORT, e->name, pc->file);
}

/*
 * The windows as a kind of port gets them must be ones the kernel takes;
 * the error goes to the line of the most specific timing value involved.
 */
static void check_windows(struct pctx *c, const char *name,
			  enum fxs_location loc, const char *who)
{
	const struct port_origin *o = NULL;
	struct fxs_hook_timing t;
	struct port_resolved r;
	const char *why;
	unsigned k;

	port_conf_resolve(c->pc, name, loc, &r);
	t.debounce_ms = r.v.timing[PK_DEBOUNCE];
	t.pulse_break_max_ms = r.v.timing[PK_PULSE_BREAK_MAX];
	t.interdigit_ms = r.v.timing[PK_INTERDIGIT];
	t.flash_min_ms = r.v.timing[PK_FLASH_MIN];
	t.flash_max_ms = r.v.timing[PK_FLASH_MAX];

	why = fxs_hook_timing_check(&t);
	if (!why)
		return;

	for (k = 0; k < PK_TIMINGC; k++) {
		if (!o || r.origin[k].kind > o->kind)
			o = &r.origin[k];
	}

	diag_error(c->diag, o->file ? o->file : c->file, o->line,
		   "ports: %s would get debounce_ms %u, pulse_break_max_ms "
		   "%u, interdigit_ms %u, flash_min_ms %u, flash_max_ms %u: "
		   "%s", who, t.debounce_ms, t.pulse_break_max_ms,
		   t.interdigit_ms, t.flash_min_ms, t.flash_max_ms, why);
}

int config_ports_parse(struct ports_conf **pcp,
		       const struct config_setting_t *grp, const char *file,
		       struct diag *diag)
{
	static const char *const known[] = {
		"country", "all", "builtin", "expander", "port", NULL
	};
	struct ports_conf *pc;
	const config_setting_t *s;
	struct pctx c;
	struct le *le;
	int i, n;

	if (!pcp)
		return EINVAL;

	*pcp = NULL;
	if (!grp)
		return 0;

	c.diag = diag;
	c.file = file;
	c.pc = NULL;

	if (!config_setting_is_group(grp)) {
		CONF_ERR(&c, grp, "\"ports\" must be a group: ports = { ... };");
		return EINVAL;
	}

	pc = mem_zalloc(sizeof(*pc), conf_destructor);
	if (!pc || str_dup(&pc->file, file)) {
		mem_deref(pc);
		return ENOMEM;
	}
	list_init(&pc->entries);
	c.pc = pc;

	n = config_setting_length(grp);
	for (i = 0; i < n; i++) {
		const char *name;
		size_t k;

		s = config_setting_get_elem(grp, i);
		name = config_setting_name(s);
		for (k = 0; known[k]; k++) {
			if (name && !strcmp(name, known[k]))
				break;
		}
		if (!known[k])
			CONF_WARN(&c, s, "unknown key \"%s\" in ports (ignored); "
			          "settings go in all, builtin, expander or port",
			          name ? name : "?");
	}

	s = config_setting_get_member(grp, "country");
	if (s) {
		const char *country = config_setting_get_string(s);

		pc->preset = port_preset_find(country);
		pc->preset_line = conf_line(s);
		if (!pc->preset)
			CONF_ERR(&c, s, "ports: country must be one of %H, not "
			         "\"%s\"", port_preset_print_names, NULL,
			         country ? country : "(not a string)");
	}

	s = group_member(&c, grp, "all");
	if (s)
		parse_layer(&c, s, &pc->all, "ports.all", false);
	s = group_member(&c, grp, "builtin");
	if (s)
		parse_layer(&c, s, &pc->builtin, "ports.builtin", false);
	s = group_member(&c, grp, "expander");
	if (s)
		parse_layer(&c, s, &pc->expander, "ports.expander", false);

	s = config_setting_get_member(grp, "port");
	if (s && !config_setting_is_list(s)) {
		CONF_ERR(&c, s, "ports.port must be a list: port = ( { name = "
		         "\"...\"; ... }, ... );");
	}
	else if (s) {
		n = config_setting_length(s);
		for (i = 0; i < n; i++)
			parse_entry(&c, config_setting_get_elem(s, i), i);
	}

	check_windows(&c, NULL, FXS_LOCATION_BUILTIN, "built-in ports");
	check_windows(&c, NULL, FXS_LOCATION_EXPANDER, "expander ports");
	for (le = list_head(&pc->entries); le; le = le->next) {
		const struct port_entry *e = le->data;
		char who[FXS_PORT_NAME_MAX + 8];

		(void)re_snprintf(who, sizeof(who), "port %s", e->name);
		check_windows(&c, e->name, port_name_is_expander(e->name) ?
			      FXS_LOCATION_EXPANDER : FXS_LOCATION_BUILTIN,
			      who);
	}

	*pcp = pc;

	return 0;
}

/* "300", "400,200,400,2000", "forward-active": a value as written */
const char *port_value_str(char *buf, size_t size,
			   const struct port_values *v, enum port_key k)
{
	size_t len = 0;
	unsigned i;

	buf[0] = '\0';
	if (k < PK_TIMINGC) {
		(void)re_snprintf(buf, size, "%u", v->timing[k]);
		return buf;
	}
	if (k == PK_LINEFEED) {
		str_ncpy(buf, port_linefeed_name(v->linefeed), size);
		return buf;
	}

	for (i = 0; i < v->cadencec && len < size; i++) {
		int n = re_snprintf(buf + len, size - len, "%s%u",
				    i ? "," : "", v->cadence[i]);

		if (n < 0)
			break;
		len += (size_t)n;
	}

	return buf;
}

bool port_values_equal(const struct port_values *a,
		       const struct port_values *b, enum port_key k)
{
	if (k < PK_TIMINGC)
		return a->timing[k] == b->timing[k];
	if (k == PK_LINEFEED)
		return a->linefeed == b->linefeed;

	return a->cadencec == b->cadencec &&
		!memcmp(a->cadence, b->cadence,
			a->cadencec * sizeof(a->cadence[0]));
}

/* "country uk (handsetd.conf:12)", "kernel default" */
int port_origin_print(struct re_printf *pf, const struct port_origin *o)
{
	switch (o->kind) {
	case PL_KERNEL:
		return re_hprintf(pf, "kernel default");
	case PL_PRESET:
		return re_hprintf(pf, "country %s (%s:%d)", o->what,
				  o->file, o->line);
	case PL_PORT:
		return re_hprintf(pf, "port (%s:%d)", o->file, o->line);
	default:
		return re_hprintf(pf, "%s (%s:%d)", o->what, o->file,
				  o->line);
	}
}
