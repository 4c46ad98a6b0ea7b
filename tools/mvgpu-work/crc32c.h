/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC32C (Castagnoli, reflected polynomial 0x82f63b78), as the GPU's
 * CRC32C command computes it: initial value ~0, result inverted.
 */
#ifndef MVGPU_WORK_CRC32C_H
#define MVGPU_WORK_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* CRC32C of @len bytes at @buf; crc32c("123456789", 9) == 0xe3069283. */
uint32_t crc32c(const void *buf, size_t len);

#endif /* MVGPU_WORK_CRC32C_H */
