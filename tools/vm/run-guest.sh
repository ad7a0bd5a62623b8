#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot one kernel in QEMU with a busybox initramfs holding ntsection's
# modules and static test programs, and keep its logs.
#
# Usage: run-guest.sh -k VMLINUZ -m MODDIR -u USERDIR -o OUTDIR [-e EXTRA]... [-d | -r PROGRAM]
#                     [-t SECONDS]
#   -m MODDIR   directory with ntsection.ko (and ntsection_test.ko)
#   -u USERDIR  output of build-userspace.sh (tests/ and bin/; its images/ and
#               corpus/, the data of the image tests, go in as /images and
#               /corpus when the guest runs the tests or an image_* program)
#   -e EXTRA    an extra static test executable to run after ours (repeatable)
#   -f SRC=DEST an extra file at DEST in the guest, with SRC's mode, its
#               directories made (repeatable; a dynamically linked program
#               and its shared libraries, for instance)
#   -d          demo mode: run bin/demo instead of the tests, console on stdout
#   -r PROGRAM  run mode: run this static program (as /bin/<its name>) instead
#               of the tests, its output in tests.log ("<name> rc=N" after it)
#   -S SECONDS  how long the stress test runs (/etc/ntsection-stress-seconds)
#   -t SECONDS  hard time limit (default 900)
# Leaves OUTDIR/console.log (kernel console) and OUTDIR/tests.log (test output).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel= moddir= userdir= outdir= demo=0 limit=900 program= stress=
extras=() files=()
while getopts "k:m:u:o:e:f:dr:S:t:" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	m) moddir=$OPTARG ;;
	u) userdir=$OPTARG ;;
	o) outdir=$OPTARG ;;
	e) extras+=("$OPTARG") ;;
	f) files+=("$OPTARG") ;;
	d) demo=1 ;;
	r) program=$(readlink -f "$OPTARG") ;;
	S) stress=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) nts_die "bad option (see the header of $0)" ;;
	esac
done
[ -f "$kernel" ] && [ -d "$moddir" ] && [ -d "$userdir" ] && [ -n "$outdir" ] ||
	nts_die "usage: run-guest.sh -k VMLINUZ -m MODDIR -u USERDIR -o OUTDIR"
[ -z "$program" ] || [ -x "$program" ] || nts_die "-r: $program is not an executable"

ksrc=$(nts_kernel_source)
mkdir -p "$outdir" "$NTS_CACHE/bin"
gen=$NTS_CACHE/bin/gen_init_cpio
[ -x "$gen" ] || gcc -O2 -o "$gen" "$ksrc/usr/gen_init_cpio.c"

# The initramfs, described for the kernel's own gen_init_cpio.
list=$outdir/initramfs.list
{
	echo "dir /bin 0755 0 0"
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "dir /proc 0755 0 0"
	echo "dir /sys 0755 0 0"
	echo "dir /tmp 1777 0 0"
	echo "dir /etc 0755 0 0"
	echo "dir /lib 0755 0 0"
	echo "dir /lib/ntsection 0755 0 0"
	echo "dir /tests 0755 0 0"
	echo "dir /extra 0755 0 0"
	echo "dir /images 0755 0 0"
	echo "dir /corpus 0755 0 0"
	echo "file /bin/busybox /bin/busybox 0755 0 0"
	echo "file /init $NTS_TOP/tools/vm/guest-init.sh 0755 0 0"
	for f in "$moddir"/*.ko; do
		echo "file /lib/ntsection/$(basename "$f") $f 0644 0 0"
	done
	for f in "$userdir"/tests/*; do
		[ -f "$f" ] && echo "file /tests/$(basename "$f") $f 0755 0 0"
	done
	# The image tests' data (the corpus is 200 MB): not for the demo or other programs.
	case $demo:$(basename "${program:-image_}") in
	0:image_*)
		for d in images corpus; do
			for f in "$userdir/$d"/*; do
				[ -f "$f" ] && echo "file /$d/$(basename "$f") $(readlink -f "$f") 0644 0 0"
			done
		done
		;;
	esac
	i=0
	for f in "${extras[@]}"; do
		i=$((i + 1))
		echo "file /extra/$(printf '%02d' $i)-$(basename "$f") $(readlink -f "$f") 0755 0 0"
	done
	[ -f "$userdir/bin/demo" ] && echo "file /bin/demo $userdir/bin/demo 0755 0 0"
	[ -f "$userdir/bin/ntsection" ] && echo "file /bin/ntsection $userdir/bin/ntsection 0755 0 0"
	[ -n "$program" ] && echo "file /bin/$(basename "$program") $program 0755 0 0"
	declare -A made=([/]=1 [/bin]=1 [/dev]=1 [/proc]=1 [/sys]=1 [/tmp]=1 [/etc]=1 [/lib]=1)
	for f in "${files[@]}"; do
		src=${f%%=*} dest=${f#*=}
		[ -f "$src" ] || nts_die "-f: $src is not a file"
		d=$(dirname "$dest") parts=
		for c in ${d//\// }; do
			parts+=/$c
			[ -n "${made[$parts]:-}" ] || echo "dir $parts 0755 0 0"
			made[$parts]=1
		done
		echo "file $dest $(readlink -f "$src") $(stat -c %a "$src") 0 0"
	done
} >"$list"
mode=check
[ $demo = 1 ] && mode=demo
[ -n "$program" ] && mode="run $(basename "$program")"
echo "$mode" >"$outdir/mode"
echo "file /etc/ntsection-mode $outdir/mode 0644 0 0" >>"$list"
if [ -n "$stress" ]; then
	echo "$stress" >"$outdir/stress-seconds"
	echo "file /etc/ntsection-stress-seconds $outdir/stress-seconds 0644 0 0" >>"$list"
fi
"$gen" "$list" >"$outdir/initramfs.cpio"

# KVM hangs on some hosts: use it only where a probe showed a guest boots.
accel=${NTSECTION_ACCEL:-}
if [ -z "$accel" ]; then
	accel=tcg
	probe=$NTS_CACHE/kvm-probe-$(uname -r)
	if [ -f "$probe" ]; then
		accel=$(cat "$probe")
	elif [ -w /dev/kvm ]; then
		nts_log "probing KVM (once per host kernel)"
		if timeout 30 qemu-system-x86_64 -accel kvm -m 256 -nographic -no-reboot \
			-kernel "$kernel" -append "console=ttyS0 panic=-1 rdinit=/bin/busybox poweroff -f" \
			-initrd "$outdir/initramfs.cpio" -serial file:"$outdir/kvm-probe.log" -monitor none \
			>/dev/null 2>&1 && grep -q "Linux version" "$outdir/kvm-probe.log"; then
			accel=kvm
		fi
		echo $accel >"$probe"
		nts_log "KVM probe: using $accel"
	fi
fi
accel_opt=$accel
[ "$accel" = tcg ] && accel_opt=tcg,thread=multi

# One guest at a time on this machine: they would only slow each other down.
exec 9>"$NTS_CACHE/guest.lock"
flock 9

cmdline="console=ttyS0,115200 panic=-1 oops=panic mitigations=off rdinit=/init"
cmdline+=" transparent_hugepage=madvise"
rm -f "$outdir/boot-retried" "$outdir/console-first-boot.log"
# A guest whose kernel never reached our init (no "ntsection-guest: start":
# once under TCG, an oops in the scheduler 1.2 s into boot, before any
# module) is booted once more; the first console stays as
# console-first-boot.log. A guest that reached init is never retried.
for attempt in 1 2; do
	rm -f "$outdir/console.log" "$outdir/tests.log"
	serial_tests=file:$outdir/tests.log
	rc=0
	timeout --foreground -k 10 "$limit" qemu-system-x86_64 \
		-accel "$accel_opt" -cpu max,la57=off -smp 2 -m 2048 \
		-nographic -no-reboot -monitor none \
		-kernel "$kernel" -initrd "$outdir/initramfs.cpio" -append "$cmdline" \
		-serial file:"$outdir/console.log" -serial "$serial_tests" \
		</dev/null >"$outdir/qemu.log" 2>&1 || rc=$?
	if [ $attempt = 2 ] || grep -q '^ntsection-guest: start' "$outdir/tests.log" 2>/dev/null; then
		break
	fi
	nts_log "the guest's kernel did not reach init: booting it once more"
	mv "$outdir/console.log" "$outdir/console-first-boot.log"
	echo "$rc" >"$outdir/boot-retried"
done
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	nts_log "guest hit the time limit of $limit s"
	echo "timeout" >"$outdir/timed-out"
fi
exit 0
