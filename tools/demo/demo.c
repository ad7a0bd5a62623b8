// SPDX-License-Identifier: GPL-2.0-only
/*
 * The demo `make run` shows in a guest: two processes share a named
 * section through views; pages appear only as they are touched; a
 * PAGE_WRITECOPY view stays private.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/ntsection.h>

#define SECTION_SIZE (1024 * 1024)
#define NAME "\\BaseNamedObjects\\demo"

static int dev;

static __u32 create_or_open(int create, int *fd)
{
	__u16 name[64];
	size_t i, n = strlen(NAME);
	int rc;

	for (i = 0; i < n; i++)
		name[i] = (unsigned char)NAME[i];
	if (create) {
		struct ntsection_create_args a = {
			.name = (uintptr_t)name, .name_length = n * 2,
			.desired_access = NT_SECTION_ALL_ACCESS,
			.protect = NT_PAGE_READWRITE, .alloc_attributes = NT_SEC_COMMIT,
			.file_fd = NTSECTION_NO_FILE, .size = SECTION_SIZE,
			.flags = NTSECTION_CREATE_SIZE_GIVEN,
		};

		rc = ioctl(dev, NTSECTION_IOC_CREATE, &a);
		*fd = rc;
		return a.status;
	}
	{
		struct ntsection_open_args a = {
			.name = (uintptr_t)name, .name_length = n * 2,
			.desired_access = NT_SECTION_MAP_READ | NT_SECTION_MAP_WRITE,
		};

		rc = ioctl(dev, NTSECTION_IOC_OPEN, &a);
		*fd = rc;
		return a.status;
	}
}

static char *map(int fd, __u32 protect)
{
	struct ntsection_map_args a = {
		.section_fd = fd, .process_fd = NTSECTION_CURRENT_PROCESS,
		.inherit = NT_VIEW_UNMAP, .protect = protect,
	};

	if (ioctl(dev, NTSECTION_IOC_MAP, &a)) {
		printf("  NtMapViewOfSection failed: status 0x%08x\n", a.status);
		exit(1);
	}
	return (char *)(uintptr_t)a.base;
}

static long resident(void *addr)
{
	unsigned char vec[SECTION_SIZE / 4096];
	long i, n = 0;

	if (mincore(addr, SECTION_SIZE, vec))
		return -1;
	for (i = 0; i < SECTION_SIZE / 4096; i++)
		n += vec[i] & 1;
	return n;
}

static int run_child(int go, int done)
{
	char c, *view;
	int fd;

	/* A new process image would do the same: only the name is shared. */
	if (read(go, &c, 1) != 1)
		return 1;
	printf("  [child %d] NtOpenSection(\"%s\") -> 0x%08x\n", getpid(), NAME,
	       create_or_open(0, &fd));
	view = map(fd, NT_PAGE_READWRITE);
	close(fd);
	printf("  [child %d] view at %p reads: \"%s\"\n", getpid(), (void *)view, view);
	snprintf(view + 4096, 64, "and the child answered through its own view");
	return write(done, "x", 1) != 1;
}

int main(void)
{
	int go[2], done[2], fd, status;
	char c, *view, *cow;
	pid_t pid;

	dev = open("/dev/ntsection", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		printf("demo: cannot open /dev/ntsection: %s\n", strerror(errno));
		return 1;
	}
	if (pipe(go) || pipe(done))
		return 1;
	pid = fork();
	if (pid == 0)
		_exit(run_child(go[0], done[1]));

	printf("1. Two processes share a named section\n");
	printf("  [parent %d] NtCreateSection(\"%s\", 1 MiB, PAGE_READWRITE, SEC_COMMIT)",
	       getpid(), NAME);
	printf(" -> 0x%08x\n", create_or_open(1, &fd));
	view = map(fd, NT_PAGE_READWRITE);
	printf("  [parent %d] view at %p (64 KiB aligned: %s)\n", getpid(), (void *)view,
	       ((uintptr_t)view & 0xffff) ? "no" : "yes");
	snprintf(view, 64, "hello from the parent");
	if (write(go[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
		return 1;
	printf("  [parent %d] reads at +4 KiB: \"%s\"\n", getpid(), view + 4096);
	waitpid(pid, &status, 0);

	printf("2. Pages appear only as they are touched\n");
	{
		struct ntsection_create_args a = {
			.desired_access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
			.alloc_attributes = NT_SEC_COMMIT, .file_fd = NTSECTION_NO_FILE,
			.size = SECTION_SIZE, .flags = NTSECTION_CREATE_SIZE_GIVEN,
		};
		char *fresh;
		int i, anon = ioctl(dev, NTSECTION_IOC_CREATE, &a);

		fresh = map(anon, NT_PAGE_READWRITE);
		close(anon);	/* the view keeps the section alive */
		printf("  a new 1 MiB section, mapped: %ld resident pages\n", resident(fresh));
		for (i = 0; i < 3; i++) {
			fresh[i * 100 * 4096] = 1;
			printf("  touched page %d: %ld resident pages\n", i * 100, resident(fresh));
		}
	}

	printf("3. A PAGE_WRITECOPY view is private\n");
	cow = map(fd, NT_PAGE_WRITECOPY);
	printf("  the copy-on-write view reads: \"%s\"\n", cow);
	snprintf(cow, 64, "scribbled in the WRITECOPY view");
	printf("  after writing it: the WRITECOPY view reads \"%s\"\n", cow);
	printf("                    the shared view still reads \"%s\"\n", view);
	close(fd);
	return 0;
}
