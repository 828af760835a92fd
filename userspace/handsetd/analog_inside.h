/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_inside.h - which ports are reserved for inside extensions
 * (analog.inside_ports), i.e. make an analog handset on their first off-hook.
 */
#ifndef HANDSETD_ANALOG_INSIDE_H
#define HANDSETD_ANALOG_INSIDE_H

#include <stdbool.h>

struct analog_inside_ports;

int  analog_inside_alloc(struct analog_inside_ports **inp, const char *mode);
int  analog_inside_add_port(struct analog_inside_ports *in, const char *port);
bool analog_inside_match(const struct analog_inside_ports *in, const char *port,
			 bool expander);

#endif
