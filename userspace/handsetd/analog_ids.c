/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_ids.c - parse analog.user_ids ("200-299", "200-249, 260") and hand
 * out the lowest user ID in it that no handset holds yet.
 *
 * User IDs are dialled numbers, so only plain decimal without leading zeros
 * counts as inside a range: "0200" is a different extension from "200".
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <re.h>
#include "analog_ids.h"

/* Nine digits keep every bound inside uint32_t with no overflow checks. */
#define ID_DIGITS_MAX	9

struct range {
	struct le le;
	uint32_t lo;
	uint32_t hi;
};

struct analog_ids {
	struct list ranges;
};

static void ids_destructor(void *data)
{
	struct analog_ids *ids = data;

	list_flush(&ids->ranges);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One decimal number at *pp, skipping blanks before it. */
static int parse_number(const char **pp, uint32_t *valp)
{
	const char *p = *pp;
	uint32_t val = 0;
	size_t n = 0;

	while (is_blank(*p))
		++p;

	if (*p == '0' && is_digit(p[1]))
		return EINVAL;

	while (is_digit(*p)) {
		if (++n > ID_DIGITS_MAX)
			return ERANGE;
		val = val * 10 + (uint32_t)(*p - '0');
		++p;
	}

	if (!n)
		return EINVAL;

	while (is_blank(*p))
		++p;

	*pp = p;
	*valp = val;

	return 0;
}

int analog_ids_alloc(struct analog_ids **idsp, const char *spec)
{
	struct analog_ids *ids;
	const char *p = spec;
	int err = 0;

	if (!idsp || !spec)
		return EINVAL;

	ids = mem_zalloc(sizeof(*ids), ids_destructor);
	if (!ids)
		return ENOMEM;

	for (;;) {
		struct range *r;
		uint32_t lo, hi;

		err = parse_number(&p, &lo);
		if (err)
			goto out;

		hi = lo;
		if (*p == '-') {
			++p;
			err = parse_number(&p, &hi);
			if (err)
				goto out;
		}

		if (hi < lo) {
			err = EINVAL;
			goto out;
		}

		r = mem_zalloc(sizeof(*r), NULL);
		if (!r) {
			err = ENOMEM;
			goto out;
		}

		r->lo = lo;
		r->hi = hi;
		list_append(&ids->ranges, &r->le, r);

		if (*p == '\0')
			break;

		if (*p != ',') {
			err = EINVAL;
			goto out;
		}
		++p;
	}

 out:
	if (err)
		mem_deref(ids);
	else
		*idsp = ids;

	return err;
}

bool analog_ids_contains(const struct analog_ids *ids, const char *user_id)
{
	const char *p = user_id;
	struct le *le;
	uint32_t val;

	/* parse_number() skips blanks; a user ID has none. */
	if (!ids || !user_id || !*user_id ||
	    strspn(user_id, "0123456789") != strlen(user_id))
		return false;

	if (parse_number(&p, &val) || *p != '\0')
		return false;

	for (le = list_head(&ids->ranges); le; le = le->next) {
		const struct range *r = le->data;

		if (val >= r->lo && val <= r->hi)
			return true;
	}

	return false;
}

int analog_ids_next(const struct analog_ids *ids, analog_ids_taken_h *taken,
		    void *arg, char *buf, size_t size)
{
	struct le *le;

	if (!ids || !buf || !size)
		return EINVAL;

	for (le = list_head(&ids->ranges); le; le = le->next) {
		const struct range *r = le->data;
		uint32_t v;

		for (v = r->lo; ; ++v) {
			if (re_snprintf(buf, size, "%u", v) < 0)
				return ENOMEM;

			if (!taken || !taken(buf, arg))
				return 0;

			if (v == r->hi)
				break;
		}
	}

	buf[0] = '\0';

	return ENOSPC;
}
