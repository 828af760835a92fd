/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Failed authentications per source address: blocked after max_failures
 * within the window, for block_time; other addresses untouched; the
 * counter forgets outside the window; 0 disables blocking.
 */
#include "handsetd.h"
#include "tap.h"

int main(void)
{
	struct ratelimit *rl = NULL;
	struct sa a, b, a2;
	uint64_t t = 1000;
	int i;

	if (libre_init() || ratelimit_alloc(&rl))
		return 1;

	(void)sa_set_str(&a, "192.0.2.7", 5060);
	(void)sa_set_str(&a2, "192.0.2.7", 5999);
	(void)sa_set_str(&b, "192.0.2.8", 5060);
	ratelimit_configure(rl, 3, 60, 300);

	ratelimit_failure(rl, &a, t);
	ratelimit_failure(rl, &a, t + 1);
	ok(!ratelimit_blocked(rl, &a, t + 2), "two failures: not blocked");
	ratelimit_failure(rl, &a2, t + 2);
	ok(ratelimit_blocked(rl, &a, t + 3),
	   "third failure (other source port, same address): blocked");
	ok(!ratelimit_blocked(rl, &b, t + 3), "another address is not");
	ok(ratelimit_blocked(rl, &a, t + 2 + 299), "still blocked at 299 s");
	ok(!ratelimit_blocked(rl, &a, t + 2 + 300), "free after block_time");

	ratelimit_failure(rl, &b, t);
	ratelimit_failure(rl, &b, t + 10);
	ratelimit_failure(rl, &b, t + 70);
	ok(!ratelimit_blocked(rl, &b, t + 71),
	   "failures spread beyond the window do not block");

	ratelimit_expire(rl, t + 10000);
	ok(!ratelimit_blocked(rl, &a, t + 10000),
	   "expired entries forgotten");

	ratelimit_configure(rl, 0, 60, 300);
	for (i = 0; i < 100; i++)
		ratelimit_failure(rl, &b, t + 20000);
	ok(!ratelimit_blocked(rl, &b, t + 20000), "max_failures 0 disables");

	mem_deref(rl);
	libre_close();

	return tap_done();
}
