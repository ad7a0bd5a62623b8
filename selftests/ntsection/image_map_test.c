// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: views of image sections (SPEC §10.3, §10.4) on the
 * PE images selftests/ntsection/images/build.sh makes with mingw-w64 (the
 * directory "images" next to the one of this program, or $NTS_IMAGE_DIR):
 * every byte and every region of a view against the reference of
 * image_layout.h; WRITECOPY pages made private by a write, seen by no
 * other view, process or the file; SHARED sections seen by every view and
 * process; unmapping by any address; a second process mapping the image
 * adding no private pages (/proc/self/smaps); SEC_IMAGE_NO_EXECUTE.
 */
#include <libgen.h>
#include <limits.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "image_check.h"

#define WHY_LEN 512

/* Where the images are: $NTS_IMAGE_DIR, else ../images from this program. */
static const char *image_dir(void)
{
	static char dir[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n;

	if (getenv("NTS_IMAGE_DIR"))
		return getenv("NTS_IMAGE_DIR");
	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return "/images";
	exe[n] = 0;
	snprintf(dir, sizeof(dir), "%s/../images", dirname(exe));
	return dir;
}

/* What a test of one image has: the image, its section, up to two views. */
struct img_test {
	struct nti_ref r;
	char path[PATH_MAX];
	char why[WHY_LEN];
	int fd;
	int sec;
	__u64 addr[2];
	__u64 size[2];
};

FIXTURE(image_map) {
	struct img_test t;
};

FIXTURE_VARIANT(image_map) {
	const char *file;
};

/* images/build.sh says what each one is. */
FIXTURE_VARIANT_ADD(image_map, rwx64) { .file = "rwx64.dll" };
FIXTURE_VARIANT_ADD(image_map, rwx32) { .file = "rwx32.dll" };
FIXTURE_VARIANT_ADD(image_map, fixed64) { .file = "fixed64.dll" };
FIXTURE_VARIANT_ADD(image_map, fixed32) { .file = "fixed32.dll" };
FIXTURE_VARIANT_ADD(image_map, norelocs64) { .file = "norelocs64.exe" };
FIXTURE_VARIANT_ADD(image_map, norelocs32) { .file = "norelocs32.exe" };
FIXTURE_VARIANT_ADD(image_map, flat64) { .file = "flat64.dll" };
FIXTURE_VARIANT_ADD(image_map, flat32) { .file = "flat32.dll" };
FIXTURE_VARIANT_ADD(image_map, overlap64) { .file = "overlap64.dll" };

/*
 * Each case runs as an ordinary user, the way a loader runs: a process
 * with privileges gets image objects with shared writable sections of its
 * own (no process of the same user writes what a privileged one runs), so
 * the sharing these cases check is an unprivileged process's. The images
 * are world-readable; the harness runs each case in a child of its own.
 */
static int drop_privileges(void)
{
	if (geteuid())
		return 0;
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return -1;
	/* Undumpable after the switch: /proc/self/mem stays readable anyway. */
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

FIXTURE_SETUP(image_map)
{
	struct img_test *t = &self->t;

	t->fd = -1;
	t->sec = -1;
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	ASSERT_EQ(0, drop_privileges());
	snprintf(t->path, sizeof(t->path), "%s/%s", image_dir(), variant->file);
	t->fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (t->fd < 0)
		SKIP(return, "no %.900s (tools/vm/build-userspace.sh builds it)", t->path);
	ASSERT_EQ(0, nti_ref_init(&t->r, variant->file, t->fd, t->why, WHY_LEN))
		TH_LOG("%s", t->why);
	ASSERT_EQ(NT_STATUS_SUCCESS, nti_create(t->fd, NT_PAGE_EXECUTE_WRITECOPY, NT_SEC_IMAGE,
						&t->sec));
	ASSERT_EQ(0, nti_object_base(&t->r, t->sec, t->why, WHY_LEN))
		TH_LOG("%s", t->why);
}

FIXTURE_TEARDOWN(image_map)
{
	struct img_test *t = &self->t;
	int i;

	for (i = 0; i < 2; i++)
		if (t->addr[i])
			EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)t->addr[i]));
	if (t->sec >= 0)
		close(t->sec);
	if (t->fd >= 0)
		close(t->fd);
	nti_ref_free(&t->r);
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* Map view @i of the fixture's section and check all of it; the status. */
static __u32 map_view(struct img_test *t, int i, int *ok)
{
	int base_free = nti_range_free(t->r.obj_base, t->r.img.view_size);
	__u32 status;

	status = nti_map(t->sec, NT_PAGE_EXECUTE_WRITECOPY, &t->addr[i], &t->size[i]);
	*ok = nti_check_view(&t->r, t->sec, status, t->addr[i], t->size[i],
			     base_free, t->why, WHY_LEN) == 0;
	if ((__s32)status < 0)
		t->addr[i] = 0;
	return status;
}

/* A child's end: what it printed goes out first. */
static void child_exit(int code)
{
	fflush(stdout);
	fflush(stderr);
	_exit(code);
}

/*
 * In a child: an image without relocations can only be mapped at its base
 * (SPEC §10.4), where the views the child inherited are: unmap those.
 */
static void child_free_base(struct img_test *t)
{
	int i;

	if (ntl_has_relocs(&t->r.img))
		return;
	for (i = 0; i < 2; i++) {
		if (t->addr[i] && nts_unmap((void *)(uintptr_t)t->addr[i]))
			ksft_print_msg("child: cannot unmap its inherited view at 0x%llx\n",
				       (unsigned long long)t->addr[i]);
		t->addr[i] = 0;
	}
}

/*
 * In a child: a section of its own for the image (the file opened again),
 * mapped, and (@full) checked whole, its address in *@addr. 0, or 1 with a
 * message.
 */
static int child_view(struct img_test *t, __u64 *addr, int full)
{
	__u64 size = 0;
	__u32 status;
	int fd, sec;

	child_free_base(t);
	fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || nti_create(fd, NT_PAGE_EXECUTE_WRITECOPY, NT_SEC_IMAGE, &sec)) {
		ksft_print_msg("child: cannot create a section of %s\n", t->path);
		return 1;
	}
	status = nti_map(sec, NT_PAGE_EXECUTE_WRITECOPY, addr, &size);
	if (!full && !nti_map_ok(&t->r, status)) {
		ksft_print_msg("child: map: 0x%08x\n", status);
		return 1;
	}
	if (full && nti_check_view(&t->r, sec, status, *addr, size, 0, t->why, WHY_LEN)) {
		ksft_print_msg("child: %s\n", t->why);
		return 1;
	}
	return 0;
}

static int wait_child(pid_t pid)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The first page of every section whose pages have one of @want (two protections). */
static int section_targets(const struct nti_ref *r, __u32 want1, __u32 want2, __u32 *rva, int max)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < r->img.nsections && n < max; i++) {
		const struct ntl_section *s = &r->img.sec[i];
		__u32 at = s->va + 0x20;

		if (at >= r->img.view_size || nti_section_at(&r->img, at) != s)
			continue;
		if (r->prot[at / NTL_PAGE] == want1 || r->prot[at / NTL_PAGE] == want2)
			rva[n++] = at;
	}
	return n;
}

/* The file still has its bytes at the @n RVAs @rva the view wrote. */
static void expect_file_unchanged(struct __test_metadata *_metadata, struct img_test *t,
				  const __u32 *rva, int n)
{
	long long off;
	int i;

	for (i = 0; i < n; i++) {
		__u8 b;

		off = nti_file_offset(&t->r.img, rva[i]);
		if (off < 0)
			continue;
		ASSERT_EQ(1, pread(t->fd, &b, 1, off));
		EXPECT_EQ(t->r.file[off], b) TH_LOG("file offset %lld", off);
	}
}

/* §10.3, §10.4: the view, byte by byte and region by region. */
TEST_F(image_map, map_and_compare)
{
	struct img_test *t = &self->t;
	__u32 status;
	int ok;

	status = map_view(t, 0, &ok);
	ASSERT_TRUE(ok) TH_LOG("%s", t->why);
	TH_LOG("%s: status 0x%08x at 0x%llx, base 0x%llx (file: 0x%llx), %u pages, %u unreadable",
	       variant->file, status, (unsigned long long)t->addr[0],
	       (unsigned long long)t->r.obj_base, (unsigned long long)t->r.img.image_base,
	       t->r.pages, t->r.skipped);
}

/*
 * §10.3: a write to a WRITECOPY page makes it private: the page then says
 * READWRITE (EXECUTE_READWRITE), and neither a second view, another
 * process nor the file sees the write.
 */
TEST_F(image_map, writecopy_is_private)
{
	struct img_test *t = &self->t;
	__u32 rva[NTL_MAX_SECTIONS], *prot, status;
	__u8 *v, old[NTL_MAX_SECTIONS];
	int n, i, ok;
	pid_t pid;

	map_view(t, 0, &ok);
	ASSERT_TRUE(ok) TH_LOG("%s", t->why);
	n = section_targets(&t->r, NTL_PAGE_WRITECOPY, NTL_PAGE_EXECUTE_WRITECOPY, rva,
			    NTL_MAX_SECTIONS);
	if (!n)
		SKIP(return, "%s has no WRITECOPY section", variant->file);
	prot = malloc(t->r.pages * sizeof(*prot));
	ASSERT_NE(NULL, prot);
	memcpy(prot, t->r.prot, t->r.pages * sizeof(*prot));
	v = (__u8 *)(uintptr_t)t->addr[0];
	for (i = 0; i < n; i++) {
		old[i] = v[rva[i]];
		ASSERT_EQ(0, nts_probe((char *)v + rva[i], 1, old[i] ^ 0xa5))
			TH_LOG("writing RVA 0x%x (%s)", rva[i], nti_where(&t->r.img, rva[i]));
		t->r.view[rva[i]] = old[i] ^ 0xa5;
		prot[rva[i] / NTL_PAGE] = ntl_written_protect(prot[rva[i] / NTL_PAGE]);
	}
	EXPECT_EQ(0, nti_check_bytes(&t->r, t->addr[0], prot, t->why, WHY_LEN))
		TH_LOG("%s", t->why);
	EXPECT_EQ(0, nti_check_regions(&t->r, t->addr[0], prot, t->why, WHY_LEN))
		TH_LOG("after the writes: %s", t->why);

	/* The file has its bytes still. */
	expect_file_unchanged(_metadata, t, rva, n);

	/* A second view of the section: elsewhere, and without the writes. */
	/* Relocations or none, it goes elsewhere (Windows' tests, SPEC §10.4 notes). */
	status = nti_map(t->sec, NT_PAGE_EXECUTE_WRITECOPY, &t->addr[1], &t->size[1]);
	if ((__s32)status < 0)
		t->addr[1] = 0;
	ASSERT_EQ(nti_elsewhere_status(&t->r), status);
	EXPECT_EQ(0, nti_check_view(&t->r, t->sec, status, t->addr[1], t->size[1], 0, t->why,
				    WHY_LEN))
		TH_LOG("second view: %s", t->why);
	for (i = 0; i < n; i++)
		EXPECT_EQ(old[i] ^ 0xa5, v[rva[i]]);

	/* Another process's view of the image has none of them either. */
	pid = fork();
	if (!pid) {
		__u64 addr;

		child_exit(child_view(t, &addr, 1));
	}
	EXPECT_EQ(0, wait_child(pid));
	free(prot);
}

/*
 * §10.3: a SHARED writable section is one copy for every view of the
 * image: a write through one view shows in a second view, in a child's
 * view of the same section and in a child's view of a section of its own
 * for the same file; never in the file.
 */
TEST_F(image_map, shared_is_shared)
{
	struct img_test *t = &self->t;
	__u32 rva[NTL_MAX_SECTIONS], status;
	__u8 *v, *v2, old[NTL_MAX_SECTIONS];
	int n, i, ok;
	pid_t pid;

	map_view(t, 0, &ok);
	ASSERT_TRUE(ok) TH_LOG("%s", t->why);
	n = section_targets(&t->r, NTL_PAGE_READWRITE, NTL_PAGE_EXECUTE_READWRITE, rva,
			    NTL_MAX_SECTIONS);
	if (!n)
		SKIP(return, "%s has no SHARED writable section", variant->file);
	status = nti_map(t->sec, NT_PAGE_EXECUTE_WRITECOPY, &t->addr[1], &t->size[1]);
	if ((__s32)status < 0)
		t->addr[1] = 0;
	ASSERT_EQ(nti_elsewhere_status(&t->r), status);
	v2 = (__u8 *)(uintptr_t)t->addr[1];
	v = (__u8 *)(uintptr_t)t->addr[0];
	for (i = 0; i < n; i++) {
		old[i] = v[rva[i]];
		ASSERT_EQ(0, nts_probe((char *)v + rva[i], 1, old[i] ^ 0x3c))
			TH_LOG("writing RVA 0x%x (%s)", rva[i], nti_where(&t->r.img, rva[i]));
		EXPECT_EQ(old[i] ^ 0x3c, v2[rva[i]])
			TH_LOG("RVA 0x%x in the second view", rva[i]);
		t->r.view[rva[i]] = old[i] ^ 0x3c;
	}
	/* Still READWRITE: nothing was copied. */
	EXPECT_EQ(0, nti_check_regions(&t->r, t->addr[0], NULL, t->why, WHY_LEN))
		TH_LOG("after the writes: %s", t->why);
	expect_file_unchanged(_metadata, t, rva, n);

	pid = fork();
	if (!pid) {
		__u64 addr, size;
		int bad = 0;

		/* The section the child inherited, then one of its own. */
		child_free_base(t);
		status = nti_map(t->sec, NT_PAGE_EXECUTE_WRITECOPY, &addr, &size);
		if (!nti_map_ok(&t->r, status)) {
			ksft_print_msg("child: map: 0x%08x\n", status);
			child_exit(1);
		}
		for (i = 0; i < n; i++)
			bad |= ((__u8 *)(uintptr_t)addr)[rva[i]] != (old[i] ^ 0x3c);
		if (bad)
			child_exit(2);
		if (!ntl_has_relocs(&t->r.img))
			nts_unmap((void *)(uintptr_t)addr);
		if (child_view(t, &addr, 0))
			child_exit(1);
		for (i = 0; i < n; i++)
			bad |= ((__u8 *)(uintptr_t)addr)[rva[i]] != (old[i] ^ 0x3c);
		child_exit(bad ? 3 : 0);
	}
	EXPECT_EQ(0, wait_child(pid))
		TH_LOG("2: the inherited section's view misses a write, 3: a section of its own");

	/* Put the bytes back: the image's shared pages outlive this test. */
	for (i = 0; i < n; i++) {
		v[rva[i]] = old[i];
		EXPECT_EQ(old[i], v2[rva[i]]);
	}
}

/* §10.4: any address inside the view unmaps all of it. */
TEST_F(image_map, unmap_by_any_address)
{
	struct img_test *t = &self->t;
	__u64 mid;
	__u32 status;
	int ok;

	map_view(t, 0, &ok);
	ASSERT_TRUE(ok) TH_LOG("%s", t->why);
	status = nti_map(t->sec, NT_PAGE_EXECUTE_WRITECOPY, &t->addr[1], &t->size[1]);
	if ((__s32)status < 0)
		t->addr[1] = 0;

	/* The second view by its last byte: the first one stays whole. */
	if (t->addr[1]) {
		ASSERT_EQ(NT_STATUS_SUCCESS,
			  nts_unmap((void *)(uintptr_t)(t->addr[1] + t->size[1] - 1)));
		EXPECT_EQ(0, nti_check_gone(&t->r, t->addr[1], t->size[1], t->why,
					    WHY_LEN))
			TH_LOG("%s", t->why);
		t->addr[1] = 0;
		EXPECT_EQ(0, nti_check_bytes(&t->r, t->addr[0], NULL, t->why, WHY_LEN))
			TH_LOG("%s", t->why);
		EXPECT_EQ(0, nti_check_regions(&t->r, t->addr[0], NULL, t->why, WHY_LEN))
			TH_LOG("%s", t->why);
	}

	/* The first by an address in its middle, not on a page boundary. */
	mid = t->addr[0] + (__u64)(t->r.pages / 2) * NTL_PAGE + 0x10;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)mid));
	EXPECT_EQ(0, nti_check_gone(&t->r, t->addr[0], t->size[0], t->why, WHY_LEN))
		TH_LOG("%s", t->why);
	t->addr[0] = 0;
}

/*
 * The sharing the issue asks to measure: a second process that maps the
 * image and reads every page adds no private page; its view's pages are
 * the first process's (/proc/self/smaps: Private_Clean + Private_Dirty 0).
 */
TEST_F(image_map, second_process_adds_no_private_pages)
{
	struct img_test *t = &self->t;
	struct nti_smaps mine;
	int ok;
	pid_t pid;

	map_view(t, 0, &ok);
	ASSERT_TRUE(ok) TH_LOG("%s", t->why);
	nti_touch(&t->r, t->addr[0]);
	ASSERT_EQ(0, nti_smaps(t->addr[0], t->r.img.view_size, &mine));
	TH_LOG("%s: first process, alone: %d VMAs, Rss %ld kB, Private %ld+%ld kB", variant->file,
	       mine.vmas, mine.rss, mine.private_clean, mine.private_dirty);
	pid = fork();
	if (!pid) {
		struct nti_smaps s;
		__u64 addr;

		if (child_view(t, &addr, 1))
			child_exit(1);
		nti_touch(&t->r, addr);
		if (nti_smaps(addr, t->r.img.view_size, &s) || !s.vmas) {
			ksft_print_msg("child: no VMA of the view in /proc/self/smaps\n");
			child_exit(1);
		}
		ksft_print_msg("%s: second process: %d VMAs, Rss %ld kB, Pss %ld kB\n", t->r.name,
			       s.vmas, s.rss, s.pss);
		ksft_print_msg("%s: second process: Shared_Clean %ld kB, Shared_Dirty %ld kB\n",
			       t->r.name, s.shared_clean, s.shared_dirty);
		ksft_print_msg("%s: second process: Private_Clean %ld kB, Private_Dirty %ld kB\n",
			       t->r.name, s.private_clean, s.private_dirty);
		child_exit(s.private_clean + s.private_dirty ? 2 : 0);
	}
	EXPECT_EQ(0, wait_child(pid)) TH_LOG("2: the second process has private pages");
}

/* §10.2: SEC_IMAGE_NO_EXECUTE: the same view with no execute anywhere. */
TEST_F(image_map, no_execute)
{
	struct img_test *t = &self->t;
	/* Windows' own way is PAGE_READONLY for both calls. */
	static const __u32 prots[] = { NT_PAGE_READONLY, NT_PAGE_EXECUTE_WRITECOPY };
	__u32 status = NT_STATUS_UNSUCCESSFUL;
	unsigned int i, j;
	int sec = -1;

	for (i = 0; i < 2 && sec < 0; i++) {
		status = nti_create(t->fd, prots[i], NT_SEC_IMAGE_NO_EXECUTE, &sec);
		if (status)
			TH_LOG("NtCreateSection(SEC_IMAGE_NO_EXECUTE, 0x%x): 0x%08x", prots[i],
			       status);
	}
	ASSERT_LE(0, sec);
	status = NT_STATUS_UNSUCCESSFUL;
	for (j = 0; j < 2 && !nti_map_ok(&t->r, status); j++) {
		status = nti_map(sec, prots[j], &t->addr[0], &t->size[0]);
		if (!nti_map_ok(&t->r, status))
			TH_LOG("NtMapViewOfSection(0x%x): 0x%08x", prots[j], status);
	}
	if ((__s32)status < 0)
		t->addr[0] = 0;
	t->r.noexec = 1;
	EXPECT_EQ(0, nti_check_view(&t->r, sec, status, t->addr[0], t->size[0], 0,
				    t->why, WHY_LEN))
		TH_LOG("%s", t->why);
	close(sec);
}

TEST_HARNESS_MAIN
