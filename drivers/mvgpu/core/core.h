/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mvgpu core: internal interfaces of mvgpu.ko, grouped by file.
 *
 * bus.c   the mvgpu bus and its devices
 * main.c  probe and removal of GPUs, clients, GTT flush
 */
#ifndef MVGPU_CORE_INTERNAL_H
#define MVGPU_CORE_INTERNAL_H

#include <mvgpu/mvgpu_core.h>

/* The render node (drivers/mvgpu/drm/), the core's built-in client. */
extern struct mvgpu_client mvgpu_drm_client;

#endif /* MVGPU_CORE_INTERNAL_H */
