/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hook-types.h - the kernel integer types kernel/fxs_hook.c uses, for its
 * userspace build (the unit test compiles the kernel's own source file).
 */
#ifndef HOOK_TYPES_H
#define HOOK_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;

#endif
