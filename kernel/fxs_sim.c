// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_sim.c - simulated FXS ports for tests and the demo.
 *
 * Each group of simulated ports hangs off its own platform device, the way
 * a real chip or a USB expander would be a parent device: a "builtin" group
 * stands for ports on the board, an "expander" group for a USB port
 * expander with an identity.  Groups come from the module parameters at
 * load time and from /sys/kernel/debug/fxs_sim/new_device at run time, so
 * the core's hot-plug paths are exercised without hardware.
 *
 * Everything a test needs to play the phone is in debugfs, one directory
 * per port: set the raw hook, replay a timed hook sequence from an hrtimer
 * (so pulse and flash timing does not depend on how fast userspace runs),
 * and read back what the core asked the "chip" to do (linefeed, ring).
 * See docs/fxs_sim.md.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "fxs.h"

#define SIM_DRV_NAME		"fxs_sim"
/* Enough for any test; bounds what one write can make the kernel hold. */
#define SIM_MAX_PORTS		256
#define SIM_MAX_STEPS		512
#define SIM_MAX_STEP_MS		600000
#define SIM_RING_LOG_LEN	64
#define SIM_IDENTITY_MAX	20
#define SIM_DEFAULT_IDENTITY	"SIM0001"

static unsigned int builtin_ports = 2;
module_param(builtin_ports, uint, 0444);
MODULE_PARM_DESC(builtin_ports,
		 "number of simulated built-in ports sim0.. (default 2)");

static unsigned int expander_ports;
module_param(expander_ports, uint, 0444);
MODULE_PARM_DESC(expander_ports,
		 "ports on one simulated expander exp-" SIM_DEFAULT_IDENTITY
		 "-<n> (default 0: no expander)");

struct sim_group_cfg {
	bool expander;
	char identity[SIM_IDENTITY_MAX + 1];
	unsigned int nports;
};

/* A group as the control files know it; the ports live in driver data. */
struct sim_group {
	struct list_head node;
	struct platform_device *pdev;
	int id;
	struct sim_group_cfg cfg;
};

struct sim_step {
	bool offhook;
	u32 ms;
};

struct sim_ring_edge {
	ktime_t when;
	bool on;
};

struct sim_port {
	struct fxs_port *port;
	struct device *dev;
	char name[FXS_PORT_NAME_MAX];
	int builtin_id;			/* sim<N>, -1 for expander ports */
	struct dentry *dir;

	/* Serialises writers of the hook; they stop the sequence first. */
	struct mutex hook_lock;
	struct hrtimer timer;

	/* Below: shared with the hrtimer callback and the core's ops. */
	spinlock_t lock;
	bool offhook;
	u32 off_edges;			/* on->off changes reported */
	u32 on_edges;
	struct sim_step *steps;
	unsigned int nsteps;
	unsigned int cur;
	bool running;
	bool loop;
	enum fxs_linefeed linefeed;
	u32 linefeed_calls;
	bool ring;
	u32 ring_on_calls;
	u32 ring_off_calls;
	struct sim_ring_edge ring_log[SIM_RING_LOG_LEN];
	unsigned int ring_log_len;	/* entries ever logged, saturating */
	int op_errno;			/* fail ops with this, 0 = succeed */
};

struct sim_dev {
	unsigned int nports;
	struct sim_port ports[];
};

static DEFINE_MUTEX(sim_groups_lock);
static LIST_HEAD(sim_groups);
static DEFINE_IDA(sim_group_ida);
static DEFINE_IDA(sim_builtin_ida);
static struct dentry *sim_debugfs;

/* ---- the "chip": what the core asks of it ---- */

static int sim_set_linefeed(struct fxs_port *port, enum fxs_linefeed lf)
{
	struct sim_port *sp = fxs_port_priv(port);
	unsigned long flags;
	int ret;

	if ((unsigned int)lf > FXS_LINEFEED_MAX)
		return -EINVAL;
	spin_lock_irqsave(&sp->lock, flags);
	ret = sp->op_errno;
	if (!ret) {
		sp->linefeed = lf;
		sp->linefeed_calls++;
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	return ret;
}

static int sim_set_ring(struct fxs_port *port, bool on)
{
	struct sim_port *sp = fxs_port_priv(port);
	struct sim_ring_edge *edge;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&sp->lock, flags);
	ret = sp->op_errno;
	if (!ret) {
		sp->ring = on;
		if (on)
			sp->ring_on_calls++;
		else
			sp->ring_off_calls++;
		edge = &sp->ring_log[sp->ring_log_len % SIM_RING_LOG_LEN];
		edge->when = ktime_get();
		edge->on = on;
		sp->ring_log_len++;
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	return ret;
}

static int sim_get_hook(struct fxs_port *port, bool *offhook)
{
	struct sim_port *sp = fxs_port_priv(port);
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&sp->lock, flags);
	ret = sp->op_errno;
	if (!ret)
		*offhook = sp->offhook;
	spin_unlock_irqrestore(&sp->lock, flags);
	return ret;
}

static const struct fxs_port_ops sim_port_ops = {
	.set_linefeed = sim_set_linefeed,
	.set_ring = sim_set_ring,
	.get_hook = sim_get_hook,
};

/* ---- the "phone": hook changes, now or replayed on a timer ---- */

/* Caller holds sp->lock. */
static void sim_note_hook(struct sim_port *sp, bool offhook)
{
	if (offhook != sp->offhook) {
		if (offhook)
			sp->off_edges++;
		else
			sp->on_edges++;
	}
	sp->offhook = offhook;
}

/*
 * Each step's end is computed from the previous step's end, not from when
 * the callback ran, so a late callback shortens the next step rather than
 * shifting the rest of the sequence.
 */
static enum hrtimer_restart sim_step_timer(struct hrtimer *timer)
{
	struct sim_port *sp = container_of(timer, struct sim_port, timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	unsigned long flags;
	bool offhook = false;
	bool report = false;
	u32 ms = 0;

	spin_lock_irqsave(&sp->lock, flags);
	if (sp->running && ++sp->cur == sp->nsteps && sp->loop)
		sp->cur = 0;
	if (sp->running && sp->cur < sp->nsteps) {
		offhook = sp->steps[sp->cur].offhook;
		ms = sp->steps[sp->cur].ms;
		sim_note_hook(sp, offhook);
		report = true;
	} else {
		sp->running = false;
	}
	spin_unlock_irqrestore(&sp->lock, flags);

	if (report) {
		/*
		 * Stamp the edge with when it was due, not when this callback
		 * got to run: in a slow VM the callback can be late by more
		 * than a debounce window, and the core must see the sequence's
		 * own timing.
		 */
		fxs_port_report_hook_at(sp->port, offhook,
					ktime_to_ns(hrtimer_get_expires(timer)));
		hrtimer_set_expires(timer, ktime_add_ms(hrtimer_get_expires(timer),
							ms));
		ret = HRTIMER_RESTART;
	}
	return ret;
}

/* Stops any running sequence; caller holds hook_lock.  Returns old steps. */
static struct sim_step *sim_stop_sequence(struct sim_port *sp)
{
	struct sim_step *old;
	unsigned long flags;

	hrtimer_cancel(&sp->timer);
	spin_lock_irqsave(&sp->lock, flags);
	old = sp->steps;
	sp->steps = NULL;
	sp->nsteps = 0;
	sp->cur = 0;
	sp->running = false;
	sp->loop = false;
	spin_unlock_irqrestore(&sp->lock, flags);
	return old;
}

static void sim_set_hook(struct sim_port *sp, bool offhook)
{
	unsigned long flags;

	mutex_lock(&sp->hook_lock);
	kfree(sim_stop_sequence(sp));
	spin_lock_irqsave(&sp->lock, flags);
	sim_note_hook(sp, offhook);
	spin_unlock_irqrestore(&sp->lock, flags);
	fxs_port_report_hook(sp->port, offhook);
	mutex_unlock(&sp->hook_lock);
}

static void sim_start_sequence(struct sim_port *sp, struct sim_step *steps,
			       unsigned int nsteps, bool loop)
{
	unsigned long flags;
	ktime_t start, end;

	mutex_lock(&sp->hook_lock);
	kfree(sim_stop_sequence(sp));
	spin_lock_irqsave(&sp->lock, flags);
	sp->steps = steps;
	sp->nsteps = nsteps;
	sp->cur = 0;
	sp->running = true;
	sp->loop = loop;
	sim_note_hook(sp, steps[0].offhook);
	spin_unlock_irqrestore(&sp->lock, flags);

	/* The timer is stopped, so nothing can report in between. */
	start = ktime_get();
	fxs_port_report_hook_at(sp->port, steps[0].offhook, ktime_to_ns(start));
	end = ktime_add_ms(start, steps[0].ms);
	hrtimer_start(&sp->timer, end, HRTIMER_MODE_ABS_HARD);
	mutex_unlock(&sp->hook_lock);
}

static int sim_parse_hook(struct sim_port *sp, const char *tok, bool *offhook)
{
	if (!strcmp(tok, "off") || !strcmp(tok, "offhook")) {
		*offhook = true;
		return 0;
	}
	if (!strcmp(tok, "on") || !strcmp(tok, "onhook")) {
		*offhook = false;
		return 0;
	}
	dev_warn(sp->dev, "%s: hook state '%s' is neither 'on' nor 'off'\n",
		 sp->name, tok);
	return -EINVAL;
}

static char *sim_next_token(char **cur)
{
	char *tok;

	do {
		tok = strsep(cur, " \t\n");
	} while (tok && !*tok);
	return tok;
}

/*
 * "off 500 on 60 off 40": pairs of hook state and duration in ms, and
 * optionally the word "loop" at the end to repeat them until the hook is
 * set or another sequence starts (benchmarks toggle ports this way).
 */
static int sim_parse_steps(struct sim_port *sp, char *buf,
			   struct sim_step **stepsp, unsigned int *nstepsp,
			   bool *loop)
{
	struct sim_step *steps;
	unsigned int n = 0;
	char *cur = buf;
	char *tok;
	int ret;

	steps = kcalloc(SIM_MAX_STEPS, sizeof(*steps), GFP_KERNEL);
	if (!steps)
		return -ENOMEM;

	*loop = false;
	while ((tok = sim_next_token(&cur))) {
		if (!strcmp(tok, "loop") && n && !sim_next_token(&cur)) {
			*loop = true;
			break;
		}
		if (n == SIM_MAX_STEPS) {
			dev_warn(sp->dev, "%s: more than %d steps\n",
				 sp->name, SIM_MAX_STEPS);
			ret = -E2BIG;
			goto err;
		}
		ret = sim_parse_hook(sp, tok, &steps[n].offhook);
		if (ret)
			goto err;
		tok = sim_next_token(&cur);
		if (!tok) {
			dev_warn(sp->dev, "%s: step %u has no duration\n",
				 sp->name, n + 1);
			ret = -EINVAL;
			goto err;
		}
		ret = kstrtou32(tok, 10, &steps[n].ms);
		if (ret || steps[n].ms > SIM_MAX_STEP_MS) {
			dev_warn(sp->dev,
				 "%s: step %u: duration '%s' is not 0..%d ms\n",
				 sp->name, n + 1, tok, SIM_MAX_STEP_MS);
			ret = -EINVAL;
			goto err;
		}
		n++;
	}
	if (!n) {
		dev_warn(sp->dev, "%s: empty hook sequence\n", sp->name);
		ret = -EINVAL;
		goto err;
	}
	/* A loop of zero-length steps would spin in the timer. */
	if (*loop) {
		u64 total = 0;
		unsigned int i;

		for (i = 0; i < n; i++)
			total += steps[i].ms;
		if (!total) {
			dev_warn(sp->dev, "%s: a loop must take some time\n",
				 sp->name);
			ret = -EINVAL;
			goto err;
		}
	}
	*stepsp = steps;
	*nstepsp = n;
	return 0;
err:
	kfree(steps);
	return ret;
}

/* ---- debugfs, one directory per port ---- */

static ssize_t sim_hook_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct sim_port *sp = file->private_data;
	const char *s;

	s = READ_ONCE(sp->offhook) ? "offhook\n" : "onhook\n";
	return simple_read_from_buffer(ubuf, count, ppos, s, strlen(s));
}

static ssize_t sim_hook_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_port *sp = file->private_data;
	char *buf, *cur, *tok;
	bool offhook;
	int ret;

	if (count > 32)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	cur = buf;
	tok = sim_next_token(&cur);
	ret = tok ? sim_parse_hook(sp, tok, &offhook) : -EINVAL;
	kfree(buf);
	if (ret)
		return ret;
	sim_set_hook(sp, offhook);
	return count;
}

static const struct file_operations sim_hook_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_hook_read,
	.write = sim_hook_write,
	.llseek = default_llseek,
};

static ssize_t sim_inject_read(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct sim_port *sp = file->private_data;
	unsigned long flags;
	char buf[48];
	int len;

	spin_lock_irqsave(&sp->lock, flags);
	if (sp->running)
		len = scnprintf(buf, sizeof(buf), "running %u/%u%s\n",
				sp->cur + 1, sp->nsteps,
				sp->loop ? " loop" : "");
	else
		len = scnprintf(buf, sizeof(buf), "idle\n");
	spin_unlock_irqrestore(&sp->lock, flags);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t sim_inject_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_port *sp = file->private_data;
	struct sim_step *steps;
	unsigned int nsteps;
	bool loop;
	char *buf;
	int ret;

	if (count >= PAGE_SIZE)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = sim_parse_steps(sp, buf, &steps, &nsteps, &loop);
	kfree(buf);
	if (ret)
		return ret;
	sim_start_sequence(sp, steps, nsteps, loop);
	return count;
}

static const struct file_operations sim_inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_inject_read,
	.write = sim_inject_write,
	.llseek = default_llseek,
};

static int sim_state_show(struct seq_file *s, void *unused)
{
	struct sim_port *sp = s->private;
	unsigned long flags;
	enum fxs_linefeed lf;
	u32 lf_calls, on_calls, off_calls, off_edges, on_edges;
	bool ring, offhook;
	int err;

	spin_lock_irqsave(&sp->lock, flags);
	offhook = sp->offhook;
	off_edges = sp->off_edges;
	on_edges = sp->on_edges;
	lf = sp->linefeed;
	lf_calls = sp->linefeed_calls;
	ring = sp->ring;
	on_calls = sp->ring_on_calls;
	off_calls = sp->ring_off_calls;
	err = sp->op_errno;
	spin_unlock_irqrestore(&sp->lock, flags);

	seq_printf(s, "hook=%s off_edges=%u on_edges=%u linefeed=%s linefeed_calls=%u ring=%s ring_on_calls=%u ring_off_calls=%u op_errno=%d\n",
		   offhook ? "offhook" : "onhook", off_edges, on_edges,
		   fxs_linefeed_name(lf), lf_calls, ring ? "on" : "off",
		   on_calls, off_calls, err);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_state);

static int sim_linefeed_show(struct seq_file *s, void *unused)
{
	struct sim_port *sp = s->private;

	seq_printf(s, "%s\n", fxs_linefeed_name(READ_ONCE(sp->linefeed)));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_linefeed);

static int sim_ring_show(struct seq_file *s, void *unused)
{
	struct sim_port *sp = s->private;

	seq_printf(s, "%s\n", READ_ONCE(sp->ring) ? "on" : "off");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_ring);

/*
 * The ring log lists the last SIM_RING_LOG_LEN set_ring calls, oldest
 * first, as "<CLOCK_MONOTONIC ns> on|off": enough for a test to check the
 * cadence's order and rough period.  Writing anything clears it and the
 * counters, so a test can start from a known point.
 */
static int sim_ring_log_show(struct seq_file *s, void *unused)
{
	struct sim_ring_edge log[SIM_RING_LOG_LEN];
	struct sim_port *sp = s->private;
	unsigned int len, first, i, n;
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	len = sp->ring_log_len;
	memcpy(log, sp->ring_log, sizeof(log));
	spin_unlock_irqrestore(&sp->lock, flags);

	n = min_t(unsigned int, len, SIM_RING_LOG_LEN);
	first = len - n;
	for (i = 0; i < n; i++) {
		const struct sim_ring_edge *e;

		e = &log[(first + i) % SIM_RING_LOG_LEN];
		seq_printf(s, "%lld %s\n", ktime_to_ns(e->when),
			   e->on ? "on" : "off");
	}
	return 0;
}

static int sim_ring_log_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_ring_log_show, inode->i_private);
}

static ssize_t sim_ring_log_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct seq_file *s = file->private_data;
	struct sim_port *sp = s->private;
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	sp->ring_log_len = 0;
	sp->ring_on_calls = 0;
	sp->ring_off_calls = 0;
	sp->linefeed_calls = 0;
	spin_unlock_irqrestore(&sp->lock, flags);
	return count;
}

static const struct file_operations sim_ring_log_fops = {
	.owner = THIS_MODULE,
	.open = sim_ring_log_open,
	.read = seq_read,
	.write = sim_ring_log_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* A negative errno the chip ops return from now on, or 0. */
static ssize_t sim_op_errno_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct sim_port *sp = file->private_data;
	unsigned long flags;
	int val, ret;

	ret = kstrtoint_from_user(ubuf, count, 10, &val);
	if (ret)
		return ret;
	if (val > 0 || val < -MAX_ERRNO)
		return -EINVAL;
	spin_lock_irqsave(&sp->lock, flags);
	sp->op_errno = val;
	spin_unlock_irqrestore(&sp->lock, flags);
	return count;
}

static const struct file_operations sim_op_errno_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_op_errno_write,
	.llseek = default_llseek,
};

/* A fault text for the core to show users; an empty write clears it. */
static ssize_t sim_fault_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct sim_port *sp = file->private_data;
	char *buf;

	if (count > 128)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	strim(buf);
	fxs_port_set_fault(sp->port, *buf ? buf : NULL);
	kfree(buf);
	return count;
}

static const struct file_operations sim_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_fault_write,
	.llseek = default_llseek,
};

static void sim_port_debugfs_init(struct sim_port *sp)
{
	sp->dir = debugfs_create_dir(sp->name, sim_debugfs);
	debugfs_create_file("hook", 0600, sp->dir, sp, &sim_hook_fops);
	debugfs_create_file("inject", 0600, sp->dir, sp, &sim_inject_fops);
	debugfs_create_file("state", 0400, sp->dir, sp, &sim_state_fops);
	debugfs_create_file("linefeed", 0400, sp->dir, sp,
			    &sim_linefeed_fops);
	debugfs_create_file("ring", 0400, sp->dir, sp, &sim_ring_fops);
	debugfs_create_file("ring_log", 0600, sp->dir, sp,
			    &sim_ring_log_fops);
	debugfs_create_file("op_errno", 0200, sp->dir, sp,
			    &sim_op_errno_fops);
	debugfs_create_file("fault", 0200, sp->dir, sp, &sim_fault_fops);
}

/* ---- ports of one group, owned by the platform device ---- */

/*
 * Runs before the port is unregistered (devres unwinds in reverse): the
 * debugfs files go first, which waits for writers in flight, then the
 * sequence timer, so nothing reports to a port that is going away.
 */
static void sim_port_teardown(void *data)
{
	struct sim_port *sp = data;

	debugfs_remove_recursive(sp->dir);
	mutex_lock(&sp->hook_lock);
	kfree(sim_stop_sequence(sp));
	mutex_unlock(&sp->hook_lock);
}

static void sim_release_builtin_id(void *data)
{
	ida_free(&sim_builtin_ida, (int)(uintptr_t)data);
}

static void sim_port_destroy_lock(void *data)
{
	struct sim_port *sp = data;

	mutex_destroy(&sp->hook_lock);
}

static int sim_port_setup(struct device *dev, const struct sim_group_cfg *cfg,
			  struct sim_port *sp, unsigned int idx)
{
	struct fxs_port_desc desc = {
		.driver = SIM_DRV_NAME,
		.ops = &sim_port_ops,
		.priv = sp,
	};
	struct fxs_port *port;
	int ret;

	sp->dev = dev;
	sp->linefeed = FXS_LINEFEED_OPEN;
	spin_lock_init(&sp->lock);
	mutex_init(&sp->hook_lock);
	ret = devm_add_action_or_reset(dev, sim_port_destroy_lock, sp);
	if (ret)
		return ret;
	hrtimer_init(&sp->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	sp->timer.function = sim_step_timer;

	if (cfg->expander) {
		sp->builtin_id = -1;
		/* The core names it; this name is for messages until then. */
		snprintf(sp->name, sizeof(sp->name), "%s port %u",
			 cfg->identity, (u16)(idx + 1));
		desc.location = FXS_LOCATION_EXPANDER;
		desc.expander = cfg->identity;
		desc.expander_port = idx + 1;
	} else {
		ret = ida_alloc(&sim_builtin_ida, GFP_KERNEL);
		if (ret < 0)
			return ret;
		sp->builtin_id = ret;
		ret = devm_add_action_or_reset(dev, sim_release_builtin_id,
					       (void *)(uintptr_t)ret);
		if (ret)
			return ret;
		snprintf(sp->name, sizeof(sp->name), "sim%d", sp->builtin_id);
		desc.location = FXS_LOCATION_BUILTIN;
		desc.name = sp->name;
	}

	port = devm_fxs_port_register(dev, &desc);
	if (IS_ERR(port))
		return dev_err_probe(dev, PTR_ERR(port),
				     "registering port %s\n", sp->name);
	sp->port = port;
	strscpy(sp->name, fxs_port_name(port), sizeof(sp->name));

	sim_port_debugfs_init(sp);
	return devm_add_action_or_reset(dev, sim_port_teardown, sp);
}

static int sim_probe(struct platform_device *pdev)
{
	const struct sim_group_cfg *cfg = dev_get_platdata(&pdev->dev);
	struct sim_dev *sd;
	unsigned int i;
	int ret;

	if (!cfg || !cfg->nports || cfg->nports > SIM_MAX_PORTS)
		return -EINVAL;

	sd = devm_kzalloc(&pdev->dev, struct_size(sd, ports, cfg->nports),
			  GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->nports = cfg->nports;

	for (i = 0; i < cfg->nports; i++) {
		ret = sim_port_setup(&pdev->dev, cfg, &sd->ports[i], i);
		if (ret)
			return ret;
	}
	platform_set_drvdata(pdev, sd);
	return 0;
}

static struct platform_driver sim_driver = {
	.driver = {
		.name = SIM_DRV_NAME,
	},
	.probe = sim_probe,
};

/* ---- groups: created by parameters and by new_device ---- */

static struct sim_group *sim_find_group(const char *name)
{
	struct sim_group *g;

	list_for_each_entry(g, &sim_groups, node) {
		if (!strcmp(dev_name(&g->pdev->dev), name) ||
		    (g->cfg.expander && !strcmp(g->cfg.identity, name)))
			return g;
	}
	return NULL;
}

/* Caller holds sim_groups_lock. */
static int sim_add_group(const struct sim_group_cfg *cfg)
{
	struct platform_device_info info = {
		.name = SIM_DRV_NAME,
		.data = cfg,
		.size_data = sizeof(*cfg),
	};
	struct platform_device *pdev;
	struct sim_group *g;
	bool bound;
	int ret;

	if (cfg->expander && sim_find_group(cfg->identity)) {
		pr_warn("expander %s exists already\n", cfg->identity);
		return -EEXIST;
	}

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->cfg = *cfg;

	ret = ida_alloc(&sim_group_ida, GFP_KERNEL);
	if (ret < 0)
		goto err_free;
	g->id = ret;
	info.id = g->id;

	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev)) {
		ret = PTR_ERR(pdev);
		goto err_ida;
	}

	/* Probing is synchronous: a device without a driver now failed. */
	device_lock(&pdev->dev);
	bound = pdev->dev.driver;
	device_unlock(&pdev->dev);
	if (!bound) {
		pr_warn("%s: probe failed, see the messages above\n",
			dev_name(&pdev->dev));
		ret = -ENXIO;
		goto err_unregister;
	}

	g->pdev = pdev;
	list_add_tail(&g->node, &sim_groups);
	return 0;

err_unregister:
	platform_device_unregister(pdev);
err_ida:
	ida_free(&sim_group_ida, g->id);
err_free:
	kfree(g);
	return ret;
}

/* Caller holds sim_groups_lock. */
static void sim_del_group(struct sim_group *g)
{
	list_del(&g->node);
	platform_device_unregister(g->pdev);
	ida_free(&sim_group_ida, g->id);
	kfree(g);
}

/* The core's rule for names (its ports are named after it). */
static bool sim_identity_valid(const char *s)
{
	return fxs_name_valid(s, SIM_IDENTITY_MAX + 1);
}

/* "builtin N" or "expander IDENTITY N" */
static int sim_parse_group(char *buf, struct sim_group_cfg *cfg)
{
	char *cur = buf;
	char *kind, *ident = NULL, *count, *extra;

	kind = sim_next_token(&cur);
	if (!kind)
		return -EINVAL;
	if (!strcmp(kind, "expander")) {
		cfg->expander = true;
		ident = sim_next_token(&cur);
		if (!ident || !sim_identity_valid(ident)) {
			pr_warn("new_device: expander identity must be 1..%d of [A-Za-z0-9._-]\n",
				SIM_IDENTITY_MAX);
			return -EINVAL;
		}
		strscpy(cfg->identity, ident, sizeof(cfg->identity));
	} else if (strcmp(kind, "builtin")) {
		pr_warn("new_device: want 'builtin N' or 'expander IDENTITY N'\n");
		return -EINVAL;
	}
	count = sim_next_token(&cur);
	extra = sim_next_token(&cur);
	if (!count || extra || kstrtouint(count, 10, &cfg->nports) ||
	    !cfg->nports || cfg->nports > SIM_MAX_PORTS) {
		pr_warn("new_device: port count must be 1..%d\n",
			SIM_MAX_PORTS);
		return -EINVAL;
	}
	return 0;
}

static ssize_t sim_new_device_write(struct file *file,
				    const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct sim_group_cfg cfg = {};
	char *buf;
	int ret;

	if (count > 128)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = sim_parse_group(buf, &cfg);
	kfree(buf);
	if (ret)
		return ret;

	mutex_lock(&sim_groups_lock);
	ret = sim_add_group(&cfg);
	mutex_unlock(&sim_groups_lock);
	return ret ? ret : count;
}

static const struct file_operations sim_new_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_new_device_write,
	.llseek = default_llseek,
};

static ssize_t sim_del_device_write(struct file *file,
				    const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct sim_group *g;
	char *buf, *cur, *name;
	int ret = 0;

	if (count > 64)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	cur = buf;
	name = sim_next_token(&cur);

	mutex_lock(&sim_groups_lock);
	g = name ? sim_find_group(name) : NULL;
	if (g) {
		sim_del_group(g);
	} else {
		pr_warn("del_device: no device '%s'\n", name ? name : "");
		ret = -ENODEV;
	}
	mutex_unlock(&sim_groups_lock);
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations sim_del_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_del_device_write,
	.llseek = default_llseek,
};

/* One line per group: "<device> builtin|expander <identity|-> <ports...>" */
static int sim_devices_show(struct seq_file *s, void *unused)
{
	struct sim_group *g;
	struct sim_dev *sd;
	unsigned int i;

	mutex_lock(&sim_groups_lock);
	list_for_each_entry(g, &sim_groups, node) {
		sd = platform_get_drvdata(g->pdev);
		seq_printf(s, "%s %s %s", dev_name(&g->pdev->dev),
			   g->cfg.expander ? "expander" : "builtin",
			   g->cfg.expander ? g->cfg.identity : "-");
		for (i = 0; i < sd->nports; i++)
			seq_printf(s, " %s", sd->ports[i].name);
		seq_putc(s, '\n');
	}
	mutex_unlock(&sim_groups_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_devices);

static void sim_del_all_groups(void)
{
	struct sim_group *g, *tmp;

	mutex_lock(&sim_groups_lock);
	list_for_each_entry_safe_reverse(g, tmp, &sim_groups, node)
		sim_del_group(g);
	mutex_unlock(&sim_groups_lock);
}

static int __init sim_init(void)
{
	struct sim_group_cfg cfg = {};
	int ret;

	if (builtin_ports > SIM_MAX_PORTS || expander_ports > SIM_MAX_PORTS) {
		pr_err("at most %d ports per group\n", SIM_MAX_PORTS);
		return -EINVAL;
	}

	ret = platform_driver_register(&sim_driver);
	if (ret)
		return ret;

	sim_debugfs = debugfs_create_dir(SIM_DRV_NAME, NULL);

	mutex_lock(&sim_groups_lock);
	if (builtin_ports) {
		cfg.nports = builtin_ports;
		ret = sim_add_group(&cfg);
		if (ret)
			goto err_groups;
	}
	if (expander_ports) {
		cfg.expander = true;
		strscpy(cfg.identity, SIM_DEFAULT_IDENTITY,
			sizeof(cfg.identity));
		cfg.nports = expander_ports;
		ret = sim_add_group(&cfg);
		if (ret)
			goto err_groups;
	}
	mutex_unlock(&sim_groups_lock);

	debugfs_create_file("new_device", 0200, sim_debugfs, NULL,
			    &sim_new_device_fops);
	debugfs_create_file("del_device", 0200, sim_debugfs, NULL,
			    &sim_del_device_fops);
	debugfs_create_file("devices", 0400, sim_debugfs, NULL,
			    &sim_devices_fops);
	return 0;

err_groups:
	mutex_unlock(&sim_groups_lock);
	sim_del_all_groups();
	debugfs_remove_recursive(sim_debugfs);
	platform_driver_unregister(&sim_driver);
	return ret;
}

static void __exit sim_exit(void)
{
	/* Control files first, so no group appears while we tear down. */
	debugfs_lookup_and_remove("new_device", sim_debugfs);
	debugfs_lookup_and_remove("del_device", sim_debugfs);
	debugfs_lookup_and_remove("devices", sim_debugfs);
	sim_del_all_groups();
	debugfs_remove_recursive(sim_debugfs);
	platform_driver_unregister(&sim_driver);
	ida_destroy(&sim_builtin_ida);
	ida_destroy(&sim_group_ida);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("Simulated FXS ports for tests and demos");
MODULE_AUTHOR("The handset subsystem authors");
MODULE_LICENSE("GPL");
