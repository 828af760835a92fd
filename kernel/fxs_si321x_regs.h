/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxs_si321x_regs.h - Si3210/Si3215 ProSLIC register numbers and bits.
 *
 * Sources, named on each definition:
 *  [DS]   Silicon Labs, "Si3210/Si3211 ProSLIC Programmable CMOS
 *         SLIC/Codec with Ringing/Battery Voltage Generation", data sheet
 *         (register descriptions, "Ringing Generation", "Ring Trip
 *         Detection", "Indirect Registers").
 *  [PH]   DAHDI drivers/dahdi/proslic.h (register names and numbers; used
 *         only where it agrees with [DS]).
 *  [WC]   DAHDI drivers/dahdi/wctdm.c, the long-deployed driver for these
 *         chips, for values the data sheet leaves to the integrator.
 *
 * Indirect register numbers are the Si3210's; the Si3215 places some at
 * other addresses (see si3215_ind_map in fxs_si321x_chip.c).
 */
#ifndef _FXS_SI321X_REGS_H
#define _FXS_SI321X_REGS_H

#include <linux/bits.h>

/* Serial interface: one command byte, then one data byte [DS] "SPI" */
#define SI321X_CMD_READ			BIT(7)	/* 0 = write [DS], [WC] */
#define SI321X_CMD_REG			GENMASK(6, 0)

/* Direct registers [DS] "Direct Registers", numbers as in [PH] */
#define SI321X_REG_ID			0	/* SPI_MODE [PH] */
#define  SI321X_ID_PART			GENMASK(5, 4)	/* [WC] product */
#define  SI321X_ID_REV			GENMASK(3, 0)	/* [DS], [WC] */
#define  SI321X_REV_NONE_LOW		0x0	/* MISO held low [WC] */
#define  SI321X_REV_NONE_HIGH		0xf	/* MISO floating [WC] */
#define  SI321X_REV_MIN			2	/* older ones rejected [WC] */
#define SI321X_REG_PCM			1	/* PCM_MODE [PH] */
#define  SI321X_PCM_SI3215		BIT(7)	/* reads 1 on Si3215 [WC] */
#define SI321X_REG_LOOPBACK		8	/* AUDIO_LOOPBACK [PH] */
#define  SI321X_LOOPBACK_RESET		0x02	/* value after reset [WC] */
#define SI321X_REG_HYBRID		11	/* HYBRID [PH] */
#define  SI321X_HYBRID_RESET		0x33	/* value after reset [WC] */
#define SI321X_REG_PWRDOWN1		14	/* PWR_DOWN1 [PH] */
#define  SI321X_PWRDOWN1_DCDC		BIT(4)	/* DC-DC converter off [WC] */

/* Interrupts: status is write 1 to clear [DS] "Interrupt Logic" */
#define SI321X_REG_IRQ_STATUS1		18	/* INTRPT_STATUS1 [PH] */
#define SI321X_REG_IRQ_STATUS2		19	/* INTRPT_STATUS2 [PH] */
#define SI321X_REG_IRQ_STATUS3		20	/* INTRPT_STATUS3 [PH] */
#define SI321X_REG_IRQ_ENABLE1		21	/* INTRPT_MASK1 [PH] */
#define SI321X_REG_IRQ_ENABLE2		22	/* INTRPT_MASK2 [PH] */
#define SI321X_REG_IRQ_ENABLE3		23	/* INTRPT_MASK3 [PH] */
/* Bits of status 2 and enable 2 [DS] Register 19/22; RTIP [DS] Table 29 */
#define  SI321X_IRQ2_RTIP		BIT(0)	/* ring trip */
#define  SI321X_IRQ2_LCIP		BIT(1)	/* loop closure [WC] 22=0x02 */
#define  SI321X_IRQ2_PWR_ALARM		GENMASK(7, 2)	/* Q1AP..Q6AP */

/* Indirect access [DS] "Indirect Registers", [PH] IDA_LO/IDA_HI/IAA */
#define SI321X_REG_IND_DATA_LO		28
#define SI321X_REG_IND_DATA_HI		29
#define SI321X_REG_IND_ADDR		30
#define SI321X_REG_IND_STATUS		31	/* I_STATUS [PH] */
#define  SI321X_IND_STATUS_BUSY		BIT(0)	/* IAS_BIT [PH] */

#define SI321X_REG_RING_OSC_CTL		34	/* RING_OSC_CTL [PH] */
#define  SI321X_RING_OSC_CTL_OFF	0x00	/* timers off, sine [WC] */

/* Linefeed control [DS] Register 64; codes as [PH] SLIC_LF_* */
#define SI321X_REG_LINEFEED		64	/* LINE_STATE [PH] */
#define  SI321X_LF_SET			GENMASK(2, 0)	/* LF[2:0] */
#define  SI321X_LF_STATE		GENMASK(6, 4)	/* LFS[2:0], actual */
#define  SI321X_LF_OPEN			0x0
#define  SI321X_LF_ACTIVE_FWD		0x1
#define  SI321X_LF_OHT_FWD		0x2
#define  SI321X_LF_RINGING		0x4	/* [DS] "Ringing Generation" */
#define  SI321X_LF_ACTIVE_REV		0x5
#define  SI321X_LF_OHT_REV		0x6

#define SI321X_REG_BAT_FEED		66	/* BAT_FEED [PH] */
#define  SI321X_BAT_FEED_Q7_OFF		0x01	/* [WC] "Turn off Q7" */
#define SI321X_REG_AUTO			67	/* AUTO_STATE [PH] */
/* Automatic power alarm and ring trip on, battery switching off [WC] */
#define  SI321X_AUTO_DEFAULT		0x07
#define SI321X_REG_LOOP_STATUS		68	/* LOOP_STAT [PH] */
#define  SI321X_LOOP_LCR		BIT(0)	/* loop closed [WC] */
#define  SI321X_LOOP_RTP		BIT(1)	/* ring trip [DS] Table 29 */
#define SI321X_REG_LOOP_I_LIMIT		71	/* LOOP_I_LIMIT [PH] */
#define  SI321X_LOOP_I_LIMIT_20MA	0x00	/* 20 mA, 3 mA steps [WC] */
#define SI321X_REG_COMMON_V		73	/* COMMON_V [PH] */
#define  SI321X_COMMON_V_DEFAULT	0x04	/* [WC] */
#define SI321X_REG_VBATH		74	/* BAT_V_HI; VBATH[5:0] [DS] */
#define  SI321X_VBATH_MV_PER_LSB	1500	/* 0 to 94.5 V [DS] Table 28 */
#define  SI321X_VBATH_MAX		0x3f
#define SI321X_REG_VBAT_SENSE		82	/* BAT_V_HI_SENSE [PH] */
#define  SI321X_VBAT_SENSE_MV_PER_LSB	376	/* [WC] */
#define  SI321X_VBAT_POWERED		0xc0	/* battery is up [WC] */
#define SI321X_REG_DCDC_PWM_OFF		92	/* DCDC_PWM_OFF [PH] */
#define  SI321X_DCDC_PWM_OFF_DEFAULT	0xff	/* 1/64 kHz period [WC] */
#define SI321X_REG_DCDC			93	/* DCDC [PH] */
#define  SI321X_DCDC_ENGAGE		0x19	/* [WC] */
#define  SI321X_DCDC_CAL		BIT(7)	/* self-clearing [WC] 0x99 */
#define SI321X_REG_CAL1			96	/* CALIBR1 [PH] */
#define  SI321X_CAL1_START_ALL		0x5f	/* reads 0 when done [WC] */
#define SI321X_REG_CAL2			97	/* CALIBR2 [PH] */
#define  SI321X_CAL2_ALL		0x1f	/* [WC] */
#define SI321X_REG_DC_PEAK_CAL		107	/* DC_PEAK_CAL [PH] */
#define  SI321X_DC_PEAK_CAL_MIN		0x2	/* plausible range [WC] */
#define  SI321X_DC_PEAK_CAL_MAX		0xd
#define  SI321X_DC_PEAK_CAL_DEFAULT	0x8
#define SI321X_REG_REVC_OPT		108	/* "Revision C optimization" [WC] */
#define  SI321X_REVC_OPT_VALUE		0xeb

#define SI321X_REG_MAX			108	/* last direct register [DS] */

/* Indirect registers (Si3210 numbering) [DS], names [PH] */
#define SI321X_IND_RING_V_OFF		19	/* ROFF [DS] Table 28 */
#define SI321X_IND_RING_OSC_COEF	20	/* RCO [DS] Table 28 */
#define SI321X_IND_RING_X		21	/* RNGX [DS] Table 28 */
#define SI321X_IND_RING_Y		22	/* RNGY [DS] Table 28 */
#define SI321X_IND_RECV_GAIN		26	/* RECV_DIGITAL_GAIN [PH] */
#define SI321X_IND_XMIT_GAIN		27	/* XMIT_DIGITAL_GAIN [PH] */
#define SI321X_IND_LOOP_CLOSE_THRESH	28	/* LOOP_CLOSE_THRESH [PH] */
#define SI321X_IND_RING_TRIP_THRESH	29	/* RPTP [DS] Table 29 */
#define SI321X_IND_COMMON_MIN_THRESH	30	/* [PH] */
#define SI321X_IND_COMMON_MAX_THRESH	31	/* [PH] */
#define SI321X_IND_PWR_ALARM_Q1Q2	32	/* [PH] */
#define SI321X_IND_PWR_ALARM_Q3Q4	33	/* [PH] */
#define SI321X_IND_PWR_ALARM_Q5Q6	34	/* [PH] */
#define SI321X_IND_LOOP_CLOSURE_FILTER	35	/* [PH] */
#define SI321X_IND_RING_TRIP_FILTER	36	/* NRTP [DS] Table 29 */
#define SI321X_IND_THERM_LP_POLE_Q1Q2	37	/* [PH] */
#define SI321X_IND_THERM_LP_POLE_Q3Q4	38	/* [PH] */
#define SI321X_IND_THERM_LP_POLE_Q5Q6	39	/* [PH] */
#define SI321X_IND_CM_BIAS_RINGING	40	/* VCMR [DS] Table 28 */
#define SI321X_IND_DCDC_MIN_V		41	/* [PH] */
#define SI321X_IND_DCDC_XTRA		42	/* [PH]; none on Si3215 [WC] */
#define SI321X_IND_LOOP_CLOSE_TRES_LOW	43	/* [WC] */
/* The five digital filters flushed around calibration [WC] */
#define SI321X_IND_FILTER_FIRST		SI321X_IND_LOOP_CLOSURE_FILTER
#define SI321X_IND_FILTER_COUNT		5
#define  SI321X_IND_FILTER_FLUSH	0x8000	/* [WC] */

#define SI321X_IND_MAX			104	/* last indirect register [DS] */

/* Ringing oscillator [DS] "Sinusoidal Ringing" */
#define SI321X_RING_HZ_MIN		15	/* [DS] Table 28: 15 to 100 Hz */
#define SI321X_RING_HZ_MAX		100
#define SI321X_RING_FULL_SCALE_MV	96000	/* RNGX equation [DS] */
#define SI321X_RING_MV_MAX		94500	/* [DS] Table 28 */

#endif /* _FXS_SI321X_REGS_H */
