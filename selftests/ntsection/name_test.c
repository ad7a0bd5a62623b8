// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: named sections (SPEC §1.2, §4, §7): the directory,
 * OPENIF and collisions, case, lifetime, owner and mode, IPC namespaces.
 */
#include <sched.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

#define RW NT_PAGE_READWRITE
#define DIR "\\BaseNamedObjects\\"

static __u32 create_named(const char *name, __u32 obj_attrs, __u64 size, __u32 mode, int *fd)
{
	struct nts_create c = { .name = name, .obj_attrs = obj_attrs,
				.access = NT_SECTION_ALL_ACCESS, .protect = RW,
				.attrs = NT_SEC_COMMIT, .file_fd = -1, .size = size,
				.size_given = 1, .mode = mode };

	return nts_create_ex(&c, fd);
}

/* Run @fn in a child; returns its exit status (0 = pass). */
static int in_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(name) {
	int dummy;
};

FIXTURE_SETUP(name)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(name)
{
	EXPECT_EQ(0, nts_errno_mismatch);
}

TEST_F(name, create_open_shared_memory)
{
	int a, b;
	char *p, *q;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "shared", 0, NT_GRAN, 0, &a));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_open(DIR "shared", 0, NT_SECTION_MAP_READ |
					      NT_SECTION_MAP_WRITE, &b));
	p = nts_map(a, RW, NULL);
	q = nts_map(b, RW, NULL);
	ASSERT_NE(NULL, p);
	ASSERT_NE(NULL, q);
	ASSERT_NE(p, q);
	snprintf(p, 64, "hello through a named section");
	EXPECT_STREQ("hello through a named section", q);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(q));
	close(a);
	close(b);
}

TEST_F(name, collision_and_openif)
{
	struct ntsection_basic_information info;
	int a, b, c;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "collide", 0, NT_GRAN, 0, &a));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_COLLISION, create_named(DIR "collide", 0, NT_GRAN, 0, &b));
	EXPECT_EQ(-1, b);
	/* OPENIF: the existing section, its size unchanged. */
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_EXISTS,
		  create_named(DIR "collide", NT_OBJ_OPENIF, 4 * NT_GRAN, 0, &c));
	ASSERT_LE(0, c);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(c, &info));
	EXPECT_EQ(NT_GRAN, info.size);
	close(c);
	close(a);
}

TEST_F(name, not_found)
{
	int fd = 5;

	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND, nts_open(DIR "no-such-section", 0,
							    NT_SECTION_MAP_READ, &fd));
	EXPECT_EQ(-1, fd);
}

TEST_F(name, path_syntax)
{
	int fd;

	EXPECT_EQ(NT_STATUS_OBJECT_PATH_SYNTAX_BAD, nts_open("relative", 0, NT_SECTION_MAP_READ,
							     &fd));
	EXPECT_EQ(NT_STATUS_OBJECT_PATH_NOT_FOUND, nts_open("\\NoSuchDirectory\\x", 0,
							    NT_SECTION_MAP_READ, &fd));
	EXPECT_EQ(NT_STATUS_OBJECT_PATH_SYNTAX_BAD, create_named("relative", 0, NT_GRAN, 0, &fd));
	EXPECT_EQ(NT_STATUS_OBJECT_PATH_NOT_FOUND, create_named("\\Nope\\x", 0, NT_GRAN, 0, &fd));
}

/* A plain 64 KiB section named by @oa (any pointer), as CREATE sees it. */
static __u32 create_oa(const struct nts_create *c, uintptr_t oa, int *fd)
{
	struct ntsection_create_args a;
	struct nts_oa unused;
	uintptr_t handle;
	__u64 size;
	int rc;

	nts_create_args(&a, c, &unused, &size, &handle);
	a.object_attributes = oa;
	nts_create_raw(&a, &rc);
	nts_check_handle("CREATE", rc, a.status, handle);
	if (fd)
		*fd = rc;
	else if (rc >= 0)
		close(rc);
	return a.status;
}

static __u32 open_oa(uintptr_t oa, int *fd)
{
	struct ntsection_open_args a;
	struct nts_oa unused;
	uintptr_t handle;
	int rc;

	nts_open_args(&a, NULL, 0, NT_SECTION_QUERY | NT_SECTION_MAP_READ, &unused, &handle);
	a.object_attributes = oa;
	nts_open_raw(&a, &rc);
	nts_check_handle("OPEN", rc, a.status, handle);
	if (fd)
		*fd = rc;
	else if (rc >= 0)
		close(rc);
	return a.status;
}

static const struct nts_create plain = {
	.access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = NT_SEC_COMMIT, .file_fd = -1,
	.size = NT_GRAN, .size_given = 1,
};

/*
 * §4: what capturing ObjectAttributes finds is reported at the name's turn
 * of NtCreateSection: after the attributes, the protection, the pointers,
 * the size, the file and the sizes. Checks @want there.
 */
static void create_oa_order(struct __test_metadata *_metadata, uintptr_t oa, __u32 want)
{
	struct nts_create c = plain;

	EXPECT_EQ(want, create_oa(&c, oa, NULL));
	c.attrs = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_6, create_oa(&c, oa, NULL));
	c.attrs = NT_SEC_COMMIT;
	c.protect = NT_PAGE_NOACCESS;
	EXPECT_EQ(NT_STATUS_INVALID_PAGE_PROTECTION, create_oa(&c, oa, NULL));
	c.protect = RW;
	c.size = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4, create_oa(&c, oa, NULL));
	c.size = 1ULL << 47;
	EXPECT_EQ(NT_STATUS_SECTION_TOO_BIG, create_oa(&c, oa, NULL));
	c.size = NT_GRAN;
	c.file_fd = 999;
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, create_oa(&c, oa, NULL));
}

/* The name's UNICODE_STRING: odd lengths, NULL and unreadable buffers. */
TEST_F(name, odd_length)
{
	struct nts_oa o;
	int fd;

	nts_oa_init(&o, DIR "odd", 0, 0);
	o.us.length--;
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_INVALID, open_oa(NTS_PTR(&o.oa), NULL));
	create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_OBJECT_NAME_INVALID);
	/* A NULL buffer with a length is read and faults. */
	o.us.length = 8;
	o.us.buffer = NULL;
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, open_oa(NTS_PTR(&o.oa), NULL));
	create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_ACCESS_VIOLATION);
	o.us.buffer = (__u16 *)16;	/* unreadable */
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, open_oa(NTS_PTR(&o.oa), NULL));
	create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_ACCESS_VIOLATION);
	o.us.buffer = (__u16 *)nts_page(-1);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, open_oa(NTS_PTR(&o.oa), NULL));
	/* No length: an empty name, which names no section; at create, none. */
	o.us.length = 0;
	o.us.buffer = NULL;
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_INVALID, open_oa(NTS_PTR(&o.oa), NULL));
	EXPECT_EQ(NT_STATUS_SUCCESS, create_oa(&plain, NTS_PTR(&o.oa), &fd));
	close(fd);
}

/* ABI 2: the name's Buffer must be WCHAR-aligned: DATATYPE_MISALIGNMENT. */
TEST_F(name, buffer_misaligned)
{
	static __u16 raw[64];
	struct nts_oa o;
	int rc;

	nts_oa_init(&o, DIR "misaligned", 0, 0);
	memcpy((char *)raw + 1, o.name.buf, o.name.bytes);
	o.us.buffer = (__u16 *)((char *)raw + 1);
	EXPECT_EQ(NT_STATUS_DATATYPE_MISALIGNMENT, open_oa(NTS_PTR(&o.oa), &rc));
	EXPECT_EQ(EINVAL, errno);
	create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_DATATYPE_MISALIGNMENT);
	/* Before the buffer is read: an odd address nothing is mapped at. */
	o.us.buffer = (__u16 *)17;
	EXPECT_EQ(NT_STATUS_DATATYPE_MISALIGNMENT, open_oa(NTS_PTR(&o.oa), NULL));
	/* Checked even when there is nothing to read. */
	o.us.length = 0;
	EXPECT_EQ(NT_STATUS_DATATYPE_MISALIGNMENT, open_oa(NTS_PTR(&o.oa), NULL));
	create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_DATATYPE_MISALIGNMENT);
}

/* ABI 2: ObjectAttributes NULL: an unnamed section; NtOpenSection refuses. */
TEST_F(name, object_attributes_null)
{
	struct ntsection_basic_information info;
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_oa(&plain, 0, &fd));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(NT_GRAN, info.size);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, open_oa(0, &fd));
	EXPECT_EQ(-1, fd);
}

/* ABI 2: OBJECT_ATTRIBUTES.Length must be sizeof(OBJECT_ATTRIBUTES) of the caller. */
TEST_F(name, object_attributes_length)
{
	/* 24 is the 32-bit size, 48 the 64-bit one: each is wrong for the other. */
	const __u32 bad[] = {
		0, 1, sizeof(struct nts_object_attributes) - 1,
		sizeof(struct nts_object_attributes) + 1,
		sizeof(void *) == 8 ? 24 : 48, 0x80000030u, 0xffffffffu,
	};
	struct nts_oa o;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		nts_oa_init(&o, DIR "oa-length", 0, 0);
		o.oa.length = bad[i];
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, open_oa(NTS_PTR(&o.oa), NULL))
			TH_LOG("Length %u", bad[i]);
		create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_INVALID_PARAMETER);
		/* Even without a name. */
		o.oa.object_name = NULL;
		create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_INVALID_PARAMETER);
	}
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND, nts_open(DIR "oa-length", 0,
							    NT_SECTION_QUERY, NULL));
}

/* ABI 2: ObjectAttributes, ObjectName that cannot be read: ACCESS_VIOLATION. */
TEST_F(name, object_attributes_unreadable)
{
	uintptr_t bad[8];
	struct nts_oa o;
	char *edge;
	int i, n;

	n = nts_bad_ptrs(bad, 0, 1);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, open_oa(bad[i], NULL))
			TH_LOG("ObjectAttributes %p", (void *)bad[i]);
		create_oa_order(_metadata, bad[i], NT_STATUS_ACCESS_VIOLATION);
		nts_oa_init(&o, DIR "oa-unreadable", 0, 0);
		o.oa.object_name = (struct nts_unicode_string *)bad[i];
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, open_oa(NTS_PTR(&o.oa), NULL))
			TH_LOG("ObjectName %p", (void *)bad[i]);
		create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_ACCESS_VIOLATION);
	}
	/* The whole structure is read: its last byte on an unmapped page. */
	edge = mmap(NULL, 2 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, edge);
	ASSERT_EQ(0, munmap(edge + NT_PAGE, NT_PAGE));
	nts_oa_init(&o, DIR "oa-unreadable", 0, 0);
	memcpy(edge + NT_PAGE - sizeof(o.oa) + 1, &o.oa, sizeof(o.oa) - 1);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  open_oa(NTS_PTR(edge + NT_PAGE - sizeof(o.oa) + 1), NULL));
	memcpy(edge + NT_PAGE - sizeof(o.oa), &o.oa, sizeof(o.oa));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND,
		  open_oa(NTS_PTR(edge + NT_PAGE - sizeof(o.oa)), NULL));
	/* The UNICODE_STRING too. */
	memcpy(edge + NT_PAGE - sizeof(o.us) + 2, &o.us, sizeof(o.us) - 2);
	o.oa.object_name = (struct nts_unicode_string *)(edge + NT_PAGE - sizeof(o.us) + 2);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, open_oa(NTS_PTR(&o.oa), NULL));
	munmap(edge, NT_PAGE);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND, nts_open(DIR "oa-unreadable", 0,
							    NT_SECTION_QUERY, NULL));
}

/*
 * ABI 2: no ObjectName: an unnamed section (create) or OBJECT_PATH_SYNTAX_BAD
 * (open); with a RootDirectory, OBJECT_NAME_INVALID for both.
 */
TEST_F(name, object_name_null)
{
	struct nts_oa o;
	int fd, sec;

	nts_oa_init(&o, NULL, 0, 0);
	ASSERT_EQ(NT_STATUS_SUCCESS, create_oa(&plain, NTS_PTR(&o.oa), &sec));
	EXPECT_EQ(NT_STATUS_OBJECT_PATH_SYNTAX_BAD, open_oa(NTS_PTR(&o.oa), &fd));
	EXPECT_EQ(-1, fd);
	o.oa.root_directory = NTS_HANDLE(sec);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_INVALID, open_oa(NTS_PTR(&o.oa), NULL));
	create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_OBJECT_NAME_INVALID);
	o.oa.root_directory = NTS_HANDLE(999);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_INVALID, open_oa(NTS_PTR(&o.oa), NULL));
	close(sec);
}

/*
 * ABI 2: a name relative to a RootDirectory: there are no directory
 * objects, so the call ends at the name's turn with the root's status:
 * INVALID_HANDLE for no open fd, OBJECT_TYPE_MISMATCH for anything else
 * (the pseudo-handles included). Nothing is made.
 */
TEST_F(name, root_directory)
{
	struct {
		uintptr_t root;
		__u32 status;
	} t[] = {
		{ 0, NT_STATUS_OBJECT_TYPE_MISMATCH },	/* the section, below */
		{ 0, NT_STATUS_OBJECT_TYPE_MISMATCH },	/* its handle | 3 */
		{ 0, NT_STATUS_OBJECT_TYPE_MISMATCH },	/* /dev/null */
		{ 0, NT_STATUS_OBJECT_TYPE_MISMATCH },	/* an O_PATH fd: a handle too */
		{ NTS_HANDLE(999), NT_STATUS_INVALID_HANDLE },
		{ 1, NT_STATUS_INVALID_HANDLE },
		{ 3, NT_STATUS_INVALID_HANDLE },
		{ (uintptr_t)-1, NT_STATUS_OBJECT_TYPE_MISMATCH },	/* NtCurrentProcess() */
		{ (uintptr_t)-2, NT_STATUS_OBJECT_TYPE_MISMATCH },	/* NtCurrentThread() */
		{ (uintptr_t)-6, NT_STATUS_OBJECT_TYPE_MISMATCH },
		{ (uintptr_t)-7, NT_STATUS_INVALID_HANDLE },
	};
	struct nts_oa o;
	unsigned int i;
	int sec, null, opath, fds;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "rooted", 0, NT_GRAN, 0, &sec));
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, null);
	opath = open("/tmp", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, opath);
	t[0].root = NTS_HANDLE(sec);
	t[1].root = NTS_HANDLE(sec) | 3;
	t[2].root = NTS_HANDLE(null);
	t[3].root = NTS_HANDLE(opath);
	fds = nts_count_fds();
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		/* Even a name that would be valid and is taken. */
		nts_oa_init(&o, DIR "rooted", 0, 0);
		o.oa.root_directory = t[i].root;
		EXPECT_EQ(t[i].status, open_oa(NTS_PTR(&o.oa), NULL))
			TH_LOG("RootDirectory 0x%llx", (unsigned long long)t[i].root);
		create_oa_order(_metadata, NTS_PTR(&o.oa), t[i].status);
		nts_oa_init(&o, "rooted-leaf", NT_OBJ_OPENIF, 0);
		o.oa.root_directory = t[i].root;
		EXPECT_EQ(t[i].status, open_oa(NTS_PTR(&o.oa), NULL));
		create_oa_order(_metadata, NTS_PTR(&o.oa), t[i].status);
		/* An empty name names the root itself (open). */
		o.us.length = 0;
		EXPECT_EQ(t[i].status, open_oa(NTS_PTR(&o.oa), NULL));
	}
	EXPECT_EQ(fds, nts_count_fds());
	EXPECT_EQ(NT_STATUS_OBJECT_PATH_SYNTAX_BAD, nts_open("rooted-leaf", 0, NT_SECTION_QUERY,
							     NULL));
	close(opath);
	close(null);
	close(sec);
}

/* A Windows SECURITY_DESCRIPTOR (absolute, in the caller's data model). */
struct nt_sd_absolute {
	__u8 revision;
	__u8 sbz1;
	__u16 control;
	void *owner;
	void *group;
	void *sacl;
	void *dacl;
};

/* ... and self-relative. */
struct nt_sd_relative {
	__u8 revision;
	__u8 sbz1;
	__u16 control;
	__u32 owner;
	__u32 group;
	__u32 sacl;
	__u32 dacl;
};

#define SE_DACL_PRESENT		0x0004
#define SE_SELF_RELATIVE	0x8000

/* Create DIR @leaf with @sd as its SecurityDescriptor: the status; the mode in *@mode. */
static __u32 create_sd(const char *leaf, const void *sd, int *mode)
{
	char name[128];
	struct nts_oa o;
	__u32 status;
	int fd;

	snprintf(name, sizeof(name), DIR "%s", leaf);
	nts_oa_init(&o, name, 0, 0);
	o.oa.security_descriptor = (void *)sd;
	status = create_oa(&plain, NTS_PTR(&o.oa), &fd);
	*mode = nts_proc_mode(leaf);
	if (fd >= 0)
		close(fd);
	return status;
}

/*
 * ABI 2: the mode of a named section comes from the SecurityDescriptor: an
 * NTSECTION_MODE_DESCRIPTOR gives its mode (0: 0600), a Windows descriptor
 * with a NULL DACL 0666, one without a DACL 0600; what is neither is
 * refused (issue 16: never ignored).
 */
TEST_F(name, mode_descriptor)
{
	struct ntsection_mode_descriptor md = { .magic = NTSECTION_MODE_DESCRIPTOR_MAGIC };
	struct nt_sd_absolute abs = { .revision = 1, .control = SE_DACL_PRESENT };
	struct nt_sd_relative rel = {
		.revision = 1, .control = SE_DACL_PRESENT | SE_SELF_RELATIVE,
	};
	static const __u32 modes[] = { 0640, 0604, 0777, 0400, 0444 };
	char leaf[64];
	unsigned int i;
	int mode;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		md.mode = modes[i];
		snprintf(leaf, sizeof(leaf), "mode-%o", modes[i]);
		EXPECT_EQ(NT_STATUS_SUCCESS, create_sd(leaf, &md, &mode));
		EXPECT_EQ(modes[i], mode);
	}
	md.mode = 0;
	EXPECT_EQ(NT_STATUS_SUCCESS, create_sd("mode-zero", &md, &mode));
	EXPECT_EQ(0600, mode);
	EXPECT_EQ(NT_STATUS_SUCCESS, create_sd("mode-none", NULL, &mode));
	EXPECT_EQ(0600, mode);
	EXPECT_EQ(NT_STATUS_SUCCESS, create_sd("mode-null-dacl", &abs, &mode));
	EXPECT_EQ(0666, mode);
	EXPECT_EQ(NT_STATUS_SUCCESS, create_sd("mode-null-dacl-rel", &rel, &mode));
	EXPECT_EQ(0666, mode);
	/*
	 * A DACL gives the mode it says (access_test); one that is no ACL (the
	 * descriptor itself: AclSize 4) is INVALID_ACL, nothing made.
	 */
	abs.dacl = &abs;
	EXPECT_EQ(NT_STATUS_INVALID_ACL, create_sd("mode-dacl", &abs, &mode));
	EXPECT_EQ(-1, mode);
	abs.dacl = NULL;
	abs.control = 0;	/* no DACL: the default */
	EXPECT_EQ(NT_STATUS_SUCCESS, create_sd("mode-no-dacl", &abs, &mode));
	EXPECT_EQ(0600, mode);
	/* Not a descriptor of revision 1, nor a mode descriptor: refused. */
	abs.control = SE_DACL_PRESENT;
	abs.revision = 2;
	EXPECT_EQ(NT_STATUS_INVALID_SECURITY_DESCR, create_sd("mode-revision-2", &abs, &mode));
	EXPECT_EQ(-1, mode);
	md.magic = NTSECTION_MODE_DESCRIPTOR_MAGIC + 1;
	md.mode = 0666;
	EXPECT_EQ(NT_STATUS_INVALID_SECURITY_DESCR, create_sd("mode-bad-magic", &md, &mode));
	EXPECT_EQ(-1, mode);
}

/*
 * ABI 2: a mode descriptor with bits outside 0777 is INVALID_PARAMETER, one
 * that cannot be read ACCESS_VIOLATION: at the name's turn of a create, for
 * an open as it captures ObjectAttributes. Nothing is made.
 */
TEST_F(name, mode_descriptor_invalid)
{
	static const __u32 bad[] = { 01000, 02644, 04755, 0x10000, 0x80000000u, 0xffffffffu };
	struct ntsection_mode_descriptor md = { .magic = NTSECTION_MODE_DESCRIPTOR_MAGIC };
	uintptr_t ptrs[8];
	struct nts_oa o;
	unsigned int i;
	int n, fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "mode-open", 0, NT_GRAN, 0, &fd));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		md.mode = bad[i];
		nts_oa_init(&o, DIR "mode-invalid", 0, 0);
		o.oa.security_descriptor = &md;
		create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_INVALID_PARAMETER);
		nts_oa_init(&o, DIR "mode-open", 0, 0);
		o.oa.security_descriptor = &md;
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, open_oa(NTS_PTR(&o.oa), NULL))
			TH_LOG("mode 0%o", bad[i]);
	}
	n = nts_bad_ptrs(ptrs, 0, 1);
	for (i = 0; i < (unsigned int)n; i++) {
		nts_oa_init(&o, DIR "mode-invalid", 0, 0);
		o.oa.security_descriptor = (void *)ptrs[i];
		create_oa_order(_metadata, NTS_PTR(&o.oa), NT_STATUS_ACCESS_VIOLATION);
		nts_oa_init(&o, DIR "mode-open", 0, 0);
		o.oa.security_descriptor = (void *)ptrs[i];
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, open_oa(NTS_PTR(&o.oa), NULL))
			TH_LOG("SecurityDescriptor %p", (void *)ptrs[i]);
	}
	EXPECT_EQ(-1, nts_proc_mode("mode-invalid"));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND, nts_open(DIR "mode-invalid", 0,
							    NT_SECTION_QUERY, NULL));
	close(fd);
}

TEST_F(name, case_sensitivity)
{
	int a, b;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "CaseName", 0, NT_GRAN, 0, &a));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND, nts_open(DIR "casename", 0,
							    NT_SECTION_MAP_READ, &b));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_open(DIR "casename", NT_OBJ_CASE_INSENSITIVE,
					      NT_SECTION_MAP_READ, &b));
	close(b);
	/* Case-sensitive creation of another case is another section. */
	EXPECT_EQ(NT_STATUS_SUCCESS, create_named(DIR "CASENAME", 0, NT_GRAN, 0, &b));
	close(b);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_COLLISION,
		  create_named(DIR "casename", NT_OBJ_CASE_INSENSITIVE, NT_GRAN, 0, &b));
	close(a);
}

/* §1.2, §7: the name dies with the last handle; a view keeps the memory. */
TEST_F(name, lifetime)
{
	int a, b;
	char *p;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "lifetime", 0, NT_GRAN, 0, &a));
	p = nts_map(a, RW, NULL);
	ASSERT_NE(NULL, p);
	snprintf(p, 64, "still here");
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_open(DIR "lifetime", 0, NT_SECTION_MAP_READ, &b));
	close(a);
	/* One handle left: the name lives. */
	close(b);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND, nts_open(DIR "lifetime", 0,
							    NT_SECTION_MAP_READ, &b));
	EXPECT_STREQ("still here", p);
	/* The name is free again: a new section, fresh memory. */
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "lifetime", 0, NT_GRAN, 0, &a));
	close(a);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* OBJ_OPENLINK is invalid for sections. */
TEST_F(name, openlink)
{
	int a, b;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "openlink", 0, NT_GRAN, 0, &a));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, nts_open(DIR "openlink", NT_OBJ_OPENLINK,
							NT_SECTION_MAP_READ, &b));
	close(a);
}

static int open_as_other_user(void *arg)
{
	int fd;
	__u32 status;

	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 10;
	status = nts_open((const char *)arg, 0, NT_SECTION_MAP_READ, &fd);
	return status == NT_STATUS_ACCESS_DENIED ? 0 : status == NT_STATUS_SUCCESS ? 1 : 2;
}

static int open_as_other_user_ok(void *arg)
{
	int fd;

	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 10;
	return nts_open((const char *)arg, 0, NT_SECTION_MAP_READ, &fd) == NT_STATUS_SUCCESS ?
		0 : 1;
}

/* §1.2: owner-only by default; the mode opens it to others. */
TEST_F(name, other_user)
{
	int a, b;

	if (geteuid() != 0)
		SKIP(return, "needs root to switch users");
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "owner-only", 0, NT_GRAN, 0, &a));
	EXPECT_EQ(0, in_child(open_as_other_user, DIR "owner-only"));
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "world-read", 0, NT_GRAN, 0644, &b));
	EXPECT_EQ(0, in_child(open_as_other_user_ok, DIR "world-read"));
	close(a);
	close(b);
}

static int open_in_new_ipc_ns(void *arg)
{
	int fd;
	__u32 status;

	if (unshare(CLONE_NEWIPC))
		return 10;
	status = nts_open((const char *)arg, 0, NT_SECTION_MAP_READ, &fd);
	if (status != NT_STATUS_OBJECT_NAME_NOT_FOUND)
		return 1;
	/* The same name is free in the new namespace. */
	return create_named((const char *)arg, 0, NT_GRAN, 0, &fd) == NT_STATUS_SUCCESS ? 0 : 2;
}

/* §1.2: a container (IPC namespace) sees only its own names. */
TEST_F(name, ipc_namespace)
{
	int a, b;

	if (geteuid() != 0)
		SKIP(return, "needs root for unshare(CLONE_NEWIPC)");
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(DIR "per-namespace", 0, NT_GRAN, 0, &a));
	EXPECT_EQ(0, in_child(open_in_new_ipc_ns, DIR "per-namespace"));
	/* The child's section died with it; ours is still there. */
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_open(DIR "per-namespace", 0, NT_SECTION_MAP_READ, &b));
	close(b);
	close(a);
}

TEST_HARNESS_MAIN
