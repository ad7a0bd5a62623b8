#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make run: build what is missing, boot Debian's stock 6.12 kernel in QEMU
# with ntsection loaded, and run the demo.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$NTS_TOP/tools/vm/deps.sh"
read -r _ image kdir < <(nts_stock_kernels | grep '^stock-6.12 ') ||
	nts_die "Debian's 6.12 kernel is not installed (run: make deps)"
out=$NTS_OUT/run
nts_log "building ntsection.ko for $(basename "$image")"
"$NTS_TOP/tools/vm/build-module.sh" "$kdir" "$out" || nts_die "module build failed: $out/build.log"
"$NTS_TOP/tools/vm/build-userspace.sh" "$out/userspace"
nts_log "booting the guest (QEMU; under TCG this takes a few seconds to a minute)"
"$NTS_TOP/tools/vm/run-guest.sh" -d -k "$image" -m "$out/modules" -u "$out/userspace" \
	-o "$out/guest" -t 300
grep -v '^ntsection-guest: \(start\|done\)' "$out/guest/tests.log" | sed 's/^ntsection-guest: /guest: /'
grep -q '^ntsection-guest: demo rc=0' "$out/guest/tests.log"
