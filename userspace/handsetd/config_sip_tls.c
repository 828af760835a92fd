/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sip.certificate and sip.key: the pair behind the tls: listeners of
 * sip.listen, validated with the rest of the file (file:line for every
 * problem) by loading it exactly as the listeners will, so a missing or
 * unreadable file, a key that does not belong to the certificate or a tls:
 * listener without a certificate stops a start and is refused by a reload
 * instead of surfacing as failed handshakes at the phones.
 */
#include <errno.h>
#include <string.h>
#include <libconfig.h>
#include "handsetd.h"
#include "config_diag.h"
#include "sip_tls.h"

struct tctx {
	struct diag *diag;
	const char *file;
};

void config_sip_tls_parse(struct config *cfg, const config_setting_t *grp,
			  const char *file, struct diag *diag)
{
	const config_setting_t *sc, *sk, *sl;
	const char *cert = NULL, *key = NULL;
	struct tctx c = { diag, file };
	char why[512];
	bool tls = false;
	unsigned i;
	int err;

	if (!cfg)
		return;

	for (i = 0; i < cfg->listenc; i++)
		tls |= cfg->listen[i].tp == SIP_TRANSP_TLS;

	cert = conf_abs_path(diag, file, grp, "sip", "certificate", &sc);
	key = conf_abs_path(diag, file, grp, "sip", "key", &sk);
	sl = grp ? config_setting_get_member(grp, "listen") : NULL;

	if (!tls) {
		if (sc || sk)
			CONF_WARN(&c, sc ? sc : sk, "sip: certificate and key are "
			          "used by tls: listeners only, and sip.listen "
			          "has none (ignored)");
		return;
	}

	if (!cert) {
		if (!sc)
			CONF_ERR(&c, sl ? sl : grp, "sip.listen: a tls: listener "
			         "needs sip.certificate (and sip.key, unless the "
			         "certificate file holds the key)");
		return;
	}

	err = sip_tls_check(cert, key, why, sizeof(why));
	/* the message names first the file it is about: point at its line */
	if (err)
		CONF_ERR(&c, sk && !strncmp(why, "key ", 4) ? sk : sc, "sip: %s",
		         why);
	else if (*why)
		CONF_WARN(&c, sc, "sip: %s", why);
	if (err)
		return;

	(void)str_dup(&cfg->tls_cert, cert);
	if (key)
		(void)str_dup(&cfg->tls_key, key);
}
