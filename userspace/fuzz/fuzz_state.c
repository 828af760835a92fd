/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state directory at start-up, from bytes: the state log (bindings,
 * seen MACs, discovered devices), the nonce secret and the auto-created
 * analog handsets file, each possibly corrupt, truncated or absent.
 *
 * Input: the three files' contents separated by lines "%%", in that order;
 * a missing part means a missing file.  The daemon must either start with
 * what is valid or refuse with an error, and what it serves must be what
 * it reads back: after a start, a second start from the directory the
 * first one left (its compaction included) must hold the same handsets,
 * bindings and devices, the secret must load twice the same, and the
 * analog file must survive a save and a load unchanged.  Any difference
 * aborts.
 */
#include "fuzz.h"
#include "analog_autos.h"

static const char *const files[] = {
	"state.log", "nonce-secret", "analog-handsets.conf",
};

static int dump_binding(struct re_printf *pf, const struct binding *b)
{
	return re_hprintf(pf, "  B %s %s %u %llu %llu %J %s %s %s\n", b->uri,
			  b->callid, b->cseq, (unsigned long long)b->expires,
			  (unsigned long long)b->updated, &b->src,
			  sip_transp_name(b->tp), b->ua ? b->ua : "-",
			  b->instance ? b->instance : "-");
}

static bool dump_handset(struct handset *hs, void *arg)
{
	struct mbuf *mb = arg;
	const struct le *le;
	char mac[MAC_STR_SIZE] = "-";

	if (hs->has_seen_mac)
		mac_format(mac, hs->seen_mac);
	(void)mbuf_printf(mb, "H %s %s\n", hs->user_id, mac);
	for (le = list_head(&hs->bindings); le; le = le->next) {
		char *s = NULL;

		(void)re_sdprintf(&s, "%H", dump_binding, le->data);
		(void)mbuf_write_str(mb, s ? s : "?\n");
		mem_deref(s);
	}

	return false;
}

static bool dump_discovered(struct discovered *d, void *arg)
{
	char mac[MAC_STR_SIZE];

	mac_format(mac, d->mac);
	(void)mbuf_printf(arg, "D %s %s %s %s %s %J %llu %llu\n", mac,
			  d->vendor ? d->vendor : "-",
			  d->model ? d->model : "-", d->ua ? d->ua : "-",
			  d->how ? d->how : "-", &d->src,
			  (unsigned long long)d->first_seen,
			  (unsigned long long)d->last_seen);

	return false;
}

/* Everything a start served from dir, as text; NULL when it refused. */
static struct mbuf *start(struct config *cfg, const char *dir)
{
	struct records *recs = NULL;
	struct mbuf *mb;

	if (records_alloc(&recs, cfg, dir))
		return NULL;

	mb = mbuf_alloc(512);
	if (!mb)
		abort();
	records_handset_apply(recs, dump_handset, mb);
	records_discovered_apply(recs, dump_discovered, mb);
	(void)mbuf_printf(mb, "bindings %u\n", records_binding_count(recs));
	mem_deref(recs);

	return mb;
}

/* Lines in any order: handsets and devices come out of hash tables. */
static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool same_lines(struct mbuf *a, struct mbuf *b)
{
	char *sa = NULL, *sb = NULL, *la[4096], *lb[4096];
	size_t na = 0, nb = 0, i;
	bool same = false;
	char *p, *save;

	a->pos = b->pos = 0;
	if (mbuf_strdup(a, &sa, a->end) || mbuf_strdup(b, &sb, b->end))
		abort();
	for (p = strtok_r(sa, "\n", &save); p && na < 4096;
	     p = strtok_r(NULL, "\n", &save))
		la[na++] = p;
	for (p = strtok_r(sb, "\n", &save); p && nb < 4096;
	     p = strtok_r(NULL, "\n", &save))
		lb[nb++] = p;
	if (na == nb) {
		qsort(la, na, sizeof(la[0]), line_cmp);
		qsort(lb, nb, sizeof(lb[0]), line_cmp);
		for (i = 0; i < na && !strcmp(la[i], lb[i]); i++)
			;
		same = i == na;
	}
	if (!same)
		(void)fprintf(stderr, "first start:\n%s\nsecond start:\n%s\n",
			      sa, sb);
	mem_deref(sa);
	mem_deref(sb);

	return same;
}

static void check_secret(const char *dir)
{
	uint8_t s1[SECRET_LEN], s2[SECRET_LEN];

	if (auth_secret_load(s1, dir))
		return;
	if (auth_secret_load(s2, dir) || memcmp(s1, s2, sizeof(s1)))
		abort();
}

static bool autos_equal(const struct list *a, const struct list *b)
{
	const struct le *x = list_head(a), *y = list_head(b);

	for (; x && y; x = x->next, y = y->next) {
		const struct analog_auto *p = x->data, *q = y->data;

		if (strcmp(p->user_id, q->user_id) ||
		    strcmp(p->port, q->port) ||
		    p->created != q->created)
			return false;
	}

	return !x && !y;
}

static void check_autos(const char *dir)
{
	struct list a = LIST_INIT, b = LIST_INIT;
	char *path = NULL;

	if (analog_autos_path(&path, dir))
		abort();
	if (!analog_autos_load(&a, path)) {
		if (analog_autos_save(&a, path) ||
		    analog_autos_load(&b, path) || !autos_equal(&a, &b))
			abort();
	}
	list_flush(&a);
	list_flush(&b);
	mem_deref(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config *cfg;
	const char *dir = fuzz_setup();
	const uint8_t *end = data + size;
	struct mbuf *first, *second;
	size_t i;

	if (!cfg)
		cfg = fuzz_config();

	fuzz_clock = 1767225600;
	fuzz_clean(dir);
	for (i = 0; i < sizeof(files) / sizeof(files[0]) && data < end;
	     i++) {
		const uint8_t *sep = memmem(data, (size_t)(end - data),
					    "\n%%\n", 4);

		fuzz_write(dir, files[i], data,
			   (size_t)((sep ? sep + 1 : end) - data));
		data = sep ? sep + 4 : end;
	}

	check_secret(dir);
	check_autos(dir);

	first = start(cfg, dir);
	if (first) {
		second = start(cfg, dir);
		if (!second || !same_lines(first, second))
			abort();
		mem_deref(second);
	}
	mem_deref(first);

	return 0;
}
