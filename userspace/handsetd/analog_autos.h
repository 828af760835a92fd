/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_autos.h - the analog handsets created by lifting the receiver on
 * an inside port, and their file in state_dir.
 */
#ifndef HANDSETD_ANALOG_AUTOS_H
#define HANDSETD_ANALOG_AUTOS_H

#include <stdint.h>
#include <re.h>

struct analog_auto {
	struct le le;
	char *user_id;
	char *port;
	uint64_t created;	/* seconds since the epoch */
};

int  analog_autos_path(char **pathp, const char *state_dir);
int  analog_autos_load(struct list *autos, const char *path);
int  analog_autos_save(const struct list *autos, const char *path);
int  analog_autos_add(struct list *autos, const char *user_id,
		      const char *port, uint64_t created);
struct analog_auto *analog_autos_by_port(const struct list *autos,
					 const char *port);
struct analog_auto *analog_autos_by_uid(const struct list *autos,
					const char *user_id);

#endif
