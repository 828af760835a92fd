/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The administrator's configuration file: read with libconfig, validated
 * completely (every problem reported with file and line, both places for a
 * clash), and turned into an immutable struct config.  A reload builds a new
 * one and the caller swaps it in only when it has no errors, so a broken
 * file never touches the running configuration.  The daemon never writes
 * this file.
 */
#include <ctype.h>
#include <errno.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <libconfig.h>
#include <linux/fxs.h>
#include <linux/fxs_name.h>
#include "ctrl_proto.h"
#include "port_conf.h"
#include "handsetd.h"
#include "config_diag.h"
#include "http.h"
#include "sip_tls.h"
#include "prov.h"
#include "admin.h"
#include "sip_tcp_guard.h"

const char *config_default_file = "/etc/handsetd/handsetd.conf";
const char config_builtin_name[] = "(built-in defaults)";

/*
 * Used when no configuration file exists, so "make run" works out of the
 * box: loopback only, one documented demonstration handset.
 */
const char config_default_text[] =
	"sip = {\n"
	"  listen = [ \"udp:127.0.0.1:5060\", \"tcp:127.0.0.1:5060\" ];\n"
	"  realm = \"handsetd\";\n"
	"};\n"
	"registration = { min_expires = 60; default_expires = 3600;\n"
	"                 max_expires = 7200; max_contacts = 1; };\n"
	"auth = { nonce_lifetime = 300; max_failures = 10;\n"
	"         failure_window = 60; block_time = 300; };\n"
	"state_dir = \"/var/lib/handsetd\";\n"
	"control_socket = \"" CTRL_DEFAULT_SOCKET "\";\n"
	"analog = { inside_ports = \"builtin\"; user_ids = \"200-299\"; };\n"
	"http = { listen = [ \"http:127.0.0.1:8080\" ]; };\n"
	"handsets = (\n"
	"  { user_id = \"100\"; model = \"generic-sip\"; login = \"demo\";\n"
	"    password = \"demo\"; }\n"
	");\n";

enum {
	DEF_MIN_EXPIRES     = 60,
	DEF_DEFAULT_EXPIRES = 3600,
	DEF_MAX_EXPIRES     = 7200,
	DEF_MAX_CONTACTS    = 1,
	DEF_NONCE_LIFETIME  = 300,
	DEF_MAX_FAILURES    = 10,
	DEF_FAILURE_WINDOW  = 60,
	DEF_BLOCK_TIME      = 300,
	DEF_UID_FIRST       = 200,
	DEF_UID_LAST        = 299,
	/* an expiry beyond a year is certainly a mistake in the file */
	MAX_EXPIRY_LIMIT    = 31536000,
	MAX_CONTACTS_LIMIT  = 16,
};

struct ctx {
	struct config *cfg;
	struct diag *diag;
	const char *file;
	bool secrets;
};

static void hs_destructor(void *arg)
{
	struct hs_conf *hs = arg;

	list_unlink(&hs->le);
	hash_unlink(&hs->le_uid);
	hash_unlink(&hs->le_key);
	hash_unlink(&hs->le_mac);
	/* login and port live in the user ID's block (see strings_alloc) */
	mem_deref(hs->user_id);
	mem_deref(hs->password);
	mem_deref(hs->display_name);
}

/*
 * The user ID, login and port of a handset in one allocation: 10,000
 * handsets are 20,000 fewer heap blocks and their headers.  user_id is the
 * block (the records take a reference on it); login and port point into
 * it, or are NULL.
 */
static int strings_alloc(struct hs_conf *hs, const char *uid,
			 const char *login, const char *port)
{
	size_t lu = strlen(uid) + 1;
	size_t ll = login ? strlen(login) + 1 : 0;
	size_t lp = port ? strlen(port) + 1 : 0;
	char *b = mem_alloc(lu + ll + lp, NULL);

	if (!b)
		return ENOMEM;

	memcpy(b, uid, lu);
	hs->user_id = b;
	if (login)
		hs->login = memcpy(b + lu, login, ll);
	if (port)
		hs->port = memcpy(b + lu + ll, port, lp);

	return 0;
}

static void config_destructor(void *arg)
{
	struct config *cfg = arg;
	unsigned i;

	list_flush(&cfg->handsets);
	mem_deref(cfg->ht_uid);
	mem_deref(cfg->ht_login);
	mem_deref(cfg->ht_mac);
	mem_deref(cfg->ht_port);
	mem_deref(cfg->file);
	mem_deref(cfg->realm);
	mem_deref(cfg->state_dir);
	mem_deref(cfg->control_socket);
	mem_deref(cfg->http);
	mem_deref(cfg->tls_cert);
	mem_deref(cfg->tls_key);
	mem_deref(cfg->prov);
	mem_deref(cfg->admin);
	mem_deref(cfg->ports);
	for (i = 0; i < cfg->analog_portc; i++)
		mem_deref(cfg->analog_ports[i]);
}

static void check_keys(struct ctx *c, const config_setting_t *grp,
		       const char *const known[], const char *where)
{
	int i, n;

	if (!grp || !config_setting_is_group(grp))
		return;

	n = config_setting_length(grp);
	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(grp, i);
		const char *name = config_setting_name(s);
		size_t k;
		bool found = false;

		for (k = 0; known[k]; k++) {
			if (name && !strcmp(name, known[k])) {
				found = true;
				break;
			}
		}

		if (!found)
			CONF_WARN(c, s, "unknown key \"%s\" in %s (ignored)",
			          name ? name : "?", where);
	}
}

/* A string member; wrong type is an error; absent leaves *val alone. */
static const config_setting_t *get_str(struct ctx *c,
				       const config_setting_t *grp,
				       const char *key, const char *where,
				       const char **val)
{
	const config_setting_t *s;

	if (!grp)
		return NULL;

	s = config_setting_get_member(grp, key);
	if (!s)
		return NULL;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		CONF_ERR(c, s, "%s: \"%s\" must be a string in double quotes",
		         where, key);
		return NULL;
	}

	*val = config_setting_get_string(s);

	return s;
}

static const config_setting_t *get_uint(struct ctx *c,
					const config_setting_t *grp,
					const char *key, const char *where,
					uint32_t *val, uint32_t lo,
					uint32_t hi)
{
	const config_setting_t *s;
	long long v;

	if (!grp)
		return NULL;

	s = config_setting_get_member(grp, key);
	if (!s)
		return NULL;

	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64) {
		CONF_ERR(c, s, "%s: \"%s\" must be a whole number", where, key);
		return NULL;
	}

	v = config_setting_get_int64(s);
	if (v < (long long)lo || v > (long long)hi) {
		CONF_ERR(c, s, "%s: %s = %lld is out of range (%u to %u)",
		         where, key, v, lo, hi);
		return NULL;
	}

	*val = (uint32_t)v;

	return s;
}

static bool valid_token(const char *s)
{
	if (!s || !*s)
		return false;

	for (; *s; s++) {
		if (!isalnum((unsigned char)*s) && !strchr("._-+~!*'()", *s))
			return false;
	}

	return true;
}

int listen_addr_parse(struct listen_addr *la, const char *str)
{
	const char *rest;
	size_t len;

	if (!la || !str)
		return EINVAL;

	if (!strncasecmp(str, "udp:", 4))
		la->tp = SIP_TRANSP_UDP;
	else if (!strncasecmp(str, "tcp:", 4))
		la->tp = SIP_TRANSP_TCP;
	else if (!strncasecmp(str, "tls:", 4))
		la->tp = SIP_TRANSP_TLS;
	else
		return EPROTONOSUPPORT;

	rest = str + 4;
	len = strlen(rest);

	if (!sa_decode(&la->addr, rest, len))
		return sa_port(&la->addr) ? 0 : EINVAL;

	if (rest[0] == '[' && rest[len - 1] == ']') {
		struct pl pl;

		pl.p = rest + 1;
		pl.l = len - 2;
		return sa_set(&la->addr, &pl, sip_transp_port(la->tp, 0));
	}

	return sa_set_str(&la->addr, rest, sip_transp_port(la->tp, 0));
}

static void parse_sip(struct ctx *c, const config_setting_t *grp)
{
	static const char *const known[] = {
		"listen", "realm", "certificate", "key",
		"trusted",	/* config_admin.c */
		"max_tcp_per_address", "max_tcp_connections",
				/* config_sip_tcp.c */
		NULL
	};
	struct config *cfg = c->cfg;
	const config_setting_t *s;
	const char *realm = "handsetd";
	int i, n;

	check_keys(c, grp, known, "sip");

	s = grp ? config_setting_get_member(grp, "listen") : NULL;
	if (!s) {
		/* an explicit file without listeners means "all interfaces" */
		(void)listen_addr_parse(&cfg->listen[0], "udp:0.0.0.0:5060");
		(void)listen_addr_parse(&cfg->listen[1], "tcp:0.0.0.0:5060");
		cfg->listenc = 2;
	}
	else {
		n = conf_list_len(s);
		if (n < 0) {
			CONF_ERR(c, s, "sip: \"listen\" must be a string or a "
			         "list of strings like \"udp:127.0.0.1:5060\"");
			goto realm;
		}
		if (n == 0)
			CONF_ERR(c, s, "sip: \"listen\" is empty: "
			         "no address to listen on");

		for (i = 0; i < n; i++) {
			const config_setting_t *e = conf_list_elem(s, i);
			const char *str = config_setting_get_string(e);
			struct listen_addr la;
			unsigned k;

			if (!str) {
				CONF_ERR(c, e, "sip.listen: entries must be strings "
				         "like \"udp:127.0.0.1:5060\"");
				continue;
			}
			if (listen_addr_parse(&la, str)) {
				CONF_ERR(c, e, "sip.listen: \"%s\" is not "
				         "\"udp:ADDRESS[:PORT]\", "
				         "\"tcp:ADDRESS[:PORT]\" or "
				         "\"tls:ADDRESS[:PORT]\"", str);
				continue;
			}
			for (k = 0; k < cfg->listenc; k++) {
				if (cfg->listen[k].tp == la.tp &&
				    sa_cmp(&cfg->listen[k].addr, &la.addr,
					   SA_ALL))
					break;
			}
			if (k < cfg->listenc) {
				CONF_WARN(c, e, "sip.listen: \"%s\" is listed "
				          "twice", str);
				continue;
			}
			if (cfg->listenc == CONFIG_MAX_LISTEN) {
				CONF_ERR(c, e, "sip.listen: at most %u addresses",
				         CONFIG_MAX_LISTEN);
				break;
			}
			cfg->listen[cfg->listenc++] = la;
		}
	}

 realm:
	config_sip_tls_parse(cfg, grp, c->file, c->diag);

	s = get_str(c, grp, "realm", "sip", &realm);
	if (s && !*realm)
		CONF_ERR(c, s, "sip: \"realm\" is empty");
	if (strchr(realm, '"') || strchr(realm, '\\'))
		CONF_ERR(c, s, "sip: \"realm\" must not contain quotes or "
		         "backslashes");
	(void)str_dup(&cfg->realm, realm);
}

static void parse_registration(struct ctx *c, const config_setting_t *grp)
{
	static const char *const known[] = {
		"min_expires", "default_expires", "max_expires",
		"max_contacts", NULL
	};
	struct config *cfg = c->cfg;
	const config_setting_t *smin, *sdef, *smax;

	check_keys(c, grp, known, "registration");

	cfg->min_expires = DEF_MIN_EXPIRES;
	cfg->default_expires = DEF_DEFAULT_EXPIRES;
	cfg->max_expires = DEF_MAX_EXPIRES;
	cfg->max_contacts = DEF_MAX_CONTACTS;

	smin = get_uint(c, grp, "min_expires", "registration",
			&cfg->min_expires, 1, MAX_EXPIRY_LIMIT);
	sdef = get_uint(c, grp, "default_expires", "registration",
			&cfg->default_expires, 1, MAX_EXPIRY_LIMIT);
	smax = get_uint(c, grp, "max_expires", "registration",
			&cfg->max_expires, 1, MAX_EXPIRY_LIMIT);
	(void)get_uint(c, grp, "max_contacts", "registration",
		       &cfg->max_contacts, 1, MAX_CONTACTS_LIMIT);

	if (cfg->min_expires > cfg->max_expires)
		CONF_ERR(c, smin ? smin : smax, "registration: min_expires (%u) "
		         "is greater than max_expires (%u)",
		         cfg->min_expires, cfg->max_expires);

	if (cfg->default_expires < cfg->min_expires ||
	    cfg->default_expires > cfg->max_expires)
		CONF_ERR(c, sdef ? sdef : (smin ? smin : smax),
		         "registration: default_expires (%u) is outside "
		         "min_expires..max_expires (%u..%u)",
		         cfg->default_expires, cfg->min_expires, cfg->max_expires);
}

static void parse_auth(struct ctx *c, const config_setting_t *grp)
{
	static const char *const known[] = {
		"nonce_lifetime", "max_failures", "failure_window",
		"block_time", NULL
	};
	struct config *cfg = c->cfg;

	check_keys(c, grp, known, "auth");

	cfg->nonce_lifetime = DEF_NONCE_LIFETIME;
	cfg->auth_max_failures = DEF_MAX_FAILURES;
	cfg->auth_window = DEF_FAILURE_WINDOW;
	cfg->auth_block = DEF_BLOCK_TIME;

	(void)get_uint(c, grp, "nonce_lifetime", "auth",
		       &cfg->nonce_lifetime, 10, 86400);
	(void)get_uint(c, grp, "max_failures", "auth",
		       &cfg->auth_max_failures, 0, 1000000);
	(void)get_uint(c, grp, "failure_window", "auth",
		       &cfg->auth_window, 1, 86400);
	(void)get_uint(c, grp, "block_time", "auth",
		       &cfg->auth_block, 1, 604800);
}

static int parse_range(const char *s, uint32_t *first, uint32_t *last)
{
	struct pl a, b;

	if (re_regex(s, strlen(s), "[0-9]+-[0-9]+", &a, &b) || a.p != s ||
	    b.p + b.l != s + strlen(s))
		return EINVAL;

	if (a.l > 9 || b.l > 9)
		return ERANGE;

	*first = pl_u32(&a);
	*last = pl_u32(&b);

	return *first <= *last ? 0 : ERANGE;
}

static void parse_analog(struct ctx *c, const config_setting_t *grp)
{
	static const char *const known[] = {
		"inside_ports", "user_ids", NULL
	};
	struct config *cfg = c->cfg;
	const config_setting_t *s;
	const char *str = NULL;
	int i, n;

	check_keys(c, grp, known, "analog");

	cfg->analog_inside = ANALOG_INSIDE_BUILTIN;
	cfg->analog_uid_first = DEF_UID_FIRST;
	cfg->analog_uid_last = DEF_UID_LAST;

	s = grp ? config_setting_get_member(grp, "inside_ports") : NULL;
	if (s && config_setting_type(s) == CONFIG_TYPE_STRING) {
		str = config_setting_get_string(s);
		if (!strcmp(str, "builtin"))
			cfg->analog_inside = ANALOG_INSIDE_BUILTIN;
		else if (!strcmp(str, "none"))
			cfg->analog_inside = ANALOG_INSIDE_NONE;
		else
			CONF_ERR(c, s, "analog: inside_ports must be \"builtin\", "
			         "\"none\" or a list of port names, not \"%s\"",
			         str);
	}
	else if (s && config_setting_is_aggregate(s)) {
		cfg->analog_inside = ANALOG_INSIDE_LIST;
		n = config_setting_length(s);
		for (i = 0; i < n; i++) {
			const config_setting_t *e =
				config_setting_get_elem(s, i);
			const char *port = config_setting_get_string(e);
			unsigned k;

			if (!fxs_name_valid(port, FXS_PORT_NAME_MAX)) {
				CONF_ERR(c, e, "analog.inside_ports: entries must "
				         "be port names like \"si321x-spi0.0\"");
				continue;
			}
			for (k = 0; k < cfg->analog_portc; k++) {
				if (!strcmp(cfg->analog_ports[k], port))
					break;
			}
			if (k < cfg->analog_portc) {
				CONF_WARN(c, e, "analog.inside_ports: \"%s\" is "
				          "listed twice", port);
				continue;
			}
			if (cfg->analog_portc == CONFIG_MAX_PORTS) {
				CONF_ERR(c, e, "analog.inside_ports: at most %u "
				         "ports", CONFIG_MAX_PORTS);
				break;
			}
			(void)str_dup(&cfg->analog_ports[cfg->analog_portc++],
				      port);
		}
	}
	else if (s) {
		CONF_ERR(c, s, "analog: inside_ports must be \"builtin\", "
		         "\"none\" or a list of port names");
	}

	str = NULL;
	s = get_str(c, grp, "user_ids", "analog", &str);
	if (s && parse_range(str, &cfg->analog_uid_first,
			     &cfg->analog_uid_last))
		CONF_ERR(c, s, "analog: user_ids must be a range like "
		         "\"200-299\" (first <= last), not \"%s\"", str);
}

static bool uid_cmp(struct le *le, void *arg)
{
	const struct hs_conf *hs = le->data;

	return !pl_strcmp(arg, hs->user_id);
}

static bool login_cmp(struct le *le, void *arg)
{
	const struct hs_conf *hs = le->data;

	return !pl_strcmp(arg, hs->login);
}

static bool mac_cmp(struct le *le, void *arg)
{
	const struct hs_conf *hs = le->data;

	return !memcmp(hs->mac, arg, MAC_LEN);
}

static bool port_cmp(struct le *le, void *arg)
{
	const struct hs_conf *hs = le->data;

	return !strcmp(hs->port, arg);
}

const struct hs_conf *config_by_uid(const struct config *cfg,
				    const struct pl *uid)
{
	if (!cfg || !uid)
		return NULL;

	return list_ledata(hash_lookup(cfg->ht_uid, hash_joaat_pl(uid),
				       uid_cmp, (void *)uid));
}

const struct hs_conf *config_by_login(const struct config *cfg,
				      const struct pl *login)
{
	if (!cfg || !login)
		return NULL;

	return list_ledata(hash_lookup(cfg->ht_login, hash_joaat_pl(login),
				       login_cmp, (void *)login));
}

const struct hs_conf *config_by_mac(const struct config *cfg,
				    const uint8_t mac[MAC_LEN])
{
	if (!cfg || !mac)
		return NULL;

	return list_ledata(hash_lookup(cfg->ht_mac, mac_hash(mac), mac_cmp,
				       (void *)mac));
}

const struct hs_conf *config_by_port(const struct config *cfg,
				     const char *port)
{
	if (!cfg || !port)
		return NULL;

	return list_ledata(hash_lookup(cfg->ht_port, hash_joaat_str(port),
				       port_cmp, (void *)port));
}

/* The line of a handset's member, or of the handset group without one. */
static int member_line(const config_setting_t *h, const char *key)
{
	const config_setting_t *s = config_setting_get_member(h, key);

	return conf_line(s ? s : h);
}

/* One handsets entry as written, while it becomes a struct hs_conf. */
struct hs_src {
	const config_setting_t *h;
	char where[64];			/* "handset 101", for messages */
	char uidbuf[24];
	const char *uid, *model, *login, *password, *ha1, *mac, *port;
	const char *display_name;
};

static const config_setting_t *member(const struct hs_src *e,
				      const char *key)
{
	return config_setting_get_member(e->h, key);
}

/* user_id: a string, or a number written without quotes. */
static bool parse_user_id(struct ctx *c, struct hs_src *e)
{
	const config_setting_t *s = member(e, "user_id");

	if (s && (config_setting_type(s) == CONFIG_TYPE_INT ||
		  config_setting_type(s) == CONFIG_TYPE_INT64)) {
		/* user_id = 101; is a natural slip for "101": accept it */
		re_snprintf(e->uidbuf, sizeof(e->uidbuf), "%lld",
			    (long long)config_setting_get_int64(s));
		e->uid = e->uidbuf;
	}
	else if (!get_str(c, e->h, "user_id", e->where, &e->uid)) {
		if (!s)
			CONF_ERR(c, e->h, "%s has no user_id", e->where);
		return false;
	}

	if (!valid_token(e->uid)) {
		CONF_ERR(c, s, "%s: user_id \"%s\" may only contain letters, "
		         "digits and . _ - + ~ ! * ' ( )", e->where, e->uid);
		return false;
	}

	return true;
}

/* Well-formed UTF-8 (RFC 3629: no overlongs, surrogates, or > U+10FFFF). */
static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned n, i;
		uint32_t cp;

		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			cp = *p & 0x1f;
		}
		else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			cp = *p & 0x0f;
		}
		else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			cp = *p & 0x07;
		}
		else {
			return false;
		}
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}

	return true;
}

/*
 * display_name: what the phone shows for its line, written into its
 * provisioning files (SIP handsets only).  Any UTF-8 text a phone's
 * display could take; control characters would break the files' formats.
 */
static bool parse_display_name(struct ctx *c, const struct hs_src *e,
			       struct hs_conf *hs)
{
	const char *p;

	if (!e->display_name)
		return true;

	if (hs->model && hs->model->kind == MODEL_ANALOG) {
		CONF_ERR(c, member(e, "display_name"), "%s: display_name is for "
		         "SIP handsets (their provisioning files); an analog "
		         "phone has no display to set", e->where);
		return false;
	}
	if (!*e->display_name || strlen(e->display_name) > 64) {
		CONF_ERR(c, member(e, "display_name"), "%s: display_name must be "
		         "1 to 64 bytes", e->where);
		return false;
	}
	for (p = e->display_name; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			CONF_ERR(c, member(e, "display_name"), "%s: display_name "
			         "may not hold control characters", e->where);
			return false;
		}
	}
	if (!utf8_valid(e->display_name)) {
		CONF_ERR(c, member(e, "display_name"), "%s: display_name is not "
		         "valid UTF-8", e->where);
		return false;
	}

	return !str_dup(&hs->display_name, e->display_name);
}

static bool parse_mac(struct ctx *c, const struct hs_src *e,
		      struct hs_conf *hs)
{
	if (!e->mac)
		return true;

	if (mac_parse(hs->mac, e->mac, strlen(e->mac))) {
		CONF_ERR(c, member(e, "mac"), "%s: malformed MAC address \"%s\" "
		         "(write 00:15:65:12:34:56, 00-15-65-12-34-56 or "
		         "001565123456)", e->where, e->mac);
		return false;
	}
	hs->has_mac = true;

	return true;
}

/*
 * A name the entry must have (key = "val"), which valid() must accept:
 * need says who needs it, bad what an invalid one is not.
 */
static bool require_name(struct ctx *c, const struct hs_src *e,
			 const char *key, const char *val,
			 bool (*valid)(const char *), const char *need,
			 const char *bad)
{
	if (!val) {
		CONF_ERR(c, e->h, "%s: %s (%s = \"...\")", e->where, need, key);
		return false;
	}
	if (!valid(val)) {
		CONF_ERR(c, member(e, key), "%s: %s \"%s\" %s", e->where, key, val,
		         bad);
		return false;
	}

	return true;
}

/* Exactly the names the kernel can give a port (linux/fxs_name.h). */
static bool valid_port_name(const char *s)
{
	return fxs_name_valid(s, FXS_PORT_NAME_MAX);
}

/* Model "analog": a port, and nothing a SIP phone needs. */
static bool parse_analog_handset(struct ctx *c, struct hs_src *e,
				 struct hs_conf *hs)
{
	bool ok;

	ok = require_name(c, e, "port", e->port, valid_port_name,
			  "an analog handset needs the port it is plugged "
			  "into", "is not a port name");

	if (e->login || e->password || e->ha1 || e->mac)
		CONF_WARN(c, e->h, "%s: login, password, ha1 and mac do not apply "
		          "to an analog handset (ignored)", e->where);
	e->login = NULL;
	hs->has_mac = false;

	return ok;
}

/* The digest secret: a password, or its HA1 computed elsewhere. */
static bool parse_secret(struct ctx *c, const struct hs_src *e,
			 struct hs_conf *hs)
{
	if (e->password && e->ha1) {
		CONF_ERR(c, member(e, "ha1"), "%s: give either password or ha1, "
		         "not both", e->where);
		return false;
	}
	if (!e->password && !e->ha1) {
		CONF_ERR(c, e->h, "%s: a SIP handset needs a password (password "
		         "= \"...\" or ha1 = \"MD5 of login:realm:password\")",
		         e->where);
		return false;
	}
	if (e->password && !*e->password) {
		CONF_ERR(c, member(e, "password"), "%s: the password is empty",
		         e->where);
		return false;
	}
	if (e->ha1 && (strlen(e->ha1) != 32 ||
		       str_hex(hs->ha1, MD5_SIZE, e->ha1))) {
		CONF_ERR(c, member(e, "ha1"), "%s: ha1 must be 32 hex digits (MD5 "
		         "of login:realm:password)", e->where);
		return false;
	}
	if (e->login && e->password)
		auth_ha1(hs->ha1, e->login, c->cfg->realm, e->password);
	/* provisioning files carry it (prov_http.c); nothing else shows it */
	if (e->password && str_dup(&hs->password, e->password))
		return false;

	return true;
}

/* Every other model: a SIP phone with a login and a secret. */
static bool parse_sip_handset(struct ctx *c, struct hs_src *e,
			      struct hs_conf *hs)
{
	bool ok;

	if (e->port)
		CONF_WARN(c, member(e, "port"), "%s: port applies to analog "
		          "handsets only (ignored)", e->where);
	e->port = NULL;

	ok = require_name(c, e, "login", e->login, valid_token,
			  "a SIP handset needs a login", "may only contain "
			  "letters, digits and . _ - + ~ ! * ' ( )");

	if (!parse_secret(c, e, hs))
		ok = false;
	hs->has_secret = true;
	c->secrets = true;

	if (hs->model->kind == MODEL_SIP_VENDOR && !e->mac) {
		CONF_ERR(c, e->h, "%s: model \"%s\" is provisioned by MAC "
		         "address: add mac = \"...\"", e->where, e->model);
		ok = false;
	}

	return ok;
}

/* What must be unique among handsets; each clash names both places. */
static bool check_clashes(struct ctx *c, const struct hs_src *e,
			  const struct hs_conf *hs)
{
	const struct config *cfg = c->cfg;
	const struct hs_conf *other;
	char buf[MAC_STR_SIZE];
	struct pl pl;
	bool ok = true;

	pl_set_str(&pl, e->uid);
	other = config_by_uid(cfg, &pl);
	if (other) {
		CONF_ERR(c, member(e, "user_id"), "duplicate user ID \"%s\": "
		         "already used by the handset at %s:%d", e->uid, c->file,
		         other->line_uid);
		ok = false;
	}

	if (e->login) {
		pl_set_str(&pl, e->login);
		other = config_by_login(cfg, &pl);
		if (other) {
			CONF_ERR(c, member(e, "login"), "cannot use the same Login "
			         "ID on multiple phones: \"%s\" is also the Login "
			         "ID of handset %s at %s:%d", e->login,
			         other->user_id, c->file, other->line_login);
			ok = false;
		}
	}

	other = hs->has_mac ? config_by_mac(cfg, hs->mac) : NULL;
	if (other) {
		mac_format(buf, hs->mac);
		CONF_ERR(c, member(e, "mac"), "duplicate MAC address %s: already "
		         "used by handset %s at %s:%d", buf, other->user_id,
		         c->file, other->line_mac);
		ok = false;
	}

	other = e->port ? config_by_port(cfg, e->port) : NULL;
	if (other) {
		CONF_ERR(c, member(e, "port"), "two handsets on port \"%s\": "
		         "handset %s at %s:%d is already plugged into it",
		         e->port, other->user_id, c->file, other->line_port);
		ok = false;
	}

	return ok;
}

static void handset_add(struct config *cfg, struct hs_conf *hs)
{
	list_append(&cfg->handsets, &hs->le, hs);
	hash_append(cfg->ht_uid, hash_joaat_str(hs->user_id), &hs->le_uid,
		    hs);
	/* a SIP handset has a login and no port, an analog one the reverse
	 * (see parse_*_handset): one list element serves both tables */
	if (hs->login)
		hash_append(cfg->ht_login, hash_joaat_str(hs->login),
			    &hs->le_key, hs);
	else if (hs->port)
		hash_append(cfg->ht_port, hash_joaat_str(hs->port),
			    &hs->le_key, hs);
	if (hs->has_mac)
		hash_append(cfg->ht_mac, mac_hash(hs->mac), &hs->le_mac, hs);
	++cfg->handsetc;
}

static void parse_handset(struct ctx *c, const config_setting_t *h, int idx)
{
	static const char *const known[] = {
		"user_id", "model", "login", "password", "ha1", "mac",
		"port", "display_name", NULL
	};
	const config_setting_t *s;
	struct hs_src e;
	struct hs_conf *hs;
	bool ok;

	if (!config_setting_is_group(h)) {
		CONF_ERR(c, h, "handsets: entry %d must be a group "
		         "{ user_id = ...; model = ...; ... }", idx + 1);
		return;
	}

	memset(&e, 0, sizeof(e));
	e.h = h;
	re_snprintf(e.where, sizeof(e.where), "handset %d", idx + 1);
	check_keys(c, h, known, e.where);

	ok = parse_user_id(c, &e);
	if (e.uid)
		re_snprintf(e.where, sizeof(e.where), "handset %s", e.uid);

	s = get_str(c, h, "model", e.where, &e.model);
	if (!s) {
		if (!config_setting_get_member(h, "model"))
			CONF_ERR(c, h, "%s has no model", e.where);
		return;
	}

	hs = mem_zalloc(sizeof(*hs), hs_destructor);
	if (!hs)
		return;

	hs->line = conf_line(h);
	hs->line_uid = member_line(h, "user_id");
	hs->line_login = member_line(h, "login");
	hs->line_mac = member_line(h, "mac");
	hs->line_port = member_line(h, "port");
	hs->model = model_find(e.model);
	if (!hs->model) {
		CONF_ERR(c, s, "%s: unknown model \"%s\" (known models: %H)",
		         e.where, e.model, model_print_names, NULL);
		ok = false;
	}

	(void)get_str(c, h, "login", e.where, &e.login);
	(void)get_str(c, h, "password", e.where, &e.password);
	(void)get_str(c, h, "ha1", e.where, &e.ha1);
	(void)get_str(c, h, "mac", e.where, &e.mac);
	(void)get_str(c, h, "port", e.where, &e.port);
	(void)get_str(c, h, "display_name", e.where, &e.display_name);

	if (!parse_mac(c, &e, hs))
		ok = false;
	if (!parse_display_name(c, &e, hs))
		ok = false;

	if (hs->model && hs->model->kind == MODEL_ANALOG)
		ok &= parse_analog_handset(c, &e, hs);
	else if (hs->model)
		ok &= parse_sip_handset(c, &e, hs);

	if (e.uid)
		ok &= check_clashes(c, &e, hs);

	if (!ok || !e.uid || strings_alloc(hs, e.uid, e.login, e.port)) {
		mem_deref(hs);
		return;
	}

	handset_add(c->cfg, hs);
}

static void parse_handsets(struct ctx *c, const config_setting_t *s)
{
	int i, n;

	if (!s)
		return;

	if (!config_setting_is_list(s) && !config_setting_is_array(s)) {
		CONF_ERR(c, s, "\"handsets\" must be a list: handsets = ( { ... }, "
		         "{ ... } );");
		return;
	}

	n = config_setting_length(s);
	for (i = 0; i < n; i++)
		parse_handset(c, config_setting_get_elem(s, i), i);
}

static void parse_root(struct ctx *c, const config_t *lc)
{
	static const char *const known[] = {
		"sip", "registration", "auth", "state_dir", "control_socket",
		"analog", "handsets", "http", "provisioning", "ports",
		"ratelimit", "discovery",	/* config_admin.c */
		NULL
	};
	const config_setting_t *root = config_root_setting(lc);
	struct config *cfg = c->cfg;
	const char *state_dir = "/var/lib/handsetd";
	const char *control = CTRL_DEFAULT_SOCKET;
	const config_setting_t *s;

	check_keys(c, root, known, "the top level");

	s = config_setting_get_member(root, "sip");
	if (s && !config_setting_is_group(s)) {
		CONF_ERR(c, s, "\"sip\" must be a group: sip = { ... };");
		s = NULL;
	}
	parse_sip(c, s);

	s = config_setting_get_member(root, "registration");
	if (s && !config_setting_is_group(s)) {
		CONF_ERR(c, s, "\"registration\" must be a group");
		s = NULL;
	}
	parse_registration(c, s);

	s = config_setting_get_member(root, "auth");
	if (s && !config_setting_is_group(s)) {
		CONF_ERR(c, s, "\"auth\" must be a group");
		s = NULL;
	}
	parse_auth(c, s);

	s = config_setting_get_member(root, "analog");
	if (s && !config_setting_is_group(s)) {
		CONF_ERR(c, s, "\"analog\" must be a group");
		s = NULL;
	}
	parse_analog(c, s);

	s = get_str(c, root, "state_dir", "configuration", &state_dir);
	if (s && state_dir[0] != '/')
		CONF_ERR(c, s, "state_dir must be an absolute path, not \"%s\"",
		         state_dir);
	(void)str_dup(&cfg->state_dir, state_dir);

	s = get_str(c, root, "control_socket", "configuration", &control);
	if (s && control[0] != '/')
		CONF_ERR(c, s, "control_socket must be an absolute path, not "
		         "\"%s\"", control);
	else if (s && strlen(control) >= 108)
		CONF_ERR(c, s, "control_socket path is too long for a UNIX "
		         "socket");
	(void)str_dup(&cfg->control_socket, control);

	parse_handsets(c, config_setting_get_member(root, "handsets"));
	config_http_parse(&cfg->http, config_setting_get_member(root, "http"),
			  c->file, c->diag);
	/* after the page's: its connections share the open-file limit */
	config_sip_tcp_parse(cfg, config_setting_get_member(root, "sip"),
			     c->file, c->diag);
	config_prov_parse(&cfg->prov, config_setting_get_member(root,
			  "provisioning"), cfg, c->file, c->diag);
	if (config_admin_parse(&cfg->admin,
			       config_setting_get_member(root, "sip"), root,
			       c->file, c->diag))
		CONF_ERR(c, root, "out of memory");
	(void)config_ports_parse(&cfg->ports,
				 config_setting_get_member(root, "ports"),
				 c->file, c->diag);
}

static int alloc_config(struct config **cfgp, const char *name,
			uint32_t handsets)
{
	struct config *cfg;
	uint32_t bsize;
	int err;

	cfg = mem_zalloc(sizeof(*cfg), config_destructor);
	if (!cfg)
		return ENOMEM;

	list_init(&cfg->handsets);

	/* chains of a few entries cost nothing; empty buckets cost memory */
	bsize = hash_valid_size(handsets < 64 ? 16 : handsets / 4);
	err  = hash_alloc(&cfg->ht_uid, bsize);
	err |= hash_alloc(&cfg->ht_login, bsize);
	err |= hash_alloc(&cfg->ht_mac, bsize);
	err |= hash_alloc(&cfg->ht_port, 64);
	err |= str_dup(&cfg->file, name);
	if (err) {
		mem_deref(cfg);
		return ENOMEM;
	}

	*cfgp = cfg;

	return 0;
}

static int finish(struct config **cfgp, config_t *lc, const char *name,
		  struct diag *diag, bool from_file)
{
	const config_setting_t *hs;
	struct config *cfg = NULL;
	struct ctx c;
	struct stat st;
	int err;

	hs = config_lookup(lc, "handsets");
	err = alloc_config(&cfg, name,
			   hs ? (uint32_t)config_setting_length(hs) : 0);
	if (err)
		return err;

	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.diag = diag;
	c.file = name;

	parse_root(&c, lc);

	if (from_file && c.secrets && !stat(name, &st) &&
	    (st.st_mode & S_IROTH))
		diag_warning(diag, name, 0, "the file holds passwords and is "
			     "readable by other users (chmod o-r %s)", name);

	if (diag_errors(diag)) {
		mem_deref(cfg);
		return EINVAL;
	}

	*cfgp = cfg;

	return 0;
}

int config_parse(struct config **cfgp, const char *name, const char *text,
		 struct diag *diag)
{
	config_t lc;
	int err;

	if (!cfgp || !name || !text)
		return EINVAL;

	config_init(&lc);

	if (config_read_string(&lc, text) != CONFIG_TRUE) {
		diag_error(diag, name, config_error_line(&lc), "%s",
			   config_error_text(&lc));
		err = EINVAL;
		goto out;
	}

	err = finish(cfgp, &lc, name, diag, false);

 out:
	config_destroy(&lc);

	return err;
}

/* file == NULL: the default file, or the embedded defaults without it. */
int config_load(struct config **cfgp, const char *file, struct diag *diag)
{
	config_t lc;
	int err;

	if (!cfgp)
		return EINVAL;

	if (!file) {
		if (access(config_default_file, F_OK))
			return config_parse(cfgp, config_builtin_name,
					    config_default_text, diag);
		file = config_default_file;
	}

	if (access(file, R_OK)) {
		err = errno;
		diag_error(diag, file, 0, "cannot read the file: %m", err);
		return err;
	}

	config_init(&lc);

	if (config_read_file(&lc, file) != CONFIG_TRUE) {
		const char *f = config_error_file(&lc);

		diag_error(diag, f ? f : file, config_error_line(&lc), "%s",
			   config_error_text(&lc));
		err = EINVAL;
		goto out;
	}

	err = finish(cfgp, &lc, file, diag, true);

 out:
	config_destroy(&lc);

	return err;
}
