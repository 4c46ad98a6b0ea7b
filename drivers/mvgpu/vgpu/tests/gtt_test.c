// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the vGPU's GTT: the decode rules, and translation to the
 * real GTT of a fake GPU whose GTT and device memory are plain memory.
 * System entries need VFIO to pin: the selftest mvgpu_gtt_test covers
 * them; here they are decoded only.
 */
#include <kunit/test.h>
#include <linux/vmalloc.h>

#include "../mvgpu.h"

#define T_GTT_BASE	65536u
#define T_GTT_COUNT	32768u
#define T_VRAM_BASE	SZ_1M
#define T_VRAM_SIZE	SZ_1M
#define T_VRAM_TOTAL	(3 * SZ_1M)

/* A GPU whose lower GTT half and device memory are plain memory. */
struct fake_gpu {
	struct mvgpu_device gdev;
	struct mvgpu_gpu core;
	u64 *gtt;		/* MVGPU_HOST_GTT_BASE entries */
	void *vram;
	unsigned int gtt_writes;
	unsigned int flushes;		/* GTT_FLUSH requests */
	unsigned int bad_writes;	/* outside the lower half */
};

static struct fake_gpu *to_fake(struct mvgpu_device *gdev)
{
	return container_of(gdev, struct fake_gpu, gdev);
}

static bool fake_gtt_index(u32 offset, u32 *index)
{
	if (offset < MVGPU_GTT_OFFSET)
		return false;
	*index = (offset - MVGPU_GTT_OFFSET) / MVGPU_GTT_ENTRY_SIZE;
	return *index < MVGPU_HOST_GTT_BASE;
}

static u32 fake_read32(struct mvgpu_device *gdev, u32 offset)
{
	return 0;
}

/* GTT_FLUSH completes at once (reads 0): count the requests. */
static void fake_write32(struct mvgpu_device *gdev, u32 offset, u32 val)
{
	if (offset == MVGPU_REG_GTT_FLUSH && val == MVGPU_GTT_FLUSH_REQ)
		to_fake(gdev)->flushes++;
	else
		to_fake(gdev)->bad_writes++;
}

static u64 fake_read64(struct mvgpu_device *gdev, u32 offset)
{
	u32 index;

	return fake_gtt_index(offset, &index) ? to_fake(gdev)->gtt[index] : 0;
}

static void fake_write64(struct mvgpu_device *gdev, u32 offset, u64 val)
{
	struct fake_gpu *f = to_fake(gdev);
	u32 index;

	if (!fake_gtt_index(offset, &index)) {
		f->bad_writes++;
		return;
	}
	f->gtt[index] = val;
	f->gtt_writes++;
}

static void *fake_vram_map(struct mvgpu_device *gdev)
{
	return to_fake(gdev)->vram;
}

static const struct mvgpu_hw_ops fake_ops = {
	.read32 = fake_read32,
	.write32 = fake_write32,
	.read64 = fake_read64,
	.write64 = fake_write64,
	.vram_map = fake_vram_map,
};

struct gtt_fixture {
	struct fake_gpu fake;
	struct mvgpu_parent parent;
	struct mvgpu_vgpu vgpu;
};

static int mvgpu_gtt_test_init(struct kunit *test)
{
	struct gtt_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct mvgpu_vgpu *vgpu;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->fake.gdev.ops = &fake_ops;
	f->fake.gdev.vram_size = T_VRAM_TOTAL;
	f->fake.core.gdev = &f->fake.gdev;
	f->fake.core.has_gtt_flush = true;
	mutex_init(&f->fake.core.gtt_lock);
	f->fake.gtt = vzalloc(MVGPU_HOST_GTT_BASE * sizeof(u64));
	f->fake.vram = vzalloc(T_VRAM_TOTAL);
	test->priv = f;
	KUNIT_ASSERT_NOT_NULL(test, f->fake.gtt);
	KUNIT_ASSERT_NOT_NULL(test, f->fake.vram);
	f->parent.core = &f->fake.core;
	f->parent.gdev = &f->fake.gdev;
	vgpu = &f->vgpu;
	vgpu->gpu = &f->parent;
	vgpu->gtt_base = T_GTT_BASE;
	vgpu->gtt_count = T_GTT_COUNT;
	vgpu->vram_base = T_VRAM_BASE;
	vgpu->vram_size = T_VRAM_SIZE;
	mutex_init(&vgpu->lock);
	KUNIT_ASSERT_EQ(test, mvgpu_vgtt_init(vgpu), 0);
	return 0;
}

static void mvgpu_gtt_test_exit(struct kunit *test)
{
	struct gtt_fixture *f = test->priv;

	if (!f)
		return;
	if (f->vgpu.gtt.entries) {
		mvgpu_vgtt_reset(&f->vgpu);
		mvgpu_vgtt_fini(&f->vgpu);
	}
	vfree(f->fake.gtt);
	vfree(f->fake.vram);
}

static struct gtt_fixture *fix(struct kunit *test)
{
	return test->priv;
}

/* One guest access to the GTT window, under the vGPU lock as mmio.c does. */
static int gtt_access(struct kunit *test, u32 off, u64 *val, unsigned int count,
		      bool write)
{
	struct mvgpu_vgpu *vgpu = &fix(test)->vgpu;
	__le64 raw = cpu_to_le64(*val);
	int ret;

	mutex_lock(&vgpu->lock);
	ret = mvgpu_vgtt_access_locked(vgpu, off, &raw, count, write);
	mutex_unlock(&vgpu->lock);
	*val = le64_to_cpu(raw) & GENMASK_ULL(count * 8 - 1, 0);
	return ret;
}

static void wr(struct kunit *test, u32 index, u64 entry)
{
	KUNIT_EXPECT_EQ(test, gtt_access(test, index * 8, &entry, 8, true), 0);
}

static u64 rd(struct kunit *test, u32 index)
{
	u64 val = 0;

	KUNIT_EXPECT_EQ(test, gtt_access(test, index * 8, &val, 8, false), 0);
	return val;
}

/* A device-memory entry for byte @off of the vGPU's slice. */
#define VRAM_ENTRY(off)	((T_VRAM_BASE + (u64)(off)) | MVGPU_GTT_VALID)

/* ---- decode rules ---------------------------------------------------- */

struct decode_case {
	const char *name;
	u32 index;
	u64 entry;
	enum mvgpu_vgtt_kind kind;
};

static const struct decode_case decode_cases[] = {
	{ "zero", T_GTT_BASE, 0, MVGPU_VGTT_INVALID },
	{ "not_valid_with_address", T_GTT_BASE, 0x12345000 | MVGPU_GTT_SYSTEM,
	  MVGPU_VGTT_INVALID },
	{ "system_first_entry", T_GTT_BASE,
	  0x12345000 | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID, MVGPU_VGTT_SYSTEM },
	{ "system_last_entry", T_GTT_BASE + T_GTT_COUNT - 1,
	  0xfffffffff000ULL | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID,
	  MVGPU_VGTT_SYSTEM },
	{ "below_range", T_GTT_BASE - 1,
	  0x1000 | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID,
	  MVGPU_VGTT_OUT_OF_RANGE },
	{ "above_range", T_GTT_BASE + T_GTT_COUNT, VRAM_ENTRY(0),
	  MVGPU_VGTT_OUT_OF_RANGE },
	{ "entry_zero", 0, VRAM_ENTRY(0), MVGPU_VGTT_OUT_OF_RANGE },
	{ "out_of_range_first", T_GTT_BASE - 1, MVGPU_GTT_VALID | 0x4,
	  MVGPU_VGTT_OUT_OF_RANGE },
	{ "reserved_bit_2", T_GTT_BASE,
	  0x1000 | MVGPU_GTT_SYSTEM | MVGPU_GTT_VALID | 0x4,
	  MVGPU_VGTT_RESERVED },
	{ "reserved_bit_11", T_GTT_BASE, VRAM_ENTRY(0) | 0x800,
	  MVGPU_VGTT_RESERVED },
	{ "vram_first_page", T_GTT_BASE, VRAM_ENTRY(0), MVGPU_VGTT_VRAM },
	{ "vram_last_page", T_GTT_BASE, VRAM_ENTRY(T_VRAM_SIZE - 4096),
	  MVGPU_VGTT_VRAM },
	{ "vram_below_slice", T_GTT_BASE, VRAM_ENTRY(-4096ULL),
	  MVGPU_VGTT_OUTSIDE_SLICE },
	{ "vram_above_slice", T_GTT_BASE, VRAM_ENTRY(T_VRAM_SIZE),
	  MVGPU_VGTT_OUTSIDE_SLICE },
	{ "vram_wraps", T_GTT_BASE, MVGPU_GTT_ADDR_MASK | MVGPU_GTT_VALID,
	  MVGPU_VGTT_OUTSIDE_SLICE },
};

static void decode_case_desc(const struct decode_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(decode, decode_cases, decode_case_desc);

static void mvgpu_test_gtt_decode(struct kunit *test)
{
	const struct decode_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_decode(&fix(test)->vgpu, c->index,
						c->entry), c->kind);
}

static void mvgpu_test_gtt_range_ok(struct kunit *test)
{
	struct mvgpu_vgpu *vgpu = &fix(test)->vgpu;
	u64 base = (u64)T_GTT_BASE * 4096, size = (u64)T_GTT_COUNT * 4096;

	KUNIT_EXPECT_TRUE(test, mvgpu_vgtt_range_ok(vgpu, base, 1));
	KUNIT_EXPECT_TRUE(test, mvgpu_vgtt_range_ok(vgpu, base, size));
	KUNIT_EXPECT_TRUE(test, mvgpu_vgtt_range_ok(vgpu, base + size - 1, 1));
	KUNIT_EXPECT_FALSE(test, mvgpu_vgtt_range_ok(vgpu, base, 0));
	KUNIT_EXPECT_FALSE(test, mvgpu_vgtt_range_ok(vgpu, base - 1, 2));
	KUNIT_EXPECT_FALSE(test, mvgpu_vgtt_range_ok(vgpu, base, size + 1));
	KUNIT_EXPECT_FALSE(test, mvgpu_vgtt_range_ok(vgpu, base + size, 1));
	KUNIT_EXPECT_FALSE(test, mvgpu_vgtt_range_ok(vgpu, base + 8, -4ULL));
	KUNIT_EXPECT_FALSE(test, mvgpu_vgtt_range_ok(vgpu, -4096ULL, 8192));
}

/* ---- translation to the real GTT ---------------------------------- */

/* Device memory in the slice reaches the real GTT unchanged, at the same index. */
static void mvgpu_test_gtt_vram_translated(struct kunit *test)
{
	struct gtt_fixture *f = fix(test);

	wr(test, T_GTT_BASE, VRAM_ENTRY(0));
	wr(test, T_GTT_BASE + T_GTT_COUNT - 1, VRAM_ENTRY(T_VRAM_SIZE - 4096));
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE], VRAM_ENTRY(0));
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE + T_GTT_COUNT - 1],
			VRAM_ENTRY(T_VRAM_SIZE - 4096));
	KUNIT_EXPECT_EQ(test, rd(test, T_GTT_BASE), VRAM_ENTRY(0));
	KUNIT_EXPECT_EQ(test, f->vgpu.gtt.writes, 2);
	KUNIT_EXPECT_EQ(test, f->vgpu.gtt.invalid, 0);
	KUNIT_EXPECT_EQ(test, f->fake.bad_writes, 0);
	/* Clearing the entry clears the real one. */
	wr(test, T_GTT_BASE, 0);
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE], 0);
}

/*
 * A change of a real entry that mapped something is flushed before the
 * write completes (the guest's GTT_FLUSH completes at once); a new
 * mapping, or a refused one, needs no flush.
 */
static void mvgpu_test_gtt_change_flushed(struct kunit *test)
{
	struct gtt_fixture *f = fix(test);

	wr(test, T_GTT_BASE, VRAM_ENTRY(0));
	wr(test, T_GTT_BASE + 1, VRAM_ENTRY(T_VRAM_SIZE));
	wr(test, T_GTT_BASE + 1, VRAM_ENTRY(T_VRAM_SIZE + 4096));
	KUNIT_EXPECT_EQ(test, f->fake.flushes, 0);
	wr(test, T_GTT_BASE, VRAM_ENTRY(4096));
	KUNIT_EXPECT_EQ(test, f->fake.flushes, 1);
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE], VRAM_ENTRY(4096));
	wr(test, T_GTT_BASE, VRAM_ENTRY(T_VRAM_SIZE));
	KUNIT_EXPECT_EQ(test, f->fake.flushes, 2);
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE], 0);
	wr(test, T_GTT_BASE, 0);
	KUNIT_EXPECT_EQ(test, f->fake.flushes, 2);
	KUNIT_EXPECT_EQ(test, f->fake.bad_writes, 0);
}

/* Refused entries read back as written, count, and leave the real GTT alone. */
static void mvgpu_test_gtt_refused(struct kunit *test)
{
	static const struct {
		u32 index;
		u64 entry;
	} bad[] = {
		{ T_GTT_BASE - 1, VRAM_ENTRY(0) },
		{ T_GTT_BASE + T_GTT_COUNT, VRAM_ENTRY(0) },
		{ 0, VRAM_ENTRY(4096) },
		{ MVGPU_GTT_ENTRIES - 1, VRAM_ENTRY(0) },
		{ T_GTT_BASE, VRAM_ENTRY(T_VRAM_SIZE) },
		{ T_GTT_BASE + 1, VRAM_ENTRY(-4096ULL) },
		{ T_GTT_BASE + 2, VRAM_ENTRY(0) | 0x100 },
	};
	struct gtt_fixture *f = fix(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		wr(test, bad[i].index, bad[i].entry);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, rd(test, bad[i].index), bad[i].entry);
		if (bad[i].index < MVGPU_HOST_GTT_BASE)
			KUNIT_EXPECT_EQ(test, f->fake.gtt[bad[i].index], 0);
	}
	KUNIT_EXPECT_EQ(test, f->vgpu.gtt.invalid, ARRAY_SIZE(bad));
	KUNIT_EXPECT_EQ(test, f->vgpu.gtt.writes, ARRAY_SIZE(bad));
	KUNIT_EXPECT_EQ(test, f->fake.bad_writes, 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(f->fake.gtt, 0, MVGPU_HOST_GTT_BASE *
					 sizeof(u64)));
	/* Writes outside the guest's range never reach the hardware at all. */
	f->fake.gtt_writes = 0;
	wr(test, T_GTT_BASE - 1, 0);
	wr(test, T_GTT_BASE + T_GTT_COUNT, VRAM_ENTRY(0));
	KUNIT_EXPECT_EQ(test, f->fake.gtt_writes, 0);
}

/*
 * Every write takes effect with the value the entry then holds: the low
 * dword with the old high one, then the whole entry.  A rewrite of the
 * same value changes nothing.
 */
static void mvgpu_test_gtt_dword_writes(struct kunit *test)
{
	struct gtt_fixture *f = fix(test);
	u64 e = VRAM_ENTRY(8192) | 1ULL << 40, lo = lower_32_bits(e);
	u64 hi = upper_32_bits(e), v;

	v = lo;
	KUNIT_EXPECT_EQ(test, gtt_access(test, T_GTT_BASE * 8, &v, 4, true), 0);
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE], VRAM_ENTRY(8192));
	v = hi;
	KUNIT_EXPECT_EQ(test, gtt_access(test, T_GTT_BASE * 8 + 4, &v, 4, true),
			0);
	/* Now outside the slice: refused, the real entry invalid. */
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE], 0);
	KUNIT_EXPECT_EQ(test, rd(test, T_GTT_BASE), e);
	v = 0;
	KUNIT_EXPECT_EQ(test, gtt_access(test, T_GTT_BASE * 8 + 4, &v, 4, false),
			0);
	KUNIT_EXPECT_EQ(test, v, hi);
	KUNIT_EXPECT_EQ(test, f->vgpu.gtt.invalid, 1);
	/* A byte write reaches one byte of the entry. */
	v = 0;
	KUNIT_EXPECT_EQ(test, gtt_access(test, T_GTT_BASE * 8 + 5, &v, 1, true),
			0);
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE], VRAM_ENTRY(8192));
	f->fake.gtt_writes = 0;
	wr(test, T_GTT_BASE, VRAM_ENTRY(8192));
	KUNIT_EXPECT_EQ(test, f->fake.gtt_writes, 0);
	KUNIT_EXPECT_EQ(test, f->vgpu.gtt.writes, 4);
}

/* Accesses across an entry, or past the window, are refused. */
static void mvgpu_test_gtt_bad_access(struct kunit *test)
{
	u64 v = 0;

	KUNIT_EXPECT_EQ(test, gtt_access(test, MVGPU_GTT_SIZE, &v, 4, false),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gtt_access(test, 4, &v, 8, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, gtt_access(test, 6, &v, 4, true), -EINVAL);
}

/* Reset clears the real entries of the range and every guest value. */
static void mvgpu_test_gtt_reset(struct kunit *test)
{
	struct gtt_fixture *f = fix(test);

	wr(test, T_GTT_BASE + 5, VRAM_ENTRY(0));
	wr(test, 3, VRAM_ENTRY(0));
	mvgpu_vgtt_reset(&f->vgpu);
	KUNIT_EXPECT_EQ(test, f->fake.gtt[T_GTT_BASE + 5], 0);
	KUNIT_EXPECT_EQ(test, rd(test, T_GTT_BASE + 5), 0);
	KUNIT_EXPECT_EQ(test, rd(test, 3), 0);
	KUNIT_EXPECT_EQ(test, f->vgpu.gtt.invalid, 0);
}

/* ---- reading and writing guest memory through its entries ------------ */

static void mvgpu_test_gtt_copy(struct kunit *test)
{
	struct gtt_fixture *f = fix(test);
	struct mvgpu_vgpu *vgpu = &f->vgpu;
	u64 va = (u64)(T_GTT_BASE + 10) * 4096;
	u8 out[64], in[64];
	unsigned int i;
	void *past;

	for (i = 0; i < sizeof(out); i++)
		out[i] = i ^ 0x5a;
	/* Two GPU pages, backed by device-memory pages 7 and 3, in that order. */
	wr(test, T_GTT_BASE + 10, VRAM_ENTRY(7 * 4096));
	wr(test, T_GTT_BASE + 11, VRAM_ENTRY(3 * 4096));
	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_write(vgpu, va + 4096 - 32, out,
					       sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(f->fake.vram + T_VRAM_BASE + 8 * 4096 - 32,
				     out, 32), 0);
	KUNIT_EXPECT_EQ(test, memcmp(f->fake.vram + T_VRAM_BASE + 3 * 4096,
				     out + 32, 32), 0);
	memset(in, 0, sizeof(in));
	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_read(vgpu, va + 4096 - 32, in,
					      sizeof(in)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(in)), 0);

	/* An invalid entry, a refused one, or outside the range: -EFAULT. */
	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_read(vgpu, va + 2 * 4096 - 8, in, 16),
			-EFAULT);
	wr(test, T_GTT_BASE + 12, VRAM_ENTRY(T_VRAM_SIZE));
	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_write(vgpu, va + 2 * 4096, out, 4),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_read(vgpu, (u64)(T_GTT_BASE - 1) * 4096,
					      in, 4), -EFAULT);
	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_read(vgpu, va, in, 0), -EFAULT);
	/* Nothing outside the slice was touched. */
	past = f->fake.vram + T_VRAM_BASE + T_VRAM_SIZE;
	KUNIT_EXPECT_NULL(test, memchr_inv(past, 0, T_VRAM_TOTAL - T_VRAM_BASE -
					   T_VRAM_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(f->fake.vram, 0, T_VRAM_BASE));
}

/* A register file without GTT state: the window reads 0, writes are dropped. */
static void mvgpu_test_gtt_no_state(struct kunit *test)
{
	struct gtt_fixture *f = fix(test);
	u64 v = ~0ULL;

	mvgpu_vgtt_fini(&f->vgpu);
	KUNIT_EXPECT_EQ(test, gtt_access(test, T_GTT_BASE * 8, &v, 8, true), 0);
	KUNIT_EXPECT_EQ(test, gtt_access(test, T_GTT_BASE * 8, &v, 8, false), 0);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_EXPECT_EQ(test, f->fake.gtt_writes, 0);
	KUNIT_EXPECT_EQ(test, mvgpu_vgtt_read(&f->vgpu, T_GTT_BASE * 4096ULL,
					      &v, 8), -EFAULT);
}

static struct kunit_case mvgpu_gtt_cases[] = {
	KUNIT_CASE_PARAM(mvgpu_test_gtt_decode, decode_gen_params),
	KUNIT_CASE(mvgpu_test_gtt_range_ok),
	KUNIT_CASE(mvgpu_test_gtt_vram_translated),
	KUNIT_CASE(mvgpu_test_gtt_change_flushed),
	KUNIT_CASE(mvgpu_test_gtt_refused),
	KUNIT_CASE(mvgpu_test_gtt_dword_writes),
	KUNIT_CASE(mvgpu_test_gtt_bad_access),
	KUNIT_CASE(mvgpu_test_gtt_reset),
	KUNIT_CASE(mvgpu_test_gtt_copy),
	KUNIT_CASE(mvgpu_test_gtt_no_state),
	{}
};

static struct kunit_suite mvgpu_gtt_suite = {
	.name = "mvgpu_gtt",
	.init = mvgpu_gtt_test_init,
	.exit = mvgpu_gtt_test_exit,
	.test_cases = mvgpu_gtt_cases,
};

kunit_test_suite(mvgpu_gtt_suite);
