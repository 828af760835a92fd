/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * port_presets.c - country presets for the `ports` block of handsetd.conf
 * (`country = "uk";`): the ring cadence and the hook timing windows that
 * phones sold in that country expect, like DAHDI's loadzone/defaultzone.
 *
 * Sources:
 *  - ring cadences: ITU-T E.180 Supplement 2 ("Various tones used in
 *    national networks"), the table DAHDI's zonedata.c and Asterisk's
 *    indications.conf also carry; for the United Kingdom BT SIN 350.
 *  - recall (hook flash): United States, Telcordia GR-506-CORE (a hook
 *    flash is an on-hook interval of 300 to 1100 ms); the European and
 *    Australian networks use a short timed break recall instead, nominally
 *    100 ms (United Kingdom, Germany, Australia) and 270 ms (France), the
 *    national values listed in ETSI ES 201 970.
 *
 * A timed break recall is barely longer than a dial pulse's break (60 to
 * 67 ms at 10 pulses per second), so those presets lower the pulse break
 * maximum to just under the recall window: the kernel requires
 * pulse_break_max_ms <= flash_min_ms, and an interval must mean one thing.
 * flash_max_ms is also when a hang-up is decided, so it stays well above
 * the nominal recall to tolerate slow hands on the R key.  Debounce and
 * the interdigit time keep the kernel's defaults, which fit every country.
 */
#include <string.h>
#include "port_conf.h"

#define TIMING (1u << PK_PULSE_BREAK_MAX | 1u << PK_FLASH_MIN | \
		1u << PK_FLASH_MAX | 1u << PK_CADENCE)

static const struct port_preset presets[] = {
	{
		.country = "us", .name = "United States",
		.source = "E.180 Suppl. 2; Telcordia GR-506-CORE flash",
		.l = { .set = TIMING, .v = {
			.timing = { [PK_PULSE_BREAK_MAX] = 200,
				    [PK_FLASH_MIN] = 300,
				    [PK_FLASH_MAX] = 1100 },
			.cadence = { 2000, 4000 }, .cadencec = 2 } },
	},
	{
		.country = "uk", .name = "United Kingdom",
		.source = "E.180 Suppl. 2, BT SIN 350; ETSI ES 201 970 "
			  "recall 100 ms",
		.l = { .set = TIMING, .v = {
			.timing = { [PK_PULSE_BREAK_MAX] = 80,
				    [PK_FLASH_MIN] = 80,
				    [PK_FLASH_MAX] = 300 },
			.cadence = { 400, 200, 400, 2000 }, .cadencec = 4 } },
	},
	{
		.country = "de", .name = "Germany",
		.source = "E.180 Suppl. 2; ETSI ES 201 970 recall 100 ms",
		.l = { .set = TIMING, .v = {
			.timing = { [PK_PULSE_BREAK_MAX] = 80,
				    [PK_FLASH_MIN] = 80,
				    [PK_FLASH_MAX] = 300 },
			.cadence = { 1000, 4000 }, .cadencec = 2 } },
	},
	{
		.country = "fr", .name = "France",
		.source = "E.180 Suppl. 2; ETSI ES 201 970 recall 270 ms",
		.l = { .set = TIMING, .v = {
			.timing = { [PK_PULSE_BREAK_MAX] = 120,
				    [PK_FLASH_MIN] = 200,
				    [PK_FLASH_MAX] = 450 },
			.cadence = { 1500, 3500 }, .cadencec = 2 } },
	},
	{
		.country = "au", .name = "Australia",
		.source = "E.180 Suppl. 2; ETSI ES 201 970 recall 100 ms",
		.l = { .set = TIMING, .v = {
			.timing = { [PK_PULSE_BREAK_MAX] = 80,
				    [PK_FLASH_MIN] = 80,
				    [PK_FLASH_MAX] = 300 },
			.cadence = { 400, 200, 400, 2000 }, .cadencec = 4 } },
	},
};

const struct port_preset *port_preset_find(const char *country)
{
	size_t i;

	for (i = 0; country && i < ARRAY_SIZE(presets); i++) {
		if (!strcmp(presets[i].country, country))
			return &presets[i];
	}

	return NULL;
}

/* "us", "uk", ... for error messages */
int port_preset_print_names(struct re_printf *pf, void *unused)
{
	size_t i;
	int err = 0;

	(void)unused;

	for (i = 0; i < ARRAY_SIZE(presets); i++)
		err |= re_hprintf(pf, "%s\"%s\"", i ? ", " : "",
				  presets[i].country);

	return err;
}
