/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Provisioning without a network: which names are which family's files
 * (MACs in either case, nothing else), templates rendered by field name
 * with XML escaping and line breaks refused in text formats, template
 * errors named with file and line, every installed template loading, every
 * model mapped to a family or to none, and the allow-list networks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "handsetd.h"
#include "prov.h"
#include "tap.h"

static char dir[] = "/tmp/test_prov.XXXXXX";

static int write_tmpl(struct prov_tmpl **tp, struct diag *d,
		      const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/t.tmpl", dir);
	f = fopen(path, "w");
	if (!f)
		return errno;
	fputs(text, f);
	fclose(f);

	return prov_tmpl_load(tp, path, d);
}

static bool renders(const char *text, enum prov_fmt fmt,
		    const struct prov_vals *v, const char *want)
{
	struct prov_tmpl *t = NULL;
	struct diag *d = NULL;
	struct mbuf *mb = mbuf_alloc(256);
	const char *why = NULL;
	bool ok = false;

	if (!mb || diag_alloc(&d) || write_tmpl(&t, d, text))
		goto out;
	if (prov_render(mb, t, fmt, v, &why))
		ok = want == NULL;
	else
		ok = want && mb->end == strlen(want) &&
			!memcmp(mb->buf, want, mb->end);
	if (!ok)
		printf("# got \"%.*s\" (%s)\n", (int)mb->end, mb->buf,
		       why ? why : "rendered");
 out:
	mem_deref(t);
	mem_deref(d);
	mem_deref(mb);

	return ok;
}

static void test_names(void)
{
	const struct prov_family *y = prov_family_find("yealink");
	const struct prov_family *g = prov_family_find("grandstream");
	const struct prov_family *p = prov_family_find("polycom");
	uint8_t mac[MAC_LEN];
	static const uint8_t want[MAC_LEN] = {
		0x00, 0x15, 0x65, 0xab, 0xcd, 0xef
	};

	ok(y && g && p && prov_family_find("snom") &&
	   prov_family_find("fanvil") && prov_family_find("cisco-spa"),
	   "the six families exist");
	ok(!prov_family_find("nokia"), "an unknown family is none");

	ok(prov_file_match(&y->files[0], "001565abcdef.cfg", mac) &&
	   !memcmp(mac, want, MAC_LEN), "yealink <mac>.cfg gives the MAC");
	ok(prov_file_match(&y->files[0], "001565ABCDEF.CFG", mac) &&
	   !memcmp(mac, want, MAC_LEN), "upper case is the same file");
	ok(!prov_file_match(&y->files[0], "00:15:65:ab:cd:ef.cfg", mac),
	   "a MAC with colons is no file name");
	ok(!prov_file_match(&y->files[0], "001565abcdeg.cfg", mac),
	   "a non-hex digit is no MAC");
	ok(!prov_file_match(&y->files[0], "001565abcde.cfg", mac) &&
	   !prov_file_match(&y->files[0], "001565abcdef0.cfg", mac),
	   "11 or 13 digits are no MAC");
	ok(prov_file_match(&y->files[1], "y000000000028.cfg", NULL) &&
	   !prov_file_match(&y->files[1], "y0000000000.cfg", NULL),
	   "yealink's common file has two model characters");
	ok(prov_file_match(&g->files[0], "cfg001565abcdef.xml", mac) &&
	   !prov_file_match(&g->files[0], "cfg001565abcdef", mac),
	   "grandstream cfg<mac>.xml, not the binary cfg<mac>");
	ok(prov_file_match(&p->files[0], "0004f2000001-phone.cfg", mac) &&
	   prov_file_match(&p->files[2], "000000000000.cfg", NULL),
	   "polycom <mac>-phone.cfg and 000000000000.cfg");
}

static void test_render(void)
{
	struct prov_vals v;

	memset(&v, 0, sizeof(v));
	v.v[PF_USER_ID] = "101";
	v.v[PF_PASSWORD] = "a<b>&\"c'";
	v.v[PF_PROV_URL] = "http://x/prov/";

	ok(renders("u={{user_id}} p={{password}}\n", PROV_FMT_TEXT, &v,
		   "u=101 p=a<b>&\"c'\n"),
	   "text: fields replaced by name, values as they are");
	ok(renders("<p a=\"{{password}}\">{{password}}</p>", PROV_FMT_XML,
		   &v, "<p a=\"a&lt;b&gt;&amp;&quot;c&apos;\">"
		   "a&lt;b&gt;&amp;&quot;c&apos;</p>"),
	   "XML: values escaped in attributes and text");
	ok(renders("{{! a note }}\nx={{user_id}}\n{{! another }}",
		   PROV_FMT_TEXT, &v, "x=101\n"), "comments are not served");
	ok(renders("%s %n {{user_id}}", PROV_FMT_TEXT, &v, "%s %n 101"),
	   "format characters in a template are plain text");
	ok(renders("{{login}}", PROV_FMT_TEXT, &v, NULL),
	   "a field this file does not have: not rendered");

	v.v[PF_PASSWORD] = "x\naccount.2.enable = 1";
	ok(renders("p={{password}}\n", PROV_FMT_TEXT, &v, NULL),
	   "text: a value with a line break is refused");
	v.v[PF_PASSWORD] = "x\001y";
	ok(renders("<p>{{password}}</p>", PROV_FMT_XML, &v, NULL),
	   "XML: a control character is refused");
}

static void test_load_errors(void)
{
	struct prov_tmpl *t = NULL;
	struct diag *d = NULL;
	struct mbuf *mb = mbuf_alloc(512);
	char out[512] = "";

	if (!mb || diag_alloc(&d)) {
		ok(false, "diag");
		goto out;
	}
	ok(write_tmpl(&t, d, "a\nb={{pasword}}\nc={{user_id}}\n{{x") ==
	   EINVAL, "a template with an unknown field is refused");
	(void)mbuf_printf(mb, "%H", diag_print, d);
	(void)mbuf_write_u8(mb, 0);
	str_ncpy(out, (char *)mb->buf, sizeof(out));
	ok(strstr(out, "t.tmpl:2: ") && strstr(out, "{{pasword}}"),
	   "the error names the file, line 2 and the field");
	ok(strstr(out, "t.tmpl:4: ") != NULL, "an unclosed {{ on line 4");
	ok(diag_errors(d) == 2, "two errors (%u)", diag_errors(d));
 out:
	mem_deref(t);
	mem_deref(d);
	mem_deref(mb);
}

/* The repository's templates, from the project root (tests/run) or from
 * userspace/tests (make check). */
static const char *tmpl_dir(void)
{
	static const char *const dirs[] = { "userspace/prov", "../prov" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/yealink.cfg.tmpl", dirs[i]);
		if (!access(path, R_OK))
			return dirs[i];
	}

	return dirs[0];
}

static void test_installed(void)
{
	const char *tdir = tmpl_dir();
	const struct prov_family *fam;
	size_t i, k;

	for (i = 0; (fam = prov_family_at(i)); i++) {
		for (k = 0; k < 2 * ARRAY_SIZE(fam->files); k++) {
			const struct prov_file *f = &fam->files[k / 2];
			const char *name = k % 2 ? f->noacct : f->tmpl;
			struct prov_tmpl *t = NULL;
			struct diag *d = NULL;
			char path[256];

			if (!name)
				continue;
			/* a per-MAC file has one for MACs with no account */
			if (k % 2 == 0 && f->tmpl && f->per_mac)
				ok(f->noacct != NULL, "%s has a file without "
				   "an account", f->tmpl);
			snprintf(path, sizeof(path), "%s/%s", tdir, name);
			(void)diag_alloc(&d);
			ok(!prov_tmpl_load(&t, path, d) && !diag_errors(d),
			   "installed template %s loads", path);
			mem_deref(t);
			mem_deref(d);
		}
	}
}

static void test_models(void)
{
	static const char *const names[] = {
		"generic-sip", "analog", "yealink-t46", "polycom-vvx410",
		"snom-d785", "grandstream-ht802", "cisco-spa504g",
		"fanvil-x4u",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct model *m = model_find(names[i]);

		ok(m && (m->prov ? prov_family_find(m->prov) != NULL :
			 m->kind != MODEL_SIP_VENDOR),
		   "model %s: a family (%s) or, not a vendor model, none",
		   names[i], m && m->prov ? m->prov : "none");
	}
}

static void test_nets(void)
{
	struct prov_net n;
	struct sa a;

	ok(!prov_net_parse(&n, "192.168.1.0/24") && n.bits == 24,
	   "192.168.1.0/24 parses");
	(void)sa_set_str(&a, "192.168.1.77", 5060);
	ok(prov_net_contains(&n, &a), "192.168.1.77 is inside");
	(void)sa_set_str(&a, "192.168.2.1", 5060);
	ok(!prov_net_contains(&n, &a), "192.168.2.1 is outside");
	(void)sa_set_str(&a, "::ffff:192.168.1.9", 80);
	ok(prov_net_contains(&n, &a), "a v4-mapped client is inside");
	ok(!prov_net_parse(&n, "10.0.0.0/20") && n.bits == 20,
	   "a /20 parses");
	(void)sa_set_str(&a, "10.0.15.255", 0);
	ok(prov_net_contains(&n, &a), "10.0.15.255 is inside 10.0.0.0/20");
	(void)sa_set_str(&a, "10.0.16.0", 0);
	ok(!prov_net_contains(&n, &a), "10.0.16.0 is not");
	ok(prov_net_parse(&n, "10.0.0.0/33") && prov_net_parse(&n, "x/8") &&
	   prov_net_parse(&n, "10.0.0.0/") && prov_net_parse(&n, "fd00::/129"),
	   "bad networks are refused");
	ok(!prov_net_parse(&n, "fd00::/8"), "fd00::/8 parses");
}

/* The vendors' forms of a POSIX rule, and zones read from the tz files. */
static void test_tz(void)
{
	struct prov_tz tz;
	struct prov_tz_text t;
	char why[256];

	ok(!prov_tz_parse_posix(&tz, "CET-1CEST,M3.5.0,M10.5.0/3"),
	   "CET rule parses");
	prov_tz_fields(&tz, &t);
	ok(!strcmp(t.offset, "+1") && !strcmp(t.offset_seconds, "3600") &&
	   !strcmp(t.gmt, "GMT+01:00"), "CET: +1, 3600 s, GMT+01:00 (%s %s %s)",
	   t.offset, t.offset_seconds, t.gmt);
	ok(!strcmp(t.dst, "1") && !strcmp(t.dst_minutes, "60") &&
	   !strcmp(t.yealink[0], "3/5/7/2") &&
	   !strcmp(t.yealink[1], "10/5/7/3"),
	   "CET DST: last Sunday of March 02:00 to October 03:00 (%s %s)",
	   t.yealink[0], t.yealink[1]);
	ok(!strcmp(t.spa_rule, "start=3/-1/7/2;end=10/-1/7/3;save=1"),
	   "CET for Cisco SPA: %s", t.spa_rule);
	ok(!strcmp(t.month[0], "3") && !strcmp(t.wday[0], "1") &&
	   !strcmp(t.last[0], "1") && !strcmp(t.hour[1], "3"),
	   "CET for Polycom: month 3, Sunday is 1, last in month");

	ok(!prov_tz_parse_posix(&tz, "EST5EDT,M3.2.0,M11.1.0"),
	   "US Eastern rule parses");
	prov_tz_fields(&tz, &t);
	ok(!strcmp(t.offset, "-5") && !strcmp(t.offset_seconds, "-18000") &&
	   !strcmp(t.gmt, "GMT-05:00"), "EST: -5 (%s %s)", t.offset, t.gmt);
	ok(!strcmp(t.yealink[0], "3/2/7/2") && !strcmp(t.yealink[1],
	   "11/1/7/2") && !strcmp(t.spa[0], "3/8/7/2") &&
	   !strcmp(t.date[0], "8") && !strcmp(t.last[0], "0"),
	   "EST DST: second Sunday of March (%s, SPA %s)", t.yealink[0],
	   t.spa[0]);

	ok(!prov_tz_parse_posix(&tz, "IST-5:30"), "India parses");
	prov_tz_fields(&tz, &t);
	ok(!strcmp(t.offset, "+5:30") && !strcmp(t.gmt, "GMT+05:30") &&
	   !strcmp(t.dst, "0") && !*t.yealink[0],
	   "India: +5:30 and no DST (%s)", t.offset);
	ok(!prov_tz_parse_posix(&tz, "<-03>3"), "a quoted abbreviation parses");
	prov_tz_fields(&tz, &t);
	ok(!strcmp(t.offset, "-3"), "<-03>3 is -3 (%s)", t.offset);
	ok(prov_tz_parse_posix(&tz, "XXX-1YYY,J60,J300") == ENOTSUP,
	   "a Julian-day rule has no vendor form");
	ok(prov_tz_parse_posix(&tz, "CET-1CEST,M3.5.0/2:30,M10.5.0/3") ==
	   ENOTSUP, "a change at half past has no vendor form");
	ok(prov_tz_parse_posix(&tz, "CET-1CEST") == ENOTSUP,
	   "DST without a rule is refused");
	ok(prov_tz_parse_posix(&tz, "C") == EINVAL, "garbage is refused");

	/* from the tz database the box has (package tzdata) */
	ok(!prov_tz_load(&tz, "Europe/Berlin", why, sizeof(why)) &&
	   !strcmp(tz.posix, "CET-1CEST,M3.5.0,M10.5.0/3"),
	   "Europe/Berlin from its zone file: %s", tz.posix);
	ok(!prov_tz_load(&tz, "Australia/Sydney", why, sizeof(why)) &&
	   tz.dst && tz.start.month == 10 && tz.end.month == 4,
	   "Australia/Sydney: DST from October to April");
	ok(prov_tz_load(&tz, "Mars/Olympus", why, sizeof(why)) == ENOENT &&
	   strstr(why, "no time zone \"Mars/Olympus\""), "unknown zone: %s",
	   why);
	ok(prov_tz_load(&tz, "../../etc/passwd", why, sizeof(why)) ==
	   EINVAL, "a path is no zone name: %s", why);
	ok(prov_tz_load(&tz, "Europe", why, sizeof(why)) != 0,
	   "a directory is no zone: %s", why);
	ok(!prov_tz_load(&tz, NULL, why, sizeof(why)) && *tz.name,
	   "the box's own zone loads: %s (%s)", tz.name, tz.posix);
}

int main(void)
{
	char path[128];

	if (!mkdtemp(dir)) {
		ok(false, "temp directory");
		return tap_done();
	}

	test_names();
	test_render();
	test_load_errors();
	test_installed();
	test_models();
	test_nets();
	test_tz();

	snprintf(path, sizeof(path), "%s/t.tmpl", dir);
	(void)unlink(path);
	(void)rmdir(dir);

	return tap_done();
}
