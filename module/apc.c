// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: Windows NT section objects for Linux.
 *
 * User APCs: calls another process makes of this process's libntsection.
 *
 * A process's private memory (NtAllocateVirtualMemory's reservations) is
 * kept by its own copy of libntsection, in records of its own, and its
 * protections change by its own mprotect(), which the kernel does not
 * export: so NtAllocateVirtualMemory, NtFreeVirtualMemory and
 * NtProtectVirtualMemory on another process, and queries of its private
 * memory, are run by that process's libntsection, as Wine's server runs
 * them through an APC to the target. libntsection opens an APC fd for its
 * process (NTSECTION_IOC_APC_OPEN) and one of its threads waits on it
 * (NTSECTION_IOC_APC_WAIT); a caller with a process handle queues a call
 * (NTSECTION_IOC_APC_CALL) and waits, killably, for the answer. A target
 * whose serving thread is stopped, frozen or gone answers nothing: the
 * caller gets NOT_SUPPORTED at once instead of waiting.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "internal.h"

/**
 * struct nts_apc_queue - the calls waiting for one process's libntsection
 * @node: in nts_apc_queues, by @mm
 * @mm: the process's address space (mmgrab()bed), its key
 * @lock: guards the lists, @server, @next_id and @dead
 * @wq: where the serving thread waits
 * @pending: calls not taken yet
 * @taken: calls taken, not answered yet
 * @server: the thread that waited last (a reference), or NULL
 * @next_id: the id of the next call
 * @dead: the APC fd was closed: no call is taken any more
 * @ref: the fd's and the callers' references
 */
struct nts_apc_queue {
	struct hlist_node node;
	struct mm_struct *mm;
	spinlock_t lock;	/* see @lock above */
	wait_queue_head_t wq;
	struct list_head pending;
	struct list_head taken;
	struct task_struct *server;
	u64 next_id;
	bool dead;
	refcount_t ref;
};

/**
 * struct nts_apc_call - one call, with its caller waiting
 * @node: in its queue's @pending or @taken, or empty once out of both
 * @apc: the call, and then its answer
 * @done: completed with the answer
 * @ref: the caller's, and the queue's while @node is in a list
 */
struct nts_apc_call {
	struct list_head node;
	struct ntsection_apc apc;
	struct completion done;
	refcount_t ref;
};

/* The live queues, by mm; a queue leaves it when its fd is released. */
static DEFINE_HASHTABLE(nts_apc_queues, 8);
static DEFINE_SPINLOCK(nts_apc_lock);

static void nts_apc_call_put(struct nts_apc_call *c)
{
	if (!refcount_dec_and_test(&c->ref))
		return;
	kfree(c);
	nts_count(NTS_CNT_APC_CALLS, -1);
}

static void nts_apc_queue_put(struct nts_apc_queue *q)
{
	if (!refcount_dec_and_test(&q->ref))
		return;
	if (q->server)
		put_task_struct(q->server);
	mmdrop(q->mm);
	kfree(q);
	nts_count(NTS_CNT_APC_QUEUES, -1);
}

/* The live queue of @mm, with a reference, or NULL. */
static struct nts_apc_queue *nts_apc_queue_find(struct mm_struct *mm)
{
	struct nts_apc_queue *q, *found = NULL;

	spin_lock(&nts_apc_lock);
	hash_for_each_possible(nts_apc_queues, q, node, (unsigned long)mm) {
		if (q->mm == mm) {
			refcount_inc(&q->ref);
			found = q;
			break;
		}
	}
	spin_unlock(&nts_apc_lock);
	return found;
}

/* Take @c out of its queue's lists (the queue's reference goes), once. */
static bool nts_apc_unlink(struct nts_apc_queue *q, struct nts_apc_call *c)
{
	bool linked;

	spin_lock(&q->lock);
	linked = !list_empty(&c->node);
	list_del_init(&c->node);
	spin_unlock(&q->lock);
	if (linked)
		nts_apc_call_put(c);
	return linked;
}

static int nts_apc_release(struct inode *inode, struct file *file)
{
	struct nts_apc_queue *q = file->private_data;
	struct nts_apc_call *c, *tmp;
	LIST_HEAD(gone);

	spin_lock(&nts_apc_lock);
	hash_del(&q->node);
	spin_unlock(&nts_apc_lock);
	spin_lock(&q->lock);
	q->dead = true;
	list_splice_init(&q->pending, &gone);
	list_splice_init(&q->taken, &gone);
	spin_unlock(&q->lock);
	/* Nobody will answer these: the library that would is gone. */
	list_for_each_entry_safe(c, tmp, &gone, node) {
		list_del_init(&c->node);
		c->apc.status = NT_STATUS_NOT_SUPPORTED;
		complete(&c->done);
		nts_apc_call_put(c);
	}
	wake_up_all(&q->wq);
	nts_apc_queue_put(q);
	return 0;
}

/* The serving thread's answer to call @reply->id, if still waited for. */
static void nts_apc_answer(struct nts_apc_queue *q, const struct ntsection_apc *reply)
{
	struct nts_apc_call *c, *found = NULL;

	spin_lock(&q->lock);
	list_for_each_entry(c, &q->taken, node) {
		if (c->apc.id == reply->id) {
			list_del_init(&c->node);
			found = c;
			break;
		}
	}
	spin_unlock(&q->lock);
	if (!found)
		return;
	found->apc.status = reply->status;
	memcpy(found->apc.arg, reply->arg, sizeof(found->apc.arg));
	complete(&found->done);
	nts_apc_call_put(found);
}

static bool nts_apc_ready(struct nts_apc_queue *q)
{
	bool ready;

	spin_lock(&q->lock);
	ready = q->dead || !list_empty(&q->pending);
	spin_unlock(&q->lock);
	return ready;
}

static long nts_apc_wait(struct nts_apc_queue *q, struct ntsection_apc_wait_args __user *uargs)
{
	struct ntsection_apc_wait_args args;
	struct task_struct *old;
	struct nts_apc_call *c;
	long err;

	/* The fd went to another process (SCM_RIGHTS, fork()): not its queue. */
	if (current->mm != q->mm)
		return -EINVAL;
	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.reply.id)
		nts_apc_answer(q, &args.reply);
	spin_lock(&q->lock);
	old = q->server;
	q->server = get_task_struct(current);
	spin_unlock(&q->lock);
	if (old)
		put_task_struct(old);
	err = wait_event_interruptible(q->wq, nts_apc_ready(q));
	if (err)
		return err;
	spin_lock(&q->lock);
	c = list_first_entry_or_null(&q->pending, struct nts_apc_call, node);
	if (c) {
		list_move_tail(&c->node, &q->taken);
		args.call = c->apc;
	}
	spin_unlock(&q->lock);
	if (!c)
		return -EBADF;	/* closed meanwhile */
	if (copy_to_user(&uargs->call, &args.call, sizeof(args.call))) {
		args.reply = args.call;
		args.reply.status = NT_STATUS_UNSUCCESSFUL;
		nts_apc_answer(q, &args.reply);
		return -EFAULT;
	}
	return 0;
}

static long nts_apc_ioctl(struct file *file, unsigned int cmd, unsigned long parm)
{
	if (cmd != NTSECTION_IOC_APC_WAIT)
		return -ENOTTY;
	return nts_apc_wait(file->private_data, (void __user *)parm);
}

static const struct file_operations nts_apc_fops = {
	.owner		= THIS_MODULE,
	.release	= nts_apc_release,
	.unlocked_ioctl	= nts_apc_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/**
 * nts_apc_open() - the APC file of the calling process
 * @out: on success, the file (the caller installs its fd; fput() on
 *	failure frees the queue)
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_OBJECT_NAME_COLLISION when the
 * process has one open (a fork() child's inherited copy counts for the
 * parent); NT_STATUS_NO_MEMORY.
 */
u32 nts_apc_open(struct file **out)
{
	struct nts_apc_queue *q, *other;
	struct file *file;
	bool found;

	if (!current->mm)
		return NT_STATUS_NOT_SUPPORTED;
	q = kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);
	if (!q)
		return NT_STATUS_NO_MEMORY;
	INIT_HLIST_NODE(&q->node);
	INIT_LIST_HEAD(&q->pending);
	INIT_LIST_HEAD(&q->taken);
	spin_lock_init(&q->lock);
	init_waitqueue_head(&q->wq);
	refcount_set(&q->ref, 1);
	mmgrab(current->mm);
	q->mm = current->mm;
	nts_count(NTS_CNT_APC_QUEUES, 1);
	file = anon_inode_getfile("[ntsection-apc]", &nts_apc_fops, q, O_RDWR);
	if (IS_ERR(file)) {
		nts_apc_queue_put(q);
		return NT_STATUS_NO_MEMORY;
	}
	found = false;
	spin_lock(&nts_apc_lock);
	hash_for_each_possible(nts_apc_queues, other, node, (unsigned long)q->mm) {
		if (other->mm == q->mm) {
			found = true;
			break;
		}
	}
	if (!found)
		hash_add(nts_apc_queues, &q->node, (unsigned long)q->mm);
	spin_unlock(&nts_apc_lock);
	if (found) {
		fput(file);	/* releases @q */
		return NT_STATUS_OBJECT_NAME_COLLISION;
	}
	*out = file;
	return NT_STATUS_SUCCESS;
}

/*
 * Is nobody going to take a call from @q: no thread has waited on it yet,
 * or the one that did is stopped (by a signal or a tracer), frozen or
 * exiting? A thread that is only busy (in any other sleep included) takes
 * the call when it comes back.
 */
static bool nts_apc_unserved(struct nts_apc_queue *q)
{
	struct task_struct *server;
	bool unserved;

	spin_lock(&q->lock);
	server = q->server ? get_task_struct(q->server) : NULL;
	unserved = q->dead;
	spin_unlock(&q->lock);
	if (!server)
		return true;
	unserved = unserved || (server->flags & PF_EXITING) ||
		   task_is_stopped_or_traced(server) ||
		   (READ_ONCE(server->__state) & TASK_FROZEN);
	put_task_struct(server);
	return unserved;
}

/* Is @c still waiting to be taken? Only such a call may be withdrawn. */
static bool nts_apc_pending(struct nts_apc_queue *q, struct nts_apc_call *c)
{
	struct nts_apc_call *p;
	bool pending = false;

	spin_lock(&q->lock);
	list_for_each_entry(p, &q->pending, node) {
		if (p == c) {
			pending = true;
			break;
		}
	}
	spin_unlock(&q->lock);
	return pending;
}

/* How long a new queue may have no serving thread yet (it is starting). */
#define NTS_APC_START	HZ

/**
 * nts_apc_call() - run a call in another process's libntsection
 * @t: the target (remote)
 * @apc: in: op and arguments; out: the results
 *
 * Return: the call's NTSTATUS in the target; NT_STATUS_NOT_SUPPORTED when
 * the target serves no APCs (no libntsection there, or its serving thread
 * is stopped or gone); NT_STATUS_UNSUCCESSFUL for a caller killed while
 * waiting (the call is withdrawn if not taken yet).
 */
u32 nts_apc_call(struct nts_target *t, struct ntsection_apc *apc)
{
	unsigned long start = jiffies;
	struct nts_apc_queue *q;
	struct nts_apc_call *c;
	u32 status;
	long left;

	q = nts_apc_queue_find(t->mm);
	if (!q)
		return NT_STATUS_NOT_SUPPORTED;
	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c) {
		nts_apc_queue_put(q);
		return NT_STATUS_NO_MEMORY;
	}
	nts_count(NTS_CNT_APC_CALLS, 1);
	init_completion(&c->done);
	refcount_set(&c->ref, 2);	/* the caller's and the queue's */
	c->apc = *apc;
	c->apc.status = NT_STATUS_SUCCESS;
	spin_lock(&q->lock);
	if (q->dead) {
		spin_unlock(&q->lock);
		kfree(c);
		nts_count(NTS_CNT_APC_CALLS, -1);
		nts_apc_queue_put(q);
		return NT_STATUS_NOT_SUPPORTED;
	}
	c->apc.id = ++q->next_id;
	list_add_tail(&c->node, &q->pending);
	spin_unlock(&q->lock);
	wake_up(&q->wq);
	for (;;) {
		left = wait_for_completion_killable_timeout(&c->done, HZ / 50 ?: 1);
		if (left > 0)
			break;
		/*
		 * A call the serving thread took is waited for: it may have
		 * made its change already. One nobody takes is withdrawn.
		 */
		if (left < 0 ||
		    (time_after(jiffies, start + NTS_APC_START) && nts_apc_pending(q, c) &&
		     nts_apc_unserved(q))) {
			/* Withdrawn, unless answered meanwhile. */
			if (nts_apc_unlink(q, c)) {
				status = left < 0 ? NT_STATUS_UNSUCCESSFUL :
					 NT_STATUS_NOT_SUPPORTED;
				goto out;
			}
			wait_for_completion(&c->done);
			break;
		}
	}
	status = c->apc.status;
	memcpy(apc->arg, c->apc.arg, sizeof(apc->arg));
out:
	nts_apc_call_put(c);
	nts_apc_queue_put(q);
	return status;
}
