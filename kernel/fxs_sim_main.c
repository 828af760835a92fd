// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_sim_main.c - simulated FXS ports for tests and the demo.
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
 *
 * This file makes the groups and their ports and holds the module; the
 * simulated line is in fxs_sim_line.c, the control files in fxs_sim_ctl.c.
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

#include "fxs_sim.h"

static unsigned int builtin_ports = 2;
module_param(builtin_ports, uint, 0444);
MODULE_PARM_DESC(builtin_ports,
		 "number of simulated built-in ports sim0.. (default 2)");

static unsigned int expander_ports;
module_param(expander_ports, uint, 0444);
MODULE_PARM_DESC(expander_ports,
		 "ports on one simulated expander exp-" SIM_DEFAULT_IDENTITY
		 "-<n> (default 0: no expander)");

static DEFINE_MUTEX(sim_groups_lock);
static LIST_HEAD(sim_groups);
static DEFINE_IDA(sim_group_ida);
static DEFINE_IDA(sim_builtin_ida);
struct dentry *sim_debugfs;
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
