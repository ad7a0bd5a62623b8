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

TEST_F(name, odd_length)
{
	struct nts_name n = nts_utf16(DIR "odd");
	struct ntsection_open_args a = {
		.name = (uintptr_t)n.buf, .name_length = n.bytes - 1,
		.desired_access = NT_SECTION_MAP_READ,
	};

	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_OPEN, &a));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_INVALID, a.status);
	a.name = 0;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_OPEN, &a));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_INVALID, a.status);
	a.name = 16;	/* unreadable */
	a.name_length = 8;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_OPEN, &a));
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
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
