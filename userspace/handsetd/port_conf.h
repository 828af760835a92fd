/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * port_conf.h - the `ports` block of handsetd.conf: hook timing windows,
 * ring cadence and idle linefeed of the FXS ports, from a country preset
 * (port_presets.c), for all ports, per location (built-in, expander) and
 * per port (config_ports.c), and what one port gets from them.
 *
 * Precedence, most specific first: port > location > all > preset >
 * kernel default.  Every value a port gets says which of these it came
 * from, so `handsetctl ports` can show the administrator why.
 */
#ifndef HANDSETD_PORT_CONF_H
#define HANDSETD_PORT_CONF_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>
#include <linux/fxs.h>

struct config_setting_t;
struct diag;

/* One settable value of a port; the first five are FXS_A_TIMING's. */
enum port_key {
	PK_DEBOUNCE,
	PK_PULSE_BREAK_MAX,
	PK_INTERDIGIT,
	PK_FLASH_MIN,
	PK_FLASH_MAX,
	PK_CADENCE,
	PK_LINEFEED,
	PK_COUNT,
	PK_TIMINGC = PK_CADENCE,
};

/* Where a value came from, least specific first. */
enum port_layer_kind {
	PL_KERNEL,
	PL_PRESET,
	PL_ALL,
	PL_LOCATION,
	PL_PORT,
};

struct port_values {
	uint32_t timing[PK_TIMINGC];	/* ms, in enum port_key order */
	uint32_t cadence[FXS_RING_STEPS_MAX];
	unsigned cadencec;
	uint8_t linefeed;		/* enum fxs_linefeed */
};

/* One level of the file (or a preset): the values it sets, and where. */
struct port_layer {
	unsigned set;			/* 1 << enum port_key */
	struct port_values v;
	int line[PK_COUNT];
};

struct port_origin {
	enum port_layer_kind kind;
	const char *what;		/* preset country, location, port */
	const char *file;		/* NULL: preset or kernel */
	int line;
};

/* The settings of one port, each with its origin. */
struct port_resolved {
	struct port_values v;
	struct port_origin origin[PK_COUNT];
};

struct port_preset {
	const char *country;		/* "us", as written in the file */
	const char *name;		/* "United States" */
	const char *source;		/* where the values come from */
	struct port_layer l;
};

struct port_entry {
	struct le le;
	char name[FXS_PORT_NAME_MAX];
	int line;
	struct port_layer l;
};

struct ports_conf {
	char *file;
	const struct port_preset *preset;	/* NULL: none */
	int preset_line;
	struct port_layer all;
	struct port_layer builtin;
	struct port_layer expander;
	struct list entries;			/* struct port_entry */
};

/* Room for any value as port_value_str() writes it */
#define PORT_VALUE_STR_SIZE	64

/* port_presets.c */
const struct port_preset *port_preset_find(const char *country);
int port_preset_print_names(struct re_printf *pf, void *unused);

/* config_ports.c */
int  config_ports_parse(struct ports_conf **pcp,
			const struct config_setting_t *grp, const char *file,
			struct diag *diag);
void port_conf_resolve(const struct ports_conf *pc, const char *name,
		       enum fxs_location loc, struct port_resolved *r);
const char *port_key_name(enum port_key k);
const char *port_linefeed_name(unsigned lf);
const char *port_layer_name(enum port_layer_kind kind);
int  port_origin_print(struct re_printf *pf, const struct port_origin *o);
const char *port_value_str(char *buf, size_t size,
			   const struct port_values *v, enum port_key k);
bool port_values_equal(const struct port_values *a,
		       const struct port_values *b, enum port_key k);
bool port_name_is_expander(const char *name);

#endif
