/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: tracepoints, events/ntsection/ in tracefs.
 *
 * One event per NT call the module carries out, whichever front door it came
 * through (the ioctls, the in-kernel API, another process's call run here),
 * with its NTSTATUS: a refusal is the event with a status that is not
 * NT_STATUS_SUCCESS. Sections are named by their id (as in
 * /proc/ntsection/sections and an fd's fdinfo), never by a kernel pointer.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ntsection

#if !defined(_NTSECTION_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NTSECTION_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(ntsection_create,
	TP_PROTO(u64 id, u32 attributes, u32 protect, u64 size, bool file, u32 status),
	TP_ARGS(id, attributes, protect, size, file, status),
	TP_STRUCT__entry(
		__field(u64, id)
		__field(u32, attributes)
		__field(u32, protect)
		__field(u64, size)
		__field(bool, file)
		__field(u32, status)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->attributes = attributes;
		__entry->protect = protect;
		__entry->size = size;
		__entry->file = file;
		__entry->status = status;
	),
	TP_printk("section=%llu attributes=0x%x protect=0x%x size=%llu file=%d status=0x%08x",
		  __entry->id, __entry->attributes, __entry->protect, __entry->size,
		  __entry->file, __entry->status)
);

TRACE_EVENT(ntsection_open,
	TP_PROTO(u64 id, u32 access, u32 status),
	TP_ARGS(id, access, status),
	TP_STRUCT__entry(
		__field(u64, id)
		__field(u32, access)
		__field(u32, status)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->access = access;
		__entry->status = status;
	),
	TP_printk("section=%llu access=0x%x status=0x%08x",
		  __entry->id, __entry->access, __entry->status)
);

TRACE_EVENT(ntsection_map,
	TP_PROTO(u64 id, unsigned long base, u64 size, u64 offset, u32 alloc_type, u32 protect,
		 u32 status),
	TP_ARGS(id, base, size, offset, alloc_type, protect, status),
	TP_STRUCT__entry(
		__field(u64, id)
		__field(unsigned long, base)
		__field(u64, size)
		__field(u64, offset)
		__field(u32, alloc_type)
		__field(u32, protect)
		__field(u32, status)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->base = base;
		__entry->size = size;
		__entry->offset = offset;
		__entry->alloc_type = alloc_type;
		__entry->protect = protect;
		__entry->status = status;
	),
	TP_printk("section=%llu base=0x%lx size=%llu offset=%llu type=0x%x protect=0x%x status=0x%08x",
		  __entry->id, __entry->base, __entry->size, __entry->offset,
		  __entry->alloc_type, __entry->protect, __entry->status)
);

/* Calls on an address range: unmap, commit, protect (the split it allows). */
DECLARE_EVENT_CLASS(ntsection_range,
	TP_PROTO(unsigned long base, u64 size, u32 arg, u32 status),
	TP_ARGS(base, size, arg, status),
	TP_STRUCT__entry(
		__field(unsigned long, base)
		__field(u64, size)
		__field(u32, arg)
		__field(u32, status)
	),
	TP_fast_assign(
		__entry->base = base;
		__entry->size = size;
		__entry->arg = arg;
		__entry->status = status;
	),
	TP_printk("base=0x%lx size=%llu arg=0x%x status=0x%08x",
		  __entry->base, __entry->size, __entry->arg, __entry->status)
);

/* @arg: NtUnmapViewOfSectionEx's flags. */
DEFINE_EVENT(ntsection_range, ntsection_unmap,
	TP_PROTO(unsigned long base, u64 size, u32 arg, u32 status),
	TP_ARGS(base, size, arg, status)
);

/* @arg: the commit's protection. */
DEFINE_EVENT(ntsection_range, ntsection_commit,
	TP_PROTO(unsigned long base, u64 size, u32 arg, u32 status),
	TP_ARGS(base, size, arg, status)
);

/* NtProtectVirtualMemory on part of a view: the split it allows (@arg 0). */
DEFINE_EVENT(ntsection_range, ntsection_protect,
	TP_PROTO(unsigned long base, u64 size, u32 arg, u32 status),
	TP_ARGS(base, size, arg, status)
);

TRACE_EVENT(ntsection_extend,
	TP_PROTO(u64 id, u64 size, u32 status),
	TP_ARGS(id, size, status),
	TP_STRUCT__entry(
		__field(u64, id)
		__field(u64, size)
		__field(u32, status)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->size = size;
		__entry->status = status;
	),
	TP_printk("section=%llu size=%llu status=0x%08x", __entry->id, __entry->size,
		  __entry->status)
);

TRACE_EVENT(ntsection_close,
	TP_PROTO(u64 id, int handles),
	TP_ARGS(id, handles),
	TP_STRUCT__entry(
		__field(u64, id)
		__field(int, handles)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->handles = handles;
	),
	TP_printk("section=%llu handles=%d", __entry->id, __entry->handles)
);

#define NTS_FAULT_RESERVED	0	/* SEC_RESERVE, not committed */
#define NTS_FAULT_GUARD		1	/* PAGE_GUARD, its first touch */
#define NTS_FAULT_TAIL		2	/* an extendable view's reserved tail */
#define NTS_FAULT_DEAD		3	/* a ViewUnmap view in a fork child */

/* A fault the module turns into SIGSEGV, and why. */
TRACE_EVENT(ntsection_fault,
	TP_PROTO(u64 id, unsigned long address, u64 pgoff, u32 reason),
	TP_ARGS(id, address, pgoff, reason),
	TP_STRUCT__entry(
		__field(u64, id)
		__field(unsigned long, address)
		__field(u64, pgoff)
		__field(u32, reason)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->address = address;
		__entry->pgoff = pgoff;
		__entry->reason = reason;
	),
	TP_printk("section=%llu address=0x%lx pgoff=%llu reason=%s", __entry->id,
		  __entry->address, __entry->pgoff,
		  __print_symbolic(__entry->reason, { NTS_FAULT_RESERVED, "reserved" },
				   { NTS_FAULT_GUARD, "guard" }, { NTS_FAULT_TAIL, "tail" },
				   { NTS_FAULT_DEAD, "dead" }))
);

#endif /* _NTSECTION_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
