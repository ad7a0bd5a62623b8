// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: views of real PE images (SPEC §10.3, §10.4), the
 * DLLs and EXEs of Debian's libwine package (tools/vm/corpus.sh packs them
 * into one gzip-compressed tar). For every image: NtCreateSection
 * (SEC_IMAGE), NtMapViewOfSection, every byte and every region of the view
 * against the reference of image_layout.h, NtUnmapViewOfSection by an
 * address in the middle, nothing left, NtClose.
 *
 * Usage: image_corpus_test [-v] [PATH...]
 * PATH: a PE file, a directory of them, or a tar (.tar, .tar.gz, .tgz,
 * .tar.xz) of them, read as a stream (each file goes through a temporary
 * file). Without PATH: the directory "corpus" next to the one of this
 * program (/corpus in the guests). Prints "corpus: N images mapped, M
 * failed", a line per failure (-v: a line per image), as one TAP test;
 * exits non-zero on any failure, 4 (skip) without the module or a corpus.
 */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <time.h>

#include "kselftest.h"
#include "image_check.h"

#define WHY_LEN 1024

static int verbose;
static unsigned long n_images, n_failed, n_at_base, n_moved, n_skipped_pages;
static unsigned long long bytes_compared;

static __printf(2, 3) void failed(const char *name, const char *fmt, ...)
{
	char msg[WHY_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n_failed++;
	ksft_print_msg("FAIL %s: %s\n", name, msg);
}

/* One image, open at @fd: create, map, compare, unmap, close. */
static void check_image(const char *name, int fd)
{
	char why[WHY_LEN];
	struct nti_ref r;
	__u64 addr = 0, size = 0, mid;
	int sec = -1, base_free;
	__u32 status;

	n_images++;
	if (nti_ref_init(&r, name, fd, why, sizeof(why))) {
		failed(name, "the reference cannot lay it out: %s", why);
		goto out;
	}
	status = nti_create(fd, NT_PAGE_EXECUTE_WRITECOPY, NT_SEC_IMAGE, &sec);
	if (status) {
		failed(name, "NtCreateSection(SEC_IMAGE): 0x%08x", status);
		goto out;
	}
	if (nti_object_base(&r, sec, why, sizeof(why))) {
		failed(name, "%s", why);
		goto out;
	}
	base_free = nti_range_free(r.obj_base, r.img.view_size);
	status = nti_map(sec, NT_PAGE_EXECUTE_WRITECOPY, &addr, &size);
	if ((__s32)status < 0) {
		failed(name, "NtMapViewOfSection: 0x%08x", status);
		goto out;
	}
	if (nti_check_view(&r, sec, status, addr, size, base_free, why, sizeof(why))) {
		failed(name, "%s", why);
	} else {
		bytes_compared += size;
		n_skipped_pages += r.skipped;
		if (addr == r.obj_base)
			n_at_base++;
		else
			n_moved++;
		if (verbose)
			ksft_print_msg("ok %s: 0x%08x at 0x%llx, base 0x%llx (file 0x%llx)\n",
				       name, status, (unsigned long long)addr,
				       (unsigned long long)r.obj_base,
				       (unsigned long long)r.img.image_base);
	}
	mid = addr + size / 2 + 0x10;
	status = nts_unmap((void *)(uintptr_t)mid);
	if (status) {
		failed(name, "NtUnmapViewOfSection(0x%llx): 0x%08x", (unsigned long long)mid,
		       status);
		nts_unmap((void *)(uintptr_t)addr);
	} else if (nti_check_gone(&r, addr, size, why, sizeof(why))) {
		failed(name, "%s", why);
	}
out:
	if (sec >= 0 && close(sec))
		failed(name, "NtClose: %s", strerror(errno));
	nti_ref_free(&r);
}

/* @len bytes of @data as a read-only temporary file; -1 on failure. */
static int temp_file(const void *data, size_t len)
{
	char path[] = "/tmp/ntsection-corpus-XXXXXX";
	int fd = mkstemp(path), ro = -1;

	if (fd < 0)
		return -1;
	if (write(fd, data, len) == (ssize_t)len)
		ro = open(path, O_RDONLY | O_CLOEXEC);
	close(fd);
	unlink(path);
	return ro;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* A ustar number field: octal, space or NUL terminated. */
static unsigned long long tar_number(const char *p, size_t len)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < len && (p[i] == ' ' || p[i] == '0'); i++)
		;
	for (; i < len && p[i] >= '0' && p[i] <= '7'; i++)
		v = v * 8 + (p[i] - '0');
	return v;
}

/* Every regular file of the tar at @path (decompressed by zcat or xzcat). */
static int check_tar(const char *path)
{
	char *cmd, hdr[512], name[256];
	unsigned long long size, pad;
	const char *tool = "cat";
	char type;
	FILE *in;
	char *data;
	int fd, rc;

	if (ends_with(path, ".gz") || ends_with(path, ".tgz"))
		tool = "zcat";
	else if (ends_with(path, ".xz"))
		tool = "xzcat";
	if (strchr(path, '\''))
		return -1;
	cmd = malloc(strlen(path) + 16);
	if (!cmd)
		return -1;
	sprintf(cmd, "%s '%s'", tool, path);
	in = popen(cmd, "r");
	free(cmd);
	if (!in)
		return -1;
	while (fread(hdr, 1, sizeof(hdr), in) == sizeof(hdr) && hdr[0]) {
		size = tar_number(hdr + 124, 12);
		pad = (512 - size % 512) % 512;
		type = hdr[156];
		snprintf(name, sizeof(name), "%.100s", hdr);
		data = malloc(size + pad + 1);
		if (!data || fread(data, 1, size + pad, in) != size + pad) {
			free(data);
			ksft_print_msg("%s: short tar (%s)\n", path, name);
			pclose(in);
			return -1;
		}
		if ((type == '0' || type == 0) && size) {
			fd = temp_file(data, size);
			if (fd < 0) {
				failed(basename(name), "cannot write a temporary file");
			} else {
				check_image(basename(name), fd);
				close(fd);
			}
		}
		free(data);
	}
	/* The end-of-archive blocks: read to the end, so that the tool exits 0. */
	while (fread(hdr, 1, sizeof(hdr), in) > 0)
		;
	rc = pclose(in);
	return rc ? -1 : 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int check_path(const char *path);

/* Every file of a directory, in name order. */
static int check_dir(const char *path)
{
	struct dirent **list;
	char sub[PATH_MAX];
	int n, i, rc = 0;

	n = scandir(path, &list, NULL, by_name);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path, list[i]->d_name);
			rc |= check_path(sub);
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

static int check_path(const char *path)
{
	struct stat st;
	char copy[PATH_MAX];
	int fd;

	if (stat(path, &st))
		return -1;
	if (S_ISDIR(st.st_mode))
		return check_dir(path);
	if (ends_with(path, ".tar") || ends_with(path, ".tar.gz") || ends_with(path, ".tgz") ||
	    ends_with(path, ".tar.xz"))
		return check_tar(path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	snprintf(copy, sizeof(copy), "%s", path);
	check_image(basename(copy), fd);
	close(fd);
	return 0;
}

/* The one test skipped, and the exit status of a skip. */
static void skip(const char *why)
{
	printf("ok 1 corpus # SKIP %s\n", why);
	exit(KSFT_SKIP);
}

int main(int argc, char **argv)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	struct timespec t0, t1;
	int i = 1, rc = 0, paths = 0;
	ssize_t n;

	ksft_print_header();
	ksft_set_plan(1);
	if (nts_device() < 0)
		skip(NTS_NO_DEVICE);
	if (i < argc && !strcmp(argv[i], "-v")) {
		verbose = 1;
		i++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (; i < argc; i++, paths++) {
		if (check_path(argv[i])) {
			ksft_print_msg("cannot read %s\n", argv[i]);
			rc = -1;
		}
	}
	if (!paths) {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		exe[n > 0 ? n : 0] = 0;
		snprintf(dir, sizeof(dir), "%s/../corpus", dirname(exe));
		if (access(dir, R_OK))
			skip("no corpus next to this program (tools/vm/corpus.sh makes it)");
		if (check_path(dir)) {
			ksft_print_msg("cannot read %s\n", dir);
			rc = -1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ksft_print_msg("corpus: %lu images mapped, %lu failed\n", n_images, n_failed);
	ksft_print_msg("corpus: %lu at their base, %lu elsewhere, %llu MiB compared\n",
		       n_at_base, n_moved, bytes_compared >> 20);
	ksft_print_msg("corpus: %lu pages not readable even by /proc/self/mem, %.1f s\n",
		       n_skipped_pages, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (!n_images)
		rc = -1;
	ksft_test_result(!rc && !n_failed && !nts_errno_mismatch, "corpus\n");
	if (rc || n_failed || nts_errno_mismatch)
		ksft_exit_fail();
	ksft_exit_pass();
}
