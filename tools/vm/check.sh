#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make check: static checks, then the tests in QEMU on Debian's stock 6.1,
# 6.12 and newest 7.x kernels and on the debug kernel. Ends with a summary per kernel
# and a last line "N passed, M failed"; exits non-zero on any failure.
# EXTRA_TESTS="a b": more static test executables, run in every guest after
# ours and judged by their TAP output.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
"$NTS_TOP/tools/vm/deps.sh" || nts_die "installing the dependencies failed"
ksrc=$(nts_kernel_source) || exit 1
mkdir -p "$NTS_OUT"
results=$NTS_OUT/results.txt
: >"$results"
record() { echo "$1 $2 $3${4:+: $4}" >>"$results"; }
step() { nts_log "[$(( $(date +%s) - start )) s] $*"; }

extra=()
for t in ${EXTRA_TESTS:-}; do
	[ -x "$t" ] || nts_die "EXTRA_TESTS: $t is not an executable"
	extra+=(-e "$(readlink -f "$t")")
done

# Static checks: checkpatch --strict on every C file of ours.
step "checkpatch --strict"
cd "$NTS_TOP" || exit 1
mapfile -t srcs < <(git ls-files -co --exclude-standard -- module include uapi selftests tools |
	grep '\.[ch]$' | sort)
for f in "${srcs[@]}"; do
	ignore=FILE_PATH_CHANGES,SPDX_LICENSE_TAG
	# Version checks are what the compat header is for.
	[ "$f" = include/ntsection/compat.h ] && ignore+=,LINUX_VERSION_CODE,CONSTANT_COMPARISON
	# section.c patches a runtime copy of shmem's file operations (see there).
	[ "$f" = module/section.c ] && ignore+=,CONST_STRUCT
	# TRACE_EVENT() is laid out as the kernel's own trace headers are.
	[ "$f" = module/trace.h ] && ignore+=,OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT
	# The NT API's own spellings and types are the library's contract (and
	# the demo and the benchmark call the library).
	case $f in tools/lib/* | tools/cli/* | tools/demo/* | tools/bench/*)
		ignore+=,CAMELCASE,NEW_TYPEDEFS ;;
	esac
	if out=$("$ksrc/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
		--ignore "$ignore" -f "$f" 2>&1); then
		record PASS static "checkpatch:$f"
	else
		record FAIL static "checkpatch:$f" "$(echo "$out" | grep -m1 -E '^(ERROR|WARNING|CHECK)')"
		echo "$out" >&2
	fi
done

# The ABI documentation must name every ioctl, and kernel-doc must find
# every field documented.
step "documentation"
missing=$(grep -o '^#define NTSECTION_IOC_[A-Z_]*' uapi/linux/ntsection.h | awk '{print $2}' |
	grep -v MAGIC | while read -r ioc; do
		grep -q "$ioc" Documentation/userspace-api/ntsection.rst || echo "$ioc"
	done)
if [ -z "$missing" ]; then
	record PASS static doc-ioctls
else
	record FAIL static doc-ioctls "undocumented: $(echo $missing)"
fi
mapfile -t docsrcs < <(find uapi include module -name '*.[ch]' -not -path '*/tests/*' | sort)
if out=$("$ksrc/scripts/kernel-doc" -none -Wall "${docsrcs[@]}" 2>&1 | grep -v '^$') &&
	[ -n "$out" ]; then
	record FAIL static kernel-doc "$(echo "$out" | head -n 1)"
	echo "$out" >&2
else
	record PASS static kernel-doc
fi

if bash "$NTS_TOP/tools/syz/check.sh" >"$NTS_OUT/syz.log" 2>&1; then
	record PASS static syzlang-in-step
else
	record FAIL static syzlang-in-step "$(tail -n 1 "$NTS_OUT/syz.log")"
fi

# One version number (tools/vm/version-check.sh); the documentation renders
# as written (tools/vm/doc-check.py); the library's build flags and install.
if out=$("$NTS_TOP/tools/vm/version-check.sh" 2>&1); then
	record PASS static version-check
else
	record FAIL static version-check "$(echo "$out" | head -n 1)"
fi
while read -r verdict name why; do
	[ "$verdict" = DETAIL ] && continue
	record "$verdict" static "${name%:}" "$why"
done < <(python3 "$NTS_TOP/tools/vm/doc-check.py" "$NTS_TOP" 2>&1)
# The library's build flags and "make install" (tools/vm/install-check.sh).
while read -r verdict name why; do
	case $verdict in PASS | FAIL) record "$verdict" static "${name%:}" "$why" ;; esac
done < <("$NTS_TOP/tools/vm/install-check.sh" "$NTS_OUT/install-check" 2>&1)

step "userspace test programs"
if "$NTS_TOP/tools/vm/build-userspace.sh" "$NTS_OUT/userspace" >"$NTS_OUT/userspace.log" 2>&1; then
	record PASS static userspace-build
else
	record FAIL static userspace-build "see $NTS_OUT/userspace.log"
	cat "$NTS_OUT/userspace.log" >&2
fi

step "debug kernel (cached after the first build)"
kernels=()
while read -r name image kdir; do
	kernels+=("$name|$image|$kdir")
done < <(nts_stock_kernels)
# Debian's newest kernel (7.x), its modules built in a Debian 13 build root.
step "stock-7.x kernel and build root (cached after the first run)"
if k7=$("$NTS_TOP/tools/vm/kernel-7x.sh"); then
	read -r image kdir root <<<"$k7"
	kernels+=("stock-7.x|$image|$kdir|$root")
else
	record FAIL stock-7.x kernel-fetch "see the messages above"
fi
if dk=$("$NTS_TOP/tools/vm/debug-kernel.sh"); then
	kernels+=("debug|$dk/arch/x86/boot/bzImage|$dk")
else
	record FAIL debug kernel-build "see the debug kernel's build.log"
fi

for k in "${kernels[@]}"; do
	IFS='|' read -r name image kdir root <<<"$k"
	step "$name: module build (W=1, sparse)"
	if "$NTS_TOP/tools/vm/build-module.sh" "$kdir" "$NTS_OUT/$name" $root; then
		record PASS "$name" module-build-W1-sparse
	else
		record FAIL "$name" module-build-W1-sparse "see $NTS_OUT/$name/build.log"
		continue
	fi
	[ -d "$NTS_OUT/userspace/tests" ] || continue
	step "$name: guest"
	rm -rf "$NTS_OUT/$name/guest"
	# The debug kernel runs the stress test for two minutes; the others briefly.
	stress=()
	[ "$name" = debug ] && stress=(-S "${STRESS_SECONDS:-120}")
	"$NTS_TOP/tools/vm/run-guest.sh" -k "$image" -m "$NTS_OUT/$name/modules" \
		-u "$NTS_OUT/userspace" -o "$NTS_OUT/$name/guest" "${extra[@]}" "${stress[@]}" \
		-t "${GUEST_TIMEOUT:-1800}"
	python3 "$NTS_TOP/tools/vm/judge.py" "$name" "$NTS_OUT/$name/guest" "$ksrc" "$results" >&2
done

# The Debian packages: built and lintian-clean (make deb), then installed,
# built by DKMS, used in a guest of every kernel above and purged
# (package-test.sh). Its lines name the kernel or the install ("pkg-6.1:
# dkms-build", "pkg-deb12:purge"): that is their row in the summary.
step "Debian packages (make deb, package-test.sh)"
if make -s -C "$NTS_TOP" deb DEB_OUT="$NTS_OUT/deb" >"$NTS_OUT/deb.log" 2>&1; then
	record PASS package deb-build-lintian
	while read -r verdict name why; do
		name=${name%:}
		case $verdict in PASS | FAIL) record "$verdict" "${name%%:*}" "${name#*:}" "$why" ;; esac
	done < <("$NTS_TOP/tools/vm/package-test.sh" "$NTS_OUT/deb" "$NTS_OUT/package-test" 2>&1 |
		tee "$NTS_OUT/package-test.log")
	grep -q '^package test: ' "$NTS_OUT/package-test.log" ||
		record FAIL package package-test "did not finish, see $NTS_OUT/package-test.log"
else
	record FAIL package deb-build-lintian "see $NTS_OUT/deb.log"
	tail -n 20 "$NTS_OUT/deb.log" >&2
fi

step "summary"
echo
printf '%-12s %8s %8s %8s\n' kernel passed failed skipped
for name in static $(awk '$1 != "DETAIL" {print $2}' "$results" | grep -v '^static$' | awk '!seen[$0]++'); do
	p=$(awk -v k="$name" '$1 == "PASS" && $2 == k' "$results" | wc -l)
	f=$(awk -v k="$name" '$1 == "FAIL" && $2 == k' "$results" | wc -l)
	s=$(awk -v k="$name" '$1 == "SKIP" && $2 == k' "$results" | wc -l)
	printf '%-12s %8d %8d %8d\n' "$name" "$p" "$f" "$s"
done
failed=$(grep -c '^FAIL' "$results")
passed=$(grep -c '^PASS' "$results")
skipped=$(grep -c '^SKIP' "$results")
if [ "$failed" != 0 ]; then
	echo
	echo "Failures (logs under $NTS_OUT/<kernel>/):"
	grep -E '^(FAIL|DETAIL)' "$results"
fi
echo "wall time: $(( $(date +%s) - start )) s"
if [ "$skipped" != 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
