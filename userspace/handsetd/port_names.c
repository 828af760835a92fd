/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * port_names.c - `handsetd -n` warns about port names in handsetd.conf
 * (analog handsets, ports.port entries) that name no port: not one the
 * kernel has now (/sys/class/fxs/<name>) and not one it could create
 * when an expander is plugged ("exp-<serial>-<n>", linux/fxs_name.h).
 * A typo there would otherwise leave a handset "absent" forever with no
 * word anywhere.  Only a warning: a built-in port whose driver is not
 * loaded yet is legitimate.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/fxs.h>
#include "handsetd.h"
#include "port_conf.h"

enum { KNOWN_SIZE = 256 };

static bool port_exists(const char *class_dir, const char *name)
{
	char path[512];

	if (re_snprintf(path, sizeof(path), "%s/%s", class_dir, name) < 0)
		return false;

	return access(path, F_OK) == 0;
}

/* "sim0, sim1" (shortened), or why there are none, for the message. */
static void known_ports(char *buf, size_t size, const char *class_dir)
{
	struct dirent *de;
	size_t len = 0;
	DIR *dir;

	buf[0] = '\0';
	dir = opendir(class_dir);
	if (!dir) {
		str_ncpy(buf, "no fxs module is loaded", size);
		return;
	}

	while ((de = readdir(dir))) {
		int n;

		if (de->d_name[0] == '.')
			continue;
		n = re_snprintf(buf + len, size - len, "%s%s",
				len ? ", " : "ports now: ", de->d_name);
		if (n < 0 || (size_t)n >= size - len) {
			str_ncpy(buf + (len < size - 5 ? len : size - 5),
				 ", ...", 6);
			break;
		}
		len += (size_t)n;
	}
	(void)closedir(dir);

	if (!len)
		str_ncpy(buf, "the fxs module has no ports now", size);
}

static void check(const char *name, const char *what, const char *file,
		  int line, const char *class_dir, struct diag *diag)
{
	char known[KNOWN_SIZE];

	if (!name || port_exists(class_dir, name) ||
	    port_name_is_expander(name))
		return;

	known_ports(known, sizeof(known), class_dir);
	diag_warning(diag, file, line, "%s names port \"%s\", which does not "
		     "exist (%s) and is not an expander port name "
		     "(exp-<serial>-<n>); `handsetctl ports` lists the ports",
		     what, name, known);
}

/* @class_dir: /sys/class/fxs, or a test's stand-in. */
void port_names_check(const struct config *cfg, struct diag *diag,
		      const char *class_dir)
{
	struct le *le;
	char what[64];

	if (!cfg || !diag || !class_dir)
		return;

	for (le = list_head(&cfg->handsets); le; le = le->next) {
		const struct hs_conf *hc = le->data;

		if (!hc->model || hc->model->kind != MODEL_ANALOG)
			continue;
		(void)re_snprintf(what, sizeof(what), "analog handset %s",
				  hc->user_id);
		check(hc->port, what, cfg->file, hc->line_port, class_dir,
		      diag);
	}

	if (!cfg->ports)
		return;

	for (le = list_head(&cfg->ports->entries); le; le = le->next) {
		const struct port_entry *e = le->data;

		check(e->name, "ports.port", cfg->file, e->line, class_dir,
		      diag);
	}
}
