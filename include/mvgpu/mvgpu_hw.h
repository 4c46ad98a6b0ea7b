/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mvgpu hardware definitions: the single source of truth for the emulated
 * GPU's identity, register map and memory layout, and for the vGPU PCI
 * function the host driver presents to a virtual machine.
 *
 * This header holds only macros, constant tables and a helper in plain C,
 * so that the kernel modules, the guest driver and the userspace tests
 * include it unchanged.  The programming
 * manual is Documentation/hardware.rst.
 */
#ifndef MVGPU_HW_H
#define MVGPU_HW_H

#include <linux/const.h>
#ifdef __KERNEL__
#include <linux/stddef.h>
#else
#include <stddef.h>
#endif

/* ------------------------------------------------------------------ */
/* PCI identity of a vGPU function                                     */
/* ------------------------------------------------------------------ */

/*
 * 0x1234 is not assigned by the PCI-SIG; QEMU's emulated devices use it too.
 * mvgpu uses device IDs 0x4d47 ("MG", the GPU) and 0x4d56 ("MV", a vGPU).
 * The subsystem device ID of a vGPU is the number of slices its type owns,
 * so a guest can tell the profile apart without reading BAR0.
 */
#define MVGPU_PCI_VENDOR_ID		0x1234
#define MVGPU_PCI_DEVICE_ID_GPU		0x4d47
#define MVGPU_PCI_DEVICE_ID_VGPU	0x4d56
#define MVGPU_PCI_SUBVENDOR_ID		0x1234
#define MVGPU_PCI_REVISION		0x01
/* Display controller, "other" sub-class: no legacy VGA ranges. */
#define MVGPU_PCI_CLASS			0x038000

#define MVGPU_PCI_CFG_SIZE		0x100
/* Offset of the MSI capability in config space. */
#define MVGPU_PCI_MSI_CAP		0x60
/*
 * Offset of the Advanced Features capability (after MSI, the last one):
 * function-level reset (PCI_AF_CAP_FLR and _TP); writing PCI_AF_CTRL_FLR
 * resets the vGPU as VFIO_DEVICE_RESET does.  A vGPU has no transaction
 * pending: PCI_AF_STATUS reads 0.
 */
#define MVGPU_PCI_AF_CAP		0x70

/* ------------------------------------------------------------------ */
/* BAR layout                                                          */
/* ------------------------------------------------------------------ */

/* BAR0: 32-bit non-prefetchable MMIO: registers, then the GTT. */
#define MVGPU_BAR0_SIZE			0x200000
#define MVGPU_MMIO_REGS_SIZE		0x10000
#define MVGPU_GTT_OFFSET		0x100000
#define MVGPU_GTT_SIZE			0x100000
#define MVGPU_GTT_ENTRY_SIZE		8
#define MVGPU_GTT_ENTRIES		(MVGPU_GTT_SIZE / MVGPU_GTT_ENTRY_SIZE)
#define MVGPU_GTT_PAGE_SIZE		4096
/*
 * The GPU's own GTT is twice as large: entries below MVGPU_HOST_GTT_BASE
 * are cut into the vGPUs' slices, the rest belongs to the host driver.  Its
 * register window is MVGPU_GPU_MMIO_SIZE long.
 */
#define MVGPU_GPU_GTT_ENTRIES		(2 * MVGPU_GTT_ENTRIES)
#define MVGPU_GPU_MMIO_SIZE		(MVGPU_GTT_OFFSET + \
					 MVGPU_GPU_GTT_ENTRIES * MVGPU_GTT_ENTRY_SIZE)
#define MVGPU_HOST_GTT_BASE		MVGPU_GTT_ENTRIES
#define MVGPU_HOST_GTT_COUNT		MVGPU_GTT_ENTRIES
/* BAR2: 64-bit prefetchable window on the function's device memory. */

/* ------------------------------------------------------------------ */
/* Registers (BAR0, 32 bits each, little endian)                       */
/* ------------------------------------------------------------------ */

/* Identification block: the first thing a driver reads. */
#define MVGPU_REG_ID_MAGIC		0x0000	/* RO */
#define   MVGPU_ID_MAGIC		0x5550474d	/* "MGPU" */
#define MVGPU_REG_ID_VERSION		0x0004	/* RO: major << 16 | minor */
#define   MVGPU_ID_VERSION		0x00020000
#define MVGPU_REG_ID_DEVICE		0x0008	/* RO: PCI device ID */
#define MVGPU_REG_ID_CAPS		0x000c	/* RO */
#define   MVGPU_CAP_VIRTUAL		_BITUL(0)	/* a vGPU */
#define   MVGPU_CAP_GTT			_BITUL(1)	/* has a GTT */
#define MVGPU_REG_VRAM_SIZE_LO		0x0010	/* RO: device memory, bytes */
#define MVGPU_REG_VRAM_SIZE_HI		0x0014	/* RO */
#define MVGPU_REG_GTT_ENTRIES		0x0018	/* RO: entries in the GTT */
#define MVGPU_REG_ENGINES		0x001c	/* RO */
#define   MVGPU_ENGINES_COPY_MASK	0x000000ffu	/* copy engines */
#define   MVGPU_ENGINES_COMPUTE_SHIFT	8
#define   MVGPU_ENGINES_COMPUTE_MASK	0x0000ff00u	/* compute engines */
#define MVGPU_REG_SCRATCH(n)		(0x0020 + 4 * (n))	/* RW, n < 4 */
#define MVGPU_SCRATCH_COUNT		4
#define MVGPU_REG_GTT_BASE		0x0030	/* RO: BAR offset of the GTT */

/*
 * Display plane: scans a surface at a GPU VA, through the GTT (system
 * pages or device memory), to the display output.  The plane shows the
 * surface while PLANE_CTL.ENABLE is set and every other register holds a
 * valid value (mvgpu_plane_check()); otherwise it shows nothing and
 * PLANE_STATUS says why.  Values are taken as written; nothing is clamped.
 */
#define MVGPU_REG_PLANE_CTL		0x0400	/* RW */
#define   MVGPU_PLANE_ENABLE		_BITUL(0)
#define MVGPU_REG_PLANE_FORMAT		0x0404	/* RW: MVGPU_FORMAT_* */
#define   MVGPU_FORMAT_XRGB8888		0	/* 4 bytes: B, G, R, unused */
#define   MVGPU_FORMAT_RGB565		1	/* 2 bytes: B 4:0, G 10:5, R 15:11 */
#define MVGPU_REG_PLANE_BASE_LO		0x0408	/* RW: GPU VA, 4 KiB aligned */
#define MVGPU_REG_PLANE_BASE_HI		0x040c	/* RW */
#define MVGPU_REG_PLANE_WIDTH		0x0410	/* RW: pixels */
#define MVGPU_REG_PLANE_HEIGHT		0x0414	/* RW: lines */
#define MVGPU_REG_PLANE_STRIDE		0x0418	/* RW: bytes per line */
#define MVGPU_REG_PLANE_MAX_WIDTH	0x041c	/* RO: MVGPU_PLANE_MAX_WIDTH */
#define MVGPU_REG_PLANE_MAX_HEIGHT	0x0420	/* RO: MVGPU_PLANE_MAX_HEIGHT */
#define MVGPU_REG_PLANE_STATUS		0x0424	/* RO */
#define   MVGPU_PLANE_STATUS_ACTIVE	_BITUL(0)	/* scanning the surface */
#define   MVGPU_PLANE_STATUS_INVALID	_BITUL(1)	/* enabled, bad value */

#define MVGPU_PLANE_MAX_WIDTH		1920
#define MVGPU_PLANE_MAX_HEIGHT		1200
#define MVGPU_PLANE_BASE_ALIGN		4096
#define MVGPU_PLANE_STRIDE_ALIGN	64
#define MVGPU_PLANE_MAX_STRIDE		8192

/* Interrupts. */
#define MVGPU_REG_INT_STATUS		0x0100	/* RW1C: pending sources */
#define MVGPU_REG_INT_ENABLE		0x0104	/* RW: sources that interrupt */
#define MVGPU_REG_INT_SET		0x0108	/* WO: set status bits */
#define   MVGPU_INT_SOFTWARE		_BITUL(31)	/* raised by INT_SET */
#define   MVGPU_INT_VALID_MASK		MVGPU_INT_SOFTWARE

/* Reset. */
#define MVGPU_REG_RESET			0x0200	/* WO */
#define   MVGPU_RESET_FULL		_BITUL(0)	/* whole function */

/*
 * GTT invalidation.  Engines may keep using a translation they made before
 * a GTT entry changed until they pass a chunk boundary.  Write
 * MVGPU_GTT_FLUSH_REQ after changing entries; the register reads back
 * MVGPU_GTT_FLUSH_REQ until no engine can still use a translation made
 * before the write, then 0.  Only then may the old page be reused.
 */
#define MVGPU_REG_GTT_FLUSH		0x0204	/* RW: see above */
#define   MVGPU_GTT_FLUSH_REQ		_BITUL(0)

/*
 * vGPU information block: valid only when ID_CAPS has MVGPU_CAP_VIRTUAL.
 * It tells the guest driver which part of the GPU it owns.  All RO.
 */
#define MVGPU_VINFO_BASE		0x1000
#define MVGPU_VINFO_MAGIC		0x1000
#define   MVGPU_VINFO_MAGIC_VALUE	0x55504756	/* "VGPU" */
#define MVGPU_VINFO_VERSION		0x1004
#define   MVGPU_VINFO_VERSION_VALUE	0x00010000
#define MVGPU_VINFO_VGPU_ID		0x1008	/* unique on its GPU, > 0 */
#define MVGPU_VINFO_SLICES		0x100c	/* slices the type owns, of 64 */
#define MVGPU_VINFO_VRAM_BASE_LO	0x1010	/* GPU address of the slice */
#define MVGPU_VINFO_VRAM_BASE_HI	0x1014
#define MVGPU_VINFO_VRAM_SIZE_LO	0x1018	/* bytes, = BAR2 size */
#define MVGPU_VINFO_VRAM_SIZE_HI	0x101c
#define MVGPU_VINFO_GTT_BASE		0x1020	/* first GTT entry owned */
#define MVGPU_VINFO_GTT_COUNT		0x1024	/* GTT entries owned */
#define MVGPU_VINFO_WEIGHT		0x1028	/* scheduling weight */
#define MVGPU_VINFO_CAPS		0x102c	/* MVGPU_VCAP_* */
/*
 * The guest may publish its ring tails in the status page (MVGPU_HWSP_TAIL,
 * MVGPU_HWSP_POLL, HWSP.TAIL_POLL): no trapped access per submission while
 * the engine is busy.  See "Zero-trap submission" in hardware.rst.
 */
#define   MVGPU_VCAP_TAIL_POLL		_BITUL(0)
#define MVGPU_VINFO_SLICES_TOTAL	0x1030	/* slices of a GPU: MVGPU_SLICES */
#define MVGPU_VINFO_END			0x1034

/* ------------------------------------------------------------------ */
/* Engines                                                             */
/* ------------------------------------------------------------------ */

/*
 * Engine numbers: copy engines are 0-7, compute engines 8-15; a GPU has
 * the first ENGINES.copy of the one and the first ENGINES.compute of the
 * other.  Each engine has a block of registers at MVGPU_ENGINE_BASE(e).
 */
#define MVGPU_MAX_COPY_ENGINES		8
#define MVGPU_MAX_COMPUTE_ENGINES	8
#define MVGPU_NUM_ENGINE_IDS		16
#define MVGPU_ENGINE_COPY(n)		(n)
#define MVGPU_ENGINE_COMPUTE(n)		(8 + (n))
#define MVGPU_ENGINE_BASE(e)		(0x2000 + 0x100 * (e))
#define MVGPU_ENGINE_BLOCK_SIZE		0x100

/* Engine register offsets, relative to MVGPU_ENGINE_BASE(e). */
#define MVGPU_ENG_RING_BASE_LO		0x00	/* RW: GPU VA, 4 KiB aligned */
#define MVGPU_ENG_RING_BASE_HI		0x04	/* RW */
#define MVGPU_ENG_RING_SIZE		0x08	/* RW: bytes, 4 KiB-1 MiB, 2^n */
#define MVGPU_ENG_RING_HEAD		0x0c	/* RO: next byte the engine reads */
#define MVGPU_ENG_RING_TAIL		0x10	/* RW: end of valid commands */
#define MVGPU_ENG_RING_CTL		0x14	/* RW */
#define   MVGPU_RING_ENABLE		_BITUL(0)
#define MVGPU_ENG_HWSP_LO		0x18	/* RW: status page GPU VA | ENABLE */
#define   MVGPU_HWSP_ENABLE		_BITUL(0)	/* else no status page */
/* vGPU with MVGPU_VCAP_TAIL_POLL only: tails published in the page */
#define   MVGPU_HWSP_TAIL_POLL		_BITUL(1)
#define MVGPU_ENG_HWSP_HI		0x1c	/* RW */
#define MVGPU_ENG_STATUS		0x20	/* RO */
#define   MVGPU_ENG_STATUS_BUSY		_BITUL(0)	/* has work */
#define   MVGPU_ENG_STATUS_FAULTED	_BITUL(1)	/* stopped on a fault */
#define   MVGPU_ENG_STATUS_PREEMPTED	_BITUL(2)	/* stopped on request */
#define   MVGPU_ENG_STATUS_WAITING	_BITUL(3)	/* in SEMAPHORE_WAIT */
#define MVGPU_ENG_FAULT_REASON		0x24	/* RO: MVGPU_FAULT_* */
#define MVGPU_ENG_FAULT_ADDR_LO		0x28	/* RO: GPU VA that faulted */
#define MVGPU_ENG_FAULT_ADDR_HI		0x2c	/* RO */
/*
 * CONTROL requests written together are carried out in this order: RESET,
 * PREEMPT, CTX_SAVE, CTX_RESTORE, RESUME.  So PREEMPT | CTX_SAVE saves the
 * stopped state, and CTX_RESTORE | RESUME starts the restored context.
 */
#define MVGPU_ENG_CONTROL		0x30	/* WO */
#define   MVGPU_ENG_CTL_RESET		_BITUL(0)	/* engine reset */
#define   MVGPU_ENG_CTL_PREEMPT		_BITUL(1)	/* stop at next arb point */
#define   MVGPU_ENG_CTL_RESUME		_BITUL(2)	/* leave PREEMPTED */
#define   MVGPU_ENG_CTL_CTX_SAVE	_BITUL(3)	/* state -> CTX image */
#define   MVGPU_ENG_CTL_CTX_RESTORE	_BITUL(4)	/* CTX image -> state, regs */
#define MVGPU_ENG_CTX_LO		0x38	/* RW: context image GPU VA */
#define MVGPU_ENG_CTX_HI		0x3c	/* RW */
#define MVGPU_ENG_BUSY_NS_LO		0x40	/* RO: time spent busy */
#define MVGPU_ENG_BUSY_NS_HI		0x44	/* RO */
#define MVGPU_ENG_CMD_COUNT		0x48	/* RO: commands completed */
#define MVGPU_ENG_CTX_ID		0x4c	/* RW: ID of the running context */
#define MVGPU_ENG_EVENT_CTX_ID		0x50	/* RO: CTX_ID at last fault/preempt */

/* Fault reasons (ENG_FAULT_REASON). */
#define MVGPU_FAULT_NONE		0
#define MVGPU_FAULT_GTT			1	/* invalid GTT entry */
#define MVGPU_FAULT_OPCODE		2	/* unknown opcode */
#define MVGPU_FAULT_LENGTH		3	/* bad length for the opcode */
#define MVGPU_FAULT_BATCH_DEPTH		4	/* third batch level */
#define MVGPU_FAULT_RUNAWAY		5	/* batch over MVGPU_BATCH_MAX_DWORDS */
#define MVGPU_FAULT_REGISTER		6	/* LRI to a forbidden register */
#define MVGPU_FAULT_ALIGNMENT		7	/* misaligned address or size */
#define MVGPU_FAULT_RING		8	/* ring misprogrammed */
/*
 * vGPU only: the host's command parser refused a well-formed command of the
 * guest's submission because it reaches outside the vGPU (an address
 * outside its GTT range).  Commands the GPU itself would fault on keep the
 * GPU's reason (REGISTER, BATCH_DEPTH, RUNAWAY, ...).  FAULT_ADDR is the
 * guest GPU VA of that command; nothing of the submission from that
 * command on ran.  See "The vGPU" in Documentation/hardware.rst.
 */
#define MVGPU_FAULT_REJECTED		9
/*
 * Host only, reported to the client of the context (and on a vGPU to its
 * guest): the core's watchdog found the context making no progress in its
 * own engine time (a SEMAPHORE_WAIT that never completes, a batch that runs
 * forever) and reset it.  See "Hangs" in Documentation/hardware.rst.
 */
#define MVGPU_FAULT_HANG		10

/* Global engine events, and interrupt sources of the engines. */
#define MVGPU_REG_ENGINE_EVENTS		0x010c	/* RW1C */
#define   MVGPU_EVENT_FAULT(e)		_BITUL(e)	/* engine e faulted */
#define   MVGPU_EVENT_PREEMPTED(e)	_BITUL(16 + (e))
#define   MVGPU_INT_ENGINE_USER(e)	_BITUL(e)	/* in INT_STATUS */
#define   MVGPU_INT_ENGINE_EVENT	_BITUL(30)	/* level: ENGINE_EVENTS != 0 */
#define MVGPU_REG_TIMESTAMP_LO		0x0040	/* RO: nanoseconds */
#define MVGPU_REG_TIMESTAMP_HI		0x0044	/* RO */

/* The hardware status page: what an engine writes back. */
#define MVGPU_HWSP_HEAD			0x00	/* ring head after each command */
/* vGPU, HWSP.TAIL_POLL: the guest's newest RING_TAIL, written by the guest */
#define MVGPU_HWSP_TAIL			0x08
/* vGPU, HWSP.TAIL_POLL: 1 while the host will read HWSP_TAIL, else 0 */
#define MVGPU_HWSP_POLL			0x0c
#define MVGPU_HWSP_SEQNO		0x40	/* free for STORE_DWORD seqnos */

/* ------------------------------------------------------------------ */
/* GTT entries                                                         */
/* ------------------------------------------------------------------ */

/*
 * Entry i maps GPU virtual page i (GPU VA i * 4 KiB).  Bits 11:2 are
 * reserved and must be 0 (room for per-context page tables later).
 */
#define MVGPU_GTT_VALID			_BITULL(0)
#define MVGPU_GTT_SYSTEM		_BITULL(1)	/* DMA address, else VRAM */
#define MVGPU_GTT_ADDR_MASK		(~0xfffULL)
/* Reserved bits 11:2: an entry with any of them set is not valid. */
#define MVGPU_GTT_RESERVED		0xffcULL

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

/*
 * Every command starts with a header dword: opcode in bits 31:24, flags in
 * 23:16, total length in dwords (header included) in 15:0.  The length of
 * each opcode is fixed, except LOAD_REGISTER_IMM (1 + 2n, n >= 1).
 * Addresses are GPU virtual, 64 bits as two dwords, low first.
 */
#define MVGPU_CMD(op, flags, len)	(((op) << 24) | ((flags) << 16) | (len))
#define MVGPU_CMD_OPCODE(hdr)		((hdr) >> 24)
#define MVGPU_CMD_FLAGS(hdr)		(((hdr) >> 16) & 0xff)
#define MVGPU_CMD_LENGTH(hdr)		((hdr) & 0xffff)

#define MVGPU_OP_NOOP			0x00	/* 1 */
#define MVGPU_OP_BATCH_START		0x01	/* 3: addr */
#define MVGPU_OP_BATCH_END		0x02	/* 1 */
#define MVGPU_OP_STORE_DWORD		0x03	/* 4: addr, value */
#define MVGPU_OP_LOAD_REGISTER_IMM	0x04	/* 1 + 2n: (reg, value) * n */
#define MVGPU_OP_USER_INTERRUPT		0x05	/* 1 */
#define MVGPU_OP_SEMAPHORE_WAIT		0x06	/* 4: addr, value; flags: op */
#define   MVGPU_SEM_EQ			0
#define   MVGPU_SEM_NE			1
#define   MVGPU_SEM_GTE			2
#define   MVGPU_SEM_LT			3
#define MVGPU_OP_ARB_CHECK		0x07	/* 1 */
#define MVGPU_OP_FILL			0x08	/* 7: dst, pitch, width, height, value */
/* COPY, 9: src, src pitch, dst, dst pitch, width, height */
#define MVGPU_OP_COPY			0x09
#define MVGPU_OP_CRC32C			0x0a	/* 6: src, bytes, dst */
#define MVGPU_NUM_OPS			0x0b

#define MVGPU_BATCH_LEVELS		2
#define MVGPU_BATCH_MAX_DWORDS		0x100000
/* LRI may only write the scratch registers. */
static inline int mvgpu_lri_allowed(unsigned int reg)
{
	return reg >= MVGPU_REG_SCRATCH(0) &&
	       reg < MVGPU_REG_SCRATCH(MVGPU_SCRATCH_COUNT) && !(reg & 3);
}

/* The command table and its helpers. */
#include <mvgpu/mvgpu_hw_cmds.h>

/* ------------------------------------------------------------------ */
/* Context image                                                       */
/* ------------------------------------------------------------------ */

/*
 * What ENG_CTL_CTX_SAVE writes at ENG_CTX and CTX_RESTORE reads back: all
 * an engine holds for one context, including the progress of a command it
 * was preempted in, so that it resumes exactly.  Little endian; 64-bit
 * fields are two dwords, low first.
 */
#define MVGPU_CTX_MAGIC			0x00
#define   MVGPU_CTX_MAGIC_VALUE		0x31585443	/* "CTX1" */
#define MVGPU_CTX_FLAGS			0x04
#define   MVGPU_CTX_IN_COMMAND		_BITUL(0)	/* CMD_* are valid */
#define MVGPU_CTX_RING_BASE		0x08	/* 64 */
#define MVGPU_CTX_RING_SIZE		0x10
#define MVGPU_CTX_RING_HEAD		0x14
#define MVGPU_CTX_RING_TAIL		0x18
#define MVGPU_CTX_LEVEL			0x1c	/* 0 ring, 1-2 batch level */
#define MVGPU_CTX_BATCH_ADDR(l)		(0x20 + 8 * ((l) - 1))	/* 64, l=1,2 */
#define MVGPU_CTX_BATCH_DWORDS(l)	(0x30 + 4 * ((l) - 1))	/* l=1,2 */
#define MVGPU_CTX_CMD_ADDR		0x38	/* 64: command in progress */
#define MVGPU_CTX_CMD_PROGRESS		0x40	/* 64: its bytes done */
#define MVGPU_CTX_HWSP			0x48	/* 64 */
#define MVGPU_CTX_SIZE			0x100

/*
 * Addition for the executor (drivers/sim/exec.c): the running state of the
 * command in progress, which its progress alone cannot rebuild.  CRC32C:
 * the CRC register (not inverted).
 */
#define MVGPU_CTX_CMD_STATE		0x50
/* ENG_CTX_ID of the context; bytes 0x58 up to MVGPU_CTX_SIZE are reserved. */
#define MVGPU_CTX_ID			0x54

/* ------------------------------------------------------------------ */
/* Partitioning                                                        */
/* ------------------------------------------------------------------ */

/*
 * A GPU's device memory and the vGPUs' half of its GTT are divided into
 * MVGPU_SLICES equal slices; a vGPU type owns a naturally aligned run of 1,
 * 2, 4, 8, 16, 32 or 64 of them (1/64 to all of the GPU).  Hardware before
 * the 64-slice scheme had 8 slices, and VINFO_SLICES_TOTAL read 0.
 */
#define MVGPU_SLICES			64

/* ------------------------------------------------------------------ */
/* Register tables                                                     */
/* ------------------------------------------------------------------ */

/* Access modes of the register tables, as numbers a decode table can hold. */
#define MVGPU_ACCESS_NONE		0	/* not a register: reads 0 */
#define MVGPU_ACCESS_RO			1
#define MVGPU_ACCESS_RW			2
#define MVGPU_ACCESS_RW1C		3
#define MVGPU_ACCESS_WO			4

/**
 * mvgpu_reg_write_value() - the value a register holds after a write
 * @access: MVGPU_ACCESS_*
 * @old: value before the write
 * @val: value written
 *
 * Side effects of WO registers are the device's business; the register
 * itself keeps reading 0.
 */
static inline unsigned int mvgpu_reg_write_value(unsigned int access,
						 unsigned int old,
						 unsigned int val)
{
	switch (access) {
	case MVGPU_ACCESS_RW:
		return val;
	case MVGPU_ACCESS_RW1C:
		return old & ~val;
	case MVGPU_ACCESS_WO:
		return 0;
	default:
		return old;
	}
}

/*
 * Register table: offset, access mode and reset value of every register.
 * Drivers build their decode tables from it; registers whose reset value
 * depends on the device (sizes, IDs) are listed with 0 here.
 */
struct mvgpu_reg_desc {
	const char *name;
	unsigned int offset;
	unsigned int access;
	unsigned int reset;
};

#define MVGPU_REG(_name, _off, _acc, _reset) \
	{ .name = #_name, .offset = (_off), .access = MVGPU_ACCESS_##_acc, \
	  .reset = (_reset) }

/**
 * mvgpu_reg_table() - the register table
 * @count: if not NULL, set to the number of registers
 *
 * Return: every register of the map, in offset order, then an entry whose
 * name is NULL.
 */
static inline const struct mvgpu_reg_desc *mvgpu_reg_table(unsigned int *count)
{
	static const struct mvgpu_reg_desc table[] = {
		MVGPU_REG(ID_MAGIC, MVGPU_REG_ID_MAGIC, RO, MVGPU_ID_MAGIC),
		MVGPU_REG(ID_VERSION, MVGPU_REG_ID_VERSION, RO, MVGPU_ID_VERSION),
		MVGPU_REG(ID_DEVICE, MVGPU_REG_ID_DEVICE, RO, 0),
		MVGPU_REG(ID_CAPS, MVGPU_REG_ID_CAPS, RO, 0),
		MVGPU_REG(VRAM_SIZE_LO, MVGPU_REG_VRAM_SIZE_LO, RO, 0),
		MVGPU_REG(VRAM_SIZE_HI, MVGPU_REG_VRAM_SIZE_HI, RO, 0),
		MVGPU_REG(GTT_ENTRIES, MVGPU_REG_GTT_ENTRIES, RO, MVGPU_GTT_ENTRIES),
		MVGPU_REG(ENGINES, MVGPU_REG_ENGINES, RO, 0),
		MVGPU_REG(SCRATCH0, MVGPU_REG_SCRATCH(0), RW, 0),
		MVGPU_REG(SCRATCH1, MVGPU_REG_SCRATCH(1), RW, 0),
		MVGPU_REG(SCRATCH2, MVGPU_REG_SCRATCH(2), RW, 0),
		MVGPU_REG(SCRATCH3, MVGPU_REG_SCRATCH(3), RW, 0),
		MVGPU_REG(GTT_BASE, MVGPU_REG_GTT_BASE, RO, MVGPU_GTT_OFFSET),
		MVGPU_REG(TIMESTAMP_LO, MVGPU_REG_TIMESTAMP_LO, RO, 0),
		MVGPU_REG(TIMESTAMP_HI, MVGPU_REG_TIMESTAMP_HI, RO, 0),
		MVGPU_REG(INT_STATUS, MVGPU_REG_INT_STATUS, RW1C, 0),
		MVGPU_REG(INT_ENABLE, MVGPU_REG_INT_ENABLE, RW, 0),
		MVGPU_REG(INT_SET, MVGPU_REG_INT_SET, WO, 0),
		MVGPU_REG(ENGINE_EVENTS, MVGPU_REG_ENGINE_EVENTS, RW1C, 0),
		MVGPU_REG(RESET, MVGPU_REG_RESET, WO, 0),
		MVGPU_REG(GTT_FLUSH, MVGPU_REG_GTT_FLUSH, RW, 0),
		MVGPU_REG(PLANE_CTL, MVGPU_REG_PLANE_CTL, RW, 0),
		MVGPU_REG(PLANE_FORMAT, MVGPU_REG_PLANE_FORMAT, RW, 0),
		MVGPU_REG(PLANE_BASE_LO, MVGPU_REG_PLANE_BASE_LO, RW, 0),
		MVGPU_REG(PLANE_BASE_HI, MVGPU_REG_PLANE_BASE_HI, RW, 0),
		MVGPU_REG(PLANE_WIDTH, MVGPU_REG_PLANE_WIDTH, RW, 0),
		MVGPU_REG(PLANE_HEIGHT, MVGPU_REG_PLANE_HEIGHT, RW, 0),
		MVGPU_REG(PLANE_STRIDE, MVGPU_REG_PLANE_STRIDE, RW, 0),
		MVGPU_REG(PLANE_MAX_WIDTH, MVGPU_REG_PLANE_MAX_WIDTH, RO,
			  MVGPU_PLANE_MAX_WIDTH),
		MVGPU_REG(PLANE_MAX_HEIGHT, MVGPU_REG_PLANE_MAX_HEIGHT, RO,
			  MVGPU_PLANE_MAX_HEIGHT),
		MVGPU_REG(PLANE_STATUS, MVGPU_REG_PLANE_STATUS, RO, 0),
		MVGPU_REG(VINFO_MAGIC, MVGPU_VINFO_MAGIC, RO, 0),
		MVGPU_REG(VINFO_VERSION, MVGPU_VINFO_VERSION, RO, 0),
		MVGPU_REG(VINFO_VGPU_ID, MVGPU_VINFO_VGPU_ID, RO, 0),
		MVGPU_REG(VINFO_SLICES, MVGPU_VINFO_SLICES, RO, 0),
		MVGPU_REG(VINFO_VRAM_BASE_LO, MVGPU_VINFO_VRAM_BASE_LO, RO, 0),
		MVGPU_REG(VINFO_VRAM_BASE_HI, MVGPU_VINFO_VRAM_BASE_HI, RO, 0),
		MVGPU_REG(VINFO_VRAM_SIZE_LO, MVGPU_VINFO_VRAM_SIZE_LO, RO, 0),
		MVGPU_REG(VINFO_VRAM_SIZE_HI, MVGPU_VINFO_VRAM_SIZE_HI, RO, 0),
		MVGPU_REG(VINFO_GTT_BASE, MVGPU_VINFO_GTT_BASE, RO, 0),
		MVGPU_REG(VINFO_GTT_COUNT, MVGPU_VINFO_GTT_COUNT, RO, 0),
		MVGPU_REG(VINFO_WEIGHT, MVGPU_VINFO_WEIGHT, RO, 0),
		MVGPU_REG(VINFO_CAPS, MVGPU_VINFO_CAPS, RO, 0),
		MVGPU_REG(VINFO_SLICES_TOTAL, MVGPU_VINFO_SLICES_TOTAL, RO, 0),
		{ .name = NULL }
	};

	if (count)
		*count = sizeof(table) / sizeof(*table) - 1;
	return table;
}

/**
 * mvgpu_reg_search() - look a register up in a register table
 * @table: a table in offset order
 * @count: its number of registers
 * @offset: byte offset of the register
 *
 * Return: the register's entry, or NULL when no register lives at
 * @offset (it must be 4-byte aligned to match).
 */
static inline const struct mvgpu_reg_desc *
mvgpu_reg_search(const struct mvgpu_reg_desc *table, unsigned int count,
		 unsigned int offset)
{
	unsigned int lo = 0, hi = count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (table[mid].offset == offset)
			return &table[mid];
		if (table[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/**
 * mvgpu_reg_find() - look a register up in the register table
 * @offset: byte offset in BAR0
 *
 * Return: the register's entry, or NULL when none lives at @offset.
 */
static inline const struct mvgpu_reg_desc *mvgpu_reg_find(unsigned int offset)
{
	unsigned int count;
	const struct mvgpu_reg_desc *table = mvgpu_reg_table(&count);

	return mvgpu_reg_search(table, count, offset);
}

/**
 * mvgpu_engine_reg_table() - the registers of one engine block
 * @count: if not NULL, set to the number of registers
 *
 * Offsets are relative to MVGPU_ENGINE_BASE(e).  ENG_CONTROL is WO, but
 * reads back the requests the engine has not carried out yet.
 *
 * Return: the registers in offset order, then an entry whose name is NULL.
 */
static inline const struct mvgpu_reg_desc *
mvgpu_engine_reg_table(unsigned int *count)
{
	static const struct mvgpu_reg_desc table[] = {
		MVGPU_REG(RING_BASE_LO, MVGPU_ENG_RING_BASE_LO, RW, 0),
		MVGPU_REG(RING_BASE_HI, MVGPU_ENG_RING_BASE_HI, RW, 0),
		MVGPU_REG(RING_SIZE, MVGPU_ENG_RING_SIZE, RW, 0),
		MVGPU_REG(RING_HEAD, MVGPU_ENG_RING_HEAD, RO, 0),
		MVGPU_REG(RING_TAIL, MVGPU_ENG_RING_TAIL, RW, 0),
		MVGPU_REG(RING_CTL, MVGPU_ENG_RING_CTL, RW, 0),
		MVGPU_REG(HWSP_LO, MVGPU_ENG_HWSP_LO, RW, 0),
		MVGPU_REG(HWSP_HI, MVGPU_ENG_HWSP_HI, RW, 0),
		MVGPU_REG(STATUS, MVGPU_ENG_STATUS, RO, 0),
		MVGPU_REG(FAULT_REASON, MVGPU_ENG_FAULT_REASON, RO, 0),
		MVGPU_REG(FAULT_ADDR_LO, MVGPU_ENG_FAULT_ADDR_LO, RO, 0),
		MVGPU_REG(FAULT_ADDR_HI, MVGPU_ENG_FAULT_ADDR_HI, RO, 0),
		MVGPU_REG(CONTROL, MVGPU_ENG_CONTROL, WO, 0),
		MVGPU_REG(CTX_LO, MVGPU_ENG_CTX_LO, RW, 0),
		MVGPU_REG(CTX_HI, MVGPU_ENG_CTX_HI, RW, 0),
		MVGPU_REG(BUSY_NS_LO, MVGPU_ENG_BUSY_NS_LO, RO, 0),
		MVGPU_REG(BUSY_NS_HI, MVGPU_ENG_BUSY_NS_HI, RO, 0),
		MVGPU_REG(CMD_COUNT, MVGPU_ENG_CMD_COUNT, RO, 0),
		MVGPU_REG(CTX_ID, MVGPU_ENG_CTX_ID, RW, 0),
		MVGPU_REG(EVENT_CTX_ID, MVGPU_ENG_EVENT_CTX_ID, RO, 0),
		{ .name = NULL }
	};

	if (count)
		*count = sizeof(table) / sizeof(*table) - 1;
	return table;
}

/**
 * mvgpu_engine_reg_find() - look a register up in an engine block
 * @offset: byte offset relative to MVGPU_ENGINE_BASE(e)
 *
 * Return: the register's entry, or NULL when none lives at @offset.
 */
static inline const struct mvgpu_reg_desc *
mvgpu_engine_reg_find(unsigned int offset)
{
	unsigned int count;
	const struct mvgpu_reg_desc *table = mvgpu_engine_reg_table(&count);

	return mvgpu_reg_search(table, count, offset);
}

/**
 * mvgpu_plane_cpp() - bytes per pixel of a plane format
 * @format: MVGPU_FORMAT_*
 *
 * Return: 4 or 2, or 0 for a format the plane does not know.
 */
static inline unsigned int mvgpu_plane_cpp(unsigned int format)
{
	switch (format) {
	case MVGPU_FORMAT_XRGB8888:
		return 4;
	case MVGPU_FORMAT_RGB565:
		return 2;
	default:
		return 0;
	}
}

/**
 * mvgpu_plane_check() - are these plane values valid?
 * @format: PLANE_FORMAT
 * @base: PLANE_BASE, a GPU VA
 * @width: PLANE_WIDTH
 * @height: PLANE_HEIGHT
 * @stride: PLANE_STRIDE
 * @va_start: first GPU VA the GTT (or a vGPU's share of it) maps
 * @va_end: first GPU VA past it
 *
 * The rules of the manual's "Display plane": a known format; 1 to
 * MVGPU_PLANE_MAX_WIDTH pixels and 1 to MVGPU_PLANE_MAX_HEIGHT lines; a
 * stride that holds a line, is a multiple of MVGPU_PLANE_STRIDE_ALIGN and
 * at most MVGPU_PLANE_MAX_STRIDE; a base aligned to MVGPU_PLANE_BASE_ALIGN;
 * the whole surface in [@va_start, @va_end).
 *
 * Return: 1 when the plane may scan the surface, else 0.
 */
static inline int mvgpu_plane_check(unsigned int format,
				    unsigned long long base,
				    unsigned int width, unsigned int height,
				    unsigned int stride,
				    unsigned long long va_start,
				    unsigned long long va_end)
{
	unsigned int cpp = mvgpu_plane_cpp(format);
	unsigned long long size;

	if (!cpp || !width || width > MVGPU_PLANE_MAX_WIDTH || !height ||
	    height > MVGPU_PLANE_MAX_HEIGHT)
		return 0;
	if (stride < width * cpp || stride > MVGPU_PLANE_MAX_STRIDE ||
	    stride % MVGPU_PLANE_STRIDE_ALIGN)
		return 0;
	if (base % MVGPU_PLANE_BASE_ALIGN)
		return 0;
	/* Bytes scanned: every line's stride but the last line's. */
	size = (unsigned long long)stride * (height - 1) + width * cpp;
	return base >= va_start && base < va_end && size <= va_end - base;
}

/**
 * mvgpu_plane_status() - PLANE_STATUS of a register file
 * @regs: the register file, one 32-bit value per register dword
 * @va_start: first GPU VA the GTT (or a vGPU's share of it) maps
 * @va_end: first GPU VA past it
 *
 * Return: MVGPU_PLANE_STATUS_ACTIVE, MVGPU_PLANE_STATUS_INVALID, or 0 for
 * a disabled plane.
 */
static inline unsigned int mvgpu_plane_status(const unsigned int *regs,
					      unsigned long long va_start,
					      unsigned long long va_end)
{
	unsigned long long base = regs[MVGPU_REG_PLANE_BASE_LO / 4] |
		(unsigned long long)regs[MVGPU_REG_PLANE_BASE_HI / 4] << 32;

	if (!(regs[MVGPU_REG_PLANE_CTL / 4] & MVGPU_PLANE_ENABLE))
		return 0;
	if (!mvgpu_plane_check(regs[MVGPU_REG_PLANE_FORMAT / 4], base,
			       regs[MVGPU_REG_PLANE_WIDTH / 4],
			       regs[MVGPU_REG_PLANE_HEIGHT / 4],
			       regs[MVGPU_REG_PLANE_STRIDE / 4],
			       va_start, va_end))
		return MVGPU_PLANE_STATUS_INVALID;
	return MVGPU_PLANE_STATUS_ACTIVE;
}

#endif /* MVGPU_HW_H */
