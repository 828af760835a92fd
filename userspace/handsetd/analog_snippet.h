/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_snippet.h - the handsets entry an administrator pastes into the
 * configuration file to make an analog handset permanent.
 */
#ifndef HANDSETD_ANALOG_SNIPPET_H
#define HANDSETD_ANALOG_SNIPPET_H

struct re_printf;

struct analog_snippet {
	const char *user_id;
	const char *port;
};

/* A re_printf_h, for "%H" with a struct analog_snippet. */
int analog_snippet_print(struct re_printf *pf,
			 const struct analog_snippet *snip);

#endif
