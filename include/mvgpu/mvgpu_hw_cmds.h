/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mvgpu hardware definitions, continued: the command table (length, flags
 * and memory operands of every command) and its helpers.  Part of the
 * hardware header: include <mvgpu/mvgpu_hw.h>, which includes this file
 * after the command opcodes it describes.
 */
#ifndef MVGPU_HW_CMDS_H
#define MVGPU_HW_CMDS_H

#ifndef MVGPU_HW_H
#error "include <mvgpu/mvgpu_hw.h>, not this file"
#endif

/* ------------------------------------------------------------------ */
/* Command table                                                       */
/* ------------------------------------------------------------------ */

/*
 * The layout of every command, for the executor, the host's command parser
 * and drivers that build commands: its length, its valid flags, where it
 * may run, and the memory it reaches through its operands.
 */

/* Attributes of a command (mvgpu_cmd_desc.attr). */
#define MVGPU_CMD_ATTR_RING		0x01	/* allowed in the ring itself */
#define MVGPU_CMD_ATTR_LONG		0x02	/* runs in chunks, preemptible */

/* How a command accesses the memory an operand points at. */
#define MVGPU_MEM_READ			0	/* reads data there */
#define MVGPU_MEM_WRITE			1	/* writes data there */
#define MVGPU_MEM_BATCH			2	/* executes the batch there */

/* The shape of the memory an operand reaches, from its address. */
#define MVGPU_SHAPE_DWORD		0	/* the dword at the address */
#define MVGPU_SHAPE_BYTES		1	/* bytes, the count at dword .width */
/* .height rows of .width bytes, .pitch bytes apart (dword indices) */
#define MVGPU_SHAPE_RECT		2
#define MVGPU_SHAPE_BATCH		3	/* commands, up to their BATCH_END */

#define MVGPU_CMD_MAX_MEM		2	/* memory operands per command */
#define MVGPU_CMD_MAX_FIXED_LEN		9	/* the longest fixed length: COPY */

/**
 * struct mvgpu_cmd_mem - one memory operand of a command
 * @addr: dword index in the command of its GPU VA (64 bits, low dword first)
 * @access: MVGPU_MEM_*
 * @shape: MVGPU_SHAPE_*
 * @align: the GPU VA must be a multiple of it (1 or 4), else ALIGNMENT
 * @size_align: MVGPU_SHAPE_RECT: pitch and width must be multiples of it,
 *	else ALIGNMENT; 1 elsewhere
 * @pitch: MVGPU_SHAPE_RECT: dword index of the pitch in bytes
 * @width: MVGPU_SHAPE_RECT: dword index of the width in bytes;
 *	MVGPU_SHAPE_BYTES: of the byte count
 * @height: MVGPU_SHAPE_RECT: dword index of the number of rows
 *
 * A RECT or BYTES operand whose last byte would lie beyond 2^64 - 1 faults
 * LENGTH; an empty one (no byte) accesses nothing.  The alignment of every
 * operand is checked before the extent of any.
 */
struct mvgpu_cmd_mem {
	unsigned char addr;
	unsigned char access;
	unsigned char shape;
	unsigned char align;
	unsigned char size_align;
	unsigned char pitch;
	unsigned char width;
	unsigned char height;
};

/**
 * struct mvgpu_cmd_desc - one entry of the command table
 * @name: the opcode's name, as the manual spells it
 * @len: length in dwords, header included; 0 for LOAD_REGISTER_IMM, whose
 *	length is 1 + 2n, n >= 1
 * @flags: the header flags the command accepts, as a mask: any other flag
 *	set faults OPCODE
 * @attr: MVGPU_CMD_ATTR_*
 * @nmem: number of memory operands in @mem
 * @mem: the memory operands, in the order the command accesses them
 */
struct mvgpu_cmd_desc {
	const char *name;
	unsigned short len;
	unsigned char flags;
	unsigned char attr;
	unsigned char nmem;
	struct mvgpu_cmd_mem mem[MVGPU_CMD_MAX_MEM];
};

#define MVGPU_CMD_MEM_DWORD(_addr, _access) \
	{ .addr = (_addr), .access = MVGPU_MEM_##_access, \
	  .shape = MVGPU_SHAPE_DWORD, .align = 4, .size_align = 1 }
#define MVGPU_CMD_MEM_BYTES(_addr, _access, _count) \
	{ .addr = (_addr), .access = MVGPU_MEM_##_access, \
	  .shape = MVGPU_SHAPE_BYTES, .align = 1, .size_align = 1, \
	  .width = (_count) }
#define MVGPU_CMD_MEM_RECT(_addr, _access, _align, _size_align, _pitch, \
			   _width, _height) \
	{ .addr = (_addr), .access = MVGPU_MEM_##_access, \
	  .shape = MVGPU_SHAPE_RECT, .align = (_align), \
	  .size_align = (_size_align), .pitch = (_pitch), .width = (_width), \
	  .height = (_height) }

/**
 * mvgpu_cmd_table() - the command table
 *
 * Return: MVGPU_NUM_OPS entries, indexed by opcode.
 */
static inline const struct mvgpu_cmd_desc *mvgpu_cmd_table(void)
{
	static const struct mvgpu_cmd_desc table[MVGPU_NUM_OPS] = {
		[MVGPU_OP_NOOP] = {
			.name = "NOOP", .len = 1, .attr = MVGPU_CMD_ATTR_RING,
		},
		[MVGPU_OP_BATCH_START] = {
			.name = "BATCH_START", .len = 3,
			.attr = MVGPU_CMD_ATTR_RING, .nmem = 1,
			.mem = { { .addr = 1, .access = MVGPU_MEM_BATCH,
				   .shape = MVGPU_SHAPE_BATCH, .align = 4,
				   .size_align = 1 } },
		},
		[MVGPU_OP_BATCH_END] = { .name = "BATCH_END", .len = 1 },
		[MVGPU_OP_STORE_DWORD] = {
			.name = "STORE_DWORD", .len = 4,
			.attr = MVGPU_CMD_ATTR_RING, .nmem = 1,
			.mem = { MVGPU_CMD_MEM_DWORD(1, WRITE) },
		},
		[MVGPU_OP_LOAD_REGISTER_IMM] = {
			.name = "LOAD_REGISTER_IMM", .len = 0,
			.attr = MVGPU_CMD_ATTR_RING,
		},
		[MVGPU_OP_USER_INTERRUPT] = {
			.name = "USER_INTERRUPT", .len = 1,
			.attr = MVGPU_CMD_ATTR_RING,
		},
		[MVGPU_OP_SEMAPHORE_WAIT] = {
			.name = "SEMAPHORE_WAIT", .len = 4, .flags = 0x03,
			.attr = MVGPU_CMD_ATTR_RING, .nmem = 1,
			.mem = { MVGPU_CMD_MEM_DWORD(1, READ) },
		},
		[MVGPU_OP_ARB_CHECK] = {
			.name = "ARB_CHECK", .len = 1,
			.attr = MVGPU_CMD_ATTR_RING,
		},
		[MVGPU_OP_FILL] = {
			.name = "FILL", .len = 7,
			.attr = MVGPU_CMD_ATTR_RING | MVGPU_CMD_ATTR_LONG,
			.nmem = 1,
			.mem = { MVGPU_CMD_MEM_RECT(1, WRITE, 4, 4, 3, 4, 5) },
		},
		[MVGPU_OP_COPY] = {
			.name = "COPY", .len = 9,
			.attr = MVGPU_CMD_ATTR_RING | MVGPU_CMD_ATTR_LONG,
			.nmem = 2,
			.mem = { MVGPU_CMD_MEM_RECT(1, READ, 1, 1, 3, 7, 8),
				 MVGPU_CMD_MEM_RECT(4, WRITE, 1, 1, 6, 7, 8) },
		},
		[MVGPU_OP_CRC32C] = {
			.name = "CRC32C", .len = 6,
			.attr = MVGPU_CMD_ATTR_RING | MVGPU_CMD_ATTR_LONG,
			.nmem = 2,
			.mem = { MVGPU_CMD_MEM_BYTES(1, READ, 3),
				 MVGPU_CMD_MEM_DWORD(4, WRITE) },
		},
	};

	return table;
}

/**
 * mvgpu_cmd_desc() - the table entry of an opcode
 * @op: the opcode, MVGPU_CMD_OPCODE() of a header
 *
 * Return: its entry, or NULL for an opcode the hardware does not know.
 */
static inline const struct mvgpu_cmd_desc *mvgpu_cmd_desc(unsigned int op)
{
	return op < MVGPU_NUM_OPS ? &mvgpu_cmd_table()[op] : NULL;
}

/**
 * mvgpu_cmd_length_ok() - is @len a valid length for the command?
 * @d: its table entry
 * @len: MVGPU_CMD_LENGTH() of its header
 *
 * Return: non-zero when it is (fixed length, or 1 + 2n with n >= 1).
 */
static inline int mvgpu_cmd_length_ok(const struct mvgpu_cmd_desc *d,
				      unsigned int len)
{
	return d->len ? len == d->len : len >= 3 && (len & 1);
}

/**
 * mvgpu_cmd_mem_va() - the GPU VA of a memory operand
 * @cmd: the command's dwords
 * @m: the operand
 *
 * Return: the 64-bit GPU VA at dwords @m->addr and @m->addr + 1.
 */
static inline unsigned long long
mvgpu_cmd_mem_va(const unsigned int *cmd, const struct mvgpu_cmd_mem *m)
{
	return (unsigned long long)cmd[m->addr + 1] << 32 | cmd[m->addr];
}

/**
 * mvgpu_cmd_mem_aligned() - does a memory operand meet its alignment rules?
 * @cmd: the command's dwords
 * @m: the operand
 *
 * Return: non-zero when the address (and a rectangle's pitch and width)
 * are multiples of what the table requires; else the command faults
 * ALIGNMENT.
 */
static inline int mvgpu_cmd_mem_aligned(const unsigned int *cmd,
					const struct mvgpu_cmd_mem *m)
{
	if (mvgpu_cmd_mem_va(cmd, m) & (m->align - 1))
		return 0;
	return m->shape != MVGPU_SHAPE_RECT ||
	       !((cmd[m->pitch] | cmd[m->width]) & (m->size_align - 1));
}

/**
 * mvgpu_cmd_mem_extent() - the bytes a memory operand reaches
 * @cmd: the command's dwords
 * @m: the operand, not MVGPU_SHAPE_BATCH
 * @len: set to the length of the smallest range from its GPU VA that holds
 *	every byte it accesses (a rectangle's rows and the gaps between
 *	them); 0 when it accesses nothing
 *
 * Return: non-zero when the operand's last byte lies at or below
 * 2^64 - 1; else the command faults LENGTH.
 */
static inline int mvgpu_cmd_mem_extent(const unsigned int *cmd,
				       const struct mvgpu_cmd_mem *m,
				       unsigned long long *len)
{
	unsigned long long va = mvgpu_cmd_mem_va(cmd, m);
	unsigned long long pitch = 0, width = 4, height = 1, last;

	if (m->shape == MVGPU_SHAPE_RECT) {
		pitch = cmd[m->pitch];
		width = cmd[m->width];
		height = cmd[m->height];
	} else if (m->shape == MVGPU_SHAPE_BYTES) {
		width = cmd[m->width];
	}
	*len = 0;
	if (!width || !height)
		return 1;
	last = pitch * (height - 1) + (width - 1);	/* < 2^64 - 2^32 */
	if (last > ~0ULL - va)
		return 0;
	*len = last + 1;
	return 1;
}

#endif /* MVGPU_HW_CMDS_H */
