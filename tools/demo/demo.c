// SPDX-License-Identifier: GPL-2.0-only
/*
 * The demo `make run` shows in a guest: two processes share a named
 * section through views; pages appear only as they are touched; a
 * PAGE_WRITECOPY view stays private. Through libntsection, as a Windows
 * program would do it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ntsection.h>

#define SECTION_SIZE (1024 * 1024)
#define NAME "\\BaseNamedObjects\\demo"

static NTSTATUS create_or_open(int create, HANDLE *h)
{
	LARGE_INTEGER size = { .QuadPart = SECTION_SIZE };
	WCHAR name[64];
	UNICODE_STRING us;
	OBJECT_ATTRIBUTES oa;
	size_t i, n = strlen(NAME);

	for (i = 0; i <= n; i++)
		name[i] = (unsigned char)NAME[i];
	RtlInitUnicodeString(&us, name);
	InitializeObjectAttributes(&oa, &us, 0, NULL, NULL);
	if (create)
		return NtCreateSection(h, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE,
				       SEC_COMMIT, NULL);
	return NtOpenSection(h, SECTION_MAP_READ | SECTION_MAP_WRITE, &oa);
}

static char *map(HANDLE h, ULONG protect)
{
	PVOID base = NULL;
	SIZE_T size = 0;
	NTSTATUS st;

	st = NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL, &size, ViewUnmap, 0,
				protect);
	if (!NT_SUCCESS(st)) {
		printf("  NtMapViewOfSection failed: status 0x%08x\n", (ULONG)st);
		exit(1);
	}
	return base;
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
	HANDLE h;

	/* A new process image would do the same: only the name is shared. */
	if (read(go, &c, 1) != 1)
		return 1;
	printf("  [child %d] NtOpenSection(\"%s\") -> 0x%08x\n", getpid(), NAME,
	       (ULONG)create_or_open(0, &h));
	view = map(h, PAGE_READWRITE);
	NtClose(h);
	printf("  [child %d] view at %p reads: \"%s\"\n", getpid(), (void *)view, view);
	snprintf(view + 4096, 64, "and the child answered through its own view");
	return write(done, "x", 1) != 1;
}

int main(void)
{
	int go[2], done[2], status;
	char c, *view, *cow;
	NTSTATUS st;
	HANDLE h;
	pid_t pid;

	if (access("/dev/ntsection", F_OK)) {
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
	st = create_or_open(1, &h);
	printf(" -> 0x%08x\n", (ULONG)st);
	if (!NT_SUCCESS(st))
		return 1;
	view = map(h, PAGE_READWRITE);
	printf("  [parent %d] view at %p (64 KiB aligned: %s)\n", getpid(), (void *)view,
	       ((uintptr_t)view & 0xffff) ? "no" : "yes");
	snprintf(view, 64, "hello from the parent");
	if (write(go[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
		return 1;
	printf("  [parent %d] reads at +4 KiB: \"%s\"\n", getpid(), view + 4096);
	waitpid(pid, &status, 0);

	printf("2. Pages appear only as they are touched\n");
	{
		LARGE_INTEGER size = { .QuadPart = SECTION_SIZE };
		HANDLE anon;
		char *fresh;
		int i;

		st = NtCreateSection(&anon, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE,
				     SEC_COMMIT, NULL);
		if (!NT_SUCCESS(st)) {
			printf("  NtCreateSection failed: status 0x%08x\n", (ULONG)st);
			return 1;
		}
		fresh = map(anon, PAGE_READWRITE);
		NtClose(anon);	/* the view keeps the section alive */
		printf("  a new 1 MiB section, mapped: %ld resident pages\n", resident(fresh));
		for (i = 0; i < 3; i++) {
			fresh[i * 100 * 4096] = 1;
			printf("  touched page %d: %ld resident pages\n", i * 100, resident(fresh));
		}
	}

	printf("3. A PAGE_WRITECOPY view is private\n");
	cow = map(h, PAGE_WRITECOPY);
	printf("  the copy-on-write view reads: \"%s\"\n", cow);
	snprintf(cow, 64, "scribbled in the WRITECOPY view");
	printf("  after writing it: the WRITECOPY view reads \"%s\"\n", cow);
	printf("                    the shared view still reads \"%s\"\n", view);
	NtClose(h);
	return 0;
}
