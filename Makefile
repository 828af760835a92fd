# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level build.  The kernel side uses Kbuild (see Kbuild, kernel/Kbuild);
# this file only drives it, the userspace build (userspace/Makefile), the
# test tools and the test tiers.  Targets: see README.md.

SHELL := /bin/bash
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(TOP)/build
# Default kernel tree: the running kernel's headers (a box builds for what it
# runs); on a machine without them (a build or test host whose own kernel is
# not Debian's), the newest installed Debian headers.
KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build),\
	$(lastword $(sort $(wildcard /lib/modules/*/build))))
KVER = $(notdir $(patsubst %/,%,$(dir $(KDIR))))
KERNELS = $(shell $(TOP)/scripts/kernels.sh)
TOOLS = $(patsubst %/Makefile,%,$(wildcard $(TOP)/tests/tools/*/Makefile))
PREFIX ?= /usr
DESTDIR ?=
VERSION := $(shell cat $(TOP)/VERSION)

.PHONY: all modules modules-all userspace userspace-asan tools deps check \
	run demo bench install modules_install dkms-install deb clean help

# What a box needs; the test tools (tools) are built by check, demo, bench.
all: modules userspace

help:
	@sed -n '/^## Make targets/,/^## /p' $(TOP)/README.md

# Build output and warnings of each build are kept in build/logs so that the
# "zero warnings" rule is checked by a test, not by eye.
modules:
	@test -n "$(KDIR)" || { echo "no kernel headers: run scripts/install-deps.sh" >&2; exit 1; }
	@mkdir -p $(BUILD)/logs
	+set -o pipefail; $(TOP)/scripts/build-kmod.sh $(KDIR) $(BUILD)/kmod/$(KVER) 2>&1 \
		| $(TOP)/scripts/build-log.sh $(BUILD)/logs/kmod-$(KVER).log

modules-all:
	@for k in $(KERNELS); do \
		$(MAKE) --no-print-directory modules KDIR=/lib/modules/$$k/build || exit 1; \
	done

userspace:
	@mkdir -p $(BUILD)/logs
	set -o pipefail; $(MAKE) -C $(TOP)/userspace O=$(BUILD) 2>&1 \
		| $(TOP)/scripts/build-log.sh $(BUILD)/logs/userspace.log

userspace-asan:
	@mkdir -p $(BUILD)/logs
	set -o pipefail; $(MAKE) -C $(TOP)/userspace O=$(BUILD) asan 2>&1 \
		| $(TOP)/scripts/build-log.sh $(BUILD)/logs/userspace-asan.log

# Test tools, and the kernel's YNL CLI and schemas for the netlink tests.
tools:
	@mkdir -p $(BUILD)/tools $(BUILD)/logs
	@$(TOP)/scripts/ynl-tree.sh $(BUILD)/ynl > /dev/null
	@# The VM sees the tree read-only: compiled here, or every Python
	@# start there compiles the YNL library again (tests/tools/fxs-ynl.py).
	@/usr/bin/python3 -m compileall -q $(BUILD)/ynl/tools/net/ynl/lib
	@for t in $(TOOLS); do \
		( set -o pipefail; $(MAKE) -C $$t O=$(BUILD)/tools 2>&1 \
			| $(TOP)/scripts/build-log.sh \
			$(BUILD)/logs/tool-$$(basename $$t).log ) || exit 1; \
	done

# Everything the tests, the demo and the benchmarks need (a box needs only
# scripts/install-deps.sh without --test).
deps:
	$(TOP)/scripts/install-deps.sh --test

# The test command of README.md and CI: install what is missing, build for
# every installed test kernel, run every tier.  Last line: N passed, N failed.
check: deps
	$(MAKE) --no-print-directory modules-all
	$(MAKE) --no-print-directory userspace userspace-asan tools
	$(TOP)/tests/run

run: userspace
	$(BUILD)/bin/handsetd -F

demo: deps
	$(TOP)/scripts/demo.sh

bench: deps
	$(MAKE) --no-print-directory modules-all
	$(MAKE) --no-print-directory userspace tools
	$(TOP)/bench/run

install:
	$(MAKE) -C $(TOP)/userspace O=$(BUILD) install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	install -d $(DESTDIR)/usr/lib/udev/rules.d
	for r in $(wildcard $(TOP)/udev/*.rules); do \
		install -m 0644 $$r $(DESTDIR)/usr/lib/udev/rules.d/; done
	install -d $(DESTDIR)$(PREFIX)/include/linux
	install -m 0644 $(TOP)/kernel/include/uapi/linux/fxs.h \
		$(TOP)/kernel/include/uapi/linux/fxs_name.h \
		$(DESTDIR)$(PREFIX)/include/linux/
	# the ABI's source, for YNL and other generic clients
	install -D -m 0644 $(TOP)/kernel/fxs.yaml \
		$(DESTDIR)$(PREFIX)/share/fxs/netlink/fxs.yaml

# libFuzzer targets over handsetd's parsers (docs/fuzzing.md): the
# committed inputs, then FUZZ_SECONDS of fuzzing per target.
FUZZ_SECONDS ?= 300
.PHONY: fuzz
fuzz:
	$(MAKE) -C $(TOP)/userspace -f fuzz/Makefile O=$(BUILD)
	FXS_BUILD=$(BUILD) $(TOP)/tests/fuzz/run $(FUZZ_SECONDS)

# Installs the modules built for KDIR (default: the running kernel's headers)
# into /lib/modules/KVER/updates.
modules_install: modules
	install -d $(DESTDIR)/lib/modules/$(KVER)/updates/fxs
	install -m 0644 $(BUILD)/kmod/$(KVER)/*.ko $(DESTDIR)/lib/modules/$(KVER)/updates/fxs/
	test -n "$(DESTDIR)" || depmod -a $(KVER)

# DKMS rebuilds the modules for every new kernel a real box installs.  The
# same source tree as the fxs-dkms package: Kbuild, kernel/, dkms.conf with
# the version from VERSION.
dkms-install:
	rm -rf /usr/src/fxs-$(VERSION)
	install -d /usr/src/fxs-$(VERSION)
	cp -a $(TOP)/Kbuild $(TOP)/kernel /usr/src/fxs-$(VERSION)/
	sed 's/#MODULE_VERSION#/$(VERSION)/' $(TOP)/dkms.conf \
		> /usr/src/fxs-$(VERSION)/dkms.conf
	dkms add -m fxs -v $(VERSION) 2>/dev/null || true
	@# every kernel with headers, as the fxs-dkms package does: the
	@# running one may have none (a vendor kernel), the next one does
	@set -e; n=0; for k in $$(ls /lib/modules); do \
		[ -e /lib/modules/$$k/build/Makefile ] || continue; \
		dkms build -m fxs -v $(VERSION) -k $$k; \
		dkms install -m fxs -v $(VERSION) -k $$k; \
		n=$$((n + 1)); \
	done; \
	[ $$n -gt 0 ] || { echo "dkms-install: no kernel headers in" \
		"/lib/modules/*/build (scripts/install-deps.sh installs" \
		"them)" >&2; exit 1; }

# The Debian packages (debian/), built from a copy of the tracked files so
# the work tree stays clean, into build/deb/.
deb:
	$(TOP)/scripts/build-deb.sh $(BUILD)/deb

clean:
	rm -rf $(BUILD)
