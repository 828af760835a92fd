/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The administrator's file from bytes: libconfig's parser, then every
 * validation of config.c (all handset kinds, all blocks) and of the analog
 * side (analog_validate).  A configuration without errors must answer its
 * own lookups: every handset is found again by user ID, login, MAC and
 * port, so a hash or a clash check that loses an entry aborts.
 */
#include "fuzz.h"
#include "analog.h"

static void check_lookups(const struct config *cfg)
{
	const struct le *le;
	struct pl pl;

	for (le = list_head(&cfg->handsets); le; le = le->next) {
		const struct hs_conf *hc = le->data;

		pl_set_str(&pl, hc->user_id);
		if (config_by_uid(cfg, &pl) != hc)
			abort();
		if (hc->login) {
			pl_set_str(&pl, hc->login);
			if (config_by_login(cfg, &pl) != hc)
				abort();
		}
		if (hc->port && config_by_port(cfg, hc->port) != hc)
			abort();
		if (hc->has_mac && config_by_mac(cfg, hc->mac) != hc)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_setup();
	struct config *cfg = NULL;
	struct diag *diag = NULL;
	char *text, *out = NULL;

	text = malloc(size + 1);
	if (!text || diag_alloc(&diag))
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	if (!config_parse(&cfg, "fuzz.conf", text, diag) && cfg &&
	    !diag_errors(diag)) {
		check_lookups(cfg);

		/* the analog check reads state_dir: keep it in ours */
		mem_deref(cfg->state_dir);
		if (str_dup(&cfg->state_dir, dir))
			abort();
		(void)analog_validate(cfg, diag);
	}

	/* the report -n and a reload print, with every message in it */
	(void)re_sdprintf(&out, "%H", diag_print, diag);

	mem_deref(out);
	mem_deref(cfg);
	mem_deref(diag);
	free(text);

	return 0;
}
