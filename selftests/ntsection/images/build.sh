#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the PE test images of image_map_test with mingw-w64 (Debian's
# gcc-mingw-w64-x86-64 and gcc-mingw-w64-i686), from sections.S, and give
# their sections the Characteristics and sizes of each case with pe_patch
# (a host tool built here). Usage: build.sh OUTDIR
#
#   rwx64.dll rwx32.dll        DYNAMIC_BASE with relocations (the module picks
#                              the base), FileAlignment 512, every case of
#                              sections.S, HIGH/LOW/HIGHLOW relocations added
#   fixed64.dll fixed32.dll    no DYNAMIC_BASE (mapped at ImageBase),
#                              relocations kept, FileAlignment 4096
#   norelocs64.exe             no relocations, DYNAMIC_BASE set: still the
#                              header's ImageBase
#   norelocs32.exe             no relocations, no DYNAMIC_BASE
#   flat64.dll flat32.dll      SectionAlignment = FileAlignment = 512
#   overlap64.dll              rwx64.dll with .r one page longer and its raw
#                              data into that page, over .w, whose raw data
#                              is one sector: .w's page is .w's sector, then
#                              zeros (the later section wins)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:?usage: build.sh OUTDIR}")
HOSTCC=${HOSTCC:-gcc}
cc64=x86_64-w64-mingw32-gcc
cc32=i686-w64-mingw32-gcc
for c in $cc64 $cc32; do
	command -v "$c" >/dev/null ||
		{ echo "build.sh: $c is missing (apt-get install gcc-mingw-w64-x86-64 gcc-mingw-w64-i686)" >&2; exit 1; }
done

mkdir -p "$out"
patch=$out/.pe_patch
$HOSTCC -O2 -Wall -Werror -o "$patch" "$here/pe_patch.c"

# The Characteristics of every case (SPEC §10.3) and the odd layouts.
cases=(
	char .n 0x00000040 char .r 0x40000040 char .w 0x80000040 char .rw 0xc0000040
	char .x 0x20000020 char .rx 0x60000020 char .wx 0xa0000020 char .rwx 0xe0000020
	char .shw 0xd0000040 char .shx 0xf0000020 char .shr 0x50000040
	char .part 0x40000040 raw .part 0x345
	char .gap 0xc0000040 vsize .gap 0x1000
	char .vz 0x40000040 vsize .vz 0
	char .z 0x40000040 raw .z 0
	char .zp 0xc0000040 ptr .zp 0
	char .odd 0x40000040 ptr .odd +0x30 raw .odd -0x30
)
relocs=(reloc .rw+0x40 1 reloc .rw+0x42 2 reloc .rw+0x44 3)

# image CC FILE LDFLAGS... [-- PATCH-OPS...]
image() {
	local cc=$1 file=$2 entry=nts_entry
	shift 2
	local ld=() ops=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		ld+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	ops=("$@")
	[ "$cc" = "$cc32" ] && entry=_nts_entry
	"$cc" -nostdlib -Wl,-e,$entry -Wl,--major-subsystem-version,6 -o "$out/$file" \
		"${ld[@]}" "$here/sections.S"
	[ ${#ops[@]} = 0 ] || "$patch" "$out/$file" "${ops[@]}"
}

image $cc64 rwx64.dll -shared -Wl,--dynamicbase -Wl,--image-base,0x250000000 \
	-- "${cases[@]}" "${relocs[@]}"
image $cc32 rwx32.dll -shared -Wl,--dynamicbase -Wl,--image-base,0x30000000 \
	-- "${cases[@]}" "${relocs[@]}"
image $cc64 fixed64.dll -shared -Wl,--disable-dynamicbase -Wl,--file-alignment,4096 \
	-Wl,--image-base,0x260000000 -- "${cases[@]}" "${relocs[@]}"
image $cc32 fixed32.dll -shared -Wl,--disable-dynamicbase -Wl,--file-alignment,4096 \
	-Wl,--image-base,0x31000000 -- "${cases[@]}" "${relocs[@]}"
image $cc64 norelocs64.exe -Wl,--disable-reloc-section -Wl,--image-base,0x270000000 \
	-- "${cases[@]}" dllchar 0x0140
image $cc32 norelocs32.exe -Wl,--disable-reloc-section -Wl,--disable-dynamicbase \
	-Wl,--image-base,0x32000000 -- "${cases[@]}"
# Stripped: the file ends where the last section does, so that whether the
# view maps the file 1:1 or section by section gives the same bytes.
image $cc64 flat64.dll -shared -s -DFLAT -Wl,--disable-dynamicbase -Wl,--image-base,0x280000000 \
	-Wl,--section-alignment,512 -Wl,--file-alignment,512
image $cc32 flat32.dll -shared -s -DFLAT -Wl,--disable-dynamicbase -Wl,--image-base,0x33000000 \
	-Wl,--section-alignment,512 -Wl,--file-alignment,512
image $cc64 overlap64.dll -shared -Wl,--dynamicbase -Wl,--image-base,0x290000000 \
	-- "${cases[@]}" "${relocs[@]}" vsize .r +0x1000 raw .r +0x800 raw .w 0x200
rm -f "$patch"
