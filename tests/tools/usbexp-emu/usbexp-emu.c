// SPDX-License-Identifier: GPL-2.0-only
/*
 * usbexp-emu - an FXS USB port expander in userspace, through FunctionFS.
 *
 * It implements docs/usb-expander-protocol.md on a FunctionFS instance
 * that usbexp-gadget.sh has mounted, so the host side (fxs_usb.ko) talks
 * to it over a real USB bus (dummy_hcd).  Hook changes and misbehaviours
 * are commanded line by line on a control channel (a FIFO or stdin), so a
 * test can play the phone and the faulty firmware.  See usage().
 *
 * Threads: the main thread serves ep0 (setup requests, bind/enable
 * events), the control channel and the status timer; a writer thread
 * owns the interrupt IN endpoint, whose writes block until the host
 * polls.  They share a small queue of reports.
 */

#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <linux/usb/ch9.h>
#include <linux/usb/functionfs.h>

#include "fxs_usb_proto.h"

#define QUEUE_LEN	64

enum desc_mode { DESC_OK, DESC_NO_INT_EP, DESC_BULK_EP, DESC_SMALL_MPS };

struct options {
	const char *ffs_dir;
	const char *ctl_path;
	const char *udc_file;
	unsigned int n_ports;
	unsigned int status_ms;
	unsigned int fw_version;
	unsigned int proto_major;
	enum desc_mode desc;
	bool short_info;
	bool stall_info;
	bool vanish_info;
	bool timestamps;
};

/* One queued item for the writer thread: a report, or a stall. */
struct item {
	uint8_t buf[FXS_USB_REPORT_SIZE];
	size_t len;
	bool stall;
};

struct emu {
	struct options opt;
	int ep0;
	int ep1;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct item queue[QUEUE_LEN];
	unsigned int head;
	unsigned int count;
	unsigned long dropped;

	/* Device state, owned by the main thread. */
	uint32_t offhook;
	uint8_t seq;
	bool enabled;
	bool silent;
	bool vanish_next;
	unsigned int gap_next;
	bool drop_next;
	enum { NEXT_OK, NEXT_SHORT, NEXT_GARBAGE, NEXT_BADMAP } next;
	unsigned long burst_left;
	unsigned long burst_i;
	unsigned long burst_rate;
	uint64_t burst_start;
};

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static int write_all(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static void enqueue(struct emu *e, const struct item *it)
{
	pthread_mutex_lock(&e->lock);
	if (e->count == QUEUE_LEN) {
		/* A full FIFO loses its oldest report, as firmware would. */
		e->head = (e->head + 1) % QUEUE_LEN;
		e->count--;
		e->dropped++;
	}
	e->queue[(e->head + e->count) % QUEUE_LEN] = *it;
	e->count++;
	pthread_cond_signal(&e->cond);
	pthread_mutex_unlock(&e->lock);
}

static void *writer(void *arg)
{
	struct emu *e = arg;
	struct item it;
	char c;
	int ret;

	for (;;) {
		pthread_mutex_lock(&e->lock);
		while (!e->count)
			pthread_cond_wait(&e->cond, &e->lock);
		it = e->queue[e->head];
		e->head = (e->head + 1) % QUEUE_LEN;
		e->count--;
		pthread_mutex_unlock(&e->lock);

		if (it.stall) {
			/* FunctionFS halts an IN endpoint that is read. */
			if (read(e->ep1, &c, 1) < 0 && errno != EBADMSG)
				say("# stall failed: %s\n", strerror(errno));
			else
				say("stalled\n");
			continue;
		}
		ret = write_all(e->ep1, it.buf, it.len);
		/* Unplugged or reset: the report is lost, as on a wire. */
		if (ret)
			say("# report lost: %s\n", strerror(-ret));
	}
	return NULL;
}

static void fill_report(struct emu *e, struct item *it, uint8_t type)
{
	struct fxs_usb_report r = {
		.type = type,
		.seq = e->seq,
		.n_ports = e->opt.n_ports,
		.offhook = htole32(e->offhook),
	};

	memset(it, 0, sizeof(*it));
	memcpy(it->buf, &r, sizeof(r));
	it->len = sizeof(r);
}

/* Apply this firmware's pending misbehaviour to an outgoing report. */
static void spoil(struct emu *e, struct item *it)
{
	struct fxs_usb_report *r = (struct fxs_usb_report *)it->buf;

	switch (e->next) {
	case NEXT_SHORT:
		it->len = 3;
		break;
	case NEXT_GARBAGE:
		r->type = 0x7f;
		break;
	case NEXT_BADMAP:
		r->offhook = htole32(0xffffffffu);
		r->n_ports = e->opt.n_ports + 1;
		break;
	case NEXT_OK:
		break;
	}
	e->next = NEXT_OK;
}

static void hook_changed(struct emu *e, uint32_t map)
{
	struct item it;

	e->offhook = map;
	e->seq += 1 + e->gap_next;
	e->gap_next = 0;
	if (e->opt.timestamps)
		say("hook 0x%08x seq %u t %llu\n", map, e->seq,
		    (unsigned long long)now_ns());
	if (e->drop_next || e->silent) {
		e->drop_next = false;
		return;
	}
	fill_report(e, &it, FXS_USB_REPORT_HOOK);
	spoil(e, &it);
	enqueue(e, &it);
}

static void send_status(struct emu *e)
{
	struct item it;

	if (!e->enabled || e->silent)
		return;
	fill_report(e, &it, FXS_USB_REPORT_STATUS);
	spoil(e, &it);
	enqueue(e, &it);
}

static void vanish(struct emu *e)
{
	int fd;

	say("vanishing\n");
	fd = e->opt.udc_file ? open(e->opt.udc_file, O_WRONLY) : -1;
	if (fd < 0 || write_all(fd, "\n", 1))
		say("# cannot unbind %s\n", e->opt.udc_file ?: "(no -u)");
	if (fd >= 0)
		close(fd);
}

static const char *request_name(uint8_t req)
{
	switch (req) {
	case FXS_USB_REQ_GET_INFO:
		return "GET_INFO";
	case FXS_USB_REQ_GET_HOOKS:
		return "GET_HOOKS";
	case FXS_USB_REQ_SET_LINEFEED:
		return "SET_LINEFEED";
	case FXS_USB_REQ_SET_RING:
		return "SET_RING";
	}
	return "UNKNOWN";
}

/*
 * FunctionFS stalls a pending setup when ep0 is used in the direction
 * opposite to the data stage.
 */
static void stall_ep0(struct emu *e, const struct usb_ctrlrequest *c)
{
	char b;

	if (c->bRequestType & USB_DIR_IN) {
		if (read(e->ep0, &b, 0) < 0 && errno != EL2HLT)
			say("# ep0 stall: %s\n", strerror(errno));
	} else {
		if (write(e->ep0, &b, 0) < 0 && errno != EL2HLT)
			say("# ep0 stall: %s\n", strerror(errno));
	}
}

static void answer_in(struct emu *e, const struct usb_ctrlrequest *c,
		      const void *data, size_t len)
{
	size_t want = le16toh(c->wLength);
	int ret;

	ret = write_all(e->ep0, data, len < want ? len : want);
	if (ret)
		say("# ep0 answer: %s\n", strerror(-ret));
}

static void setup(struct emu *e, const struct usb_ctrlrequest *c)
{
	uint8_t req = c->bRequest;
	unsigned int value = le16toh(c->wValue);
	unsigned int port = value & 0xff, arg = value >> 8;
	struct fxs_usb_info info = {
		.proto_major = e->opt.proto_major,
		.proto_minor = FXS_USB_PROTO_MINOR,
		.n_ports = e->opt.n_ports,
		.fw_version = htole16(e->opt.fw_version),
		.status_interval_ms = htole16(e->opt.status_ms),
	};
	struct item it;
	char b;

	say("ctrl %s port %u arg %u\n", request_name(req), port, arg);
	if (e->vanish_next || (req == FXS_USB_REQ_GET_INFO &&
			       e->opt.vanish_info)) {
		e->vanish_next = false;
		vanish(e);
		return;
	}
	if ((c->bRequestType & USB_TYPE_MASK) != USB_TYPE_VENDOR) {
		stall_ep0(e, c);
		return;
	}
	switch (req) {
	case FXS_USB_REQ_GET_INFO:
		if (e->opt.stall_info)
			stall_ep0(e, c);
		else
			answer_in(e, c, &info, e->opt.short_info ? 4 :
				  sizeof(info));
		return;
	case FXS_USB_REQ_GET_HOOKS:
		fill_report(e, &it, FXS_USB_REPORT_SNAPSHOT);
		answer_in(e, c, it.buf, it.len);
		return;
	case FXS_USB_REQ_SET_LINEFEED:
	case FXS_USB_REQ_SET_RING:
		if (port < 1 || port > e->opt.n_ports ||
		    (c->bRequestType & USB_DIR_IN) ||
		    (req == FXS_USB_REQ_SET_LINEFEED && arg > 4) ||
		    (req == FXS_USB_REQ_SET_RING && arg > 1)) {
			stall_ep0(e, c);
			return;
		}
		/* A zero-length read acknowledges an OUT without data. */
		if (read(e->ep0, &b, 0) < 0)
			say("# ep0 ack: %s\n", strerror(errno));
		if (req == FXS_USB_REQ_SET_RING)
			say("ring %u %s\n", port, arg ? "on" : "off");
		else
			say("linefeed %u %u\n", port, arg);
		return;
	}
	stall_ep0(e, c);
}

static void ep0_events(struct emu *e)
{
	struct usb_functionfs_event ev[4];
	ssize_t n;
	int i;

	n = read(e->ep0, ev, sizeof(ev));
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			say("# ep0 read: %s\n", strerror(errno));
		return;
	}
	for (i = 0; i < n / (ssize_t)sizeof(ev[0]); i++) {
		switch (ev[i].type) {
		case FUNCTIONFS_BIND:
			say("bind\n");
			break;
		case FUNCTIONFS_UNBIND:
			say("unbind\n");
			e->enabled = false;
			break;
		case FUNCTIONFS_ENABLE:
			say("enable\n");
			e->enabled = true;
			break;
		case FUNCTIONFS_DISABLE:
			say("disable\n");
			e->enabled = false;
			break;
		case FUNCTIONFS_SETUP:
			setup(e, &ev[i].u.setup);
			break;
		default:
			break;
		}
	}
}

static int parse_port(struct emu *e, const char *s, uint32_t *bit)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (end == s || *end || n < 1 || n > e->opt.n_ports || n > 32)
		return -EINVAL;
	*bit = 1u << (n - 1);
	return 0;
}

/*
 * "burst N [RATE]": N hook changes, walking over every port so each
 * change is an edge on one line, at RATE changes per second (0: as fast
 * as the host drains the queue).  Fed from the main loop so that none is
 * dropped and ep0 is still served meanwhile.
 */
static void burst_step(struct emu *e)
{
	unsigned int ports = e->opt.n_ports > 32 ? 32 : e->opt.n_ports;
	unsigned long due = e->burst_left;
	unsigned int room;

	if (e->burst_rate) {
		due = (now_ns() - e->burst_start) / 1000 * e->burst_rate /
		      1000000 + 1;
		due = due > e->burst_i ? due - e->burst_i : 0;
		if (due > e->burst_left)
			due = e->burst_left;
	}
	pthread_mutex_lock(&e->lock);
	room = QUEUE_LEN / 2 > e->count ? QUEUE_LEN / 2 - e->count : 0;
	pthread_mutex_unlock(&e->lock);
	for (; room && due; room--, due--, e->burst_left--, e->burst_i++)
		hook_changed(e, e->offhook ^ (1u << (e->burst_i % ports)));
	if (!e->burst_left)
		say("burst done %lu in %llu ns dropped %lu\n", e->burst_i,
		    (unsigned long long)(now_ns() - e->burst_start),
		    e->dropped);
}

static int command(struct emu *e, char *line)
{
	char *verb = strtok(line, " \t\r\n");
	char *arg = strtok(NULL, " \t\r\n");
	char *arg2;
	uint32_t bit;
	struct item it;

	if (!verb)
		return 0;
	if (!strcmp(verb, "offhook") || !strcmp(verb, "onhook")) {
		if (!arg || parse_port(e, arg, &bit))
			goto bad;
		hook_changed(e, verb[1] == 'f' ? e->offhook | bit :
			     e->offhook & ~bit);
	} else if (!strcmp(verb, "hooks") && arg) {
		hook_changed(e, strtoul(arg, NULL, 16));
	} else if (!strcmp(verb, "burst") && arg) {
		arg2 = strtok(NULL, " \t\r\n");
		e->burst_rate = arg2 ? strtoul(arg2, NULL, 10) : 0;
		e->burst_left = strtoul(arg, NULL, 10);
		e->burst_i = 0;
		e->burst_start = now_ns();
	} else if (!strcmp(verb, "gap") && arg) {
		e->gap_next = strtoul(arg, NULL, 10);
	} else if (!strcmp(verb, "drop")) {
		e->drop_next = true;
	} else if (!strcmp(verb, "short")) {
		e->next = NEXT_SHORT;
	} else if (!strcmp(verb, "garbage")) {
		e->next = NEXT_GARBAGE;
	} else if (!strcmp(verb, "badmap")) {
		e->next = NEXT_BADMAP;
	} else if (!strcmp(verb, "status")) {
		send_status(e);
	} else if (!strcmp(verb, "stall")) {
		memset(&it, 0, sizeof(it));
		it.stall = true;
		enqueue(e, &it);
	} else if (!strcmp(verb, "silence") && arg) {
		e->silent = !strcmp(arg, "on");
	} else if (!strcmp(verb, "vanish")) {
		e->vanish_next = true;
	} else if (!strcmp(verb, "quit")) {
		return 1;
	} else {
		goto bad;
	}
	say("done %s\n", verb);
	return 0;
bad:
	say("# bad command: %s\n", verb);
	return 0;
}

static int open_ctl(const char *path)
{
	/* O_RDWR keeps the FIFO open between writers: no EOF storm. */
	return path ? open(path, O_RDWR | O_NONBLOCK) : STDIN_FILENO;
}

/* Returns 1 on "quit" or end of input. */
static int ctl_input(struct emu *e, int fd, char *buf, size_t *fill,
		     size_t size)
{
	ssize_t n = read(fd, buf + *fill, size - 1 - *fill);
	char *nl;
	int quit = 0;

	if (n == 0)
		return 1;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : 1;
	*fill += n;
	buf[*fill] = '\0';
	while (!quit && (nl = strchr(buf, '\n'))) {
		*nl = '\0';
		quit = command(e, buf);
		*fill -= nl + 1 - buf;
		memmove(buf, nl + 1, *fill + 1);
	}
	if (*fill == size - 1)
		*fill = 0;
	return quit;
}

struct ffs_strings {
	struct usb_functionfs_strings_head header;
	struct {
		__le16 code;
		char name[sizeof("FXS port expander")];
	} __attribute__((packed)) lang;
} __attribute__((packed));

/* One speed's descriptors: the interface, then its endpoint if any. */
static size_t put_speed(struct emu *e, uint8_t *p, bool high_speed)
{
	struct usb_interface_descriptor intf = {
		.bLength = sizeof(intf),
		.bDescriptorType = USB_DT_INTERFACE,
		.bNumEndpoints = e->opt.desc == DESC_NO_INT_EP ? 0 : 1,
		.bInterfaceClass = FXS_USB_IF_CLASS,
		.bInterfaceSubClass = FXS_USB_IF_SUBCLASS,
		.bInterfaceProtocol = FXS_USB_IF_PROTOCOL,
		.iInterface = 1,
	};
	struct usb_endpoint_descriptor_no_audio ep = {
		.bLength = sizeof(ep),
		.bDescriptorType = USB_DT_ENDPOINT,
		.bEndpointAddress = 1 | USB_DIR_IN,
		.bmAttributes = USB_ENDPOINT_XFER_INT,
		.wMaxPacketSize = htole16(FXS_USB_REPORT_SIZE),
		/* 1 ms at full speed, every microframe at high speed. */
		.bInterval = 1,
	};

	if (e->opt.desc == DESC_SMALL_MPS)
		ep.wMaxPacketSize = htole16(4);
	if (e->opt.desc == DESC_BULK_EP) {
		ep.bmAttributes = USB_ENDPOINT_XFER_BULK;
		ep.wMaxPacketSize = htole16(high_speed ? 512 : 64);
		ep.bInterval = 0;
	}
	memcpy(p, &intf, sizeof(intf));
	if (!intf.bNumEndpoints)
		return sizeof(intf);
	memcpy(p + sizeof(intf), &ep, sizeof(ep));
	return sizeof(intf) + sizeof(ep);
}

static int write_descriptors(struct emu *e)
{
	struct usb_functionfs_descs_head_v2 head = {
		.magic = htole32(FUNCTIONFS_DESCRIPTORS_MAGIC_V2),
		.flags = htole32(FUNCTIONFS_HAS_FS_DESC |
				 FUNCTIONFS_HAS_HS_DESC),
	};
	__le32 count = htole32(e->opt.desc == DESC_NO_INT_EP ? 1 : 2);
	struct ffs_strings s;
	uint8_t buf[256];
	size_t len;
	int ret;

	len = sizeof(head);
	memcpy(buf + len, &count, sizeof(count));
	len += sizeof(count);
	memcpy(buf + len, &count, sizeof(count));
	len += sizeof(count);
	len += put_speed(e, buf + len, false);
	len += put_speed(e, buf + len, true);
	head.length = htole32(len);
	memcpy(buf, &head, sizeof(head));
	ret = write_all(e->ep0, buf, len);
	if (ret)
		return ret;

	memset(&s, 0, sizeof(s));
	s.header.magic = htole32(FUNCTIONFS_STRINGS_MAGIC);
	s.header.length = htole32(sizeof(s));
	s.header.str_count = htole32(1);
	s.header.lang_count = htole32(1);
	s.lang.code = htole16(0x0409);
	strcpy(s.lang.name, "FXS port expander");
	return write_all(e->ep0, &s, sizeof(s));
}

static void usage(void)
{
	fputs("usage: usbexp-emu -f FFS_DIR [options]\n"
	      "  -n PORTS      port count reported by GET_INFO (default 4)\n"
	      "  -i MS         status report interval, 0 = none (default 1000)\n"
	      "  -V BCD        firmware version (default 0x0100)\n"
	      "  -P MAJOR      protocol major version reported (default 1)\n"
	      "  -c PATH       control channel FIFO (default stdin)\n"
	      "  -u PATH       the gadget's configfs UDC file, for vanishing\n"
	      "  -t            print a CLOCK_MONOTONIC stamp per hook change\n"
	      "  -m MODE       misbehave: no-int-ep, bulk-ep, small-mps,\n"
	      "                short-info, stall-info, vanish-info\n"
	      "commands, one per line: offhook N, onhook N, hooks HEXMAP,\n"
	      "  burst N [RATE], gap N, drop, short, garbage, badmap, status,\n"
	      "  stall, silence on|off, vanish, quit\n", stderr);
	exit(2);
}

static int parse_mode(struct options *o, const char *m)
{
	if (!strcmp(m, "no-int-ep"))
		o->desc = DESC_NO_INT_EP;
	else if (!strcmp(m, "bulk-ep"))
		o->desc = DESC_BULK_EP;
	else if (!strcmp(m, "small-mps"))
		o->desc = DESC_SMALL_MPS;
	else if (!strcmp(m, "short-info"))
		o->short_info = true;
	else if (!strcmp(m, "stall-info"))
		o->stall_info = true;
	else if (!strcmp(m, "vanish-info"))
		o->vanish_info = true;
	else
		return -EINVAL;
	return 0;
}

static void parse_args(struct options *o, int argc, char **argv)
{
	int c;

	o->n_ports = 4;
	o->status_ms = 1000;
	o->fw_version = 0x0100;
	o->proto_major = FXS_USB_PROTO_MAJOR;
	while ((c = getopt(argc, argv, "f:n:i:V:P:c:u:tm:h")) != -1) {
		switch (c) {
		case 'f':
			o->ffs_dir = optarg;
			break;
		case 'n':
			o->n_ports = strtoul(optarg, NULL, 0);
			break;
		case 'i':
			o->status_ms = strtoul(optarg, NULL, 0);
			break;
		case 'V':
			o->fw_version = strtoul(optarg, NULL, 0);
			break;
		case 'P':
			o->proto_major = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			o->ctl_path = optarg;
			break;
		case 'u':
			o->udc_file = optarg;
			break;
		case 't':
			o->timestamps = true;
			break;
		case 'm':
			if (parse_mode(o, optarg))
				usage();
			break;
		default:
			usage();
		}
	}
	if (!o->ffs_dir || optind != argc || o->n_ports > 255)
		usage();
}

int main(int argc, char **argv)
{
	static struct emu e;
	struct itimerspec its = { 0 };
	char path[4096], line[4096];
	struct pollfd pfd[3];
	size_t fill = 0;
	pthread_t tid;
	uint64_t ticks;
	int ctl, tfd, ret;

	parse_args(&e.opt, argc, argv);
	pthread_mutex_init(&e.lock, NULL);
	pthread_cond_init(&e.cond, NULL);
	signal(SIGPIPE, SIG_IGN);

	snprintf(path, sizeof(path), "%s/ep0", e.opt.ffs_dir);
	e.ep0 = open(path, O_RDWR);
	if (e.ep0 < 0) {
		fprintf(stderr, "usbexp-emu: %s: %s\n", path, strerror(errno));
		return 1;
	}
	ret = write_descriptors(&e);
	if (ret) {
		fprintf(stderr, "usbexp-emu: descriptors refused: %s\n",
			strerror(-ret));
		return 1;
	}
	if (e.opt.desc != DESC_NO_INT_EP) {
		snprintf(path, sizeof(path), "%s/ep1", e.opt.ffs_dir);
		e.ep1 = open(path, O_RDWR);
		if (e.ep1 < 0) {
			fprintf(stderr, "usbexp-emu: %s: %s\n", path,
				strerror(errno));
			return 1;
		}
		if (pthread_create(&tid, NULL, writer, &e)) {
			fprintf(stderr, "usbexp-emu: no writer thread\n");
			return 1;
		}
	}
	ctl = open_ctl(e.opt.ctl_path);
	if (ctl < 0) {
		fprintf(stderr, "usbexp-emu: %s: %s\n", e.opt.ctl_path,
			strerror(errno));
		return 1;
	}
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	if (tfd < 0) {
		perror("usbexp-emu: timerfd");
		return 1;
	}
	if (e.opt.status_ms) {
		its.it_value.tv_sec = e.opt.status_ms / 1000;
		its.it_value.tv_nsec = (e.opt.status_ms % 1000) * 1000000L;
		its.it_interval = its.it_value;
		timerfd_settime(tfd, 0, &its, NULL);
	}
	say("ready\n");

	pfd[0] = (struct pollfd){ .fd = e.ep0, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = ctl, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = tfd, .events = POLLIN };
	for (;;) {
		if (e.burst_left && e.opt.n_ports)
			burst_step(&e);
		if (poll(pfd, 3, e.burst_left ? 1 : -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("usbexp-emu: poll");
			return 1;
		}
		if (pfd[0].revents & POLLIN)
			ep0_events(&e);
		if (pfd[1].revents & (POLLIN | POLLHUP) &&
		    ctl_input(&e, ctl, line, &fill, sizeof(line)))
			break;
		if (pfd[2].revents & POLLIN &&
		    read(tfd, &ticks, sizeof(ticks)) == sizeof(ticks))
			send_status(&e);
	}
	say("bye\n");
	return 0;
}
