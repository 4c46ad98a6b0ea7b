// SPDX-License-Identifier: GPL-2.0-only
/*
 * CRC32C on the CPU, to check the GPU: slicing by 4 over a table built at
 * first use.
 */
#include "crc32c.h"

#define CRC32C_POLY	0x82f63b78u

static uint32_t crc_table[4][256];
static int crc_ready;

static void crc_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ CRC32C_POLY : c >> 1;
		crc_table[0][i] = c;
	}
	for (i = 0; i < 256; i++) {
		c = crc_table[0][i];
		for (k = 1; k < 4; k++) {
			c = (c >> 8) ^ crc_table[0][c & 0xff];
			crc_table[k][i] = c;
		}
	}
	crc_ready = 1;
}

uint32_t crc32c(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = ~0u;

	if (!crc_ready)
		crc_init();
	for (; len >= 4; len -= 4, p += 4) {
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		crc = crc_table[3][crc & 0xff] ^
		      crc_table[2][(crc >> 8) & 0xff] ^
		      crc_table[1][(crc >> 16) & 0xff] ^
		      crc_table[0][crc >> 24];
	}
	while (len--)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}
