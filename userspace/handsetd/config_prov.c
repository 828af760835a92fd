/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The `provisioning` block of handsetd.conf: who may fetch provisioning
 * files (allow, CIDR; default the networks of the box's interfaces), SIP
 * PnP on or off, the URL phones are told, where the templates live, and
 * the limits that stop a MAC scan.  Templates are read and checked here, so
 * `handsetd -n` and a reload report a broken override with file and line.
 *
 * No block means no provisioning: /prov/ answers 404 and PnP SUBSCRIBEs
 * get the 404 they always got.  The files hold SIP passwords; serving them
 * is something the administrator turns on.
 */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include "handsetd.h"
#include "config_diag.h"
#include "http.h"
#include "prov.h"

#ifndef PROV_DATADIR
#define PROV_DATADIR "/usr/share/handsetd/prov"
#endif
#define PROV_ETCDIR "/etc/handsetd/prov"

enum {
	DEF_SCAN_MAX           = 5,
	DEF_SCAN_WINDOW        = 60,
	DEF_SCAN_BLOCK         = 600,
	DEF_UNREGISTERED_AFTER = 300,
};

struct pctx {
	struct prov_conf *pc;
	struct diag *diag;
	const char *file;
};

static void conf_destructor(void *arg)
{
	struct prov_conf *pc = arg;
	size_t i, j;

	mem_deref(pc->url);
	mem_deref(pc->registrar);
	mem_deref(pc->users);
	for (i = 0; i < pc->dirc; i++)
		mem_deref(pc->dirs[i]);
	for (i = 0; i < ARRAY_SIZE(pc->tmpl); i++) {
		for (j = 0; j < ARRAY_SIZE(pc->tmpl[i]); j++) {
			mem_deref(pc->tmpl[i][j]);
			mem_deref(pc->noacct[i][j]);
		}
	}
}

/* "192.168.1.0/24", "fd00::/8" or a bare address (one host). */
int prov_net_parse(struct prov_net *n, const char *s)
{
	const char *slash = strchr(s, '/');
	struct pl addr, bits;
	unsigned max;

	pl_set_str(&addr, s);
	if (slash) {
		addr.l = (size_t)(slash - s);
		pl_set_str(&bits, slash + 1);
	}
	if (sa_set(&n->addr, &addr, 0))
		return EINVAL;

	max = sa_af(&n->addr) == AF_INET ? 32 : 128;
	if (!slash) {
		n->bits = max;
		return 0;
	}
	if (!bits.l || bits.l > 3 || re_regex(bits.p, bits.l, "[0-9]+", NULL))
		return EINVAL;
	n->bits = pl_u32(&bits);

	return n->bits <= max ? 0 : EINVAL;
}

static bool bits_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, whole))
		return false;
	if (!rest)
		return true;

	return !((a[whole] ^ b[whole]) & (uint8_t)(0xff << (8 - rest)));
}

bool prov_net_contains(const struct prov_net *n, const struct sa *a)
{
	static const uint8_t v4mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	uint8_t na[16], aa[16];
	struct sa m;

	if (!n || !a)
		return false;

	/* an IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d */
	if (sa_af(a) == AF_INET6 && sa_af(&n->addr) == AF_INET) {
		uint32_t v4;

		sa_in6(a, na);
		if (memcmp(na, v4mapped, sizeof(v4mapped)))
			return false;
		memcpy(&v4, na + 12, 4);
		sa_set_in(&m, ntohl(v4), sa_port(a));
		a = &m;
	}

	if (sa_af(a) != sa_af(&n->addr))
		return false;

	if (sa_af(a) == AF_INET) {
		uint32_t x = htonl(sa_in(a)), y = htonl(sa_in(&n->addr));

		return bits_equal((uint8_t *)&x, (uint8_t *)&y, n->bits);
	}

	sa_in6(a, na);
	sa_in6(&n->addr, aa);

	return bits_equal(na, aa, n->bits);
}

static unsigned mask_bits(const struct sockaddr *sa)
{
	const uint8_t *p;
	unsigned n = 0;
	size_t i, len;

	if (sa->sa_family == AF_INET) {
		p = (const uint8_t *)&((const struct sockaddr_in *)sa)->
			sin_addr;
		len = 4;
	}
	else {
		p = ((const struct sockaddr_in6 *)(const void *)sa)->
			sin6_addr.s6_addr;
		len = 16;
	}

	for (i = 0; i < len; i++) {
		uint8_t b = p[i];

		while (b & 0x80) {
			++n;
			b = (uint8_t)(b << 1);
		}
		if (p[i] != 0xff)
			break;
	}

	return n;
}

/* The networks of the box's own interfaces, as getifaddrs reports them. */
int prov_allow_default(struct prov_net *nets, unsigned max, unsigned *np)
{
	struct ifaddrs *ifa, *i;
	unsigned n = 0;

	if (getifaddrs(&ifa))
		return errno;

	for (i = ifa; i && n < max; i = i->ifa_next) {
		int af;

		if (!i->ifa_addr || !i->ifa_netmask)
			continue;
		af = i->ifa_addr->sa_family;
		if (af != AF_INET && af != AF_INET6)
			continue;
		if (sa_set_sa(&nets[n].addr, i->ifa_addr))
			continue;
		nets[n].bits = mask_bits(i->ifa_netmask);
		++n;
	}

	freeifaddrs(ifa);
	*np = n;

	return 0;
}

static void parse_allow(struct pctx *c, const config_setting_t *grp)
{
	const config_setting_t *s = config_setting_get_member(grp, "allow");
	struct prov_conf *pc = c->pc;
	int i, n;

	if (!s)
		return;
	if (!config_setting_is_aggregate(s)) {
		CONF_ERR(c, s, "provisioning: \"allow\" must be a list like "
		         "[ \"192.168.1.0/24\" ]");
		return;
	}

	n = config_setting_length(s);
	if (!n)
		CONF_ERR(c, s, "provisioning: \"allow\" is empty, so no phone "
		         "could fetch its file; remove the provisioning block "
		         "to turn provisioning off");
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);
		const char *v = config_setting_get_string(e);

		if (pc->allowc >= PROV_MAX_ALLOW) {
			CONF_ERR(c, e, "provisioning: at most %u \"allow\" "
			         "networks", PROV_MAX_ALLOW);
			return;
		}
		if (!v || prov_net_parse(&pc->allow[pc->allowc], v)) {
			CONF_ERR(c, e, "provisioning: \"%s\" is not a network "
			         "(write 192.168.1.0/24, fd00::/8 or one address)",
			         v ? v : "(not a string)");
			continue;
		}
		++pc->allowc;
	}
}

static void get_string(struct pctx *c, const config_setting_t *grp,
		       const char *key, char **val)
{
	const config_setting_t *s = config_setting_get_member(grp, key);
	const char *v;

	if (!s)
		return;
	v = config_setting_get_string(s);
	if (!v || !*v || strpbrk(v, " \t\r\n\"<>")) {
		CONF_ERR(c, s, "provisioning: \"%s\" must be a non-empty string "
		         "without spaces, quotes or angle brackets", key);
		return;
	}
	(void)str_dup(val, v);
}

/* time_zone: a tz database name; default the box's own zone. */
static void parse_time_zone(struct pctx *c, const config_setting_t *grp)
{
	const config_setting_t *s = config_setting_get_member(grp,
							       "time_zone");
	const char *name = NULL;
	char why[256];

	if (s) {
		name = config_setting_get_string(s);
		if (!name) {
			CONF_ERR(c, s, "provisioning: \"time_zone\" must be a "
			         "string such as \"Europe/Berlin\"");
			return;
		}
	}
	if (prov_tz_load(&c->pc->tz, name, why, sizeof(why))) {
		if (s)
			CONF_ERR(c, s, "provisioning: %s", why);
		else
			/* the box's zone is no setting to fix: say, use UTC */
			CONF_WARN(c, grp, "provisioning: the box's %s; the files "
			          "give phones UTC (set time_zone)", why);
		if (!s) {
			str_ncpy(c->pc->tz.name, "UTC",
				 sizeof(c->pc->tz.name));
			(void)prov_tz_parse_posix(&c->pc->tz, "UTC0");
		}
	}
	prov_tz_fields(&c->pc->tz, &c->pc->tzt);
}

static void parse_dirs(struct pctx *c, const config_setting_t *grp)
{
	const config_setting_t *s = config_setting_get_member(grp,
							      "templates");
	struct prov_conf *pc = c->pc;
	int i, n;

	if (!s) {
		(void)str_dup(&pc->dirs[0], PROV_ETCDIR);
		(void)str_dup(&pc->dirs[1], PROV_DATADIR);
		pc->dirc = 2;
		return;
	}

	n = config_setting_is_aggregate(s) ? config_setting_length(s) : -1;
	if (n < 1 || n > PROV_MAX_DIRS) {
		CONF_ERR(c, s, "provisioning: \"templates\" must be a list of 1 "
		         "to %u directories, searched in order", PROV_MAX_DIRS);
		return;
	}
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);
		const char *v = config_setting_get_string(e);

		if (!v || v[0] != '/') {
			CONF_ERR(c, e, "provisioning: a templates directory must "
			         "be an absolute path");
			continue;
		}
		(void)str_dup(&pc->dirs[pc->dirc++], v);
	}
}

/*
 * credentials: an htdigest file of users phones give in their provisioning
 * URL settings; with it every /prov/ request needs HTTP Digest (realm:
 * `realm`, default "provisioning").
 */
static void parse_credentials(struct pctx *c, const config_setting_t *grp)
{
	const config_setting_t *s = config_setting_get_member(grp,
							      "credentials");
	const config_setting_t *r = config_setting_get_member(grp, "realm");
	const char *path, *realm = "provisioning";

	if (r) {
		realm = config_setting_get_string(r);
		if (!realm || !*realm || strpbrk(realm, "\"\\:")) {
			CONF_ERR(c, r, "provisioning: \"realm\" must be a "
			         "non-empty string without quotes, backslashes or "
			         "colons");
			return;
		}
	}
	if (!s)
		return;

	path = config_setting_get_string(s);
	if (!path || path[0] != '/') {
		CONF_ERR(c, s, "provisioning: \"credentials\" must be the "
		         "absolute path of an htdigest file");
		return;
	}
	http_conf_htdigest(&c->pc->users, path, realm, conf_file(s, c->file), c->diag);
}

/* A template from the first directory that has it. */
static void load_template(struct pctx *c, const config_setting_t *grp,
			  const char *name, struct prov_tmpl **tp)
{
	int err = ENOENT;
	unsigned d;

	if (!name)
		return;

	for (d = 0; d < c->pc->dirc && err == ENOENT; d++) {
		char path[512];

		re_snprintf(path, sizeof(path), "%s/%s", c->pc->dirs[d], name);
		err = prov_tmpl_load(tp, path, c->diag);
	}
	if (err && err != ENOENT && err != EINVAL && err != EFBIG &&
	    err != EIO)
		CONF_ERR(c, grp, "provisioning: template %s: %m", name, err);
}

static void load_templates(struct pctx *c, const config_setting_t *grp)
{
	struct prov_conf *pc = c->pc;
	const struct prov_family *fam;
	size_t fi, k;

	for (fi = 0; (fam = prov_family_at(fi)) && fi < ARRAY_SIZE(pc->tmpl);
	     fi++) {
		for (k = 0; k < ARRAY_SIZE(fam->files); k++) {
			load_template(c, grp, fam->files[k].tmpl,
				      &pc->tmpl[fi][k]);
			load_template(c, grp, fam->files[k].noacct,
				      &pc->noacct[fi][k]);
		}
	}
}

const struct prov_tmpl *prov_conf_tmpl(const struct prov_conf *pc,
				       const struct prov_family *fam,
				       size_t file, bool noacct)
{
	size_t fi;

	if (!pc || !fam || file >= ARRAY_SIZE(fam->files))
		return NULL;

	for (fi = 0; fi < ARRAY_SIZE(pc->tmpl); fi++) {
		if (prov_family_at(fi) == fam)
			return noacct ? pc->noacct[fi][file] :
				pc->tmpl[fi][file];
	}

	return NULL;
}

/* A handset whose family has no template is valid, just not provisioned. */
static void check_handsets(struct pctx *c, const config_setting_t *grp,
			   const struct config *cfg)
{
	struct le *le;

	for (le = cfg ? cfg->handsets.head : NULL; le; le = le->next) {
		const struct hs_conf *hc = le->data;
		const struct prov_family *fam;

		if (!hc->model || !hc->model->prov)
			continue;
		fam = prov_family_find(hc->model->prov);
		if (!fam) {
			CONF_ERR(c, grp, "model %s names provisioning family %s, "
			         "which handsetd lacks", hc->model->name,
			         hc->model->prov);
			continue;
		}
		if (!prov_conf_tmpl(c->pc, fam, 0, false))
			CONF_WARN(c, grp, "handset %s (%s) will not be "
			          "provisioned: no %s in the templates "
			          "directories", hc->user_id, hc->model->name,
			          fam->files[0].tmpl);
		else if (!hc->password)
			CONF_WARN(c, grp, "handset %s (%s) will not be "
			          "provisioned: its file needs the password, and "
			          "only ha1 is configured", hc->user_id,
			          hc->model->name);
	}
}

void config_prov_parse(struct prov_conf **pcp, const config_setting_t *grp,
		       const struct config *cfg, const char *file,
		       struct diag *diag)
{
	static const char *const known[] = {
		"allow", "pnp", "url", "registrar", "templates", "scan_max",
		"scan_window", "scan_block", "unregistered_after",
		"credentials", "realm", "time_zone", NULL
	};
	const config_setting_t *s;
	struct prov_conf *pc;
	struct pctx c;
	int n, k;

	if (!pcp)
		return;
	*pcp = NULL;
	if (!grp)
		return;

	pc = mem_zalloc(sizeof(*pc), conf_destructor);
	if (!pc) {
		diag_error(diag, file, 0, "out of memory");
		return;
	}
	c.pc = pc;
	c.diag = diag;
	c.file = file;

	if (!config_setting_is_group(grp)) {
		CONF_ERR(&c, grp, "\"provisioning\" must be a group: "
		         "provisioning = { ... };");
		goto out;
	}

	n = config_setting_length(grp);
	for (k = 0; k < n; k++) {
		const config_setting_t *e = config_setting_get_elem(grp, k);
		const char *name = config_setting_name(e);
		unsigned i;

		for (i = 0; known[i]; i++) {
			if (name && !strcmp(name, known[i]))
				break;
		}
		if (!known[i])
			CONF_WARN(&c, e, "unknown key \"%s\" in provisioning "
			          "(ignored)", name ? name : "?");
	}

	if (!cfg || !cfg->http)
		CONF_WARN(&c, grp, "provisioning: there is no http group, so no "
		          "listener serves /prov/ and PnP has no URL to give");

	pc->enabled = true;
	pc->scan_max = DEF_SCAN_MAX;
	pc->scan_window = DEF_SCAN_WINDOW;
	pc->scan_block = DEF_SCAN_BLOCK;
	pc->unregistered_after = DEF_UNREGISTERED_AFTER;

	parse_allow(&c, grp);

	s = config_setting_get_member(grp, "pnp");
	if (s && config_setting_type(s) != CONFIG_TYPE_BOOL)
		CONF_ERR(&c, s, "provisioning: \"pnp\" must be true or false");
	else if (s)
		pc->pnp = config_setting_get_bool(s);

	get_string(&c, grp, "url", &pc->url);
	if (pc->url && strncmp(pc->url, "http://", 7) &&
	    strncmp(pc->url, "https://", 8))
		CONF_ERR(&c, config_setting_get_member(grp, "url"),
		         "provisioning: \"url\" must start with http:// or "
		         "https:// (and end in /prov/)");
	get_string(&c, grp, "registrar", &pc->registrar);

	conf_u32(c.diag, c.file, grp, "provisioning", "scan_max", &pc->scan_max, 1, 1000);
	conf_u32(c.diag, c.file, grp, "provisioning", "scan_window", &pc->scan_window, 1, 86400);
	conf_u32(c.diag, c.file, grp, "provisioning", "scan_block", &pc->scan_block, 1, 86400);
	conf_u32(c.diag, c.file, grp, "provisioning", "unregistered_after", &pc->unregistered_after, 10,
		86400);

	parse_time_zone(&c, grp);
	parse_credentials(&c, grp);
	parse_dirs(&c, grp);
	load_templates(&c, grp);
	check_handsets(&c, grp, cfg);

 out:
	*pcp = pc;
}
