#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the static userspace binaries the guests run: the kselftests
# (selftests/ntsection/*.c, one program per file, on kselftest_harness.h
# from the kernel source) and the demo.
# Usage: build-userspace.sh OUTDIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: build-userspace.sh OUTDIR}
ksrc=$(nts_kernel_source)
CC=${CC:-gcc}
CFLAGS="-O2 -g -Wall -Werror -static -pthread -D_GNU_SOURCE"
CFLAGS+=" -I$NTS_TOP/uapi -I$NTS_TOP/samples/ntsection -I$ksrc/tools/testing/selftests"

mkdir -p "$out/tests" "$out/bin"
for src in "$NTS_TOP"/selftests/ntsection/*.c; do
	name=$(basename "$src" .c)
	# shellcheck disable=SC2086
	$CC $CFLAGS -o "$out/tests/$name" "$src"
done
for src in "$NTS_TOP"/tools/demo/*.c; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .c)
	# shellcheck disable=SC2086
	$CC $CFLAGS -o "$out/bin/$name" "$src"
done
