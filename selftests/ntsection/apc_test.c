// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: user APCs (ABI 2.3) through their life.
 *
 * A child (at_server()) opens its APC fd and serves calls as a library
 * would, from its only thread: it answers each call with the status its
 * last argument names, its id as the first result and the other arguments
 * plus one (at_answer()); what it does with the calls it takes (answer,
 * hold, not wait at all, close its fd, stop) and the answers it sends,
 * forged ones among them, this process tells it through a shared page.
 * This process and its threads and children are the callers: every result
 * must be exactly the server's answer to that call, with the id the
 * kernel gave it (one more than the last call queued there, withdrawn ones
 * included), and the server must have seen each call as it was made.
 *
 * apc_lifecycle: results of every op, from four threads at once; the
 * right each op needs; forged answers (an id queued and not taken, one not
 * given yet, one answered long ago) ignored; the server's fd closed with a
 * call taken and with one queued: NOT_SUPPORTED, and at once afterwards;
 * a new fd serving again; one APC fd per process; the fd in a fork child
 * (EINVAL), whose copy keeps the queue. apc_stopped_server: SIGSTOP with
 * the call queued: NOT_SUPPORTED after a second, the call withdrawn, the
 * server serving again after SIGCONT; with the call taken: the caller
 * waits past that second and gets the answer after SIGCONT.
 * apc_killed_caller: a caller killed with its call queued (the server
 * never sees it) and taken (its answer goes nowhere), and
 * /proc/ntsection/stats as it was. apc_unserved_target: a process without
 * APC fd (NOT_SUPPORTED at once), this process (INVALID_PARAMETER), one
 * whose APC fd no thread waited on (NOT_SUPPORTED after a second, the call
 * gone), and APC_OPEN out of fds (INSUFFICIENT_RESOURCES).
 *
 * Waits never outlive a test: the server's are ended by a 10 ms timer,
 * and every child dies with its parent.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/ntsection.h>
#include "kselftest_harness.h"
#include "ntsection_test.h"

#define AT_MAX		160	/* calls a server logs */
#define AT_SECOND_MS	900	/* NOT_SUPPORTED "after a second": at least this long */
#define AT_LATE_MS	10000	/* ... and less than this */
#define AT_AT_ONCE_MS	900	/* NOT_SUPPORTED "at once" */

/* What the server does with a call it takes. */
enum at_policy {
	AT_ANSWER,		/* answers it (at_answer()) */
	AT_HOLD,		/* keeps it unanswered (an AT_REPLY answers it) */
	AT_NOWAIT,		/* takes none: waits for no call at all */
	AT_CLOSE_ON_TAKE,	/* closes its APC fd */
	AT_STOP_ON_TAKE,	/* stops itself, then answers it and goes back to AT_ANSWER */
};

/* Commands, each with the policy that follows it (-1: unchanged). */
enum at_cmd {
	AT_POLICY = 1,		/* the policy only */
	AT_REPLY,		/* @reply, sent with the next wait */
	AT_CLOSE,		/* close its APC fd */
	AT_REOPEN,		/* open an APC fd again */
	AT_OPEN_AGAIN,		/* a second APC_OPEN while one is open */
};

/* The server's shared page(s). */
struct at_srv {
	pid_t pid;
	int ready;		/* 1: its APC fd is open, -1: it could not */
	int seq;		/* the parent's last command ... */
	int ack;		/* ... and the last one done */
	int cmd;
	int cmd_policy;
	struct ntsection_apc reply;
	int policy;
	int fd;			/* its APC fd, -1: none */
	__u32 open_status;	/* of its last APC_OPEN, its fd field and errno */
	__u32 open_fd;
	int open_errno;
	int wait_errors;	/* waits that failed but for EINTR ... */
	int wait_errno;		/* ... and the last errno */
	int ntaken;
	struct ntsection_apc taken[AT_MAX];	/* the calls taken, as taken */
};

/* The server's rule: status from the last argument, the id, the arguments plus one. */
static void at_answer(const struct ntsection_apc *call, struct ntsection_apc *reply)
{
	int i;

	*reply = *call;
	reply->status = (__u32)call->arg[5];
	reply->arg[0] = call->id;
	for (i = 1; i < 6; i++)
		reply->arg[i] = call->arg[i] + 1;
}

static void at_nop(int sig)
{
	(void)sig;
}

/* APC_OPEN in the server: its fd or -1, the outcome in @s. */
static int at_srv_open(int dev, struct at_srv *s)
{
	struct ntsection_apc_open_args o = { .fd = 0xdeadbeef, .status = 0xdeadbeef };
	int rc = ioctl(dev, NTSECTION_IOC_APC_OPEN, &o);

	s->open_errno = rc ? errno : 0;
	s->open_status = o.status;
	s->open_fd = o.fd;
	return rc || o.status ? -1 : (int)o.fd;
}

static void at_srv_command(int dev, struct at_srv *s, struct ntsection_apc_wait_args *w,
			   int *reply_seq, int seq)
{
	int fd;

	switch (s->cmd) {
	case AT_REPLY:
		w->reply = s->reply;
		*reply_seq = seq;	/* done once a wait carried it */
		break;
	case AT_CLOSE:
		close(s->fd);
		s->fd = -1;
		break;
	case AT_REOPEN:
		s->fd = at_srv_open(dev, s);
		break;
	case AT_OPEN_AGAIN:
		fd = at_srv_open(dev, s);
		if (fd >= 0)
			close(fd);
		break;
	}
	if (s->cmd_policy >= 0)
		__atomic_store_n(&s->policy, s->cmd_policy, __ATOMIC_RELEASE);
	if (!*reply_seq)
		__atomic_store_n(&s->ack, seq, __ATOMIC_RELEASE);
}

/*
 * The server: commands between waits, a 10 ms timer ending the waits no
 * call ends (the answer a wait carries is sent all the same).
 */
static void at_server(int dev, struct at_srv *s)
{
	struct itimerval it = { { 0, 10000 }, { 0, 10000 } };
	struct sigaction sa = { .sa_handler = at_nop };
	struct ntsection_apc_wait_args w;
	int seen = 0, reply_seq = 0, seq, rc, err, n;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sigaction(SIGALRM, &sa, NULL);
	memset(&w, 0, sizeof(w));
	s->fd = at_srv_open(dev, s);
	__atomic_store_n(&s->ready, s->fd >= 0 ? 1 : -1, __ATOMIC_RELEASE);
	if (s->fd < 0)
		_exit(1);
	setitimer(ITIMER_REAL, &it, NULL);
	for (;;) {
		seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
		if (seq != seen && !reply_seq) {
			seen = seq;
			at_srv_command(dev, s, &w, &reply_seq, seq);
		}
		if (s->fd < 0 || __atomic_load_n(&s->policy, __ATOMIC_ACQUIRE) == AT_NOWAIT) {
			pause();
			continue;
		}
		rc = ioctl(s->fd, NTSECTION_IOC_APC_WAIT, &w);
		err = errno;
		/* The kernel took the answer before it waited. */
		memset(&w.reply, 0, sizeof(w.reply));
		if (reply_seq) {
			__atomic_store_n(&s->ack, reply_seq, __ATOMIC_RELEASE);
			reply_seq = 0;
		}
		if (rc) {
			if (err != EINTR) {
				s->wait_errors++;
				s->wait_errno = err;
			}
			continue;
		}
		n = s->ntaken;
		if (n < AT_MAX)
			s->taken[n] = w.call;
		__atomic_store_n(&s->ntaken, n + 1, __ATOMIC_RELEASE);
		switch (__atomic_load_n(&s->policy, __ATOMIC_ACQUIRE)) {
		case AT_ANSWER:
			at_answer(&w.call, &w.reply);
			break;
		case AT_CLOSE_ON_TAKE:
			close(s->fd);
			s->fd = -1;
			break;
		case AT_STOP_ON_TAKE:
			raise(SIGSTOP);
			at_answer(&w.call, &w.reply);
			__atomic_store_n(&s->policy, AT_ANSWER, __ATOMIC_RELEASE);
			break;
		}
	}
}

/* A process handle of @pid by CLIENT_ID, or -1. */
static int at_handle(pid_t pid, __u32 access)
{
	struct nts_object_attributes oa = { .length = sizeof(oa) };
	__u64 cid[2] = { (__u64)pid, 0 }, handle = 0;
	struct ntsection_open_process_args a = {
		.process_handle = (uintptr_t)&handle, .access = access,
		.object_attributes = (uintptr_t)&oa, .client_id = (uintptr_t)cid,
	};

	if (ioctl(nts_device(), NTSECTION_IOC_OPEN_PROCESS, &a) || a.status)
		return -1;
	return (int)NTSECTION_HANDLE_TO_FD(handle);
}

/* A server, waiting for calls (its thread registered as the one that serves). */
static struct at_srv *at_start(struct __test_metadata *_metadata)
{
	struct at_srv *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	int i;

	if (s == MAP_FAILED)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	/* Not s->pid = fork(): the child would write its 0 there too. */
	pid = fork();
	if (!pid)
		at_server(nts_device(), s);
	s->pid = pid;
	EXPECT_LT(0, s->pid);
	for (i = 0; i < 10000 && !__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	EXPECT_EQ(1, s->ready);
	EXPECT_EQ(0, nts_wait_in_syscall(s->pid, s->pid, SYS_ioctl, SYS_ioctl, 'S'));
	return s;
}

static void at_stop(struct __test_metadata *_metadata, struct at_srv *s)
{
	int st;

	EXPECT_EQ(0, s->wait_errors);
	if (s->wait_errors)
		TH_LOG("the server's waits failed, last errno %d", s->wait_errno);
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &st, 0);
	munmap(s, sizeof(*s));
}

/* Tell the server @cmd (then @policy); 0 once it did it. */
static int at_cmd(struct at_srv *s, int cmd, int policy)
{
	int seq = s->seq + 1, i;

	s->cmd = cmd;
	s->cmd_policy = policy;
	__atomic_store_n(&s->seq, seq, __ATOMIC_RELEASE);
	for (i = 0; i < 10000; i++) {
		if (__atomic_load_n(&s->ack, __ATOMIC_ACQUIRE) == seq)
			return 0;
		usleep(1000);
	}
	return -1;
}

static int at_reply(struct at_srv *s, const struct ntsection_apc *reply, int policy)
{
	s->reply = *reply;
	return at_cmd(s, AT_REPLY, policy);
}

/* Wait (10 s at most) until the server took @n calls in all. */
static int at_taken(struct at_srv *s, int n)
{
	int i;

	for (i = 0; i < 10000; i++) {
		if (__atomic_load_n(&s->ntaken, __ATOMIC_ACQUIRE) >= n)
			return __atomic_load_n(&s->ntaken, __ATOMIC_ACQUIRE) == n ? 0 : -1;
		usleep(1000);
	}
	return -1;
}

/* One APC_CALL and what came back. */
struct at_call {
	struct ntsection_apc_call_args a;
	__u64 args[6];		/* as sent */
	int rc;
	int err;
	long ms;
};

static void at_args(__u64 *args, unsigned int k, __u32 status)
{
	unsigned int i;

	for (i = 0; i < 5; i++)
		args[i] = ((__u64)(k + 1) << 32) + 0x100 * i + 7;
	args[5] = status;
}

/* APC_CALL with @id and @status in the block (they must be 0). */
static void at_call_ex(int handle, __u32 op, __u64 id, __u32 status, const __u64 *args,
		       struct at_call *c)
{
	struct timespec t0, t1;

	memset(c, 0, sizeof(*c));
	memcpy(c->args, args, sizeof(c->args));
	c->a.process_fd = (__u32)handle;
	c->a.status = 0xdeadbeef;
	c->a.apc.op = op;
	c->a.apc.id = id;
	c->a.apc.status = status;
	memcpy(c->a.apc.arg, args, sizeof(c->a.apc.arg));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c->rc = ioctl(nts_device(), NTSECTION_IOC_APC_CALL, &c->a);
	c->err = c->rc ? errno : 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	c->ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
}

static void at_call(int handle, __u32 op, const __u64 *args, struct at_call *c)
{
	at_call_ex(handle, op, 0, 0, args, c);
}

/* The return value and errno that go with @status. */
static int at_rc_ok(const struct at_call *c, __u32 status)
{
	int err = nts_expected_errno(status);

	return err ? c->rc == -1 && -c->err == err : c->rc == 0;
}

/* Served: the server's answer to call @id, nothing else of the block changed. */
static int at_served(const struct at_call *c, __u64 id, __u32 op)
{
	unsigned int i;

	if (c->a.status != (__u32)c->args[5] || !at_rc_ok(c, c->a.status) || c->a.apc.id ||
	    c->a.apc.op != op || c->a.apc.status || c->a.apc.arg[0] != id)
		return 0;
	for (i = 1; i < 6; i++)
		if (c->a.apc.arg[i] != c->args[i] + 1)
			return 0;
	return 1;
}

/* Refused or withdrawn with @status: the block as it was but the status. */
static int at_refused_ex(const struct at_call *c, __u32 status, __u64 id, __u32 apc_status)
{
	return c->a.status == status && at_rc_ok(c, status) && c->a.apc.id == id &&
	       c->a.apc.status == apc_status && !memcmp(c->a.apc.arg, c->args, sizeof(c->args));
}

static int at_refused(const struct at_call *c, __u32 status)
{
	return at_refused_ex(c, status, 0, 0);
}

/* Did the server take call @id as @c made it? */
static int at_seen(const struct at_srv *s, int idx, __u64 id, const struct at_call *c)
{
	const struct ntsection_apc *t = &s->taken[idx];

	return idx < s->ntaken && idx < AT_MAX && t->id == id && t->op == c->a.apc.op &&
	       !t->status && !memcmp(t->arg, c->args, sizeof(t->arg));
}

/* A caller thread, for calls that wait while this thread acts. */
struct at_thread {
	pthread_t t;
	pid_t tid;
	int done;
	int handle;
	__u32 op;
	__u64 args[6];
	struct at_call c;
};

static void *at_thread_main(void *arg)
{
	struct at_thread *th = arg;

	__atomic_store_n(&th->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	at_call(th->handle, th->op, th->args, &th->c);
	__atomic_store_n(&th->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Start @th; with @queued, wait until its call waits in the kernel. */
static int at_thread_start(struct at_thread *th, int handle, __u32 op, unsigned int k,
			   __u32 status, int queued)
{
	int i;

	memset(th, 0, sizeof(*th));
	th->handle = handle;
	th->op = op;
	at_args(th->args, k, status);
	if (pthread_create(&th->t, NULL, at_thread_main, th))
		return -1;
	for (i = 0; i < 10000 && !__atomic_load_n(&th->tid, __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	return queued ? nts_wait_in_syscall(getpid(), th->tid, SYS_ioctl, SYS_ioctl, 'D') : 0;
}

/* Four threads at once, @n calls each: every answer the server's to that call. */
struct at_many {
	int handle;
	unsigned int base;
	unsigned int n;
	unsigned int bad;
	__u64 ids[64];
};

static void *at_many_main(void *arg)
{
	struct at_many *m = arg;
	struct at_call c;
	__u64 args[6];
	unsigned int k;
	__u32 op;

	for (k = 0; k < m->n; k++) {
		op = 1 + (m->base + k) % 4;
		at_args(args, m->base + k, k % 3 ? 0 : NT_STATUS_BUFFER_OVERFLOW);
		at_call(m->handle, op, args, &c);
		m->ids[k] = c.a.apc.arg[0];
		m->bad += !at_served(&c, c.a.apc.arg[0], op);
	}
	return NULL;
}

static const __u32 at_statuses[] = {
	NT_STATUS_SUCCESS, NT_STATUS_IMAGE_NOT_AT_BASE, NT_STATUS_BUFFER_OVERFLOW,
	NT_STATUS_CONFLICTING_ADDRESSES, NT_STATUS_NOT_MAPPED_VIEW, NT_STATUS_ACCESS_DENIED,
	NT_STATUS_NO_MEMORY, NT_STATUS_INVALID_PAGE_PROTECTION, NT_STATUS_NOT_SUPPORTED,
	NT_STATUS_UNSUCCESSFUL, NT_STATUS_INVALID_ADDRESS, 0x7fffffff,
};

TEST(apc_lifecycle)
{
	struct at_thread t1, t2;
	struct ntsection_apc_wait_args w;
	struct ntsection_apc forged, answer;
	struct at_many many[4];
	pthread_t tids[4];
	struct at_srv *s;
	struct at_call c;
	int h, hq, fd, fd2, st, i, n, go[2];
	__u64 args[6], id = 0, seen[4 * 30];
	unsigned int k;
	pid_t child;
	char path[64], link[64];
	ssize_t len;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	s = at_start(_metadata);
	ASSERT_NE(NULL, s);
	h = at_handle(s->pid, NT_PROCESS_ALL_ACCESS);
	hq = at_handle(s->pid, NT_PROCESS_QUERY_LIMITED_INFORMATION);
	ASSERT_LE(0, h);
	ASSERT_LE(0, hq);

	/* Every op, success and failure statuses: the server's answers, exactly. */
	for (k = 0; k < ARRAY_SIZE(at_statuses); k++) {
		at_args(args, k, at_statuses[k]);
		at_call(h, 1 + k % 4, args, &c);
		EXPECT_TRUE(at_served(&c, ++id, 1 + k % 4));
		EXPECT_TRUE(at_seen(s, (int)id - 1, id, &c));
	}
	/* QUERY needs PROCESS_QUERY_LIMITED_INFORMATION, the others PROCESS_VM_OPERATION. */
	at_args(args, 50, 0);
	at_call(hq, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_served(&c, ++id, NTSECTION_APC_QUERY));
	for (k = NTSECTION_APC_ALLOCATE; k <= NTSECTION_APC_PROTECT; k++) {
		at_call(hq, k, args, &c);
		EXPECT_TRUE(at_refused(&c, NT_STATUS_ACCESS_DENIED));
	}
	/* No such op, an id or a status given: refused, no id spent. */
	at_call(h, 0, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_INVALID_PARAMETER));
	at_call(h, 5, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_INVALID_PARAMETER));
	at_call_ex(h, NTSECTION_APC_QUERY, id + 1, 0, args, &c);
	EXPECT_TRUE(at_refused_ex(&c, NT_STATUS_INVALID_PARAMETER, id + 1, 0));
	at_call_ex(h, NTSECTION_APC_QUERY, 0, NT_STATUS_UNSUCCESSFUL, args, &c);
	EXPECT_TRUE(at_refused_ex(&c, NT_STATUS_INVALID_PARAMETER, 0, NT_STATUS_UNSUCCESSFUL));
	at_args(args, 51, 0);
	at_call(h, NTSECTION_APC_FREE, args, &c);
	EXPECT_TRUE(at_served(&c, ++id, NTSECTION_APC_FREE));

	/* Four threads at once, 30 calls each: ids id + 1 .. id + 120, each once. */
	for (i = 0; i < 4; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		many[i].handle = h;
		many[i].base = 100 + 30 * i;
		many[i].n = 30;
		ASSERT_EQ(0, pthread_create(&tids[i], NULL, at_many_main, &many[i]));
	}
	for (i = 0; i < 4; i++)
		pthread_join(tids[i], NULL);
	memset(seen, 0, sizeof(seen));
	n = 0;
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0, many[i].bad);
		for (k = 0; k < 30; k++) {
			__u64 got = many[i].ids[k];

			if (got > id && got <= id + 120 && !seen[got - id - 1]++)
				n++;
		}
	}
	EXPECT_EQ(120, n);
	id += 120;
	EXPECT_EQ((int)id, s->ntaken);

	/*
	 * Forged answers. Two calls queued while the server waits for none:
	 * an answer to the first, sent while it is queued, not taken, is
	 * ignored; the server takes both and holds them; answers to an id not
	 * given yet, to one answered long ago and to none at all are ignored;
	 * each call gets its own answer.
	 */
	ASSERT_EQ(0, at_cmd(s, AT_POLICY, AT_NOWAIT));
	ASSERT_EQ(0, at_thread_start(&t1, h, NTSECTION_APC_ALLOCATE, 60, 0, 1));
	ASSERT_EQ(0, at_thread_start(&t2, h, NTSECTION_APC_PROTECT, 61, NT_STATUS_NO_MEMORY, 1));
	memset(&forged, 0, sizeof(forged));
	forged.id = id + 1;
	forged.status = NT_STATUS_ACCESS_DENIED;
	forged.arg[0] = 0xbad;
	ASSERT_EQ(0, at_reply(s, &forged, AT_HOLD));
	ASSERT_EQ(0, at_taken(s, (int)id + 2));
	EXPECT_EQ(id + 1, s->taken[id].id);
	EXPECT_EQ(id + 2, s->taken[id + 1].id);
	EXPECT_EQ(NTSECTION_APC_ALLOCATE, s->taken[id].op);
	EXPECT_EQ(NTSECTION_APC_PROTECT, s->taken[id + 1].op);
	forged.id = id + 3;
	ASSERT_EQ(0, at_reply(s, &forged, -1));
	forged.id = 1;
	ASSERT_EQ(0, at_reply(s, &forged, -1));
	forged.id = ~0ULL;
	ASSERT_EQ(0, at_reply(s, &forged, -1));
	forged.id = 0;		/* no answer at all */
	ASSERT_EQ(0, at_reply(s, &forged, -1));
	EXPECT_EQ(0, __atomic_load_n(&t1.done, __ATOMIC_ACQUIRE));
	EXPECT_EQ(0, __atomic_load_n(&t2.done, __ATOMIC_ACQUIRE));
	at_answer(&s->taken[id + 1], &answer);
	ASSERT_EQ(0, at_reply(s, &answer, -1));
	pthread_join(t2.t, NULL);
	EXPECT_TRUE(at_served(&t2.c, id + 2, NTSECTION_APC_PROTECT));
	EXPECT_EQ(0, __atomic_load_n(&t1.done, __ATOMIC_ACQUIRE));
	at_answer(&s->taken[id], &answer);
	ASSERT_EQ(0, at_reply(s, &answer, AT_ANSWER));
	pthread_join(t1.t, NULL);
	EXPECT_TRUE(at_served(&t1.c, id + 1, NTSECTION_APC_ALLOCATE));
	id += 2;

	/* The fd closed with the call taken: NOT_SUPPORTED; then at once (no APC fd). */
	ASSERT_EQ(0, at_cmd(s, AT_POLICY, AT_CLOSE_ON_TAKE));
	at_args(args, 70, 0);
	at_call(h, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_NOT_SUPPORTED));
	EXPECT_TRUE(at_seen(s, (int)id, id + 1, &c));
	at_call(h, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_NOT_SUPPORTED));
	EXPECT_GT(AT_AT_ONCE_MS, c.ms);
	/* A new fd (the old one was released), a new queue: ids from 1. */
	ASSERT_EQ(0, at_cmd(s, AT_REOPEN, AT_ANSWER));
	EXPECT_EQ(NT_STATUS_SUCCESS, s->open_status);
	ASSERT_LE(0, s->fd);
	at_call(h, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_served(&c, 1, NTSECTION_APC_QUERY));
	/* The fd closed with a call queued, not taken: NOT_SUPPORTED. */
	ASSERT_EQ(0, at_cmd(s, AT_POLICY, AT_NOWAIT));
	ASSERT_EQ(0, at_thread_start(&t1, h, NTSECTION_APC_FREE, 71, 0, 1));
	ASSERT_EQ(0, at_cmd(s, AT_CLOSE, -1));
	pthread_join(t1.t, NULL);
	EXPECT_TRUE(at_refused(&t1.c, NT_STATUS_NOT_SUPPORTED));
	ASSERT_EQ(0, at_cmd(s, AT_REOPEN, AT_ANSWER));
	ASSERT_LE(0, s->fd);
	at_call(h, NTSECTION_APC_ALLOCATE, args, &c);
	EXPECT_TRUE(at_served(&c, 1, NTSECTION_APC_ALLOCATE));

	/* One APC fd per process: the server's second, and this process's own. */
	ASSERT_EQ(0, at_cmd(s, AT_OPEN_AGAIN, -1));
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_COLLISION, s->open_status);
	EXPECT_EQ(0xffffffffu, s->open_fd);
	EXPECT_EQ(EEXIST, s->open_errno);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_apc_open(&fd));
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	len = readlink(path, link, sizeof(link) - 1);
	ASSERT_LT(0, len);
	link[len] = 0;
	EXPECT_STREQ("anon_inode:[ntsection-apc]", link);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_COLLISION, nts_apc_open(&fd2));
	EXPECT_EQ(-1, fd2);
	close(fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_apc_open(&fd));

	/* Its fd in a fork child: EINVAL there, whatever the block; the child has its own. */
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		void *blocks[] = { &w, NULL, (void *)1 };

		alarm(10);
		memset(&w, 0, sizeof(w));
		for (i = 0; i < 3; i++)
			if (ioctl(fd, NTSECTION_IOC_APC_WAIT, blocks[i]) != -1 || errno != EINVAL)
				_exit(1 + i);
		_exit(nts_apc_open(&fd2) == NT_STATUS_SUCCESS && fd2 >= 0 ? 0 : 10);
	}
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	/*
	 * A queue lives as long as its file: closed here while a fork child
	 * still has it, this process's queue stays (a new open collides with
	 * it) until the child's copy goes.
	 */
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		char ch;

		close(go[1]);
		alarm(10);
		_exit(read(go[0], &ch, 1) < 0);
	}
	close(go[0]);
	close(fd);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_COLLISION, nts_apc_open(&fd2));
	close(go[1]);
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_apc_open(&fd));
	close(fd);

	close(h);
	close(hq);
	at_stop(_metadata, s);
	EXPECT_EQ(0, nts_errno_mismatch);
}

/*
 * A stopped server: a call queued while it is stopped, and one it took
 * before it stopped, end NOT_SUPPORTED after a second (withdrawn: the
 * first never reaches it, the second's late answer is ignored); after
 * SIGCONT it serves again, the ids counting the withdrawn calls.
 */
TEST(apc_stopped_server)
{
	struct at_srv *s;
	struct at_call c;
	__u64 args[6];
	int h, st;
	pid_t caller;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	s = at_start(_metadata);
	ASSERT_NE(NULL, s);
	h = at_handle(s->pid, NT_PROCESS_ALL_ACCESS);
	ASSERT_LE(0, h);
	at_args(args, 1, 0);
	at_call(h, NTSECTION_APC_ALLOCATE, args, &c);
	EXPECT_TRUE(at_served(&c, 1, NTSECTION_APC_ALLOCATE));

	ASSERT_EQ(0, kill(s->pid, SIGSTOP));
	ASSERT_EQ(s->pid, waitpid(s->pid, &st, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(st));
	at_args(args, 2, 0);
	at_call(h, NTSECTION_APC_PROTECT, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_NOT_SUPPORTED));
	EXPECT_LE(AT_SECOND_MS, c.ms);
	EXPECT_GT(AT_LATE_MS, c.ms);
	ASSERT_EQ(0, kill(s->pid, SIGCONT));
	at_args(args, 3, NT_STATUS_CONFLICTING_ADDRESSES);
	at_call(h, NTSECTION_APC_FREE, args, &c);
	EXPECT_TRUE(at_served(&c, 3, NTSECTION_APC_FREE));
	EXPECT_EQ(2, s->ntaken);
	EXPECT_EQ(3, s->taken[1].id);

	/*
	 * Stopped with the call taken: the caller waits for its answer (the
	 * server may have acted on it already), past the second a call
	 * nobody takes is given, and gets it after SIGCONT.
	 */
	ASSERT_EQ(0, at_cmd(s, AT_POLICY, AT_STOP_ON_TAKE));
	at_args(args, 4, 0);
	caller = fork();
	ASSERT_LE(0, caller);
	if (!caller) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		at_call(h, NTSECTION_APC_QUERY, args, &c);
		_exit(at_served(&c, 4, NTSECTION_APC_QUERY) ? 0 : 1);
	}
	ASSERT_EQ(s->pid, waitpid(s->pid, &st, WUNTRACED));
	EXPECT_TRUE(WIFSTOPPED(st));
	EXPECT_EQ(3, s->ntaken);
	usleep(1500 * 1000);
	EXPECT_EQ(0, waitpid(caller, &st, WNOHANG));
	ASSERT_EQ(0, kill(s->pid, SIGCONT));
	ASSERT_EQ(caller, waitpid(caller, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	at_args(args, 5, 0);
	at_call(h, NTSECTION_APC_ALLOCATE, args, &c);
	EXPECT_TRUE(at_served(&c, 5, NTSECTION_APC_ALLOCATE));

	close(h);
	at_stop(_metadata, s);
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* /proc/ntsection/stats, whole. */
static void at_stats(char *buf, size_t size)
{
	if (nts_read_str("/proc/ntsection/stats", buf, size) <= 0)
		buf[0] = 0;
}

/* The stats as @before, within 2 s (deferred fputs). */
static int at_stats_back(const char *before)
{
	char now[512];
	int i;

	for (i = 0; i < 200; i++) {
		at_stats(now, sizeof(now));
		if (!strcmp(now, before))
			return 1;
		usleep(10000);
	}
	return 0;
}

/* A child that calls through @h (inherited) and is killed waiting. */
static pid_t at_doomed_caller(int h)
{
	__u64 args[6];
	struct at_call c;
	pid_t pid = fork();

	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	at_args(args, 99, 0);
	at_call(h, NTSECTION_APC_ALLOCATE, args, &c);
	_exit(3);	/* it was to be killed first */
}

/*
 * A caller killed while it waits: with its call queued, the call is
 * withdrawn (the server never takes it, its id is spent); with its call
 * taken, the server's answer goes nowhere. The server serves on, and
 * /proc/ntsection/stats and this process's fds are as they were.
 */
TEST(apc_killed_caller)
{
	char before[512], outer[512];
	struct ntsection_apc answer;
	struct at_srv *s;
	struct at_call c;
	__u64 args[6];
	int h, st, fds;
	pid_t k;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	at_stats(outer, sizeof(outer));
	ASSERT_NE(0, outer[0]);
	fds = nts_count_fds();
	s = at_start(_metadata);
	ASSERT_NE(NULL, s);
	h = at_handle(s->pid, NT_PROCESS_ALL_ACCESS);
	ASSERT_LE(0, h);
	at_args(args, 1, 0);
	at_call(h, NTSECTION_APC_ALLOCATE, args, &c);
	EXPECT_TRUE(at_served(&c, 1, NTSECTION_APC_ALLOCATE));
	at_stats(before, sizeof(before));

	/* Queued, not taken. */
	ASSERT_EQ(0, at_cmd(s, AT_POLICY, AT_NOWAIT));
	k = at_doomed_caller(h);
	ASSERT_LE(0, k);
	ASSERT_EQ(0, nts_wait_in_syscall(k, k, SYS_ioctl, SYS_ioctl, 'D'));
	ASSERT_EQ(0, kill(k, SIGKILL));
	ASSERT_EQ(k, waitpid(k, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	ASSERT_EQ(0, at_cmd(s, AT_POLICY, AT_ANSWER));
	at_args(args, 3, 0);
	at_call(h, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_served(&c, 3, NTSECTION_APC_QUERY));
	EXPECT_EQ(2, s->ntaken);
	EXPECT_TRUE(at_stats_back(before));

	/* Taken, not answered: the answer comes after the caller is gone. */
	ASSERT_EQ(0, at_cmd(s, AT_POLICY, AT_HOLD));
	k = at_doomed_caller(h);
	ASSERT_LE(0, k);
	ASSERT_EQ(0, at_taken(s, 3));
	EXPECT_EQ(4, s->taken[2].id);
	ASSERT_EQ(0, nts_wait_in_syscall(k, k, SYS_ioctl, SYS_ioctl, 'D'));
	ASSERT_EQ(0, kill(k, SIGKILL));
	ASSERT_EQ(k, waitpid(k, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	at_answer(&s->taken[2], &answer);
	ASSERT_EQ(0, at_reply(s, &answer, AT_ANSWER));
	at_args(args, 5, NT_STATUS_INVALID_ADDRESS);
	at_call(h, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_served(&c, 5, NTSECTION_APC_QUERY));
	EXPECT_TRUE(at_stats_back(before));

	close(h);
	at_stop(_metadata, s);
	EXPECT_TRUE(at_stats_back(outer));
	EXPECT_EQ(fds, nts_count_fds());
	EXPECT_EQ(0, nts_errno_mismatch);
}

/*
 * Targets that serve no call: a process without APC fd (NOT_SUPPORTED at
 * once); this process, by every handle of it (INVALID_PARAMETER); a
 * process whose APC fd no thread waited on yet (NOT_SUPPORTED after a
 * second, and the call is gone: its first wait finds none). And APC_OPEN
 * with no fd number left: INSUFFICIENT_RESOURCES, then a success.
 */
TEST(apc_unserved_target)
{
	struct sigaction sa = { .sa_handler = at_nop };
	int h, self, st, ready[2], go[2];
	struct at_call c;
	__u64 args[6];
	pid_t child;
	char ch;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	at_args(args, 1, 0);
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	h = at_handle(child, NT_PROCESS_ALL_ACCESS);
	ASSERT_LE(0, h);
	at_call(h, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_NOT_SUPPORTED));
	EXPECT_GT(AT_AT_ONCE_MS, c.ms);
	close(h);
	kill(child, SIGKILL);
	waitpid(child, &st, 0);

	self = at_handle(getpid(), NT_PROCESS_ALL_ACCESS);
	ASSERT_LE(0, self);
	at_call(self, NTSECTION_APC_QUERY, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_INVALID_PARAMETER));
	at_call(NTSECTION_CURRENT_PROCESS, NTSECTION_APC_ALLOCATE, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_INVALID_PARAMETER));
	close(self);

	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		struct itimerval it = { { 0, 200000 }, { 0, 200000 } };
		struct ntsection_apc_wait_args w;
		int fd;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		sigaction(SIGALRM, &sa, NULL);
		if (nts_apc_open(&fd) || write(ready[1], "r", 1) != 1 || read(go[0], &ch, 1) != 1)
			_exit(1);
		/* The call withdrawn: nothing to take; the timer ends the wait. */
		memset(&w, 0, sizeof(w));
		setitimer(ITIMER_REAL, &it, NULL);
		if (ioctl(fd, NTSECTION_IOC_APC_WAIT, &w) != -1 || errno != EINTR)
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(1, read(ready[0], &ch, 1));
	h = at_handle(child, NT_PROCESS_ALL_ACCESS);
	ASSERT_LE(0, h);
	at_call(h, NTSECTION_APC_PROTECT, args, &c);
	EXPECT_TRUE(at_refused(&c, NT_STATUS_NOT_SUPPORTED));
	EXPECT_LE(AT_SECOND_MS, c.ms);
	EXPECT_GT(AT_LATE_MS, c.ms);
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	close(h);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);

	/* No fd number left: INSUFFICIENT_RESOURCES (ENOMEM), the fd field 0xffffffff. */
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		struct rlimit rl = { 64, 64 };
		int fd, last = -1;

		if (setrlimit(RLIMIT_NOFILE, &rl))
			_exit(1);
		while ((fd = dup(nts_device())) >= 0)
			last = fd;
		if (last < 0 || nts_apc_open(&fd) != NT_STATUS_INSUFFICIENT_RESOURCES || fd != -1)
			_exit(2);
		close(last);
		if (nts_apc_open(&fd) != NT_STATUS_SUCCESS || fd != last)
			_exit(3);
		_exit(nts_errno_mismatch ? 4 : 0);
	}
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(0, nts_errno_mismatch);
}

TEST_HARNESS_MAIN
