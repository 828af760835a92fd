// SPDX-License-Identifier: GPL-2.0-only
/*
 * si321x_emu.c - test-only emulation of a Si3210/Si3215 ProSLIC behind a
 * real SPI controller, so fxs_si321x binds and runs unmodified.
 *
 * The module registers an SPI controller whose one chip select leads to a
 * register-level model of the chip: direct and indirect registers, loop
 * closure and ring trip, interrupt status with write 1 to clear, power
 * alarms, calibration that takes a few reads to finish, and a selectable
 * identity (either chip, none, or another chip).  The chip's INT pin is an
 * interrupt of a small irq chip of our own, raised from irq_work as the
 * pin's level would.  The SPI device is added with a software node, as
 * board code or a device tree would describe it.
 *
 * The model checks the bus protocol as the chip needs it: SPI mode 3 and
 * chip select released after every byte; violations are counted and the
 * bytes are lost, as on the real chip.
 *
 * Register numbers are defined here again, from the data sheet, instead of
 * taken from the driver's header, so a wrong number there fails the tests.
 *
 * Control: /sys/kernel/debug/si321x_emu/ (see the README of tests/kernel).
 */
#include <linux/debugfs.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdomain.h>
#include <linux/ktime.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define EMU_NAME		"si321x_emu"
#define EMU_DIRECT_NUM		128
#define EMU_INDIRECT_NUM	128	/* Si3215 reaches address 66 */
#define EMU_MAX_HZ		16000000
#define EMU_LF_LOG_LEN		256	/* linefeed changes kept for tests */

/* Direct registers and bits (Si3210 data sheet, register descriptions) */
#define R_ID		0
#define R_PCM		1
#define R_LOOPBACK	8
#define R_HYBRID	11
#define R_PWRDOWN1	14
#define R_STATUS1	18
#define R_STATUS2	19
#define R_STATUS3	20
#define R_ENABLE1	21
#define R_ENABLE2	22
#define R_ENABLE3	23
#define R_IDA_LO	28
#define R_IDA_HI	29
#define R_IAA		30
#define R_IAS		31
#define R_LINEFEED	64
#define R_AUTO		67
#define R_LOOP		68
#define R_VBAT_SENSE	82
#define R_DCDC		93
#define R_CAL1		96
#define R_DC_PEAK_CAL	107

#define PCM_SI3215	0x80
#define PWRDOWN1_DCDC	0x10
#define STATUS2_RTIP	0x01
#define STATUS2_LCIP	0x02
#define STATUS2_Q1AP	0x04
#define AUTO_AOPN	0x01	/* open the line on a power alarm */
#define LOOP_LCR	0x01
#define LOOP_RTP	0x02
#define LF_OPEN		0
#define LF_ACTIVE_FWD	1
#define LF_RINGING	4
#define DCDC_CAL	0x80
#define VBAT_UP		0xc8	/* about 75 V */

/* Reads a busy flag or calibration takes before it is done */
#define EMU_IND_BUSY_READS	1
#define EMU_CAL_READS		3

enum emu_identity {
	EMU_SI3210,
	EMU_SI3215,
	EMU_NONE,	/* nothing on the bus: MISO floats high */
	EMU_STUCK_LOW,	/* nothing on the bus: MISO held low */
	EMU_OTHER,	/* some other chip answering */
};

static const char * const emu_identity_names[] = {
	[EMU_SI3210] = "si3210",
	[EMU_SI3215] = "si3215",
	[EMU_NONE] = "none",
	[EMU_STUCK_LOW] = "stuck-low",
	[EMU_OTHER] = "other",
};

struct si321x_emu {
	struct platform_device *pdev;
	struct spi_controller *ctlr;
	struct fwnode_handle *irq_fwnode;
	struct irq_domain *domain;
	unsigned int virq;
	struct irq_work irq_work;
	struct dentry *dir;

	/* Configuration of the next device added, and the device */
	struct mutex cfg_lock;
	struct spi_device *spi;
	enum emu_identity identity;
	char modalias[SPI_NAME_SIZE];
	char compatible[32];
	char label[32];
	bool use_irq;
	u32 ring_hz;
	u32 ring_uv;
	struct property_entry props[5];
	struct software_node swnode;

	/* The chip, its bus state and counters */
	spinlock_t lock;
	enum emu_identity chip;
	bool present;
	u8 direct[EMU_DIRECT_NUM];
	u16 indirect[EMU_INDIRECT_NUM];
	bool ida_written;
	unsigned int ind_busy;
	unsigned int cal_left;
	unsigned int dcdc_cal_left;
	bool offhook;
	bool irq_masked;
	bool cs_active;
	unsigned int frame_bytes;
	bool have_cmd;
	u8 cmd;
	u64 accesses;
	u64 cs_errors;
	u64 mode_errors;
	u64 irqs;
	u64 ring_writes;
	u64 alarms;
	/* Each change of the linefeed register and when: the ring cadence */
	struct {
		u64 ns;
		u8 lf;
	} lf_log[EMU_LF_LOG_LEN];
	unsigned int lf_log_len;
};

static struct si321x_emu *emu;

/* The INT pin: asserted while an enabled status bit is pending */

static bool emu_int_pending(struct si321x_emu *e)
{
	return (e->direct[R_STATUS1] & e->direct[R_ENABLE1]) ||
	       (e->direct[R_STATUS2] & e->direct[R_ENABLE2]) ||
	       (e->direct[R_STATUS3] & e->direct[R_ENABLE3]);
}

/* Called with e->lock held */
static void emu_update_int(struct si321x_emu *e)
{
	if (e->present && e->use_irq && !e->irq_masked && emu_int_pending(e))
		irq_work_queue(&e->irq_work);
}

static void emu_irq_work(struct irq_work *work)
{
	struct si321x_emu *e = container_of(work, struct si321x_emu,
					    irq_work);
	unsigned long flags;

	spin_lock_irqsave(&e->lock, flags);
	e->irqs++;
	spin_unlock_irqrestore(&e->lock, flags);
	generic_handle_domain_irq(e->domain, 0);
}

static void emu_irq_mask(struct irq_data *d)
{
	struct si321x_emu *e = irq_data_get_irq_chip_data(d);
	unsigned long flags;

	spin_lock_irqsave(&e->lock, flags);
	e->irq_masked = true;
	spin_unlock_irqrestore(&e->lock, flags);
}

static void emu_irq_unmask(struct irq_data *d)
{
	struct si321x_emu *e = irq_data_get_irq_chip_data(d);
	unsigned long flags;

	spin_lock_irqsave(&e->lock, flags);
	e->irq_masked = false;
	emu_update_int(e);	/* a level still asserted fires again */
	spin_unlock_irqrestore(&e->lock, flags);
}

static struct irq_chip emu_irq_chip = {
	.name = EMU_NAME,
	.irq_mask = emu_irq_mask,
	.irq_unmask = emu_irq_unmask,
};

static int emu_irq_map(struct irq_domain *d, unsigned int virq,
		       irq_hw_number_t hw)
{
	irq_set_chip_data(virq, d->host_data);
	irq_set_chip_and_handler(virq, &emu_irq_chip, handle_simple_irq);
	return 0;
}

static const struct irq_domain_ops emu_irq_domain_ops = {
	.map = emu_irq_map,
};

/* The chip model; every function below is called with e->lock held */

static void emu_chip_reset(struct si321x_emu *e)
{
	memset(e->direct, 0, sizeof(e->direct));
	memset(e->indirect, 0, sizeof(e->indirect));
	e->ida_written = false;
	e->ind_busy = 0;
	e->cal_left = 0;
	e->dcdc_cal_left = 0;
	e->have_cmd = false;
	switch (e->chip) {
	case EMU_SI3215:
		e->direct[R_PCM] = PCM_SI3215;
		fallthrough;
	case EMU_SI3210:
		e->direct[R_ID] = 0x05;		/* part 0, revision 5 */
		e->direct[R_LOOPBACK] = 0x02;
		e->direct[R_HYBRID] = 0x33;
		e->direct[R_PWRDOWN1] = PWRDOWN1_DCDC;
		break;
	case EMU_OTHER:
		e->direct[R_ID] = 0x03;		/* a revision, nothing else */
		break;
	default:
		break;
	}
}

/* Loop current flows unless the line is open; ringing trips on it */
static void emu_update_loop(struct si321x_emu *e)
{
	u8 lf = e->direct[R_LINEFEED] & 0x07;
	bool lcr;

	if (lf == LF_RINGING && e->offhook) {
		/* Automatic ring trip (register 67) ends ringing */
		e->direct[R_LOOP] |= LOOP_RTP;
		e->direct[R_STATUS2] |= STATUS2_RTIP;
		lf = LF_ACTIVE_FWD;
		e->direct[R_LINEFEED] = lf << 4 | lf;
	}
	if (!e->offhook)
		e->direct[R_LOOP] &= ~LOOP_RTP;
	lcr = e->offhook && lf != LF_OPEN && lf != LF_RINGING;
	if (lcr != !!(e->direct[R_LOOP] & LOOP_LCR)) {
		e->direct[R_LOOP] ^= LOOP_LCR;
		e->direct[R_STATUS2] |= STATUS2_LCIP;
	}
	emu_update_int(e);
}

static void emu_power_alarm(struct si321x_emu *e)
{
	e->alarms++;
	e->direct[R_STATUS2] |= STATUS2_Q1AP;
	if (e->direct[R_AUTO] & AUTO_AOPN)
		e->direct[R_LINEFEED] = LF_OPEN;
	emu_update_loop(e);
}

static bool emu_chip_answers(struct si321x_emu *e)
{
	return e->chip != EMU_NONE && e->chip != EMU_STUCK_LOW;
}

static u8 emu_reg_read(struct si321x_emu *e, u8 reg)
{
	if (!emu_chip_answers(e))
		return e->chip == EMU_NONE ? 0xff : 0x00;
	switch (reg) {
	case R_IAS:
		if (e->ind_busy) {
			e->ind_busy--;
			return 0x01;
		}
		return 0;
	case R_CAL1:
		if (e->direct[R_CAL1] && !e->cal_left--)
			e->direct[R_CAL1] = 0;
		return e->direct[R_CAL1];
	case R_DCDC:
		if ((e->direct[R_DCDC] & DCDC_CAL) && !e->dcdc_cal_left--) {
			e->direct[R_DCDC] &= ~DCDC_CAL;
			e->direct[R_DC_PEAK_CAL] = 0x08;
		}
		return e->direct[R_DCDC];
	case R_VBAT_SENSE:
		return e->direct[R_PWRDOWN1] & PWRDOWN1_DCDC ? 0 : VBAT_UP;
	default:
		return reg < EMU_DIRECT_NUM ? e->direct[reg] : 0;
	}
}

static void emu_reg_write(struct si321x_emu *e, u8 reg, u8 val)
{
	u8 addr;

	if (!emu_chip_answers(e) || e->chip == EMU_OTHER)
		return;
	switch (reg) {
	case R_ID:
	case R_IAS:
	case R_LOOP:
	case R_VBAT_SENSE:
		break;			/* read only */
	case R_PCM:
		e->direct[R_PCM] = (e->direct[R_PCM] & PCM_SI3215) |
				   (val & ~PCM_SI3215);
		break;
	case R_STATUS1:
	case R_STATUS2:
	case R_STATUS3:
		e->direct[reg] &= ~val;	/* write 1 to clear */
		emu_update_int(e);
		break;
	case R_ENABLE1:
	case R_ENABLE2:
	case R_ENABLE3:
		e->direct[reg] = val;
		emu_update_int(e);
		break;
	case R_IDA_LO:
	case R_IDA_HI:
		e->direct[reg] = val;
		e->ida_written = true;
		break;
	case R_IAA:
		/* Fresh data makes it a write; the address alone, a read */
		e->direct[reg] = val;
		addr = val & (EMU_INDIRECT_NUM - 1);
		if (e->ida_written)
			e->indirect[addr] = e->direct[R_IDA_HI] << 8 |
					    e->direct[R_IDA_LO];
		e->direct[R_IDA_LO] = e->indirect[addr] & 0xff;
		e->direct[R_IDA_HI] = e->indirect[addr] >> 8;
		e->ida_written = false;
		e->ind_busy = EMU_IND_BUSY_READS;
		break;
	case R_LINEFEED:
		val &= 0x07;
		/* Full log: the test that reads it has what it needs */
		if (e->lf_log_len < EMU_LF_LOG_LEN &&
		    (!e->lf_log_len ||
		     e->lf_log[e->lf_log_len - 1].lf != val)) {
			e->lf_log[e->lf_log_len].ns = ktime_get_ns();
			e->lf_log[e->lf_log_len].lf = val;
			e->lf_log_len++;
		}
		e->direct[reg] = val << 4 | val;	/* LFS follows LF */
		if (val == LF_RINGING)
			e->ring_writes++;
		emu_update_loop(e);
		break;
	case R_CAL1:
		e->direct[reg] = val;
		e->cal_left = EMU_CAL_READS;
		break;
	case R_DCDC:
		e->direct[reg] = val;
		e->dcdc_cal_left = EMU_CAL_READS;
		break;
	default:
		if (reg < EMU_DIRECT_NUM)
			e->direct[reg] = val;
		break;
	}
}

/* One byte on the wire: command byte, then data byte, each its own frame */
static u8 emu_byte(struct si321x_emu *e, struct spi_device *spi, u8 tx)
{
	u8 reg;

	if ((spi->mode & SPI_MODE_X_MASK) != SPI_MODE_3) {
		e->mode_errors++;	/* the chip samples garbage */
		return 0xff;
	}
	if (!e->cs_active || ++e->frame_bytes > 1) {
		e->cs_errors++;		/* the chip ignores the byte */
		return 0xff;
	}
	if (!e->have_cmd) {
		e->cmd = tx;
		e->have_cmd = true;
		return 0xff;
	}
	e->have_cmd = false;
	e->accesses++;
	reg = e->cmd & 0x7f;
	if (e->cmd & 0x80)
		return emu_reg_read(e, reg);
	emu_reg_write(e, reg, tx);
	return 0xff;
}

static void emu_set_cs(struct spi_device *spi, bool level)
{
	struct si321x_emu *e = spi_controller_get_devdata(spi->controller);
	bool active = level == !!(spi->mode & SPI_CS_HIGH);
	unsigned long flags;

	spin_lock_irqsave(&e->lock, flags);
	if (active && !e->cs_active)
		e->frame_bytes = 0;
	e->cs_active = active;
	spin_unlock_irqrestore(&e->lock, flags);
}

static int emu_transfer_one(struct spi_controller *ctlr,
			    struct spi_device *spi, struct spi_transfer *xfer)
{
	struct si321x_emu *e = spi_controller_get_devdata(ctlr);
	const u8 *tx = xfer->tx_buf;
	u8 *rx = xfer->rx_buf;
	unsigned long flags;
	unsigned int i;
	u8 out;

	spin_lock_irqsave(&e->lock, flags);
	for (i = 0; i < xfer->len; i++) {
		out = emu_byte(e, spi, tx ? tx[i] : 0);
		if (rx)
			rx[i] = out;
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return 0;
}

/* Adding and removing the SPI device */

static int emu_device_add(struct si321x_emu *e)
{
	struct spi_board_info info = {
		.max_speed_hz = 1000000,
		.chip_select = 0,
		.mode = SPI_MODE_3,
	};
	struct property_entry *p = e->props;
	unsigned long flags;

	if (e->spi)
		return -EBUSY;
	memset(e->props, 0, sizeof(e->props));
	*p++ = PROPERTY_ENTRY_STRING("compatible", e->compatible);
	if (e->label[0])
		*p++ = PROPERTY_ENTRY_STRING("label", e->label);
	if (e->ring_hz)
		*p++ = PROPERTY_ENTRY_U32("silabs,ring-frequency-hz",
					  e->ring_hz);
	if (e->ring_uv)
		*p++ = PROPERTY_ENTRY_U32("silabs,ring-voltage-microvolt",
					  e->ring_uv);
	memset(&e->swnode, 0, sizeof(e->swnode));
	/* Newer kernels name an SPI device after its software node */
	e->swnode.name = "slic0";
	e->swnode.properties = e->props;
	info.swnode = &e->swnode;
	strscpy(info.modalias, e->modalias, sizeof(info.modalias));
	info.irq = e->use_irq ? e->virq : 0;

	spin_lock_irqsave(&e->lock, flags);
	e->chip = e->identity;
	emu_chip_reset(e);
	e->offhook = false;
	e->present = true;
	spin_unlock_irqrestore(&e->lock, flags);

	e->spi = spi_new_device(e->ctlr, &info);
	if (!e->spi) {
		spin_lock_irqsave(&e->lock, flags);
		e->present = false;
		spin_unlock_irqrestore(&e->lock, flags);
		return -EIO;
	}
	return 0;
}

static void emu_device_remove(struct si321x_emu *e)
{
	unsigned long flags;

	if (!e->spi)
		return;
	spi_unregister_device(e->spi);
	e->spi = NULL;
	spin_lock_irqsave(&e->lock, flags);
	e->present = false;
	spin_unlock_irqrestore(&e->lock, flags);
	irq_work_sync(&e->irq_work);
}

/* debugfs */

static int emu_parse_identity(const char *s)
{
	return sysfs_match_string(emu_identity_names, s);
}

static ssize_t emu_read_string(char __user *ubuf, size_t count,
			       loff_t *ppos, const char *s)
{
	return simple_read_from_buffer(ubuf, count, ppos, s, strlen(s));
}

static int emu_get_line(const char __user *ubuf, size_t count, char *buf,
			size_t size)
{
	if (count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	return 0;
}

static ssize_t identity_read(struct file *f, char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%s\n", emu_identity_names[emu->identity]);
	return emu_read_string(ubuf, count, ppos, buf);
}

static ssize_t identity_write(struct file *f, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	char buf[16];
	int ret;

	ret = emu_get_line(ubuf, count, buf, sizeof(buf));
	if (!ret)
		ret = emu_parse_identity(buf);
	if (ret < 0)
		return ret;
	mutex_lock(&emu->cfg_lock);
	emu->identity = ret;
	mutex_unlock(&emu->cfg_lock);
	return count;
}

static const struct file_operations identity_fops = {
	.owner = THIS_MODULE,
	.read = identity_read,
	.write = identity_write,
};

/* "si3210" or "si3215": the SPI id and compatible the device declares */
static ssize_t compatible_read(struct file *f, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char buf[SPI_NAME_SIZE + 1];

	snprintf(buf, sizeof(buf), "%s\n", emu->modalias);
	return emu_read_string(ubuf, count, ppos, buf);
}

static ssize_t compatible_write(struct file *f, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char buf[16];
	int ret;

	ret = emu_get_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (strcmp(buf, "si3210") && strcmp(buf, "si3215"))
		return -EINVAL;
	mutex_lock(&emu->cfg_lock);
	strscpy(emu->modalias, buf, sizeof(emu->modalias));
	snprintf(emu->compatible, sizeof(emu->compatible), "silabs,%s", buf);
	mutex_unlock(&emu->cfg_lock);
	return count;
}

static const struct file_operations compatible_fops = {
	.owner = THIS_MODULE,
	.read = compatible_read,
	.write = compatible_write,
};

static ssize_t label_read(struct file *f, char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	char buf[sizeof(emu->label) + 1];

	snprintf(buf, sizeof(buf), "%s\n", emu->label);
	return emu_read_string(ubuf, count, ppos, buf);
}

static ssize_t label_write(struct file *f, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char buf[sizeof(emu->label)];
	int ret;

	ret = emu_get_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	mutex_lock(&emu->cfg_lock);
	strscpy(emu->label, buf, sizeof(emu->label));
	mutex_unlock(&emu->cfg_lock);
	return count;
}

static const struct file_operations label_fops = {
	.owner = THIS_MODULE,
	.read = label_read,
	.write = label_write,
};

/* "add" or "remove"; reads "present spiB.C" or "absent" */
static ssize_t device_read(struct file *f, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	char buf[64];

	mutex_lock(&emu->cfg_lock);
	if (emu->spi)
		snprintf(buf, sizeof(buf), "present %s\n",
			 dev_name(&emu->spi->dev));
	else
		snprintf(buf, sizeof(buf), "absent\n");
	mutex_unlock(&emu->cfg_lock);
	return emu_read_string(ubuf, count, ppos, buf);
}

static ssize_t device_write(struct file *f, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	char buf[16];
	int ret;

	ret = emu_get_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	mutex_lock(&emu->cfg_lock);
	if (!strcmp(buf, "add"))
		ret = emu_device_add(emu);
	else if (!strcmp(buf, "remove"))
		emu_device_remove(emu);
	else
		ret = -EINVAL;
	mutex_unlock(&emu->cfg_lock);
	return ret ? ret : count;
}

static const struct file_operations device_fops = {
	.owner = THIS_MODULE,
	.read = device_read,
	.write = device_write,
};

/* 1: the handset is off hook (loop closed); 0: on hook */
static ssize_t hook_read(struct file *f, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	return emu_read_string(ubuf, count, ppos, emu->offhook ? "1\n" : "0\n");
}

static ssize_t hook_write(struct file *f, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	unsigned long flags;
	bool offhook;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &offhook);
	if (ret)
		return ret;
	spin_lock_irqsave(&emu->lock, flags);
	emu->offhook = offhook;
	emu_update_loop(emu);
	spin_unlock_irqrestore(&emu->lock, flags);
	return count;
}

static const struct file_operations hook_fops = {
	.owner = THIS_MODULE,
	.read = hook_read,
	.write = hook_write,
};

static ssize_t power_alarm_write(struct file *f, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	unsigned long flags;
	bool raise;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &raise);
	if (ret)
		return ret;
	if (raise) {
		spin_lock_irqsave(&emu->lock, flags);
		emu_power_alarm(emu);
		spin_unlock_irqrestore(&emu->lock, flags);
	}
	return count;
}

static const struct file_operations power_alarm_fops = {
	.owner = THIS_MODULE,
	.write = power_alarm_write,
};

/* Register files show storage, without the side effects of a bus read */
static int direct_show(struct seq_file *s, void *unused)
{
	u8 regs[EMU_DIRECT_NUM];
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&emu->lock, flags);
	memcpy(regs, emu->direct, sizeof(regs));
	spin_unlock_irqrestore(&emu->lock, flags);
	for (i = 0; i < EMU_DIRECT_NUM; i++)
		seq_printf(s, "%u 0x%02x\n", i, regs[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(direct);

static int indirect_show(struct seq_file *s, void *unused)
{
	u16 regs[EMU_INDIRECT_NUM];
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&emu->lock, flags);
	memcpy(regs, emu->indirect, sizeof(regs));
	spin_unlock_irqrestore(&emu->lock, flags);
	for (i = 0; i < EMU_INDIRECT_NUM; i++)
		seq_printf(s, "%u 0x%04x\n", i, regs[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(indirect);

static int stats_show(struct seq_file *s, void *unused)
{
	unsigned long flags;
	u64 v[6];

	spin_lock_irqsave(&emu->lock, flags);
	v[0] = emu->accesses;
	v[1] = emu->cs_errors;
	v[2] = emu->mode_errors;
	v[3] = emu->irqs;
	v[4] = emu->ring_writes;
	v[5] = emu->alarms;
	spin_unlock_irqrestore(&emu->lock, flags);
	seq_printf(s, "accesses %llu\ncs_errors %llu\nmode_errors %llu\n",
		   v[0], v[1], v[2]);
	seq_printf(s, "irqs %llu\nring_writes %llu\nalarms %llu\n",
		   v[3], v[4], v[5]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/* "<ktime ns> <LF>" per linefeed change; any write empties the log */
static int linefeed_log_show(struct seq_file *s, void *unused)
{
	unsigned long flags;
	unsigned int i, n;
	u64 ns;
	u8 lf;

	spin_lock_irqsave(&emu->lock, flags);
	n = emu->lf_log_len;
	spin_unlock_irqrestore(&emu->lock, flags);
	for (i = 0; i < n; i++) {
		spin_lock_irqsave(&emu->lock, flags);
		ns = emu->lf_log[i].ns;
		lf = emu->lf_log[i].lf;
		spin_unlock_irqrestore(&emu->lock, flags);
		seq_printf(s, "%llu %u\n", ns, lf);
	}
	return 0;
}

static int linefeed_log_open(struct inode *inode, struct file *file)
{
	return single_open(file, linefeed_log_show, inode->i_private);
}

static ssize_t linefeed_log_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	unsigned long flags;

	spin_lock_irqsave(&emu->lock, flags);
	emu->lf_log_len = 0;
	spin_unlock_irqrestore(&emu->lock, flags);
	return count;
}

static const struct file_operations linefeed_log_fops = {
	.owner = THIS_MODULE,
	.open = linefeed_log_open,
	.read = seq_read,
	.write = linefeed_log_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void emu_debugfs_init(struct si321x_emu *e)
{
	e->dir = debugfs_create_dir(EMU_NAME, NULL);
	debugfs_create_file("identity", 0600, e->dir, NULL, &identity_fops);
	debugfs_create_file("compatible", 0600, e->dir, NULL,
			    &compatible_fops);
	debugfs_create_file("label", 0600, e->dir, NULL, &label_fops);
	debugfs_create_bool("irq", 0600, e->dir, &e->use_irq);
	debugfs_create_u32("ring_frequency_hz", 0600, e->dir, &e->ring_hz);
	debugfs_create_u32("ring_voltage_microvolt", 0600, e->dir,
			   &e->ring_uv);
	debugfs_create_file("device", 0600, e->dir, NULL, &device_fops);
	debugfs_create_file("hook", 0600, e->dir, NULL, &hook_fops);
	debugfs_create_file("power_alarm", 0200, e->dir, NULL,
			    &power_alarm_fops);
	debugfs_create_file("direct", 0400, e->dir, NULL, &direct_fops);
	debugfs_create_file("indirect", 0400, e->dir, NULL, &indirect_fops);
	debugfs_create_file("stats", 0400, e->dir, NULL, &stats_fops);
	debugfs_create_file("linefeed_log", 0600, e->dir, NULL,
			    &linefeed_log_fops);
}

static int __init si321x_emu_init(void)
{
	struct spi_controller *ctlr;
	int ret;

	emu = kzalloc(sizeof(*emu), GFP_KERNEL);
	if (!emu)
		return -ENOMEM;
	spin_lock_init(&emu->lock);
	mutex_init(&emu->cfg_lock);
	init_irq_work(&emu->irq_work, emu_irq_work);
	emu->identity = EMU_SI3215;
	strscpy(emu->modalias, "si3215", sizeof(emu->modalias));
	strscpy(emu->compatible, "silabs,si3215", sizeof(emu->compatible));
	emu->use_irq = true;

	emu->pdev = platform_device_register_simple(EMU_NAME,
						    PLATFORM_DEVID_NONE,
						    NULL, 0);
	if (IS_ERR(emu->pdev)) {
		ret = PTR_ERR(emu->pdev);
		goto err_free;
	}

	emu->irq_fwnode = irq_domain_alloc_named_fwnode(EMU_NAME);
	if (!emu->irq_fwnode) {
		ret = -ENOMEM;
		goto err_pdev;
	}
	emu->domain = irq_domain_create_linear(emu->irq_fwnode, 1,
					       &emu_irq_domain_ops, emu);
	if (!emu->domain) {
		ret = -ENOMEM;
		goto err_fwnode;
	}
	emu->virq = irq_create_mapping(emu->domain, 0);
	if (!emu->virq) {
		ret = -ENOMEM;
		goto err_domain;
	}

	ctlr = spi_alloc_host(&emu->pdev->dev, 0);
	if (!ctlr) {
		ret = -ENOMEM;
		goto err_mapping;
	}
	ctlr->bus_num = -1;
	ctlr->num_chipselect = 1;
	ctlr->mode_bits = SPI_CPOL | SPI_CPHA | SPI_CS_HIGH;
	ctlr->bits_per_word_mask = SPI_BPW_MASK(8);
	ctlr->max_speed_hz = EMU_MAX_HZ;
	ctlr->set_cs = emu_set_cs;
	ctlr->transfer_one = emu_transfer_one;
	spi_controller_set_devdata(ctlr, emu);
	ret = spi_register_controller(ctlr);
	if (ret) {
		spi_controller_put(ctlr);
		goto err_mapping;
	}
	emu->ctlr = ctlr;

	emu_debugfs_init(emu);
	return 0;

err_mapping:
	irq_dispose_mapping(emu->virq);
err_domain:
	irq_domain_remove(emu->domain);
err_fwnode:
	irq_domain_free_fwnode(emu->irq_fwnode);
err_pdev:
	platform_device_unregister(emu->pdev);
err_free:
	kfree(emu);
	return ret;
}
module_init(si321x_emu_init);

static void __exit si321x_emu_exit(void)
{
	debugfs_remove_recursive(emu->dir);
	mutex_lock(&emu->cfg_lock);
	emu_device_remove(emu);
	mutex_unlock(&emu->cfg_lock);
	spi_unregister_controller(emu->ctlr);
	irq_work_sync(&emu->irq_work);
	irq_dispose_mapping(emu->virq);
	irq_domain_remove(emu->domain);
	irq_domain_free_fwnode(emu->irq_fwnode);
	platform_device_unregister(emu->pdev);
	kfree(emu);
}
module_exit(si321x_emu_exit);

MODULE_DESCRIPTION("Test-only Si3210/Si3215 ProSLIC emulation behind an SPI controller");
MODULE_LICENSE("GPL");
