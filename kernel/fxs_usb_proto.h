/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxs_usb_proto.h - the open FXS USB port expander protocol, version 1.
 *
 * docs/usb-expander-protocol.md is the specification; this header is its
 * machine-readable part, shared by fxs_usb.ko and the emulated expander in
 * tests/tools/usbexp-emu, so it uses only <linux/types.h> types.  All
 * multi-byte fields are little endian, as everywhere on USB, and every
 * field is naturally aligned, so the structures need no packing.
 */
#ifndef _FXS_USB_PROTO_H
#define _FXS_USB_PROTO_H

#include <linux/types.h>

/*
 * pid.codes' test VID:PID.  A vendor ships its own VID:PID and adds it to
 * the driver's id table (or writes it to the driver's new_id at run time):
 * the interface class triple below is what identifies the protocol.
 */
#define FXS_USB_VID			0x1209
#define FXS_USB_PID			0x0001

#define FXS_USB_IF_CLASS		0xff	/* vendor specific */
#define FXS_USB_IF_SUBCLASS		0x46	/* 'F' */
#define FXS_USB_IF_PROTOCOL		0x01

#define FXS_USB_PROTO_MAJOR		1
#define FXS_USB_PROTO_MINOR		0

/* Hook states travel as a 32-bit map: bit n-1 is port n, 1 = off hook. */
#define FXS_USB_MAX_PORTS		32

/* Interrupt IN reports are exactly this long; wMaxPacketSize >= this. */
#define FXS_USB_REPORT_SIZE		8

/*
 * Vendor requests, recipient interface, wIndex = interface number.
 * "port" is the port number from 1 as printed on the jacks.
 */
enum fxs_usb_request {
	/* IN, wValue 0, wLength 8: struct fxs_usb_info */
	FXS_USB_REQ_GET_INFO		= 0x01,
	/* IN, wValue 0, wLength 8: struct fxs_usb_report, SNAPSHOT */
	FXS_USB_REQ_GET_HOOKS		= 0x02,
	/* OUT, wValue port | linefeed << 8 (enum fxs_linefeed), no data */
	FXS_USB_REQ_SET_LINEFEED	= 0x03,
	/* OUT, wValue port | on << 8 (0 remove, 1 apply), no data */
	FXS_USB_REQ_SET_RING		= 0x04,
};

/**
 * struct fxs_usb_info - answer to FXS_USB_REQ_GET_INFO
 * @proto_major: FXS_USB_PROTO_MAJOR; a host refuses another major.
 * @proto_minor: additions that older hosts may ignore.
 * @n_ports: number of ports, 1..FXS_USB_MAX_PORTS.
 * @reserved: zero.
 * @fw_version: firmware version, BCD major.minor (0x0102 = 1.2).
 * @status_interval_ms: period of STATUS reports, 0 = none sent.
 */
struct fxs_usb_info {
	__u8 proto_major;
	__u8 proto_minor;
	__u8 n_ports;
	__u8 reserved;
	__le16 fw_version;
	__le16 status_interval_ms;
};

enum fxs_usb_report_type {
	/* A hook state changed; seq is one more than the previous HOOK. */
	FXS_USB_REPORT_HOOK		= 0x01,
	/* Periodic liveness; seq is that of the last HOOK, unchanged. */
	FXS_USB_REPORT_STATUS		= 0x02,
	/* Only as the answer to GET_HOOKS; seq as in STATUS. */
	FXS_USB_REPORT_SNAPSHOT		= 0x03,
};

/**
 * struct fxs_usb_report - interrupt IN report and GET_HOOKS answer
 * @type: enum fxs_usb_report_type.
 * @seq: sequence number of hook changes, modulo 256.
 * @n_ports: the device's port count, as in struct fxs_usb_info.
 * @reserved: zero.
 * @offhook: raw hook state of every port, bit n-1 = port n off hook.
 */
struct fxs_usb_report {
	__u8 type;
	__u8 seq;
	__u8 n_ports;
	__u8 reserved;
	__le32 offhook;
};

#endif /* _FXS_USB_PROTO_H */
