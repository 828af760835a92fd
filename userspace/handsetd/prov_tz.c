/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The time zone that provisioning files give phones.
 *
 * Phones keep their own clock (SNTP) and need to be told the zone, each
 * vendor in its own words: an hour offset and a "month/week/day/hour" DST
 * rule (Yealink), seconds and per-field rules (Polycom), "GMT+01:00" and
 * a start=/end= rule (Cisco SPA).  All of them say what a POSIX TZ string
 * says, and the box already has that string: every zone file of the tz
 * database (TZif version 2 and later) ends with it, the rule for times
 * after its table.  So the zone is read once, at configuration time, from
 * the file glibc itself would read, and each vendor's form is derived from
 * that one string.  A zone whose rule these forms cannot express (a
 * Julian-day rule, a rule-less DST name) is a configuration error, not a
 * file with a wrong clock.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "prov_tz.h"

#define ZONEINFO "/usr/share/zoneinfo"

static const char *zoneinfo_dir(void)
{
	const char *d = getenv("TZDIR");	/* as glibc honours it */

	return d && *d ? d : ZONEINFO;
}

/* An IANA name: segments of letters, digits, _ + -; no dot segments. */
static bool zone_name_valid(const char *n)
{
	size_t len = strlen(n), i;
	bool seg_start = true;

	if (!len || len >= PROV_TZ_NAME)
		return false;
	for (i = 0; i < len; i++) {
		char ch = n[i];

		if (ch == '/') {
			if (seg_start)
				return false;
			seg_start = true;
			continue;
		}
		if (!(ch == '_' || ch == '+' || ch == '-' ||
		      (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= 'A' && ch <= 'Z')))
			return false;
		seg_start = false;
	}

	return !seg_start;
}

/* The POSIX TZ string at the end of a TZif v2+ file. */
static int read_footer(const char *path, char *out, size_t outsz)
{
	char head[5], tail[128];
	size_t len;
	ssize_t n;
	off_t size;
	char *end, *start;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;

	n = read(fd, head, sizeof(head));
	if (n < 0) {
		err = errno;		/* EISDIR: "Europe" */
		goto out;
	}
	if (n != (ssize_t)sizeof(head) || memcmp(head, "TZif", 4) ||
	    head[4] < '2') {
		err = EPROTO;
		goto out;
	}
	size = lseek(fd, 0, SEEK_END);
	len = size < (off_t)sizeof(tail) ? (size_t)size : sizeof(tail);
	n = pread(fd, tail, len, size - (off_t)len);
	if (n <= 1 || tail[n - 1] != '\n') {
		err = EPROTO;
		goto out;
	}
	tail[n - 1] = '\0';
	end = tail + n - 1;
	/* the data before the footer holds NULs: search bytes, not a string */
	start = memrchr(tail, '\n', (size_t)(n - 1));
	if (!start || (size_t)(end - start) > outsz) {
		err = EPROTO;
		goto out;
	}
	str_ncpy(out, start + 1, outsz);
 out:
	(void)close(fd);
	return err;
}

/* [+-]hh[:mm[:ss]] in seconds; *p moves past it. */
static bool parse_hms(const char **p, long *secs, int maxh)
{
	const char *s = *p;
	long sign = 1, h = 0, m = 0, sec = 0;
	char *e;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (*s < '0' || *s > '9')
		return false;
	h = strtol(s, &e, 10);
	if (h > maxh)
		return false;
	s = e;
	if (*s == ':') {
		m = strtol(s + 1, &e, 10);
		if (e == s + 1 || m > 59)
			return false;
		s = e;
		if (*s == ':') {
			sec = strtol(s + 1, &e, 10);
			if (e == s + 1 || sec > 59)
				return false;
			s = e;
		}
	}
	*secs = sign * (h * 3600 + m * 60 + sec);
	*p = s;
	return true;
}

/* A zone abbreviation: letters, or <...> holding letters, digits, + -. */
static bool skip_abbr(const char **p)
{
	const char *s = *p;

	if (*s == '<') {
		s = strchr(s, '>');
		if (!s || s - *p < 4)
			return false;
		*p = s + 1;
		return true;
	}
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		s++;
	if (s - *p < 3)
		return false;
	*p = s;
	return true;
}

/* ,Mm.w.d[/time] */
static bool parse_rule(const char **p, struct prov_tz_rule *r)
{
	const char *s = *p;
	char *e;
	long v, t = 7200;	/* POSIX: 02:00 when no time is given */

	if (*s != 'M')
		return false;	/* Jn and n: no vendor form takes a day number */
	v = strtol(s + 1, &e, 10);
	if (e == s + 1 || v < 1 || v > 12 || *e != '.')
		return false;
	r->month = (int)v;
	s = e + 1;
	v = strtol(s, &e, 10);
	if (e == s || v < 1 || v > 5 || *e != '.')
		return false;
	r->week = (int)v;
	s = e + 1;
	v = strtol(s, &e, 10);
	if (e == s || v < 0 || v > 6)
		return false;
	r->wday = (int)v;
	s = e;
	if (*s == '/') {
		s++;
		if (!parse_hms(&s, &t, 167))
			return false;
	}
	/* the vendors take a whole hour of the day */
	if (t < 0 || t >= 24 * 3600 || t % 3600)
		return false;
	r->hour = (int)(t / 3600);
	*p = s;
	return true;
}

int prov_tz_parse_posix(struct prov_tz *tz, const char *posix)
{
	const char *p = posix;
	long std, dst;

	str_ncpy(tz->posix, posix, sizeof(tz->posix));
	tz->dst = false;

	if (!skip_abbr(&p) || !parse_hms(&p, &std, 24))
		return EINVAL;
	/* POSIX counts west of Greenwich positive; phones count east */
	tz->utc_offset = -std;
	if (!*p)
		return 0;

	if (!skip_abbr(&p))
		return EINVAL;
	dst = std - 3600;
	if (*p && *p != ',' && !parse_hms(&p, &dst, 24))
		return EINVAL;
	tz->dst_save = std - dst;
	if (*p != ',')
		return ENOTSUP;	/* DST without a rule: the C library's guess */
	p++;
	if (!parse_rule(&p, &tz->start) || *p++ != ',' ||
	    !parse_rule(&p, &tz->end) || *p)
		return ENOTSUP;
	tz->dst = true;

	return 0;
}

/* The zone the box itself runs in: /etc/localtime's target, else UTC. */
static void box_zone(char *name, size_t sz)
{
	char link[256];
	ssize_t n = readlink("/etc/localtime", link, sizeof(link) - 1);
	const char *z;

	str_ncpy(name, "UTC", sz);
	if (n <= 0)
		return;
	link[n] = '\0';
	z = strstr(link, "zoneinfo/");
	if (z && zone_name_valid(z + 9))
		str_ncpy(name, z + 9, sz);
}

int prov_tz_load(struct prov_tz *tz, const char *name, char *why,
		 size_t whysz)
{
	char path[512], posix[PROV_TZ_POSIX];
	int err;

	memset(tz, 0, sizeof(*tz));
	if (name)
		str_ncpy(tz->name, name, sizeof(tz->name));
	else
		box_zone(tz->name, sizeof(tz->name));

	if (!zone_name_valid(tz->name)) {
		re_snprintf(why, whysz, "\"%s\" is no time zone name (write "
			    "one of the tz database, e.g. \"Europe/Berlin\")",
			    tz->name);
		return EINVAL;
	}
	re_snprintf(path, sizeof(path), "%s/%s", zoneinfo_dir(), tz->name);
	err = read_footer(path, posix, sizeof(posix));
	if (err == ENOENT || err == ENOTDIR) {
		re_snprintf(why, whysz, "no time zone \"%s\" (no file %s; "
			    "names are those of the tz database, "
			    "e.g. \"Europe/Berlin\", package tzdata)",
			    tz->name, path);
		return err;
	}
	if (err == EPROTO) {
		re_snprintf(why, whysz, "time zone \"%s\": %s is no TZif "
			    "file of version 2 or later", tz->name, path);
		return err;
	}
	if (err) {
		re_snprintf(why, whysz, "time zone \"%s\": %s: %m",
			    tz->name, path, err);
		return err;
	}
	err = prov_tz_parse_posix(tz, posix);
	if (err) {
		re_snprintf(why, whysz, "time zone \"%s\": its rule \"%s\" "
			    "has no form phones take (a DST change at a "
			    "whole hour on the n-th weekday of a month)",
			    tz->name, posix);
		return err;
	}

	return 0;
}

/* The fields prov_tmpl.c names, in each vendor's words. */
void prov_tz_fields(const struct prov_tz *tz, struct prov_tz_text *t)
{
	long off = tz->utc_offset, a = off < 0 ? -off : off;
	char sign = off < 0 ? '-' : '+';
	const struct prov_tz_rule *r[2] = { &tz->start, &tz->end };
	size_t i;

	memset(t, 0, sizeof(*t));

	/* Yealink: "+1", "+5:30", "-3:30" */
	if (a % 3600)
		re_snprintf(t->offset, sizeof(t->offset), "%c%ld:%02ld",
			    sign, a / 3600, a % 3600 / 60);
	else
		re_snprintf(t->offset, sizeof(t->offset), "%c%ld", sign,
			    a / 3600);
	re_snprintf(t->offset_seconds, sizeof(t->offset_seconds), "%ld",
		    off);
	re_snprintf(t->gmt, sizeof(t->gmt), "GMT%c%02ld:%02ld", sign,
		    a / 3600, a % 3600 / 60);
	str_ncpy(t->dst, tz->dst ? "1" : "0", sizeof(t->dst));
	re_snprintf(t->dst_minutes, sizeof(t->dst_minutes), "%ld",
		    tz->dst ? tz->dst_save / 60 : 0);

	if (!tz->dst)
		return;

	for (i = 0; i < 2; i++) {
		/* POSIX weekday 0 is Sunday; Yealink and SPA count 1 Monday
		 * to 7 Sunday, Polycom 1 Sunday to 7 Saturday. */
		int mon_first = r[i]->wday ? r[i]->wday : 7;
		bool last = r[i]->week == 5;

		re_snprintf(t->yealink[i], sizeof(t->yealink[i]),
			    "%d/%d/%d/%d", r[i]->month, r[i]->week, mon_first,
			    r[i]->hour);
		re_snprintf(t->spa[i], sizeof(t->spa[i]), "%d/%d/%d/%d",
			    r[i]->month, last ? -1 : 1 + 7 * (r[i]->week - 1),
			    mon_first, r[i]->hour);
		re_snprintf(t->month[i], sizeof(t->month[i]), "%d",
			    r[i]->month);
		re_snprintf(t->date[i], sizeof(t->date[i]), "%d",
			    last ? 1 : 1 + 7 * (r[i]->week - 1));
		re_snprintf(t->wday[i], sizeof(t->wday[i]), "%d",
			    r[i]->wday + 1);
		str_ncpy(t->last[i], last ? "1" : "0", sizeof(t->last[i]));
		re_snprintf(t->hour[i], sizeof(t->hour[i]), "%d",
			    r[i]->hour);
	}
	if (tz->dst_save % 3600)
		re_snprintf(t->spa_rule, sizeof(t->spa_rule),
			    "start=%s;end=%s;save=%ld:%02ld", t->spa[0],
			    t->spa[1], tz->dst_save / 3600,
			    tz->dst_save % 3600 / 60);
	else
		re_snprintf(t->spa_rule, sizeof(t->spa_rule),
			    "start=%s;end=%s;save=%ld", t->spa[0], t->spa[1],
			    tz->dst_save / 3600);
}
