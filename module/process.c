// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: Windows NT section objects for Linux.
 *
 * Process objects (NtOpenProcess) and the calls that reach another process
 * through one (SPEC §11).
 *
 * A process handle is a file carrying the access mask it was opened with,
 * the process's struct pid and its address space as it was at open (the mm,
 * grabbed, never a pid number): after an execve() the handle names a dead
 * address space and its calls are PROCESS_IS_TERMINATING, so a handle to a
 * process cannot reach the setuid program it becomes. Who may open whom is
 * ptrace attach with real credentials, rebuilt from exported helpers
 * (ptrace_may_access() is not exported), plus Yama's ptrace_scope 1 rule
 * (descendants only, without CAP_SYS_PTRACE) whatever the sysctl says: LSM
 * policies on ptrace sit behind security_ptrace_access_check(), which no
 * exported helper reaches, so the module applies the common hardened one
 * itself (ptrace_scope 2 and 3, SELinux's process:ptrace and AppArmor's
 * ptrace rules are not consulted).
 *
 * Queries, NtReadVirtualMemory and NtWriteVirtualMemory need nothing from
 * the target: they walk or copy its mm under its mmap_lock. Changes to its
 * address space (map, unmap, commit) run in the target itself, so that its
 * credentials, rlimits, memory cgroup and LSM checks apply: the call is
 * queued on one of its threads with task_work_add(TWA_SIGNAL), which runs
 * it when that thread next returns to user space (a blocked system call is
 * interrupted and restarts). The caller waits killably. A target that
 * cannot run it (stopped by a signal or a tracer, frozen, in an
 * uninterruptible sleep such as a vfork() parent's, or not done within a
 * second) is served by a kernel worker instead, which adopts its mm with
 * its credentials and memory cgroup and checks its RLIMIT_AS: the request
 * is claimed exactly once, by the target or by the worker.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "internal.h"

/**
 * struct nts_process - a process handle
 * @pid: the process (its thread group's pid)
 * @mm: its address space at open (mmgrab()bed: the struct stays, the
 *	memory goes with the process)
 * @access: the access mask granted (NT_PROCESS_*)
 */
struct nts_process {
	struct pid *pid;
	struct mm_struct *mm;
	u32 access;
};

static int nts_process_release(struct inode *inode, struct file *file)
{
	struct nts_process *proc = file->private_data;

	put_pid(proc->pid);
	mmdrop(proc->mm);
	kfree(proc);
	nts_count(NTS_CNT_PROCESS_HANDLES, -1);
	return 0;
}

static void nts_process_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct nts_process *proc = file->private_data;

	seq_printf(m, "ntsection-process:\t%d\n", pid_vnr(proc->pid));
	seq_printf(m, "ntsection-access:\t0x%08x\n", proc->access);
}

static const struct file_operations nts_process_fops = {
	.owner		= THIS_MODULE,
	.release	= nts_process_release,
	.show_fdinfo	= nts_process_show_fdinfo,
	.llseek		= noop_llseek,
};

/* The process object's generic mapping (Windows', as Wine's server has it). */
#define NTS_PROCESS_SET_INFORMATION		0x0200u
#define NTS_PROCESS_SET_LIMITED_INFORMATION	0x2000u
#define NTS_PROCESS_GENERIC_READ	0x00020410u
#define NTS_PROCESS_GENERIC_WRITE	0x00020beau
#define NTS_PROCESS_GENERIC_EXECUTE	0x00121001u

/**
 * nts_process_access() - the access a process handle is granted
 * @desired: DesiredAccess: NT_PROCESS_*, GENERIC_* and MAXIMUM_ALLOWED
 *
 * Generic rights map through the process generic mapping; MAXIMUM_ALLOWED
 * and GENERIC_ALL are PROCESS_ALL_ACCESS; PROCESS_QUERY_INFORMATION
 * includes PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_SET_INFORMATION
 * PROCESS_SET_LIMITED_INFORMATION, as on Windows. Bits that name no
 * process right are dropped.
 *
 * Return: the mask the handle carries.
 */
u32 nts_process_access(u32 desired)
{
	u32 access = desired & NT_PROCESS_ALL_ACCESS;

	if (desired & (NT_MAXIMUM_ALLOWED | NT_GENERIC_ALL))
		return NT_PROCESS_ALL_ACCESS;
	if (desired & NT_GENERIC_READ)
		access |= NTS_PROCESS_GENERIC_READ;
	if (desired & NT_GENERIC_WRITE)
		access |= NTS_PROCESS_GENERIC_WRITE;
	if (desired & NT_GENERIC_EXECUTE)
		access |= NTS_PROCESS_GENERIC_EXECUTE;
	if (access & NT_PROCESS_QUERY_INFORMATION)
		access |= NT_PROCESS_QUERY_LIMITED_INFORMATION;
	if (access & NTS_PROCESS_SET_INFORMATION)
		access |= NTS_PROCESS_SET_LIMITED_INFORMATION;
	return access;
}
EXPORT_SYMBOL_IF_KUNIT(nts_process_access);

/*
 * Is @child @parent's process or a descendant of it? Yama's
 * task_is_descendant(), under rcu_read_lock().
 */
static bool nts_is_descendant(struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *walker = child;

	if (!thread_group_leader(parent))
		parent = READ_ONCE(parent->group_leader);
	while (walker->pid > 0) {
		if (!thread_group_leader(walker))
			walker = READ_ONCE(walker->group_leader);
		if (walker == parent)
			return true;
		walker = rcu_dereference(walker->real_parent);
	}
	return false;
}

/*
 * ptrace attach with real credentials (__ptrace_may_access() with
 * PTRACE_MODE_ATTACH_REALCREDS and commoncap's check), and Yama's
 * ptrace_scope 1, which the module cannot read and so always applies:
 * without CAP_SYS_PTRACE in the target's user namespace, the caller's real
 * uid and gid must be the target's real, effective and saved ones, its
 * permitted capabilities (in the same namespace) include the target's, the
 * target be the caller or a descendant of it, and be dumpable by its owner
 * (a target exec'd from a setuid program, or that said PR_SET_DUMPABLE 0,
 * needs CAP_SYS_PTRACE where it was exec'd). The caller holds the target's
 * exec_update_lock, so neither its credentials nor its mm change meanwhile.
 */
static bool nts_may_access(struct task_struct *task, struct mm_struct *mm)
{
	const struct cred *cred = current_cred(), *tcred;
	bool ok;

	if (same_thread_group(task, current))
		return true;
	rcu_read_lock();
	tcred = __task_cred(task);
	ok = uid_eq(cred->uid, tcred->euid) && uid_eq(cred->uid, tcred->suid) &&
	     uid_eq(cred->uid, tcred->uid) && gid_eq(cred->gid, tcred->egid) &&
	     gid_eq(cred->gid, tcred->sgid) && gid_eq(cred->gid, tcred->gid) &&
	     cred->user_ns == tcred->user_ns &&
	     cap_issubset(tcred->cap_permitted, cred->cap_permitted) &&
	     nts_is_descendant(current, task);
	if (!ok)
		ok = ns_capable(tcred->user_ns, CAP_SYS_PTRACE);
	/* The credentials before the dumpability, as commit_creds() sets them. */
	smp_rmb();
	if (ok)
		ok = nts_dump_allowed(task, mm);
	rcu_read_unlock();
	return ok;
}

/*
 * The kernel's own ptrace check, LSMs included (Yama's ptrace_scope,
 * SELinux's process:ptrace, AppArmor), which no exported helper reaches:
 * opening /proc/PID/mem runs mm_access(PTRACE_MODE_ATTACH_FSCREDS). A
 * refusal is final; anything else (no procfs in the caller's mount
 * namespace, the pid not visible there, a file mounted over it, which only
 * its owner could do) leaves the decision to nts_may_access(), which has
 * then already allowed it. Called without the target's exec_update_lock,
 * which mm_access() takes.
 */
static bool nts_ptrace_lsm_allows(struct pid *pid)
{
	pid_t nr = pid_vnr(pid);
	struct file *file;
	char path[32];
	long err;

	if (!nr)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/mem", nr);
	file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		return err != -EACCES && err != -EPERM;
	}
	fput(file);
	return true;
}

/* A thread of @leader's process that still has its mm, with a reference. */
static struct task_struct *nts_live_thread(struct task_struct *leader)
{
	struct task_struct *t, *found = NULL;

	rcu_read_lock();
	for_each_thread(leader, t) {
		if (!(t->flags & (PF_EXITING | NTS_PF_USER_WORKER)) && READ_ONCE(t->mm)) {
			found = get_task_struct(t);
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/**
 * nts_process_open() - make a process handle
 * @pid: the process (a thread group's pid)
 * @desired: DesiredAccess
 * @out: on success, the handle's file
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_INVALID_CID when @pid names no
 * process; NT_STATUS_ACCESS_DENIED when the caller may not have it (kernel
 * threads included); NT_STATUS_PROCESS_IS_TERMINATING when it is exiting.
 */
u32 nts_process_open(struct pid *pid, u32 desired, struct file **out)
{
	struct task_struct *task, *leader;
	struct nts_process *proc;
	struct mm_struct *mm;
	struct file *file;
	u32 status;

	leader = get_pid_task(pid, PIDTYPE_TGID);
	if (!leader)
		return NT_STATUS_INVALID_CID;
	if (leader->flags & PF_KTHREAD) {
		put_task_struct(leader);
		return NT_STATUS_ACCESS_DENIED;
	}
	/* A leader that exited before its threads: one of them. */
	task = nts_live_thread(leader);
	put_task_struct(leader);
	if (!task)
		return NT_STATUS_PROCESS_IS_TERMINATING;
	status = NT_STATUS_UNSUCCESSFUL;
	if (down_read_killable(&task->signal->exec_update_lock))
		goto out_task;
	mm = get_task_mm(task);
	status = NT_STATUS_PROCESS_IS_TERMINATING;
	if (mm) {
		status = nts_may_access(task, mm) ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_DENIED;
		if (!status)
			mmgrab(mm);
		mmput(mm);
	}
	up_read(&task->signal->exec_update_lock);
	if (status)
		goto out_task;
	status = NT_STATUS_ACCESS_DENIED;
	if (!same_thread_group(task, current) && !nts_ptrace_lsm_allows(pid))
		goto out_mm;
	status = NT_STATUS_NO_MEMORY;
	proc = kzalloc(sizeof(*proc), GFP_KERNEL_ACCOUNT);
	if (!proc)
		goto out_mm;
	proc->pid = get_pid(pid);
	proc->mm = mm;
	proc->access = nts_process_access(desired);
	file = anon_inode_getfile("[ntsection-process]", &nts_process_fops, proc, O_RDWR);
	if (IS_ERR(file)) {
		put_pid(proc->pid);
		kfree(proc);
		goto out_mm;
	}
	nts_count(NTS_CNT_PROCESS_HANDLES, 1);
	*out = file;
	put_task_struct(task);
	return NT_STATUS_SUCCESS;

out_mm:
	mmdrop(mm);
out_task:
	put_task_struct(task);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_process_open);

/**
 * nts_target_get() - the process a ProcessHandle names, for one call
 * @fd: NTSECTION_CURRENT_PROCESS, a process handle, or a pidfd of the
 *	caller's own process
 * @access: the NT_PROCESS_* rights the call needs
 * @t: filled; release it with nts_target_put(). The caller's own process
 *	(by any of these handles) leaves @t->mm NULL: the call is local.
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_INVALID_HANDLE for a closed fd;
 * NT_STATUS_OBJECT_TYPE_MISMATCH for an fd that is no process handle (a
 * pidfd of another process included: ntsection_handle_from_pidfd() makes
 * one); NT_STATUS_ACCESS_DENIED when the handle lacks @access;
 * NT_STATUS_PROCESS_IS_TERMINATING when the process has exited or exec'd;
 * NT_STATUS_NOT_SUPPORTED when either process is a 32-bit one.
 */
u32 nts_target_get(u32 fd, u32 access, struct nts_target *t)
{
	struct nts_process *proc;
	struct file *file;
	struct pid *pid;

	memset(t, 0, sizeof(*t));
	if (fd == NTSECTION_CURRENT_PROCESS)
		return NT_STATUS_SUCCESS;
	file = fget(fd);
	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	if (file->f_op != &nts_process_fops) {
		pid = nts_pidfd_pid(file);
		fput(file);
		return pid && pid == task_tgid(current) ? NT_STATUS_SUCCESS :
		       NT_STATUS_OBJECT_TYPE_MISMATCH;
	}
	proc = file->private_data;
	if ((proc->access & access) != access) {
		fput(file);
		return NT_STATUS_ACCESS_DENIED;
	}
	if (proc->mm == current->mm) {
		fput(file);
		return NT_STATUS_SUCCESS;
	}
	/*
	 * 64-bit processes only: a 32-bit process's pointers do not hold a
	 * 64-bit one's addresses, and a worker (a 64-bit kernel thread)
	 * would place views in a 32-bit address space above 4 GiB.
	 */
	if (in_compat_syscall() || proc->mm->task_size != TASK_SIZE) {
		fput(file);
		return NT_STATUS_NOT_SUPPORTED;
	}
	if (!mmget_not_zero(proc->mm)) {
		fput(file);
		return NT_STATUS_PROCESS_IS_TERMINATING;
	}
	t->file = file;
	t->mm = proc->mm;
	t->pid = proc->pid;
	return NT_STATUS_SUCCESS;
}

/**
 * nts_target_put() - end a call's use of its target
 * @t: filled by nts_target_get()
 */
void nts_target_put(struct nts_target *t)
{
	if (t->mm)
		mmput(t->mm);
	if (t->file)
		fput(t->file);
	memset(t, 0, sizeof(*t));
}

/* A thread of @pid that still runs in @mm, with a reference, or NULL. */
static struct task_struct *nts_target_thread(struct pid *pid, struct mm_struct *mm)
{
	struct task_struct *leader, *t, *found = NULL;

	rcu_read_lock();
	leader = pid_task(pid, PIDTYPE_TGID);
	if (leader) {
		for_each_thread(leader, t) {
			if (!(t->flags & (PF_EXITING | PF_KTHREAD | NTS_PF_USER_WORKER)) &&
			    READ_ONCE(t->mm) == mm) {
				found = get_task_struct(t);
				break;
			}
		}
	}
	rcu_read_unlock();
	return found;
}

enum {
	NTS_RQ_QUEUED,		/* waits for the target or the worker */
	NTS_RQ_TARGET,		/* claimed by the target's thread */
	NTS_RQ_WORKER,		/* claimed by the kernel worker */
	NTS_RQ_CANCELLED,	/* the caller gave up before either */
};

/**
 * struct nts_remote - a call run in another process
 * @ref: the caller's, the task work's and the worker's references
 * @state: NTS_RQ_*: who runs it (exactly one of them)
 * @twork: queued on @task with task_work_add()
 * @work: queued on the worker when the target cannot run it
 * @done: completed when @status is known
 * @mm: the target's mm (a user reference)
 * @task: the thread @twork is queued on
 * @cred: the worker's credentials: @task's at the time it claimed it
 * @lim: @task's rlimits then, which the worker enforces
 * @pin: the process handle's file: keeps this module while @twork or
 *	@work may run (each holds a reference of its own, put last)
 * @hold: a file the call needs (the section), or NULL
 * @fn: the call; runs with current->mm the target's
 * @status: its NTSTATUS
 * @arg: the call's arguments and results, owned by the request
 */
struct nts_remote {
	refcount_t ref;
	atomic_t state;
	struct callback_head twork;
	struct work_struct work;
	struct completion done;
	struct mm_struct *mm;
	struct task_struct *task;
	const struct cred *cred;
	struct nts_remote_limits lim;
	struct file *pin;
	struct file *hold;
	nts_remote_fn fn;
	u32 status;
	u64 arg[];
};

static struct workqueue_struct *nts_remote_wq;

static void nts_remote_put(struct nts_remote *r)
{
	if (!refcount_dec_and_test(&r->ref))
		return;
	if (r->cred)
		put_cred(r->cred);
	if (r->hold)
		fput(r->hold);
	put_task_struct(r->task);
	mmput(r->mm);
	fput(r->pin);
	kfree(r);
	nts_count(NTS_CNT_REMOTE_CALLS, -1);
}

/* In the target's thread, on its way back to user space (or out). */
static void nts_remote_twork(struct callback_head *cb)
{
	struct nts_remote *r = container_of(cb, struct nts_remote, twork);
	struct file *pin = r->pin;

	if (atomic_cmpxchg(&r->state, NTS_RQ_QUEUED, NTS_RQ_TARGET) == NTS_RQ_QUEUED) {
		if (current->mm != r->mm || (current->flags & PF_EXITING))
			r->status = NT_STATUS_PROCESS_IS_TERMINATING;
		else
			r->status = r->fn(r->arg, NULL);
		complete(&r->done);
	}
	nts_remote_put(r);
	fput(pin);	/* the last reference to this module's code may go here */
}

/* In a kernel worker, for a target that cannot run the call itself. */
static void nts_remote_worker(struct work_struct *work)
{
	struct nts_remote *r = container_of(work, struct nts_remote, work);
	struct file *pin = r->pin;
	struct mem_cgroup *memcg, *old_memcg;
	const struct cred *old_cred;

	/* The thread exec'd meanwhile: its credentials are the new program's. */
	if (READ_ONCE(r->task->mm) != r->mm) {
		r->status = NT_STATUS_PROCESS_IS_TERMINATING;
		goto out;
	}
	kthread_use_mm(r->mm);
	old_cred = override_creds(r->cred);
	memcg = get_mem_cgroup_from_mm(r->mm);
	old_memcg = set_active_memcg(memcg);
	r->status = r->fn(r->arg, &r->lim);
	set_active_memcg(old_memcg);
	mem_cgroup_put(memcg);
	revert_creds(old_cred);
	kthread_unuse_mm(r->mm);
out:
	complete(&r->done);
	nts_remote_put(r);
	fput(pin);
}

/* Can @task not reach user space soon (stopped, traced, frozen, in D, dead)? */
static bool nts_task_stuck(struct task_struct *task)
{
	unsigned int state = READ_ONCE(task->__state);

	return task_is_stopped_or_traced(task) ||
	       (state & (TASK_UNINTERRUPTIBLE | __TASK_STOPPED | __TASK_TRACED | TASK_FROZEN |
			 TASK_DEAD));
}

/* How often the caller looks whether the target can run the call. */
#define NTS_REMOTE_POLL		(HZ / 50 ?: 1)
/* After this long the worker runs it, whatever the target is doing. */
#define NTS_REMOTE_PATIENCE	HZ

/*
 * The worker takes the call over: with @task's credentials and RLIMIT_AS
 * at this moment. Returns false when the target had claimed it already.
 */
static bool nts_remote_to_worker(struct nts_remote *r)
{
	if (atomic_cmpxchg(&r->state, NTS_RQ_QUEUED, NTS_RQ_WORKER) != NTS_RQ_QUEUED)
		return false;
	r->cred = get_task_cred(r->task);
	r->lim.as = task_rlimit(r->task, RLIMIT_AS);
	r->lim.data = task_rlimit(r->task, RLIMIT_DATA);
	r->lim.fsize = task_rlimit(r->task, RLIMIT_FSIZE);
	refcount_inc(&r->ref);
	get_file(r->pin);
	queue_work(nts_remote_wq, &r->work);
	return true;
}

/**
 * nts_remote_call() - run a call in another process and wait for it
 * @t: the target (remote: @t->mm set)
 * @fn: the call: runs with current->mm @t->mm, in the target's thread or
 *	in the kernel worker (its second argument: the target's rlimits,
 *	which it must enforce on what it maps)
 * @arg: its arguments, copied into the request, and copied back with its
 *	results once it ran
 * @size: the size of @arg
 * @hold: a file @fn uses (the section's), kept until the request is freed,
 *	or NULL
 *
 * The call runs at most once. When the caller is killed while waiting, the
 * call is cancelled if nobody claimed it yet; otherwise it completes in the
 * target without anyone to see its result.
 *
 * Return: @fn's NTSTATUS; NT_STATUS_PROCESS_IS_TERMINATING when the target
 * exited or exec'd first; NT_STATUS_NO_MEMORY; for a killed caller
 * NT_STATUS_UNSUCCESSFUL.
 */
u32 nts_remote_call(struct nts_target *t, nts_remote_fn fn, void *arg, size_t size,
		    struct file *hold)
{
	unsigned long deadline = jiffies + NTS_REMOTE_PATIENCE;
	struct nts_remote *r;
	u32 status;
	long left;

	r = kzalloc(struct_size(r, arg, DIV_ROUND_UP(size, sizeof(u64))), GFP_KERNEL_ACCOUNT);
	if (!r)
		return NT_STATUS_NO_MEMORY;
	r->task = nts_target_thread(t->pid, t->mm);
	if (!r->task) {
		kfree(r);
		return NT_STATUS_PROCESS_IS_TERMINATING;
	}
	nts_count(NTS_CNT_REMOTE_CALLS, 1);
	refcount_set(&r->ref, 2);	/* the caller's and the task work's */
	atomic_set(&r->state, NTS_RQ_QUEUED);
	init_completion(&r->done);
	INIT_WORK(&r->work, nts_remote_worker);
	init_task_work(&r->twork, nts_remote_twork);
	mmget(t->mm);
	r->mm = t->mm;
	r->pin = get_file(t->file);
	r->hold = hold ? get_file(hold) : NULL;
	r->fn = fn;
	memcpy(r->arg, arg, size);
	get_file(r->pin);		/* the task work's */
	if (task_work_add(r->task, &r->twork, TWA_SIGNAL)) {
		/* The thread is past its last task work: exiting. */
		fput(r->pin);
		refcount_dec(&r->ref);
		nts_remote_put(r);
		return NT_STATUS_PROCESS_IS_TERMINATING;
	}
	for (;;) {
		left = wait_for_completion_killable_timeout(&r->done, NTS_REMOTE_POLL);
		if (left > 0)
			break;
		if (left < 0) {
			/* The caller is dying: nobody will read the result. */
			atomic_cmpxchg(&r->state, NTS_RQ_QUEUED, NTS_RQ_CANCELLED);
			nts_remote_put(r);
			return NT_STATUS_UNSUCCESSFUL;
		}
		if (atomic_read(&r->state) == NTS_RQ_QUEUED &&
		    (nts_task_stuck(r->task) || time_after(jiffies, deadline)))
			nts_remote_to_worker(r);
	}
	status = r->status;
	memcpy(arg, r->arg, size);
	nts_remote_put(r);
	return status;
}

/*
 * Copy between the caller's @ubuf and @addr in @mm, a page at a time
 * through a bounce page, as ptrace's PEEKDATA/POKEDATA reach the target
 * but without FOLL_FORCE: a page the target could not read (write) itself
 * stops the copy.
 */
static u32 nts_copy_mm(struct mm_struct *mm, u64 addr, u64 ubuf, u64 size, bool write,
		       u64 *done)
{
	void *bounce, *kaddr;
	struct page *page;
	u32 status = NT_STATUS_SUCCESS;
	size_t off, n;
	long got;

	bounce = (void *)__get_free_page(GFP_KERNEL);
	if (!bounce)
		return NT_STATUS_NO_MEMORY;
	while (*done < size) {
		off = offset_in_page(addr + *done);
		n = min_t(u64, PAGE_SIZE - off, size - *done);
		if (write && copy_from_user(bounce, u64_to_user_ptr(ubuf + *done), n)) {
			status = NT_STATUS_ACCESS_VIOLATION;
			break;
		}
		if (mmap_read_lock_killable(mm)) {
			status = NT_STATUS_PARTIAL_COPY;
			break;
		}
		got = nts_gup_remote_one(mm, addr + *done, write ? FOLL_WRITE : 0, &page);
		if (got != 1) {
			mmap_read_unlock(mm);
			status = NT_STATUS_PARTIAL_COPY;
			break;
		}
		/*
		 * Under mmap_lock, as __access_remote_vm(): a fork() of the
		 * target cannot share the page copy-on-write meanwhile. The
		 * caller's memory is touched only outside it (the bounce page).
		 */
		kaddr = kmap_local_page(page);
		if (write) {
			memcpy(kaddr + off, bounce, n);
			flush_dcache_page(page);
		} else {
			memcpy(bounce, kaddr + off, n);
		}
		kunmap_local(kaddr);
		if (write)
			set_page_dirty_lock(page);
		put_page(page);
		mmap_read_unlock(mm);
		if (!write && copy_to_user(u64_to_user_ptr(ubuf + *done), bounce, n)) {
			status = NT_STATUS_ACCESS_VIOLATION;
			break;
		}
		*done += n;
		if (fatal_signal_pending(current)) {
			status = NT_STATUS_PARTIAL_COPY;
			break;
		}
		cond_resched();
	}
	free_page((unsigned long)bounce);
	return status;
}

/**
 * nts_over_limits() - is @mm past the target's rlimits a worker enforces?
 * @mm: the target's address space, after a mapping made in it
 * @lim: the limits
 *
 * Return: true when its size passes RLIMIT_AS or its data (private
 * writable) mappings RLIMIT_DATA, as may_expand_vm() would have refused.
 */
bool nts_over_limits(const struct mm_struct *mm, const struct nts_remote_limits *lim)
{
	return (mm->total_vm << PAGE_SHIFT) > lim->as ||
	       (mm->data_vm << PAGE_SHIFT) > lim->data;
}

/**
 * nts_process_copy() - NtReadVirtualMemory / NtWriteVirtualMemory
 * @t: the target (the caller's own process when @t->mm is NULL)
 * @addr: BaseAddress in the target
 * @ubuf: Buffer in the caller
 * @size: the number of bytes
 * @write: NtWriteVirtualMemory
 * @done: out: the bytes copied
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_PARTIAL_COPY when the target's range
 * cannot be read (written) wholly; NT_STATUS_ACCESS_VIOLATION when @ubuf
 * faults.
 */
u32 nts_process_copy(const struct nts_target *t, u64 addr, u64 ubuf, u64 size, bool write,
		     u64 *done)
{
	struct mm_struct *mm = t->mm ?: current->mm;

	*done = 0;
	if (!size)
		return NT_STATUS_SUCCESS;
	if (ubuf + size < ubuf || ubuf + size > TASK_SIZE)
		return NT_STATUS_ACCESS_VIOLATION;
	if (addr + size < addr || addr + size > TASK_SIZE)
		return NT_STATUS_PARTIAL_COPY;
	if (!mm)
		return NT_STATUS_PROCESS_IS_TERMINATING;
	/* A remote mm has a user reference for the call (nts_target_get()). */
	return nts_copy_mm(mm, addr, ubuf, size, write, done);
}

/**
 * nts_process_init() - the worker for targets that cannot run a call
 *
 * Return: 0 or -ENOMEM.
 */
int __init nts_process_init(void)
{
	nts_remote_wq = alloc_workqueue("ntsection_remote", WQ_UNBOUND, 0);
	return nts_remote_wq ? 0 : -ENOMEM;
}

/**
 * nts_process_exit() - free the worker; no call is queued by now (each
 *	holds a process handle's file, which holds this module)
 */
void nts_process_exit(void)
{
	destroy_workqueue(nts_remote_wq);
}
