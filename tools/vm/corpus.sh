#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The corpus of image_corpus_test: the PE DLLs and EXEs of Debian's libwine
# package (amd64, usr/lib/x86_64-linux-gnu/wine/x86_64-windows: 693 files,
# 636 MiB), fetched from Debian's archive with "apt-get download", packed
# once into one gzip-compressed tar in the cache (192 MiB) and linked into
# OUTDIR. Unpacked, the corpus would take a third of a guest's 2 GiB as
# initramfs (and as much again while the kernel unpacks it); the tar costs
# 192 MiB, and image_corpus_test streams it through zcat, one file at a time.
# Usage: corpus.sh OUTDIR
# NTSECTION_WINE_VERSION: the libwine version (default 8.0~repack-4, bookworm's).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$(realpath -m "${1:?usage: corpus.sh OUTDIR}")
ver=${NTSECTION_WINE_VERSION:-8.0~repack-4}
dir=$NTS_CACHE/corpus
tarball=$dir/libwine-${ver//:/%3a}-x86_64-windows.tar.gz

if [ ! -f "$tarball" ]; then
	mkdir -p "$dir"
	deb=$dir/libwine_${ver//:/%3a}_amd64.deb
	if [ ! -f "$deb" ]; then
		nts_log "fetching libwine $ver from Debian's archive (96 MiB, once)"
		(cd "$dir" && apt-get download -q "libwine=$ver") >&2 ||
			nts_die "apt-get download libwine=$ver failed (NTSECTION_CORPUS=0 builds without the corpus)"
	fi
	[ -f "$deb" ] || nts_die "apt-get download did not leave $deb"
	tmp=$(mktemp -d "$dir/tmp.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb -x "$deb" "$tmp/root"
	src=$tmp/root/usr/lib/x86_64-linux-gnu/wine/x86_64-windows
	[ -d "$src" ] || nts_die "libwine $ver has no x86_64-windows directory"
	nts_log "packing $(find "$src" -type f | wc -l) PE files of libwine $ver into $tarball"
	tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
		-C "$src" -cf - . | gzip -6 -n >"$tmp/corpus.tar.gz"
	mv "$tmp/corpus.tar.gz" "$tarball"
fi

mkdir -p "$out"
rm -f "$out"/*.tar.gz
ln -s "$tarball" "$out/libwine-x86_64-windows.tar.gz"
