# SPDX-License-Identifier: GPL-2.0-only
#
# ntsection: Windows NT section objects for Linux.
#
#   make                  build module/ntsection.ko against KDIR
#   make run              boot Debian's 6.12 kernel in QEMU and run the demo
#   make check            static checks + tests in QEMU on stock 6.1, 6.12, 7.x and a debug kernel
#   make deps             install the Debian packages the bench needs (apt)
#   make install          libntsection, <ntsection.h>, the CLI, man pages, udev rule,
#                         modules-load.d file (PREFIX=/usr/local: see below)
#   make deb              Debian packages into build/deb (debhelper, dh-dkms), lintian
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

# Everything goes under PREFIX, the udev rule and the modules-load.d file
# too: PREFIX=/usr puts them where udev and systemd-modules-load read them
# (/usr/lib/udev/rules.d, /usr/lib/modules-load.d); with another PREFIX
# (/usr/local, ~/.local) set UDEVDIR=/etc/udev/rules.d and
# MODULESLOADDIR=/etc/modules-load.d (as root) if they should take effect.
PREFIX ?= /usr/local
UDEVDIR ?= $(PREFIX)/lib/udev/rules.d
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d

install:
	$(MAKE) -C tools/lib install PREFIX=$(PREFIX)
	install -d $(DESTDIR)$(UDEVDIR) $(DESTDIR)$(MODULESLOADDIR)
	install -m 0644 tools/udev/60-ntsection.rules $(DESTDIR)$(UDEVDIR)/60-ntsection.rules
	install -m 0644 tools/udev/ntsection.conf $(DESTDIR)$(MODULESLOADDIR)/ntsection.conf

# DKMS: the module is rebuilt for every kernel the machine installs.
# KERNELVER=... builds for another installed kernel than the running one.
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRC := $(DESTDIR)/usr/src/ntsection-$(DKMS_VERSION)

.PHONY: dkms-install dkms-remove
dkms-install:
	-dkms remove -m ntsection -v $(DKMS_VERSION) --all >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	cp -r Makefile Kbuild VERSION dkms.conf module include uapi $(DKMS_SRC)/
	find $(DKMS_SRC) \( -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' \) -delete
	dkms add -m ntsection -v $(DKMS_VERSION)
	dkms build -m ntsection -v $(DKMS_VERSION) $(if $(KERNELVER),-k $(KERNELVER))
	dkms install -m ntsection -v $(DKMS_VERSION) $(if $(KERNELVER),-k $(KERNELVER))

dkms-remove:
	dkms remove -m ntsection -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

# Debian packages (debian/): ntsection-dkms, libntsection1, libntsection-dev,
# ntsection-tools, built by dpkg-buildpackage from a copy of the source
# files (git ls-files; no build output goes in) into build/deb, then
# checked by lintian (any error or warning fails). VERSION, dkms.conf,
# debian/changelog, the module and the CLI must agree on the version.
DEB_OUT := $(CURDIR)/build/deb
VERSION := $(shell cat VERSION)

.PHONY: deb
deb:
	tools/vm/version-check.sh
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_OUT)/ntsection-$(VERSION)
	if git rev-parse --git-dir >/dev/null 2>&1; then \
		git ls-files -co --exclude-standard | while read -r f; do \
			[ -e "$$f" ] && printf '%s\n' "$$f"; done; \
	else \
		find . -path ./build -prune -o -path ./.git -prune -o ! -type d -print; \
	fi | tar -c -T - | tar -x -C $(DEB_OUT)/ntsection-$(VERSION)
	cd $(DEB_OUT)/ntsection-$(VERSION) && dpkg-buildpackage -us -uc -j2 >../build.log 2>&1 || \
		{ tail -n 30 ../build.log; exit 1; }
	lintian --pedantic --display-info --fail-on error,warning $(DEB_OUT)/*.changes \
		>$(DEB_OUT)/lintian.txt 2>&1; rc=$$?; cat $(DEB_OUT)/lintian.txt; exit $$rc
	ls $(DEB_OUT)/*.deb
