/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control protocol between handsetd and handsetctl, in one place so the
 * two cannot drift apart (the chrony cmdmon / hostapd wpa_ctrl pattern).
 *
 * Transport: a UNIX stream socket.  The client connects, writes one request
 * line and shuts down its writing side.  The daemon answers with one status
 * line, then a body, then closes the connection:
 *
 *	request  = command [ " " argument ] "\n"
 *	response = ( "OK" / "ERROR" ) "\n" body
 *
 * A request line longer than CTRL_MAX_REQUEST bytes is refused.  The body is
 * text for humans, or JSON for "list json" and "show json ID".
 */
#ifndef HANDSETD_CTRL_PROTO_H
#define HANDSETD_CTRL_PROTO_H

#define CTRL_DEFAULT_SOCKET	"/run/handsetd/control"
#define CTRL_MAX_REQUEST	256

#define CTRL_CMD_LIST		"list"
#define CTRL_CMD_LIST_JSON	"list json"
#define CTRL_CMD_SHOW		"show"
#define CTRL_CMD_SHOW_JSON	"show json"
#define CTRL_CMD_RELOAD		"reload"
/* The handsets entry making an analog handset (user ID or port) permanent */
#define CTRL_CMD_SNIPPET	"snippet"

#define CTRL_STATUS_OK		"OK"
#define CTRL_STATUS_ERROR	"ERROR"

#endif
