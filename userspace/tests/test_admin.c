/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The administration pieces that need no network: address lists
 * (sip.trusted, ratelimit.exempt) as written and as matched; the keys'
 * validation with file:line; the rate limiter's per-Login-ID counting, its
 * exemptions, its list and unblock; discovered devices capped, forgotten
 * for good and expired after discovery.expire_days.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdlib.h>
#include "conf_parse.h"
#include "admin.h"
#include "tap.h"

static bool net_has(const struct netlist *nl, const char *addr)
{
	struct sa sa;

	return !sa_set_str(&sa, addr, 5060) && netlist_match(nl, &sa);
}

static void test_netlist(void)
{
	struct netlist *nl = NULL;

	ok(!netlist_alloc(&nl, 8), "netlist_alloc");
	ok(!netlist_add(nl, "192.168.1.0/24") && !netlist_add(nl, "10.0.0.7") &&
	   !netlist_add(nl, "2001:db8::/32") && !netlist_add(nl, "0.0.0.0/0"),
	   "addresses and networks, IPv4 and IPv6");
	ok(netlist_count(nl) == 4, "four entries");
	nl = mem_deref(nl);

	(void)netlist_alloc(&nl, 8);
	(void)netlist_add(nl, "192.168.1.0/24");
	(void)netlist_add(nl, "10.0.0.7");
	(void)netlist_add(nl, "2001:db8::/32");
	(void)netlist_add(nl, "172.16.0.0/12");
	ok(net_has(nl, "192.168.1.1") && net_has(nl, "192.168.1.255"),
	   "inside a /24");
	ok(!net_has(nl, "192.168.2.1"), "outside the /24");
	ok(net_has(nl, "10.0.0.7") && !net_has(nl, "10.0.0.8"),
	   "a single address is a /32");
	ok(net_has(nl, "172.31.255.254") && !net_has(nl, "172.32.0.1"),
	   "a prefix that does not end on a byte (/12)");
	ok(net_has(nl, "2001:db8:1::5") && !net_has(nl, "2001:db9::1"),
	   "IPv6 /32");
	ok(!net_has(nl, "::ffff:10.0.0.8"), "IPv6 never matches IPv4 nets");
	nl = mem_deref(nl);

	(void)netlist_alloc(&nl, 8);
	ok(netlist_add(nl, "192.168.1.0/33") == EINVAL &&
	   netlist_add(nl, "192.168.1.0/") == EINVAL &&
	   netlist_add(nl, "192.168.1.0/-1") == EINVAL &&
	   netlist_add(nl, "pbx.local") == EINVAL &&
	   netlist_add(nl, "::1/129") == EINVAL && netlist_count(nl) == 0,
	   "bad prefix lengths and names are refused");
	ok(!net_has(nl, "127.0.0.1"), "an empty list matches nothing");
	mem_deref(nl);
}

static void test_config(void)
{
	struct config *cfg;

	cfg = parse(HEAD "handsets = ();\n");
	ok(cfg && netlist_count(cfg->admin->trusted) == 0 &&
	   netlist_count(cfg->admin->exempt) == 0 &&
	   cfg->admin->disc_expire == 7 * 86400 &&
	   cfg->admin->disc_max == 1024,
	   "defaults: nobody trusted or exempt, a week, 1024 devices");
	mem_deref(cfg);

	cfg = parse("sip = { listen = [ \"udp:127.0.0.1:5060\" ];\n"
		    "  trusted = [ \"127.0.0.1\", \"192.168.1.0/24\" ]; };\n"
		    "ratelimit = { exempt = \"10.1.0.0/16\"; };\n"
		    "discovery = { expire_days = 2; max_devices = 10; };\n"
		    "handsets = ();\n");
	ok(cfg && nerr == 0 && nwarn == 0, "all the keys: no diagnostics");
	ok(cfg && netlist_count(cfg->admin->trusted) == 2 &&
	   netlist_count(cfg->admin->exempt) == 1 &&
	   cfg->admin->disc_expire == 2 * 86400 &&
	   cfg->admin->disc_max == 10, "their values");
	mem_deref(cfg);

	cfg = parse("sip = { listen = [ \"udp:127.0.0.1:5060\" ];\n"
		    "  trusted = [ \"127.0.0.1\",\n"
		    "    \"192.168.1.0/40\" ]; };\n"
		    "handsets = ();\n");
	ok(!cfg && has("t.conf:3: sip.trusted: \"192.168.1.0/40\" is not an "
		       "address or a network"),
	   "a bad network is an error at its line");

	cfg = parse(HEAD "ratelimit = { exempt = 5; };\nhandsets = ();\n");
	ok(!cfg && has("t.conf:2: ratelimit.exempt must be a list"),
	   "exempt of the wrong type");

	cfg = parse(HEAD "ratelimit = { exmept = [ \"10.0.0.0/8\" ]; };\n"
		    "handsets = ();\n");
	ok(cfg && nwarn == 1 &&
	   has("t.conf:2: warning: unknown key \"exmept\" in ratelimit"),
	   "a misspelt key is a warning at its line");
	mem_deref(cfg);

	cfg = parse(HEAD "discovery = { expire_days = 0; };\n"
		    "handsets = ();\n");
	ok(!cfg && has("t.conf:2: discovery: expire_days = 0 is out of "
		       "range"), "expire_days 0 is refused");

	cfg = parse(HEAD "discovery = 3;\nhandsets = ();\n");
	ok(!cfg && has("t.conf:2: \"discovery\" must be a group"),
	   "discovery must be a group");
}

struct seen {
	unsigned addr, login;
	uint64_t left;
};

static bool count_blocked(const struct sa *addr, const char *login,
			  uint64_t left, void *arg)
{
	struct seen *s = arg;

	(void)addr;
	if (login)
		++s->login;
	else
		++s->addr;
	s->left = left;

	return false;
}

static void test_ratelimit(void)
{
	struct ratelimit *rl = NULL;
	struct netlist *ex = NULL, *tr = NULL;
	struct pl alice = PL("alice"), bob = PL("bob");
	struct pl nat = PL("192.0.2.1"), none = PL("198.51.100.1");
	struct sa office, other;
	struct seen s = { 0, 0, 0 };
	uint64_t t = 5000;
	int i;

	(void)ratelimit_alloc(&rl);
	(void)netlist_alloc(&ex, 4);
	(void)netlist_alloc(&tr, 4);
	(void)netlist_add(ex, "192.0.2.0/24");
	(void)netlist_add(tr, "203.0.113.5");
	ratelimit_configure(rl, 3, 60, 300);
	(void)sa_set_str(&office, "192.0.2.1", 5060);
	(void)sa_set_str(&other, "198.51.100.1", 5060);

	for (i = 0; i < 3; i++)
		ratelimit_login_failure(rl, &office, &alice, t);
	ok(ratelimit_blocked(rl, &office, t) &&
	   ratelimit_login_blocked(rl, &office, &alice, t),
	   "no exemption: the address and the Login ID are blocked");
	ok(!ratelimit_login_blocked(rl, &office, &bob, t),
	   "another Login ID is not, as a Login ID");
	ok(!ratelimit_login_blocked(rl, &other, &alice, t),
	   "the Login ID from another address is not");

	ratelimit_blocked_apply(rl, count_blocked, &s, t + 100);
	ok(s.addr == 1 && s.login == 1 && s.left == 200,
	   "blocked lists both, with the time left");
	ok(ratelimit_unblock(rl, &nat) == 2 &&
	   !ratelimit_blocked(rl, &office, t) &&
	   !ratelimit_login_blocked(rl, &office, &alice, t),
	   "unblock ADDRESS lifts both");
	ok(ratelimit_unblock(rl, &none) == 0, "unblock of nothing: 0");

	ratelimit_exempt(rl, ex, tr);
	for (i = 0; i < 10; i++)
		ratelimit_login_failure(rl, &office, &alice, t);
	ok(!ratelimit_blocked(rl, &office, t),
	   "exempt: the address is never blocked");
	ok(ratelimit_login_blocked(rl, &office, &alice, t),
	   "exempt: the failing Login ID at it is");
	ok(!ratelimit_login_blocked(rl, &office, &bob, t),
	   "exempt: the other phones behind it are not");
	ok(ratelimit_unblock(rl, &alice) == 1 &&
	   !ratelimit_login_blocked(rl, &office, &alice, t),
	   "unblock LOGIN");

	(void)sa_set_str(&other, "203.0.113.5", 5060);
	for (i = 0; i < 10; i++)
		ratelimit_failure(rl, &other, t);
	ok(ratelimit_is_exempt(rl, &other) && !ratelimit_blocked(rl, &other, t),
	   "a trusted address is exempt too");

	ratelimit_exempt(rl, NULL, NULL);
	for (i = 0; i < 3; i++)
		ratelimit_failure(rl, &office, t);
	ok(ratelimit_blocked(rl, &office, t),
	   "exemption removed (reload): counted again");

	mem_deref(ex);
	mem_deref(tr);
	mem_deref(rl);
}

static bool disc_count(struct discovered *d, void *arg)
{
	(void)d;
	++*(unsigned *)arg;

	return false;
}

static unsigned discovered(const struct records *r)
{
	unsigned n = 0;

	records_discovered_apply(r, disc_count, &n);

	return n;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;

	return remove(path);
}

static void test_discovery(void)
{
	char dir[] = "/tmp/test_admin.XXXXXX";
	struct records *r = NULL;
	struct config *cfg;
	uint64_t now = now_wall();
	uint8_t mac[MAC_LEN];
	struct pl ua = PL("Yealink SIP-T46S 66.86.0.15");
	struct sa src;
	int i;

	(void)sa_set_str(&src, "192.0.2.9", 5060);
	if (!mkdtemp(dir)) {
		ok(false, "temp directory");
		return;
	}

	cfg = parse(HEAD "discovery = { expire_days = 1; max_devices = 3; };\n"
		    "handsets = ();\n");
	ok(cfg && !records_alloc(&r, cfg, dir), "records on a new state dir");
	if (!r) {
		mem_deref(cfg);
		return;
	}

	for (i = 0; i < 5; i++) {
		(void)mac_parse(mac, "00:15:65:00:00:00", 17);
		mac[5] = (uint8_t)i;
		/* device 0 was last seen two days ago */
		records_discovered(r, mac, &ua, "Yealink", "SIP-T46S",
				   "User-Agent", &src,
				   i ? now : now - 2 * 86400);
	}
	ok(discovered(r) == 3, "five devices, max_devices 3: three kept");

	mac[5] = 1;
	ok(!records_discovered_forget(r, mac) && discovered(r) == 2,
	   "forget one");
	ok(records_discovered_forget(r, mac) == ENOENT,
	   "forget it again: no such device");

	(void)records_maintain(r);
	ok(discovered(r) == 1,
	   "maintenance: the device not seen for two days is gone");

	(void)statelog_sync(records_statelog(r));
	r = mem_deref(r);
	ok(!records_alloc(&r, cfg, dir) && discovered(r) == 1,
	   "after a restart: neither the forgotten nor the expired is back");

	mem_deref(r);
	mem_deref(cfg);
	(void)nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	if (libre_init())
		return 1;

	test_netlist();
	test_config();
	test_ratelimit();
	test_discovery();

	mem_deref(out);
	libre_close();

	return tap_done();
}
