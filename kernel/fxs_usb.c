// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_usb.c - FXS ports on a USB port expander.
 *
 * The expander speaks the open protocol of docs/usb-expander-protocol.md:
 * vendor control requests to read its identity and hook states and to
 * drive linefeed and ring, and an interrupt IN endpoint carrying raw hook
 * reports with a sequence number plus a periodic status report.  Each
 * jack becomes an fxs port named after the expander's serial number and
 * the jack's number, so a phone keeps its name across re-plugs.
 *
 * Hook reports arrive in URB completion and go straight to the core.
 * Anything that sleeps (clearing a stall, reading the hook snapshot when a
 * report was lost, marking ports faulty when the expander falls silent)
 * runs in work items, and disconnect stops all of them before the ports
 * go away.
 */

#include <linux/bitops.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/usb.h>
#include <linux/workqueue.h>

#include "fxs.h"
#include "fxs_usb_proto.h"

#define DRIVER_NAME		"fxs_usb"

/* The core names ports after the serial: it must leave room for that. */
#define FXS_USB_SERIAL_MAX	FXS_EXPANDER_ID_LEN_MAX

#define FXS_USB_CTRL_TIMEOUT_MS	1000
/* Back-off before retrying a failed resync or interrupt transfer. */
#define FXS_USB_RETRY_MS	100
/* Missing this many status reports in a row means the expander is gone. */
#define FXS_USB_SILENT_PERIODS	3

static_assert(sizeof(struct fxs_usb_info) == 8);
static_assert(sizeof(struct fxs_usb_report) == FXS_USB_REPORT_SIZE);

struct fxs_usb;

struct fxs_usb_port {
	struct fxs_usb *exp;
	struct fxs_port *port;
	u32 number;
};

struct fxs_usb_stats {
	u64 reports;
	u64 stale;
	u64 gaps;
	u64 lost;
	u64 malformed;
	u64 stalls;
	u64 errors;
	u64 resyncs;
};

struct fxs_usb {
	struct usb_device *udev;
	struct usb_interface *intf;
	u8 ifnum;

	/*
	 * Serialises control transfers, the resync and the watchdog with
	 * disconnect: once @gone is set under it, nothing talks to the
	 * device any more.
	 */
	struct mutex io_lock;
	bool gone;

	struct urb *urb;
	u8 *buf;
	dma_addr_t buf_dma;
	unsigned int buf_len;

	/* Guards everything below up to @stats; taken in URB completion. */
	spinlock_t lock;
	bool seq_valid;
	u8 last_seq;
	u32 offhook;
	bool urb_stopped;
	bool stalled;
	bool silent;
	struct fxs_usb_stats stats;

	struct delayed_work resync_work;
	struct delayed_work watchdog;
	unsigned long silent_after;

	struct dentry *debugfs;

	u16 fw_version;
	u16 status_interval_ms;
	char serial[FXS_USB_SERIAL_MAX + 1];
	unsigned int n_ports;
	struct fxs_usb_port ports[];
};

static struct dentry *fxs_usb_debugfs_root;

static const char *request_name(u8 req)
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
	return "?";
}

/* Caller holds io_lock and has checked @gone. */
static int ctrl_in(struct fxs_usb *exp, u8 req, void *data, u16 size)
{
	int ret;

	ret = usb_control_msg_recv(exp->udev, 0, req,
				   USB_DIR_IN | USB_TYPE_VENDOR |
				   USB_RECIP_INTERFACE, 0, exp->ifnum,
				   data, size, FXS_USB_CTRL_TIMEOUT_MS,
				   GFP_KERNEL);
	if (ret)
		dev_warn_ratelimited(&exp->intf->dev, "%s failed: %d\n",
				     request_name(req), ret);
	return ret;
}

static int ctrl_out(struct fxs_usb *exp, u8 req, u8 port, u8 arg)
{
	int ret;

	mutex_lock(&exp->io_lock);
	if (exp->gone) {
		ret = -ENODEV;
		goto out;
	}
	ret = usb_control_msg(exp->udev, usb_sndctrlpipe(exp->udev, 0), req,
			      USB_DIR_OUT | USB_TYPE_VENDOR |
			      USB_RECIP_INTERFACE, port | arg << 8,
			      exp->ifnum, NULL, 0, FXS_USB_CTRL_TIMEOUT_MS);
	if (ret < 0)
		dev_warn_ratelimited(&exp->intf->dev,
				     "%s for port %u failed: %d\n",
				     request_name(req), port, ret);
out:
	mutex_unlock(&exp->io_lock);
	return ret < 0 ? ret : 0;
}

/*
 * Check a report or snapshot against what GET_INFO promised.  Returns the
 * hook map, or a negative errno with one rate-limited line logged.
 */
static s64 check_report(struct fxs_usb *exp, const u8 *buf, unsigned int len,
			u8 type)
{
	const struct fxs_usb_report *r = (const struct fxs_usb_report *)buf;
	u32 map;

	if (len != FXS_USB_REPORT_SIZE) {
		dev_warn_ratelimited(&exp->intf->dev,
				     "malformed report: %u bytes, expected %u\n",
				     len, FXS_USB_REPORT_SIZE);
		return -EPROTO;
	}
	if (r->type != type && !(type == FXS_USB_REPORT_HOOK &&
				 r->type == FXS_USB_REPORT_STATUS)) {
		dev_warn_ratelimited(&exp->intf->dev,
				     "malformed report: unknown type 0x%02x\n",
				     r->type);
		return -EPROTO;
	}
	map = le32_to_cpu(r->offhook);
	if (r->n_ports != exp->n_ports ||
	    (map & ~GENMASK(exp->n_ports - 1, 0))) {
		dev_warn_ratelimited(&exp->intf->dev,
				     "malformed report: %u ports, map 0x%08x, expander has %u ports\n",
				     r->n_ports, map, exp->n_ports);
		return -EPROTO;
	}
	return map;
}

/* Caller holds exp->lock; the core takes raw hook state in any context. */
static void apply_map(struct fxs_usb *exp, u8 seq, u32 map)
{
	unsigned int i;

	exp->seq_valid = true;
	exp->last_seq = seq;
	exp->offhook = map;
	for (i = 0; i < exp->n_ports; i++)
		fxs_port_report_hook(exp->ports[i].port, map & BIT(i));
}

static void handle_report(struct fxs_usb *exp, const u8 *buf, unsigned int len)
{
	const struct fxs_usb_report *r = (const struct fxs_usb_report *)buf;
	unsigned long flags;
	bool resync = false;
	unsigned int lost = 0;
	u8 expect, d;
	s64 map;

	map = check_report(exp, buf, len, FXS_USB_REPORT_HOOK);

	spin_lock_irqsave(&exp->lock, flags);
	exp->stats.reports++;
	if (map < 0) {
		exp->stats.malformed++;
		goto unlock;
	}
	/* Coming back from silence: let the resync clear the faults. */
	if (exp->silent)
		resync = true;
	if (exp->seq_valid) {
		/*
		 * HOOK reports count up by one, STATUS repeats the last HOOK
		 * number.  A number behind ours is older than a snapshot we
		 * already applied; one further ahead means reports were lost.
		 */
		expect = r->type == FXS_USB_REPORT_HOOK ? 1 : 0;
		d = r->seq - exp->last_seq;
		if (d >= 128 || (d == 0 && expect)) {
			exp->stats.stale++;
			goto unlock;
		}
		if (d != expect) {
			lost = d - expect;
			exp->stats.gaps++;
			exp->stats.lost += lost;
			resync = true;
		}
	}
	apply_map(exp, r->seq, map);
unlock:
	spin_unlock_irqrestore(&exp->lock, flags);

	if (exp->silent_after)
		mod_delayed_work(system_wq, &exp->watchdog, exp->silent_after);
	if (lost)
		dev_warn_ratelimited(&exp->intf->dev,
				     "lost %u hook report(s), resyncing\n",
				     lost);
	if (resync)
		schedule_delayed_work(&exp->resync_work, 0);
}

/* Leave the URB idle and let the resync work restart it. */
static void stop_urb(struct fxs_usb *exp, bool stalled)
{
	unsigned long flags;

	spin_lock_irqsave(&exp->lock, flags);
	exp->urb_stopped = true;
	if (stalled) {
		exp->stalled = true;
		exp->stats.stalls++;
	} else {
		exp->stats.errors++;
	}
	spin_unlock_irqrestore(&exp->lock, flags);
	schedule_delayed_work(&exp->resync_work, stalled ? 0 :
			      msecs_to_jiffies(FXS_USB_RETRY_MS));
}

static void fxs_usb_irq(struct urb *urb)
{
	struct fxs_usb *exp = urb->context;
	int ret;

	switch (urb->status) {
	case 0:
		handle_report(exp, urb->transfer_buffer, urb->actual_length);
		break;
	case -ENOENT:
	case -ECONNRESET:
	case -ESHUTDOWN:
		/* Killed by us, or the device is going away. */
		return;
	case -EPIPE:
		dev_warn_ratelimited(&exp->intf->dev,
				     "interrupt endpoint stalled, resyncing\n");
		stop_urb(exp, true);
		return;
	default:
		dev_warn_ratelimited(&exp->intf->dev,
				     "interrupt transfer failed: %d, retrying\n",
				     urb->status);
		stop_urb(exp, false);
		return;
	}

	ret = usb_submit_urb(urb, GFP_ATOMIC);
	if (ret == -EPERM || ret == -ENODEV)
		return;
	if (ret) {
		dev_warn_ratelimited(&exp->intf->dev,
				     "cannot resubmit interrupt transfer: %d\n",
				     ret);
		stop_urb(exp, false);
	}
}

/*
 * Read every hook state and apply it, restart the interrupt URB if it was
 * stopped, and clear faults if the expander had fallen silent.  Retries
 * itself after a back-off until it succeeds or the device is gone.
 */
static void fxs_usb_resync(struct work_struct *work)
{
	struct fxs_usb *exp = container_of(to_delayed_work(work),
					   struct fxs_usb, resync_work);
	struct fxs_usb_report snap;
	bool stalled, restart, was_silent;
	unsigned int i;
	s64 map;
	int ret;
	u8 d;

	mutex_lock(&exp->io_lock);
	if (exp->gone)
		goto out;

	spin_lock_irq(&exp->lock);
	stalled = exp->stalled;
	spin_unlock_irq(&exp->lock);
	if (stalled) {
		ret = usb_clear_halt(exp->udev, exp->urb->pipe);
		if (ret) {
			dev_warn_ratelimited(&exp->intf->dev,
					     "cannot clear stall: %d\n", ret);
			goto retry;
		}
		spin_lock_irq(&exp->lock);
		exp->stalled = false;
		spin_unlock_irq(&exp->lock);
	}

	ret = ctrl_in(exp, FXS_USB_REQ_GET_HOOKS, &snap, sizeof(snap));
	if (ret)
		goto retry;
	map = check_report(exp, (u8 *)&snap, sizeof(snap),
			   FXS_USB_REPORT_SNAPSHOT);
	if (map < 0)
		goto retry;

	spin_lock_irq(&exp->lock);
	/* Reports newer than the snapshot may have overtaken it. */
	d = snap.seq - exp->last_seq;
	if (!exp->seq_valid || d < 128)
		apply_map(exp, snap.seq, map);
	exp->stats.resyncs++;
	restart = exp->urb_stopped;
	exp->urb_stopped = false;
	was_silent = exp->silent;
	exp->silent = false;
	spin_unlock_irq(&exp->lock);

	if (restart) {
		ret = usb_submit_urb(exp->urb, GFP_KERNEL);
		if (ret) {
			dev_warn_ratelimited(&exp->intf->dev,
					     "cannot restart interrupt transfer: %d\n",
					     ret);
			spin_lock_irq(&exp->lock);
			exp->urb_stopped = true;
			spin_unlock_irq(&exp->lock);
			goto retry;
		}
	}
	if (was_silent) {
		dev_info(&exp->intf->dev, "expander responding again\n");
		for (i = 0; i < exp->n_ports; i++)
			fxs_port_set_fault(exp->ports[i].port, NULL);
	}
	goto out;
retry:
	schedule_delayed_work(&exp->resync_work,
			      msecs_to_jiffies(FXS_USB_RETRY_MS));
out:
	mutex_unlock(&exp->io_lock);
}

/* No report for several status periods: tell the administrator. */
static void fxs_usb_watchdog(struct work_struct *work)
{
	struct fxs_usb *exp = container_of(to_delayed_work(work),
					   struct fxs_usb, watchdog);
	unsigned int i;
	bool was_silent;

	mutex_lock(&exp->io_lock);
	if (exp->gone)
		goto out;
	spin_lock_irq(&exp->lock);
	was_silent = exp->silent;
	exp->silent = true;
	spin_unlock_irq(&exp->lock);
	if (was_silent)
		goto out;
	dev_warn(&exp->intf->dev, "no report for %u ms, marking ports faulty\n",
		 jiffies_to_msecs(exp->silent_after));
	for (i = 0; i < exp->n_ports; i++)
		fxs_port_set_fault(exp->ports[i].port,
				   "USB expander not responding");
out:
	mutex_unlock(&exp->io_lock);
}

static int fxs_usb_set_linefeed(struct fxs_port *port, enum fxs_linefeed lf)
{
	struct fxs_usb_port *p = fxs_port_priv(port);

	if (lf >= __FXS_LINEFEED_MAX)
		return -EINVAL;
	return ctrl_out(p->exp, FXS_USB_REQ_SET_LINEFEED, p->number, lf);
}

static int fxs_usb_set_ring(struct fxs_port *port, bool on)
{
	struct fxs_usb_port *p = fxs_port_priv(port);

	return ctrl_out(p->exp, FXS_USB_REQ_SET_RING, p->number, on);
}

static int fxs_usb_get_hook(struct fxs_port *port, bool *offhook)
{
	struct fxs_usb_port *p = fxs_port_priv(port);
	struct fxs_usb *exp = p->exp;
	struct fxs_usb_report snap;
	s64 map;
	int ret;

	mutex_lock(&exp->io_lock);
	if (exp->gone) {
		ret = -ENODEV;
		goto out;
	}
	ret = ctrl_in(exp, FXS_USB_REQ_GET_HOOKS, &snap, sizeof(snap));
	if (ret)
		goto out;
	map = check_report(exp, (u8 *)&snap, sizeof(snap),
			   FXS_USB_REPORT_SNAPSHOT);
	if (map < 0) {
		ret = map;
		goto out;
	}
	*offhook = map & BIT(p->number - 1);
out:
	mutex_unlock(&exp->io_lock);
	return ret;
}

static const struct fxs_port_ops fxs_usb_port_ops = {
	.set_linefeed = fxs_usb_set_linefeed,
	.set_ring = fxs_usb_set_ring,
	.get_hook = fxs_usb_get_hook,
};

static int stats_show(struct seq_file *m, void *unused)
{
	struct fxs_usb *exp = m->private;
	struct fxs_usb_stats s;
	u32 offhook;
	u8 seq;

	spin_lock_irq(&exp->lock);
	s = exp->stats;
	offhook = exp->offhook;
	seq = exp->last_seq;
	spin_unlock_irq(&exp->lock);

	seq_printf(m, "serial %s\nports %u\nfirmware %x.%02x\n",
		   exp->serial, exp->n_ports, exp->fw_version >> 8,
		   exp->fw_version & 0xff);
	seq_printf(m, "status_interval_ms %u\n", exp->status_interval_ms);
	seq_printf(m, "seq %u\noffhook 0x%08x\n", seq, offhook);
	seq_printf(m, "reports %llu\nstale %llu\ngaps %llu\nlost %llu\n",
		   s.reports, s.stale, s.gaps, s.lost);
	seq_printf(m, "malformed %llu\nstalls %llu\nerrors %llu\nresyncs %llu\n",
		   s.malformed, s.stalls, s.errors, s.resyncs);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/*
 * The serial number is the expander's identity and part of every port
 * name, so it must exist, fit, and use only characters valid in a name;
 * others are replaced rather than dropped so distinct serials stay
 * distinct in all but contrived cases.
 */
static int read_serial(struct usb_interface *intf, char *out)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	const char *s = udev->serial;
	size_t i, len;

	if (!s || !*s) {
		dev_err(&intf->dev,
			"refused: no serial number string, cannot name ports\n");
		return -ENODEV;
	}
	len = strlen(s);
	if (len > FXS_USB_SERIAL_MAX) {
		dev_err(&intf->dev,
			"refused: serial number \"%s\" longer than %zu characters\n",
			s, FXS_USB_SERIAL_MAX);
		return -ENODEV;
	}
	/* The port-name rule, with a leading dot made harmless too. */
	for (i = 0; i < len; i++)
		out[i] = fxs_name_char_valid(s[i]) && (i || s[i] != '.') ?
			 s[i] : '_';
	out[len] = '\0';
	return 0;
}

static int read_info(struct usb_interface *intf, u8 ifnum,
		     struct fxs_usb_info *info)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	int ret;

	ret = usb_control_msg_recv(udev, 0, FXS_USB_REQ_GET_INFO,
				   USB_DIR_IN | USB_TYPE_VENDOR |
				   USB_RECIP_INTERFACE, 0, ifnum,
				   info, sizeof(*info),
				   FXS_USB_CTRL_TIMEOUT_MS, GFP_KERNEL);
	if (ret) {
		dev_err(&intf->dev, "refused: GET_INFO failed: %d\n", ret);
		return ret;
	}
	if (info->proto_major != FXS_USB_PROTO_MAJOR) {
		dev_err(&intf->dev,
			"refused: protocol version %u.%u, driver speaks %u.x\n",
			info->proto_major, info->proto_minor,
			FXS_USB_PROTO_MAJOR);
		return -EPROTONOSUPPORT;
	}
	if (!info->n_ports || info->n_ports > FXS_USB_MAX_PORTS) {
		dev_err(&intf->dev, "refused: absurd port count %u (1..%u)\n",
			info->n_ports, FXS_USB_MAX_PORTS);
		return -EPROTO;
	}
	return 0;
}

static void unregister_ports(struct fxs_usb *exp, unsigned int n)
{
	while (n--)
		fxs_port_unregister(exp->ports[n].port);
}

static int register_ports(struct fxs_usb *exp)
{
	struct fxs_port_desc desc = {
		.location = FXS_LOCATION_EXPANDER,
		.expander = exp->serial,
		.driver = DRIVER_NAME,
		.ops = &fxs_usb_port_ops,
	};
	struct fxs_usb_port *p;
	unsigned int i;
	int ret;

	/* The core names the ports "exp-<serial>-<number>". */
	for (i = 0; i < exp->n_ports; i++) {
		p = &exp->ports[i];
		p->exp = exp;
		p->number = i + 1;
		desc.expander_port = p->number;
		desc.priv = p;
		p->port = fxs_port_register(&exp->intf->dev, &desc);
		if (IS_ERR(p->port)) {
			ret = PTR_ERR(p->port);
			goto err;
		}
	}
	return 0;

err:
	dev_err(&exp->intf->dev, "refused: cannot register port %u: %d\n",
		i + 1, ret);
	unregister_ports(exp, i);
	return ret;
}

static void free_expander(struct fxs_usb *exp)
{
	usb_free_coherent(exp->udev, exp->buf_len, exp->buf, exp->buf_dma);
	usb_free_urb(exp->urb);
	usb_put_dev(exp->udev);
	kfree(exp);
}

static int fxs_usb_probe(struct usb_interface *intf,
			 const struct usb_device_id *id)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	u8 ifnum = intf->cur_altsetting->desc.bInterfaceNumber;
	struct usb_endpoint_descriptor *ep;
	char serial[FXS_USB_SERIAL_MAX + 1];
	struct fxs_usb_info info;
	struct fxs_usb *exp;
	int ret;

	if (usb_find_int_in_endpoint(intf->cur_altsetting, &ep)) {
		dev_err(&intf->dev, "refused: no interrupt IN endpoint\n");
		return -ENODEV;
	}
	if (usb_endpoint_maxp(ep) < FXS_USB_REPORT_SIZE) {
		dev_err(&intf->dev,
			"refused: interrupt endpoint packets of %u bytes, reports need %u\n",
			usb_endpoint_maxp(ep), FXS_USB_REPORT_SIZE);
		return -ENODEV;
	}
	ret = read_serial(intf, serial);
	if (ret)
		return ret;
	ret = read_info(intf, ifnum, &info);
	if (ret)
		return ret;

	exp = kzalloc(struct_size(exp, ports, info.n_ports), GFP_KERNEL);
	if (!exp)
		return -ENOMEM;
	exp->udev = usb_get_dev(udev);
	exp->intf = intf;
	exp->ifnum = ifnum;
	exp->n_ports = info.n_ports;
	exp->fw_version = le16_to_cpu(info.fw_version);
	exp->status_interval_ms = le16_to_cpu(info.status_interval_ms);
	if (exp->status_interval_ms)
		exp->silent_after =
			msecs_to_jiffies(FXS_USB_SILENT_PERIODS *
					 exp->status_interval_ms);
	strscpy(exp->serial, serial, sizeof(exp->serial));
	mutex_init(&exp->io_lock);
	spin_lock_init(&exp->lock);
	INIT_DELAYED_WORK(&exp->resync_work, fxs_usb_resync);
	INIT_DELAYED_WORK(&exp->watchdog, fxs_usb_watchdog);

	ret = -ENOMEM;
	exp->urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!exp->urb)
		goto err_free;
	/* A whole packet, so that an over-long report is seen, not babble. */
	exp->buf_len = usb_endpoint_maxp(ep);
	exp->buf = usb_alloc_coherent(udev, exp->buf_len, GFP_KERNEL,
				      &exp->buf_dma);
	if (!exp->buf)
		goto err_free;
	usb_fill_int_urb(exp->urb, udev,
			 usb_rcvintpipe(udev, usb_endpoint_num(ep)),
			 exp->buf, exp->buf_len, fxs_usb_irq, exp,
			 ep->bInterval);
	exp->urb->transfer_dma = exp->buf_dma;
	exp->urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;

	ret = register_ports(exp);
	if (ret)
		goto err_free;
	usb_set_intfdata(intf, exp);

	ret = usb_submit_urb(exp->urb, GFP_KERNEL);
	if (ret) {
		dev_err(&intf->dev, "cannot start interrupt transfer: %d\n",
			ret);
		goto err_ports;
	}
	/* Establish the sequence number before trusting any report. */
	schedule_delayed_work(&exp->resync_work, 0);
	if (exp->silent_after)
		schedule_delayed_work(&exp->watchdog, exp->silent_after);

	exp->debugfs = debugfs_create_dir(exp->serial, fxs_usb_debugfs_root);
	debugfs_create_file("stats", 0444, exp->debugfs, exp, &stats_fops);

	dev_info(&intf->dev, "expander %s: %u ports, firmware %x.%02x\n",
		 exp->serial, exp->n_ports, exp->fw_version >> 8,
		 exp->fw_version & 0xff);
	return 0;

err_ports:
	usb_set_intfdata(intf, NULL);
	unregister_ports(exp, exp->n_ports);
err_free:
	free_expander(exp);
	return ret;
}

static void fxs_usb_disconnect(struct usb_interface *intf)
{
	struct fxs_usb *exp = usb_get_intfdata(intf);

	/* From here on ops return -ENODEV and the works do nothing. */
	mutex_lock(&exp->io_lock);
	exp->gone = true;
	mutex_unlock(&exp->io_lock);

	/* Poisoned, not killed: a running resync cannot restart it. */
	usb_poison_urb(exp->urb);
	cancel_delayed_work_sync(&exp->resync_work);
	cancel_delayed_work_sync(&exp->watchdog);
	debugfs_remove_recursive(exp->debugfs);

	unregister_ports(exp, exp->n_ports);
	usb_set_intfdata(intf, NULL);
	dev_info(&intf->dev, "expander %s removed\n", exp->serial);
	free_expander(exp);
}

static const struct usb_device_id fxs_usb_ids[] = {
	{ USB_DEVICE_AND_INTERFACE_INFO(FXS_USB_VID, FXS_USB_PID,
					FXS_USB_IF_CLASS, FXS_USB_IF_SUBCLASS,
					FXS_USB_IF_PROTOCOL) },
	{ }
};
MODULE_DEVICE_TABLE(usb, fxs_usb_ids);

static struct usb_driver fxs_usb_driver = {
	.name = DRIVER_NAME,
	.probe = fxs_usb_probe,
	.disconnect = fxs_usb_disconnect,
	.id_table = fxs_usb_ids,
};

static int __init fxs_usb_init(void)
{
	int ret;

	fxs_usb_debugfs_root = debugfs_create_dir(DRIVER_NAME, NULL);
	ret = usb_register(&fxs_usb_driver);
	if (ret)
		debugfs_remove_recursive(fxs_usb_debugfs_root);
	return ret;
}

static void __exit fxs_usb_exit(void)
{
	usb_deregister(&fxs_usb_driver);
	debugfs_remove_recursive(fxs_usb_debugfs_root);
}

module_init(fxs_usb_init);
module_exit(fxs_usb_exit);

MODULE_DESCRIPTION("FXS ports on a USB port expander");
MODULE_LICENSE("GPL");
