/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * prov_tz.c: the time zone provisioning files give phones, read from the
 * tz database's POSIX rule and written in each vendor's form.
 */
#ifndef HANDSETD_PROV_TZ_H
#define HANDSETD_PROV_TZ_H

#include <stdbool.h>
#include <stddef.h>

enum {
	PROV_TZ_NAME  = 64,
	PROV_TZ_POSIX = 72,
};

/* A DST change: Mmonth.week.wday/hour of POSIX (week 5: the last) */
struct prov_tz_rule {
	int month, week, wday, hour;
};

struct prov_tz {
	char name[PROV_TZ_NAME];	/* "Europe/Berlin" */
	char posix[PROV_TZ_POSIX];	/* "CET-1CEST,M3.5.0,M10.5.0/3" */
	long utc_offset;		/* standard time, seconds east */
	bool dst;
	long dst_save;			/* seconds DST adds */
	struct prov_tz_rule start, end;
};

/* The template fields; [0] the start of DST, [1] its end. */
struct prov_tz_text {
	char offset[8];			/* Yealink: "+1", "+5:30" */
	char offset_seconds[8];		/* Polycom: "3600" */
	char gmt[12];			/* Cisco SPA: "GMT+01:00" */
	char dst[2];			/* "1" or "0" */
	char dst_minutes[6];
	char yealink[2][16];		/* "3/5/7/2" by week */
	char spa[2][16];		/* "3/-1/7/2" */
	char spa_rule[48];		/* "start=...;end=...;save=1" */
	char month[2][4], date[2][4], wday[2][4], last[2][4], hour[2][4];
};

/* name NULL: the box's own zone (/etc/localtime).  Fills why on error. */
int  prov_tz_load(struct prov_tz *tz, const char *name, char *why,
		  size_t whysz);
int  prov_tz_parse_posix(struct prov_tz *tz, const char *posix);
void prov_tz_fields(const struct prov_tz *tz, struct prov_tz_text *t);

#endif
