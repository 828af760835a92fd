/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * handsetd internal interfaces, one section per source file.
 *
 * Plain records that several modules read (the configuration, a handset's
 * runtime state, a binding) are visible structs; everything with behaviour
 * behind it (the state log, the records table, the registrar, the control
 * socket, the rate limiter) is opaque and defined in its own .c file.
 */
#ifndef HANDSETD_H
#define HANDSETD_H

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <re.h>
#include "timefmt.h"

struct admin_conf;
struct config;
struct http_conf;
struct prov_conf;
struct ports_conf;
struct records;
struct statelog;

/* A hex digit's value, -1 for anything else (libre's ch_hex says 0). */
static inline int hex_digit(char c)
{
	return isxdigit((unsigned char)c) ? ch_hex(c) : -1;
}

/* log.c: syslog, or stderr in the foreground */
void log_open(bool foreground);
void log_close(void);
void log_msg(int prio, const char *fmt, ...);

/* notify.c: the service manager's readiness protocol */
int  notify_ready(void);
int  notify_reloading(void);
int  notify_stopping(void);


/* own_sockets.c: libre's transport sockets, found by type and address */
typedef void (own_socket_h)(int fd, void *arg);
void own_sockets_apply(int type, bool listening, const struct sa *laddr,
		       own_socket_h *h, void *arg);


/* diag.c: configuration problems, collected so -n, a reload and the log
 * can all show the complete list */
struct diag;
int  diag_alloc(struct diag **dp);
void diag_error(struct diag *d, const char *file, int line,
		const char *fmt, ...);
void diag_warning(struct diag *d, const char *file, int line,
		  const char *fmt, ...);
unsigned diag_errors(const struct diag *d);
unsigned diag_warnings(const struct diag *d);
int  diag_print(struct re_printf *pf, const struct diag *d);
void diag_log(const struct diag *d);


/* mac.c: MAC addresses as administrators and phones write them */
enum { MAC_LEN = 6, MAC_STR_SIZE = 18 };
int  mac_parse(uint8_t mac[MAC_LEN], const char *str, size_t len);
void mac_format(char buf[MAC_STR_SIZE], const uint8_t mac[MAC_LEN]);
bool mac_is_typo(const uint8_t a[MAC_LEN], const uint8_t b[MAC_LEN]);
int  mac_from_instance(uint8_t mac[MAC_LEN], const struct pl *instance);
int  mac_from_text(uint8_t mac[MAC_LEN], const struct pl *text);
int  mac_from_user(uint8_t mac[MAC_LEN], const struct pl *user);
static inline uint32_t mac_hash(const uint8_t mac[MAC_LEN])
{
	return hash_joaat(mac, MAC_LEN);
}


/* models.c: the handset models handsetd knows */
enum model_kind {
	MODEL_SIP_GENERIC,
	MODEL_SIP_VENDOR,
	MODEL_ANALOG,
};

struct model {
	const char *name;
	const char *vendor;
	enum model_kind kind;
	const char *prov;         /* provisioning family; NULL: none */
};

const struct model *model_find(const char *name);
int  model_print_names(struct re_printf *pf, void *unused);
const char *vendor_from_oui(const uint8_t mac[MAC_LEN]);
const char *vendor_from_ua(const struct pl *ua);


/* config.c: the administrator's file, validated */
enum {
	CONFIG_MAX_LISTEN = 8,
	CONFIG_MAX_PORTS  = 64,
};

enum analog_inside {
	ANALOG_INSIDE_BUILTIN,
	ANALOG_INSIDE_NONE,
	ANALOG_INSIDE_LIST,
};

struct listen_addr {
	enum sip_transp tp;
	struct sa addr;
};

struct hs_conf {
	struct le le;             /* config.handsets            */
	struct le le_uid;         /* config hash by user ID     */
	struct le le_key;         /* config hash by login ID (SIP) or
				   * by port (analog): a handset has
				   * one or the other, never both   */
	struct le le_mac;         /* config hash by MAC         */
	char *user_id;
	char *login;
	char *port;
	const struct model *model;
	uint8_t ha1[MD5_SIZE];
	bool has_secret;
	char *password;           /* for provisioning files; NULL: ha1 */
	char *display_name;       /* for provisioning files; NULL: user ID */
	uint8_t mac[MAC_LEN];
	bool has_mac;
	int line;                 /* of the group, and of members  */
	int line_uid;             /* for the "both places" of a    */
	int line_login;           /* clash                         */
	int line_mac;
	int line_port;
};

struct config {
	char *file;
	struct listen_addr listen[CONFIG_MAX_LISTEN];
	unsigned listenc;
	char *tls_cert;           /* sip_tls.h; NULL: no tls: listener */
	char *tls_key;            /* NULL: tls_cert holds the key too */
	char *realm;
	uint32_t tcp_per_address; /* config_sip_tcp.c: the caps in force */
	uint32_t tcp_max;         /* (sip_tcp_guard.c)                   */
	uint32_t min_expires;
	uint32_t default_expires;
	uint32_t max_expires;
	uint32_t max_contacts;
	uint32_t nonce_lifetime;
	uint32_t auth_max_failures;
	uint32_t auth_window;
	uint32_t auth_block;
	char *state_dir;
	char *control_socket;
	enum analog_inside analog_inside;
	char *analog_ports[CONFIG_MAX_PORTS];
	unsigned analog_portc;
	uint32_t analog_uid_first;
	uint32_t analog_uid_last;
	struct list handsets;
	uint32_t handsetc;
	struct hash *ht_uid;
	struct hash *ht_login;
	struct hash *ht_mac;
	struct hash *ht_port;
	struct http_conf *http;   /* config_http.c; NULL: no page */
	struct prov_conf *prov;   /* config_prov.c; NULL: none */
	struct admin_conf *admin; /* config_admin.c; never NULL   */
	struct ports_conf *ports; /* config_ports.c; NULL: kernel defaults */
};

extern const char config_default_text[];
extern const char *config_default_file;
/* the name the configuration has when handsetd runs on config_default_text */
extern const char config_builtin_name[];

int config_load(struct config **cfgp, const char *file, struct diag *diag);
int config_parse(struct config **cfgp, const char *name, const char *text,
		 struct diag *diag);
const struct hs_conf *config_by_uid(const struct config *cfg,
				    const struct pl *uid);
const struct hs_conf *config_by_login(const struct config *cfg,
				      const struct pl *login);
const struct hs_conf *config_by_mac(const struct config *cfg,
				    const uint8_t mac[MAC_LEN]);
const struct hs_conf *config_by_port(const struct config *cfg,
				     const char *port);
int  listen_addr_parse(struct listen_addr *la, const char *str);

/* port_names.c: port names in the file that name no port (handsetd -n) */
void port_names_check(const struct config *cfg, struct diag *diag,
		      const char *class_dir);


/* auth.c: digest MD5 with stateless nonces */
enum { NONCE_SIZE = 37, SECRET_LEN = 32 };

enum nonce_state {
	NONCE_FRESH,
	NONCE_STALE,
	NONCE_INVALID,
};

struct auth;
int  auth_alloc(struct auth **ap, const uint8_t secret[SECRET_LEN]);
int  auth_secret_load(uint8_t secret[SECRET_LEN], const char *state_dir);
void auth_ha1(uint8_t ha1[MD5_SIZE], const char *login, const char *realm,
	      const char *password);
void auth_nonce_make(struct auth *a, char nonce[NONCE_SIZE],
		     const char *realm, uint64_t now);
enum nonce_state auth_nonce_check(struct auth *a,
				  const struct pl *nonce, const char *realm,
				  uint64_t now, uint32_t lifetime,
				  uint64_t *issued);
void auth_dummy_ha1(const struct auth *a, uint8_t ha1[MD5_SIZE],
		    const struct pl *username);
int  auth_verify(const struct httpauth_digest_resp *resp,
		 const struct pl *method, const uint8_t ha1[MD5_SIZE]);


/* contact.c: Contact and Expires values, and the expiry rules */
struct contact {
	bool star;
	struct sip_addr addr;
	bool has_expires;
	uint32_t expires;
	struct pl instance;
};

int contact_decode(struct contact *c, const struct pl *hval);
int expires_decode(uint32_t *val, const struct pl *pl);
int expiry_decide(uint32_t *exp, const struct contact *c, bool has_hdr,
		  uint32_t hdr, uint32_t min, uint32_t def, uint32_t max);


/* statelog.c: append-only state log with group commit */
typedef void (statelog_record_h)(int argc, char *argv[], void *arg);
typedef void (statelog_done_h)(int err, void *arg);
typedef int  (statelog_snapshot_h)(struct statelog *sl, void *arg);

enum { STATELOG_MAX_FIELDS = 16 };

int  statelog_open(struct statelog **slp, const char *dir,
		   statelog_record_h *rech, void *arg);
int  statelog_append(struct statelog *sl, const char *fmt, ...);
int  statelog_wait(struct statelog *sl, statelog_done_h *doneh, void *arg);
int  statelog_sync(struct statelog *sl);
int  statelog_compact(struct statelog *sl, statelog_snapshot_h *snaph,
		      void *arg);
bool statelog_wants_compaction(const struct statelog *sl, uint32_t live);
bool statelog_compaction_due(const struct statelog *sl, uint32_t live,
			     uint64_t quiet_ms);
int  statelog_field(struct re_printf *pf, const char *str);


/* records.c: handsets, their bindings and what the daemon learned */
struct binding {
	struct le le;             /* handset.bindings */
	struct handset *hs;
	char *uri;
	char *callid;
	uint32_t cseq;
	uint64_t expires;         /* absolute, seconds since the epoch */
	uint64_t updated;
	struct sa src;
	enum sip_transp tp;
	char *ua;
	char *instance;
	char strs[];              /* uri, callid, ua, instance point here */
};

struct handset {
	struct le he;             /* records hash by user ID */
	char *user_id;
	const struct hs_conf *conf;
	struct list bindings;
	char nonce[NONCE_SIZE];   /* newest nonce seen with qop */
	uint64_t nonce_issued;    /* its stamp: second << 16 | number */
	uint32_t nc;
	uint32_t last_callid;     /* hash of the last REGISTER answered 200 */
	uint32_t last_cseq;       /* and its CSeq, to spot retransmissions   */
	uint8_t seen_mac[MAC_LEN];
	bool has_seen_mac;
};

struct discovered {
	struct le he;
	uint8_t mac[MAC_LEN];
	char *vendor;
	char *model;
	char *ua;
	char *how;
	struct sa src;
	uint64_t first_seen;
	uint64_t last_seen;
};

int  records_alloc(struct records **rp, struct config *cfg,
		   const char *state_dir);
int  records_reconfigure(struct records *r, struct config *cfg);
struct config *records_config(const struct records *r);
struct statelog *records_statelog(const struct records *r);
struct handset *records_handset(const struct records *r,
				const struct pl *user_id);
uint32_t records_binding_count(const struct records *r);
int  records_binding_set(struct records *r, struct handset *hs,
			 const struct pl *uri, const struct pl *callid,
			 uint32_t cseq, uint64_t expires,
			 const struct sa *src, enum sip_transp tp,
			 const struct pl *ua, const struct pl *instance,
			 uint64_t now);
void records_binding_remove(struct records *r, struct binding *b,
			    const char *why);
struct binding *records_binding_find(const struct handset *hs,
				     const struct pl *uri);
void records_expire(struct records *r, uint64_t now);
void records_handset_apply(const struct records *r,
			   bool (*h)(struct handset *hs, void *arg),
			   void *arg);
void records_seen_mac(struct records *r, struct handset *hs,
		      const uint8_t mac[MAC_LEN]);
void records_discovered(struct records *r, const uint8_t mac[MAC_LEN],
			const struct pl *ua, const char *vendor,
			const char *model, const char *how,
			const struct sa *src, uint64_t now);
void records_discovered_apply(const struct records *r,
			      bool (*h)(struct discovered *d, void *arg),
			      void *arg);
int  records_maintain(struct records *r);
unsigned records_kick(struct records *r, struct handset *hs);
int  records_discovered_forget(struct records *r, const uint8_t mac[MAC_LEN]);


/* discovery.c: which device is this, from what it says about itself */
bool discovery_observe(struct records *r, const struct sip_msg *msg,
		       uint64_t now, uint8_t mac[MAC_LEN]);


/* ratelimit.c: failed authentications per address and Login ID */
struct ratelimit;
int  ratelimit_alloc(struct ratelimit **rlp);
void ratelimit_configure(struct ratelimit *rl, uint32_t max_failures,
			 uint32_t window, uint32_t block);
bool ratelimit_blocked(struct ratelimit *rl, const struct sa *src,
		       uint64_t now);
void ratelimit_failure(struct ratelimit *rl, const struct sa *src,
		       uint64_t now);
void ratelimit_expire(struct ratelimit *rl, uint64_t now);
/* per Login ID at an address, exemptions, the administrator's view */
struct netlist;
void ratelimit_exempt(struct ratelimit *rl, struct netlist *exempt,
		      struct netlist *trusted);
bool ratelimit_is_exempt(const struct ratelimit *rl, const struct sa *src);
bool ratelimit_login_blocked(struct ratelimit *rl, const struct sa *src,
			     const struct pl *login, uint64_t now);
void ratelimit_login_failure(struct ratelimit *rl, const struct sa *src,
			     const struct pl *login, uint64_t now);
typedef bool (ratelimit_blocked_h)(const struct sa *addr, const char *login,
				   uint64_t left, void *arg);
void ratelimit_blocked_apply(const struct ratelimit *rl,
			     ratelimit_blocked_h *h, void *arg, uint64_t now);
unsigned ratelimit_unblock(struct ratelimit *rl, const struct pl *what);


/* registrar.c: REGISTER per RFC 3261 10.3, and the other methods */
struct registrar;
int registrar_alloc(struct registrar **regp, struct sip *sip,
		    struct records *recs, struct auth *auth,
		    struct ratelimit *rl);
bool registrar_request(struct registrar *reg, const struct sip_msg *msg);
struct redirect;
void registrar_set_redirect(struct registrar *reg, struct redirect *rd);


/* listing.c: the Handsets list, as text and as the JSON document of
 * handsets.schema.json (listing_document: for every JSON consumer) */
struct analog;
struct odict;
int listing_document(struct odict **op, const struct records *r,
		     const struct analog *an, uint64_t now);
int listing_document_nosip(struct odict **op, const struct records *r,
			   const struct analog *an, uint64_t now);
typedef bool (listing_sip_h)(const struct handset *hs, const char *user_id,
			     void *arg);
void listing_sip_apply(const struct records *r, listing_sip_h *h, void *arg);
int listing_sip_odict(struct odict **op, const struct handset *hs);

/*
 * One SIP handset's facts as the list shows them: what its member of
 * sip_handsets (listing_sip_odict()) and its row on the Handsets page are
 * both made from, so the two cannot differ.  Strings point into the
 * record or into the view; NULL is JSON's null.  Times are ISO 8601.
 */
struct listing_sip {
	const char *user_id;
	const char *model;
	const char *login;
	const char *mac;              /* as configured */
	const char *reported_mac;     /* as the phone reported it */
	bool registered;
	const char *expires;          /* the latest binding's */
	const struct list *bindings;  /* see listing_contact_view() */
	const char *provisioning;     /* the model's kind of file */
	const char *provisioned;      /* when the phone last fetched it */
	const char *provisioned_from;
	char mac_buf[MAC_STR_SIZE];
	char reported_buf[MAC_STR_SIZE];
	char expires_buf[TIME_ISO_SIZE];
	char provisioned_buf[TIME_ISO_SIZE];
	char from_buf[64];
};

/* One binding's member of "contacts", the same way. */
struct listing_contact {
	const char *uri;
	const char *expires;
	const char *source;
	const char *transport;
	const char *user_agent;
	const char *instance;
	const char *call_id;
	uint32_t cseq;
	char expires_buf[TIME_ISO_SIZE];
	char source_buf[64];
};

int listing_sip_view(struct listing_sip *v, const struct handset *hs);
int listing_contact_view(struct listing_contact *v, const struct binding *b);
int listing_warnings(struct odict **op, const struct records *r);
int listing_show_document(struct odict **op, const struct records *r,
			  const struct analog *an, const struct pl *user_id,
			  uint64_t now);
int listing_print(struct re_printf *pf, const struct records *r,
		  const struct analog *an, bool json, uint64_t now);
int listing_show(struct re_printf *pf, const struct records *r,
		 const struct analog *an, const struct pl *user_id,
		 bool json, uint64_t now);


/* ctrl.c: the control socket */
struct ctrl;
typedef int (ctrl_cmd_h)(struct mbuf *reply, const struct pl *cmd,
			 const struct pl *arg, void *harg);
int ctrl_alloc(struct ctrl **ctrlp, const char *path, ctrl_cmd_h *cmdh,
	       void *arg);
bool ctrl_option(struct pl *arg, const char *opt);
int ctrl_request(struct mbuf *out, const char *req, size_t len,
		 ctrl_cmd_h *cmdh, void *arg);


/* ctrl_cmd.c: the control protocol's commands (a ctrl_cmd_h) */
struct ctrl_env {
	struct records *recs;
	struct analog *analog;
	struct ratelimit *rl;			/* blocked, unblock */
	int (*reloadh)(struct diag *diag);	/* NULL: reload refused */
};

int ctrl_cmd(struct mbuf *reply, const struct pl *cmd, const struct pl *arg,
	     void *env);


/* ctrl_ports.c: ports, ring; ctrl_monitor.c: monitor's own connections */
bool ctrl_ports_cmd(int *errp, struct mbuf *reply, const struct pl *cmd,
		    const struct pl *arg, const struct ctrl_env *env);
bool ctrl_monitor_take(int fd, const char *req, size_t len);
void ctrl_monitor_close_all(void);


/* time helpers shared by several modules */
static inline uint64_t now_wall(void)
{
	return (uint64_t)time(NULL);
}

#endif
