#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The stock-7.x kernel of the bench: Debian's newest 7.x kernel image and
# headers (trixie-backports or unstable, whichever is newer; the version in
# tools/vm/kernel-7x.pin while the archive has it), and a Debian 13 build
# root with gcc-14 to build modules for it (Debian 12's gcc-12 rejects the
# flags a 7.x kernel is built with). Everything comes with apt from the
# Debian archive this machine's apt sources already name, through an apt
# configuration of its own (the machine's sources are never changed), and
# is cached in $NTS_CACHE keyed by package versions.
# Prints "VMLINUZ KDIR ROOT": ROOT is the build root, KDIR the headers'
# directory inside it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pin=$(grep -v '^#' "$NTS_TOP/tools/vm/kernel-7x.pin" | head -n 1)
apt7=$NTS_CACHE/apt7

# The Debian archive of the machine's own apt sources (deb822 or one-line).
uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' | grep -v security | head -n 1)
[ -n "$uri" ] || uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++)
	if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null)
[ -n "$uri" ] || nts_die "no Debian archive in this machine's apt sources"

mkdir -p "$apt7/lists/partial" "$apt7/cache/archives/partial"
cat >"$apt7/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie-backports main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main
SRC
A=(-o "Dir::Etc::sourcelist=$apt7/sources.list" -o Dir::Etc::sourceparts=-
   -o "Dir::State::Lists=$apt7/lists" -o "Dir::Cache=$apt7/cache"
   -o Dir::State::status=/dev/null -o APT::Architecture=amd64 -o APT::Sandbox::User=root -q)
# Refresh the package lists once a day at most.
if [ -z "$(find "$apt7/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
	apt-get "${A[@]}" update >"$apt7/update.log" 2>&1 ||
		{ tail -n 5 "$apt7/update.log" >&2; nts_die "apt-get update (trixie-backports, sid)"; }
fi

abi=$pin
if [ -z "$(apt-cache "${A[@]}" madison "linux-binary-$pin-amd64" 2>/dev/null)" ]; then
	abi=$(apt-cache "${A[@]}" search --names-only '^linux-binary-7\.[0-9.]+\+deb[0-9]+-amd64$' |
		awk '{ sub(/^linux-binary-/, "", $1); sub(/-amd64$/, "", $1); print $1 }' |
		sort -V | tail -n 1)
	[ -n "$abi" ] || nts_die "the archive has no 7.x kernel"
	{
		echo "********************************************************************"
		echo "* stock-7.x: the pinned kernel $pin is gone from the archive;"
		echo "* testing the newest it has, $abi, instead."
		echo "* Update tools/vm/kernel-7x.pin once this kernel passes."
		echo "********************************************************************"
	} >&2
fi
ver=$(apt-cache "${A[@]}" madison "linux-binary-$abi-amd64" | awk -F'|' 'NR == 1 { gsub(/ /, "", $2); print $2 }')
pkgs=("linux-binary-$abi-amd64" "linux-headers-$abi-amd64" "linux-headers-$abi-common"
      "linux-kbuild-$abi")

# The kernel image and headers, unpacked (no package is installed anywhere).
k7=$NTS_CACHE/k7/$abi-$ver
if [ ! -f "$k7/.ntsection-unpacked" ]; then
	nts_log "fetching Debian's $abi kernel ($ver)"
	rm -rf "$k7"
	mkdir -p "$k7/debs" "$k7/image"
	(cd "$k7/debs" && apt-get "${A[@]}" download "${pkgs[@]}" >/dev/null) ||
		nts_die "apt-get download ${pkgs[*]}"
	dpkg-deb -x "$k7"/debs/linux-binary-*.deb "$k7/image"
	touch "$k7/.ntsection-unpacked"
fi
vmlinuz=$(find "$k7/image" -name 'vmlinuz*' -type f | head -n 1)
[ -n "$vmlinuz" ] || nts_die "no vmlinuz in linux-binary-$abi-amd64"

# The build root: Debian 13 with gcc-14, make and sparse, plus these headers.
tools=gcc-14,gcc-14-for-host,make,libc6-dev,sparse,dwarves,libelf1t64,libssl3t64
root=$NTS_CACHE/buildroot/trixie-$(echo "$tools" | sha256sum | cut -c1-12)
if [ ! -f "$root/.ntsection-bootstrapped" ]; then
	command -v debootstrap >/dev/null || nts_die "debootstrap is missing (run: make deps)"
	nts_log "making the Debian 13 build root in $root"
	rm -rf "$root"
	mkdir -p "$root"
	debootstrap --variant=minbase --include="$tools" trixie "$root" "$uri" \
		>"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; nts_die "debootstrap trixie"; }
	touch "$root/.ntsection-bootstrapped"
fi
# Debian 13's sparse (0.6.4) fails the 7.x kernel's checker test (it lacks
# __typeof_unqual__) and C=1 would be skipped: take unstable's, unpacked.
sparse_ver=$(apt-cache "${A[@]}" madison sparse | awk -F'|' 'NR == 1 { gsub(/ /, "", $2); print $2 }')
if [ -n "$sparse_ver" ] && [ ! -f "$root/.ntsection-sparse-$sparse_ver" ]; then
	mkdir -p "$k7/sparse"
	(cd "$k7/sparse" && apt-get "${A[@]}" download "sparse=$sparse_ver" >/dev/null) ||
		nts_die "apt-get download sparse=$sparse_ver"
	dpkg-deb -x "$k7"/sparse/sparse_*.deb "$root"
	touch "$root/.ntsection-sparse-$sparse_ver"
fi
if [ ! -f "$root/.ntsection-headers-$abi-$ver" ]; then
	for deb in "$k7"/debs/linux-headers-*.deb "$k7"/debs/linux-kbuild-*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	touch "$root/.ntsection-headers-$abi-$ver"
fi
kdir=/usr/src/linux-headers-$abi-amd64
[ -e "$root$kdir/Makefile" ] || nts_die "no headers at $root$kdir"
# Debian's kbuild package lacks the script with which C=1 validates the
# checker; without it sparse is silently skipped. The kernel's own test:
# print 1 when the checker runs and says no "error" on a small file.
checker=$root$kdir/scripts/checker-valid.sh
if [ ! -e "$checker" ]; then
	cat >"$checker" <<'CHK'
#!/bin/sh -eu
[ ! -x "$(command -v "$1")" ] && exit 1
tmp_file=$(mktemp)
trap 'rm -f "$tmp_file"' EXIT
printf 'static inline int u(const int *q)\n{\n\t__typeof_unqual__(q) v = q;\n\treturn *v;\n}\n' >"$tmp_file"
"$@" "$tmp_file" 2>&1 | awk -v c=1 '/error/{c=0}END{print c}'
CHK
	chmod 0755 "$checker"
fi
printf '%s %s %s\n' "$vmlinuz" "$kdir" "$root"
