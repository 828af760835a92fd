/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The `http` block of handsetd.conf: where the Handsets page listens, its
 * TLS certificate and key, the administrators' htdigest file and the
 * limits that keep a browser from holding the registrar.  Validated like
 * the rest of the file (file:line for every problem).  The one rule that
 * makes the page safe to open: an address beyond loopback is served only
 * over TLS and only to administrators; otherwise handsetd refuses to start.
 *
 * No block at all means no page (a file written before the page existed
 * keeps working unchanged); a block without `listen` means loopback only.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "handsetd.h"
#include "config_diag.h"
#include "http.h"

enum {
	HTTP_PORT              = 8080,
	HTTPS_PORT             = 8443,
	DEF_MAX_CONNECTIONS    = 64,
	DEF_MAX_REQUEST        = 8192,
	DEF_REQUEST_TIMEOUT    = 10,
	DEF_IDLE_TIMEOUT       = 60,
	MAX_ADMINS_LINE        = 512,
};

static const char def_listen[] = "http:127.0.0.1:8080";

struct hctx {
	struct http_conf *hc;
	struct diag *diag;
	const char *file;
};

static void admin_destructor(void *arg)
{
	struct http_admin *a = arg;

	list_unlink(&a->le);
	mem_deref(a->user);
}

static void conf_destructor(void *arg)
{
	struct http_conf *hc = arg;

	list_flush(&hc->adminl);
	mem_deref(hc->certificate);
	mem_deref(hc->key);
	mem_deref(hc->admins);
	mem_deref(hc->realm);
}

int http_listen_print(struct re_printf *pf, const struct http_listen *l)
{
	return re_hprintf(pf, "%s://%J/", l->tls ? "https" : "http",
			  &l->addr);
}

/* "http:ADDRESS[:PORT]" or "https:ADDRESS[:PORT]", like sip.listen. */
static int listen_parse(struct http_listen *l, const char *str)
{
	const char *rest;
	size_t len;

	if (!strncmp(str, "https:", 6)) {
		l->tls = true;
		rest = str + 6;
	}
	else if (!strncmp(str, "http:", 5)) {
		l->tls = false;
		rest = str + 5;
	}
	else {
		return EINVAL;
	}

	len = strlen(rest);
	if (!len)
		return EINVAL;

	if (!sa_decode(&l->addr, rest, len))
		return sa_port(&l->addr) ? 0 : EINVAL;

	/* no port: "[::1]" or a bare IPv4 address */
	if (rest[0] == '[' && rest[len - 1] == ']') {
		struct pl pl = { rest + 1, len - 2 };

		return sa_set(&l->addr, &pl, l->tls ? HTTPS_PORT : HTTP_PORT);
	}

	return sa_set_str(&l->addr, rest, l->tls ? HTTPS_PORT : HTTP_PORT);
}

static void parse_listen(struct hctx *c, const config_setting_t *grp)
{
	struct http_conf *hc = c->hc;
	const config_setting_t *s;
	int i, n;

	s = grp ? config_setting_get_member(grp, "listen") : NULL;
	if (!s) {
		(void)listen_parse(&hc->listen[0], def_listen);
		hc->listenc = 1;
		return;
	}

	n = conf_list_len(s);
	if (n < 0) {
		CONF_ERR(c, s, "http: \"listen\" must be a string or a list of "
		         "strings like \"%s\"", def_listen);
		return;
	}
	if (n == 0)
		CONF_ERR(c, s, "http: \"listen\" is empty; remove the http block "
		         "to turn the page off");

	for (i = 0; i < n; i++) {
		const config_setting_t *e = conf_list_elem(s, i);
		const char *str = config_setting_get_string(e);
		struct http_listen l;
		unsigned k;

		if (!str || listen_parse(&l, str)) {
			CONF_ERR(c, e, "http.listen: \"%s\" is not "
			         "\"http:ADDRESS[:PORT]\" or "
			         "\"https:ADDRESS[:PORT]\"", str ? str : "?");
			continue;
		}

		for (k = 0; k < hc->listenc; k++) {
			if (sa_cmp(&hc->listen[k].addr, &l.addr, SA_ALL))
				break;
		}
		if (k < hc->listenc) {
			CONF_ERR(c, e, "http.listen: %J is listed twice", &l.addr);
			continue;
		}
		if (hc->listenc == HTTP_MAX_LISTEN) {
			CONF_ERR(c, e, "http.listen: at most %u addresses",
			         HTTP_MAX_LISTEN);
			break;
		}
		hc->listen[hc->listenc++] = l;
	}
}

/* An absolute path the daemon can read. */
static const config_setting_t *get_path(struct hctx *c,
					const config_setting_t *grp,
					const char *key, char **val)
{
	const config_setting_t *s;
	const char *str = conf_abs_path(c->diag, c->file, grp, "http", key,
					&s);

	if (!str)
		return NULL;
	if (access(str, R_OK)) {
		CONF_ERR(c, s, "http: %s \"%s\": %m", key, str, errno);
		return NULL;
	}

	(void)str_dup(val, str);

	return s;
}

/* "user:realm:hash" with the line end stripped; pl's point into line. */
static int htdigest_split(char *line, struct pl *user, struct pl *realm,
			  struct pl *hex)
{
	char *c1, *c2;
	size_t n, i;

	n = strcspn(line, "\r\n");
	line[n] = '\0';

	c1 = strchr(line, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c1 || !c2 || c1 == line || c2 == c1 + 1 ||
	    strlen(c2 + 1) != 2 * MD5_SIZE)
		return EINVAL;

	for (i = 0; i < 2 * MD5_SIZE; i++) {
		if (!isxdigit((unsigned char)c2[1 + i]))
			return EINVAL;
	}

	user->p = line;
	user->l = (size_t)(c1 - line);
	realm->p = c1 + 1;
	realm->l = (size_t)(c2 - c1 - 1);
	pl_set_str(hex, c2 + 1);

	return 0;
}

/*
 * The htdigest file: "user:realm:MD5(user:realm:password)" per line, as
 * Apache's htdigest writes it.  Entries for other realms are skipped with
 * a warning: their hashes cannot match this realm's challenges.
 */
static void load_admins(struct hctx *c, const config_setting_t *s)
{
	struct http_conf *hc = c->hc;
	char line[MAX_ADMINS_LINE];
	const char *path = hc->admins;
	struct stat st;
	unsigned n = 0;
	int lineno = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		CONF_ERR(c, s, "http: admins \"%s\": %m", path, errno);
		return;
	}

	if (!fstat(fileno(f), &st) && (st.st_mode & S_IROTH))
		diag_warning(c->diag, path, 0, "the administrators' password "
			     "hashes are readable by other users (chmod o-r "
			     "%s)", path);

	while (fgets(line, sizeof(line), f)) {
		struct pl user, realm, hex;
		struct http_admin *a;

		++lineno;
		if (line[0] == '\n' || line[0] == '#')
			continue;

		if (htdigest_split(line, &user, &realm, &hex)) {
			diag_error(c->diag, path, lineno, "not an htdigest "
				   "line (user:realm:32 hex digits)");
			continue;
		}

		if (pl_strcmp(&realm, hc->realm)) {
			diag_warning(c->diag, path, lineno, "realm \"%r\" is "
				     "not http.realm \"%s\" (entry ignored)",
				     &realm, hc->realm);
			continue;
		}

		if (http_conf_admin(hc, &user)) {
			diag_error(c->diag, path, lineno, "administrator "
				   "\"%r\" is listed twice", &user);
			continue;
		}

		a = mem_zalloc(sizeof(*a), admin_destructor);
		if (!a || pl_strdup(&a->user, &user) ||
		    str_hex(a->ha1, MD5_SIZE, hex.p)) {
			mem_deref(a);
			diag_error(c->diag, path, lineno, "out of memory");
			break;
		}
		list_append(&hc->adminl, &a->le, a);
		++n;
	}

	(void)fclose(f);

	if (!n)
		CONF_ERR(c, s, "http: admins \"%s\" has no administrator for realm "
		         "\"%s\"", path, hc->realm);
}

/*
 * Digest users of another path (provisioning.credentials): an http_conf
 * holding only realm, admins and their entries, so http_auth.c checks
 * them as it checks administrators.  Problems name the file and line.
 */
void http_conf_htdigest(struct http_conf **hcp, const char *path,
			const char *realm, const char *file,
			struct diag *diag)
{
	struct http_conf *hc;
	struct hctx c;

	*hcp = NULL;
	hc = mem_zalloc(sizeof(*hc), conf_destructor);
	if (!hc || str_dup(&hc->admins, path) || str_dup(&hc->realm, realm)) {
		mem_deref(hc);
		diag_error(diag, file, 0, "out of memory");
		return;
	}

	c.hc = hc;
	c.diag = diag;
	c.file = file;
	load_admins(&c, NULL);

	*hcp = hc;
}

/* The rule of the page's security model, checked per address. */
static void check_exposure(struct hctx *c, const config_setting_t *grp)
{
	struct http_conf *hc = c->hc;
	const config_setting_t *s;
	unsigned i;

	s = grp ? config_setting_get_member(grp, "listen") : NULL;
	if (!s)
		s = grp;

	for (i = 0; i < hc->listenc; i++) {
		const struct http_listen *l = &hc->listen[i];

		if (sa_is_loopback(&l->addr))
			continue;

		if (!l->tls)
			CONF_ERR(c, s, "http.listen: %H is beyond loopback: there "
			         "the page is served only over https (with "
			         "certificate and key)", http_listen_print, l);
		if (!hc->admins)
			CONF_ERR(c, s, "http.listen: %H is beyond loopback: that "
			         "needs administrators' credentials (http.admins, "
			         "an htdigest file)", http_listen_print, l);
	}
}

void config_http_parse(struct http_conf **hcp, const config_setting_t *grp,
		       const char *file, struct diag *diag)
{
	static const char *const known[] = {
		"listen", "certificate", "key", "admins", "realm",
		"max_connections", "max_request", "request_timeout",
		"idle_timeout", NULL
	};
	const config_setting_t *s, *adm;
	struct http_conf *hc;
	struct hctx c;
	bool tls = false;
	const char *realm = "handsetd";
	unsigned i;
	int n, k;

	if (!hcp)
		return;
	*hcp = NULL;
	if (!grp)
		return;

	hc = mem_zalloc(sizeof(*hc), conf_destructor);
	if (!hc) {
		diag_error(diag, file, 0, "out of memory");
		return;
	}

	c.hc = hc;
	c.diag = diag;
	c.file = file;

	if (!config_setting_is_group(grp)) {
		CONF_ERR(&c, grp, "\"http\" must be a group: http = { ... };");
		goto out;
	}

	n = config_setting_length(grp);
	for (k = 0; k < n; k++) {
		const config_setting_t *e = config_setting_get_elem(grp, k);
		const char *name = config_setting_name(e);

		for (i = 0; known[i]; i++) {
			if (name && !strcmp(name, known[i]))
				break;
		}
		if (!known[i])
			CONF_WARN(&c, e, "unknown key \"%s\" in http (ignored)",
			          name ? name : "?");
	}

	hc->max_connections = DEF_MAX_CONNECTIONS;
	hc->max_request = DEF_MAX_REQUEST;
	hc->request_timeout = DEF_REQUEST_TIMEOUT;
	hc->idle_timeout = DEF_IDLE_TIMEOUT;

	parse_listen(&c, grp);
	for (i = 0; i < hc->listenc; i++)
		tls |= hc->listen[i].tls;

	s = config_setting_get_member(grp, "realm");
	if (s) {
		realm = config_setting_get_string(s);
		if (!realm || !*realm || strchr(realm, '"') ||
		    strchr(realm, '\\') || strchr(realm, ':')) {
			CONF_ERR(&c, s, "http: \"realm\" must be a non-empty "
			         "string without quotes, backslashes or colons");
			realm = "handsetd";
		}
	}
	(void)str_dup(&hc->realm, realm);

	s = get_path(&c, grp, "certificate", &hc->certificate);
	(void)get_path(&c, grp, "key", &hc->key);
	if (tls && !hc->certificate && !s)
		CONF_ERR(&c, grp, "http: an https address needs \"certificate\" "
		         "(and \"key\", unless the certificate file holds it)");
	if (hc->key && !hc->certificate)
		CONF_WARN(&c, grp, "http: \"key\" without \"certificate\" "
		          "(ignored)");

	adm = get_path(&c, grp, "admins", &hc->admins);
	if (hc->admins)
		load_admins(&c, adm);

	conf_u32(c.diag, c.file, grp, "http", "max_connections", &hc->max_connections, 1, 10000);
	conf_u32(c.diag, c.file, grp, "http", "max_request", &hc->max_request, 1024, 65536);
	conf_u32(c.diag, c.file, grp, "http", "request_timeout", &hc->request_timeout, 1, 300);
	conf_u32(c.diag, c.file, grp, "http", "idle_timeout", &hc->idle_timeout, 1, 3600);

	check_exposure(&c, grp);

 out:
	*hcp = hc;
}

const struct http_admin *http_conf_admin(const struct http_conf *hc,
					 const struct pl *user)
{
	struct le *le;

	if (!hc || !user)
		return NULL;

	for (le = hc->adminl.head; le; le = le->next) {
		const struct http_admin *a = le->data;

		if (!pl_strcmp(user, a->user))
			return a;
	}

	return NULL;
}
