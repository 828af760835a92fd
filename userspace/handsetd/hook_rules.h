/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hook_rules.h - the kernel's own hook timing rules (kernel/fxs_hook.h and
 * kernel/fxs_hook.c, compiled into handsetd by hook_rules.c), so that the
 * configuration refuses exactly the timing windows the fxs core would
 * refuse, with the core's own words, and starts from the core's defaults.
 */
#ifndef HANDSETD_HOOK_RULES_H
#define HANDSETD_HOOK_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* The kernel integer types fxs_hook.h uses, for this userspace build. */
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;

/* and NULL, which the kernel gets from linux/kernel.h */
#include <stddef.h>

#define FXS_HOOK_USER_TYPES <stdint.h>
#include "../../kernel/fxs_hook.h"

#endif
