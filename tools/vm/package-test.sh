#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The package test: the Debian packages "make deb" built, installed with
# apt, built by DKMS and used on every kernel "make check" tests, and
# purged. Two installs cover the four kernels:
#
#   deb12  a Debian 12 chroot holding the headers of Debian's 6.1 and 6.12
#          (their linux-headers packages) and of the debug kernel (its
#          kbuild directory, from tools/vm/debug-kernel.sh, bind-mounted
#          read-only as /lib/modules/RELEASE/build with the source tree it
#          points to): the dkms package's postinst builds for all three;
#   deb13  the Debian 13 build root of tools/vm/kernel-7x.sh (gcc-14 and
#          the 7.x headers) with dkms added: the postinst builds for 7.x
#          with the compiler that kernel was built with.
#
# For each install:
#   1. apt-get install ./*.deb (dependencies resolve from the root's apt);
#   2. per kernel: "dkms status" says installed, and the ntsection.ko DKMS
#      left in /lib/modules/RELEASE/updates/dkms has that kernel's vermagic;
#   3. per kernel: the kernel boots in a QEMU guest with that module and
#      runs the packaged, dynamically linked ntsection CLI (with its shared
#      libraries, taken from the root): --version, create, ls, rm, then
#      unloads the module; the console has no BUG/WARNING/KASAN/lockdep/
#      Oops line (judge.py's list; the debug kernel's shows KASAN and
#      lockdep are on); the module's .comment names the compiler the booted
#      kernel was built with;
#   4. dpkg --purge of the four packages leaves nothing: each kernel's
#      module is gone ("pkg-6.1:purged"), every file "dpkg -L" listed is
#      gone, /usr/src, /lib/modules/*/updates and /var/lib/dkms hold no
#      ntsection, "dkms status" is empty.
# Every result line names its kernel or its install: "PASS pkg-6.1:dkms-build",
# "PASS pkg-deb12:purge". A kernel that cannot be found is a FAIL, never a skip.
#
# Usage: package-test.sh [DEBDIR [OUTDIR]]   (build/deb, build/package-test)
# The roots are cached in $NTS_CACHE/pkgroot: the Debian 12 one keyed by
# the headers' package versions and the package list, the dkms layer of the
# Debian 13 one by its build root and the 7.x kernel. Every run works on an
# overlay of them (nothing is copied; the overlay's upper directory is all
# that is written), in a mount namespace of its own, so no mount outlives
# the run. Prints one "PASS name" or "FAIL name: why" line per check (also
# OUTDIR/results.txt); exits non-zero on any FAIL.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || nts_die "the package test needs root (chroot, mount)"
# Every mount below dies with this namespace, whatever happens to the script.
if [ -z "${NTS_PKG_NS:-}" ]; then
	exec env NTS_PKG_NS=1 unshare --mount --propagation private -- "$0" "$@"
fi

debdir=$(realpath -m "${1:-$NTS_OUT/deb}")
out=$(realpath -m "${2:-$NTS_OUT/package-test}")
pkgs=(ntsection-dkms libntsection1 libntsection-dev ntsection-tools)
t0=$(date +%s)

for p in "${pkgs[@]}"; do
	compgen -G "$debdir/${p}_*.deb" >/dev/null || nts_die "no $p .deb in $debdir (run: make deb)"
done
ver=$(dpkg-deb -f "$(compgen -G "$debdir/ntsection-dkms_*.deb" | head -n 1)" Version)

mkdir -p "$out"
results=$out/results.txt
: >"$results"
failed=0
pass() { echo "PASS $1" | tee -a "$results"; }
fail() { echo "FAIL $1: $2" | tee -a "$results"; failed=1; }

# The kernels: "LABEL|VMLINUZ|RELEASE" per install.
deb12=() deb13=()
for series in 6.1 6.12; do
	vmlinuz=$(find /boot -maxdepth 1 -name "vmlinuz-$series.*-amd64" | sort -V | tail -n 1)
	if [ -z "$vmlinuz" ]; then
		fail "pkg-$series:kernel" "no /boot/vmlinuz-$series.*-amd64 (run: make deps)"
		continue
	fi
	rel=${vmlinuz#/boot/vmlinuz-}
	if [ -z "$(nts_pkgver "linux-headers-$rel")" ]; then
		fail "pkg-$series:kernel" "linux-headers-$rel is not installed (run: make deps)"
		continue
	fi
	deb12+=("$series|$vmlinuz|$rel")
done
dk=
if dk=$("$NTS_TOP/tools/vm/debug-kernel.sh") && [ -f "$dk/include/config/kernel.release" ]; then
	deb12+=("debug|$dk/arch/x86/boot/bzImage|$(cat "$dk/include/config/kernel.release")")
	dksrc=$(readlink -f "$dk/source")
else
	fail pkg-debug:kernel "tools/vm/debug-kernel.sh failed, or its build has no kernel.release"
	dk=
fi
k7root=
if k7=$("$NTS_TOP/tools/vm/kernel-7x.sh"); then
	read -r k7image k7kdir k7root <<<"$k7"
	k7rel=$(cat "$k7root$k7kdir/include/config/kernel.release" 2>/dev/null || true)
	if [ -e "$k7root/lib/modules/$k7rel/build/Makefile" ]; then
		deb13+=("7.x|$k7image|$k7rel")
	else
		fail pkg-7.x:kernel "no headers for $k7rel at $k7root$k7kdir"
		k7root=
	fi
else
	fail pkg-7.x:kernel "tools/vm/kernel-7x.sh failed"
fi

# The Debian archive and its security archive, from this machine's apt
# sources (read, never changed).
srcs=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true)
uri=$(echo "$srcs" | grep -oE 'https?://[^ ]*debian/?( |$)' | grep -v security | head -n 1 |
	tr -d ' ')
sec=$(echo "$srcs" | grep -oE 'https?://[^ ]*debian-security/?( |$)' | head -n 1 | tr -d ' ')
[ -n "$uri" ] || nts_die "no Debian archive in this machine's apt sources"

# The cached Debian 12 root: dkms and the 6.1 and 6.12 headers packages.
tools=dkms,make,gcc,libc6-dev,kmod,xz-utils
hdrs=()
for k in "${deb12[@]}"; do
	IFS='|' read -r label _ rel <<<"$k"
	[ "$label" = debug ] || hdrs+=("linux-headers-$rel=$(nts_pkgver "linux-headers-$rel")")
done
key=$(echo "${hdrs[*]} $tools $uri $sec" | sha256sum | cut -c1-12)
root12=$NTS_CACHE/pkgroot/bookworm-$key
if [ ! -f "$root12/.ntsection-bootstrapped" ]; then
	command -v debootstrap >/dev/null || nts_die "debootstrap is missing (run: make deps)"
	nts_log "making the Debian 12 package-test root in $root12"
	# Roots of other kernels' headers are stale: 800 MB each.
	for old in "$NTS_CACHE"/pkgroot/bookworm-*; do
		if [ -d "$old" ] && [ "$old" != "$root12" ]; then
			rm -rf "$old" "$old.log"
		fi
	done
	rm -rf "$root12"
	mkdir -p "$root12"
	debootstrap --variant=minbase --include="$tools" bookworm "$root12" "$uri" \
		>"$root12.log" 2>&1 || { tail -n 20 "$root12.log" >&2; nts_die "debootstrap bookworm"; }
	{
		echo "deb $uri bookworm main"
		echo "deb $uri bookworm-updates main"
		[ -z "$sec" ] || echo "deb $sec bookworm-security main"
	} >"$root12/etc/apt/sources.list"
	chroot "$root12" env DEBIAN_FRONTEND=noninteractive sh -c \
		"apt-get -q update && apt-get install -y -q --no-install-recommends ${hdrs[*]} &&
		apt-get clean" >>"$root12.log" 2>&1 ||
		{ tail -n 20 "$root12.log" >&2; nts_die "installing ${hdrs[*]} in $root12"; }
	touch "$root12/.ntsection-bootstrapped"
fi

# The cached dkms layer over the Debian 13 build root (an overlay's upper
# directory: the build root itself is never written).
layer13=
if [ -n "$k7root" ]; then
	# Keyed by the build root (and when it was made) and the 7.x kernel.
	key=$(echo "$k7root $(stat -c %Y "$k7root/.ntsection-bootstrapped") $k7rel $uri" |
		sha256sum | cut -c1-12)
	layer13=$NTS_CACHE/pkgroot/trixie-dkms-$key
	if [ ! -f "$layer13.done" ]; then
		nts_log "adding dkms to the Debian 13 build root in $layer13"
		for old in "$NTS_CACHE"/pkgroot/trixie-dkms-*.done; do
			if [ -f "$old" ]; then
				rm -rf "${old%.done}" "${old%.done}.log" "$old"
			fi
		done
		rm -rf "$layer13" "$layer13.work" "$layer13.root"
		mkdir -p "$layer13" "$layer13.work" "$layer13.root"
		mount -t overlay -o "lowerdir=$k7root,upperdir=$layer13,workdir=$layer13.work" \
			ntsection-pkg "$layer13.root"
		mount -t proc proc "$layer13.root/proc"
		chroot "$layer13.root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive sh -c "apt-get -q update &&
			apt-get install -y -q --no-install-recommends dkms && apt-get clean" \
			>"$layer13.log" 2>&1 ||
			{ tail -n 20 "$layer13.log" >&2; nts_die "installing dkms in $layer13"; }
		umount "$layer13.root/proc" "$layer13.root"
		rm -rf "$layer13.work"
		rmdir "$layer13.root"
		touch "$layer13.done"
	fi
fi

# The packaged CLI, as a user would run it, in each guest.
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
# rm returns once the section's name is gone; its holder may still be
# closing its other files: the module unloads once nothing holds it.
i=0
while [ "$(cat /sys/module/ntsection/refcnt)" != 0 ] && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
rmmod ntsection || echo "pkgtest-fail: rmmod (refcnt $(cat /sys/module/ntsection/refcnt))"
echo pkgtest-end
SH
chmod 0755 "$out/pkgtest"
# What judge.py calls a splat on a console, less its benign lines.
splats='BUG:|WARNING:|KASAN|possible circular locking|possible recursive locking|kmemleak'
splats+='|Oops|general protection|Call Trace|Kernel panic|UBSAN|INFO: task|soft lockup'
splats+='|hard LOCKUP|list_add corruption|list_del corruption'
benign='kmemleak: Kernel memory leak detector initialized|kmemleak: Automatic memory scanning'
benign+='|KASAN: vmalloc-based|KernelAddressSanitizer initialized|kasan: KernelAddressSanitizer'
benign+='|Mount-cache hash table|BUG: not reached'

# One install: cycle NAME LOWERDIRS LABEL|VMLINUZ|RELEASE...
cycle() {
	local name=$1 lower=$2
	shift 2
	local d=$out/$name r k label vmlinuz rel ko st p f cc
	local -a files=() left=() built=()
	r=$d/root
	rm -rf "$d"
	mkdir -p "$d/upper" "$d/work" "$r"
	if ! mount -t overlay -o "lowerdir=$lower,upperdir=$d/upper,workdir=$d/work" \
		ntsection-pkg "$r"; then
		fail "pkg-$name:overlay" "cannot mount an overlay of $lower (overlayfs missing?)"
		return 0
	fi
	mount -t proc proc "$r/proc"
	mount --bind /dev "$r/dev"
	# The debug kernel's headers: its kbuild and source trees, read-only,
	# where its Makefile names them.
	for k in "$@"; do
		IFS='|' read -r label vmlinuz rel <<<"$k"
		[ "$label" = debug ] || continue
		for f in "$dk" "$dksrc"; do
			mkdir -p "$r$f"
			mount --bind -o ro "$f" "$r$f"
		done
		mkdir -p "$r/lib/modules/$rel"
		ln -sfn "$dk" "$r/lib/modules/$rel/build"
	done
	in_root() { chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }

	# 1. Install.
	mkdir -p "$r/tmp/debs"
	for p in "${pkgs[@]}"; do
		cp "$debdir/${p}"_*.deb "$r/tmp/debs/"
	done
	if in_root sh -c 'apt-get install -y -q --no-install-recommends /tmp/debs/*.deb' \
		>"$d/install.log" 2>&1; then
		pass "pkg-$name:install"
	else
		fail "pkg-$name:install" "apt-get install, see $d/install.log"
		tail -n 20 "$d/install.log" >&2
		return 0
	fi
	for p in "${pkgs[@]}"; do
		in_root dpkg-query -L "$p" >"$d/files-$p.txt" 2>&1 || fail "pkg-$name:dpkg-L:$p" "not installed"
	done
	in_root dkms status >"$d/dkms-status.txt" 2>&1 || true

	# The packaged CLI and its shared libraries, from this root.
	libs=$(in_root ldd /usr/bin/ntsection 2>&1) || true
	echo "$libs" >"$d/ldd.txt"
	if echo "$libs" | grep -q 'not found\|not a dynamic'; then
		fail "pkg-$name:cli-libraries" "$(echo "$libs" | grep -m1 'not found\|not a dynamic')"
	fi
	files=(-f "$r/usr/bin/ntsection=/usr/bin/ntsection")
	for f in $(echo "$libs" | grep -oE '/[^ ]+' | sort -u); do
		files+=(-f "$(readlink -f "$r$f")=$f")
	done

	# 2. and 3., per kernel.
	local want=("/usr/src/ntsection-$ver" /var/lib/dkms/ntsection /usr/lib/modules-load.d/ntsection.conf)
	for k in "$@"; do
		IFS='|' read -r label vmlinuz rel <<<"$k"
		local kd=$d/$label ks
		ks=$(date +%s)
		mkdir -p "$kd/modules"
		if grep -q "^ntsection/$ver, $rel, x86_64: installed" "$d/dkms-status.txt"; then
			pass "pkg-$label:dkms-build"
		else
			fail "pkg-$label:dkms-build" \
				"dkms status: $(grep '^ntsection/' "$d/dkms-status.txt" | tr '\n' ' ')"
			continue
		fi
		ko=$(find "$r/lib/modules/$rel/updates/dkms" -name 'ntsection.ko*' 2>/dev/null | head -n 1)
		if [ -n "$ko" ]; then
			want+=("/lib/modules/$rel/updates/dkms/$(basename "$ko")")
			built+=("$label|${ko#"$r"}")
		fi
		case $ko in
		*.ko) cp "$ko" "$kd/modules/ntsection.ko" ;;
		*.ko.xz) xz -dc "$ko" >"$kd/modules/ntsection.ko" ;;
		*.ko.zst) zstd -qdc "$ko" >"$kd/modules/ntsection.ko" ;;
		*.ko.gz) gzip -dc "$ko" >"$kd/modules/ntsection.ko" ;;
		esac
		if [ -s "$kd/modules/ntsection.ko" ] &&
			modinfo -F vermagic "$kd/modules/ntsection.ko" | grep -q "^$rel "; then
			pass "pkg-$label:dkms-module"
		else
			fail "pkg-$label:dkms-module" "no ntsection.ko for $rel in /lib/modules/$rel/updates/dkms"
			continue
		fi
		"$NTS_TOP/tools/vm/run-guest.sh" -k "$vmlinuz" -m "$kd/modules" -u "$out/user" \
			-o "$kd/guest" -t "${GUEST_TIMEOUT:-600}" "${files[@]}" -r "$out/pkgtest"
		local glog=$kd/guest/tests.log
		# The serial console ends its lines with CR LF.
		if ! tr -d '\r' <"$glog" 2>/dev/null |
			grep -qFx "ntsection-guest: start $rel mode=run pkgtest"; then
			fail "pkg-$label:guest-boot" "the guest did not start $rel, see $kd/guest/"
		elif ! grep -q '^ntsection-guest: insmod ok' "$glog"; then
			fail "pkg-$label:guest-insmod" "the DKMS-built module did not load, see $kd/guest/"
		elif ! grep -q '^pkgtest-end' "$glog" || grep -q 'pkgtest-fail' "$glog"; then
			fail "pkg-$label:guest-cli" \
				"$(grep -m1 'pkgtest-fail' "$glog" || echo "no end marker"), see $glog"
		else
			pass "pkg-$label:guest-cli-create-ls-rm-rmmod"
		fi
		# The packaged CLI is the packages' version.
		if tr -d '\r' <"$glog" 2>/dev/null | grep -qE "^ntsection ${ver//./\\.}( |$)"; then
			pass "pkg-$label:cli-version"
		else
			fail "pkg-$label:cli-version" "ntsection --version does not say $ver, see $glog"
		fi
		# DKMS built with the compiler the booted kernel names (gcc-14 for
		# 7.x): every GCC line of the module's .comment is that one.
		cc=$(grep -m1 -oE 'Linux version .*' "$kd/guest/console.log" 2>/dev/null |
			grep -oE '\(Debian [^)]*\) [0-9][0-9.]*' | head -n 1 || true)
		st=$(readelf -p .comment "$kd/modules/ntsection.ko" 2>/dev/null |
			grep -oE 'GCC: .*' | sort -u || true)
		if [ -n "$cc" ] && [ "$st" = "GCC: $cc" ]; then
			pass "pkg-$label:dkms-compiler"
		else
			fail "pkg-$label:dkms-compiler" "kernel: ${cc:-none in the console}; module: $st"
		fi
		# A clean debug console means something only with its checkers on.
		if [ "$label" = debug ]; then
			if grep -q 'KernelAddressSanitizer initialized' "$kd/guest/console.log" &&
				grep -q 'Lock dependency validator' "$kd/guest/console.log"; then
				pass "pkg-$label:kasan-lockdep-on"
			else
				fail "pkg-$label:kasan-lockdep-on" "no KASAN or lockdep banner in the console"
			fi
		fi
		st=$(grep -E "$splats" "$kd/guest/console.log" 2>/dev/null | grep -vE "$benign" || true)
		if [ ! -s "$kd/guest/console.log" ]; then
			fail "pkg-$label:guest-console" "no console log in $kd/guest"
		elif [ -n "$st" ]; then
			fail "pkg-$label:guest-console" "$(head -n 1 <<<"$st")"
		else
			pass "pkg-$label:guest-console"
		fi
		nts_log "pkg-$label: $(($(date +%s) - ks)) s"
	done

	# 4. Purge leaves nothing. First, what the checks below look for is there
	# now (else they would pass on nothing).
	leftovers() {
		{ find "$r/usr/src" "$r/var/lib/dkms" "$r"/lib/modules/*/updates \
			"$r/usr/share/doc" "$r/usr/lib/modules-load.d" -name '*ntsection*' 2>/dev/null ||
			true; } | sed "s|^$r||"
	}
	local before stray known
	before=$(leftovers)
	for f in "${want[@]}"; do
		grep -qx "$f" <<<"$before" || fail "pkg-$name:installed:$f" "missing before the purge"
	done
	if in_root dpkg --purge "${pkgs[@]}" >"$d/purge.log" 2>&1; then
		pass "pkg-$name:purge"
	else
		fail "pkg-$name:purge" "dpkg --purge, see $d/purge.log"
	fi
	for p in "${pkgs[@]}"; do
		while read -r f; do
			# Directories other packages own (/usr, /usr/lib/...) may stay.
			[ -e "$r$f" ] || [ -L "$r$f" ] || continue
			[ -d "$r$f" ] && [ ! -L "$r$f" ] && continue
			left+=("$f")
		done <"$d/files-$p.txt"
	done
	if [ ${#left[@]} = 0 ]; then
		pass "pkg-$name:purge-files-gone"
	else
		fail "pkg-$name:purge-files-gone" "left behind: ${left[*]}"
	fi
	# Each kernel's module went with the purge.
	for k in "${built[@]}"; do
		IFS='|' read -r label f <<<"$k"
		if [ -e "$r$f" ]; then
			fail "pkg-$label:purged" "$f is still there"
		else
			pass "pkg-$label:purged"
		fi
	done
	stray=$(leftovers)
	if [ -z "$stray" ]; then
		pass "pkg-$name:purge-dkms-clean"
	else
		fail "pkg-$name:purge-dkms-clean" "left behind: $(tr '\n' ' ' <<<"$stray")"
	fi
	st=$(in_root dkms status 2>&1)
	if [ -z "$st" ]; then
		pass "pkg-$name:dkms-status-empty"
	else
		fail "pkg-$name:dkms-status-empty" "$st"
	fi
	known=
	for p in "${pkgs[@]}"; do
		# shellcheck disable=SC2016 # dpkg-query's own ${Status}
		st=$(in_root dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case $st in "" | *" not-installed") ;; *) known+=" $p ($st)" ;; esac
	done
	if [ -z "$known" ]; then
		pass "pkg-$name:dpkg-forgotten"
	else
		fail "pkg-$name:dpkg-forgotten" "dpkg still has:$known"
	fi
}

# An install's overlay goes after its run; its upper directory (what the
# install wrote) stays only for a failure's post-mortem.
release() {
	local d=$out/$1
	[ -d "$d/root" ] || return 0
	umount -R "$d/root" 2>/dev/null || umount -R -l "$d/root" || true
	mountpoint -q "$d/root" && return 0
	rmdir "$d/root"
	rm -rf "$d/work"
	[ "$failed" = 0 ] && rm -rf "$d/upper"
	return 0
}

rm -rf "$out/guest" "$out/modules" "$out/root"
if [ ${#deb12[@]} != 0 ]; then
	cycle deb12 "$root12" "${deb12[@]}"
	release deb12
fi
if [ ${#deb13[@]} != 0 ]; then
	cycle deb13 "$layer13:$k7root" "${deb13[@]}"
	release deb13
fi
echo "package test: $(grep -c '^PASS' "$results") passed," \
	"$(grep -c '^FAIL' "$results") failed in $(($(date +%s) - t0)) s (logs in $out)"
exit $failed
