// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: /proc/ntsection/sections, the listing of sections (SPEC §9),
 * what /proc/sysvipc/shm is for SysV shared memory.
 *
 * One line per section the reader may see: only sections of the reader's
 * IPC namespace, and only those its uid/gid and the section's mode let it
 * query (or all of them with CAP_IPC_OWNER), as for opening by name.
 */

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include "internal.h"
#include "validate.h"

atomic_long_t nts_counters[NTS_CNT_MAX];

static DEFINE_MUTEX(nts_sections_lock);
static LIST_HEAD(nts_sections);
static u64 nts_next_id;
static struct proc_dir_entry *nts_proc_dir;

/**
 * nts_proc_add() - list a new section
 * @sec: the section, fully set up
 */
void nts_proc_add(struct nts_section *sec)
{
	mutex_lock(&nts_sections_lock);
	sec->id = ++nts_next_id;
	list_add_tail(&sec->node, &nts_sections);
	mutex_unlock(&nts_sections_lock);
}

/**
 * nts_proc_del() - unlist a section that is going away
 * @sec: the section (listed or not)
 */
void nts_proc_del(struct nts_section *sec)
{
	mutex_lock(&nts_sections_lock);
	list_del_init(&sec->node);
	mutex_unlock(&nts_sections_lock);
}

static void *nts_proc_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(&nts_sections_lock);
	return seq_list_start_head(&nts_sections, *pos);
}

static void *nts_proc_next(struct seq_file *m, void *v, loff_t *pos)
{
	return seq_list_next(v, &nts_sections, pos);
}

static void nts_proc_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&nts_sections_lock);
}

static unsigned long nts_committed_pages(struct nts_section *sec)
{
	if (!nts_section_reserve_only(sec))
		return DIV_ROUND_UP(READ_ONCE(sec->size), PAGE_SIZE);
	return READ_ONCE(sec->committed_pages);
}

static int nts_proc_show(struct seq_file *m, void *v)
{
	struct user_namespace *uns = seq_user_ns(m);
	struct ipc_namespace *ns = nts_current_ipc_ns();
	struct nts_section *sec;
	char name[3 * NTS_NAME_MAX_LEAF + 1];

	if (v == &nts_sections) {
		seq_puts(m, "       id               size attributes    protect  committed");
		seq_puts(m, "   resident    views  handles   uid   gid mode        ino name\n");
		return 0;
	}
	sec = list_entry(v, struct nts_section, node);
	if (sec->ns != ns || sec->ns_inum != ns->ns.inum ||
	    !nts_directory_may_open(sec, NT_SECTION_QUERY))
		return 0;
	nts_directory_name(sec, name, sizeof(name));
	seq_printf(m, "%9llu %18llu 0x%08x 0x%08x %10lu %10lu %8d %8d %5u %5u %04o %10llu ",
		   sec->id, READ_ONCE(sec->size), sec->attributes, sec->protect,
		   nts_committed_pages(sec), sec->backing->f_mapping->nrpages,
		   atomic_read(&sec->views), atomic_read(&sec->handles),
		   from_kuid_munged(uns, sec->uid), from_kgid_munged(uns, sec->gid),
		   sec->mode, (unsigned long long)file_inode(sec->backing)->i_ino);
	/* Names are any UTF-16: keep one line per section. */
	seq_escape(m, name, " \t\n\\");
	seq_putc(m, '\n');
	return 0;
}

static int nts_stats_show(struct seq_file *m, void *v)
{
	static const char * const names[NTS_CNT_MAX] = {
		[NTS_CNT_SECTIONS] = "sections",
		[NTS_CNT_VIEWS] = "views",
		[NTS_CNT_HANDLE_FILES] = "handle_files",
		[NTS_CNT_KERNEL_HANDLES] = "kernel_handles",
		[NTS_CNT_SYSTEM_VIEWS] = "system_views",
		[NTS_CNT_PROCESS_HANDLES] = "process_handles",
		[NTS_CNT_REMOTE_CALLS] = "remote_calls",
		[NTS_CNT_APC_QUEUES] = "apc_queues",
		[NTS_CNT_APC_CALLS] = "apc_calls",
	};
	int i;

	for (i = 0; i < NTS_CNT_MAX; i++)
		seq_printf(m, "%s %ld\n", names[i], atomic_long_read(&nts_counters[i]));
	return 0;
}

static const struct seq_operations nts_proc_seq_ops = {
	.start	= nts_proc_start,
	.next	= nts_proc_next,
	.stop	= nts_proc_stop,
	.show	= nts_proc_show,
};

/**
 * nts_proc_init() - create /proc/ntsection/sections and /proc/ntsection/stats
 *
 * stats counts the module's live objects, machine-wide: tests check that
 * they return to zero (no leak, whatever failed on the way).
 * Return: 0 or -ENOMEM.
 */
int __init nts_proc_init(void)
{
	nts_proc_dir = proc_mkdir("ntsection", NULL);
	if (!nts_proc_dir)
		return -ENOMEM;
	if (!proc_create_seq("sections", 0444, nts_proc_dir, &nts_proc_seq_ops) ||
	    !proc_create_single("stats", 0444, nts_proc_dir, nts_stats_show)) {
		proc_remove(nts_proc_dir);
		return -ENOMEM;
	}
	return 0;
}

/**
 * nts_proc_exit() - remove /proc/ntsection
 */
void nts_proc_exit(void)
{
	proc_remove(nts_proc_dir);
}
