/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hook_rules.c - builds the kernel's hook timing source (kernel/fxs_hook.c,
 * the very file fxs.ko is built from) into handsetd.  Only
 * fxs_hook_timing_check() and fxs_hook_default_timing() are used: a copy
 * of the rules would drift from the kernel's.
 */
#include "hook_rules.h"
#include "../../kernel/fxs_hook.c"
