// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_sim_ctl.c - the debugfs files a test plays a simulated port with, one
 * directory per port under /sys/kernel/debug/fxs_sim/: the hook now or as
 * a timed sequence, the core's requests read back (linefeed, ring and its
 * log), chip errors and faults to inject.  Every write is parsed whole
 * before anything changes.  See docs/fxs_sim.md.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "fxs_sim.h"

/* ---- parsing what a test writes ---- */

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

char *sim_next_token(char **cur)
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

void sim_port_debugfs_init(struct sim_port *sp)
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
