/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxs_sim.h - what the parts of fxs_sim.ko share: a simulated port and the
 * group it belongs to.  fxs_sim_main.c makes groups and their ports,
 * fxs_sim_line.c is the chip the core drives and the phone on the line,
 * fxs_sim_ctl.c the debugfs files a test plays the phone with.
 */
#ifndef FXS_SIM_H
#define FXS_SIM_H

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "fxs.h"

struct dentry;
struct platform_device;

#define SIM_DRV_NAME		"fxs_sim"
/* Enough for any test; bounds what one write can make the kernel hold. */
#define SIM_MAX_PORTS		256
#define SIM_MAX_STEPS		512
#define SIM_MAX_STEP_MS		600000
#define SIM_RING_LOG_LEN	64
#define SIM_IDENTITY_MAX	20
#define SIM_DEFAULT_IDENTITY	"SIM0001"

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

/* fxs_sim_main.c: the root of the debugfs tree */
extern struct dentry *sim_debugfs;

/* fxs_sim_line.c: the chip and the phone */
extern const struct fxs_port_ops sim_port_ops;
enum hrtimer_restart sim_step_timer(struct hrtimer *timer);
struct sim_step *sim_stop_sequence(struct sim_port *sp);
void sim_set_hook(struct sim_port *sp, bool offhook);
void sim_start_sequence(struct sim_port *sp, struct sim_step *steps,
			unsigned int nsteps, bool loop);

/* fxs_sim_ctl.c: the per-port control files and their parsing */
char *sim_next_token(char **cur);
void sim_port_debugfs_init(struct sim_port *sp);

#endif
