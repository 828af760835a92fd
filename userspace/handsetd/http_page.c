/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Handsets page as HTML, rendered on the server from the very JSON
 * document `handsetctl list --json` and /api/v1/handsets serve (an
 * odict), so the page, the API and the CLI cannot disagree; a SIP row
 * from the facts that handset's member of that document is made of
 * (struct listing_sip), as building a member costs more than the row.  It
 * works with scripts off; the script only swaps in a fresh <main> from
 * the event stream.  Everything in the document may come from a phone,
 * so every string is escaped; no inline script or style (the policy
 * forbids both).
 */
#include <string.h>
#include <time.h>
#include "handsetd.h"
#include "analog.h"
#include "http.h"

int html_str(struct re_printf *pf, const char *s)
{
	const char *run;
	int err = 0;

	if (!s)
		return 0;

	for (run = s; *s && !err; s++) {
		unsigned char ch = (unsigned char)*s;
		const char *ent;

		switch (ch) {
		case '&':  ent = "&amp;";  break;
		case '<':  ent = "&lt;";   break;
		case '>':  ent = "&gt;";   break;
		case '"':  ent = "&quot;"; break;
		case '\'': ent = "&#39;";  break;
		/* a newline as a reference keeps a fragment on one line
		 * of the event stream */
		case '\n': ent = "&#10;"; break;
		default:
			ent = ch < 0x20 || ch == 0x7f ? "?" : NULL;
			break;
		}
		if (!ent)
			continue;

		err = pf->vph(run, (size_t)(s - run), pf->arg);
		err |= re_hprintf(pf, "%s", ent);
		run = s + 1;
	}

	if (!err && s > run)
		err = pf->vph(run, (size_t)(s - run), pf->arg);

	return err;
}

/* A literal piece of HTML: no formatting to pay for in the rows. */
static int put(struct re_printf *pf, const char *s)
{
	return pf->vph(s, strlen(s), pf->arg);
}

static const char *str(const struct odict *o, const char *key)
{
	return o ? odict_string(o, key) : NULL;
}

static const struct odict *member(const struct odict *o, const char *key,
				  enum odict_type type)
{
	const struct odict_entry *e = o ? odict_get_type(o, type, key) : NULL;

	return e ? e->u.odict : NULL;
}

static unsigned count(const struct odict *arr)
{
	return arr ? list_count(&arr->lst) : 0;
}

/* The document's times are the box's local time with the offset
 * (ISO 8601); people read them without the T and the offset. */
static int when(struct re_printf *pf, const char *iso)
{
	if (!iso)
		return re_hprintf(pf, "-");

	if (strlen(iso) >= 19 && iso[10] == 'T') {
		int err = put(pf, "<time datetime=\"");

		err |= html_str(pf, iso);
		err |= put(pf, "\">");
		err |= pf->vph(iso, 10, pf->arg);
		err |= put(pf, " ");
		err |= pf->vph(iso + 11, 8, pf->arg);

		return err | put(pf, "</time>");
	}

	return html_str(pf, iso);
}

/* Every time in the document is an ISO 8601 string (handsets.schema.json). */
static int since(struct re_printf *pf, const struct odict *p)
{
	const char *t = str(p, "since");

	return t ? when(pf, t) : re_hprintf(pf, "-");
}

static int cell(struct re_printf *pf, const char *label, const char *val)
{
	int err = put(pf, "<td data-label=\"");

	err |= put(pf, label);
	err |= put(pf, "\">");
	err |= html_str(pf, val && *val ? val : "-");

	return err | put(pf, "</td>");
}

static int thead(struct re_printf *pf, const char *const cols[])
{
	int err;

	err = re_hprintf(pf, "<table class=\"sortable\"><thead><tr>");
	for (; *cols; cols++)
		err |= re_hprintf(pf, "<th scope=\"col\">%s</th>", *cols);

	return err | re_hprintf(pf, "</tr></thead><tbody>");
}

/*
 * A section's heading with its count; then the table's head, or when
 * there is nothing the sentence saying so (and the section ends).
 */
static int section(struct re_printf *pf, const char *id, const char *title,
		   unsigned n, const char *none, const char *const cols[])
{
	int err;

	err = re_hprintf(pf, "<section id=\"%s\"><h2>%s <span class=\"count"
			 "\">%u</span></h2>", id, title, n);
	if (!n)
		return err | re_hprintf(pf, "<p class=\"empty\">%s</p>"
					"</section>", none);

	return err | (cols ? thead(pf, cols) : 0);
}

/* The MAC, and under it what provisioning did for it. */
static int prov_cell(struct re_printf *pf, const struct listing_sip *v)
{
	int err;

	err = put(pf, "<td data-label=\"MAC\">");
	err |= html_str(pf, v->mac && *v->mac ? v->mac : "-");
	if (!v->provisioning) {
		err |= put(pf, "<div class=\"prov\">not provisioned</div>");
	}
	else if (v->provisioned) {
		err |= put(pf, "<div class=\"prov\">provisioned ");
		err |= when(pf, v->provisioned);
		err |= put(pf, " from ");
		err |= html_str(pf, v->provisioned_from);
		err |= put(pf, "</div>");
	}

	return err | put(pf, "</td>");
}

enum { ROW_CONTACTS = 16 };	/* registration.max_contacts at most */

/* Each binding's facts, once: the row shows them in three columns. */
static int contact_views(struct listing_contact **cvp, size_t *np,
			 struct listing_contact *stack,
			 const struct listing_sip *v)
{
	size_t n = v->bindings ? list_count(v->bindings) : 0, i = 0;
	struct listing_contact *cv = stack;
	struct le *le;
	int err = 0;

	/* a lowered max_contacts leaves older bindings until they expire */
	if (n > ROW_CONTACTS) {
		cv = mem_alloc(n * sizeof(*cv), NULL);
		if (!cv)
			return ENOMEM;
	}

	for (le = n ? v->bindings->head : NULL; le && !err; le = le->next)
		err = listing_contact_view(&cv[i++], le->data);

	if (err && cv != stack)
		mem_deref(cv);
	if (!err) {
		*cvp = cv;
		*np = n;
	}

	return err;
}

static int contact_cols(struct re_printf *pf, const struct listing_sip *v)
{
	struct listing_contact stack[ROW_CONTACTS], *cv = NULL;
	size_t n = 0, i;
	int err;

	err = contact_views(&cv, &n, stack, v);
	if (err)
		return err;

	/* one line per binding in each of the three columns */
	err |= put(pf, "<td data-label=\"Contacts\">");
	for (i = 0; i < n; i++) {
		err |= put(pf, "<div>");
		err |= html_str(pf, cv[i].uri);
		err |= put(pf, "</div>");
	}
	err |= put(pf, "</td><td data-label=\"Source\">");
	for (i = 0; i < n; i++) {
		err |= put(pf, "<div>");
		err |= html_str(pf, cv[i].transport);
		err |= put(pf, ":");
		err |= html_str(pf, cv[i].source);
		err |= put(pf, "</div>");
	}
	err |= put(pf, "</td><td data-label=\"User agent\">");
	for (i = 0; i < n; i++) {
		err |= put(pf, "<div>");
		err |= html_str(pf, cv[i].user_agent);
		err |= put(pf, "</div>");
	}

	if (cv != stack)
		mem_deref(cv);

	return err | put(pf, "</td>");
}

/*
 * One SIP handset's row, from the facts its JSON member is made of
 * (listing_sip_view()): what the list shows and a live update replaces.
 */
int http_page_sip_row(struct re_printf *pf, const struct listing_sip *v)
{
	int err;

	err = put(pf, v->registered ? "<tr class=\"registered\"" :
		  "<tr class=\"unregistered\"");
	err |= put(pf, " data-user-id=\"");
	err |= html_str(pf, v->user_id);
	err |= put(pf, "\"><td data-label=\"User ID\"><a href=\"/handsets/");
	err |= html_str(pf, v->user_id);
	err |= put(pf, "\">");
	err |= html_str(pf, v->user_id);
	err |= put(pf, "</a></td>");
	err |= cell(pf, "Model", v->model);
	err |= cell(pf, "Login ID", v->login);
	err |= prov_cell(pf, v);

	err |= put(pf, "<td data-label=\"Status\" class=\"status\">");
	if (v->registered) {
		err |= put(pf, "registered until ");
		err |= when(pf, v->expires);
	}
	else {
		err |= put(pf, "not registered");
	}
	err |= put(pf, "</td>");

	err |= contact_cols(pf, v);

	return err | put(pf, "</tr>");
}

typedef int (row_h)(struct re_printf *pf, const struct odict *o,
		    const struct analog *an);

/* A section whose list is a table: one row per object of arr. */
static int table_section(struct re_printf *pf, const char *id,
			 const char *title, const struct odict *arr,
			 const char *none, const char *const cols[],
			 row_h *rowh, const struct analog *an)
{
	struct le *le;
	int err;

	err = section(pf, id, title, count(arr), none, cols);
	if (!count(arr))
		return err;

	for (le = arr->lst.head; le; le = le->next) {
		const struct odict_entry *e = le->data;

		if (e->type == ODICT_OBJECT)
			err |= rowh(pf, e->u.odict, an);
	}

	return err | re_hprintf(pf, "</tbody></table></section>");
}

static const char *const sip_cols[] = {
	"User ID", "Model", "Login ID", "MAC", "Status", "Contacts",
	"Source", "User agent", NULL
};
static const char sip_none[] = "No SIP handsets are configured.";

/* The same section with its n rows printed by rows (http_rows.c). */
static int sip_section_rows(struct re_printf *pf, unsigned n,
			    re_printf_h *rows, void *arg)
{
	int err;

	err = section(pf, "sip", "SIP Handsets", n, sip_none, sip_cols);
	if (!n)
		return err;

	err |= rows(pf, arg);

	return err | re_hprintf(pf, "</tbody></table></section>");
}

static int disc_row(struct re_printf *pf, const struct odict *d,
		    const struct analog *an)
{
	int err;

	(void)an;

	err = re_hprintf(pf, "<tr>");
	err |= cell(pf, "MAC", str(d, "mac"));
	err |= cell(pf, "Vendor", str(d, "vendor"));
	err |= cell(pf, "Model", str(d, "model"));
	err |= cell(pf, "Address", str(d, "address"));
	err |= re_hprintf(pf, "<td data-label=\"First seen\">%H</td>"
			  "<td data-label=\"Last seen\">%H</td>",
			  when, str(d, "first_seen"),
			  when, str(d, "last_seen"));
	err |= cell(pf, "User agent", str(d, "user_agent"));
	err |= cell(pf, "Seen via", str(d, "seen_via"));

	return err | re_hprintf(pf, "</tr>");
}

static int disc_section(struct re_printf *pf, const struct odict *doc)
{
	static const char *const cols[] = {
		"MAC", "Vendor", "Model", "Address", "First seen",
		"Last seen", "User agent", "Seen via", NULL
	};

	return table_section(pf, "discovered", "Discovered Devices",
			     member(doc, "discovered_devices", ODICT_ARRAY),
			     "No unconfigured device has made itself known.",
			     cols, disc_row, NULL);
}

/* The Warnings section from the document's warnings array. */
int http_page_warnings(struct re_printf *pf, const struct odict *arr)
{
	struct le *le;
	int err;

	err = section(pf, "warnings", "Warnings", count(arr), "No warnings.",
		      NULL);
	if (!count(arr))
		return err;

	err |= re_hprintf(pf, "<ul class=\"warnings\">");
	for (le = arr->lst.head; le; le = le->next) {
		const struct odict_entry *e = le->data;

		/* an object whose message names both MACs */
		if (e->type == ODICT_OBJECT)
			err |= re_hprintf(pf, "<li>%H</li>", html_str,
					  str(e->u.odict, "message"));
	}

	return err | re_hprintf(pf, "</ul></section>");
}

static int warn_section(struct re_printf *pf, const struct odict *doc)
{
	return http_page_warnings(pf, member(doc, "warnings", ODICT_ARRAY));
}

static int location(struct re_printf *pf, const struct odict *p)
{
	const char *loc = str(p, "location");
	uint64_t n;

	if (!loc)
		return re_hprintf(pf, "-");
	if (strcmp(loc, "expander"))
		return re_hprintf(pf, "built-in");

	if (!odict_get_number(p, &n, "expander_port"))
		n = 0;

	return re_hprintf(pf, "expander %H port %llu", html_str,
			  str(p, "expander"), (unsigned long long)n);
}

static int hook(struct re_printf *pf, const struct odict *p)
{
	const char *h = str(p, "hook");

	if (!h)
		h = str(p, "status");
	if (!h)
		return re_hprintf(pf, "-");
	if (!strcmp(h, "offhook"))
		return re_hprintf(pf, "off-hook");
	if (!strcmp(h, "onhook"))
		return re_hprintf(pf, "on-hook");

	return html_str(pf, h);
}

static int analog_row(struct re_printf *pf, const struct odict *p,
		      const struct analog *an)
{
	const char *origin = str(p, "origin");
	const char *hk = str(p, "hook");
	int err;

	(void)an;
	err = re_hprintf(pf, "<tr class=\"%s\">", hk && !strcmp(hk, "offhook")
			 ? "offhook" : "onhook");
	err |= re_hprintf(pf, "<td data-label=\"User ID\"><a href=\"/"
			  "handsets/%H\">%H</a></td>", html_str,
			  str(p, "user_id"), html_str, str(p, "user_id"));
	err |= cell(pf, "Port", str(p, "port"));
	err |= re_hprintf(pf, "<td data-label=\"Location\">%H</td>"
			  "<td data-label=\"Hook\">%H</td>"
			  "<td data-label=\"Since\">%H</td>", location, p,
			  hook, p, since, p);
	err |= cell(pf, "Origin", origin && !strcmp(origin, "auto") ?
		    "auto-created" : origin);

	return err | re_hprintf(pf, "</tr>");
}

struct snip_arg {
	const struct analog *an;
	const struct pl *key;
};

static int snippet_print(struct re_printf *pf, void *arg)
{
	const struct snip_arg *sa = arg;

	return analog_snippet_cmd(pf, sa->an, sa->key);
}

static int port_row(struct re_printf *pf, const struct odict *p,
		    const struct analog *an)
{
	struct mbuf *mb = mbuf_alloc(128);
	const char *port = str(p, "port");
	struct pl key;
	int err;

	if (!mb)
		return ENOMEM;

	err = re_hprintf(pf, "<tr>");
	err |= cell(pf, "Port", port);
	err |= re_hprintf(pf, "<td data-label=\"Location\">%H</td>"
			  "<td data-label=\"Hook\">%H</td>", location, p,
			  hook, p);

	/* the entry `handsetctl snippet PORT` prints, to paste as is */
	if (an && port) {
		struct snip_arg sa = { an, &key };

		pl_set_str(&key, port);
		if (mbuf_printf(mb, "%H", snippet_print, &sa))
			mbuf_reset(mb);
	}
	(void)mbuf_write_u8(mb, 0);
	err |= re_hprintf(pf, "<td data-label=\"Entry to paste\"><code>%H"
			  "</code></td></tr>", html_str, (char *)mb->buf);
	mem_deref(mb);

	return err;
}

static int analog_section(struct re_printf *pf, const struct odict *doc,
			  const struct analog *an)
{
	static const char *const cols[] = {
		"User ID", "Port", "Location", "Hook", "Since", "Origin", NULL
	};
	static const char *const pcols[] = {
		"Port", "Location", "Hook", "Entry to paste", NULL
	};
	const struct odict *a = member(doc, "analog", ODICT_OBJECT);
	const struct odict *hs = member(a, "handsets", ODICT_ARRAY);
	const struct odict *ps = member(a, "unassigned_ports", ODICT_ARRAY);
	bool attached = true;
	int err = 0;

	if (a)
		(void)odict_get_boolean(a, &attached, "kernel_attached");
	if (!attached)
		err |= re_hprintf(pf, "<p class=\"note\">The fxs module is "
				  "not loaded: every analog port is absent."
				  "</p>");

	err |= table_section(pf, "analog", "Analog Handsets", hs,
			     "No analog handsets yet: lift the receiver of a "
			     "phone on an inside port, or configure one.",
			     cols, analog_row, an);
	err |= table_section(pf, "ports", "Ports without a handset", ps,
			     "Every port has a handset.", pcols, port_row, an);

	return err;
}

static int head(struct re_printf *pf, const char *title)
{
	return re_hprintf(pf, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			  "<meta charset=\"utf-8\">"
			  "<meta name=\"viewport\" content=\"width=device-"
			  "width, initial-scale=1\">"
			  "<title>%H</title>"
			  "<link rel=\"stylesheet\" href=\"/static/handsets"
			  ".css\">"
			  "<script src=\"/static/handsets.js\" defer>"
			  "</script></head>\n<body>", html_str, title);
}

static int page_top(struct re_printf *pf)
{
	int err = head(pf, "Handsets");

	return err | re_hprintf(pf, "<header><h1>Handsets</h1>"
			   "<input type=\"search\" id=\"filter\" "
			   "placeholder=\"Filter\" aria-label=\"Filter the "
			   "lists\" hidden>"
			   "<span id=\"live\" class=\"live\"></span>"
			   "<a class=\"api\" href=\"/api/v1/handsets\">JSON"
			   "</a></header>\n<main id=\"main\">");
}

/*
 * The page (whole) or its <main> from a document whose sip_handsets is
 * empty (listing_document_nosip()): its nsip SIP rows printed by rows.
 */
int http_page_list_rows(struct re_printf *pf, const struct odict *doc,
			const struct analog *an, unsigned nsip,
			re_printf_h *rows, void *arg, bool whole)
{
	/* in turn: the operands of | are not sequenced */
	int err = whole ? page_top(pf) : 0;

	err |= sip_section_rows(pf, nsip, rows, arg);
	err |= disc_section(pf, doc);
	err |= warn_section(pf, doc);
	err |= analog_section(pf, doc, an);

	return err | (whole ? re_hprintf(pf, "</main>\n</body></html>\n") :
		      0);
}

static int value(struct re_printf *pf, const struct odict_entry *e)
{
	switch (e->type) {
	case ODICT_STRING:
		if (strlen(e->u.str) >= 19 && e->u.str[10] == 'T' &&
		    e->u.str[4] == '-')
			return when(pf, e->u.str);
		return html_str(pf, e->u.str);
	case ODICT_INT:
		return re_hprintf(pf, "%lld", (long long)e->u.integer);
	case ODICT_BOOL:
		return re_hprintf(pf, "%s", e->u.boolean ? "yes" : "no");
	case ODICT_NULL:
		return re_hprintf(pf, "-");
	default:
		return 0;
	}
}

static int label(struct re_printf *pf, const char *key)
{
	int err = 0;

	for (; *key && !err; key++)
		err = re_hprintf(pf, "%c", *key == '_' ? ' ' : *key);

	return err;
}

/* An array of objects, as a table with the first object's keys. */
static int sub_table(struct re_printf *pf, const struct odict *arr)
{
	const struct odict_entry *first;
	struct le *le, *k;
	int err;

	first = arr->lst.head ? arr->lst.head->data : NULL;
	if (!first || first->type != ODICT_OBJECT)
		return re_hprintf(pf, "-");

	err = re_hprintf(pf, "<table><thead><tr>");
	for (k = first->u.odict->lst.head; k; k = k->next)
		err |= re_hprintf(pf, "<th>%H</th>", label,
				  ((struct odict_entry *)k->data)->key);
	err |= re_hprintf(pf, "</tr></thead><tbody>");

	for (le = arr->lst.head; le; le = le->next) {
		const struct odict_entry *e = le->data;

		if (e->type != ODICT_OBJECT)
			continue;
		err |= re_hprintf(pf, "<tr>");
		for (k = first->u.odict->lst.head; k; k = k->next) {
			const char *key = ((struct odict_entry *)k->data)->key;
			const struct odict_entry *v;

			v = odict_lookup(e->u.odict, key);
			err |= re_hprintf(pf, "<td data-label=\"%H\">%H</td>",
					  label, key, value, v ? v :
					  k->data);
		}
		err |= re_hprintf(pf, "</tr>");
	}

	return err | re_hprintf(pf, "</tbody></table>");
}

/* One handset: its record in the list document. */
int http_page_handset(struct re_printf *pf, const struct odict *hs)
{
	const char *uid;
	struct le *le;
	int err;

	uid = str(hs, "user_id");

	err = head(pf, uid ? uid : "Handset");
	err |= re_hprintf(pf, "<header><h1><a href=\"/\">Handsets</a> / "
			  "%H</h1><a class=\"api\" href=\"/api/v1/handsets/%H"
			  "\">JSON</a></header>\n<main id=\"handset\">"
			  "<dl class=\"handset\">", html_str, uid, html_str,
			  uid);

	for (le = hs->lst.head; le; le = le->next) {
		const struct odict_entry *e = le->data;

		err |= re_hprintf(pf, "<dt>%H</dt><dd>", label, e->key);
		if (e->type == ODICT_ARRAY)
			err |= count(e->u.odict) ? sub_table(pf, e->u.odict) :
				re_hprintf(pf, "none");
		else if (e->type == ODICT_OBJECT)
			err |= re_hprintf(pf, "-");
		else
			err |= value(pf, e);
		err |= re_hprintf(pf, "</dd>");
	}

	return err | re_hprintf(pf, "</dl></main>\n</body></html>\n");
}

int http_page_error(struct re_printf *pf, uint16_t code, const char *reason,
		    const char *why)
{
	return re_hprintf(pf, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			  "<meta charset=\"utf-8\"><title>%u %s</title>"
			  "</head><body><h1>%u %s</h1><p>%H</p></body>"
			  "</html>\n", code, reason, code, reason, html_str,
			  why ? why : "");
}
