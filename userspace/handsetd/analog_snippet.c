/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_snippet.c - print one libconfig handsets entry for an analog
 * handset.  We print it instead of writing it because libconfig drops the
 * administrator's comments when it rewrites a file.
 */
#include <errno.h>
#include <re.h>
#include "analog_snippet.h"

/* A libconfig string literal: the escapes its scanner understands. */
static int print_quoted(struct re_printf *pf, const char *s)
{
	int err;

	err = re_hprintf(pf, "\"");

	for (; !err && *s; ++s) {
		unsigned char c = (unsigned char)*s;

		switch (c) {

		case '"':
		case '\\':
			err = re_hprintf(pf, "\\%c", c);
			break;

		case '\n':
			err = re_hprintf(pf, "\\n");
			break;

		case '\t':
			err = re_hprintf(pf, "\\t");
			break;

		default:
			if (c < 0x20 || c == 0x7f)
				err = re_hprintf(pf, "\\x%02x", c);
			else
				err = re_hprintf(pf, "%c", c);
			break;
		}
	}

	if (!err)
		err = re_hprintf(pf, "\"");

	return err;
}

int analog_snippet_print(struct re_printf *pf,
			 const struct analog_snippet *snip)
{
	int err;

	if (!pf || !snip || !str_isset(snip->user_id) ||
	    !str_isset(snip->port))
		return EINVAL;

	err  = re_hprintf(pf, "{ user_id = ");
	err |= print_quoted(pf, snip->user_id);
	err |= re_hprintf(pf, "; model = \"analog\"; port = ");
	err |= print_quoted(pf, snip->port);
	err |= re_hprintf(pf, "; }");

	return err;
}
