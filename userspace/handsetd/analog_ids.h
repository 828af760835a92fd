/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_ids.h - the user ID ranges (analog.user_ids) that auto-created
 * analog handsets are numbered from.
 */
#ifndef HANDSETD_ANALOG_IDS_H
#define HANDSETD_ANALOG_IDS_H

#include <stdbool.h>
#include <stddef.h>

struct analog_ids;

/* Tells whether a user ID is already held by some handset. */
typedef bool (analog_ids_taken_h)(const char *user_id, void *arg);

int  analog_ids_alloc(struct analog_ids **idsp, const char *spec);
bool analog_ids_contains(const struct analog_ids *ids, const char *user_id);
int  analog_ids_next(const struct analog_ids *ids, analog_ids_taken_h *taken,
		     void *arg, char *buf, size_t size);

#endif
