# SPDX-License-Identifier: GPL-2.0-only
#
# ntsection: Windows NT section objects for Linux.
#
#   make                  build module/ntsection.ko against KDIR
#   make run              boot Debian's 6.12 kernel in QEMU and run the demo
#   make check            static checks + tests in QEMU on stock 6.1, 6.12, 7.x and a debug kernel
#   make deps             install the Debian packages the bench needs (apt)
#   make install          libntsection, <ntsection.h>, the CLI, man pages, udev rule
#   make dkms-install     register the module with DKMS (rebuilt for new kernels)
#   make stress DURATION=S  the concurrency stress test alone on the debug kernel
#                         (STRESS_KERNEL=stock-6.12 or stock-6.1: ~30x the operations)
#   make bench            benchmark ntsection against memfd in a 6.12 guest
#                         (BENCH_KERNEL=stock-6.1 for Debian's 6.1)
#
# KDIR defaults to the running kernel's build directory.

KDIR ?= /lib/modules/$(shell uname -r)/build
EXTRA_TESTS ?=

.PHONY: all modules clean deps check run selftests bench

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf build

deps:
	tools/vm/deps.sh

selftests:
	tools/vm/build-userspace.sh build/userspace

check:
	EXTRA_TESTS="$(EXTRA_TESTS)" tools/vm/check.sh

run:
	tools/vm/run-demo.sh

bench:
	BENCH_KERNEL="$(BENCH_KERNEL)" tools/vm/bench.sh

# The stress test alone, on the debug kernel unless STRESS_KERNEL says
# otherwise: make stress DURATION=600 [STRESS_KERNEL=stock-6.12]
.PHONY: stress
stress:
	DURATION="$(DURATION)" STRESS_KERNEL="$(STRESS_KERNEL)" tools/vm/stress.sh

# libntsection, <ntsection.h>, ntsection.pc, the ntsection CLI, man pages
# (tools/lib/Makefile): make install DESTDIR=... PREFIX=/usr
.PHONY: lib install

lib:
	$(MAKE) -C tools/lib

UDEVDIR ?= /usr/lib/udev/rules.d

install:
	$(MAKE) -C tools/lib install
	install -d $(DESTDIR)$(UDEVDIR)
	install -m 0644 tools/udev/60-ntsection.rules $(DESTDIR)$(UDEVDIR)/60-ntsection.rules

# DKMS: the module is rebuilt for every kernel the machine installs.
# KERNELVER=... builds for another installed kernel than the running one.
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRC := $(DESTDIR)/usr/src/ntsection-$(DKMS_VERSION)

.PHONY: dkms-install dkms-remove
dkms-install:
	-dkms remove -m ntsection -v $(DKMS_VERSION) --all >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	cp -r Makefile Kbuild dkms.conf module include uapi $(DKMS_SRC)/
	find $(DKMS_SRC) \( -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' \) -delete
	dkms add -m ntsection -v $(DKMS_VERSION)
	dkms build -m ntsection -v $(DKMS_VERSION) $(if $(KERNELVER),-k $(KERNELVER))
	dkms install -m ntsection -v $(DKMS_VERSION) $(if $(KERNELVER),-k $(KERNELVER))

dkms-remove:
	dkms remove -m ntsection -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)
