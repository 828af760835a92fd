/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxs_si321x.h - the Si3210/Si3215 ProSLIC chip logic, as seen by the glue
 * that reaches the chip (SPI today; a USB bridge could be another).
 *
 * The glue provides a regmap of the direct registers and the device's
 * interrupt, if any; the chip logic does everything else (identity,
 * bring-up, hook, ring, power alarms, the fxs port) through that regmap.
 */
#ifndef _FXS_SI321X_H
#define _FXS_SI321X_H

#include <linux/device.h>
#include <linux/regmap.h>
#include <linux/types.h>

/**
 * struct si321x_variant - what differs between the chips of the family
 * @name: chip name shown in sysfs and the log.
 * @is_si3215: the value register 1 bit 7 must read for this chip.
 * @ind_map: physical address of each Si3210-numbered indirect register,
 *	0xff for one the chip lacks; NULL when they are the Si3210's.
 * @ind_map_len: entries in @ind_map; registers beyond it are absent.
 */
struct si321x_variant {
	const char *name;
	bool is_si3215;
	const u8 *ind_map;
	unsigned int ind_map_len;
};

extern const struct si321x_variant si321x_variant_si3210;
extern const struct si321x_variant si321x_variant_si3215;
extern const struct attribute_group *si321x_chip_groups[];

/*
 * Probe the chip behind @map for @dev: identify it (-ENODEV when it is
 * absent or another chip than @variant), bring it up, register its fxs
 * port named @port_name and start hook detection on @irq (> 0) or by
 * polling.  Everything is device-managed: unbinding @dev undoes it in
 * reverse order.
 */
int si321x_chip_probe(struct device *dev, struct regmap *map, int irq,
		      const struct si321x_variant *variant,
		      const char *port_name);

#endif /* _FXS_SI321X_H */
