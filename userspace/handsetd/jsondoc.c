/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jsondoc.c - small helpers over libre's odict for the JSON documents:
 * strings that may be absent become null (the schema says which keys are
 * nullable), times take the one ISO form, and array members get the
 * index keys odict needs (json_encode_odict writes arrays in list order).
 */
#include <errno.h>
#include <stdlib.h>
#include <re.h>
#include "jsondoc.h"
#include "timefmt.h"

enum { JSONDOC_HASH_SIZE = 16 };

int jsondoc_alloc(struct odict **op)
{
	return odict_alloc(op, JSONDOC_HASH_SIZE);
}

/* s: NULL for JSON null */
int jsondoc_str(struct odict *o, const char *key, const char *s)
{
	if (!s)
		return odict_entry_add(o, key, ODICT_NULL);

	return odict_entry_add(o, key, ODICT_STRING, s);
}

/* t: seconds since the epoch */
int jsondoc_time(struct odict *o, const char *key, uint64_t t)
{
	char buf[TIME_ISO_SIZE];
	int err;

	err = time_iso(buf, t);
	if (err)
		return err;

	return odict_entry_add(o, key, ODICT_STRING, buf);
}

/*
 * Appends elem (an object) to the array arr, which takes a reference.
 * The new index is one past the last member's: every member of an array
 * comes through here, so the tail's key is its index.  (odict_count()
 * walks the whole list: with it, a list of 10,000 handsets cost 50
 * million steps and most of the page's render time.)
 */
int jsondoc_push(struct odict *arr, struct odict *elem)
{
	const struct le *tail;
	unsigned long n = 0;
	char key[24];

	if (!arr || !elem)
		return EINVAL;

	tail = list_tail(&arr->lst);
	if (tail) {
		const struct odict_entry *last = tail->data;

		n = strtoul(last->key, NULL, 10) + 1;
	}

	(void)re_snprintf(key, sizeof(key), "%lu", n);

	return odict_entry_add(arr, key, ODICT_OBJECT, elem);
}
