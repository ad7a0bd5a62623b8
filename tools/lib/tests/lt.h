/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers the library's test programs share (lib_test.c,
 * placeholder_test.c): touching memory that may fault, and a child process
 * that never calls the library.
 */
#ifndef NTSECTION_LT_H
#define NTSECTION_LT_H

#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* An NTSTATUS check that names the call and both values (after kselftest_harness.h). */
#define LT_STATUS(expected, seen, is_assert) do { \
	NTSTATUS __lt_e = (expected), __lt_s = (seen); \
	if (__lt_e != __lt_s) { \
		TH_LOG("%s: 0x%08x, expected %s (0x%08x)", #seen, (ULONG)__lt_s, \
		       #expected, (ULONG)__lt_e); \
		_metadata->exit_code = KSFT_FAIL; \
		if (is_assert) \
			ASSERT_EQ(__lt_e, __lt_s); \
	} \
} while (0)
#define EXPECT_STATUS(expected, seen) LT_STATUS(expected, seen, 0)
#define ASSERT_STATUS(expected, seen) LT_STATUS(expected, seen, 1)

static sigjmp_buf lt_env;

static void lt_signal(int sig)
{
	siglongjmp(lt_env, sig);
}

/* Touch @p: 0 when the access worked, else the signal it raised. */
static int lt_touch(char *p, int write)
{
	struct sigaction sa = { .sa_handler = lt_signal }, old_segv, old_bus;
	int sig;

	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	sig = sigsetjmp(lt_env, 1);
	if (!sig) {
		if (write)
			__atomic_store_n(p, 1, __ATOMIC_RELAXED);
		else
			(void)__atomic_load_n(p, __ATOMIC_RELAXED);
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return sig;
}

/*
 * Other processes (SPEC §11): a child that never called the library waits
 * in read() on a pipe, and gets an address back to check.
 */
struct lt_child {
	pid_t pid;
	int to[2];	/* parent -> child: an address */
	int from[2];	/* child -> parent: what it saw */
};

/*
 * Fork a child that runs @body(its end of "to", its end of "from") and
 * exits with what it returns; the parent keeps the other ends.
 */
static int lt_child_spawn(struct lt_child *c, int (*body)(int in, int out))
{
	if (pipe(c->to) || pipe(c->from))
		return -1;
	c->pid = fork();
	if (c->pid < 0)
		return -1;
	if (c->pid == 0) {
		close(c->to[1]);
		close(c->from[0]);
		_exit(body(c->to[0], c->from[1]));
	}
	close(c->to[0]);
	close(c->from[1]);
	return 0;
}

/* For each address read from @in, its first 16 bytes to @out. */
static int lt_reader(int in, int out)
{
	char *addr, buf[16] = "";

	while (read(in, &addr, sizeof(addr)) == sizeof(addr) && addr) {
		memcpy(buf, addr, sizeof(buf) - 1);
		if (write(out, buf, sizeof(buf)) != sizeof(buf))
			return 2;
	}
	return 0;
}

static int lt_child_start(struct lt_child *c)
{
	return lt_child_spawn(c, lt_reader);
}

/* What the child reads at @addr (it faults, and dies, if it cannot). */
static int lt_child_read(struct lt_child *c, void *addr, char *buf)
{
	if (write(c->to[1], &addr, sizeof(addr)) != sizeof(addr))
		return -1;
	return read(c->from[0], buf, 16) == 16 ? 0 : -1;
}

static int lt_child_stop(struct lt_child *c)
{
	void *zero = NULL;
	int status = -1;

	if (write(c->to[1], &zero, sizeof(zero)) != sizeof(zero))
		kill(c->pid, SIGKILL);
	close(c->to[1]);
	close(c->from[0]);
	waitpid(c->pid, &status, 0);
	return status;
}

#endif /* NTSECTION_LT_H */
