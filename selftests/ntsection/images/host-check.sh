#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Host-side sanity check of the image view reference (image_layout.h), no
# module and no guest involved; not part of make check. Builds the test
# images and layout_check, checks the images against what sections.S put
# in them (layout_check -s), then compares, for those images and for every
# file of the optional DIRs (the libwine corpus, say), the section table
# and the number of base relocations the reference read with what
# x86_64-w64-mingw32-objdump says.
# Usage: host-check.sh [DIR...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
HOSTCC=${HOSTCC:-gcc}
objdump=x86_64-w64-mingw32-objdump

"$here/build.sh" "$work/images"
$HOSTCC -O2 -Wall -Wextra -Werror -o "$work/layout_check" "$here/layout_check.c"
"$work/layout_check" -s -q "$work"/images/*

# The reference's view of one file against objdump's: sections (name, RVA,
# file offset; long names are string-table offsets in the reference) and relocation entries (ABSOLUTE ones aside).
compare() {
	local f=$1 base
	"$work/layout_check" "$f" >"$work/ref" 2>/dev/null || return 1
	base=$($objdump -p "$f" | awk '$1 == "ImageBase" { print $2 }')
	local va ptr vma off
	while read -r _ _ va ptr _; do
		echo "$((va)) $((ptr))"
	done < <(grep '^section ' "$work/ref") >"$work/ref.sections"
	while read -r _ _ _ vma _ off _; do
		echo "$((16#$vma - 16#$base)) $((16#$off))"
	done < <($objdump -h "$f" | grep -E '^ +[0-9]+ ') >"$work/objdump.sections"
	[ -s "$work/ref.sections" ] || { echo "$f: no sections" >&2; return 1; }
	if ! diff -u "$work/objdump.sections" "$work/ref.sections" >"$work/diff"; then
		echo "$f: sections differ from objdump's:" >&2
		cat "$work/diff" >&2
		return 1
	fi
	local want got
	want=$($objdump -p "$f" | grep -cE '^\s+reloc\s+[0-9]+ offset .* (HIGH|LOW|HIGHLOW|DIR64)$' || true)
	got=$(awk '$1 == "relocs" { print $2 }' "$work/ref")
	if [ "$want" != "$got" ]; then
		echo "$f: $got relocation entries, objdump says $want" >&2
		return 1
	fi
}

fail=0 n=0
for f in "$work"/images/*; do
	n=$((n + 1))
	compare "$f" || fail=$((fail + 1))
done
for d in "$@"; do
	for f in "$d"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		compare "$f" || fail=$((fail + 1))
	done
	"$work/layout_check" -q "$d"/* >/dev/null
done
echo "host-check: $n files compared with objdump, $fail differ"
[ $fail = 0 ]
