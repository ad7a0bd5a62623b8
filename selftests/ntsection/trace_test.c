// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: the tracepoints (events/ntsection/ in tracefs), read
 * back as trace-cmd and bpftrace would see them: one event per call, with
 * its status, and the faults the module turns into SIGSEGV.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/ntsection.h>
#include "kselftest_harness.h"
#include "ntsection_test.h"

#define TT_DIR	"/sys/kernel/tracing"

static int tt_write(const char *file, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), TT_DIR "/%s", file);
	return nts_write_str(path, val);
}

/* The trace buffer's lines of this process that hold @what. */
static int tt_count(const char *buf, const char *what)
{
	char me[32];
	const char *line = buf;
	int n = 0;

	snprintf(me, sizeof(me), "-%d ", getpid());
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *l = strndup(line, len);

		if (l && strstr(l, me) && strstr(l, what))
			n++;
		free(l);
		line = end ? end + 1 : NULL;
	}
	return n;
}

static char *tt_read_trace(void)
{
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap + 1);
	ssize_t r;
	int fd = open(TT_DIR "/trace", O_RDONLY);

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (len < cap && (r = read(fd, buf + len, cap - len)) > 0)
		len += r;
	buf[len] = 0;
	close(fd);
	return buf;
}

TEST(events)
{
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	char want[128], *trace;
	__u64 size = 1 << 20;
	int sec, fd;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	if (access(TT_DIR "/trace", F_OK))
		mount("nodev", TT_DIR, "tracefs", 0, NULL);
	if (access(TT_DIR "/events", F_OK))
		SKIP(return, "no tracefs");
	ASSERT_EQ(0, access(TT_DIR "/events/ntsection/ntsection_map", F_OK));
	ASSERT_EQ(0, tt_write("tracing_on", "0"));
	fd = open(TT_DIR "/trace", O_WRONLY | O_TRUNC);	/* empties the buffer */
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, tt_write("events/ntsection/enable", "1"));
	ASSERT_EQ(0, tt_write("tracing_on", "1"));

	/* A SEC_RESERVE section: map, a refused touch, commit, protect, unmap, close. */
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(16 * NT_PAGE, NT_PAGE_READWRITE,
						     NT_SEC_RESERVE, &sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_map_ex(sec, &m));
	EXPECT_EQ(SIGSEGV, nts_probe((char *)(uintptr_t)m.base + NT_PAGE, 1, 1));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_commit((void *)(uintptr_t)m.base, NT_PAGE,
						NT_PAGE_READWRITE));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_permit((void *)(uintptr_t)m.base, NT_PAGE));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_permit((void *)(uintptr_t)m.base, 0));
	/* Refusals carry their status. */
	EXPECT_EQ(NT_STATUS_SECTION_NOT_EXTENDED, nts_extend(sec, &size));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND,
		  nts_open("\\BaseNamedObjects\\nts-trace-none", 0, NT_SECTION_QUERY, &fd));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)m.base));
	close(sec);

	ASSERT_EQ(0, tt_write("tracing_on", "0"));
	ASSERT_EQ(0, tt_write("events/ntsection/enable", "0"));
	trace = tt_read_trace();
	ASSERT_NE(NULL, trace);
	EXPECT_EQ(1, tt_count(trace, "ntsection_create: section="));
	EXPECT_EQ(1, tt_count(trace, "attributes=0x4000000 protect=0x4 size=65536 file=0"));
	snprintf(want, sizeof(want), "ntsection_map: section=");
	EXPECT_EQ(1, tt_count(trace, want));
	snprintf(want, sizeof(want),
		 "base=0x%llx size=65536 offset=0 type=0x0 protect=0x4 status=0x00000000",
		 (unsigned long long)m.base);
	EXPECT_EQ(1, tt_count(trace, want));
	snprintf(want, sizeof(want), "address=0x%llx pgoff=1 reason=reserved",
		 (unsigned long long)m.base + NT_PAGE);
	EXPECT_EQ(1, tt_count(trace, want));
	snprintf(want, sizeof(want),
		 "ntsection_commit: base=0x%llx size=4096 arg=0x4 status=0x00000000",
		 (unsigned long long)m.base);
	EXPECT_EQ(1, tt_count(trace, want));
	EXPECT_EQ(2, tt_count(trace, "ntsection_protect: "));
	EXPECT_EQ(1, tt_count(trace, "ntsection_extend: section="));
	EXPECT_EQ(1, tt_count(trace, "status=0xc0000087"));	/* SECTION_NOT_EXTENDED */
	EXPECT_EQ(1, tt_count(trace, "ntsection_open: section=0 access=0x1 status=0xc0000034"));
	snprintf(want, sizeof(want),
		 "ntsection_unmap: base=0x%llx size=0 arg=0x0 status=0x00000000",
		 (unsigned long long)m.base);
	EXPECT_EQ(1, tt_count(trace, want));
	EXPECT_EQ(1, tt_count(trace, "ntsection_close: section="));
	if (_metadata->exit_code)
		TH_LOG("trace:\n%s", trace);
	free(trace);
}

TEST_HARNESS_MAIN
