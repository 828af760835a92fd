// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_si321x_spi.c - Si3210/Si3215 ProSLIC on an SPI bus: the regmap bus
 * that speaks the chip's serial protocol, and the spi_driver.
 *
 * The ProSLIC wants chip select released after every byte [DS] "SPI":
 * a register access is a command byte (bit 7 set to read, bits 6:0 the
 * direct register) and a data byte, each framed by its own chip select.
 * Everything above the bytes is in fxs_si321x_chip.c.
 */
#include <linux/bitfield.h>
#include <linux/cache.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>

#include "fxs.h"
#include "fxs_si321x.h"
#include "fxs_si321x_regs.h"

/*
 * Fastest serial clock the driver asks for when firmware names none:
 * well inside the chip's limit, slow enough for long module cables.
 */
#define SI321X_SPI_DEFAULT_HZ	1000000

/*
 * regmap serialises accesses, so one pair of buffers per chip is enough;
 * each on its own cache line because controllers may DMA them.
 */
struct si321x_spi {
	struct spi_device *spi;
	u8 cmd ____cacheline_aligned;
	u8 data ____cacheline_aligned;
};

static int si321x_spi_reg_read(void *context, unsigned int reg,
			       unsigned int *val)
{
	struct si321x_spi *s = context;
	struct spi_transfer xfers[] = {
		{ .tx_buf = &s->cmd, .len = 1, .cs_change = 1 },
		{ .rx_buf = &s->data, .len = 1 },
	};
	int ret;

	s->cmd = SI321X_CMD_READ | FIELD_PREP(SI321X_CMD_REG, reg);
	ret = spi_sync_transfer(s->spi, xfers, ARRAY_SIZE(xfers));
	if (ret)
		return ret;
	*val = s->data;
	return 0;
}

static int si321x_spi_reg_write(void *context, unsigned int reg,
				unsigned int val)
{
	struct si321x_spi *s = context;
	struct spi_transfer xfers[] = {
		{ .tx_buf = &s->cmd, .len = 1, .cs_change = 1 },
		{ .tx_buf = &s->data, .len = 1 },
	};

	s->cmd = FIELD_PREP(SI321X_CMD_REG, reg);
	s->data = val;
	return spi_sync_transfer(s->spi, xfers, ARRAY_SIZE(xfers));
}

static const struct regmap_bus si321x_spi_regmap_bus = {
	.reg_read = si321x_spi_reg_read,
	.reg_write = si321x_spi_reg_write,
};

static const struct regmap_config si321x_spi_regmap_config = {
	.name = "direct",
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = SI321X_REG_MAX,
	/* Status, hook and calibration registers change on their own */
	.cache_type = REGCACHE_NONE,
};

static int si321x_spi_probe(struct spi_device *spi)
{
	const struct si321x_variant *variant;
	struct device *dev = &spi->dev;
	struct si321x_spi *s;
	struct regmap *map;
	const char *label;
	char *name;
	int ret;

	variant = spi_get_device_match_data(spi);
	if (!variant)
		return dev_err_probe(dev, -ENODEV, "unknown chip variant\n");

	/* Clock idles high, data sampled on the rising edge [DS] "SPI" */
	spi->mode = (spi->mode & ~SPI_MODE_X_MASK) | SPI_MODE_3;
	spi->bits_per_word = 8;
	if (!spi->max_speed_hz)
		spi->max_speed_hz = SI321X_SPI_DEFAULT_HZ;
	ret = spi_setup(spi);
	if (ret)
		return dev_err_probe(dev, ret, "SPI mode 3 not supported\n");

	s = devm_kzalloc(dev, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->spi = spi;
	map = devm_regmap_init(dev, &si321x_spi_regmap_bus, s,
			       &si321x_spi_regmap_config);
	if (IS_ERR(map))
		return dev_err_probe(dev, PTR_ERR(map), "cannot create regmap\n");

	/* A board label names the port; else the bus position does, stably */
	if (!device_property_read_string(dev, "label", &label))
		name = devm_kstrdup(dev, label, GFP_KERNEL);
	else
		name = devm_kasprintf(dev, GFP_KERNEL, "si321x-%s",
				      dev_name(dev));
	if (!name)
		return -ENOMEM;

	return si321x_chip_probe(dev, map, spi->irq, variant, name);
}

static const struct of_device_id si321x_of_match[] = {
	{ .compatible = "silabs,si3210", .data = &si321x_variant_si3210 },
	{ .compatible = "silabs,si3215", .data = &si321x_variant_si3215 },
	{ }
};
MODULE_DEVICE_TABLE(of, si321x_of_match);

static const struct spi_device_id si321x_spi_ids[] = {
	{ "si3210", (kernel_ulong_t)&si321x_variant_si3210 },
	{ "si3215", (kernel_ulong_t)&si321x_variant_si3215 },
	{ }
};
MODULE_DEVICE_TABLE(spi, si321x_spi_ids);

static struct spi_driver si321x_spi_driver = {
	.driver = {
		.name = "fxs_si321x",
		.of_match_table = si321x_of_match,
		.dev_groups = si321x_chip_groups,
	},
	.probe = si321x_spi_probe,
	.id_table = si321x_spi_ids,
};
module_spi_driver(si321x_spi_driver);

MODULE_DESCRIPTION("Silicon Labs Si3210/Si3215 ProSLIC FXS port on SPI");
MODULE_LICENSE("GPL");
