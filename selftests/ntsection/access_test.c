// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: what a section handle is granted, as Windows decides
 * it (issue 16, porting.rst):
 * - MAXIMUM_ALLOWED grants every right the section's mode allows the
 *   caller (NtOpenSection, NtCreateSection, OBJ_OPENIF), ACCESS_DENIED when
 *   it allows none;
 * - OBJECT_ATTRIBUTES.Attributes: unknown bits, OBJ_OPENLINK,
 *   OBJ_PERMANENT refused with Windows' statuses, OBJ_EXCLUSIVE sections
 *   opened by their creating process only, and only exclusively, the
 *   bits that mean nothing here accepted;
 * - a Windows SECURITY_DESCRIPTOR gives a mode: a NULL DACL 0666, an
 *   owner-only DACL 0600, an empty DACL 0000; a descriptor a mode cannot
 *   express is refused with a clear status, never ignored.
 * Every expectation is on the handle's access as /proc/self/fdinfo shows it,
 * on the mode /proc/ntsection/sections shows, or on a status.
 */
#include <grp.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

#define RW	NT_PAGE_READWRITE
#define DIR	"\\BaseNamedObjects\\"
#define NOBODY	65534

/* What each class of a mode grants (read, write), with the standard rights. */
#define A_READ	(NT_SECTION_QUERY | NT_SECTION_MAP_READ | NT_SECTION_MAP_EXECUTE | \
		 NT_STANDARD_RIGHTS_REQUIRED)
#define A_WRITE	(NT_SECTION_MAP_WRITE | NT_SECTION_EXTEND_SIZE | NT_STANDARD_RIGHTS_REQUIRED)

#define EXPECT_STATUS(expected, seen) do { \
	__u32 __st_exp = (expected), __st_seen = (seen); \
	if (__st_exp != __st_seen) { \
		TH_LOG("%s: status 0x%08x, expected %s (0x%08x)", #seen, __st_seen, \
		       #expected, __st_exp); \
		_metadata->exit_code = KSFT_FAIL; \
	} \
} while (0)

static __u32 create_full(const char *name, __u32 obj_attrs, __u32 access, __u32 mode, int *fd)
{
	struct nts_create c = { .name = name, .obj_attrs = obj_attrs, .access = access,
				.protect = RW, .attrs = NT_SEC_COMMIT, .file_fd = -1,
				.size = NT_GRAN, .size_given = 1, .mode = mode };

	return nts_create_ex(&c, fd);
}

/* The access mask /proc/self/fdinfo shows for section fd @fd; -1: none. */
static long long fd_access(int fd)
{
	char path[64], line[256];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "ntsection-access: %llx", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Run @fn(@arg) in a child as user and group nobody: its result, 100 if it could not switch. */
static int as_nobody(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(100);
		nts_errno_mismatch = 0;
		_exit(fn(arg) ?: (nts_errno_mismatch ? 101 : 0));
	}
	return nts_wait_child(pid);
}

FIXTURE(access) {
	int dummy;
};

FIXTURE_SETUP(access)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	if (geteuid() != 0)
		SKIP(return, "needs root (to open as another user)");
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(access)
{
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* What nobody's MAXIMUM_ALLOWED open of @name gets: 1 its status, 2 its access. */
struct max_case {
	const char *name;
	__u32 extra;		/* rights asked for beside MAXIMUM_ALLOWED */
	__u32 status;
	long long access;
};

static int open_max(void *arg)
{
	const struct max_case *c = arg;
	__u32 status;
	int fd;

	status = nts_open(c->name, 0, NT_MAXIMUM_ALLOWED | c->extra, &fd);
	if (status != c->status)
		return 1;
	if (fd >= 0 && fd_access(fd) != c->access)
		return 2;
	return 0;
}

/*
 * NtOpenSection(MAXIMUM_ALLOWED): the rights of the caller's class of the
 * mode, every one of them; nothing allowed is ACCESS_DENIED, and a right
 * asked for beside it must be allowed too.
 */
TEST_F(access, maximum_allowed_open)
{
	static const struct { __u32 mode; __u32 status; long long access; } t[] = {
		{ 0644, NT_STATUS_SUCCESS, A_READ },
		{ 0622, NT_STATUS_SUCCESS, A_WRITE },
		{ 0666, NT_STATUS_SUCCESS, NT_SECTION_ALL_ACCESS },
		{ 0600, NT_STATUS_ACCESS_DENIED, -1 },
		{ 0611, NT_STATUS_ACCESS_DENIED, -1 },
	};
	struct max_case c;
	unsigned int i;
	char name[64];
	int fd, own;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		snprintf(name, sizeof(name), DIR "access-max-%o", t[i].mode);
		ASSERT_EQ(NT_STATUS_SUCCESS, create_full(name, 0, NT_SECTION_ALL_ACCESS,
							 t[i].mode, &fd));
		/* The owner here is root: CAP_IPC_OWNER, every right. */
		ASSERT_EQ(NT_STATUS_SUCCESS, nts_open(name, 0, NT_MAXIMUM_ALLOWED, &own));
		EXPECT_EQ(NT_SECTION_ALL_ACCESS, fd_access(own));
		close(own);
		c = (struct max_case){ name, 0, t[i].status, t[i].access };
		EXPECT_EQ(0, as_nobody(open_max, &c)) TH_LOG("mode 0%o", t[i].mode);
		close(fd);
	}
	/* A right the mode refuses, asked beside MAXIMUM_ALLOWED: denied. */
	ASSERT_EQ(NT_STATUS_SUCCESS, create_full(DIR "access-max-extra", 0,
						 NT_SECTION_ALL_ACCESS, 0644, &fd));
	c = (struct max_case){ DIR "access-max-extra", NT_SECTION_MAP_WRITE,
			       NT_STATUS_ACCESS_DENIED, -1 };
	EXPECT_EQ(0, as_nobody(open_max, &c));
	c = (struct max_case){ DIR "access-max-extra", NT_GENERIC_READ, NT_STATUS_SUCCESS,
			       A_READ };
	EXPECT_EQ(0, as_nobody(open_max, &c));
	close(fd);
}

static int openif_max(void *arg)
{
	const struct max_case *c = arg;
	__u32 status;
	int fd;

	status = create_full(c->name, NT_OBJ_OPENIF, NT_MAXIMUM_ALLOWED, 0, &fd);
	if (status != c->status)
		return 1;
	if (fd >= 0 && fd_access(fd) != c->access)
		return 2;
	return 0;
}

/*
 * NtCreateSection(MAXIMUM_ALLOWED): the creator's handle has every right
 * (as Wine gives GENERIC_ALL); with OBJ_OPENIF on an existing section, what
 * the mode allows, as NtOpenSection.
 */
TEST_F(access, maximum_allowed_create)
{
	struct max_case c = { DIR "access-openif", 0, NT_STATUS_OBJECT_NAME_EXISTS, A_READ };
	int fd, anon;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_full(DIR "access-openif", 0, NT_MAXIMUM_ALLOWED,
						 0644, &fd));
	EXPECT_EQ(NT_SECTION_ALL_ACCESS, fd_access(fd));
	EXPECT_EQ(0, as_nobody(openif_max, &c));
	close(fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, create_full(NULL, 0, NT_MAXIMUM_ALLOWED, 0, &anon));
	EXPECT_EQ(NT_SECTION_ALL_ACCESS, fd_access(anon));
	close(anon);
}

/* OBJ_ bits at NtCreateSection and NtOpenSection: Windows' statuses. */
TEST_F(access, obj_attributes)
{
	static const struct { __u32 attrs; __u32 create, open; } t[] = {
		{ 0x1, NT_STATUS_INVALID_PARAMETER, NT_STATUS_INVALID_PARAMETER },
		{ 0x4, NT_STATUS_INVALID_PARAMETER, NT_STATUS_INVALID_PARAMETER },
		{ 0x8, NT_STATUS_INVALID_PARAMETER, NT_STATUS_INVALID_PARAMETER },
		{ 0x2000, NT_STATUS_INVALID_PARAMETER, NT_STATUS_INVALID_PARAMETER },
		{ 0x80000000u, NT_STATUS_INVALID_PARAMETER, NT_STATUS_INVALID_PARAMETER },
		{ NT_OBJ_OPENLINK, NT_STATUS_INVALID_PARAMETER, NT_STATUS_INVALID_PARAMETER },
		{ NT_OBJ_EXCLUSIVE | NT_OBJ_INHERIT, NT_STATUS_INVALID_PARAMETER,
		  NT_STATUS_INVALID_PARAMETER },
		/* The base was created without OBJ_EXCLUSIVE (see the exclusive test). */
		{ NT_OBJ_EXCLUSIVE, NT_STATUS_SUCCESS, NT_STATUS_INVALID_PARAMETER },
		/* root holds the privilege; a section cannot outlive its handles. */
		{ NT_OBJ_PERMANENT, NT_STATUS_NOT_SUPPORTED, NT_STATUS_SUCCESS },
		{ NT_OBJ_KERNEL_HANDLE, NT_STATUS_SUCCESS, NT_STATUS_SUCCESS },
		{ NT_OBJ_FORCE_ACCESS_CHECK, NT_STATUS_SUCCESS, NT_STATUS_SUCCESS },
		{ NT_OBJ_IGNORE_IMPERSONATED_DEVICEMAP, NT_STATUS_SUCCESS, NT_STATUS_SUCCESS },
		{ NT_OBJ_DONT_REPARSE, NT_STATUS_SUCCESS, NT_STATUS_SUCCESS },
	};
	unsigned int i;
	int fd, base, fds = nts_count_fds();

	ASSERT_EQ(NT_STATUS_SUCCESS, create_full(DIR "access-attrs-base", 0,
						 NT_SECTION_ALL_ACCESS, 0, &base));
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		EXPECT_STATUS(t[i].create, create_full(DIR "access-attrs", t[i].attrs,
						       NT_SECTION_ALL_ACCESS, 0, &fd));
		if (fd >= 0) {
			/* A user-mode handle is an fd, close-on-exec without OBJ_INHERIT. */
			EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
			close(fd);
		}
		EXPECT_EQ(-1, nts_proc_mode("access-attrs")) TH_LOG("attrs 0x%x", t[i].attrs);
		/* Unnamed: the same checks. */
		EXPECT_STATUS(t[i].create, create_full(NULL, t[i].attrs, NT_SECTION_ALL_ACCESS,
						       0, &fd));
		if (fd >= 0)
			close(fd);
		EXPECT_STATUS(t[i].open, nts_open(DIR "access-attrs-base", t[i].attrs,
						  NT_SECTION_QUERY, &fd));
		if (fd >= 0)
			close(fd);
	}
	close(base);
	EXPECT_EQ(fds, nts_count_fds());
}

static void *open_exclusive_thread(void *arg)
{
	int fd;

	(void)arg;
	if (nts_open(DIR "access-excl", NT_OBJ_EXCLUSIVE, NT_SECTION_QUERY, &fd) !=
	    NT_STATUS_SUCCESS)
		return (void *)1;
	close(fd);
	return NULL;
}

/*
 * OBJ_EXCLUSIVE (Windows' ObpIncrementHandleCount): only the creating
 * process (any of its threads) opens the section, and only with
 * OBJ_EXCLUSIVE; another process, the same user's fork child, is denied
 * either way, also through OBJ_OPENIF.
 */
TEST_F(access, exclusive)
{
	void *thread_rc = (void *)-1;
	pthread_t thread;
	int ex, fd, bad;
	pid_t pid;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_full(DIR "access-excl", NT_OBJ_EXCLUSIVE,
						 NT_SECTION_ALL_ACCESS, 0, &ex));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_open(DIR "access-excl", NT_OBJ_EXCLUSIVE,
						  NT_SECTION_QUERY, &fd));
	if (fd >= 0)
		close(fd);
	EXPECT_STATUS(NT_STATUS_ACCESS_DENIED, nts_open(DIR "access-excl", 0, NT_SECTION_QUERY,
							&fd));
	EXPECT_EQ(-1, fd);
	EXPECT_STATUS(NT_STATUS_INVALID_PARAMETER,
		      nts_open(DIR "access-excl", NT_OBJ_EXCLUSIVE | NT_OBJ_INHERIT,
			       NT_SECTION_QUERY, &fd));
	EXPECT_STATUS(NT_STATUS_OBJECT_NAME_EXISTS,
		      create_full(DIR "access-excl", NT_OBJ_OPENIF | NT_OBJ_EXCLUSIVE,
				  NT_SECTION_ALL_ACCESS, 0, &fd));
	if (fd >= 0)
		close(fd);
	EXPECT_STATUS(NT_STATUS_ACCESS_DENIED, create_full(DIR "access-excl", NT_OBJ_OPENIF,
							   NT_SECTION_ALL_ACCESS, 0, &fd));
	ASSERT_EQ(0, pthread_create(&thread, NULL, open_exclusive_thread, NULL));
	ASSERT_EQ(0, pthread_join(thread, &thread_rc));
	EXPECT_EQ(NULL, thread_rc);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		bad = 0;
		if (nts_open(DIR "access-excl", NT_OBJ_EXCLUSIVE, NT_SECTION_QUERY, &fd) !=
		    NT_STATUS_ACCESS_DENIED)
			bad |= 1;
		if (nts_open(DIR "access-excl", 0, NT_SECTION_QUERY, &fd) !=
		    NT_STATUS_ACCESS_DENIED)
			bad |= 2;
		if (create_full(DIR "access-excl", NT_OBJ_OPENIF | NT_OBJ_EXCLUSIVE,
				NT_SECTION_ALL_ACCESS, 0, &fd) != NT_STATUS_ACCESS_DENIED)
			bad |= 4;
		_exit(bad);
	}
	EXPECT_EQ(0, nts_wait_child(pid));

	/* A section made without OBJ_EXCLUSIVE cannot be opened exclusively. */
	ASSERT_EQ(NT_STATUS_SUCCESS, create_full(DIR "access-plain", 0, NT_SECTION_ALL_ACCESS, 0,
						 &fd));
	EXPECT_STATUS(NT_STATUS_INVALID_PARAMETER,
		      create_full(DIR "access-plain", NT_OBJ_OPENIF | NT_OBJ_EXCLUSIVE,
				  NT_SECTION_ALL_ACCESS, 0, &bad));
	close(fd);
	close(ex);
	EXPECT_STATUS(NT_STATUS_OBJECT_NAME_NOT_FOUND,
		      nts_open(DIR "access-excl", NT_OBJ_EXCLUSIVE, NT_SECTION_QUERY, &fd));
}

static int create_permanent(void *arg)
{
	int fd;

	(void)arg;
	if (create_full(DIR "access-permanent", NT_OBJ_PERMANENT, NT_SECTION_ALL_ACCESS, 0,
			&fd) != NT_STATUS_PRIVILEGE_NOT_HELD)
		return 1;
	return fd == -1 ? 0 : 2;
}

/* OBJ_PERMANENT needs SeCreatePermanentPrivilege: CAP_SYS_ADMIN. */
TEST_F(access, permanent_needs_privilege)
{
	EXPECT_EQ(0, as_nobody(create_permanent, NULL));
	EXPECT_EQ(-1, nts_proc_mode("access-permanent"));
}

/* SECURITY_DESCRIPTOR, absolute, in the caller's data model. */
struct sd_abs {
	__u8 revision;
	__u8 sbz1;
	__u16 control;
	void *owner;
	void *group;
	void *sacl;
	void *dacl;
};

/* ... self-relative, with room for a DACL after it. */
struct sd_rel {
	__u8 revision;
	__u8 sbz1;
	__u16 control;
	__u32 owner;
	__u32 group;
	__u32 sacl;
	__u32 dacl;
	__u8 acl[8 + 3 * 20];
};

#define SE_DACL_PRESENT		0x0004
#define SE_SELF_RELATIVE	0x8000

/* One ACE for S-1-@auth-@sub; ACL revision 2. */
struct ace_spec {
	__u8 type, flags, auth;
	__u32 sub, mask;
};

static __u32 build_acl(__u8 *acl, const struct ace_spec *a, unsigned int n)
{
	__u32 off = 8;
	unsigned int i;

	memset(acl, 0, 8 + 20 * n);
	acl[0] = 2;
	for (i = 0; i < n; i++, off += 20) {
		acl[off] = a[i].type;
		acl[off + 1] = a[i].flags;
		acl[off + 2] = 20;
		memcpy(acl + off + 4, &a[i].mask, 4);
		acl[off + 8] = 1;
		acl[off + 9] = 1;
		acl[off + 15] = a[i].auth;
		memcpy(acl + off + 16, &a[i].sub, 4);
	}
	acl[2] = off;
	acl[4] = n;
	return off;
}

/*
 * Create DIR @leaf with @sd as its SecurityDescriptor: the status, the mode
 * listed in *@mode (-1: none); the handle in *@keep, or closed when NULL.
 */
static __u32 create_sd_keep(const char *leaf, const void *sd, int *mode, int *keep)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW,
				.attrs = NT_SEC_COMMIT, .file_fd = -1, .size = NT_GRAN,
				.size_given = 1 };
	struct ntsection_create_args a;
	struct nts_oa o, unused;
	uintptr_t handle;
	char name[128];
	__u64 size;
	int rc;

	snprintf(name, sizeof(name), DIR "%s", leaf);
	nts_oa_init(&o, name, 0, 0);
	o.oa.security_descriptor = (void *)sd;
	nts_create_args(&a, &c, &unused, &size, &handle);
	a.object_attributes = NTS_PTR(&o.oa);
	nts_create_raw(&a, &rc);
	nts_check_handle("CREATE", rc, a.status, handle);
	*mode = nts_proc_mode(leaf);
	if (keep)
		*keep = rc;
	else if (rc >= 0)
		close(rc);
	return a.status;
}

static __u32 create_sd(const char *leaf, const void *sd, int *mode)
{
	return create_sd_keep(leaf, sd, mode, NULL);
}

/* Open DIR @leaf for SECTION_QUERY with @sd as its SecurityDescriptor: the status. */
static __u32 open_sd(const char *leaf, const void *sd)
{
	struct ntsection_open_args a;
	struct nts_oa o, unused;
	uintptr_t handle;
	char name[128];
	int rc;

	snprintf(name, sizeof(name), DIR "%s", leaf);
	nts_oa_init(&o, name, 0, 0);
	o.oa.security_descriptor = (void *)sd;
	nts_open_args(&a, NULL, 0, NT_SECTION_QUERY, &unused, &handle);
	a.object_attributes = NTS_PTR(&o.oa);
	nts_open_raw(&a, &rc);
	nts_check_handle("OPEN", rc, a.status, handle);
	if (rc >= 0)
		close(rc);
	return a.status;
}

static int open_max_denied(void *arg)
{
	int fd;

	return nts_open(arg, 0, NT_MAXIMUM_ALLOWED, &fd) == NT_STATUS_ACCESS_DENIED ? 0 : 1;
}

/* DACLs a mode can express: their modes. */
TEST_F(access, dacl_modes)
{
	static const struct ace_spec owner_all = { 0, 0, 3, 4, NT_GENERIC_ALL };
	static const struct ace_spec creator_owner_rw = { 0, 0, 3, 0,
							  NT_GENERIC_READ | NT_GENERIC_WRITE };
	static const struct ace_spec everyone_read = { 0, 0, 1, 0, NT_GENERIC_READ };
	static const struct ace_spec group_map_write = { 0, 0, 3, 1, NT_SECTION_MAP_WRITE };
	struct ace_spec three[] = { owner_all, everyone_read, group_map_write };
	__u8 acl[8 + 3 * 20];
	struct sd_abs abs = { .revision = 1, .control = SE_DACL_PRESENT };
	struct sd_rel rel = { .revision = 1, .control = SE_DACL_PRESENT | SE_SELF_RELATIVE };
	int mode, fd;

	/* NULL DACL: everyone. */
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd("access-null-dacl", &abs, &mode));
	EXPECT_EQ(0666, mode);
	/* Owner only. */
	abs.dacl = acl;
	build_acl(acl, &owner_all, 1);
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd("access-owner-dacl", &abs, &mode));
	EXPECT_EQ(0600, mode);
	build_acl(acl, &creator_owner_rw, 1);
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd("access-creator-owner", &abs, &mode));
	EXPECT_EQ(0600, mode);
	/* Owner all, everyone read, the group write too. */
	build_acl(acl, three, 3);
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd("access-three-aces", &abs, &mode));
	EXPECT_EQ(0664, mode);
	/* Empty DACL: nobody (root's CAP_IPC_OWNER aside). */
	build_acl(acl, NULL, 0);
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd_keep("access-empty-dacl", &abs, &mode, &fd));
	EXPECT_EQ(0, mode);
	EXPECT_EQ(0, as_nobody(open_max_denied, DIR "access-empty-dacl"));
	if (fd >= 0)
		close(fd);
	/* Self-relative: the DACL at an offset. */
	build_acl(rel.acl, &owner_all, 1);
	rel.dacl = offsetof(struct sd_rel, acl);
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd("access-rel-owner", &rel, &mode));
	EXPECT_EQ(0600, mode);
	rel.dacl = 0;
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd("access-rel-null", &rel, &mode));
	EXPECT_EQ(0666, mode);
	/* No DACL: the default. */
	abs.control = 0;
	EXPECT_STATUS(NT_STATUS_SUCCESS, create_sd("access-no-dacl", &abs, &mode));
	EXPECT_EQ(0600, mode);
}

/* Descriptors a mode cannot express: refused, nothing made. */
TEST_F(access, dacl_refused)
{
	static const struct ace_spec deny = { 1, 0, 1, 0, NT_GENERIC_ALL };
	static const struct ace_spec inherit = { 0, 2, 1, 0, NT_GENERIC_ALL };
	static const struct ace_spec system = { 0, 0, 5, 18, NT_GENERIC_ALL };
	__u8 acl[8 + 3 * 20], sid[12] = { 1, 1, 0, 0, 0, 0, 0, 1 };
	struct sd_abs abs = { .revision = 1, .control = SE_DACL_PRESENT, .dacl = acl };
	struct sd_rel rel = { .revision = 1, .control = SE_DACL_PRESENT | SE_SELF_RELATIVE };
	int mode, fd;

	build_acl(acl, &deny, 1);
	EXPECT_STATUS(NT_STATUS_NOT_SUPPORTED, create_sd("access-refused", &abs, &mode));
	EXPECT_EQ(-1, mode);
	build_acl(acl, &inherit, 1);
	EXPECT_STATUS(NT_STATUS_NOT_SUPPORTED, create_sd("access-refused", &abs, &mode));
	build_acl(acl, &system, 1);
	EXPECT_STATUS(NT_STATUS_NOT_SUPPORTED, create_sd("access-refused", &abs, &mode));
	/* An owner, a group, a SACL: nothing a mode says. */
	build_acl(acl, NULL, 0);
	abs.owner = sid;
	EXPECT_STATUS(NT_STATUS_NOT_SUPPORTED, create_sd("access-refused", &abs, &mode));
	abs.owner = NULL;
	abs.sacl = acl;
	EXPECT_STATUS(NT_STATUS_NOT_SUPPORTED, create_sd("access-refused", &abs, &mode));
	abs.sacl = NULL;
	/* Malformed: INVALID_ACL, INVALID_SID, INVALID_SECURITY_DESCR. */
	build_acl(acl, &system, 1);
	acl[0] = 7;
	EXPECT_STATUS(NT_STATUS_INVALID_ACL, create_sd("access-refused", &abs, &mode));
	build_acl(acl, &system, 1);
	acl[8 + 9] = 3;
	EXPECT_STATUS(NT_STATUS_INVALID_SID, create_sd("access-refused", &abs, &mode));
	abs.revision = 2;
	EXPECT_STATUS(NT_STATUS_INVALID_SECURITY_DESCR, create_sd("access-refused", &abs,
								  &mode));
	abs.revision = 1;
	rel.dacl = 4;	/* inside the descriptor's header */
	EXPECT_STATUS(NT_STATUS_INVALID_SECURITY_DESCR, create_sd("access-refused", &rel,
								  &mode));
	abs.dacl = (void *)8;
	EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION, create_sd("access-refused", &abs, &mode));
	EXPECT_EQ(-1, nts_proc_mode("access-refused"));
	/* An open reads the descriptor too, and refuses it the same way. */
	ASSERT_EQ(NT_STATUS_SUCCESS, create_full(DIR "access-open-sd", 0, NT_SECTION_ALL_ACCESS,
						 0, &fd));
	abs.dacl = acl;
	build_acl(acl, NULL, 0);
	EXPECT_STATUS(NT_STATUS_SUCCESS, open_sd("access-open-sd", &abs));
	abs.revision = 2;
	EXPECT_STATUS(NT_STATUS_INVALID_SECURITY_DESCR, open_sd("access-open-sd", &abs));
	abs.revision = 1;
	build_acl(acl, &deny, 1);
	EXPECT_STATUS(NT_STATUS_NOT_SUPPORTED, open_sd("access-open-sd", &abs));
	close(fd);
}

TEST_HARNESS_MAIN
