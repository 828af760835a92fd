/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol between handsetd and handsetctl, in one place so the
 * two cannot drift apart (the chrony cmdmon / hostapd wpa_ctrl pattern).
 *
 * Transport: a UNIX stream socket.  The client connects, writes one request
 * line and shuts down its writing side.  The daemon answers with one status
 * line, then a body, then closes the connection:
 *
 *	request  = verb *( " " option ) [ " " argument ] "\n"
 *	response = ( "OK" / "ERROR" ) "\n" body
 *
 * A request line longer than CTRL_MAX_REQUEST bytes is refused.  An option
 * is one of the CTRL_OPT_ words and comes before the argument.  The body is
 * text for humans, or with CTRL_OPT_JSON the JSON document described by
 * handsets.schema.json (next to this file), whose keys are the CTRL_KEY_
 * names below.  tests/unit/ctrl-proto-schema.sh fails when this header and
 * the schema name different keys or values.
 *
 * CTRL_PROTO_VERSION counts incompatible changes to the requests and the
 * status line; CTRL_DOC_VERSION is the JSON document's "version" field and
 * counts incompatible changes to the document (a key removed, renamed or
 * given another meaning; adding a key is compatible).
 */
#ifndef HANDSETD_CTRL_PROTO_H
#define HANDSETD_CTRL_PROTO_H

#define CTRL_PROTO_VERSION	1
#define CTRL_DOC_VERSION	1

#define CTRL_DEFAULT_SOCKET	"/run/handsetd/control"
#define CTRL_MAX_REQUEST	256

/* Verbs */
#define CTRL_CMD_LIST		"list"		/* [json]		*/
#define CTRL_CMD_SHOW		"show"		/* [json] USER_ID	*/
#define CTRL_CMD_RELOAD		"reload"
/* The handsets entry making an analog handset (user ID or port) permanent */
#define CTRL_CMD_SNIPPET	"snippet"	/* USER_ID|PORT		*/
/* Administration (handsetctl(8)): where a handset is, acting on it */
#define CTRL_CMD_LOOKUP		"lookup"	/* USER_ID|LOGIN (JSON)	*/
#define CTRL_CMD_KICK		"kick"		/* USER_ID		*/
#define CTRL_CMD_BLOCKED	"blocked"	/* [json]		*/
#define CTRL_CMD_UNBLOCK	"unblock"	/* ADDRESS|LOGIN	*/
#define CTRL_CMD_FORGET		"forget"	/* MAC			*/
/*
 * The events stream (handsetctl events): after the status line the
 * connection stays open and carries one JSON object per line (an "event"
 * of handsets.schema.json) for every change until the client closes the
 * connection or shuts down its sending side (so, unlike the other verbs,
 * an events client keeps it open).  A client that does not read is
 * dropped once CTRL_EVENTS_BACKLOG bytes wait for it.  (The analog ports'
 * live view for people is CTRL_CMD_MONITOR, below.)
 */
#define CTRL_CMD_EVENTS		"events"
#define CTRL_EVENTS_BACKLOG	(256 * 1024)

/* Analog ports (ctrl_ports.c, handsetctl/ctl_ports.c) */
#define CTRL_CMD_PORTS		"ports"		/* every port, its settings */
#define CTRL_CMD_RING		"ring"		/* PORT [SECONDS]	*/
/*
 * monitor: the connection stays open after the status line and carries
 * one line per port event until the client closes it:
 *	TIME PORT EVENT [DIGIT]
 * TIME is UTC ISO 8601 with milliseconds; EVENT is one of offhook, onhook,
 * flash, digit, ringing, ringing-stopped, added, removed.  Lines about no
 * port have PORT "-": the first, "monitoring", says the stream is live;
 * "lost N event(s)" says a slow reader missed some.  The client
 * sends its request line without shutting down its side: its close is
 * how the daemon learns it left.
 */
#define CTRL_CMD_MONITOR	"monitor"
#define CTRL_RING_DEFAULT_SECONDS	10
#define CTRL_RING_MAX_SECONDS		60

/* Options */
#define CTRL_OPT_JSON		"json"

#define CTRL_STATUS_OK		"OK"
#define CTRL_STATUS_ERROR	"ERROR"

/* Keys of the JSON documents, each name once (a key may recur in objects) */
#define CTRL_KEY_VERSION		"version"
#define CTRL_KEY_GENERATED		"generated"
#define CTRL_KEY_SIP_HANDSETS		"sip_handsets"
#define CTRL_KEY_DISCOVERED_DEVICES	"discovered_devices"
#define CTRL_KEY_WARNINGS		"warnings"
#define CTRL_KEY_ANALOG			"analog"
#define CTRL_KEY_HANDSET		"handset"	/* show */

#define CTRL_KEY_KIND			"kind"
#define CTRL_KEY_USER_ID		"user_id"
#define CTRL_KEY_MODEL			"model"
#define CTRL_KEY_LOGIN			"login"
#define CTRL_KEY_MAC			"mac"
#define CTRL_KEY_REPORTED_MAC		"reported_mac"
#define CTRL_KEY_REGISTERED		"registered"
#define CTRL_KEY_EXPIRES		"expires"
#define CTRL_KEY_CONTACTS		"contacts"

#define CTRL_KEY_URI			"uri"
#define CTRL_KEY_SOURCE			"source"
#define CTRL_KEY_TRANSPORT		"transport"
#define CTRL_KEY_USER_AGENT		"user_agent"
#define CTRL_KEY_INSTANCE		"instance"
#define CTRL_KEY_CALL_ID		"call_id"
#define CTRL_KEY_CSEQ			"cseq"

#define CTRL_KEY_VENDOR			"vendor"
#define CTRL_KEY_ADDRESS		"address"
#define CTRL_KEY_FIRST_SEEN		"first_seen"
#define CTRL_KEY_LAST_SEEN		"last_seen"
#define CTRL_KEY_SEEN_VIA		"seen_via"
/* provisioning (a SIP handset) */
#define CTRL_KEY_PROVISIONING		"provisioning"
#define CTRL_KEY_PROVISIONED		"provisioned"
#define CTRL_KEY_PROVISIONED_FROM	"provisioned_from"

#define CTRL_KEY_MESSAGE		"message"

#define CTRL_KEY_KERNEL_ATTACHED	"kernel_attached"
#define CTRL_KEY_HANDSETS		"handsets"
#define CTRL_KEY_UNASSIGNED_PORTS	"unassigned_ports"
#define CTRL_KEY_PORT			"port"
#define CTRL_KEY_PRESENT		"present"
#define CTRL_KEY_HOOK			"hook"
#define CTRL_KEY_LOCATION		"location"
#define CTRL_KEY_EXPANDER		"expander"
#define CTRL_KEY_EXPANDER_PORT		"expander_port"
#define CTRL_KEY_SINCE			"since"
#define CTRL_KEY_ORIGIN			"origin"
#define CTRL_KEY_CREATED		"created"

/* lookup, blocked, and the monitor's events */
#define CTRL_KEY_AVAILABLE		"available"
#define CTRL_KEY_Q			"q"
#define CTRL_KEY_EXPIRES_IN		"expires_in"
#define CTRL_KEY_BLOCKED		"blocked"
#define CTRL_KEY_SECONDS_LEFT		"seconds_left"
#define CTRL_KEY_EVENT			"event"
#define CTRL_KEY_TIME			"time"
#define CTRL_KEY_CHANGE			"change"
#define CTRL_KEY_CONTACT		"contact"

/* The values of keys that take one of a few words */
#define CTRL_VAL_KIND_SIP		"sip"
#define CTRL_VAL_KIND_ANALOG		"analog"
#define CTRL_VAL_TRANSPORT_UDP		"udp"
#define CTRL_VAL_TRANSPORT_TCP		"tcp"
#define CTRL_VAL_TRANSPORT_TLS		"tls"
#define CTRL_VAL_WARNING_MAC_MISMATCH	"mac_mismatch"
#define CTRL_VAL_WARNING_MAC_TYPO	"mac_typo"
#define CTRL_VAL_WARNING_PROV_UNREG	"provisioned_unregistered"
#define CTRL_VAL_HOOK_ONHOOK		"onhook"
#define CTRL_VAL_HOOK_OFFHOOK		"offhook"
#define CTRL_VAL_HOOK_RINGING		"ringing"
#define CTRL_VAL_HOOK_ABSENT		"absent"
#define CTRL_VAL_LOCATION_BUILTIN	"builtin"
#define CTRL_VAL_LOCATION_EXPANDER	"expander"
#define CTRL_VAL_ORIGIN_CONFIGURED	"configured"
#define CTRL_VAL_ORIGIN_AUTO		"auto"
/* the monitor's "event": the events.h kinds */
#define CTRL_VAL_EVENT_SIP		"sip"
#define CTRL_VAL_EVENT_EXPIRY		"expiry"
#define CTRL_VAL_EVENT_DISCOVERY	"discovery"
#define CTRL_VAL_EVENT_ANALOG		"analog"
#define CTRL_VAL_EVENT_CONFIG		"config"
/* and its "change" */
#define CTRL_VAL_CHANGE_REGISTERED	"registered"
#define CTRL_VAL_CHANGE_REFRESHED	"refreshed"
#define CTRL_VAL_CHANGE_REMOVED		"removed"
#define CTRL_VAL_CHANGE_EXPIRED		"expired"
#define CTRL_VAL_CHANGE_KICKED		"kicked"
#define CTRL_VAL_CHANGE_DISCOVERED	"discovered"
#define CTRL_VAL_CHANGE_FORGOTTEN	"forgotten"

#endif
