/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The handset models handsetd knows, and the vendor guesses made from a MAC
 * prefix (OUI) or a User-Agent.  A table rather than code, so adding a model
 * is one line.  The last column is the provisioning family (prov_tmpl.c):
 * NULL says "not provisioned", and the Handsets list shows it.
 */
#include <string.h>
#include "handsetd.h"

static const struct model models[] = {
	{ "generic-sip",        NULL,         MODEL_SIP_GENERIC, NULL },
	{ "analog",             NULL,         MODEL_ANALOG,     NULL },
	{ "yealink-t31",        "Yealink",    MODEL_SIP_VENDOR, "yealink" },
	{ "yealink-t33",        "Yealink",    MODEL_SIP_VENDOR, "yealink" },
	{ "yealink-t42",        "Yealink",    MODEL_SIP_VENDOR, "yealink" },
	{ "yealink-t46",        "Yealink",    MODEL_SIP_VENDOR, "yealink" },
	{ "yealink-t48",        "Yealink",    MODEL_SIP_VENDOR, "yealink" },
	{ "yealink-t54",        "Yealink",    MODEL_SIP_VENDOR, "yealink" },
	{ "yealink-w60",        "Yealink",    MODEL_SIP_VENDOR, "yealink" },
	{ "polycom-vvx250",     "Polycom",    MODEL_SIP_VENDOR, "polycom" },
	{ "polycom-vvx410",     "Polycom",    MODEL_SIP_VENDOR, "polycom" },
	{ "polycom-vvx450",     "Polycom",    MODEL_SIP_VENDOR, "polycom" },
	{ "snom-d715",          "Snom",       MODEL_SIP_VENDOR, "snom" },
	{ "snom-d785",          "Snom",       MODEL_SIP_VENDOR, "snom" },
	{ "grandstream-gxp2160","Grandstream",MODEL_SIP_VENDOR, "grandstream" },
	{ "grandstream-grp2612","Grandstream",MODEL_SIP_VENDOR, "grandstream" },
	{ "grandstream-ht802",  "Grandstream",MODEL_SIP_VENDOR, "grandstream" },
	{ "cisco-spa504g",      "Cisco",      MODEL_SIP_VENDOR, "cisco-spa" },
	{ "fanvil-x4u",         "Fanvil",     MODEL_SIP_VENDOR, "fanvil" },
};

struct oui {
	uint8_t prefix[3];
	const char *vendor;
};

static const struct oui ouis[] = {
	{ { 0x00, 0x15, 0x65 }, "Yealink"     },
	{ { 0x24, 0x9a, 0xd8 }, "Yealink"     },
	{ { 0x80, 0x5e, 0xc0 }, "Yealink"     },
	{ { 0x80, 0x5e, 0x0c }, "Yealink"     },
	{ { 0x00, 0x04, 0xf2 }, "Polycom"     },
	{ { 0x64, 0x16, 0x7f }, "Polycom"     },
	{ { 0x48, 0x25, 0x67 }, "Polycom"     },
	{ { 0x00, 0x04, 0x13 }, "Snom"        },
	{ { 0x00, 0x0b, 0x82 }, "Grandstream" },
	{ { 0xc0, 0x74, 0xad }, "Grandstream" },
	{ { 0x00, 0x0e, 0x08 }, "Cisco"       },
	{ { 0x0c, 0x38, 0x3e }, "Fanvil"      },
};

/* User-Agent prefixes as the phones send them, matched case-insensitively */
static const struct {
	const char *prefix;
	const char *vendor;
} uas[] = {
	{ "Yealink",     "Yealink"     },
	{ "Polycom",     "Polycom"     },
	{ "snom",        "Snom"        },
	{ "Grandstream", "Grandstream" },
	{ "Cisco",       "Cisco"       },
	{ "Linksys",     "Cisco"       },
	{ "Fanvil",      "Fanvil"      },
};

const struct model *model_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;

	for (i = 0; i < ARRAY_SIZE(models); i++) {
		if (!strcmp(models[i].name, name))
			return &models[i];
	}

	return NULL;
}

int model_print_names(struct re_printf *pf, void *unused)
{
	size_t i;
	int err = 0;

	(void)unused;

	for (i = 0; i < ARRAY_SIZE(models); i++)
		err |= re_hprintf(pf, "%s%s", i ? ", " : "", models[i].name);

	return err;
}

const char *vendor_from_oui(const uint8_t mac[MAC_LEN])
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ouis); i++) {
		if (!memcmp(ouis[i].prefix, mac, 3))
			return ouis[i].vendor;
	}

	return NULL;
}

const char *vendor_from_ua(const struct pl *ua)
{
	size_t i;

	if (!pl_isset(ua))
		return NULL;

	for (i = 0; i < ARRAY_SIZE(uas); i++) {
		size_t n = strlen(uas[i].prefix);

		if (ua->l >= n && !strncasecmp(ua->p, uas[i].prefix, n))
			return uas[i].vendor;
	}

	return NULL;
}
