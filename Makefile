# SPDX-License-Identifier: GPL-2.0-only
#
# mvgpu top-level Makefile.
#
#   make            modules (against KDIR), admin tool and test programs
#   make check      every test suite, in VMs; ends with "N passed, N failed"
#   make unit       userspace builds of the pure logic under ASan/UBSan
#   make bench      executor FILL/COPY/CRC32C throughput against memset/memcpy
#   make bench-vgpu the same workload through a vGPU (tools/mvgpu-guest) and
#                   natively through the render node, in a VM: ratios per
#                   size, trapped MMIO accesses per batch; then the command
#                   parser's scan-and-shadow rate (tests/bench)
#   make bench-sched the scheduler in a VM: share error by weight,
#                   preemption latency with a 1 GiB FILL running, aggregate
#                   throughput of 1-64 busy vGPUs against a native client,
#                   kernel memory per idle vGPU (tools/mvgpu-guest)
#   make lint       checkpatch --strict, sparse, W=1, kernel-doc
#   make demo       the end-to-end demonstration
#   make deps       install what the build and the tests need (apt-get)
#   make install    the modules (into /lib/modules/KVER/updates, then
#                   depmod) and the admin tool with its man page and bash
#                   completion (DESTDIR, PREFIX as in tools/mvgpuctl/Makefile)
#   make modules    only the modules, against KDIR (DKMS: dkms.conf)
#   make clean-modules

MVGPU_CACHE ?= $(HOME)/.cache/mvgpu
KVER ?= $(shell ls -1 /usr/src 2>/dev/null | sed -n 's/^linux-headers-\(6\.1\.0-.*-amd64\)$$/\1/p' | sort -V | tail -n 1)
KDIR ?= /usr/src/linux-headers-$(KVER)
KSRC ?= $(MVGPU_CACHE)/linux-source-6.1
export MVGPU_CACHE KSRC

CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -Werror=implicit-function-declaration
export CFLAGS

all: modules tools tests

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/mvgpuctl
	$(MAKE) -C tools/mvgpu-work
	$(MAKE) -C tools/mvgpu-guest

tests:
	$(MAKE) -C tests/selftests

unit:
	$(MAKE) -C tests/unit run

bench:
	$(MAKE) -C tests/bench run

# Needs root (QEMU), like check.  Printed numbers, never asserted.
bench-vgpu: modules tools
	scripts/vm-run --timeout 1800 -- tools/mvgpu-guest/bench-vgpu.sh
	$(MAKE) -s -C tests/bench build/parser_bench
	tests/bench/build/parser_bench

# Needs root (QEMU).  Printed numbers, never asserted.
bench-sched: modules tools
	scripts/vm-run --timeout 1800 -- tools/mvgpu-guest/bench-sched.sh

check:
	scripts/check.sh

lint:
	scripts/lint.sh

demo:
	scripts/demo.sh

deps:
	scripts/deps.sh

install: install-modules
	$(MAKE) -C tools/mvgpuctl install

install-modules: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates CONFIG_MODULE_SIG_ALL= modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)

clean-modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

clean:
	$(MAKE) clean-modules || true
	$(MAKE) -C tools/mvgpuctl clean
	$(MAKE) -C tools/mvgpu-work clean
	$(MAKE) -C tools/mvgpu-guest clean
	$(MAKE) -C tests/selftests clean
	$(MAKE) -C tests/unit clean

.PHONY: all modules tools tests unit bench bench-vgpu bench-sched check lint demo deps \
	install install-modules clean-modules clean
