#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The package test: the Debian packages "make deb" built, installed in a
# Debian 12 chroot with apt, used, and purged.
#
#   1. apt-get install ./*.deb (dependencies resolve from the chroot's apt);
#   2. DKMS builds the module, from the dkms package's postinst, for the
#      kernel whose headers the chroot holds (Debian 12's 6.12, the one
#      /boot has): "dkms status" says installed;
#   3. that kernel boots in a QEMU guest with the DKMS-built ntsection.ko and
#      runs the packaged, dynamically linked ntsection CLI (with its shared
#      libraries, taken from the chroot): --version, create, ls, rm;
#   4. dpkg --purge of the four packages leaves nothing: every file
#      "dpkg -L" listed is gone, /usr/src, /lib/modules/*/updates/dkms and
#      /var/lib/dkms hold no ntsection, "dkms status" is empty.
#
# Usage: package-test.sh [DEBDIR [OUTDIR]]   (build/deb, build/package-test)
# The chroot (debootstrap bookworm, dkms, the headers) is cached in
# $NTS_CACHE/pkgroot, keyed by the headers' package version and the
# package list; every run works on a fresh copy of it. Prints one
# "PASS name" or "FAIL name: why" line per check (also OUTDIR/results.txt);
# exits non-zero on any FAIL.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

debdir=$(realpath -m "${1:-$NTS_OUT/deb}")
out=$(realpath -m "${2:-$NTS_OUT/package-test}")
pkgs=(ntsection-dkms libntsection1 libntsection-dev ntsection-tools)
[ "$(id -u)" = 0 ] || nts_die "the package test needs root (chroot, mount)"

# The guest kernel: Debian 12's 6.12 from /boot; its headers go into the chroot.
vmlinuz=$(find /boot -maxdepth 1 -name 'vmlinuz-6.12.*-amd64' | sort -V | tail -n 1)
[ -n "$vmlinuz" ] || nts_die "no /boot/vmlinuz-6.12.*-amd64 (run: make deps)"
rel=${vmlinuz#/boot/vmlinuz-}
hdrver=$(nts_pkgver "linux-headers-$rel")
[ -n "$hdrver" ] || nts_die "linux-headers-$rel is not installed (run: make deps)"

# The Debian archive and its security archive, from this machine's apt
# sources (read, never changed).
srcs=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true)
uri=$(echo "$srcs" | grep -oE 'https?://[^ ]*debian/?( |$)' | grep -v security | head -n 1 |
	tr -d ' ')
sec=$(echo "$srcs" | grep -oE 'https?://[^ ]*debian-security/?( |$)' | head -n 1 | tr -d ' ')
[ -n "$uri" ] || nts_die "no Debian archive in this machine's apt sources"

tools=dkms,make,gcc,libc6-dev,kmod,xz-utils
key=$(echo "$rel $hdrver $tools $uri $sec" | sha256sum | cut -c1-12)
root=$NTS_CACHE/pkgroot/bookworm-$key
if [ ! -f "$root/.ntsection-bootstrapped" ]; then
	command -v debootstrap >/dev/null || nts_die "debootstrap is missing (run: make deps)"
	nts_log "making the Debian 12 package-test root in $root"
	rm -rf "$root"
	mkdir -p "$root"
	debootstrap --variant=minbase --include="$tools" bookworm "$root" "$uri" \
		>"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; nts_die "debootstrap bookworm"; }
	{
		echo "deb $uri bookworm main"
		echo "deb $uri bookworm-updates main"
		[ -z "$sec" ] || echo "deb $sec bookworm-security main"
	} >"$root/etc/apt/sources.list"
	chroot "$root" env DEBIAN_FRONTEND=noninteractive sh -c \
		"apt-get -q update && apt-get install -y -q --no-install-recommends \
		linux-headers-$rel=$hdrver && apt-get clean" >>"$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; nts_die "installing linux-headers-$rel in $root"; }
	touch "$root/.ntsection-bootstrapped"
fi

for p in "${pkgs[@]}"; do
	compgen -G "$debdir/${p}_*.deb" >/dev/null || nts_die "no $p .deb in $debdir (run: make deb)"
done

# A fresh copy of the cached root for this run.
mkdir -p "$out"
r=$out/root
cleanup() {
	for m in "$r/dev" "$r/proc"; do
		mountpoint -q "$m" 2>/dev/null && umount -l "$m"
	done
	return 0
}
trap cleanup EXIT
cleanup
rm -rf "$r" "$out/guest" "$out/modules" "$out/user"
cp -a --reflink=auto "$root" "$r"
mount -t proc proc "$r/proc"
mount --bind /dev "$r/dev"
in_root() { chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
	LC_ALL=C.UTF-8 "$@"; }

results=$out/results.txt
: >"$results"
failed=0
pass() { echo "PASS $1" | tee -a "$results"; }
fail() { echo "FAIL $1: $2" | tee -a "$results"; failed=1; }
finish() {
	echo "package test: $(grep -c '^PASS' "$results") passed," \
		"$(grep -c '^FAIL' "$results") failed (logs in $out)"
	# The chroot copy (1 GiB) stays only for a failure's post-mortem.
	if [ $failed = 0 ]; then
		cleanup
		rm -rf "$r"
	fi
	exit $failed
}

# 1. Install.
mkdir -p "$r/tmp/debs"
for p in "${pkgs[@]}"; do
	cp "$debdir/${p}"_*.deb "$r/tmp/debs/"
done
if in_root sh -c 'apt-get install -y -q --no-install-recommends /tmp/debs/*.deb' \
	>"$out/install.log" 2>&1; then
	pass install
else
	fail install "apt-get install, see $out/install.log"
	tail -n 20 "$out/install.log" >&2
	finish
fi
for p in "${pkgs[@]}"; do
	in_root dpkg-query -L "$p" >"$out/files-$p.txt" 2>&1 || fail "dpkg-L:$p" "not installed"
done

# 2. DKMS built and installed the module for the chroot's kernel headers.
in_root dkms status >"$out/dkms-status.txt" 2>&1 || true
ver=$(dpkg-deb -f "$(compgen -G "$debdir/ntsection-dkms_*.deb" | head -n 1)" Version)
if grep -q "^ntsection/$ver, $rel, x86_64: installed" "$out/dkms-status.txt"; then
	pass "dkms-installed:$rel"
else
	fail "dkms-installed:$rel" "dkms status: $(tr '\n' ' ' <"$out/dkms-status.txt")"
fi
ko=$(find "$r/lib/modules/$rel/updates/dkms" -name 'ntsection.ko*' 2>/dev/null | head -n 1)
mkdir -p "$out/modules"
case $ko in
*.ko) cp "$ko" "$out/modules/ntsection.ko" ;;
*.ko.xz) xz -dc "$ko" >"$out/modules/ntsection.ko" ;;
*.ko.zst) zstd -qdc "$ko" >"$out/modules/ntsection.ko" ;;
*.ko.gz) gzip -dc "$ko" >"$out/modules/ntsection.ko" ;;
esac
if [ -s "$out/modules/ntsection.ko" ] &&
	modinfo -F vermagic "$out/modules/ntsection.ko" | grep -q "^$rel "; then
	pass "dkms-module:$rel"
else
	fail "dkms-module:$rel" "no ntsection.ko for $rel in /lib/modules/$rel/updates/dkms"
fi

# 3. The packaged CLI in a guest running that kernel, with that module.
cli=/usr/bin/ntsection
libs=$(in_root ldd "$cli" 2>&1) || true
echo "$libs" >"$out/ldd.txt"
if echo "$libs" | grep -q 'not found\|not a dynamic'; then
	fail cli-libraries "$(echo "$libs" | grep -m1 'not found\|not a dynamic')"
fi
files=(-f "$r$cli=$cli")
for lib in $(echo "$libs" | grep -oE '/[^ ]+' | sort -u); do
	files+=(-f "$(readlink -f "$r$lib")=$lib")
done
mkdir -p "$out/user/tests"
cat >"$out/pkgtest" <<'SH'
#!/bin/sh
# The packaged CLI, as a user would run it (see tools/vm/package-test.sh).
set -x
/usr/bin/ntsection --version || echo "pkgtest-fail: --version"
/usr/bin/ntsection create -d -m 0644 pkgtest 1M || echo "pkgtest-fail: create"
/usr/bin/ntsection ls >/tmp/ls.txt 2>&1 || echo "pkgtest-fail: ls"
cat /tmp/ls.txt
grep -q '^pkgtest ' /tmp/ls.txt || echo "pkgtest-fail: ls does not list pkgtest"
/usr/bin/ntsection rm pkgtest || echo "pkgtest-fail: rm"
/usr/bin/ntsection ls >/tmp/ls.txt 2>&1 || echo "pkgtest-fail: ls after rm"
grep -q '^pkgtest ' /tmp/ls.txt && echo "pkgtest-fail: pkgtest still listed after rm"
echo pkgtest-end
SH
chmod 0755 "$out/pkgtest"
"$NTS_TOP/tools/vm/run-guest.sh" -k "$vmlinuz" -m "$out/modules" -u "$out/user" -o "$out/guest" \
	-t "${GUEST_TIMEOUT:-600}" "${files[@]}" -r "$out/pkgtest"
glog=$out/guest/tests.log
if ! grep -q '^ntsection-guest: insmod ok' "$glog" 2>/dev/null; then
	fail guest-insmod "the DKMS-built module did not load, see $out/guest/"
elif ! grep -q '^pkgtest-end' "$glog" || grep -q 'pkgtest-fail' "$glog"; then
	fail guest-cli "$(grep -m1 'pkgtest-fail' "$glog" || echo "no end marker"), see $glog"
else
	pass guest-cli-create-ls-rm
fi
if grep -qE 'BUG:|WARNING:|KASAN|Oops|Call Trace' "$out/guest/console.log" 2>/dev/null; then
	fail guest-console "$(grep -m1 -E 'BUG:|WARNING:|KASAN|Oops|Call Trace' \
		"$out/guest/console.log")"
else
	pass guest-console
fi

# 4. Purge leaves nothing. First, what the checks below look for is there
# now (else they would pass on nothing).
leftovers() {
	{ find "$r/usr/src" "$r/var/lib/dkms" "$r"/lib/modules/*/updates \
		"$r/usr/share/doc" "$r/usr/lib/modules-load.d" -name '*ntsection*' 2>/dev/null ||
		true; } | sed "s|^$r||"
}
before=$(leftovers)
for want in "/usr/src/ntsection-$ver" /var/lib/dkms/ntsection \
	"/lib/modules/$rel/updates/dkms/$(basename "$ko")" /usr/lib/modules-load.d/ntsection.conf; do
	grep -qx "$want" <<<"$before" || fail "installed:$want" "missing before the purge"
done
if in_root dpkg --purge "${pkgs[@]}" >"$out/purge.log" 2>&1; then
	pass purge
else
	fail purge "dpkg --purge, see $out/purge.log"
fi
left=()
for p in "${pkgs[@]}"; do
	while read -r f; do
		# Directories other packages own (/usr, /usr/lib/...) may stay.
		[ -e "$r$f" ] || [ -L "$r$f" ] || continue
		[ -d "$r$f" ] && [ ! -L "$r$f" ] && continue
		left+=("$f")
	done <"$out/files-$p.txt"
done
if [ ${#left[@]} = 0 ]; then
	pass purge-files-gone
else
	fail purge-files-gone "left behind: ${left[*]}"
fi
stray=$(leftovers)
if [ -z "$stray" ]; then
	pass purge-dkms-clean
else
	fail purge-dkms-clean "left behind: $(tr '\n' ' ' <<<"$stray")"
fi
st=$(in_root dkms status 2>&1)
if [ -z "$st" ]; then
	pass dkms-status-empty
else
	fail dkms-status-empty "$st"
fi
known=
for p in "${pkgs[@]}"; do
	# shellcheck disable=SC2016 # dpkg-query's own ${Status}
	st=$(in_root dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case $st in "" | *" not-installed") ;; *) known+=" $p ($st)" ;; esac
done
if [ -z "$known" ]; then
	pass dpkg-forgotten
else
	fail dpkg-forgotten "dpkg still has:$known"
fi
finish
