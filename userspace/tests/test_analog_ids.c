/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_analog_ids.c - unit test of analog_ids.c: range parsing, membership and
 * next-free allocation of analog user IDs.  Prints TAP lines.
 */
#include <stdio.h>
#include <string.h>
#include <re.h>
#include "analog_ids.h"
#include "tap.h"

static void check(bool cond, const char *what)
{
	ok(cond, "%s", what);
}

/* "Taken" set for the tests: a NULL-terminated list of user IDs. */
static bool taken_in(const char *user_id, void *arg)
{
	const char * const *set = arg;

	for (; *set; ++set) {
		if (!strcmp(*set, user_id))
			return true;
	}

	return false;
}

static void test_parse(void)
{
	static const char * const bad[] = {
		"", "-", "200-", "-299", "299-200", "200-299,", "abc",
		"200 300", "0200-0299", "1234567890", "200;299", NULL
	};
	struct analog_ids *ids = NULL;
	size_t i;

	for (i = 0; bad[i]; ++i) {
		char what[64];
		int err = analog_ids_alloc(&ids, bad[i]);

		snprintf(what, sizeof(what), "rejects \"%s\"", bad[i]);
		check(err != 0 && !ids, what);
		ids = mem_deref(ids);
	}

	check(analog_ids_alloc(&ids, " 200 - 299 ,310") == 0,
	      "accepts blanks around numbers and a single-number item");
	check(analog_ids_contains(ids, "200"), "200 is in 200-299");
	check(analog_ids_contains(ids, "299"), "upper bound is inclusive");
	check(!analog_ids_contains(ids, "300"), "300 is outside");
	check(analog_ids_contains(ids, "310"), "single number item");
	check(!analog_ids_contains(ids, "0200"), "leading zero is another ID");
	check(!analog_ids_contains(ids, " 200"), "blank in a user ID");
	check(!analog_ids_contains(ids, "20a"), "non-digit user ID");
	check(!analog_ids_contains(ids, ""), "empty user ID");
	mem_deref(ids);
}

static void test_next(void)
{
	static const char * const none[] = { NULL };
	static const char * const some[] = { "200", "201", "203", NULL };
	static const char * const full[] = { "7", "8", "10", NULL };
	struct analog_ids *ids = NULL;
	char buf[16];
	int err;

	err = analog_ids_alloc(&ids, "200-202,203-205");
	check(!err, "parses two ranges");

	err = analog_ids_next(ids, taken_in, (void *)none, buf, sizeof(buf));
	check(!err && !strcmp(buf, "200"), "first free is the range start");

	err = analog_ids_next(ids, taken_in, (void *)some, buf, sizeof(buf));
	check(!err && !strcmp(buf, "202"), "skips taken IDs, lowest first");
	mem_deref(ids);

	err = analog_ids_alloc(&ids, "7-8, 10");
	check(!err, "parses a range and a number");
	err = analog_ids_next(ids, taken_in, (void *)full, buf, sizeof(buf));
	check(err == ENOSPC, "ENOSPC when every ID is taken");
	mem_deref(ids);

	err = analog_ids_alloc(&ids, "999999998-999999999");
	check(!err, "nine-digit bounds");
	err = analog_ids_next(ids, NULL, NULL, buf, sizeof(buf));
	check(!err && !strcmp(buf, "999999998"), "no taken set: first ID");
	err = analog_ids_next(ids, NULL, NULL, buf, 4);
	check(err != 0, "too small a buffer is an error, not a cut ID");
	mem_deref(ids);
}

int main(void)
{
	test_parse();
	test_next();

	return tap_done();
}
