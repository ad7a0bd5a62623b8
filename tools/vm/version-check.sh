#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# One version number: the top-level VERSION file is the project's version
# (tools/lib/Makefile takes the library's and ntsection.pc's from it); the
# places that cannot read it at build time must say the same: dkms.conf's
# PACKAGE_VERSION, debian/changelog's newest entry, the module's
# MODULE_VERSION and the CLI's --version. Prints what disagrees, exits 1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$NTS_TOP"

want=$(cat VERSION)
[[ $want =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || nts_die "VERSION: \"$want\" is not X.Y.Z"
bad=0
check() {
	if [ "$2" != "$want" ]; then
		echo "version: $1 says \"$2\", VERSION says \"$want\"" >&2
		bad=1
	fi
}
check dkms.conf "$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)"
check debian/changelog "$(sed -n '1s/^ntsection (\([^)]*\)).*/\1/p' debian/changelog)"
check module/device.c "$(sed -n 's/^MODULE_VERSION("\(.*\)");$/\1/p' module/device.c)"
check tools/cli/ntsection.c \
	"$(sed -n 's/^#define CLI_VERSION[[:space:]]*"\(.*\)"$/\1/p' tools/cli/ntsection.c)"
exit $bad
