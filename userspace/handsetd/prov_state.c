/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * When each vendor handset last fetched its provisioning file, and from
 * where: what the Handsets list shows as "provisioned <date time> from
 * <address>".  Kept in <state_dir>/provisioned, one line per handset
 * ("USER_ID MAC SECONDS ADDRESS"), replaced atomically (afile.c).  A boot
 * storm fetches thousands of files a second: the file is written at most
 * once a second, after the fetches, not once per fetch.
 *
 * The entry belongs to the MAC that fetched: when the administrator
 * changes a handset's MAC, its old entry no longer applies.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include "handsetd.h"
#include "afile.h"
#include "events.h"
#include "prov.h"

enum { WRITE_DELAY_MS = 1000, MAX_LINE = 256 };

struct entry {
	struct le he;
	char *user_id;
	struct prov_seen seen;
};

static struct {
	struct hash *ht;
	char *path;
	struct tmr tmr;
	bool dirty;
} st;

static void entry_destructor(void *arg)
{
	struct entry *e = arg;

	hash_unlink(&e->he);
	mem_deref(e->user_id);
}

static bool uid_cmp(struct le *le, void *arg)
{
	const struct entry *e = le->data;

	return !strcmp(e->user_id, arg);
}

static struct entry *find(const char *user_id)
{
	return list_ledata(hash_lookup(st.ht, hash_joaat_str(user_id),
				       uid_cmp, (void *)user_id));
}

static struct entry *add(const char *user_id)
{
	struct entry *e = find(user_id);

	if (e)
		return e;

	e = mem_zalloc(sizeof(*e), entry_destructor);
	if (!e || str_dup(&e->user_id, user_id))
		return mem_deref(e);

	hash_append(st.ht, hash_joaat_str(user_id), &e->he, e);

	return e;
}

static bool line_handler(struct le *le, void *arg)
{
	const struct entry *e = le->data;
	struct mbuf *mb = arg;
	char mac[MAC_STR_SIZE];

	mac_format(mac, e->seen.mac);

	return mbuf_printf(mb, "%s %s %llu %j\n", e->user_id, mac,
			   (unsigned long long)e->seen.at, &e->seen.src) != 0;
}

static void write_now(void)
{
	struct afile *af = NULL;
	struct mbuf *mb;
	int err;

	st.dirty = false;

	mb = mbuf_alloc(4096);
	if (!mb)
		return;

	if (hash_apply(st.ht, line_handler, mb)) {
		err = ENOMEM;
		goto out;
	}

	err = afile_open(&af, st.path, 0640);
	if (!err)
		err = afile_write(af, mb->buf, mb->end);
	if (!err)
		err = afile_commit(af);

 out:
	if (err)
		log_msg(LOG_WARNING, "provisioning: cannot write %s: %m",
			st.path, err);
	mem_deref(af);
	mem_deref(mb);
}

static void tmr_handler(void *arg)
{
	(void)arg;

	if (st.dirty)
		write_now();
}

static void load(void)
{
	char line[MAX_LINE];
	unsigned bad = 0;
	FILE *f;

	f = fopen(st.path, "r");
	if (!f) {
		if (errno != ENOENT)
			log_msg(LOG_WARNING, "provisioning: cannot read %s: "
				"%m", st.path, errno);
		return;
	}

	while (fgets(line, sizeof(line), f)) {
		struct pl uid, mac, at, addr;
		struct prov_seen s;
		struct entry *e;
		char *u = NULL;

		if (re_regex(line, strlen(line), "[^ ]+ [^ ]+ [0-9]+ [^ \r\n]+",
			     &uid, &mac, &at, &addr) ||
		    mac_parse(s.mac, mac.p, mac.l) ||
		    sa_set(&s.src, &addr, 0) || pl_strdup(&u, &uid)) {
			++bad;
			continue;
		}
		s.at = pl_u64(&at);
		e = add(u);
		if (e)
			e->seen = s;
		mem_deref(u);
	}
	fclose(f);

	if (bad)
		log_msg(LOG_WARNING, "provisioning: %s: %u unreadable lines "
			"skipped", st.path, bad);
}

int prov_state_open(const char *state_dir)
{
	int err;

	if (!state_dir)
		return EINVAL;

	prov_state_close();

	err  = hash_alloc(&st.ht, 256);
	err |= re_sdprintf(&st.path, "%s/provisioned", state_dir);
	if (err) {
		prov_state_close();
		return ENOMEM;
	}
	tmr_init(&st.tmr);
	load();

	return 0;
}

void prov_state_close(void)
{
	if (st.dirty)
		write_now();
	tmr_cancel(&st.tmr);
	if (st.ht)
		hash_flush(st.ht);
	st.ht = mem_deref(st.ht);
	st.path = mem_deref(st.path);
}

void prov_state_fetched(const struct hs_conf *hc, const struct sa *src,
			uint64_t now)
{
	struct event_info ei = { .user_id = hc ? hc->user_id : NULL };
	struct entry *e;

	if (!st.ht || !hc || !src)
		return;

	e = add(hc->user_id);
	if (!e)
		return;

	e->seen.at = now;
	e->seen.src = *src;
	memcpy(e->seen.mac, hc->mac, MAC_LEN);

	/* the handset's row now says "provisioned": open pages update it */
	events_publish_info(EVENT_SIP, &ei);

	if (!st.dirty) {
		st.dirty = true;
		tmr_start(&st.tmr, WRITE_DELAY_MS, tmr_handler, NULL);
	}
}

/* What user_id's phone last fetched, when it is the phone of mac. */
const struct prov_seen *prov_state_get(const char *user_id,
				       const uint8_t mac[MAC_LEN])
{
	const struct entry *e;

	if (!st.ht || !user_id || !mac)
		return NULL;

	e = find(user_id);
	if (!e || memcmp(e->seen.mac, mac, MAC_LEN))
		return NULL;

	return &e->seen;
}
