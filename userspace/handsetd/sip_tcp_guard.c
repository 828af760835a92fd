/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sip_tcp_guard.c - limits on SIP over TCP that libre 1.1.0 does not set.
 *
 * libre accepts every connection, gives a new one 32 s to deliver its
 * first complete message, then keeps it 15 minutes after the last one, and
 * has no hook at accept.  So one host could hold every descriptor the
 * daemon has (the state log, netlink, the page and the control socket need
 * some too).  Every SWEEP_MS this reads the kernel's table of TCP sockets,
 * counts the connections to our SIP TCP ports, and shuts down (shutdown(2)
 * on our own descriptor: libre then sees the peer go and frees its side)
 * the newest ones beyond
 *  - sip.max_tcp_per_address (default 8) from one address (a phone holds
 *    one), unless the address is in ratelimit.exempt or sip.trusted (a
 *    NAT with a whole office behind it, a call engine), and
 *  - sip.max_tcp_connections (default half the open-file limit) in all,
 * with one log line per address and sweep saying how many and why.  The
 * oldest connections stay: a phone registered over TCP keeps its own.
 * config_sip_tcp.c validates the two keys and works out the values in
 * force; a reload hands new ones to the next sweep.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <syslog.h>
#include "handsetd.h"
#include "admin.h"
#include "sip_tcp_guard.h"

enum {
	SWEEP_MS        = 2000,
	MAX_CONNS       = SIP_TCP_MAX_CONNS,	/* looked at per sweep */
	TCP_ESTABLISHED = 1,
};

struct conn {
	struct sa peer;
	unsigned long inode;
	uint64_t first;		/* the sweep that first saw it */
	bool cut;
};

/*
 * A connection's age, as the sweeps saw it.  Inode numbers do not tell:
 * the kernel hands them out in per-CPU batches, so on two CPUs a newer
 * socket may have the smaller number.
 */
struct seen {
	struct le he;
	unsigned long inode;
	uint64_t first;
	uint64_t last;
};

struct sip_tcp_guard {
	struct tmr tmr;
	struct config *cfg;	/* the exempt and trusted lists, the caps */
	uint16_t ports[CONFIG_MAX_LISTEN];
	unsigned portc;
	uint64_t closed;
	struct hash *seen;
	uint64_t sweeps;
	struct conn *conns;
	size_t connc;
	size_t conns_size;
	/* open for good: at the descriptor limit, opening them would fail
	 * just when they are needed */
	FILE *tcp4;
	FILE *tcp6;
	DIR *fds;
};

static void guard_destructor(void *arg)
{
	struct sip_tcp_guard *g = arg;

	tmr_cancel(&g->tmr);
	mem_deref(g->cfg);
	hash_flush(g->seen);
	mem_deref(g->seen);
	mem_deref(g->conns);
	if (g->tcp4)
		(void)fclose(g->tcp4);
	if (g->tcp6)
		(void)fclose(g->tcp6);
	if (g->fds)
		(void)closedir(g->fds);
}

static bool our_port(const struct sip_tcp_guard *g, unsigned port)
{
	unsigned i;

	for (i = 0; i < g->portc; i++)
		if (g->ports[i] == port)
			return true;

	return false;
}

/* "0100007F:13C4" (tcp) or 32 hex digits and a port (tcp6), as the
 * kernel prints them: each 32-bit word in host byte order. */
static int addr_parse(struct sa *sa, const char *s, bool v6)
{
	unsigned words = v6 ? 4 : 1, i;
	uint16_t port;
	uint32_t w[4];
	char hex[9];

	for (i = 0; i < words; i++) {
		memcpy(hex, s + 8 * i, 8);
		hex[8] = '\0';
		w[i] = (uint32_t)strtoul(hex, NULL, 16);
	}
	if (s[8 * words] != ':')
		return EINVAL;

	port = (uint16_t)strtoul(s + 8 * words + 1, NULL, 16);
	if (v6)
		sa_set_in6(sa, (const uint8_t *)w, port);
	else
		sa_set_in(sa, ntohl(w[0]), port);

	return 0;
}

static void seen_destructor(void *arg)
{
	struct seen *s = arg;

	hash_unlink(&s->he);
}

static bool seen_cmp(struct le *le, void *arg)
{
	const struct seen *s = le->data;

	return s->inode == *(unsigned long *)arg;
}

/* The sweep that first saw inode (this one for a new connection). */
static uint64_t first_seen(struct sip_tcp_guard *g, unsigned long inode)
{
	struct seen *s;

	s = list_ledata(hash_lookup(g->seen, (uint32_t)inode, seen_cmp,
				    &inode));
	if (!s) {
		s = mem_zalloc(sizeof(*s), seen_destructor);
		if (!s)
			return g->sweeps;
		s->inode = inode;
		s->first = g->sweeps;
		hash_append(g->seen, (uint32_t)inode, &s->he, s);
	}
	s->last = g->sweeps;

	return s->first;
}

static bool seen_gone(struct le *le, void *arg)
{
	struct seen *s = le->data;

	if (s->last != *(uint64_t *)arg)
		mem_deref(s);

	return false;
}

/* The established connections to our ports from one table. */
static void read_table(struct sip_tcp_guard *g, FILE *f, bool v6)
{
	char line[512], loc[64], rem[64];
	unsigned st;
	unsigned long inode;

	if (!f)
		return;

	/* a /proc table read again from its start is the current one */
	rewind(f);

	/* the first line names the columns */
	if (!fgets(line, sizeof(line), f))
		return;

	while (fgets(line, sizeof(line), f) && g->connc < MAX_CONNS) {
		struct sa local, peer;
		struct conn *more;

		if (sscanf(line, " %*u: %63s %63s %x %*s %*s %*s %*u %*u %lu",
			   loc, rem, &st, &inode) != 4 ||
		    st != TCP_ESTABLISHED || !inode ||
		    addr_parse(&local, loc, v6) || addr_parse(&peer, rem, v6) ||
		    !our_port(g, sa_port(&local)))
			continue;

		if (g->connc == g->conns_size) {
			more = mem_realloc(g->conns, 2 * g->conns_size *
					   sizeof(*g->conns));
			if (!more)
				break;
			g->conns = more;
			g->conns_size *= 2;
		}
		g->conns[g->connc].peer = peer;
		g->conns[g->connc].inode = inode;
		g->conns[g->connc].first = first_seen(g, inode);
		g->conns[g->connc].cut = false;
		++g->connc;
	}
}

static int addr_cmp(const struct sa *a, const struct sa *b)
{
	if (sa_af(a) != sa_af(b))
		return sa_af(a) < sa_af(b) ? -1 : 1;
	if (sa_af(a) == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)
				&a->u.sa)->sin6_addr,
			      &((const struct sockaddr_in6 *)
				&b->u.sa)->sin6_addr,
			      sizeof(struct in6_addr));

	return memcmp(&a->u.in.sin_addr, &b->u.in.sin_addr,
		      sizeof(a->u.in.sin_addr));
}

/*
 * Oldest first, by the sweep that first saw them (within one sweep, by
 * inode: an order, not an age).
 */
static int conn_cmp(const void *a, const void *b)
{
	const struct conn *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* By address, each address's oldest first. */
static int conn_cmp_addr(const void *a, const void *b)
{
	const struct conn *x = a, *y = b;
	int c = addr_cmp(&x->peer, &y->peer);

	return c ? c : conn_cmp(a, b);
}

/* An office's NAT or a call engine: no cap of its own. */
static bool unbounded(const struct sip_tcp_guard *g, const struct sa *peer)
{
	const struct admin_conf *ac = g->cfg ? g->cfg->admin : NULL;

	return ac && (netlist_match(ac->exempt, peer) ||
		      netlist_match(ac->trusted, peer));
}

/* Shuts down our descriptors of the connections marked cut. */
static unsigned cut_marked(const struct sip_tcp_guard *g)
{
	char link[64];
	unsigned n = 0;
	struct dirent *de;
	DIR *d = g->fds;
	size_t i;

	if (!d)
		return 0;

	rewinddir(d);

	while ((de = readdir(d))) {
		unsigned long inode;
		ssize_t len;

		if (de->d_name[0] == '.')
			continue;
		len = readlinkat(dirfd(d), de->d_name, link,
				 sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = '\0';
		if (sscanf(link, "socket:[%lu]", &inode) != 1)
			continue;

		for (i = 0; i < g->connc; i++) {
			if (g->conns[i].cut && g->conns[i].inode == inode) {
				if (!shutdown(atoi(de->d_name), SHUT_RDWR))
					++n;
				break;
			}
		}
	}

	return n;
}

static void sweep(void *arg)
{
	struct sip_tcp_guard *g = arg;
	const uint32_t per_address = g->cfg->tcp_per_address;
	const uint32_t total = g->cfg->tcp_max;
	uint32_t kept = 0, over = 0;
	bool any = false;
	size_t i, j;

	tmr_start(&g->tmr, SWEEP_MS, sweep, g);

	++g->sweeps;
	g->connc = 0;
	read_table(g, g->tcp4, false);
	read_table(g, g->tcp6, true);
	/* what this sweep did not see is closed: forget its age */
	(void)hash_apply(g->seen, seen_gone, &g->sweeps);

	/* per address: its oldest per_address stay */
	qsort(g->conns, g->connc, sizeof(*g->conns), conn_cmp_addr);
	for (i = 0; i < g->connc; i = j) {
		bool capped = !unbounded(g, &g->conns[i].peer);

		for (j = i + 1; j < g->connc &&
		     !addr_cmp(&g->conns[j].peer, &g->conns[i].peer); j++)
			if (capped && j - i >= per_address)
				g->conns[j].cut = true;
		if (!capped || j - i <= per_address)
			continue;
		any = true;
		log_msg(LOG_WARNING, "sip: %zu TCP connections from %j, over "
			"the %u one address may hold: closing the %zu newest",
			j - i, &g->conns[i].peer, per_address,
			j - i - per_address);
	}

	/* in all: the oldest total stay */
	qsort(g->conns, g->connc, sizeof(*g->conns), conn_cmp);
	for (i = 0; i < g->connc; i++) {
		if (g->conns[i].cut || ++kept <= total)
			continue;
		g->conns[i].cut = true;
		++over;
	}
	if (over) {
		any = true;
		log_msg(LOG_WARNING, "sip: %u TCP connections, over the %u "
			"allowed in all (sip.max_tcp_connections): closing "
			"the %u newest", kept, total, over);
	}

	if (any)
		g->closed += cut_marked(g);
}

int sip_tcp_guard_alloc(struct sip_tcp_guard **gp, struct config *cfg)
{
	struct sip_tcp_guard *g;
	unsigned i;

	if (!gp || !cfg)
		return EINVAL;

	g = mem_zalloc(sizeof(*g), guard_destructor);
	if (!g)
		return ENOMEM;

	tmr_init(&g->tmr);
	g->cfg = mem_ref(cfg);
	for (i = 0; i < cfg->listenc; i++) {
		const struct listen_addr *la = &cfg->listen[i];

		/* TLS too: a handshake holds a descriptor as long */
		if ((la->tp == SIP_TRANSP_TCP || la->tp == SIP_TRANSP_TLS) &&
		    sa_port(&la->addr))
			g->ports[g->portc++] = sa_port(&la->addr);
	}

	if (g->portc) {
		/* the unit has ProcSubset=pid: only /proc/self paths exist */
		g->tcp4 = fopen("/proc/self/net/tcp", "re");
		g->tcp6 = fopen("/proc/self/net/tcp6", "re");
		g->fds = opendir("/proc/self/fd");
		if (!g->tcp4 || !g->fds)
			log_msg(LOG_WARNING, "sip: cannot read the TCP table "
				"or the descriptors in /proc: no TCP limits");
		g->conns_size = 256;
		g->conns = mem_alloc(g->conns_size * sizeof(*g->conns), NULL);
		if (!g->conns || hash_alloc(&g->seen, 1024)) {
			mem_deref(g);
			return ENOMEM;
		}
		tmr_start(&g->tmr, SWEEP_MS, sweep, g);
		log_msg(LOG_INFO, "sip: TCP limits: %u connections from one "
			"address, %u in all", cfg->tcp_per_address,
			cfg->tcp_max);
	}

	*gp = g;

	return 0;
}

/*
 * After a reload: the exempt and trusted lists and the caps may have
 * changed.  The next sweep applies them; a lower cap closes the newest
 * connections beyond it then, as for a flood.
 */
void sip_tcp_guard_configure(struct sip_tcp_guard *g, struct config *cfg)
{
	if (!g || !cfg)
		return;

	/* without a TCP port nothing is swept: say nothing either */
	if (g->portc && g->cfg &&
	    (g->cfg->tcp_per_address != cfg->tcp_per_address ||
	     g->cfg->tcp_max != cfg->tcp_max))
		log_msg(LOG_NOTICE, "reload: sip: TCP limits: %u connections "
			"from one address, %u in all (were %u and %u)",
			cfg->tcp_per_address, cfg->tcp_max,
			g->cfg->tcp_per_address, g->cfg->tcp_max);

	mem_deref(g->cfg);
	g->cfg = mem_ref(cfg);
}

uint64_t sip_tcp_guard_closed(const struct sip_tcp_guard *g)
{
	return g ? g->closed : 0;
}
