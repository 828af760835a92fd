/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jsondoc.h - building the JSON documents of handsets.schema.json as
 * libre odicts, the one way handsetd produces JSON.
 */
#ifndef HANDSETD_JSONDOC_H
#define HANDSETD_JSONDOC_H

#include <stdint.h>

struct odict;

int jsondoc_alloc(struct odict **op);
int jsondoc_str(struct odict *o, const char *key, const char *s);
int jsondoc_time(struct odict *o, const char *key, uint64_t t);
int jsondoc_push(struct odict *arr, struct odict *elem);

#endif
