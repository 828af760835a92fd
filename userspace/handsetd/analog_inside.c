/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_inside.c - analog.inside_ports: "builtin" (every built-in port),
 * "none", or a list of port names.
 *
 * Expander ports never match, even when listed: a port expander is plugged
 * wherever there is a free USB socket, so a phone behind it may be anyone's
 * and must be added by the administrator, never by lifting the receiver.
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "analog_inside.h"

enum mode {
	MODE_NONE,
	MODE_BUILTIN,
	MODE_LIST,
};

struct name {
	struct le le;
	char *port;
};

struct analog_inside_ports {
	enum mode mode;
	struct list names;
};

static void name_destructor(void *data)
{
	struct name *n = data;

	mem_deref(n->port);
}

static void inside_destructor(void *data)
{
	struct analog_inside_ports *in = data;

	list_flush(&in->names);
}

/*
 * mode: "builtin", "none", or NULL for a list filled by
 * analog_inside_add_port() (an empty list means no port).
 */
int analog_inside_alloc(struct analog_inside_ports **inp, const char *mode)
{
	struct analog_inside_ports *in;
	int err = 0;

	if (!inp)
		return EINVAL;

	in = mem_zalloc(sizeof(*in), inside_destructor);
	if (!in)
		return ENOMEM;

	if (!mode)
		in->mode = MODE_LIST;
	else if (!str_cmp(mode, "builtin"))
		in->mode = MODE_BUILTIN;
	else if (!str_cmp(mode, "none"))
		in->mode = MODE_NONE;
	else
		err = EINVAL;

	if (err)
		mem_deref(in);
	else
		*inp = in;

	return err;
}

int analog_inside_add_port(struct analog_inside_ports *in, const char *port)
{
	struct name *n;
	int err;

	if (!in || in->mode != MODE_LIST || !str_isset(port))
		return EINVAL;

	n = mem_zalloc(sizeof(*n), name_destructor);
	if (!n)
		return ENOMEM;

	err = str_dup(&n->port, port);
	if (err)
		goto out;

	list_append(&in->names, &n->le, n);

 out:
	if (err)
		mem_deref(n);

	return err;
}

bool analog_inside_match(const struct analog_inside_ports *in, const char *port,
			 bool expander)
{
	struct le *le;

	if (!in || !port || expander)
		return false;

	switch (in->mode) {

	case MODE_BUILTIN:
		return true;

	case MODE_LIST:
		for (le = list_head(&in->names); le; le = le->next) {
			const struct name *n = le->data;

			if (!str_cmp(n->port, port))
				return true;
		}
		return false;

	default:
		return false;
	}
}
