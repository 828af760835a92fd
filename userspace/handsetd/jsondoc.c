/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jsondoc.c - small helpers over libre's odict for the JSON documents:
 * strings that may be absent become null (the schema says which keys are
 * nullable), times take the one ISO form, and array members get the
 * index keys odict needs (json_encode_odict writes arrays in list order).
 */
#include <errno.h>
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

/* Appends elem (an object) to the array arr, which takes a reference. */
int jsondoc_push(struct odict *arr, struct odict *elem)
{
	char key[16];

	if (!arr || !elem)
		return EINVAL;

	(void)re_snprintf(key, sizeof(key), "%zu", odict_count(arr, false));

	return odict_entry_add(arr, key, ODICT_OBJECT, elem);
}
