// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: /proc/ntsection/sections (SPEC §9): what it reports,
 * and that a reader sees only its own IPC namespace and what it may open.
 */
#include <sched.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

struct proc_line {
	unsigned long long id, size;
	unsigned int attributes, protect;
	unsigned long committed, resident;
	int views, handles;
	unsigned int uid, gid, mode;
	unsigned long ino;
	char name[256];
};

/* Find the line of the section named @name (or of id @id when name is NULL). */
static int proc_find(const char *name, struct proc_line *out)
{
	FILE *f = fopen("/proc/ntsection/sections", "r");
	char line[512];
	int found = 0;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {	/* the header */
		fclose(f);
		return -1;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		struct proc_line l;

		if (sscanf(line, "%llu %llu %x %x %lu %lu %d %d %u %u %o %lu %255s", &l.id,
			   &l.size, &l.attributes, &l.protect, &l.committed, &l.resident, &l.views,
			   &l.handles, &l.uid, &l.gid, &l.mode, &l.ino, l.name) != 13)
			continue;
		if (!strcmp(l.name, name)) {
			*out = l;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

static __u32 create_named(const char *name, __u32 attrs, __u64 size, __u32 mode, int *fd)
{
	struct nts_create c = { .name = name, .access = NT_SECTION_ALL_ACCESS,
				.protect = NT_PAGE_READWRITE, .attrs = attrs, .file_fd = -1,
				.size = size, .size_given = 1, .mode = mode };

	return nts_create_ex(&c, fd);
}

FIXTURE(proc) {
	int dummy;
};

FIXTURE_SETUP(proc)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
}

FIXTURE_TEARDOWN(proc)
{
}

TEST_F(proc, reports_a_section)
{
	struct proc_line l;
	int fd, fd2;
	char *p;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named("\\BaseNamedObjects\\proc-listed",
						  NT_SEC_RESERVE, 8 * NT_GRAN, 0640, &fd));
	ASSERT_EQ(1, proc_find("proc-listed", &l));
	EXPECT_EQ(8 * NT_GRAN, l.size);
	EXPECT_EQ(NT_SEC_RESERVE, l.attributes);
	EXPECT_EQ(NT_PAGE_READWRITE, l.protect);
	EXPECT_EQ(0, l.committed);
	EXPECT_EQ(0, l.resident);
	EXPECT_EQ(0, l.views);
	EXPECT_EQ(1, l.handles);
	EXPECT_EQ(geteuid(), l.uid);
	EXPECT_EQ(0640, l.mode);
	EXPECT_NE(0, l.ino);

	p = nts_map(fd, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_commit(p, 3 * NT_PAGE, NT_PAGE_READWRITE));
	p[0] = 1;
	p[NT_PAGE] = 1;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_open("\\BaseNamedObjects\\proc-listed", 0,
					      NT_SECTION_MAP_READ, &fd2));
	ASSERT_EQ(1, proc_find("proc-listed", &l));
	EXPECT_EQ(3, l.committed);
	EXPECT_EQ(2, l.resident);
	EXPECT_EQ(1, l.views);
	EXPECT_EQ(2, l.handles);
	close(fd2);
	close(fd);
	/* The name went with the last handle; the view keeps the section. */
	EXPECT_EQ(0, proc_find("proc-listed", &l));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
}

static int look_as_other_user(void *arg)
{
	struct proc_line l;

	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 10;
	return proc_find((const char *)arg, &l);
}

static int look_in_new_ipc_ns(void *arg)
{
	struct proc_line l;

	if (unshare(CLONE_NEWIPC))
		return 10;
	return proc_find((const char *)arg, &l);
}

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

/* A name with a space stays on one line, escaped. */
TEST_F(proc, name_escaped)
{
	struct proc_line l;
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_named("\\BaseNamedObjects\\two words",
						  NT_SEC_COMMIT, NT_GRAN, 0600, &fd));
	EXPECT_EQ(1, proc_find("two\\040words", &l));
	close(fd);
}

TEST_F(proc, visibility)
{
	int priv, pub;

	if (geteuid() != 0)
		SKIP(return, "needs root to switch users and namespaces");
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named("\\BaseNamedObjects\\proc-private",
						  NT_SEC_COMMIT, NT_GRAN, 0600, &priv));
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named("\\BaseNamedObjects\\proc-public",
						  NT_SEC_COMMIT, NT_GRAN, 0644, &pub));
	EXPECT_EQ(0, in_child(look_as_other_user, "proc-private"));
	EXPECT_EQ(1, in_child(look_as_other_user, "proc-public"));
	EXPECT_EQ(0, in_child(look_in_new_ipc_ns, "proc-public"));
	close(priv);
	close(pub);
}

TEST_HARNESS_MAIN
