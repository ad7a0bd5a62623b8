#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the static userspace binaries the guests run: the kselftests
# (selftests/ntsection/*.c, one program per file, on kselftest_harness.h
# from the kernel source; six of them also as 32-bit programs),
# libntsection with the ntsection CLI (OUTDIR/lib, OUTDIR/bin/ntsection),
# the demo (on the library) and the library's tests (lib_test, lib_placeholder_test, cli_test,
# and install_test, built from a "make install" with pkg-config only, as are
# the win_* programs of tools/lib/tests/windows); the
# PE images of image_map_test (OUTDIR/images) and the libwine corpus of
# image_corpus_test (OUTDIR/corpus).
# Usage: build-userspace.sh OUTDIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$(realpath -m "${1:?usage: build-userspace.sh OUTDIR}")
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
# The PE images image_map_test maps (mingw-w64), as OUTDIR/images.
"$NTS_TOP/selftests/ntsection/images/build.sh" "$out/images"
# The corpus image_corpus_test maps, Debian's libwine PE files, as
# OUTDIR/corpus (NTSECTION_CORPUS=0: none, the test skips).
if [ "${NTSECTION_CORPUS:-1}" != 0 ]; then
	"$NTS_TOP/tools/vm/corpus.sh" "$out/corpus"
else
	rm -rf "$out/corpus"
fi
# The same ABI from 32-bit processes (the compat ioctl path, a 4 GiB user
# address space): the tests whose expectations hold in both, as NAME_32.
# kselftest_harness.h casts pointers to intmax_t, hence the two -Wno.
for name in device_test section_test view_test file_view_test name_test access_test isolation_test \
	flush_test reserve_view_test placeholder_test; do
	# shellcheck disable=SC2086
	$CC -m32 $CFLAGS -Wno-pointer-to-int-cast -Wno-int-to-pointer-cast \
		-o "$out/tests/${name}_32" "$NTS_TOP/selftests/ntsection/$name.c"
done

# libntsection and the ntsection CLI, static, and their tests.
lib=$out/lib
# The CLI's libsmartcols, static (Debian ships the .so only).
sc=$("$NTS_TOP/tools/cli/smartcols.sh")
sc_vars=(CLI_CFLAGS="-I$sc/include" CLI_LIBS="$sc/lib/libsmartcols.a")
make -s -C "$NTS_TOP/tools/lib" O="$lib" CC="$CC" LDFLAGS=-static WERROR=1 "${sc_vars[@]}" all
cp "$lib/ntsection" "$out/bin/ntsection"
# The demo, a libntsection program.
for src in "$NTS_TOP"/tools/demo/*.c; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .c)
	# shellcheck disable=SC2086
	$CC $CFLAGS -I"$NTS_TOP/tools/lib" -o "$out/bin/$name" "$src" "$lib/libntsection.a"
done
# shellcheck disable=SC2086
$CC $CFLAGS -I"$NTS_TOP/tools/lib" -o "$out/tests/lib_test" \
	"$NTS_TOP/tools/lib/tests/lib_test.c" "$lib/libntsection.a"
# shellcheck disable=SC2086
$CC $CFLAGS -I"$NTS_TOP/tools/lib" -o "$out/tests/lib_placeholder_test" \
	"$NTS_TOP/tools/lib/tests/placeholder_test.c" "$lib/libntsection.a"
# cli_test carries the CLI binary it tests (tools/cli/tests/cli_blob.h),
# and glibc's C.UTF-8 LC_CTYPE for guests without locales.
ctype=/usr/lib/locale/C.utf8/LC_CTYPE
cli_ctype=()
[ -f "$ctype" ] && cli_ctype=(-DCLI_LOCALE_CTYPE="\"$ctype\"")
# shellcheck disable=SC2086
$CC $CFLAGS -I"$NTS_TOP/tools/lib" -DCLI_BINARY="\"$out/bin/ntsection\"" "${cli_ctype[@]}" \
	-o "$out/tests/cli_test" "$NTS_TOP/tools/cli/tests/cli_test.c" "$lib/libntsection.a"

# "make install" into a scratch root, and a program built from what it
# installed alone: the header and "pkg-config --static --cflags --libs".
root=$out/install
rm -rf "$root"
make -s -C "$NTS_TOP/tools/lib" O="$lib" CC="$CC" LDFLAGS=-static WERROR=1 DESTDIR="$root" \
	"${sc_vars[@]}" PREFIX=/usr install
command -v pkg-config >/dev/null || nts_die "pkg-config is missing (apt-get install pkgconf)"
pc() {
	PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root/usr/lib/pkgconfig \
		PKG_CONFIG_PATH= PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 \
		pkg-config --static "$@" ntsection
}
pc_cflags=$(pc --cflags)
pc_libs=$(pc --libs)
# shellcheck disable=SC2086
$CC -O2 -Wall -Werror -static $pc_cflags -o "$out/tests/install_test" \
	"$NTS_TOP/tools/lib/tests/install_test.c" $pc_libs

# The corpus of Windows-style programs (tools/lib/tests/windows), C and C++,
# as OUTDIR/tests/win_*: the same installed header and pkg-config, plus the
# pc file's wchar_cflags (L"" names); winelib_style.c also with Wine's
# <windows.h> and <winternl.h> first (libwine-dev).
wchar_cflags=$(pc --variable=wchar_cflags)
[ -n "$wchar_cflags" ] || nts_die "ntsection.pc has no wchar_cflags"
wine_inc=/usr/include/wine/wine/windows
[ -f "$wine_inc/winternl.h" ] || nts_die "Wine's headers are missing (apt-get install libwine-dev)"
win=$NTS_TOP/tools/lib/tests/windows
for src in "$win"/*.c "$win"/*.cpp; do
	name=$(basename "${src%.*}")
	cc=$CC extra=()
	case $src in *.cpp) cc=${CXX:-g++} ;; esac
	[ "$name" = winelib_style ] && extra=(-I"$wine_inc")
	# shellcheck disable=SC2086
	$cc -O2 -Wall -Werror -static $wchar_cflags "${extra[@]}" $pc_cflags \
		-o "$out/tests/win_$name" "$src" $pc_libs
done
# Compile-only: Wine's headers after <ntsection.h> too; and without a 16-bit
# wchar_t, an L"" name must not compile, in C and in C++ (it would be "\").
src=$out/win_checks.c
printf '#include <ntsection.h>\n#include <windows.h>\n#include <winternl.h>\n%s\n' \
	'NTSTATUS f(PHANDLE h, POBJECT_ATTRIBUTES oa) { return NtOpenSection(h, 4, oa); }' >"$src"
# shellcheck disable=SC2086
$CC -Wall -Werror $wchar_cflags -I"$wine_inc" $pc_cflags -c -o /dev/null "$src"
printf '#include <ntsection.h>\n%s\n' \
	'void f(PUNICODE_STRING s) { RtlInitUnicodeString(s, L"\\BaseNamedObjects\\x"); }' >"$src"
for cc in "$CC -x c" "${CXX:-g++} -x c++"; do
	# shellcheck disable=SC2086
	if err=$($cc -Wall $pc_cflags -c -o /dev/null "$src" 2>&1); then
		nts_die "an L\"\" name compiled without -fshort-wchar ($cc)"
	fi
	# The error is the header's (C) or the conversion to PCWSTR (C++).
	grep -qE 'L"" is 32-bit|PCWSTR' <<<"$err" || nts_die "$cc: not the L\"\" error: $err"
done
rm -f "$src"
