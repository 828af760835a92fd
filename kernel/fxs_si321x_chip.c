// SPDX-License-Identifier: GPL-2.0-only
/*
 * fxs_si321x_chip.c - Si3210/Si3215 ProSLIC chip logic: identity, bring-up,
 * hook, ring and power alarms, through a regmap of the direct registers
 * only, so any bus that reaches the chip can reuse it.
 *
 * Indirect registers are a second regmap built on the direct one
 * (registers 28-31), so the whole chip is reached the same way.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/gpio/consumer.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/regulator/consumer.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "fxs.h"
#include "fxs_si321x.h"
#include "fxs_si321x_regs.h"

/*
 * Hook sampling period without an interrupt.  Pulse dialling breaks and
 * makes last 30 ms or more, so 10 ms catches every edge and leaves the
 * core's debouncing real samples to work on; each sample costs two
 * register reads.
 */
#define SI321X_POLL_MS			10

/*
 * DAHDI's budget: ten power alarms, one forgiven every ten seconds.  The
 * interval is a parameter so that tests on a slow machine can stretch it.
 */
#define SI321X_ALARM_BUDGET		10
#define SI321X_ALARM_FORGIVE_MIN_MS	100

static unsigned int alarm_forgive_ms = 10000;
module_param(alarm_forgive_ms, uint, 0644);
MODULE_PARM_DESC(alarm_forgive_ms,
		 "Forgive one power alarm every this many ms (DAHDI: 10000)");

/* Data sheet and DAHDI wait times for the slow steps of bring-up. */
#define SI321X_RESET_US			1000
#define SI321X_IND_TIMEOUT_US		10000
#define SI321X_VBAT_TIMEOUT_US		500000
#define SI321X_CAL_TIMEOUT_US		2000000
#define SI321X_DCDC_CAL_TIMEOUT_US	200000

/* Ring defaults: the data sheet's own example, 70 V peak at 20 Hz. */
#define SI321X_RING_HZ_DEFAULT		20
#define SI321X_RING_MV_DEFAULT		70000
/*
 * Bounds the driver accepts: the frequencies in use worldwide, and peak
 * voltages from DAHDI's low-power 50 V to the data sheet's 90 V.
 */
#define SI321X_RING_HZ_SAFE_MAX		60
#define SI321X_RING_MV_SAFE_MIN		50000
#define SI321X_RING_MV_SAFE_MAX		90000
/*
 * The high battery must exceed the ring peak: DAHDI rings 64 V on a 75 V
 * battery and 89 V on 94.5 V, so keep 10 V above the peak, 75 V at least.
 */
#define SI321X_VBATH_HEADROOM_MV	10000
#define SI321X_VBATH_MIN_MV		75000

struct si321x_chip {
	struct device *dev;
	struct regmap *map;
	struct regmap *ind;
	const struct si321x_variant *variant;
	struct fxs_port *port;
	int irq;
	u8 revision;
	u32 ring_hz;
	u32 ring_mv;

	/*
	 * Ring voltage on the chip, and the alarm lockout; the line state
	 * wanted is the core's (fxs_port_linefeed()), never copied here.
	 */
	struct mutex lock;
	bool ringing;
	bool lockout;
	bool last_offhook;

	/* Serialises alarm handling and forgiveness with their fault reports */
	struct mutex alarm_lock;
	unsigned int alarms;

	struct delayed_work poll_work;
	struct delayed_work forgive_work;
};

const struct si321x_variant si321x_variant_si3210 = {
	.name = "Si3210",
	.is_si3215 = false,
};

/* Si3215 address of each Si3210 indirect register, 0xff if none [WC] */
static const u8 si3215_ind_map[] = {
	[0 ... 12] = 0xff,
	[13] = 0, [14] = 1, [15] = 2, [16] = 3, [17] = 4, [18] = 5,
	[19] = 6, [20] = 7, [21] = 8, [22] = 9,
	[23 ... 25] = 0xff,
	[26] = 13, [27] = 14, [28] = 15, [29] = 16, [30] = 17, [31] = 18,
	[32] = 19, [33] = 20, [34] = 21, [35] = 22, [36] = 23, [37] = 24,
	[38] = 25, [39] = 26, [40] = 27, [41] = 64, [42] = 0xff, [43] = 66,
};

const struct si321x_variant si321x_variant_si3215 = {
	.name = "Si3215",
	.is_si3215 = true,
	.ind_map = si3215_ind_map,
	.ind_map_len = ARRAY_SIZE(si3215_ind_map),
};

/*
 * Indirect registers set at bring-up and verified after calibration.
 * Values are DAHDI's, long proven on these chips [WC]; the ring
 * oscillator is set from properties afterwards.
 */
static const struct reg_sequence si321x_ind_init[] = {
	{ SI321X_IND_RING_V_OFF,		0x0000 },
	{ SI321X_IND_RECV_GAIN,			0x2000 },
	{ SI321X_IND_XMIT_GAIN,			0x4000 },
	{ SI321X_IND_LOOP_CLOSE_THRESH,		0x1000 },
	{ SI321X_IND_RING_TRIP_THRESH,		0x3600 },
	{ SI321X_IND_COMMON_MIN_THRESH,		0x1000 },
	{ SI321X_IND_COMMON_MAX_THRESH,		0x0200 },
	{ SI321X_IND_PWR_ALARM_Q1Q2,		0x07c0 },
	{ SI321X_IND_PWR_ALARM_Q3Q4,		0x2600 },
	{ SI321X_IND_PWR_ALARM_Q5Q6,		0x1b80 },
	{ SI321X_IND_LOOP_CLOSURE_FILTER,	0x8000 },
	{ SI321X_IND_RING_TRIP_FILTER,		0x0320 },
	{ SI321X_IND_THERM_LP_POLE_Q1Q2,	0x008c },
	{ SI321X_IND_THERM_LP_POLE_Q3Q4,	0x0100 },
	{ SI321X_IND_THERM_LP_POLE_Q5Q6,	0x0010 },
	{ SI321X_IND_CM_BIAS_RINGING,		0x0c00 },
	{ SI321X_IND_DCDC_MIN_V,		0x0c00 },
	{ SI321X_IND_DCDC_XTRA,			0x1000 },
	{ SI321X_IND_LOOP_CLOSE_TRES_LOW,	0x1000 },
};

/* Direct registers set before calibration; interrupts stay off [WC] */
static const struct reg_sequence si321x_setup[] = {
	{ SI321X_REG_LOOPBACK, 0 },
	{ SI321X_REG_REVC_OPT, SI321X_REVC_OPT_VALUE },
	{ SI321X_REG_AUTO, SI321X_AUTO_DEFAULT },
	{ SI321X_REG_BAT_FEED, SI321X_BAT_FEED_Q7_OFF },
	{ SI321X_REG_IRQ_ENABLE1, 0 },
	{ SI321X_REG_IRQ_ENABLE2, 0 },
	{ SI321X_REG_IRQ_ENABLE3, 0 },
};

/* After calibration: forget what it latched [WC] */
static const struct reg_sequence si321x_setup_after_cal[] = {
	{ SI321X_REG_IRQ_STATUS1, 0xff },
	{ SI321X_REG_IRQ_STATUS2, 0xff },
	{ SI321X_REG_IRQ_STATUS3, 0xff },
	{ SI321X_REG_COMMON_V, SI321X_COMMON_V_DEFAULT },
};

/* fxs linefeed to LF[2:0] of register 64 [PH] SLIC_LF_* */
static const u8 si321x_linefeed_code[__FXS_LINEFEED_MAX] = {
	[FXS_LINEFEED_OPEN] = SI321X_LF_OPEN,
	[FXS_LINEFEED_FORWARD_ACTIVE] = SI321X_LF_ACTIVE_FWD,
	[FXS_LINEFEED_REVERSE_ACTIVE] = SI321X_LF_ACTIVE_REV,
	[FXS_LINEFEED_FORWARD_OHT] = SI321X_LF_OHT_FWD,
	[FXS_LINEFEED_REVERSE_OHT] = SI321X_LF_OHT_REV,
};

/* LF[2:0] for the line state the core wants now. */
static u8 si321x_lf_wanted(struct fxs_port *port)
{
	return si321x_linefeed_code[fxs_port_linefeed(port)];
}

/* Indirect registers: through 28-31, each access after the ready wait */

static int si321x_ind_addr(struct si321x_chip *chip, unsigned int reg)
{
	const struct si321x_variant *v = chip->variant;

	if (!v->ind_map)
		return reg;
	if (reg >= v->ind_map_len || v->ind_map[reg] == 0xff)
		return -ENOENT;
	return v->ind_map[reg];
}

static int si321x_ind_wait(struct si321x_chip *chip)
{
	unsigned int st;
	int ret;

	/* The chip answers within microseconds; each poll is a bus access. */
	ret = regmap_read_poll_timeout(chip->map, SI321X_REG_IND_STATUS, st,
				       !(st & SI321X_IND_STATUS_BUSY), 0,
				       SI321X_IND_TIMEOUT_US);
	if (ret == -ETIMEDOUT)
		dev_err_ratelimited(chip->dev,
				    "indirect register access never completes\n");
	return ret;
}

static int si321x_ind_read(void *context, unsigned int reg, unsigned int *val)
{
	struct si321x_chip *chip = context;
	unsigned int lo, hi;
	int addr, ret;

	addr = si321x_ind_addr(chip, reg);
	if (addr < 0)
		return addr;
	ret = si321x_ind_wait(chip);
	if (ret)
		return ret;
	/* Writing the address alone starts a read [DS], [WC] */
	ret = regmap_write(chip->map, SI321X_REG_IND_ADDR, addr);
	if (ret)
		return ret;
	ret = si321x_ind_wait(chip);
	if (ret)
		return ret;
	ret = regmap_read(chip->map, SI321X_REG_IND_DATA_LO, &lo);
	if (ret)
		return ret;
	ret = regmap_read(chip->map, SI321X_REG_IND_DATA_HI, &hi);
	if (ret)
		return ret;
	*val = lo | hi << 8;
	return 0;
}

static int si321x_ind_write(void *context, unsigned int reg, unsigned int val)
{
	struct si321x_chip *chip = context;
	int addr, ret;

	addr = si321x_ind_addr(chip, reg);
	if (addr < 0)
		return addr;
	ret = si321x_ind_wait(chip);
	if (ret)
		return ret;
	ret = regmap_write(chip->map, SI321X_REG_IND_DATA_LO, val & 0xff);
	if (ret)
		return ret;
	ret = regmap_write(chip->map, SI321X_REG_IND_DATA_HI, val >> 8);
	if (ret)
		return ret;
	/* The address after fresh data starts the write [DS], [WC] */
	return regmap_write(chip->map, SI321X_REG_IND_ADDR, addr);
}

static const struct regmap_config si321x_ind_regmap_config = {
	.name = "indirect",
	.reg_bits = 8,
	.val_bits = 16,
	.max_register = SI321X_IND_MAX,
	.reg_read = si321x_ind_read,
	.reg_write = si321x_ind_write,
	.cache_type = REGCACHE_NONE,
};

/* Ring oscillator coefficients [DS] "Sinusoidal Ringing" */

#define SI321X_Q		30
#define SI321X_ONE		((s64)BIT_ULL(SI321X_Q))
#define SI321X_PI_Q30		3373259426LL	/* pi * 2^30 */

static s64 si321x_qmul(s64 a, s64 b)
{
	return (a * b) >> SI321X_Q;
}

/* cos(x) and sin(x) for 0 <= x < 1 rad by series, 2^-30 resolution */
static s64 si321x_cos(s64 x)
{
	s64 x2 = si321x_qmul(x, x), term = SI321X_ONE, sum = SI321X_ONE;
	int k;

	for (k = 1; k <= 6; k++) {
		term = -div_s64(si321x_qmul(term, x2), (2 * k - 1) * (2 * k));
		sum += term;
	}
	return sum;
}

static s64 si321x_sin(s64 x)
{
	s64 x2 = si321x_qmul(x, x), term = x, sum = x;
	int k;

	for (k = 1; k <= 6; k++) {
		term = -div_s64(si321x_qmul(term, x2), (2 * k) * (2 * k + 1));
		sum += term;
	}
	return sum;
}

/*
 * RCO = cos(2 pi f / 1000 Hz) * 2^15, and
 * RNGX = 1/4 * sqrt((1 - cos) / (1 + cos)) * Vpk / 96 V * (2^15 - 1),
 * where sqrt((1 - cos 2a) / (1 + cos 2a)) = tan a with a = pi f / 1000 Hz.
 */
static void si321x_ring_coefs(u32 hz, u32 mv, u16 *rco, u16 *rngx)
{
	s64 a = div_s64(SI321X_PI_Q30 * hz, 1000);
	s64 tan_a = div64_s64(si321x_sin(a) << SI321X_Q, si321x_cos(a));

	*rco = si321x_cos(2 * a) >> (SI321X_Q - 15);
	*rngx = div_s64(si321x_qmul(tan_a, (s64)mv * 32767),
			4LL * SI321X_RING_FULL_SCALE_MV);
}

static int si321x_ring_setup(struct si321x_chip *chip)
{
	unsigned int vbath_mv, vbath;
	u16 rco, rngx;
	int ret;

	si321x_ring_coefs(chip->ring_hz, chip->ring_mv, &rco, &rngx);
	vbath_mv = max_t(unsigned int, SI321X_VBATH_MIN_MV,
			 chip->ring_mv + SI321X_VBATH_HEADROOM_MV);
	vbath = min_t(unsigned int, SI321X_VBATH_MAX,
		      DIV_ROUND_UP(vbath_mv, SI321X_VBATH_MV_PER_LSB));

	/* The core runs the cadence: oscillator timers off, sine wave */
	ret = regmap_write(chip->map, SI321X_REG_RING_OSC_CTL,
			   SI321X_RING_OSC_CTL_OFF);
	if (!ret)
		ret = regmap_write(chip->ind, SI321X_IND_RING_OSC_COEF, rco);
	if (!ret)
		ret = regmap_write(chip->ind, SI321X_IND_RING_X, rngx);
	if (!ret)
		ret = regmap_write(chip->ind, SI321X_IND_RING_Y, 0);
	if (!ret)
		ret = regmap_write(chip->map, SI321X_REG_VBATH, vbath);
	if (ret)
		return ret;
	dev_dbg(chip->dev, "ring %u Hz %u mV: RCO 0x%04x RNGX 0x%04x VBATH 0x%02x\n",
		chip->ring_hz, chip->ring_mv, rco, rngx, vbath);
	return 0;
}

/* Identity and bring-up */

static int si321x_identify(struct si321x_chip *chip)
{
	unsigned int id, pcm, hybrid, loopback;
	bool is_si3215;
	int ret;

	ret = regmap_read(chip->map, SI321X_REG_ID, &id);
	if (ret)
		return dev_err_probe(chip->dev, ret, "cannot read register 0\n");
	chip->revision = FIELD_GET(SI321X_ID_REV, id);
	if (chip->revision == SI321X_REV_NONE_LOW ||
	    chip->revision == SI321X_REV_NONE_HIGH)
		return dev_err_probe(chip->dev, -ENODEV,
				     "no ProSLIC answers: register 0 reads 0x%02x\n",
				     id);

	/* Reset values no other chip shares; 8 may be cleared by a past bind */
	ret = regmap_read(chip->map, SI321X_REG_HYBRID, &hybrid);
	if (!ret)
		ret = regmap_read(chip->map, SI321X_REG_LOOPBACK, &loopback);
	if (ret)
		return ret;
	if (hybrid != SI321X_HYBRID_RESET ||
	    (loopback != SI321X_LOOPBACK_RESET && loopback != 0))
		return dev_err_probe(chip->dev, -ENODEV,
				     "not a Si3210/Si3215: registers 8 and 11 read 0x%02x 0x%02x, expected 0x%02x 0x%02x\n",
				     loopback, hybrid, SI321X_LOOPBACK_RESET,
				     SI321X_HYBRID_RESET);
	if (chip->revision < SI321X_REV_MIN)
		return dev_err_probe(chip->dev, -ENODEV,
				     "ProSLIC revision %u is too old\n",
				     chip->revision);

	ret = regmap_read(chip->map, SI321X_REG_PCM, &pcm);
	if (ret)
		return ret;
	is_si3215 = pcm & SI321X_PCM_SI3215;
	if (is_si3215 != chip->variant->is_si3215)
		return dev_err_probe(chip->dev, -ENODEV,
				     "found a %s where the firmware describes a %s\n",
				     is_si3215 ? "Si3215" : "Si3210",
				     chip->variant->name);

	dev_info(chip->dev, "%s revision %u (part field %lu)\n",
		 chip->variant->name, chip->revision,
		 FIELD_GET(SI321X_ID_PART, id));
	return 0;
}

/* Chip supply, and the DC-DC converter's input (binding: *-supply) */
static const char * const si321x_supplies[] = { "vdd", "vdc" };

static int si321x_power_on(struct si321x_chip *chip)
{
	struct gpio_desc *reset;
	int ret;

	ret = devm_regulator_bulk_get_enable(chip->dev,
					     ARRAY_SIZE(si321x_supplies),
					     si321x_supplies);
	if (ret)
		return dev_err_probe(chip->dev, ret, "cannot enable supplies\n");

	/* Requested asserted: the chip stays in reset until we let it go */
	reset = devm_gpiod_get_optional(chip->dev, "reset", GPIOD_OUT_HIGH);
	if (IS_ERR(reset))
		return dev_err_probe(chip->dev, PTR_ERR(reset),
				     "cannot get reset GPIO\n");
	if (!reset)
		return 0;
	fsleep(SI321X_RESET_US);
	gpiod_set_value_cansleep(reset, 0);
	fsleep(SI321X_RESET_US);
	return 0;
}

static int si321x_write_ind_table(struct si321x_chip *chip)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(si321x_ind_init); i++) {
		ret = regmap_write(chip->ind, si321x_ind_init[i].reg,
				   si321x_ind_init[i].def);
		if (ret == -ENOENT)
			continue;	/* not on this variant */
		if (ret)
			return ret;
	}
	return 0;
}

static int si321x_verify_ind_table(struct si321x_chip *chip)
{
	unsigned int i, val;
	int ret;

	for (i = 0; i < ARRAY_SIZE(si321x_ind_init); i++) {
		ret = regmap_read(chip->ind, si321x_ind_init[i].reg, &val);
		if (ret == -ENOENT)
			continue;
		if (ret)
			return ret;
		if (val != si321x_ind_init[i].def) {
			dev_err(chip->dev,
				"indirect register %u reads 0x%04x, wrote 0x%04x\n",
				si321x_ind_init[i].reg, val,
				si321x_ind_init[i].def);
			return -EIO;
		}
	}
	return 0;
}

static int si321x_power_up(struct si321x_chip *chip)
{
	unsigned int vbat;
	int ret;

	ret = regmap_write(chip->map, SI321X_REG_DCDC_PWM_OFF,
			   SI321X_DCDC_PWM_OFF_DEFAULT);
	if (!ret)
		ret = regmap_write(chip->map, SI321X_REG_PWRDOWN1, 0);
	if (ret)
		return ret;
	ret = regmap_read_poll_timeout(chip->map, SI321X_REG_VBAT_SENSE, vbat,
				       vbat >= SI321X_VBAT_POWERED, 1000,
				       SI321X_VBAT_TIMEOUT_US);
	if (ret == -ETIMEDOUT)
		return dev_err_probe(chip->dev, -EIO,
				     "DC-DC converter did not power up: battery at %u mV (is the supply connected?)\n",
				     vbat * SI321X_VBAT_SENSE_MV_PER_LSB);
	if (ret)
		return ret;
	ret = regmap_write(chip->map, SI321X_REG_LOOP_I_LIMIT,
			   SI321X_LOOP_I_LIMIT_20MA);
	if (!ret)
		ret = regmap_write(chip->map, SI321X_REG_DCDC,
				   SI321X_DCDC_ENGAGE);
	return ret;
}

static int si321x_calibrate_once(struct si321x_chip *chip)
{
	unsigned int val;
	int ret;

	ret = regmap_write(chip->map, SI321X_REG_CAL2, SI321X_CAL2_ALL);
	if (!ret)
		ret = regmap_write(chip->map, SI321X_REG_CAL1,
				   SI321X_CAL1_START_ALL);
	if (ret)
		return ret;
	return regmap_read_poll_timeout(chip->map, SI321X_REG_CAL1, val,
					!val, 1000, SI321X_CAL_TIMEOUT_US);
}

static int si321x_calibrate(struct si321x_chip *chip)
{
	unsigned int val;
	int ret;

	/* DAHDI retries once: the first run can fail on a cold chip [WC] */
	ret = si321x_calibrate_once(chip);
	if (ret == -ETIMEDOUT)
		ret = si321x_calibrate_once(chip);
	if (ret)
		return dev_err_probe(chip->dev, ret, "calibration failed\n");

	ret = regmap_write(chip->map, SI321X_REG_DCDC,
			   SI321X_DCDC_ENGAGE | SI321X_DCDC_CAL);
	if (ret)
		return ret;
	ret = regmap_read_poll_timeout(chip->map, SI321X_REG_DCDC, val,
				       !(val & SI321X_DCDC_CAL), 1000,
				       SI321X_DCDC_CAL_TIMEOUT_US);
	if (ret)
		return dev_err_probe(chip->dev, ret,
				     "DC-DC calibration failed\n");
	ret = regmap_read(chip->map, SI321X_REG_DC_PEAK_CAL, &val);
	if (ret)
		return ret;
	if (val < SI321X_DC_PEAK_CAL_MIN || val > SI321X_DC_PEAK_CAL_MAX) {
		dev_warn(chip->dev, "DC-DC calibration gave 0x%02x, using 0x%02x\n",
			 val, SI321X_DC_PEAK_CAL_DEFAULT);
		ret = regmap_write(chip->map, SI321X_REG_DC_PEAK_CAL,
				   SI321X_DC_PEAK_CAL_DEFAULT);
	}
	return ret;
}

static int si321x_bring_up(struct si321x_chip *chip)
{
	unsigned int saved[SI321X_IND_FILTER_COUNT];
	unsigned int i;
	int ret;

	/* No battery while the coefficients are stale */
	ret = regmap_write(chip->map, SI321X_REG_PWRDOWN1,
			   SI321X_PWRDOWN1_DCDC);
	if (ret)
		return ret;
	ret = si321x_write_ind_table(chip);
	if (ret)
		return dev_err_probe(chip->dev, ret,
				     "cannot set indirect registers\n");

	ret = regmap_multi_reg_write(chip->map, si321x_setup,
				     ARRAY_SIZE(si321x_setup));
	if (ret)
		return ret;

	/* Calibrate with the digital filters flushed [WC] */
	for (i = 0; i < SI321X_IND_FILTER_COUNT; i++) {
		ret = regmap_read(chip->ind, SI321X_IND_FILTER_FIRST + i,
				  &saved[i]);
		if (!ret)
			ret = regmap_write(chip->ind,
					   SI321X_IND_FILTER_FIRST + i,
					   SI321X_IND_FILTER_FLUSH);
		if (ret)
			return ret;
	}
	ret = si321x_power_up(chip);
	if (!ret)
		ret = si321x_calibrate(chip);
	if (ret)
		return ret;
	for (i = 0; i < SI321X_IND_FILTER_COUNT; i++) {
		ret = regmap_write(chip->ind, SI321X_IND_FILTER_FIRST + i,
				   saved[i]);
		if (ret)
			return ret;
	}
	ret = si321x_verify_ind_table(chip);
	if (ret)
		return dev_err_probe(chip->dev, ret,
				     "indirect registers did not keep their values\n");

	ret = regmap_multi_reg_write(chip->map, si321x_setup_after_cal,
				     ARRAY_SIZE(si321x_setup_after_cal));
	if (!ret)
		ret = si321x_ring_setup(chip);
	if (ret)
		return ret;

	/* A port starts forward-active; the core applies it again anyway. */
	return regmap_write(chip->map, SI321X_REG_LINEFEED,
			    SI321X_LF_ACTIVE_FWD);
}

/* Leave the line dead and the converter off, whatever state we are in */
static void si321x_power_down(void *data)
{
	struct si321x_chip *chip = data;

	regmap_write(chip->map, SI321X_REG_IRQ_ENABLE1, 0);
	regmap_write(chip->map, SI321X_REG_IRQ_ENABLE2, 0);
	regmap_write(chip->map, SI321X_REG_IRQ_ENABLE3, 0);
	regmap_write(chip->map, SI321X_REG_LINEFEED, SI321X_LF_OPEN);
	regmap_write(chip->map, SI321X_REG_PWRDOWN1, SI321X_PWRDOWN1_DCDC);
}

/* Hook and power alarms */

static int si321x_read_hook(struct si321x_chip *chip, bool *offhook)
{
	unsigned int loop;
	int ret;

	ret = regmap_read(chip->map, SI321X_REG_LOOP_STATUS, &loop);
	if (ret)
		return ret;
	*offhook = loop & SI321X_LOOP_LCR;
	return 0;
}

static unsigned long si321x_forgive_delay(void)
{
	return msecs_to_jiffies(max_t(unsigned int, SI321X_ALARM_FORGIVE_MIN_MS,
				      READ_ONCE(alarm_forgive_ms)));
}

static void si321x_power_alarm(struct si321x_chip *chip)
{
	const char *fault;
	bool lockout;

	mutex_lock(&chip->alarm_lock);
	mutex_lock(&chip->lock);
	if (chip->lockout) {
		mutex_unlock(&chip->lock);
		mutex_unlock(&chip->alarm_lock);
		return;
	}
	lockout = chip->alarms >= SI321X_ALARM_BUDGET;
	if (lockout) {
		/* Stop listening, so a persisting fault cannot keep us busy */
		chip->lockout = true;
		if (chip->irq > 0)
			regmap_write(chip->map, SI321X_REG_IRQ_ENABLE2,
				     SI321X_IRQ2_LCIP | SI321X_IRQ2_RTIP);
		regmap_write(chip->map, SI321X_REG_LINEFEED, SI321X_LF_OPEN);
		fault = "power alarm: too many, line left open";
	} else {
		/* The chip opened the line itself; ringing stops with it */
		chip->alarms++;
		chip->ringing = false;
		regmap_write(chip->map, SI321X_REG_LINEFEED,
			     si321x_lf_wanted(chip->port));
		fault = "power alarm";
	}
	mutex_unlock(&chip->lock);

	if (lockout)
		dev_err(chip->dev,
			"power alarm budget (%u) exhausted: line left open, rebind to retry\n",
			SI321X_ALARM_BUDGET);
	else
		dev_warn_ratelimited(chip->dev,
				     "power alarm %u of %u: linefeed restored\n",
				     chip->alarms, SI321X_ALARM_BUDGET);
	fxs_port_set_fault(chip->port, fault);
	schedule_delayed_work(&chip->forgive_work, si321x_forgive_delay());
	mutex_unlock(&chip->alarm_lock);
}

static void si321x_forgive_work(struct work_struct *work)
{
	struct si321x_chip *chip = container_of(to_delayed_work(work),
						struct si321x_chip,
						forgive_work);

	mutex_lock(&chip->alarm_lock);
	if (chip->alarms)
		chip->alarms--;
	if (chip->alarms)
		schedule_delayed_work(&chip->forgive_work,
				      si321x_forgive_delay());
	else if (!chip->lockout)
		fxs_port_set_fault(chip->port, NULL);
	mutex_unlock(&chip->alarm_lock);
}

/*
 * Without an interrupt, a power alarm shows as the chip having opened the
 * line on its own (DAHDI's test) [WC].
 */
static bool si321x_line_opened_by_chip(struct si321x_chip *chip)
{
	unsigned int lf;
	bool opened;

	mutex_lock(&chip->lock);
	opened = !chip->lockout &&
		 fxs_port_linefeed(chip->port) != FXS_LINEFEED_OPEN &&
		 !regmap_read(chip->map, SI321X_REG_LINEFEED, &lf) &&
		 FIELD_GET(SI321X_LF_SET, lf) == SI321X_LF_OPEN;
	mutex_unlock(&chip->lock);
	return opened;
}

static void si321x_poll_work(struct work_struct *work)
{
	struct si321x_chip *chip = container_of(to_delayed_work(work),
						struct si321x_chip, poll_work);
	bool offhook;

	if (!si321x_read_hook(chip, &offhook) &&
	    offhook != chip->last_offhook) {
		chip->last_offhook = offhook;
		fxs_port_report_hook(chip->port, offhook);
	}
	if (si321x_line_opened_by_chip(chip))
		si321x_power_alarm(chip);
	schedule_delayed_work(&chip->poll_work,
			      msecs_to_jiffies(SI321X_POLL_MS));
}

static irqreturn_t si321x_irq_thread(int irq, void *data)
{
	struct si321x_chip *chip = data;
	unsigned int st1, st2, st3;
	bool offhook;

	if (regmap_read(chip->map, SI321X_REG_IRQ_STATUS1, &st1) ||
	    regmap_read(chip->map, SI321X_REG_IRQ_STATUS2, &st2) ||
	    regmap_read(chip->map, SI321X_REG_IRQ_STATUS3, &st3))
		return IRQ_NONE;
	if (!st1 && !st2 && !st3)
		return IRQ_NONE;
	/*
	 * Clear before reading the state, so a change after the read raises
	 * a new interrupt instead of being lost.
	 */
	if (st1)
		regmap_write(chip->map, SI321X_REG_IRQ_STATUS1, st1);
	if (st2)
		regmap_write(chip->map, SI321X_REG_IRQ_STATUS2, st2);
	if (st3)
		regmap_write(chip->map, SI321X_REG_IRQ_STATUS3, st3);

	if ((st2 & (SI321X_IRQ2_LCIP | SI321X_IRQ2_RTIP)) &&
	    !si321x_read_hook(chip, &offhook)) {
		chip->last_offhook = offhook;
		fxs_port_report_hook(chip->port, offhook);
	}
	if (st2 & SI321X_IRQ2_PWR_ALARM)
		si321x_power_alarm(chip);
	return IRQ_HANDLED;
}

/* fxs port operations */

static int si321x_set_linefeed(struct fxs_port *port, enum fxs_linefeed lf)
{
	struct si321x_chip *chip = fxs_port_priv(port);
	int ret = 0;

	if (lf > FXS_LINEFEED_MAX)
		return -EINVAL;
	mutex_lock(&chip->lock);
	if (chip->lockout)
		ret = -EIO;
	else if (!chip->ringing)
		ret = regmap_write(chip->map, SI321X_REG_LINEFEED,
				   si321x_linefeed_code[lf]);
	mutex_unlock(&chip->lock);
	return ret;
}

static int si321x_set_ring(struct fxs_port *port, bool on)
{
	struct si321x_chip *chip = fxs_port_priv(port);
	int ret;

	mutex_lock(&chip->lock);
	if (chip->lockout) {
		ret = -EIO;
	} else {
		chip->ringing = on;
		ret = regmap_write(chip->map, SI321X_REG_LINEFEED,
				   on ? SI321X_LF_RINGING :
				   si321x_lf_wanted(port));
	}
	mutex_unlock(&chip->lock);
	return ret;
}

static int si321x_get_hook(struct fxs_port *port, bool *offhook)
{
	return si321x_read_hook(fxs_port_priv(port), offhook);
}

static const struct fxs_port_ops si321x_port_ops = {
	.set_linefeed = si321x_set_linefeed,
	.set_ring = si321x_set_ring,
	.get_hook = si321x_get_hook,
};

/* sysfs: what was found, on the device itself */

static ssize_t chip_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct si321x_chip *chip = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", chip->variant->name);
}
static DEVICE_ATTR_RO(chip);

static ssize_t revision_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct si321x_chip *chip = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", chip->revision);
}
static DEVICE_ATTR_RO(revision);

static ssize_t hook_detection_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct si321x_chip *chip = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", chip->irq > 0 ? "irq" : "polled");
}
static DEVICE_ATTR_RO(hook_detection);

static struct attribute *si321x_chip_attrs[] = {
	&dev_attr_chip.attr,
	&dev_attr_revision.attr,
	&dev_attr_hook_detection.attr,
	NULL
};

static const struct attribute_group si321x_chip_group = {
	.attrs = si321x_chip_attrs,
};

const struct attribute_group *si321x_chip_groups[] = {
	&si321x_chip_group,
	NULL
};

/* Probe */

static int si321x_read_properties(struct si321x_chip *chip)
{
	struct device *dev = chip->dev;
	u32 uv;

	chip->ring_hz = SI321X_RING_HZ_DEFAULT;
	chip->ring_mv = SI321X_RING_MV_DEFAULT;
	device_property_read_u32(dev, "silabs,ring-frequency-hz",
				 &chip->ring_hz);
	if (!device_property_read_u32(dev, "silabs,ring-voltage-microvolt",
				      &uv))
		chip->ring_mv = uv / 1000;

	if (chip->ring_hz < SI321X_RING_HZ_MIN ||
	    chip->ring_hz > SI321X_RING_HZ_SAFE_MAX)
		return dev_err_probe(dev, -EINVAL,
				     "silabs,ring-frequency-hz %u outside %u..%u\n",
				     chip->ring_hz, SI321X_RING_HZ_MIN,
				     SI321X_RING_HZ_SAFE_MAX);
	if (chip->ring_mv < SI321X_RING_MV_SAFE_MIN ||
	    chip->ring_mv > SI321X_RING_MV_SAFE_MAX)
		return dev_err_probe(dev, -EINVAL,
				     "silabs,ring-voltage-microvolt %u mV outside %u..%u mV\n",
				     chip->ring_mv, SI321X_RING_MV_SAFE_MIN,
				     SI321X_RING_MV_SAFE_MAX);
	return 0;
}

static int si321x_check_name(struct device *dev, const char *name)
{
	if (fxs_port_name_valid(name))
		return 0;
	return dev_err_probe(dev, -EINVAL,
			     "port name \"%s\" is not 1-%u of [A-Za-z0-9._-]\n",
			     name, FXS_PORT_NAME_MAX - 1);
}

static void si321x_stop_events(void *data)
{
	struct si321x_chip *chip = data;

	cancel_delayed_work_sync(&chip->poll_work);
	cancel_delayed_work_sync(&chip->forgive_work);
}

static int si321x_start_events(struct si321x_chip *chip)
{
	int ret;

	ret = devm_add_action_or_reset(chip->dev, si321x_stop_events, chip);
	if (ret)
		return ret;

	if (chip->irq <= 0) {
		schedule_delayed_work(&chip->poll_work,
				      msecs_to_jiffies(SI321X_POLL_MS));
		return 0;
	}
	/* Bus access sleeps: all the work is in the thread */
	ret = devm_request_threaded_irq(chip->dev, chip->irq, NULL,
					si321x_irq_thread, IRQF_ONESHOT,
					dev_name(chip->dev), chip);
	if (ret)
		return dev_err_probe(chip->dev, ret, "cannot request IRQ %d\n",
				     chip->irq);
	return regmap_write(chip->map, SI321X_REG_IRQ_ENABLE2,
			    SI321X_IRQ2_LCIP | SI321X_IRQ2_RTIP |
			    SI321X_IRQ2_PWR_ALARM);
}

int si321x_chip_probe(struct device *dev, struct regmap *map, int irq,
		      const struct si321x_variant *variant,
		      const char *port_name)
{
	struct fxs_port_desc desc = {
		.name = port_name,
		.location = FXS_LOCATION_BUILTIN,
		.driver = "fxs_si321x",
		.ops = &si321x_port_ops,
	};
	struct si321x_chip *chip;
	int ret;

	chip = devm_kzalloc(dev, sizeof(*chip), GFP_KERNEL);
	if (!chip)
		return -ENOMEM;
	chip->dev = dev;
	chip->map = map;
	chip->irq = irq;
	chip->variant = variant;
	mutex_init(&chip->lock);
	mutex_init(&chip->alarm_lock);
	INIT_DELAYED_WORK(&chip->poll_work, si321x_poll_work);
	INIT_DELAYED_WORK(&chip->forgive_work, si321x_forgive_work);
	dev_set_drvdata(dev, chip);

	ret = si321x_check_name(dev, port_name);
	if (!ret)
		ret = si321x_read_properties(chip);
	if (ret)
		return ret;
	chip->ind = devm_regmap_init(dev, NULL, chip,
				     &si321x_ind_regmap_config);
	if (IS_ERR(chip->ind))
		return dev_err_probe(dev, PTR_ERR(chip->ind),
				     "cannot create indirect regmap\n");

	ret = si321x_power_on(chip);
	if (!ret)
		ret = si321x_identify(chip);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, si321x_power_down, chip);
	if (ret)
		return ret;
	ret = si321x_bring_up(chip);
	if (ret)
		return dev_err_probe(dev, ret, "bring-up failed\n");
	ret = si321x_read_hook(chip, &chip->last_offhook);
	if (ret)
		return ret;

	desc.priv = chip;
	chip->port = devm_fxs_port_register(dev, &desc);
	if (IS_ERR(chip->port))
		return dev_err_probe(dev, PTR_ERR(chip->port),
				     "cannot register port %s\n", port_name);

	/* Events start after the port exists and stop before it goes */
	ret = si321x_start_events(chip);
	if (ret)
		return ret;
	dev_info(dev, "port %s ready, hook by %s\n", port_name,
		 irq > 0 ? "interrupt" : "polling");
	return 0;
}
