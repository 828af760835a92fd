/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * port_settings.h - the ports block of handsetd.conf applied to the
 * kernel's FXS ports over netlink (FXS_CMD_PORT_SET), and `handsetctl
 * ring`.  What a port refused is kept, with the kernel's own message, so
 * `handsetctl ports` can show it.
 */
#ifndef HANDSETD_PORT_SETTINGS_H
#define HANDSETD_PORT_SETTINGS_H

#include <stddef.h>
#include "port_conf.h"

struct analog_port;
struct port_settings;

int  port_settings_alloc(struct port_settings **psp);
void port_settings_apply(struct port_settings *ps,
			 const struct ports_conf *pc,
			 const struct analog_port *kp);
void port_settings_forget(struct port_settings *ps, const char *port);
const char *port_settings_refused(const struct port_settings *ps,
				  const char *port, enum port_key k);
int  port_settings_ring(struct port_settings *ps, const char *port,
			unsigned seconds, char *why, size_t whysz);

#endif
