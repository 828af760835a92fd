/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state log: what is acknowledged is on disk, a restart replays it, a
 * torn or damaged record is dropped without losing the others, fields
 * survive escaping, compaction keeps only live records; and the records
 * module on top of it restores bindings and drops expired ones.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "handsetd.h"
#include "tap.h"

static char dir[] = "/tmp/hsstateXXXXXX";
static char path[600];

struct seen {
	int n;
	char last[STATELOG_MAX_FIELDS][128];
	int lastc;
};

static void rec_handler(int argc, char *argv[], void *arg)
{
	struct seen *s = arg;
	int i;

	++s->n;
	s->lastc = argc;
	for (i = 0; i < argc; i++)
		str_ncpy(s->last[i], argv[i], sizeof(s->last[i]));
}

static void done_handler(int err, void *arg)
{
	int *res = arg;

	*res = err;
}

static int snap_handler(struct statelog *sl, void *arg)
{
	(void)arg;

	return statelog_append(sl, "K only");
}

static long file_size(void)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)st.st_size;
}

static void append_raw(const char *s)
{
	int fd = open(path, O_WRONLY | O_APPEND);

	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0)
			printf("# write failed\n");
		close(fd);
	}
}

static int open_log(struct statelog **slp, struct seen *s)
{
	memset(s, 0, sizeof(*s));

	return statelog_open(slp, dir, rec_handler, s);
}

static void test_log(void)
{
	struct statelog *sl = NULL;
	struct seen s;
	int res = -1;
	long size;

	ok(!open_log(&sl, &s) && s.n == 0, "new log opens empty");
	ok(!statelog_append(sl, "A %H %H %H %u", statelog_field, "two words",
			    statelog_field, "", statelog_field, "100%-",
			    42), "record appended");
	ok(!statelog_wait(sl, done_handler, &res), "waiter queued");
	ok(res == -1, "no acknowledgement before the batch is durable");
	ok(!statelog_sync(sl) && res == 0,
	   "acknowledged once written and synced");
	ok(!statelog_append(sl, "B %H", statelog_field, "-"),
	   "second record");
	ok(!statelog_sync(sl), "synced");
	mem_deref(sl);

	ok(!open_log(&sl, &s) && s.n == 2, "restart replays both records");
	ok(s.lastc == 2 && !strcmp(s.last[0], "B") && !strcmp(s.last[1], "-"),
	   "a field that is a lone dash survives escaping");
	mem_deref(sl);

	/* the first record, checked field by field */
	append_raw("");
	{
		struct seen s2;
		struct statelog *sl2 = NULL;
		FILE *f = fopen(path, "r");
		char line[256];

		if (f && fgets(line, sizeof(line), f))
			ok(strstr(line, "two%20words") && strstr(line, "100%25-"),
			   "spaces and percent signs escaped on disk");
		else
			ok(false, "log readable");
		if (f)
			fclose(f);

		ok(!open_log(&sl2, &s2) && s2.n == 2, "reopened");
		mem_deref(sl2);
	}

	size = file_size();
	append_raw("deadbeef B torn-without-newline");
	ok(!open_log(&sl, &s) && s.n == 2,
	   "a torn last record (no newline) is not replayed");
	ok(file_size() == size, "and it is cut off the file");
	ok(!statelog_append(sl, "C after") && !statelog_sync(sl),
	   "appending after the cut works");
	mem_deref(sl);
	ok(!open_log(&sl, &s) && s.n == 3 && !strcmp(s.last[0], "C"),
	   "the record after the cut replays");
	mem_deref(sl);

	append_raw("00000000 D bad-checksum\n");
	ok(!open_log(&sl, &s) && s.n == 3,
	   "a record failing its checksum is skipped, the others kept");
	/* 3 records, 0 live: below the limit (10,000 + 4 per live one) */
	ok(!statelog_compaction_due(sl, 0, 0), "a short log is not compacted");
	ok(!statelog_compact(sl, snap_handler, NULL), "compaction runs");
	mem_deref(sl);
	ok(!open_log(&sl, &s) && s.n == 1 && !strcmp(s.last[0], "K"),
	   "after compaction only the snapshot remains");
	mem_deref(sl);
}

static const char conf_text[] =
	"sip = { realm = \"pbx.local\"; };\n"
	"handsets = (\n"
	"  { user_id = \"101\"; model = \"generic-sip\"; login = "
	"\"a\"; password = \"a\"; },\n"
	"  { user_id = \"102\"; model = \"generic-sip\"; login = "
	"\"b\"; password = \"b\"; }\n"
	");\n";

/* Compaction waits for a quiet log, unless the log is far past its limit. */
static void test_compaction_due(void)
{
	struct statelog *sl = NULL;
	struct seen s;
	int i, err = 0;

	(void)unlink(path);
	ok(!open_log(&sl, &s), "fresh log for the compaction rule");
	for (i = 0; i < 10001; i++)
		err |= statelog_append(sl, "X %d", i);
	ok(!err && !statelog_sync(sl), "10,001 records appended");
	ok(!statelog_compaction_due(sl, 0, 60000),
	   "past the limit, but a record came just now: no compaction yet");
	ok(statelog_compaction_due(sl, 0, 0),
	   "past the limit and quiet long enough: compaction is due");
	ok(!statelog_compaction_due(sl, 1, 0),
	   "one live record raises the limit above the log");

	ok(!statelog_append(sl, "X pending"),
	   "a record not yet handed to disk");
	ok(!statelog_compaction_due(sl, 0, 0),
	   "and while records wait for the disk, no compaction");

	for (i = 0; i < 10000; i++)
		err |= statelog_append(sl, "X %d", i);
	ok(!err && !statelog_sync(sl), "20,002 records in all");
	ok(statelog_compaction_due(sl, 0, 60000),
	   "twice the limit: compaction even without a pause");
	mem_deref(sl);
	(void)unlink(path);
}

static void test_records(void)
{
	struct config *cfg = NULL, *cfg2 = NULL;
	struct records *r = NULL;
	struct diag *d = NULL;
	struct handset *hs;
	struct pl uid, uri, cid, ua, none = PL_INIT;
	struct sa src;
	uint64_t now = now_wall();

	(void)unlink(path);
	(void)diag_alloc(&d);
	ok(!config_parse(&cfg, "t.conf", conf_text, d), "configuration");

	ok(!records_alloc(&r, cfg, dir), "records on an empty state_dir");
	pl_set_str(&uid, "101");
	hs = records_handset(r, &uid);
	pl_set_str(&uri, "sip:a@192.0.2.1:5062");
	pl_set_str(&cid, "call-1");
	pl_set_str(&ua, "Phone 1.0");
	(void)sa_set_str(&src, "192.0.2.1", 5062);
	ok(hs && !records_binding_set(r, hs, &uri, &cid, 7, now + 600, &src,
				      SIP_TRANSP_TCP, &ua, &none, now),
	   "binding of 101 set");
	pl_set_str(&uid, "102");
	hs = records_handset(r, &uid);
	pl_set_str(&uri, "sip:b@192.0.2.2");
	ok(hs && !records_binding_set(r, hs, &uri, &cid, 1, now + 1, &src,
				      SIP_TRANSP_UDP, &ua, &none, now),
	   "binding of 102 set, expiring in one second");
	ok(!statelog_sync(records_statelog(r)), "synced");
	r = mem_deref(r);

	sleep(2);
	ok(!records_alloc(&r, cfg, dir), "restart");
	pl_set_str(&uid, "101");
	hs = records_handset(r, &uid);
	ok(hs && hs->bindings.head &&
	   !strcmp(((struct binding *)hs->bindings.head->data)->uri,
		   "sip:a@192.0.2.1:5062"), "101's binding restored");
	if (hs && hs->bindings.head) {
		struct binding *b = hs->bindings.head->data;

		ok(b->cseq == 7 && b->expires == now + 600 &&
		   b->tp == SIP_TRANSP_TCP && sa_port(&b->src) == 5062 &&
		   !strcmp(b->ua, "Phone 1.0") && !strcmp(b->callid, "call-1"),
		   "every field of the binding restored");
	}
	else {
		ok(false, "every field of the binding restored");
	}
	pl_set_str(&uid, "102");
	hs = records_handset(r, &uid);
	ok(hs && !hs->bindings.head, "102's expired binding dropped");
	ok(records_binding_count(r) == 1, "one binding counted");

	/* a reload without 101 drops its binding, durably */
	ok(!config_parse(&cfg2, "t.conf",
			 "sip = { realm = \"pbx.local\"; };\nhandsets = (\n"
			 "  { user_id = \"102\"; model = \"generic-sip\"; "
			 "login = \"b\"; password = \"new\"; }\n);\n", d),
	   "reduced configuration");
	ok(!records_reconfigure(r, cfg2) && records_binding_count(r) == 0,
	   "reload removing 101 drops its binding");
	(void)statelog_sync(records_statelog(r));
	r = mem_deref(r);
	ok(!records_alloc(&r, cfg, dir) && records_binding_count(r) == 0,
	   "the removal survives a restart");
	r = mem_deref(r);

	mem_deref(cfg);
	mem_deref(cfg2);
	mem_deref(d);
}

int main(void)
{
	char cmd[700];

	if (libre_init() || !mkdtemp(dir))
		return 1;
	re_snprintf(path, sizeof(path), "%s/state.log", dir);

	test_log();
	test_compaction_due();
	test_records();

	re_snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	libre_close();

	return tap_done();
}
