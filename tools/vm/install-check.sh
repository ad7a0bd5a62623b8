#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The library build and "make install" as a packager and a user see them:
#   - CPPFLAGS and CFLAGS reach every compile, LDFLAGS every link (the .so's
#     too; -static only the CLI's), -Werror only with WERROR=1;
#   - make install PREFIX=~/.local writes under DESTDIR+PREFIX and nowhere
#     else (udev rule and modules-load.d file included), the .so 0644, one
#     alias page per name of ntsection(3)'s NAME section (Zw* included);
#   - the installed ntsection.pc and library carry VERSION.
# Prints one "PASS|FAIL install:NAME[: why]" line per check; exits 1 on any
# failure. Usage: install-check.sh [SCRATCHDIR]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$(realpath -m "${1:-$NTS_OUT/install-check}")
rm -rf "$tmp"
mkdir -p "$tmp"
failed=0
pass() { echo "PASS install:$1"; }
fail() { echo "FAIL install:$1: $2"; failed=1; }
version=$(cat "$NTS_TOP/VERSION")

# The commands make would run, one line each (continuations joined).
commands() {
	make -n -B -C "$NTS_TOP/tools/lib" O="$tmp/o" "$@" all 2>&1 |
		sed -e ':a' -e '/\\$/N' -e 's/\\\n//' -e 'ta'
}
# With marker flags.
cmds=$(commands CPPFLAGS=-DNTS_CPPFLAGS_MARK CFLAGS="-O2 -DNTS_CFLAGS_MARK" \
	LDFLAGS="-Wl,-z,relro -static")
# shellcheck disable=SC2034 # read through ${!what}
obj=$(grep -- '-c -o .*libntsection\.o' <<<"$cmds")
so=$(grep -- '-shared' <<<"$cmds")
cli=$(grep -- "-o $tmp/o/ntsection " <<<"$cmds")
for what in obj cli; do
	line=${!what}
	if grep -q -- -DNTS_CPPFLAGS_MARK <<<"$line" && grep -q -- -DNTS_CFLAGS_MARK <<<"$line"; then
		pass "cppflags-cflags:$what"
	else
		fail "cppflags-cflags:$what" "${line:-no such command}"
	fi
done
if grep -q -- '-Wl,-z,relro' <<<"$so" && ! grep -q -- ' -static' <<<"$so"; then
	pass ldflags:so
else
	fail ldflags:so "${so:-no such command}"
fi
if grep -q -- '-Wl,-z,relro' <<<"$cli" && grep -q -- ' -static' <<<"$cli"; then
	pass ldflags:cli
else
	fail ldflags:cli "${cli:-no such command}"
fi
if grep -q -- -Werror <<<"$cmds"; then
	fail no-werror "-Werror without WERROR=1"
else
	pass no-werror
fi
# (grep reads all of it: "grep -q" under pipefail would fail on make's SIGPIPE.)
if commands WERROR=1 | grep -c -- '-Werror' >/dev/null; then
	pass werror-1
else
	fail werror-1 "WERROR=1 gives no -Werror"
fi

# make install into a user's prefix.
home=/home/someone/.local
if make -s -C "$NTS_TOP" install DESTDIR="$tmp/root" PREFIX="$home" O="$tmp/o" \
	>"$tmp/install.log" 2>&1; then
	pass make-install
else
	fail make-install "see $tmp/install.log"
	exit 1
fi
outside=$(cd "$tmp/root" && find . ! -type d | grep -v "^\.$home/")
if [ -z "$outside" ]; then
	pass prefix-only
else
	fail prefix-only "outside $home: $(tr '\n' ' ' <<<"$outside")"
fi
for f in lib/udev/rules.d/60-ntsection.rules lib/modules-load.d/ntsection.conf \
	"lib/libntsection.so.$version" lib/libntsection.so.1 lib/pkgconfig/ntsection.pc \
	bin/ntsection include/ntsection.h include/linux/ntsection.h share/man/man1/ntsection.1; do
	[ -e "$tmp/root$home/$f" ] || fail "installed:$f" missing
done
mode=$(stat -c %a "$tmp/root$home/lib/libntsection.so.$version" 2>/dev/null)
if [ "$mode" = 644 ]; then
	pass so-mode-0644
else
	fail so-mode-0644 "mode $mode"
fi
if grep -qx "Version: $version" "$tmp/root$home/lib/pkgconfig/ntsection.pc"; then
	pass pc-version
else
	fail pc-version "$(grep '^Version' "$tmp/root$home/lib/pkgconfig/ntsection.pc")"
fi
names=$(lexgrog "$NTS_TOP/tools/man/ntsection.3" | sed -E 's/^[^"]*"([^ ]+) - .*/\1/')
missing=
for n in $names libntsection; do
	[ -f "$tmp/root$home/share/man/man3/$n.3" ] || missing+=" $n"
done
if [ -z "$missing" ] && grep -qx ZwCreateSection <<<"$names"; then
	pass man3-aliases
else
	fail man3-aliases "no alias page for:${missing:- ZwCreateSection in NAME}"
fi
exit $failed
