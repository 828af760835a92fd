/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sip.max_tcp_per_address and sip.max_tcp_connections: the caps
 * sip_tcp_guard.c puts on SIP over TCP and TLS, validated with the rest
 * of the file (file:line for every problem).
 *
 * A value out of range is an error, so a reload with one keeps the running
 * configuration.  A total above what the open-file limit leaves once
 * handsetd has its own descriptors is only a warning, and the most that
 * fits applies: the limit belongs to where the daemon runs (the unit's
 * LimitNOFILE=, a shell's ulimit for handsetd -n), not to the file, and
 * the same file must not be valid in the service and invalid at a prompt.
 * The warning names the limit so the administrator knows which to raise.
 */
#include <string.h>
#include <sys/resource.h>
#include <libconfig.h>
#include "handsetd.h"
#include "config_diag.h"
#include "http.h"
#include "sip_tcp_guard.h"

struct tctx {
	struct diag *diag;
	const char *file;
};

/* The soft open-file limit; 0 when it cannot be read or has none. */
static uint64_t nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return 0;

	return rl.rlim_cur;
}

void config_sip_tcp_parse(struct config *cfg,
			  const struct config_setting_t *sip,
			  const char *file, struct diag *diag)
{
	const config_setting_t *grp = sip, *sp, *sm;
	struct tctx c = { diag, file };
	uint32_t page = 0, max;
	uint64_t limit = nofile(), left = 0;
	bool tcp = false;
	unsigned i;

	if (!cfg)
		return;

	if (grp && !config_setting_is_group(grp))
		grp = NULL;
	sp = grp ? config_setting_get_member(grp, "max_tcp_per_address") : NULL;
	sm = grp ? config_setting_get_member(grp, "max_tcp_connections") : NULL;

	/* the defaults: the constants these keys replace */
	cfg->tcp_per_address = SIP_TCP_DEF_PER_ADDRESS;
	cfg->tcp_max = limit ? (uint32_t)(limit / 2 < SIP_TCP_MAX_CONNS ?
					 limit / 2 : SIP_TCP_MAX_CONNS)
			     : SIP_TCP_DEF_TOTAL;

	conf_u32(diag, file, grp, "sip", "max_tcp_per_address",
		 &cfg->tcp_per_address, 1, SIP_TCP_MAX_CONNS);
	/* 0, below the range, stays when the key is absent or wrong */
	max = 0;
	conf_u32(diag, file, grp, "sip", "max_tcp_connections", &max, 1,
		 SIP_TCP_MAX_CONNS);

	for (i = 0; i < cfg->listenc; i++)
		tcp |= cfg->listen[i].tp == SIP_TRANSP_TCP ||
		       cfg->listen[i].tp == SIP_TRANSP_TLS;
	if (!tcp && (sp || sm))
		CONF_WARN(&c, sp ? sp : sm, "sip: max_tcp_per_address and "
		          "max_tcp_connections are for tcp: and tls: "
		          "listeners, and sip.listen has none (ignored)");

	/* an explicit total is held to what the limit leaves: the page's
	 * connections and handsetd's own descriptors come out of it too */
	if (cfg->http)
		page = cfg->http->max_connections;
	if (limit > (uint64_t)SIP_TCP_FD_RESERVE + page)
		left = limit - SIP_TCP_FD_RESERVE - page;
	if (max && limit && max > left) {
		uint32_t fit = left ? (uint32_t)left : 1;
		char also[64] = "";

		if (page)
			(void)re_snprintf(also, sizeof(also), " and %u for "
					  "http.max_connections", page);
		CONF_WARN(&c, sm, "sip: max_tcp_connections = %u is more "
		          "than the open-file limit of %llu leaves for SIP "
		          "connections once handsetd has %u for itself%s: %u "
		          "apply (raise LimitNOFILE= in the unit for more)",
		          max, (unsigned long long)limit, SIP_TCP_FD_RESERVE,
		          also, fit);
		max = fit;
	}
	if (max)
		cfg->tcp_max = max;

	if (sp && cfg->tcp_per_address > cfg->tcp_max)
		CONF_WARN(&c, sp, "sip: max_tcp_per_address = %u is above the "
		          "%u connections allowed in all "
		          "(max_tcp_connections): only the total applies",
		          cfg->tcp_per_address, cfg->tcp_max);
}
