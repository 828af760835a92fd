// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_sysfs.c - attributes of /sys/class/fxs/<port>/.
 *
 * Read-only: they show the state for administrators, udev rules and
 * scripts.  Changes go through netlink, where they are validated,
 * permission-checked and answered with an error message.
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "fxs_core.h"

static ssize_t index_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", to_fxs_port(dev)->index);
}
static DEVICE_ATTR_RO(index);

static ssize_t hook_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct fxs_port *port = to_fxs_port(dev);
	bool offhook;

	spin_lock_irq(&port->lock);
	offhook = fxs_hook_offhook(&port->hook);
	spin_unlock_irq(&port->lock);
	return sysfs_emit(buf, "%s\n", offhook ? "offhook" : "onhook");
}
static DEVICE_ATTR_RO(hook);

static ssize_t location_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	bool builtin = to_fxs_port(dev)->location == FXS_LOCATION_BUILTIN;

	return sysfs_emit(buf, "%s\n", builtin ? "builtin" : "expander");
}
static DEVICE_ATTR_RO(location);

static ssize_t linefeed_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	struct fxs_port *port = to_fxs_port(dev);
	enum fxs_linefeed lf;

	spin_lock_irq(&port->lock);
	lf = port->linefeed;
	spin_unlock_irq(&port->lock);
	return sysfs_emit(buf, "%s\n", fxs_linefeed_name(lf));
}
static DEVICE_ATTR_RO(linefeed);

static ssize_t ringing_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	struct fxs_port *port = to_fxs_port(dev);
	bool ringing;

	spin_lock_irq(&port->lock);
	ringing = port->ringing;
	spin_unlock_irq(&port->lock);
	return sysfs_emit(buf, "%d\n", ringing);
}
static DEVICE_ATTR_RO(ringing);

static ssize_t driver_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", to_fxs_port(dev)->driver);
}
static DEVICE_ATTR_RO(driver);

static ssize_t fault_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct fxs_port *port = to_fxs_port(dev);
	char fault[FXS_FAULT_MAX];

	spin_lock_irq(&port->lock);
	strscpy(fault, port->fault, sizeof(fault));
	spin_unlock_irq(&port->lock);
	/* An empty line when there is no fault. */
	return sysfs_emit(buf, "%s\n", fault);
}
static DEVICE_ATTR_RO(fault);

static ssize_t expander_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_fxs_port(dev)->expander);
}
static DEVICE_ATTR_RO(expander);

static ssize_t expander_port_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_fxs_port(dev)->expander_port);
}
static DEVICE_ATTR_RO(expander_port);

static struct attribute *fxs_port_attrs[] = {
	&dev_attr_index.attr,
	&dev_attr_hook.attr,
	&dev_attr_location.attr,
	&dev_attr_linefeed.attr,
	&dev_attr_ringing.attr,
	&dev_attr_driver.attr,
	&dev_attr_fault.attr,
	&dev_attr_expander.attr,
	&dev_attr_expander_port.attr,
	NULL
};

/* The expander's identity and jack number mean nothing on a built-in port. */
static umode_t fxs_port_attr_visible(struct kobject *kobj,
				     struct attribute *attr, int n)
{
	struct fxs_port *port = to_fxs_port(kobj_to_dev(kobj));

	if ((attr == &dev_attr_expander.attr ||
	     attr == &dev_attr_expander_port.attr) &&
	    port->location != FXS_LOCATION_EXPANDER)
		return 0;
	return attr->mode;
}

static const struct attribute_group fxs_port_group = {
	.attrs = fxs_port_attrs,
	.is_visible = fxs_port_attr_visible,
};

const struct attribute_group *fxs_port_groups[] = {
	&fxs_port_group,
	NULL
};
