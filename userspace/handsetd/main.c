/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handsetd: the handset registrar.  Wires the modules together on libre's
 * event loop, handles the command line, signals (SIGHUP reloads, SIGTERM
 * and SIGINT stop) and systemd readiness, and answers the control socket.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "ctrl_proto.h"
#include "handsetd.h"
#include "analog.h"
#include "events.h"
#include "http.h"
#include "prov.h"
#include "privs.h"
#include "sip_tls.h"
#include "admin.h"
#include "sip_tcp_guard.h"

enum {
	SWEEP_MS   = 1000,
	TRIM_TICKS = 10,
	UDP_RCVBUF = 4 << 20,
};

struct daemon {
	const char *conf_file;
	const char *user;
	struct config *cfg;
	struct auth *auth;
	struct ratelimit *rl;
	struct records *recs;
	struct sip *sip;
	struct tls *tls;
	struct registrar *reg;
	struct redirect *rd;
	struct sip_tcp_guard *tcpg;
	struct ctrl *ctrl;
	struct analog *analog;
	struct http_srv *http;
	struct prov *prov;
	int nl_rcvbuf;
	struct tmr sweep;
	int sigfd;
};

static struct daemon d;

static void usage(void)
{
	(void)fprintf(stderr,
		      "usage: handsetd [-f FILE] [-F] [-n] [-u USER] [-b BYTES]\n"
		      "       handsetd --version\n"
		      "  -f FILE  configuration file (default %s;\n"
		      "           built-in defaults when it does not exist)\n"
		      "  -F       stay in the foreground, log to stderr\n"
		      "  -n       check the configuration and exit\n"
		      "  -u USER  started as root, become USER (default %s;\n"
		      "           \"root\" keeps root, for development)\n"
		      "  -b BYTES receive buffer of the analog ports' netlink\n"
		      "           socket (tests make it tiny to lose events)\n",
		      PRIVS_DEFAULT_USER, config_default_file);
}

/* Creates a directory and its parents, like mkdir -p. */
static int mkdirs(const char *path, mode_t mode)
{
	char buf[512];
	char *p;

	if (strlen(path) >= sizeof(buf))
		return ENAMETOOLONG;

	strcpy(buf, path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) && errno != EEXIST)
			return errno;
		*p = '/';
	}

	if (mkdir(buf, mode) && errno != EEXIST)
		return errno;

	return 0;
}

static int parent_dir(char *buf, size_t size, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path || (size_t)(slash - path) >= size)
		return EINVAL;

	memcpy(buf, path, (size_t)(slash - path));
	buf[slash - path] = '\0';

	return 0;
}

static bool listen_equal(const struct config *a, const struct config *b)
{
	unsigned i;

	if (a->listenc != b->listenc)
		return false;

	for (i = 0; i < a->listenc; i++) {
		if (a->listen[i].tp != b->listen[i].tp ||
		    !sa_cmp(&a->listen[i].addr, &b->listen[i].addr, SA_ALL))
			return false;
	}

	return true;
}

/*
 * Reload: a configuration with errors changes nothing.  Listeners, the
 * state directory and the control socket are bound at start-up; changes to
 * them are reported and take effect at the next restart.
 */
static int reload(struct diag *diag)
{
	struct config *cfg = NULL;
	int err;

	(void)notify_reloading();

	err = config_load(&cfg, d.conf_file, diag);
	if (!err && (analog_validate(cfg, diag) || diag_errors(diag)))
		err = EINVAL;
	diag_log(diag);
	if (err) {
		log_msg(LOG_ERR, "reload: %u error(s) in the configuration; "
			"the running configuration is kept",
			diag_errors(diag));
		goto out;
	}

	if (!listen_equal(cfg, d.cfg))
		log_msg(LOG_WARNING, "reload: sip.listen changes take effect "
			"at the next restart");
	if (strcmp(cfg->state_dir, d.cfg->state_dir))
		log_msg(LOG_WARNING, "reload: state_dir changes take effect "
			"at the next restart");
	if (strcmp(cfg->control_socket, d.cfg->control_socket))
		log_msg(LOG_WARNING, "reload: control_socket changes take "
			"effect at the next restart");

	err = records_reconfigure(d.recs, cfg);
	if (err) {
		log_msg(LOG_ERR, "reload: %m", err);
		goto out;
	}
	(void)analog_reconfigure(d.analog);
	http_srv_reconfigure(d.http, cfg);
	sip_tcp_guard_configure(d.tcpg, cfg);
	/* a renewed certificate keeps its path: read the pair every time */
	if (d.tls && cfg->tls_cert)
		(void)sip_tls_reload(d.tls, cfg->tls_cert, cfg->tls_key,
				     diag);
	prov_reconfigure(d.prov, cfg);

	ratelimit_configure(d.rl, cfg->auth_max_failures, cfg->auth_window,
			    cfg->auth_block);
	ratelimit_exempt(d.rl, cfg->admin->exempt, cfg->admin->trusted);
	mem_deref(d.cfg);
	d.cfg = mem_ref(cfg);

	log_msg(LOG_NOTICE, "reloaded %s: %u handset(s)", cfg->file,
		cfg->handsetc);
	(void)malloc_trim(0);

 out:
	mem_deref(cfg);
	(void)notify_ready();

	return err;
}

/* The control socket's commands (ctrl_cmd.c) see the daemon's state here. */
static struct ctrl_env cenv = { .reloadh = reload };

static void sweep_handler(void *arg)
{
	static unsigned ticks;
	uint64_t now = now_wall();

	(void)arg;

	tmr_start(&d.sweep, SWEEP_MS, sweep_handler, NULL);
	/* each expiry is published by records.c, with its user ID */
	(void)records_maintain(d.recs);
	ratelimit_expire(d.rl, now);

	/* a registration burst leaves freed request buffers all over the
	 * heap; hand whole free pages back now and then */
	if (++ticks % TRIM_TICKS == 0)
		(void)malloc_trim(0);
}

static void signal_fd_handler(int flags, void *arg)
{
	struct signalfd_siginfo si;
	struct diag *diag = NULL;

	(void)flags;
	(void)arg;

	while (read(d.sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {

		case SIGHUP:
			log_msg(LOG_NOTICE, "SIGHUP: reloading %s",
				d.cfg->file);
			if (!diag_alloc(&diag))
				(void)reload(diag);
			diag = mem_deref(diag);
			break;

		case SIGINT:
		case SIGTERM:
			log_msg(LOG_NOTICE, "signal %u: stopping",
				si.ssi_signo);
			re_cancel();
			break;

		default:
			break;
		}
	}
}

static void signals_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

/*
 * Blocked before any thread exists (the state log's worker inherits the
 * mask), so the three signals only ever arrive through the signalfd.
 */
static int signals_block(void)
{
	sigset_t set;

	signals_set(&set);

	return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/* All three signals come through one descriptor on the event loop. */
static int signals_init(void)
{
	sigset_t set;

	signals_set(&set);

	d.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d.sigfd < 0)
		return errno;

	return fd_listen(d.sigfd, FD_READ, signal_fd_handler, NULL);
}

/*
 * A registration burst (every phone after a power cut) arrives faster than
 * a busy loop drains it; the kernel's default UDP receive buffer then drops
 * requests.  libre does not hand out its transport sockets, so find ours
 * among our descriptors by its bound address and enlarge its buffer.
 */
static void rcvbuf_grow(int fd, void *arg)
{
	const int size = UDP_RCVBUF;

	(void)arg;
	/* FORCE passes net.core.rmem_max when we may */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size,
				 sizeof(size));
}

static void udp_rcvbuf_grow(const struct sa *laddr)
{
	own_sockets_apply(SOCK_DGRAM, false, laddr, rcvbuf_grow, NULL);
}

static int listen_one(enum sip_transp tp, const struct sa *laddr)
{
	/* libre reads the struct tls only for SIP_TRANSP_TLS */
	int err = sip_transp_add(d.sip, tp, laddr, d.tls);

	if (err) {
		log_msg(LOG_ERR, "cannot listen on %s:%J: %m",
			sip_transp_name(tp), laddr, err);
		return err;
	}
	if (tp == SIP_TRANSP_UDP)
		udp_rcvbuf_grow(laddr);
	if (tp == SIP_TRANSP_TLS)
		sip_tls_nodelay(laddr);
	log_msg(LOG_INFO, "listening on %s:%J", sip_transp_name(tp), laddr);

	return 0;
}

/* The box's addresses of one family, for an unspecified listen address. */
struct any_addrs {
	int af;
	struct sa a[64];
	unsigned n;
};

static bool any_addr_handler(const char *ifname, const struct sa *sa,
			     void *arg)
{
	struct any_addrs *aa = arg;
	unsigned i;

	(void)ifname;
	/* a link-local address needs its interface in every URI: skip */
	if (sa_af(sa) != aa->af || sa_is_linklocal(sa) || sa_is_any(sa))
		return false;
	for (i = 0; i < aa->n; i++) {
		if (sa_cmp(&aa->a[i], sa, SA_ADDR))
			return false;
	}

	return aa->n < ARRAY_SIZE(aa->a) ? (aa->a[aa->n++] = *sa, false) :
		true;
}

/*
 * libre's SIP transports bind one address each (sip_transp_add() refuses
 * the unspecified one: a response must leave from the address the request
 * reached), so "udp:0.0.0.0:5060" becomes one transport per address of the
 * box, as baresip does it: the addresses there at start, loopback included.
 */
static int listen_addr(const struct listen_addr *la)
{
	struct any_addrs aa;
	unsigned i;
	int err;

	if (!sa_is_any(&la->addr))
		return listen_one(la->tp, &la->addr);

	memset(&aa, 0, sizeof(aa));
	aa.af = sa_af(&la->addr);
	(void)net_if_apply(any_addr_handler, &aa);
	if (!aa.n) {
		log_msg(LOG_ERR, "cannot listen on %s:%J: the box has no %s "
			"address", sip_transp_name(la->tp), &la->addr,
			aa.af == AF_INET6 ? "IPv6" : "IPv4");
		return EADDRNOTAVAIL;
	}
	for (i = 0; i < aa.n; i++) {
		sa_set_port(&aa.a[i], sa_port(&la->addr));
		err = listen_one(la->tp, &aa.a[i]);
		if (err)
			return err;
	}

	return 0;
}

static int sip_init(void)
{
	unsigned i;
	int err;

	err = sip_alloc(&d.sip, NULL, 32, 1024, 32, "handsetd", NULL, NULL);
	if (err)
		return err;

	for (i = 0; i < d.cfg->listenc; i++) {
		const struct listen_addr *la = &d.cfg->listen[i];

		if (la->tp == SIP_TRANSP_TLS && !d.tls) {
			err = sip_tls_alloc(&d.tls, d.cfg->tls_cert,
					    d.cfg->tls_key);
			if (err)
				return err;
		}

		err = listen_addr(la);
		if (err)
			return err;
	}

	err = registrar_alloc(&d.reg, d.sip, d.recs, d.auth, d.rl);
	if (err)
		return err;

	err = redirect_alloc(&d.rd, d.sip, d.recs, d.analog, d.rl);
	if (!err)
		registrar_set_redirect(d.reg, d.rd);

	return err;
}

static int check_only(void)
{
	struct config *cfg = NULL;
	struct diag *diag = NULL;
	int err;

	err = diag_alloc(&diag);
	if (err)
		return err;

	err = config_load(&cfg, d.conf_file, diag);
	if (!err && (analog_validate(cfg, diag) || diag_errors(diag)))
		err = EINVAL;
	if (!err)
		port_names_check(cfg, diag, "/sys/class/fxs");
	(void)re_fprintf(stderr, "%H", diag_print, diag);
	if (!err)
		(void)re_printf("%s: configuration OK, %u handset(s)\n",
				cfg->file, cfg->handsetc);
	else
		(void)re_fprintf(stderr, "%u error(s), %u warning(s)\n",
				 diag_errors(diag), diag_warnings(diag));

	mem_deref(cfg);
	mem_deref(diag);

	return err;
}

static int start(bool foreground)
{
	uint8_t secret[SECRET_LEN];
	struct diag *diag = NULL;
	char dir[512] = "";
	bool new_dir;
	int err;

	err = diag_alloc(&diag);
	if (err)
		return err;

	err = config_load(&d.cfg, d.conf_file, diag);
	if (!err && (analog_validate(d.cfg, diag) || diag_errors(diag)))
		err = EINVAL;
	diag_log(diag);
	mem_deref(diag);
	if (err) {
		log_msg(LOG_ERR, "configuration has errors; not starting");
		return err;
	}
	log_msg(LOG_INFO, "configuration %s: %u handset(s)", d.cfg->file,
		d.cfg->handsetc);

	/* A box without its file would answer nothing but loopback, and
	 * phones on the network would time out with no error anywhere. */
	if (!strcmp(d.cfg->file, config_builtin_name))
		log_msg(LOG_WARNING, "no %s: running on the built-in defaults "
			"(SIP on 127.0.0.1 only, one demonstration handset); "
			"phones on the network cannot register.  Start from "
			"/usr/share/doc/handsetd/examples/handsetd.conf.example "
			"(or /etc/handsetd/handsetd.conf.example after make "
			"install), see handsetd.conf(5)", config_default_file);

	/* libconfig's parse tree is freed by now; give its pages back, they
	 * are most of the peak with thousands of handsets */
	(void)malloc_trim(0);

	/*
	 * Detach once the configuration is known to be good (so its errors
	 * still reach the terminal) and before any thread exists (a fork
	 * keeps only the calling thread).
	 */
	if (!foreground) {
		err = sys_daemon();
		if (err) {
			log_msg(LOG_ERR, "cannot detach: %m", err);
			return err;
		}
	}

	err = mkdirs(d.cfg->state_dir, 0750);
	if (err) {
		log_msg(LOG_ERR, "cannot create %s: %m", d.cfg->state_dir, err);
		return err;
	}

	/* the group reaches the socket through it; the socket is 0660 */
	if (!parent_dir(dir, sizeof(dir), d.cfg->control_socket)) {
		new_dir = access(dir, F_OK) != 0;
		(void)mkdirs(dir, 0755);
	}
	else {
		new_dir = false;
	}

	/* before any state is read or socket opened: see privs.c; the
	 * socket's directory is handed over only if we made it */
	err = privs_drop(d.user, (const char *const[]){ d.cfg->state_dir,
			 dir }, new_dir ? 2 : 1);
	if (err)
		return err;

	err = auth_secret_load(secret, d.cfg->state_dir);
	if (!err)
		err = auth_alloc(&d.auth, secret);
	memset(secret, 0, sizeof(secret));
	if (err) {
		log_msg(LOG_ERR, "nonce secret in %s: %m", d.cfg->state_dir,
			err);
		return err;
	}

	err = ratelimit_alloc(&d.rl);
	if (err)
		return err;
	ratelimit_configure(d.rl, d.cfg->auth_max_failures,
			    d.cfg->auth_window, d.cfg->auth_block);
	ratelimit_exempt(d.rl, d.cfg->admin->exempt, d.cfg->admin->trusted);

	err = records_alloc(&d.recs, d.cfg, d.cfg->state_dir);
	if (err) {
		log_msg(LOG_ERR, "state in %s: %m", d.cfg->state_dir, err);
		return err;
	}
	log_msg(LOG_INFO, "restored %u binding(s) from %s",
		records_binding_count(d.recs), d.cfg->state_dir);

	err = analog_alloc(&d.analog, d.recs, d.nl_rcvbuf);
	if (err) {
		log_msg(LOG_ERR, "analog ports: %m", err);
		return err;
	}

	err = sip_init();
	if (!err)
		err = sip_tcp_guard_alloc(&d.tcpg, d.cfg);
	if (err)
		return err;

	cenv.recs = d.recs;
	cenv.analog = d.analog;
	cenv.rl = d.rl;
	err = ctrl_alloc(&d.ctrl, d.cfg->control_socket, ctrl_cmd, &cenv);
	if (err) {
		log_msg(LOG_ERR, "control socket %s: %m",
			d.cfg->control_socket, err);
		return err;
	}

	err = http_srv_alloc(&d.http, d.cfg, d.recs, d.analog, d.auth);
	if (err)
		return err;

	err = prov_alloc(&d.prov, d.cfg, d.recs, d.sip, d.auth);
	if (err)
		return err;
	http_srv_set_prov(d.http, d.prov);

	err = signals_init();
	if (err)
		return err;

	tmr_start(&d.sweep, SWEEP_MS, sweep_handler, NULL);

	return 0;
}

static void stop(void)
{
	tmr_cancel(&d.sweep);
	if (d.sigfd >= 0) {
		fd_close(d.sigfd);
		(void)close(d.sigfd);
	}
	d.ctrl = mem_deref(d.ctrl);
	ctrl_events_close_all();
	ctrl_monitor_close_all();
	d.http = mem_deref(d.http);
	d.prov = mem_deref(d.prov);

	/* answer what waits for the disk while the SIP stack still exists */
	if (d.recs)
		(void)statelog_sync(records_statelog(d.recs));

	d.reg = mem_deref(d.reg);
	d.rd = mem_deref(d.rd);
	d.tcpg = mem_deref(d.tcpg);
	if (d.sip)
		sip_close(d.sip, true);
	d.sip = mem_deref(d.sip);
	d.tls = mem_deref(d.tls);
	d.analog = mem_deref(d.analog);
	d.recs = mem_deref(d.recs);
	d.rl = mem_deref(d.rl);
	d.auth = mem_deref(d.auth);
	d.cfg = mem_deref(d.cfg);
}

static const struct option longopts[] = {
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char *argv[])
{
	bool foreground = false, check = false;
	const char *conf_arg = NULL;
	char conf_abs[PATH_MAX];
	int err, c;

	d.sigfd = -1;
	d.user = PRIVS_DEFAULT_USER;

	/*
	 * No fastbins: a Handsets list of 10,000 handsets is some 600,000
	 * small blocks built and freed at once, and glibc's fastbins then
	 * spend as long consolidating as the render took.  bench/http-render.sh:
	 * page median 117-125 -> 92-94 ms, JSON 155-173 -> 143 ms; the
	 * registrar's CPU per registration (bench/registrar.sh) moved within
	 * its noise (83-111 -> 87-115 us).
	 */
	(void)mallopt(M_MXFAST, 0);

	while ((c = getopt_long(argc, argv, "f:Fnu:b:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'V':
			(void)printf("handsetd %s (control protocol %d, "
				     "document version %d)\n",
				     HANDSETD_VERSION, CTRL_PROTO_VERSION,
				     CTRL_DOC_VERSION);
			return 0;
		case 'b':
			d.nl_rcvbuf = atoi(optarg);
			if (d.nl_rcvbuf <= 0) {
				usage();
				return 2;
			}
			break;
		case 'f': conf_arg = optarg;    break;
		case 'F': foreground = true;    break;
		case 'n': check = true;         break;
		case 'u': d.user = optarg;      break;
		default:
			usage();
			return c == 'h' ? 0 : 2;
		}
	}

	if (optind != argc) {
		usage();
		return 2;
	}

	/* reloads happen after a detached daemon's chdir("/") */
	if (conf_arg) {
		d.conf_file = realpath(conf_arg, conf_abs) ? conf_abs :
			conf_arg;
	}

	err = libre_init();
	if (err) {
		(void)fprintf(stderr, "handsetd: libre: %s\n", strerror(err));
		return 1;
	}

	if (check) {
		err = check_only();
		goto out;
	}

	log_open(foreground);
	tmr_init(&d.sweep);

	err = signals_block();
	if (err)
		goto out;

	err = start(foreground);
	if (err)
		goto out;

	(void)notify_ready();
	log_msg(LOG_NOTICE, "started, %u handset(s), %u binding(s)",
		d.cfg->handsetc, records_binding_count(d.recs));

	err = re_main(NULL);

	(void)notify_stopping();
	log_msg(LOG_NOTICE, "stopped");

 out:
	stop();
	libre_close();
	log_close();

	return err ? 1 : 0;
}
