#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the ntsection test guest. The kernel console is ttyS0; everything
# the tests print goes to ttyS1 between "ntsection-guest:" markers, so that
# the host can split it into one TAP document per program.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm
mkdir -p /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null

mode=$(cat /etc/ntsection-mode 2>/dev/null || echo check)
out=/dev/ttyS1
say() { echo "ntsection-guest: $*" >"$out"; }

leak=/sys/kernel/debug/kmemleak
[ -e $leak ] && echo clear >$leak

say "start $(uname -r) mode=$mode"
if insmod /lib/ntsection/ntsection.ko; then
	say "insmod ok"
else
	say "insmod failed"
fi

# Other modules built on ntsection's in-kernel API (the sample driver).
extra_mods=
for m in /lib/ntsection/*.ko; do
	name=${m##*/}
	name=${name%.ko}
	case $name in ntsection | ntsection_test) continue ;; esac
	if insmod "$m"; then
		extra_mods="$name $extra_mods"
		say "insmod $name ok"
	else
		say "insmod $name failed"
	fi
done

# "demo" runs /bin/demo, "run NAME" runs /bin/NAME, instead of the tests.
case $mode in
demo | run\ *)
	prog=${mode#run }
	"/bin/$prog" >"$out" 2>&1
	rc=$?
	if [ "$mode" = demo ] && [ -x /bin/ntsection ]; then
		echo "4. The same from the shell, with the ntsection CLI" >"$out"
		(
			set -x
			ntsection create -d -m 0644 demo-cli 1M
			ntsection map -d -t 30 demo-cli
			ntsection ls
			ntsection info demo-cli
			ntsection --json info demo-cli
			ntsection rm demo-cli
		) >"$out" 2>&1 || rc=1
	fi
	say "$prog rc=$rc"
	say "done"
	reboot -f
	;;
esac

# KUnit: the suites run when the test module loads; their KTAP is read back
# from debugfs (one document per suite) before the module goes away.
if [ -f /lib/ntsection/ntsection_test.ko ]; then
	if insmod /lib/ntsection/ntsection_test.ko; then
		for d in /sys/kernel/debug/kunit/ntsection*; do
			[ -d "$d" ] || continue
			say "begin kunit:${d##*/}"
			cat "$d/results" >"$out"
			say "end kunit:${d##*/} rc=0"
		done
		rmmod ntsection_test || say "rmmod ntsection_test failed"
	else
		say "insmod ntsection_test failed"
	fi
fi

for t in /tests/* /extra/*; do
	[ -x "$t" ] || continue
	name=${t#/}
	say "begin $name"
	(cd /tmp && "$t") >"$out" 2>&1
	say "end $name rc=$?"
done

for m in $extra_mods; do
	rmmod "$m" || say "rmmod $m failed"
done
# Every object the tests made must be gone now (deferred fputs: a moment).
sleep 1
say "begin stats"
cat /proc/ntsection/stats >"$out" 2>&1
say "end stats"

# Load and unload 100 times, with a section made each time.
say "begin reload"
printf "TAP version 13\n1..1\n" >"$out"
i=0
while [ $i -lt 100 ]; do
	rmmod ntsection || break
	insmod /lib/ntsection/ntsection.ko || break
	if [ -x /bin/ntsection ]; then
		ntsection create -n -r reload-$i 64K >/dev/null || break
	fi
	i=$((i + 1))
done
if [ $i = 100 ]; then
	echo "ok 1 reload-100-times" >"$out"
else
	echo "not ok 1 reload-100-times # stopped at $i" >"$out"
fi
say "end reload rc=0"

if rmmod ntsection; then
	say "rmmod ok"
else
	say "rmmod failed"
fi

# kmemleak needs an object to be unreferenced for two scans, and older than
# its minimum age (5 s), before it reports it.
if [ -e $leak ]; then
	sleep 6
	echo scan >$leak
	echo scan >$leak
	say "begin kmemleak"
	cat $leak >"$out"
	say "end kmemleak"
fi
say "done"
reboot -f
