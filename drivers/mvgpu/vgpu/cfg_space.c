// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI config space emulation of a vGPU.
 *
 * The space is three byte arrays: the contents, the bits software may write
 * and the bits a written 1 clears.  Every access, of any size at any offset,
 * goes byte by byte through those masks, so that read-only fields keep their
 * values and the BAR sizing handshake falls out of the BARs' write masks.
 */
#include <linux/errno.h>
#include <linux/pci_regs.h>
#include <linux/string.h>

#include "cfg_space.h"

static void cfg_put(u8 *arr, unsigned int off, u32 val, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		arr[off + i] = val >> (8 * i);
}

static u32 cfg_get(const u8 *arr, unsigned int off, unsigned int len)
{
	u32 val = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		val |= (u32)arr[off + i] << (8 * i);
	return val;
}

/* Writable bits of a memory BAR of @size bytes (a power of two). */
static u32 cfg_bar_wmask(u64 size)
{
	return (u32)~(size - 1) & PCI_BASE_ADDRESS_MEM_MASK;
}

/**
 * mvgpu_cfg_init() - build the config space of a vGPU
 * @cfg: the config space
 * @subsys_id: PCI subsystem device ID
 * @bar0_size: size of the register BAR, a power of two
 * @bar2_size: size of the memory BAR, a power of two below 4 GiB
 */
void mvgpu_cfg_init(struct mvgpu_cfg *cfg, u16 subsys_id, u32 bar0_size,
		    u64 bar2_size)
{
	const unsigned int msi = MVGPU_PCI_MSI_CAP, af = MVGPU_PCI_AF_CAP;
	u8 *d = cfg->reset;

	memset(cfg, 0, sizeof(*cfg));
	cfg_put(d, PCI_VENDOR_ID, MVGPU_PCI_VENDOR_ID, 2);
	cfg_put(d, PCI_DEVICE_ID, MVGPU_PCI_DEVICE_ID_VGPU, 2);
	cfg_put(d, PCI_STATUS, PCI_STATUS_CAP_LIST, 2);
	cfg_put(d, PCI_CLASS_REVISION,
		MVGPU_PCI_CLASS << 8 | MVGPU_PCI_REVISION, 4);
	cfg_put(d, PCI_HEADER_TYPE, PCI_HEADER_TYPE_NORMAL, 1);
	cfg_put(d, PCI_BASE_ADDRESS_0, PCI_BASE_ADDRESS_SPACE_MEMORY |
		PCI_BASE_ADDRESS_MEM_TYPE_32, 4);
	cfg_put(d, PCI_BASE_ADDRESS_2, PCI_BASE_ADDRESS_SPACE_MEMORY |
		PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH, 4);
	cfg_put(d, PCI_SUBSYSTEM_VENDOR_ID, MVGPU_PCI_SUBVENDOR_ID, 2);
	cfg_put(d, PCI_SUBSYSTEM_ID, subsys_id, 2);
	cfg_put(d, PCI_CAPABILITY_LIST, msi, 1);
	cfg_put(d, PCI_INTERRUPT_PIN, 1, 1);
	/* MSI: one vector, 64-bit address. */
	cfg_put(d, msi + PCI_CAP_LIST_ID, PCI_CAP_ID_MSI, 1);
	cfg_put(d, msi + PCI_CAP_LIST_NEXT, af, 1);
	cfg_put(d, msi + PCI_MSI_FLAGS, PCI_MSI_FLAGS_64BIT, 2);
	/* Advanced Features, the last: FLR (PCI_AF_CTRL_FLR reads 0). */
	cfg_put(d, af + PCI_CAP_LIST_ID, PCI_CAP_ID_AF, 1);
	cfg_put(d, af + PCI_CAP_LIST_NEXT, 0, 1);
	cfg_put(d, af + PCI_AF_LENGTH, PCI_CAP_AF_SIZEOF, 1);
	cfg_put(d, af + PCI_AF_CAP, PCI_AF_CAP_TP | PCI_AF_CAP_FLR, 1);

	cfg_put(cfg->wmask, PCI_COMMAND, PCI_COMMAND_MEMORY |
		PCI_COMMAND_MASTER | PCI_COMMAND_PARITY | PCI_COMMAND_SERR |
		PCI_COMMAND_INTX_DISABLE, 2);
	cfg_put(cfg->w1cmask, PCI_STATUS, PCI_STATUS_PARITY |
		PCI_STATUS_SIG_TARGET_ABORT | PCI_STATUS_REC_TARGET_ABORT |
		PCI_STATUS_REC_MASTER_ABORT | PCI_STATUS_SIG_SYSTEM_ERROR |
		PCI_STATUS_DETECTED_PARITY, 2);
	cfg_put(cfg->wmask, PCI_CACHE_LINE_SIZE, 0xff, 1);
	cfg_put(cfg->wmask, PCI_LATENCY_TIMER, 0xff, 1);
	cfg_put(cfg->wmask, PCI_BASE_ADDRESS_0, cfg_bar_wmask(bar0_size), 4);
	cfg_put(cfg->wmask, PCI_BASE_ADDRESS_2, cfg_bar_wmask(bar2_size), 4);
	cfg_put(cfg->wmask, PCI_BASE_ADDRESS_3, 0xffffffff, 4);
	cfg_put(cfg->wmask, PCI_INTERRUPT_LINE, 0xff, 1);
	cfg_put(cfg->wmask, msi + PCI_MSI_FLAGS, PCI_MSI_FLAGS_ENABLE, 2);
	cfg_put(cfg->wmask, msi + PCI_MSI_ADDRESS_LO, 0xfffffffc, 4);
	cfg_put(cfg->wmask, msi + PCI_MSI_ADDRESS_HI, 0xffffffff, 4);
	cfg_put(cfg->wmask, msi + PCI_MSI_DATA_64, 0xffff, 2);

	mvgpu_cfg_reset(cfg);
}

/**
 * mvgpu_cfg_reset() - return config space to its power-on contents
 * @cfg: the config space
 */
void mvgpu_cfg_reset(struct mvgpu_cfg *cfg)
{
	memcpy(cfg->data, cfg->reset, sizeof(cfg->data));
}

static int cfg_check(unsigned int off, unsigned int count)
{
	if (!count || off >= MVGPU_PCI_CFG_SIZE ||
	    count > MVGPU_PCI_CFG_SIZE - off)
		return -EINVAL;
	return 0;
}

/**
 * mvgpu_cfg_read() - read config space
 * @cfg: the config space
 * @off: byte offset
 * @buf: where to copy the bytes
 * @count: number of bytes; any size, any alignment
 *
 * Return: 0, or -EINVAL when the range leaves config space.
 */
int mvgpu_cfg_read(const struct mvgpu_cfg *cfg, unsigned int off, void *buf,
		   unsigned int count)
{
	int ret = cfg_check(off, count);

	if (!ret)
		memcpy(buf, cfg->data + off, count);
	return ret;
}

/**
 * mvgpu_cfg_write() - write config space
 * @cfg: the config space
 * @off: byte offset
 * @buf: the bytes to write
 * @count: number of bytes; any size, any alignment
 *
 * Read-only bits keep their values, write-1-to-clear bits clear.
 *
 * Return: 0, or -EINVAL when the range leaves config space.
 */
int mvgpu_cfg_write(struct mvgpu_cfg *cfg, unsigned int off, const void *buf,
		    unsigned int count)
{
	const u8 *src = buf;
	unsigned int i, o;
	int ret = cfg_check(off, count);

	if (ret)
		return ret;
	for (i = 0; i < count; i++) {
		o = off + i;
		cfg->data[o] = (cfg->data[o] & ~cfg->wmask[o]) |
			       (src[i] & cfg->wmask[o]);
		cfg->data[o] &= ~(src[i] & cfg->w1cmask[o]);
	}
	return 0;
}

/**
 * mvgpu_cfg_flr() - does a config write start a function-level reset
 * @off: byte offset of the write
 * @buf: the bytes written
 * @count: number of bytes
 *
 * Return: true when it writes PCI_AF_CTRL_FLR to the AF capability's
 * control register (which keeps reading 0: the bit starts the reset).
 */
bool mvgpu_cfg_flr(unsigned int off, const void *buf, unsigned int count)
{
	const unsigned int ctrl = MVGPU_PCI_AF_CAP + PCI_AF_CTRL;

	if (cfg_check(off, count) || off > ctrl || off + count <= ctrl)
		return false;
	return ((const u8 *)buf)[ctrl - off] & PCI_AF_CTRL_FLR;
}

/**
 * mvgpu_cfg_read16() - read a config space word
 * @cfg: the config space
 * @off: byte offset, at most MVGPU_PCI_CFG_SIZE - 2
 *
 * Return: the little-endian word at @off.
 */
u16 mvgpu_cfg_read16(const struct mvgpu_cfg *cfg, unsigned int off)
{
	return cfg_get(cfg->data, off, 2);
}

/**
 * mvgpu_cfg_read32() - read a config space dword
 * @cfg: the config space
 * @off: byte offset, at most MVGPU_PCI_CFG_SIZE - 4
 *
 * Return: the little-endian dword at @off.
 */
u32 mvgpu_cfg_read32(const struct mvgpu_cfg *cfg, unsigned int off)
{
	return cfg_get(cfg->data, off, 4);
}

/**
 * mvgpu_cfg_intx_disabled() - has the guest disabled INTx?
 * @cfg: the config space
 *
 * Return: true when the command register's INTx-disable bit is set.
 */
bool mvgpu_cfg_intx_disabled(const struct mvgpu_cfg *cfg)
{
	return mvgpu_cfg_read16(cfg, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
}
