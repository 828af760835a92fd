/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vendor families handsetd provisions, the file names their phones ask
 * for, and the templates those files are rendered from.
 *
 * A template is the vendor's file with {{field}} where a value of the
 * handset goes and {{! comment }} for notes that are not served.  The
 * format lives in the template file, never in a C format string: the
 * values are substituted as data, escaped for XML families, and refused
 * for text families when they hold a line break (which would add keys).
 * Unknown field names are configuration errors, named with file and line,
 * so a typo in an override fails at `handsetd -n`, not at a phone.
 */
#include <string.h>
#include <strings.h>
#include "handsetd.h"
#include "prov.h"

/*
 * File names from the vendors' administrator guides (docs/provisioning.md
 * cites them): the MAC is 12 hex digits, matched in either case.
 */
static const struct prov_family families[] = {
	{ "yealink", PROV_FMT_TEXT, {
		{ "", ".cfg", "yealink.cfg.tmpl", "yealink-common.cfg.tmpl",
		  0, true },
		{ "y0000000000", ".cfg", "yealink-common.cfg.tmpl", NULL, 2,
		  false },
	} },
	{ "polycom", PROV_FMT_XML, {
		{ "", "-phone.cfg", "polycom-phone.cfg.tmpl",
		  "polycom-noaccount.cfg.tmpl", 0, true },
		{ "", ".cfg", "polycom-master.cfg.tmpl",
		  "polycom-master.cfg.tmpl", 0, true },
		{ "000000000000.cfg", "", "polycom-master.cfg.tmpl", NULL, 0,
		  false },
	} },
	{ "snom", PROV_FMT_XML, {
		{ "", ".xml", "snom.xml.tmpl", "snom-noaccount.xml.tmpl", 0,
		  true },
	} },
	{ "grandstream", PROV_FMT_XML, {
		{ "cfg", ".xml", "grandstream.xml.tmpl",
		  "grandstream-noaccount.xml.tmpl", 0, true },
	} },
	{ "fanvil", PROV_FMT_TEXT, {
		{ "", ".cfg", "fanvil.cfg.tmpl", "fanvil-noaccount.cfg.tmpl", 0,
		  true },
	} },
	{ "cisco-spa", PROV_FMT_XML, {
		{ "spa", ".xml", "cisco-spa.xml.tmpl",
		  "cisco-spa-noaccount.xml.tmpl", 0, true },
	} },
};

static const char *const field_names[PF_COUNT] = {
	[PF_USER_ID]           = "user_id",
	[PF_DISPLAY_NAME]      = "display_name",
	[PF_LOGIN]             = "login",
	[PF_PASSWORD]          = "password",
	[PF_MAC]               = "mac",
	[PF_REGISTRAR]         = "registrar",
	[PF_REGISTRAR_PORT]    = "registrar_port",
	[PF_TRANSPORT]         = "transport",
	[PF_TRANSPORT_UPPER]   = "TRANSPORT",
	[PF_TRANSPORT_NUM]     = "transport_num",
	[PF_TRANSPORT_POLYCOM] = "transport_polycom",
	[PF_PROV_URL]          = "prov_url",
	[PF_PROV_URL_HOSTPATH] = "prov_url_hostpath",
	[PF_REALM]             = "realm",
	[PF_TZ_NAME]              = "tz_name",
	[PF_TZ_POSIX]             = "tz_posix",
	[PF_TZ_OFFSET]            = "tz_offset",
	[PF_TZ_OFFSET_SECONDS]    = "tz_offset_seconds",
	[PF_TZ_GMT]               = "tz_gmt",
	[PF_TZ_DST]               = "tz_dst",
	[PF_TZ_DST_YES_NO]        = "tz_dst_yes_no",
	[PF_TZ_DST_MINUTES]       = "tz_dst_minutes",
	[PF_TZ_DST_START_YEALINK] = "tz_dst_start_yealink",
	[PF_TZ_DST_END_YEALINK]   = "tz_dst_end_yealink",
	[PF_TZ_DST_RULE_SPA]      = "tz_dst_rule_spa",
	[PF_TZ_DST_START_MONTH]   = "tz_dst_start_month",
	[PF_TZ_DST_START_DATE]    = "tz_dst_start_date",
	[PF_TZ_DST_START_WDAY]    = "tz_dst_start_wday",
	[PF_TZ_DST_START_LAST]    = "tz_dst_start_last",
	[PF_TZ_DST_START_HOUR]    = "tz_dst_start_hour",
	[PF_TZ_DST_END_MONTH]     = "tz_dst_end_month",
	[PF_TZ_DST_END_DATE]      = "tz_dst_end_date",
	[PF_TZ_DST_END_WDAY]      = "tz_dst_end_wday",
	[PF_TZ_DST_END_LAST]      = "tz_dst_end_last",
	[PF_TZ_DST_END_HOUR]      = "tz_dst_end_hour",
};

enum { TMPL_MAX = 64 * 1024 };

struct prov_tmpl {
	char *path;
	char *text;
	size_t len;
};

const struct prov_family *prov_family_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		if (!strcmp(families[i].name, name))
			return &families[i];
	}

	return NULL;
}

const struct prov_family *prov_family_at(size_t i)
{
	return i < ARRAY_SIZE(families) ? &families[i] : NULL;
}

/*
 * Does name (already one plain segment) fit f?  For a per-MAC file, mac
 * gets the MAC it names.
 */
bool prov_file_match(const struct prov_file *f, const char *name,
		     uint8_t mac[MAC_LEN])
{
	size_t n = strlen(name), lp, ls, mid, i;

	if (!f->tmpl)
		return false;

	lp = strlen(f->prefix);
	ls = strlen(f->suffix);
	mid = f->per_mac ? 2 * MAC_LEN : f->wild;

	if (n != lp + mid + ls || strncasecmp(name, f->prefix, lp) ||
	    strcasecmp(name + lp + mid, f->suffix))
		return false;

	for (i = 0; i < mid; i++) {
		char ch = name[lp + i];

		if (f->per_mac ? hex_digit(ch) < 0 :
		    !(isdigit((unsigned char)ch) ||
		      (ch >= 'a' && ch <= 'z')))
			return false;
	}

	if (f->per_mac && mac) {
		for (i = 0; i < MAC_LEN; i++)
			mac[i] = (uint8_t)(hex_digit(name[lp + 2 * i]) << 4 |
					   hex_digit(name[lp + 2 * i + 1]));
	}

	return true;
}

/* What a {{...}} is when it is no field */
enum { TAG_UNKNOWN = -1, TAG_UNCLOSED = -2, TAG_COMMENT = -3 };

static int field_find(const char *p, size_t n)
{
	int i;

	for (i = 0; i < PF_COUNT; i++) {
		if (strlen(field_names[i]) == n &&
		    !memcmp(field_names[i], p, n))
			return i;
	}

	return TAG_UNKNOWN;
}

/*
 * Walks the {{...}} of a template: th gets each field's index, or TAG_*
 * for what is no field; lh the text between.
 */
typedef int (tag_h)(int field, const char *tag, size_t n, size_t line,
		    void *arg);
typedef int (lit_h)(const char *p, size_t n, void *arg);

static int walk(const char *text, size_t len, tag_h *th, lit_h *lh,
		void *arg)
{
	const char *p = text, *end = text + len;
	size_t line = 1;
	int err = 0;

	while (p < end && !err) {
		const char *o = memmem(p, (size_t)(end - p), "{{", 2);
		const char *c;
		size_t i;

		if (!o) {
			err = lh(p, (size_t)(end - p), arg);
			break;
		}
		for (i = 0; p + i < o; i++)
			line += p[i] == '\n';
		err = lh(p, (size_t)(o - p), arg);
		if (err)
			break;

		c = memmem(o + 2, (size_t)(end - o - 2), "}}", 2);
		if (!c)
			return th(TAG_UNCLOSED, o, (size_t)(end - o), line,
				  arg);

		if (o[2] == '!') {
			err = th(TAG_COMMENT, o + 2, (size_t)(c - o - 2), line,
				 arg);
			for (i = 0; o + i < c; i++)
				line += o[i] == '\n';
			p = c + 2;
			/* a comment on its own line leaves no empty line */
			if (p < end && *p == '\n' && (o == text ||
						      o[-1] == '\n')) {
				++p;
				++line;
			}
			continue;
		}

		err = th(field_find(o + 2, (size_t)(c - o - 2)), o + 2,
			 (size_t)(c - o - 2), line, arg);
		p = c + 2;
	}

	return err;
}

struct check_ctx {
	const char *path;
	struct diag *diag;
	unsigned bad;
};

static int check_tag(int field, const char *tag, size_t n, size_t line,
		     void *arg)
{
	struct check_ctx *cc = arg;

	if (field == TAG_UNCLOSED) {
		diag_error(cc->diag, cc->path, (int)line, "\"{{\" without "
			   "\"}}\"");
		++cc->bad;
	}
	else if (field == TAG_COMMENT && memmem(tag, n, "{{", 2)) {
		diag_error(cc->diag, cc->path, (int)line, "a comment holds "
			   "\"{{\"");
		++cc->bad;
	}
	else if (field == TAG_UNKNOWN) {
		diag_error(cc->diag, cc->path, (int)line, "unknown field "
			   "\"{{%b}}\"", tag, n > 40 ? (size_t)40 : n);
		++cc->bad;
	}

	return 0;
}

static int check_lit(const char *p, size_t n, void *arg)
{
	(void)p;
	(void)n;
	(void)arg;

	return 0;
}

static void tmpl_destructor(void *arg)
{
	struct prov_tmpl *t = arg;

	mem_deref(t->path);
	mem_deref(t->text);
}

/*
 * Loads and checks one template.  ENOENT (no message) when the file is
 * not there: the caller tries the next directory.
 */
int prov_tmpl_load(struct prov_tmpl **tp, const char *path,
		   struct diag *diag)
{
	struct check_ctx cc = { path, diag, 0 };
	struct prov_tmpl *t;
	struct mbuf *mb = NULL;
	FILE *f;
	int err = 0;

	f = fopen(path, "r");
	if (!f)
		return errno;

	mb = mbuf_alloc(4096);
	if (!mb) {
		err = ENOMEM;
		goto out;
	}
	for (;;) {
		uint8_t buf[4096];
		size_t n = fread(buf, 1, sizeof(buf), f);

		if (!n)
			break;
		if (mb->end + n > TMPL_MAX) {
			diag_error(diag, path, 0, "template larger than %u "
				   "bytes", TMPL_MAX);
			err = EFBIG;
			goto out;
		}
		err = mbuf_write_mem(mb, buf, n);
		if (err)
			goto out;
	}
	if (ferror(f)) {
		err = EIO;
		diag_error(diag, path, 0, "cannot read the template");
		goto out;
	}

	t = mem_zalloc(sizeof(*t), tmpl_destructor);
	if (!t) {
		err = ENOMEM;
		goto out;
	}
	t->len = mb->end;
	err  = str_dup(&t->path, path);
	mb->pos = 0;
	err |= mbuf_strdup(mb, &t->text, mb->end);
	if (err) {
		mem_deref(t);
		goto out;
	}

	(void)walk(t->text, t->len, check_tag, check_lit, &cc);
	if (cc.bad) {
		mem_deref(t);
		err = EINVAL;
		goto out;
	}

	*tp = t;

 out:
	mem_deref(mb);
	fclose(f);

	return err;
}

const char *prov_tmpl_path(const struct prov_tmpl *t)
{
	return t ? t->path : NULL;
}

struct render_ctx {
	struct mbuf *mb;
	enum prov_fmt fmt;
	const struct prov_vals *vals;
	const char *why;
};

static int xml_escape(struct mbuf *mb, const char *s)
{
	int err = 0;

	for (; *s && !err; s++) {
		switch (*s) {

		case '&':  err = mbuf_write_str(mb, "&amp;");  break;
		case '<':  err = mbuf_write_str(mb, "&lt;");   break;
		case '>':  err = mbuf_write_str(mb, "&gt;");   break;
		case '"':  err = mbuf_write_str(mb, "&quot;"); break;
		case '\'': err = mbuf_write_str(mb, "&apos;"); break;
		default:
			/* XML 1.0 has no way to write these at all */
			if ((unsigned char)*s < 0x20 && *s != '\t')
				return EBADMSG;
			err = mbuf_write_u8(mb, (uint8_t)*s);
			break;
		}
	}

	return err;
}

static int render_tag(int field, const char *tag, size_t n, size_t line,
		      void *arg)
{
	struct render_ctx *rc = arg;
	const char *v;
	int err;

	(void)tag;
	(void)n;
	(void)line;

	if (field == TAG_COMMENT)
		return 0;
	if (field < 0) {
		rc->why = "malformed template";
		return EINVAL;
	}

	v = rc->vals->v[field];
	if (!v) {
		rc->why = "the template names a field this file cannot have";
		return EINVAL;
	}

	if (rc->fmt == PROV_FMT_XML) {
		err = xml_escape(rc->mb, v);
		if (err == EBADMSG)
			rc->why = "a value holds a control character";
		return err;
	}

	if (strpbrk(v, "\r\n")) {
		rc->why = "a value holds a line break";
		return EBADMSG;
	}

	return mbuf_write_str(rc->mb, v);
}

static int render_lit(const char *p, size_t n, void *arg)
{
	struct render_ctx *rc = arg;

	return mbuf_write_mem(rc->mb, (const uint8_t *)p, n);
}

/* The file for vals; why says what was wrong when it cannot be made. */
int prov_render(struct mbuf *mb, const struct prov_tmpl *t,
		enum prov_fmt fmt, const struct prov_vals *vals,
		const char **why)
{
	struct render_ctx rc = { mb, fmt, vals, NULL };
	int err;

	if (!mb || !t || !vals)
		return EINVAL;

	err = walk(t->text, t->len, render_tag, render_lit, &rc);
	if (err && why)
		*why = rc.why ? rc.why : "out of memory";

	return err;
}
