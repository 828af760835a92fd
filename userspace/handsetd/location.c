/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a handset is: the one lookup behind the SIP redirect server
 * (redirect.c) and `handsetctl lookup` (ctrl_admin.c), so a call engine
 * gets the same answer whichever way it asks.
 *
 * A SIP handset is found by its User ID or its Login ID; its live
 * contacts come most recent first, with a q value falling by 0.1 per
 * older contact (1.0, 0.9, ..., never below 0.1): handsetd keeps no q of
 * its own for a binding, and the phone that registered last is the one
 * most likely to answer.
 *
 * An analog handset has no SIP contact: there is no audio path from
 * handsetd to the FXS ports yet.  What a call engine needs to reach it is
 * the port, so its one contact is "fxs:PORT", the port's stable name (the
 * name in handsetd.conf and /sys/class/fxs/), for the call engine's own
 * channel driver to map; it is available only while the port is present.
 */
#include <string.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog.h"
#include "jsondoc.h"
#include "admin.h"

static void sip_contacts(struct location *loc, const struct handset *hs,
			 uint64_t now)
{
	struct le *le;
	unsigned i, j;

	for (le = hs->bindings.head; le; le = le->next) {
		const struct binding *b = le->data;
		struct location_contact c;

		if (b->expires <= now)
			continue;

		c.uri = b->uri;
		c.expires = b->expires;
		c.updated = b->updated;
		c.q = 0;

		/* insertion into the few there are, newest first */
		for (i = 0; i < loc->n; i++) {
			if (c.updated > loc->v[i].updated)
				break;
		}
		if (i == LOCATION_MAX_CONTACTS)
			continue;
		j = loc->n < LOCATION_MAX_CONTACTS ? loc->n :
			LOCATION_MAX_CONTACTS - 1;
		for (; j > i; j--)
			loc->v[j] = loc->v[j - 1];
		loc->v[i] = c;
		if (loc->n < LOCATION_MAX_CONTACTS)
			++loc->n;
	}

	for (i = 0; i < loc->n; i++)
		loc->v[i].q = i < 9 ? 1000 - 100 * i : 100;
}

static void analog_contact(struct location *loc, const struct analog *an)
{
	struct odict *o = NULL;
	const char *port;
	bool present = false;

	if (analog_handset_document(&o, an, loc->user_id))
		return;

	port = odict_string(o, CTRL_KEY_PORT);
	(void)odict_get_boolean(o, &present, CTRL_KEY_PRESENT);
	if (port) {
		str_ncpy(loc->port, port, sizeof(loc->port));
		(void)re_snprintf(loc->port_uri, sizeof(loc->port_uri),
				  "fxs:%s", port);
	}
	if (port && present) {
		loc->v[0].uri = loc->port_uri;
		loc->v[0].q = 1000;
		loc->n = 1;
	}

	mem_deref(o);
}

void location_find(struct location *loc, const struct records *r,
		   const struct analog *an, const struct pl *id,
		   uint64_t now)
{
	const struct config *cfg = records_config(r);
	const struct hs_conf *conf;
	const struct handset *hs;
	struct odict *o = NULL;

	if (!loc)
		return;

	memset(loc, 0, sizeof(*loc));
	loc->state = LOCATION_UNKNOWN;
	loc->now = now;
	if (!cfg || !pl_isset(id) || id->l >= sizeof(loc->user_id))
		return;

	conf = config_by_uid(cfg, id);
	if (!conf)
		conf = config_by_login(cfg, id);

	if (conf && conf->model->kind != MODEL_ANALOG) {
		struct pl uid;

		pl_set_str(&uid, conf->user_id);
		hs = records_handset(r, &uid);
		if (!hs)
			return;
		str_ncpy(loc->user_id, hs->user_id, sizeof(loc->user_id));
		sip_contacts(loc, hs, now);
	}
	else if (conf) {
		str_ncpy(loc->user_id, conf->user_id, sizeof(loc->user_id));
		loc->analog = true;
		analog_contact(loc, an);
	}
	else {
		/* an analog handset made by lifting a receiver is in no
		 * file: the analog side knows it by its user ID alone */
		(void)pl_strcpy(id, loc->user_id, sizeof(loc->user_id));
		if (analog_handset_document(&o, an, loc->user_id)) {
			loc->user_id[0] = '\0';
			return;
		}
		mem_deref(o);
		loc->analog = true;
		analog_contact(loc, an);
	}

	loc->state = loc->n ? LOCATION_AVAILABLE : LOCATION_UNAVAILABLE;
}

/*
 * The lookup as JSON (`handsetctl lookup`): the handset, whether it can be
 * reached, and its contacts in the order of the 302's Contact headers.
 */
int location_document(struct odict **op, const struct location *loc,
		      uint64_t now)
{
	struct odict *o = NULL, *arr = NULL;
	unsigned i;
	int err;

	if (!op || !loc || loc->state == LOCATION_UNKNOWN)
		return EINVAL;

	err  = jsondoc_alloc(&o);
	err |= jsondoc_alloc(&arr);
	if (err)
		goto out;

	err |= odict_entry_add(o, CTRL_KEY_VERSION, ODICT_INT,
			       (int64_t)CTRL_DOC_VERSION);
	err |= jsondoc_str(o, CTRL_KEY_USER_ID, loc->user_id);
	err |= jsondoc_str(o, CTRL_KEY_KIND, loc->analog ?
			   CTRL_VAL_KIND_ANALOG : CTRL_VAL_KIND_SIP);
	err |= odict_entry_add(o, CTRL_KEY_AVAILABLE, ODICT_BOOL,
			       loc->state == LOCATION_AVAILABLE);
	if (loc->analog)
		err |= jsondoc_str(o, CTRL_KEY_PORT,
				   loc->port[0] ? loc->port : NULL);

	for (i = 0; i < loc->n && !err; i++) {
		const struct location_contact *c = &loc->v[i];
		struct odict *e = NULL;

		err = jsondoc_alloc(&e);
		if (err)
			break;
		err |= jsondoc_str(e, CTRL_KEY_URI, c->uri);
		err |= odict_entry_add(e, CTRL_KEY_Q, ODICT_DOUBLE,
				       c->q / 1000.0);
		if (c->expires) {
			err |= jsondoc_time(e, CTRL_KEY_EXPIRES, c->expires);
			err |= odict_entry_add(e, CTRL_KEY_EXPIRES_IN,
					       ODICT_INT, (int64_t)
					       (c->expires - now));
		}
		else {
			err |= jsondoc_str(e, CTRL_KEY_EXPIRES, NULL);
		}
		if (!err)
			err = jsondoc_push(arr, e);
		mem_deref(e);
	}

	if (!err)
		err = odict_entry_add(o, CTRL_KEY_CONTACTS, ODICT_ARRAY, arr);

 out:
	mem_deref(arr);
	if (err)
		mem_deref(o);
	else
		*op = o;

	return err;
}
