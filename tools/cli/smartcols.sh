#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Debian ships libsmartcols as a shared library only, and the guests run a
# static ntsection CLI: build libsmartcols.a once from Debian's own source
# of util-linux (the version of this machine's libsmartcols-dev), fetched
# with apt through an apt configuration of its own (deb-src of the archive
# this machine's apt sources name; the machine's sources are never changed).
# Prints the directory holding include/libsmartcols.h and lib/libsmartcols.a
# (cached in $NTSECTION_CACHE, keyed by the version).
# Usage: smartcols.sh
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"

ver=$(dpkg-query -W -f='${Version}' libsmartcols-dev 2>/dev/null) ||
	nts_die "libsmartcols-dev is missing (tools/vm/deps.sh installs it)"
dest=$NTS_CACHE/smartcols/$ver
if [ -f "$dest/lib/libsmartcols.a" ] && [ -f "$dest/include/libsmartcols.h" ]; then
	echo "$dest"
	exit 0
fi
apt=$NTS_CACHE/smartcols/apt
work=$NTS_CACHE/smartcols/build
uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '/^URIs:/ && $2 ~ /debian\/?$/ { print $2; exit }')
[ -n "$uri" ] || uri=$(awk '/^deb / { for (i = 2; i <= NF; i++)
	if ($i ~ /^[a-z]+:\/\// && $i ~ /debian\/?$/) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null)
[ -n "$uri" ] || nts_die "no Debian archive in this machine's apt sources"
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
rm -rf "$work"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$work"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main" \
	>"$apt/sources.list"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite-updates main" \
	>>"$apt/sources.list"
A=(-o "Dir::Etc::sourcelist=$apt/sources.list" -o Dir::Etc::sourceparts=-
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
	-o Dir::State::status=/dev/null -o APT::Sandbox::User=root -q)
nts_log "libsmartcols.a: fetching util-linux $ver's source from $uri"
apt-get "${A[@]}" update >"$work/update.log" 2>&1 ||
	{ tail -n 5 "$work/update.log" >&2; nts_die "apt-get update (deb-src)"; }
(cd "$work" && apt-get "${A[@]}" source "util-linux=$ver" >source.log 2>&1) ||
	{ tail -n 5 "$work/source.log" >&2; nts_die "apt-get source util-linux=$ver"; }
src=$(find "$work" -maxdepth 1 -type d -name 'util-linux-*' | head -n 1)
[ -n "$src" ] || nts_die "no util-linux source in $work"
nts_log "libsmartcols.a: building it"
(cd "$src" && ./configure --disable-all-programs --enable-libsmartcols \
	--enable-static --disable-shared --without-python --disable-nls \
	--disable-bash-completion >"$work/configure.log" 2>&1 &&
	make -j2 libsmartcols.la >"$work/make.log" 2>&1) ||
	{ tail -n 20 "$work/configure.log" "$work/make.log" >&2; nts_die "building libsmartcols.a"; }
rm -rf "$dest"
mkdir -p "$dest/lib" "$dest/include"
cp "$src/.libs/libsmartcols.a" "$dest/lib/"
cp "$src/libsmartcols/src/libsmartcols.h" "$dest/include/"
rm -rf "$work"
echo "$dest"
