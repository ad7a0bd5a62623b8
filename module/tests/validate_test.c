// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the ntsection parameter validators (validate.c).
 *
 * The oracles are written apart from the implementation: literal tables
 * transcribed from SPEC.md (§3 compatibility table, §5 order, ...) and
 * enumerations of the valid set, where validate.c uses bit logic. Exhaustive
 * loops report their first few mismatches and then a count; table tests
 * report every mismatch with the table entry's name.
 *
 * Linked into ntsection_test.ko; the module's main test file carries
 * MODULE_LICENSE() and MODULE_IMPORT_NS().
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../validate.h"

#define MAX_REPORTED	16

#define TASK_LIMIT	0x7ffffffff000ULL	/* x86-64 TASK_SIZE, 4-level paging */

/* ---- reporting ---------------------------------------------------------- */

static const struct {
	u32 status;
	const char *name;
} status_names[] = {
	{ NT_STATUS_SUCCESS, "SUCCESS" },
	{ NT_STATUS_INVALID_INFO_CLASS, "INVALID_INFO_CLASS" },
	{ NT_STATUS_INFO_LENGTH_MISMATCH, "INFO_LENGTH_MISMATCH" },
	{ NT_STATUS_INVALID_HANDLE, "INVALID_HANDLE" },
	{ NT_STATUS_ACCESS_VIOLATION, "ACCESS_VIOLATION" },
	{ NT_STATUS_NOT_SUPPORTED, "NOT_SUPPORTED" },
	{ NT_STATUS_PRIVILEGE_NOT_HELD, "PRIVILEGE_NOT_HELD" },
	{ NT_STATUS_NO_MEMORY, "NO_MEMORY" },
	{ NT_STATUS_INVALID_VIEW_SIZE, "INVALID_VIEW_SIZE" },
	{ NT_STATUS_INVALID_FILE_FOR_SECTION, "INVALID_FILE_FOR_SECTION" },
	{ NT_STATUS_ACCESS_DENIED, "ACCESS_DENIED" },
	{ NT_STATUS_OBJECT_TYPE_MISMATCH, "OBJECT_TYPE_MISMATCH" },
	{ NT_STATUS_OBJECT_NAME_INVALID, "OBJECT_NAME_INVALID" },
	{ NT_STATUS_OBJECT_PATH_NOT_FOUND, "OBJECT_PATH_NOT_FOUND" },
	{ NT_STATUS_OBJECT_PATH_SYNTAX_BAD, "OBJECT_PATH_SYNTAX_BAD" },
	{ NT_STATUS_SECTION_TOO_BIG, "SECTION_TOO_BIG" },
	{ NT_STATUS_INVALID_PAGE_PROTECTION, "INVALID_PAGE_PROTECTION" },
	{ NT_STATUS_SECTION_NOT_IMAGE, "SECTION_NOT_IMAGE" },
	{ NT_STATUS_SECTION_PROTECTION, "SECTION_PROTECTION" },
	{ NT_STATUS_SECTION_NOT_EXTENDED, "SECTION_NOT_EXTENDED" },
	{ NT_STATUS_INVALID_PARAMETER_3, "INVALID_PARAMETER_3" },
	{ NT_STATUS_INVALID_PARAMETER_4, "INVALID_PARAMETER_4" },
	{ NT_STATUS_INVALID_PARAMETER_5, "INVALID_PARAMETER_5" },
	{ NT_STATUS_INVALID_PARAMETER_6, "INVALID_PARAMETER_6" },
	{ NT_STATUS_INVALID_PARAMETER_8, "INVALID_PARAMETER_8" },
	{ NT_STATUS_INVALID_PARAMETER_9, "INVALID_PARAMETER_9" },
	{ NT_STATUS_MAPPED_FILE_SIZE_ZERO, "MAPPED_FILE_SIZE_ZERO" },
	{ NT_STATUS_COMMITMENT_LIMIT, "COMMITMENT_LIMIT" },
	{ NT_STATUS_INVALID_IMAGE_NOT_MZ, "INVALID_IMAGE_NOT_MZ" },
	{ NT_STATUS_MAPPED_ALIGNMENT, "MAPPED_ALIGNMENT" },
};

static const char *status_name(u32 status)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(status_names); i++)
		if (status_names[i].status == status)
			return status_names[i].name;
	return "?";
}

/*
 * Check one status. @bad, when not NULL, counts mismatches of an exhaustive
 * loop, of which only the first MAX_REPORTED are reported.
 */
static __printf(5, 6) void check_status(struct kunit *test, unsigned int *bad, u32 got, u32 want,
					const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (got == want)
		return;
	if (bad && (*bad)++ >= MAX_REPORTED)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	KUNIT_EXPECT_EQ_MSG(test, got, want, "%s: got %s (%#x), want %s (%#x)", what,
			    status_name(got), got, status_name(want), want);
}

/* The same for a plain value. */
static __printf(5, 6) void check_u64(struct kunit *test, unsigned int *bad, u64 got, u64 want,
				     const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (got == want)
		return;
	if (bad && (*bad)++ >= MAX_REPORTED)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	KUNIT_EXPECT_EQ_MSG(test, got, want, "%s: got %#llx, want %#llx", what, got, want);
}

static void check_none_bad(struct kunit *test, unsigned int bad, const char *what)
{
	KUNIT_EXPECT_EQ_MSG(test, bad, 0u, "%s: %u mismatches (the first %u reported above)",
			    what, bad, MAX_REPORTED);
}

/* ---- SPEC §3 as literal tables --------------------------------------- */

/* The eight base protections, in bit order; the columns of view_table. */
static const u32 bases[8] = {
	NT_PAGE_NOACCESS, NT_PAGE_READONLY, NT_PAGE_READWRITE, NT_PAGE_WRITECOPY,
	NT_PAGE_EXECUTE, NT_PAGE_EXECUTE_READ, NT_PAGE_EXECUTE_READWRITE,
	NT_PAGE_EXECUTE_WRITECOPY,
};

static const char * const base_names[8] = {
	"NOACCESS", "READONLY", "READWRITE", "WRITECOPY",
	"EXECUTE", "EXECUTE_READ", "EXECUTE_READWRITE", "EXECUTE_WRITECOPY",
};

/* "At most one modifier" is how SPEC §3's exclusions read once listed. */
static const u32 modifier_choices[4] = {
	0, NT_PAGE_GUARD, NT_PAGE_NOCACHE, NT_PAGE_WRITECOMBINE,
};

/* The valid protections below 0x800, enumerated from the two lists above. */
static void build_valid_protections(unsigned long *valid)
{
	unsigned int b, m;

	bitmap_zero(valid, 0x800);
	for (b = 0; b < ARRAY_SIZE(bases); b++)
		for (m = 0; m < ARRAY_SIZE(modifier_choices); m++) {
			if (bases[b] == NT_PAGE_NOACCESS && modifier_choices[m])
				continue;
			__set_bit(bases[b] | modifier_choices[m], valid);
		}
}

static int base_index(u32 prot)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bases); i++)
		if ((prot & 0xff) == bases[i])
			return i;
	return -1;
}

/*
 * SPEC §3 "Allowed view protections per section protection", one row per
 * section protection, columns in the order of bases[]:
 *                 NA RO RW WC X XR XRW XWC
 */
static const struct {
	u32 section;
	const char *allowed;
} view_table[] = {
	{ NT_PAGE_NOACCESS,		"NNNNNNNN" },	/* not a section protection */
	{ NT_PAGE_READONLY,		"YYNYNNNN" },
	{ NT_PAGE_READWRITE,		"YYYYNNNN" },
	{ NT_PAGE_WRITECOPY,		"YYNYNNNN" },
	{ NT_PAGE_EXECUTE,		"YNNNYNNN" },
	{ NT_PAGE_EXECUTE_READ,		"YYNYYYNN" },
	{ NT_PAGE_EXECUTE_READWRITE,	"YYYYYYYY" },
	{ NT_PAGE_EXECUTE_WRITECOPY,	"YYNYYYNY" },
	/* Section protections that cannot exist allow nothing. */
	{ 0,				"NNNNNNNN" },
	{ NT_PAGE_READONLY | NT_PAGE_GUARD, "NNNNNNNN" },
	{ NT_PAGE_READWRITE | NT_PAGE_NOCACHE, "NNNNNNNN" },
	{ NT_PAGE_READONLY | NT_PAGE_READWRITE, "NNNNNNNN" },
};

/* SPEC §3 handle access to map, per view base (order of bases[]). */
static const u32 map_access_table[8] = {
	NT_SECTION_MAP_READ,				/* NOACCESS */
	NT_SECTION_MAP_READ,				/* READONLY */
	NT_SECTION_MAP_WRITE,				/* READWRITE */
	NT_SECTION_MAP_READ,				/* WRITECOPY */
	NT_SECTION_MAP_EXECUTE,				/* EXECUTE */
	NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ,	/* EXECUTE_READ */
	NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_WRITE,	/* EXECUTE_READWRITE */
	NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ,	/* EXECUTE_WRITECOPY */
};

/* SPEC §3 file open mode for a data section, per section base. */
static const u32 file_access_table[8] = {
	0,				/* NOACCESS: not a section protection */
	NTS_FILE_READ,			/* READONLY */
	NTS_FILE_READ | NTS_FILE_WRITE,	/* READWRITE */
	NTS_FILE_READ,			/* WRITECOPY */
	NTS_FILE_READ,			/* EXECUTE */
	NTS_FILE_READ,			/* EXECUTE_READ */
	NTS_FILE_READ | NTS_FILE_WRITE,	/* EXECUTE_READWRITE */
	NTS_FILE_READ,			/* EXECUTE_WRITECOPY */
};

/* ---- §3 protections ---------------------------------------------------- */

static void protect_valid_exhaustive(struct kunit *test)
{
	DECLARE_BITMAP(valid, 0x800);
	unsigned int bad = 0, high;
	u32 p;

	build_valid_protections(valid);
	/* Every value of the low 11 bits, alone and with each higher bit. */
	for (high = 10; high < 32; high++) {
		u32 extra = high == 10 ? 0 : BIT(high);

		for (p = 0; p < 0x800; p++) {
			bool want = !extra && test_bit(p, valid);

			check_u64(test, &bad, nts_protect_valid(p | extra), want,
				  "nts_protect_valid(%#x)", p | extra);
		}
	}
	check_u64(test, &bad, nts_protect_valid(U32_MAX), false, "nts_protect_valid(~0)");
	check_none_bad(test, bad, "nts_protect_valid");
	/* 8 bases, 7 of them with 3 modifiers each. */
	KUNIT_EXPECT_EQ_MSG(test, bitmap_weight(valid, 0x800), 29u, "oracle has 29 valid values");
}

static void section_protect_exhaustive(struct kunit *test)
{
	unsigned int bad = 0, high;
	u32 p;

	for (high = 10; high < 32; high++) {
		u32 extra = high == 10 ? 0 : BIT(high);

		for (p = 0; p < 0x800; p++) {
			int i = base_index(p);
			bool ok = !extra && i > 0 && p == bases[i];

			check_status(test, &bad, nts_check_section_protect(p | extra),
				     ok ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_PAGE_PROTECTION,
				     "nts_check_section_protect(%#x)", p | extra);
		}
	}
	check_none_bad(test, bad, "nts_check_section_protect");
}

static void view_protect_table(struct kunit *test)
{
	DECLARE_BITMAP(valid, 0x800);
	unsigned int r, bad = 0;
	u32 v;

	build_valid_protections(valid);
	/* Every section protection row x every view value of the low 11 bits. */
	for (r = 0; r < ARRAY_SIZE(view_table); r++) {
		u32 s = view_table[r].section;

		for (v = 0; v < 0x800; v++) {
			u32 want;

			if (!test_bit(v, valid))
				want = NT_STATUS_INVALID_PAGE_PROTECTION;
			else if (view_table[r].allowed[base_index(v)] == 'Y')
				want = NT_STATUS_SUCCESS;
			else
				want = NT_STATUS_SECTION_PROTECTION;
			check_status(test, &bad, nts_check_view_protect(s, v), want,
				     "section %#x view %#x", s, v);
		}
		for (v = 0; v < 8; v++)
			check_u64(test, &bad, !!(nts_view_protect_allowed(s) & bases[v]),
				  view_table[r].allowed[v] == 'Y',
				  "nts_view_protect_allowed(%#x) has %s", s, base_names[v]);
	}
	check_none_bad(test, bad, "view protection table");
}

static void map_access_table_test(struct kunit *test)
{
	unsigned int b, m, bad = 0;
	u32 granted;

	for (b = 0; b < 8; b++) {
		for (m = 0; m < ARRAY_SIZE(modifier_choices); m++) {
			u32 v = bases[b] | modifier_choices[m];

			if (bases[b] == NT_PAGE_NOACCESS && modifier_choices[m])
				continue;
			check_u64(test, &bad, nts_map_access_needed(v), map_access_table[b],
				  "nts_map_access_needed(%s|%#x)", base_names[b],
				  modifier_choices[m]);
			/* Every combination of the six SECTION_* rights, plus extra bits. */
			for (granted = 0; granted < 0x40; granted++) {
				u32 need = map_access_table[b];
				u32 want = (granted & need) == need ? NT_STATUS_SUCCESS :
					   NT_STATUS_ACCESS_DENIED;

				check_status(test, &bad, nts_check_map_access(granted, v), want,
					     "granted %#x view %#x", granted, v);
				check_status(test, &bad,
					     nts_check_map_access(granted | 0xf0000, v), want,
					     "granted %#x view %#x", granted | 0xf0000, v);
			}
		}
	}
	/* An invalid protection needs more than any handle has. */
	check_status(test, &bad, nts_check_map_access(U32_MAX >> 4, 0), NT_STATUS_ACCESS_DENIED,
		     "nts_check_map_access(all, prot 0)");
	check_status(test, &bad, nts_check_map_access(NT_SECTION_ALL_ACCESS, 0x3),
		     NT_STATUS_ACCESS_DENIED, "nts_check_map_access(ALL_ACCESS, prot 3)");
	check_none_bad(test, bad, "map access");
}

static void file_access_table_test(struct kunit *test)
{
	unsigned int b;

	for (b = 1; b < 8; b++) {
		check_u64(test, NULL, nts_file_access_needed(bases[b], NT_SEC_COMMIT),
			  file_access_table[b], "file access for %s", base_names[b]);
		check_u64(test, NULL, nts_file_access_needed(bases[b], NT_SEC_RESERVE),
			  file_access_table[b], "file access for %s, SEC_RESERVE", base_names[b]);
		/* An image section never writes its file. */
		check_u64(test, NULL, nts_file_access_needed(bases[b], NT_SEC_IMAGE), NTS_FILE_READ,
			  "file access for %s, SEC_IMAGE", base_names[b]);
	}
	/* Not a section protection: fail closed. */
	check_u64(test, NULL, nts_file_access_needed(NT_PAGE_NOACCESS, NT_SEC_COMMIT),
		  NTS_FILE_READ | NTS_FILE_WRITE, "file access for NOACCESS");
	check_u64(test, NULL, nts_file_access_needed(0x3, NT_SEC_COMMIT),
		  NTS_FILE_READ | NTS_FILE_WRITE, "file access for 0x3");
}

static void generic_access_test(struct kunit *test)
{
	static const u32 generic[4] = {
		NT_GENERIC_READ, NT_GENERIC_WRITE, NT_GENERIC_EXECUTE, NT_GENERIC_ALL,
	};
	static const u32 mapped[4] = {
		NT_SECTION_QUERY | NT_SECTION_MAP_READ, NT_SECTION_MAP_WRITE,
		NT_SECTION_MAP_EXECUTE, NT_SECTION_ALL_ACCESS,
	};
	static const u32 others[] = { 0, NT_SECTION_EXTEND_SIZE, 0x00100000, 0x02000000 };
	unsigned int set, i, o;

	/* Every subset of the four generic rights, with and without other bits. */
	for (set = 0; set < 16; set++) {
		for (o = 0; o < ARRAY_SIZE(others); o++) {
			u32 in = others[o], want = others[o];

			for (i = 0; i < 4; i++) {
				if (set & BIT(i)) {
					in |= generic[i];
					want |= mapped[i];
				}
			}
			check_u64(test, NULL, nts_generic_map_access(in), want,
				  "nts_generic_map_access(%#x)", in);
		}
	}
	check_u64(test, NULL, nts_generic_map_access(NT_SECTION_ALL_ACCESS), NT_SECTION_ALL_ACCESS,
		  "SECTION_ALL_ACCESS is kept");
}

/* ---- §4 NtCreateSection ------------------------------------------------ */

static struct nts_create_args pagefile_args(u32 attrs, u64 size)
{
	struct nts_create_args a = {
		.alloc_attrs = attrs,
		.protect = NT_PAGE_READWRITE,
		.size = size,
		.size_given = true,
		.file_status = NT_STATUS_SUCCESS,
		.commit_limit = 1ULL << 40,
	};

	return a;
}

static struct nts_create_args file_args(u32 attrs, u64 size, u64 file_size)
{
	struct nts_create_args a = {
		.alloc_attrs = attrs,
		.protect = NT_PAGE_READWRITE,
		.size = size,
		.size_given = true,
		.has_file = true,
		.image_status = NT_STATUS_SUCCESS,
		.image_size = file_size,
		.file_status = NT_STATUS_SUCCESS,
		.file_access = NTS_FILE_READ | NTS_FILE_WRITE,
		.file_size = file_size,
		.commit_limit = 0,	/* files never charge commit */
	};

	return a;
}

/* Run nts_validate_create(); check the status, and the outputs on success. */
static void check_create(struct kunit *test, unsigned int *bad, const struct nts_create_args *a,
			 u32 want, u64 want_size, bool want_grow, const char *what)
{
	const u64 poison = 0x5a5a5a5a5a5a5a5aULL;
	u64 size = poison;
	bool grow = true;
	u32 got;

	got = nts_validate_create(a, &size, &grow);
	check_status(test, bad, got, want, "%s (attrs %#x prot %#x size %#llx)", what,
		     a->alloc_attrs, a->protect, a->size);
	if (got != want)
		return;
	if (got == NT_STATUS_SUCCESS) {
		check_u64(test, bad, size, want_size, "%s: size", what);
		check_u64(test, bad, grow, want_grow, "%s: grow_file", what);
	} else {
		check_u64(test, bad, size, poison, "%s: size written on failure", what);
		check_u64(test, bad, grow, true, "%s: grow_file written on failure", what);
	}
}

/* The SEC_* bits SPEC §2 defines, the only ones NtCreateSection knows. */
static const u32 known_sec_bits[] = {
	NT_SEC_BASED, NT_SEC_NO_CHANGE, NT_SEC_FILE, NT_SEC_IMAGE, NT_SEC_RESERVE,
	NT_SEC_COMMIT, NT_SEC_NOCACHE, NT_SEC_WRITECOMBINE, NT_SEC_LARGE_PAGES,
};

static bool is_known_sec_bit(u32 bit)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known_sec_bits); i++)
		if (known_sec_bits[i] == bit)
			return true;
	return false;
}

static void create_alloc_single_bits(struct kunit *test)
{
	const u64 two_mib = 0x200000;
	unsigned int bit, bad = 0;

	for (bit = 0; bit < 32; bit++) {
		u32 b = BIT(bit);
		struct nts_create_args a;
		u32 want;

		/* Alone, on a pagefile section and on a file (an MZ file). */
		a = pagefile_args(b, two_mib);
		if (b == NT_SEC_COMMIT || b == NT_SEC_RESERVE)
			want = NT_STATUS_SUCCESS;
		else if (b == NT_SEC_IMAGE)
			want = NT_STATUS_INVALID_FILE_FOR_SECTION;
		else
			want = NT_STATUS_INVALID_PARAMETER_6;
		check_create(test, &bad, &a, want, two_mib, false, "pagefile, one bit");

		a = file_args(b, 0, 0x3000);
		want = (b == NT_SEC_COMMIT || b == NT_SEC_RESERVE || b == NT_SEC_IMAGE) ?
		       NT_STATUS_SUCCESS : NT_STATUS_INVALID_PARAMETER_6;
		check_create(test, &bad, &a, want, 0x3000, false, "file, one bit");

		/* With SEC_COMMIT on a pagefile section (2 MiB, for LARGE_PAGES). */
		a = pagefile_args(b | NT_SEC_COMMIT, two_mib);
		if (!is_known_sec_bit(b) || b == NT_SEC_RESERVE || b == NT_SEC_IMAGE)
			want = NT_STATUS_INVALID_PARAMETER_6;
		else
			want = NT_STATUS_SUCCESS;
		check_create(test, &bad, &a, want, two_mib, false, "pagefile, bit|SEC_COMMIT");

		/* With SEC_IMAGE on an MZ file. */
		a = file_args(b | NT_SEC_IMAGE, 0, 0x3000);
		if (!is_known_sec_bit(b) || b == NT_SEC_COMMIT || b == NT_SEC_RESERVE ||
		    b == NT_SEC_LARGE_PAGES || b == NT_SEC_NO_CHANGE || b == NT_SEC_FILE ||
		    b == NT_SEC_WRITECOMBINE)
			want = NT_STATUS_INVALID_PARAMETER_6;
		else
			want = NT_STATUS_SUCCESS;
		check_create(test, &bad, &a, want, 0x3000, false, "file, bit|SEC_IMAGE");
	}
	check_none_bad(test, bad, "single allocation attribute bits");
}

static const struct {
	const char *name;
	u32 attrs;
	bool file;
	u32 want;
} create_combos[] = {
	{ "IMAGE|COMMIT", NT_SEC_IMAGE | NT_SEC_COMMIT, true, NT_STATUS_INVALID_PARAMETER_6 },
	{ "IMAGE|RESERVE", NT_SEC_IMAGE | NT_SEC_RESERVE, true, NT_STATUS_INVALID_PARAMETER_6 },
	{ "IMAGE|LARGE_PAGES", NT_SEC_IMAGE | NT_SEC_LARGE_PAGES, true,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "IMAGE|NO_CHANGE", NT_SEC_IMAGE | NT_SEC_NO_CHANGE, true,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "IMAGE|COMMIT, no file", NT_SEC_IMAGE | NT_SEC_COMMIT, false,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "COMMIT|RESERVE", NT_SEC_COMMIT | NT_SEC_RESERVE, false, NT_STATUS_INVALID_PARAMETER_6 },
	{ "COMMIT|RESERVE, file", NT_SEC_COMMIT | NT_SEC_RESERVE, true,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "COMMIT|RESERVE|IMAGE", NT_SEC_COMMIT | NT_SEC_RESERVE | NT_SEC_IMAGE, true,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "none of COMMIT/RESERVE/IMAGE", NT_SEC_NOCACHE | NT_SEC_FILE, false,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "zero", 0, false, NT_STATUS_INVALID_PARAMETER_6 },
	{ "zero, file", 0, true, NT_STATUS_INVALID_PARAMETER_6 },
	{ "IMAGE_NO_EXECUTE", NT_SEC_IMAGE_NO_EXECUTE, true, NT_STATUS_SUCCESS },
	/* Wine's test_CreateFileMapping (checked on Windows): both refused. */
	{ "IMAGE|FILE", NT_SEC_IMAGE | NT_SEC_FILE, true, NT_STATUS_INVALID_PARAMETER_6 },
	{ "IMAGE|WRITECOMBINE", NT_SEC_IMAGE | NT_SEC_WRITECOMBINE, true,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "IMAGE|BASED", NT_SEC_IMAGE | NT_SEC_BASED, true, NT_STATUS_SUCCESS },
	{ "COMMIT|NOCACHE", NT_SEC_COMMIT | NT_SEC_NOCACHE, false, NT_STATUS_SUCCESS },
	{ "COMMIT|WRITECOMBINE", NT_SEC_COMMIT | NT_SEC_WRITECOMBINE, false, NT_STATUS_SUCCESS },
	{ "COMMIT|NOCACHE|WRITECOMBINE", NT_SEC_COMMIT | NT_SEC_NOCACHE | NT_SEC_WRITECOMBINE,
	  false, NT_STATUS_SUCCESS },
	{ "COMMIT|LARGE_PAGES", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, false, NT_STATUS_SUCCESS },
	{ "RESERVE|LARGE_PAGES", NT_SEC_RESERVE | NT_SEC_LARGE_PAGES, false,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "COMMIT|LARGE_PAGES, file", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, true,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "COMMIT|BASED|NO_CHANGE|FILE", NT_SEC_COMMIT | NT_SEC_BASED | NT_SEC_NO_CHANGE |
	  NT_SEC_FILE, false, NT_STATUS_SUCCESS },
	{ "RESERVE, file", NT_SEC_RESERVE, true, NT_STATUS_SUCCESS },
	{ "RESERVE|NOCACHE, file", NT_SEC_RESERVE | NT_SEC_NOCACHE, true, NT_STATUS_SUCCESS },
	{ "COMMIT|0x1", NT_SEC_COMMIT | 0x1, false, NT_STATUS_INVALID_PARAMETER_6 },
	{ "COMMIT|PROTECTED_IMAGE", NT_SEC_COMMIT | 0x02000000, false,
	  NT_STATUS_INVALID_PARAMETER_6 },
	{ "COMMIT|0x20000000", NT_SEC_COMMIT | 0x20000000, false, NT_STATUS_INVALID_PARAMETER_6 },
	{ "all bits", U32_MAX, false, NT_STATUS_INVALID_PARAMETER_6 },
	{ "all known bits", NTS_SEC_KNOWN, true, NT_STATUS_INVALID_PARAMETER_6 },
};

static void create_alloc_combinations(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(create_combos); i++) {
		struct nts_create_args a;

		if (create_combos[i].file)
			a = file_args(create_combos[i].attrs, 0, 0x5000);
		else
			a = pagefile_args(create_combos[i].attrs, 0x400000);
		check_create(test, NULL, &a, create_combos[i].want,
			     create_combos[i].file ? 0x5000 : 0x400000, false,
			     create_combos[i].name);
	}
}

static void create_protect_exhaustive(struct kunit *test)
{
	unsigned int bad = 0, b;
	u32 p;

	for (p = 0; p < 0x800; p++) {
		struct nts_create_args a = pagefile_args(NT_SEC_COMMIT, 0x1000);
		int i = base_index(p);
		bool ok = i > 0 && p == bases[i];

		a.protect = p;
		check_create(test, &bad, &a,
			     ok ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_PAGE_PROTECTION,
			     0x1000, false, "pagefile protection");
	}
	/* On a file open for both, with SEC_RESERVE and with SEC_IMAGE. */
	for (b = 1; b < 8; b++) {
		struct nts_create_args a = file_args(NT_SEC_RESERVE, 0, 0x1234);

		a.protect = bases[b];
		check_create(test, &bad, &a, NT_STATUS_SUCCESS, 0x1234, false, base_names[b]);
		a.alloc_attrs = NT_SEC_IMAGE;
		check_create(test, &bad, &a, NT_STATUS_SUCCESS, 0x1234, false, base_names[b]);
		a.protect |= NT_PAGE_NOCACHE;
		check_create(test, &bad, &a, NT_STATUS_INVALID_PAGE_PROTECTION, 0, false,
			     "image section with PAGE_NOCACHE");
	}
	check_none_bad(test, bad, "create protections");
}

static const struct {
	const char *name;
	u32 attrs;
	u64 size;
	bool size_given;
	u64 commit_limit;
	u32 want;
	u64 want_size;
} pagefile_sizes[] = {
	{ "no size", NT_SEC_COMMIT, 0, false, U64_MAX, NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "no size, garbage value", NT_SEC_COMMIT, 0x1000, false, U64_MAX,
	  NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "size 0", NT_SEC_COMMIT, 0, true, U64_MAX, NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "size 0, reserve", NT_SEC_RESERVE, 0, true, U64_MAX, NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "1 byte", NT_SEC_COMMIT, 1, true, U64_MAX, NT_STATUS_SUCCESS, 0x1000 },
	{ "one page", NT_SEC_COMMIT, 0x1000, true, U64_MAX, NT_STATUS_SUCCESS, 0x1000 },
	{ "page + 1", NT_SEC_COMMIT, 0x1001, true, U64_MAX, NT_STATUS_SUCCESS, 0x2000 },
	{ "0x12345", NT_SEC_RESERVE, 0x12345, true, U64_MAX, NT_STATUS_SUCCESS, 0x13000 },
	{ "2^47 - 1", NT_SEC_RESERVE, (1ULL << 47) - 1, true, U64_MAX, NT_STATUS_SUCCESS,
	  1ULL << 47 },
	{ "2^47 - 4096", NT_SEC_COMMIT, (1ULL << 47) - 4096, true, U64_MAX, NT_STATUS_SUCCESS,
	  (1ULL << 47) - 4096 },
	{ "2^47", NT_SEC_RESERVE, 1ULL << 47, true, U64_MAX, NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "2^47 + 1", NT_SEC_RESERVE, (1ULL << 47) + 1, true, U64_MAX,
	  NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "2^62", NT_SEC_COMMIT, 1ULL << 62, true, U64_MAX, NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "negative: 2^63", NT_SEC_COMMIT, 1ULL << 63, true, U64_MAX,
	  NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "negative: -1", NT_SEC_COMMIT, U64_MAX, true, U64_MAX, NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "negative: -4096", NT_SEC_RESERVE, -4096ULL, true, U64_MAX,
	  NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "commit: at the limit", NT_SEC_COMMIT, 0x100000, true, 0x100000, NT_STATUS_SUCCESS,
	  0x100000 },
	{ "commit: rounds up to the limit", NT_SEC_COMMIT, 0xff001, true, 0x100000,
	  NT_STATUS_SUCCESS, 0x100000 },
	{ "commit: one byte over", NT_SEC_COMMIT, 0x100001, true, 0x100000,
	  NT_STATUS_COMMITMENT_LIMIT, 0 },
	{ "commit: rounding goes over", NT_SEC_COMMIT, 0x100001, true, 0x100fff,
	  NT_STATUS_COMMITMENT_LIMIT, 0 },
	{ "commit: limit 0", NT_SEC_COMMIT, 1, true, 0, NT_STATUS_COMMITMENT_LIMIT, 0 },
	{ "reserve ignores the limit", NT_SEC_RESERVE, 0x100001, true, 0x100000,
	  NT_STATUS_SUCCESS, 0x101000 },
	{ "too big before commit limit", NT_SEC_COMMIT, 1ULL << 47, true, 0,
	  NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "large: 2 MiB", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, 0x200000, true, U64_MAX,
	  NT_STATUS_SUCCESS, 0x200000 },
	{ "large: 6 MiB", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, 0x600000, true, U64_MAX,
	  NT_STATUS_SUCCESS, 0x600000 },
	{ "large: 4 KiB", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, 0x1000, true, U64_MAX,
	  NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "large: 2 MiB + 4 KiB", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, 0x201000, true, U64_MAX,
	  NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "large: 2 MiB - 1 (not rounded up to fit)", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES,
	  0x1fffff, true, U64_MAX, NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "large: too big first", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, (1ULL << 47) + 0x1000,
	  true, U64_MAX, NT_STATUS_SECTION_TOO_BIG, 0 },
	{ "large: P4 before commit limit", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, 0x201000, true,
	  0x1000, NT_STATUS_INVALID_PARAMETER_4, 0 },
	{ "large: over the commit limit", NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, 0x400000, true,
	  0x200000, NT_STATUS_COMMITMENT_LIMIT, 0 },
};

static void create_pagefile_sizes(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pagefile_sizes); i++) {
		struct nts_create_args a = pagefile_args(pagefile_sizes[i].attrs,
							 pagefile_sizes[i].size);

		a.size_given = pagefile_sizes[i].size_given;
		a.commit_limit = pagefile_sizes[i].commit_limit;
		check_create(test, NULL, &a, pagefile_sizes[i].want, pagefile_sizes[i].want_size,
			     false, pagefile_sizes[i].name);
	}
}

static const struct {
	const char *name;
	u32 protect;
	u64 size;
	bool size_given;
	u64 file_size;
	u32 want;
	u64 want_size;
	bool want_grow;
} file_sizes[] = {
	{ "no size: file size, exact", NT_PAGE_READONLY, 0, false, 5000, NT_STATUS_SUCCESS,
	  5000, false },
	{ "no size, garbage value", NT_PAGE_READONLY, 0x9999, false, 5000, NT_STATUS_SUCCESS,
	  5000, false },
	{ "size 0: file size", NT_PAGE_READWRITE, 0, true, 5000, NT_STATUS_SUCCESS, 5000,
	  false },
	{ "zero-byte file, no size", NT_PAGE_READWRITE, 0, false, 0,
	  NT_STATUS_MAPPED_FILE_SIZE_ZERO, 0, false },
	{ "zero-byte file, size 0", NT_PAGE_READONLY, 0, true, 0,
	  NT_STATUS_MAPPED_FILE_SIZE_ZERO, 0, false },
	{ "zero-byte file, size given, writable", NT_PAGE_READWRITE, 0x1000, true, 0,
	  NT_STATUS_SUCCESS, 0x1000, true },
	{ "zero-byte file, size given, read-only", NT_PAGE_READONLY, 0x1000, true, 0,
	  NT_STATUS_SECTION_TOO_BIG, 0, false },
	{ "smaller than the file", NT_PAGE_READONLY, 3000, true, 5000, NT_STATUS_SUCCESS, 3000,
	  false },
	{ "equal to the file", NT_PAGE_READONLY, 5000, true, 5000, NT_STATUS_SUCCESS, 5000,
	  false },
	{ "larger, READONLY", NT_PAGE_READONLY, 5001, true, 5000, NT_STATUS_SECTION_TOO_BIG, 0,
	  false },
	{ "larger, WRITECOPY", NT_PAGE_WRITECOPY, 0x2000, true, 5000,
	  NT_STATUS_SECTION_TOO_BIG, 0, false },
	{ "larger, EXECUTE", NT_PAGE_EXECUTE, 0x2000, true, 5000, NT_STATUS_SECTION_TOO_BIG, 0,
	  false },
	{ "larger, EXECUTE_READ", NT_PAGE_EXECUTE_READ, 0x2000, true, 5000,
	  NT_STATUS_SECTION_TOO_BIG, 0, false },
	{ "larger, EXECUTE_WRITECOPY", NT_PAGE_EXECUTE_WRITECOPY, 0x2000, true, 5000,
	  NT_STATUS_SECTION_TOO_BIG, 0, false },
	{ "larger, READWRITE: grows, exact", NT_PAGE_READWRITE, 5001, true, 5000,
	  NT_STATUS_SUCCESS, 5001, true },
	{ "larger, EXECUTE_READWRITE: grows", NT_PAGE_EXECUTE_READWRITE, 0x10000, true, 5000,
	  NT_STATUS_SUCCESS, 0x10000, true },
	{ "larger than 2^47 is allowed for files", NT_PAGE_READONLY, 1ULL << 48, true,
	  1ULL << 49, NT_STATUS_SUCCESS, 1ULL << 48, false },
	{ "negative", NT_PAGE_READWRITE, 1ULL << 63, true, 5000, NT_STATUS_SECTION_TOO_BIG, 0,
	  false },
	{ "negative -1", NT_PAGE_READONLY, U64_MAX, true, 5000, NT_STATUS_SECTION_TOO_BIG, 0,
	  false },
	{ "2^63 - 1, writable: grows", NT_PAGE_READWRITE, (1ULL << 63) - 1, true, 5000,
	  NT_STATUS_SUCCESS, (1ULL << 63) - 1, true },
};

static void create_file_sizes(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(file_sizes); i++) {
		struct nts_create_args a = file_args(NT_SEC_COMMIT, file_sizes[i].size,
						     file_sizes[i].file_size);

		a.protect = file_sizes[i].protect;
		a.size_given = file_sizes[i].size_given;
		check_create(test, NULL, &a, file_sizes[i].want, file_sizes[i].want_size,
			     file_sizes[i].want_grow, file_sizes[i].name);
		/* SEC_RESERVE on a file is accepted and ignored. */
		a.alloc_attrs = NT_SEC_RESERVE;
		check_create(test, NULL, &a, file_sizes[i].want, file_sizes[i].want_size,
			     file_sizes[i].want_grow, file_sizes[i].name);
	}
}

static void create_file_access(struct kunit *test)
{
	static const u32 opens[4] = { 0, NTS_FILE_READ, NTS_FILE_WRITE,
				      NTS_FILE_READ | NTS_FILE_WRITE };
	unsigned int b, o, bad = 0;

	for (b = 1; b < 8; b++) {
		for (o = 0; o < 4; o++) {
			struct nts_create_args a = file_args(NT_SEC_COMMIT, 0, 0x3000);
			bool ok = (opens[o] & file_access_table[b]) == file_access_table[b];
			char what[80];

			a.protect = bases[b];
			a.file_access = opens[o];
			snprintf(what, sizeof(what), "%s data section, file open for %#x",
				 base_names[b], opens[o]);
			check_create(test, &bad, &a,
				     ok ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_DENIED, 0x3000,
				     false, what);
			a.alloc_attrs = NT_SEC_IMAGE;
			ok = opens[o] & NTS_FILE_READ;
			snprintf(what, sizeof(what), "%s image section, file open for %#x",
				 base_names[b], opens[o]);
			check_create(test, &bad, &a,
				     ok ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_DENIED, 0x3000,
				     false, what);
		}
	}
	check_none_bad(test, bad, "file open modes");
}

static void create_file_handle_status(struct kunit *test)
{
	static const u32 statuses[] = {
		NT_STATUS_INVALID_HANDLE, NT_STATUS_OBJECT_TYPE_MISMATCH, NT_STATUS_ACCESS_DENIED,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		struct nts_create_args a = file_args(NT_SEC_COMMIT, 0, 0x3000);

		a.file_status = statuses[i];
		check_create(test, NULL, &a, statuses[i], 0, false, "file handle status");
		/* The handle's status comes before the open mode. */
		a.file_access = 0;
		check_create(test, NULL, &a, statuses[i], 0, false,
			     "file handle status before open mode");
		/* And after the protection. */
		a.protect = NT_PAGE_NOACCESS;
		check_create(test, NULL, &a, NT_STATUS_INVALID_PAGE_PROTECTION, 0, false,
			     "protection before file handle");
		/* Ignored without a file. */
		a = pagefile_args(NT_SEC_COMMIT, 0x1000);
		a.file_status = statuses[i];
		check_create(test, NULL, &a, NT_STATUS_SUCCESS, 0x1000, false,
			     "file status without a file");
	}
}

static void create_image(struct kunit *test)
{
	struct nts_create_args a;

	a = pagefile_args(NT_SEC_IMAGE, 0x1000);
	check_create(test, NULL, &a, NT_STATUS_INVALID_FILE_FOR_SECTION, 0, false,
		     "SEC_IMAGE without a file");
	a.size = 0;
	check_create(test, NULL, &a, NT_STATUS_INVALID_PARAMETER_4, 0, false,
		     "SEC_IMAGE without a file or a size");

	a = file_args(NT_SEC_IMAGE, 0, 0x3000);
	a.image_status = NT_STATUS_INVALID_IMAGE_NOT_MZ;
	check_create(test, NULL, &a, NT_STATUS_INVALID_IMAGE_NOT_MZ, 0, false,
		     "SEC_IMAGE on a file without MZ");
	a.image_status = NT_STATUS_INVALID_FILE_FOR_SECTION;
	check_create(test, NULL, &a, NT_STATUS_INVALID_FILE_FOR_SECTION, 0, false,
		     "SEC_IMAGE on an empty file");

	/* SPEC §10.1 row 8: the image's size, or a smaller MaximumSize. */
	a = file_args(NT_SEC_IMAGE, 0, 0x1800);
	a.image_size = 0x3000;
	check_create(test, NULL, &a, NT_STATUS_SUCCESS, 0x3000, false, "SEC_IMAGE, size 0");
	a.size_given = false;
	check_create(test, NULL, &a, NT_STATUS_SUCCESS, 0x3000, false, "SEC_IMAGE, no size");
	a.size_given = true;
	a.size = 0x3000;
	check_create(test, NULL, &a, NT_STATUS_SUCCESS, 0x3000, false, "SEC_IMAGE, its size");
	a.size = 1;
	check_create(test, NULL, &a, NT_STATUS_SUCCESS, 1, false, "SEC_IMAGE, size 1");
	a.size = 0x3001;
	check_create(test, NULL, &a, NT_STATUS_SECTION_TOO_BIG, 0, false,
		     "SEC_IMAGE, a larger size");
	a.size = 1ULL << 63;
	check_create(test, NULL, &a, NT_STATUS_SECTION_TOO_BIG, 0, false,
		     "SEC_IMAGE, a negative size");
	/* A read-only file is enough, whatever the protection. */
	a.size = 0;
	a.protect = NT_PAGE_EXECUTE_READWRITE;
	a.file_access = NTS_FILE_READ;
	check_create(test, NULL, &a, NT_STATUS_SUCCESS, 0x3000, false,
		     "SEC_IMAGE on a read-only file");
	/* image_status is only looked at for SEC_IMAGE. */
	a = file_args(NT_SEC_COMMIT, 0, 0x3000);
	a.image_status = NT_STATUS_INVALID_IMAGE_NOT_MZ;
	check_create(test, NULL, &a, NT_STATUS_SUCCESS, 0x3000, false, "data section, no MZ");
}

/* Mutators that each break one step of the §4 order, from a valid file section. */
enum {
	C_ATTRS,	/* an unknown attribute bit: P6 */
	C_PROT,		/* an invalid protection */
	C_NOSIZE,	/* no file and no size: P4 */
	C_HANDLE,	/* the file handle does not resolve */
	C_ACCESS,	/* the file is not open for writing */
	C_IMG_NOFILE,	/* SEC_IMAGE and no file */
	C_LARGE_FILE,	/* SEC_LARGE_PAGES on a file: P6 */
	C_SIZE,		/* a negative size */
	C_NOT_MZ,	/* SEC_IMAGE on a file without MZ */
	C_COUNT,
};

static void create_mutate(struct nts_create_args *a, unsigned int m)
{
	switch (m) {
	case C_ATTRS:
		a->alloc_attrs |= 0x1;
		break;
	case C_PROT:
		a->protect |= NT_PAGE_GUARD;
		break;
	case C_NOSIZE:
		a->has_file = false;
		a->size_given = false;
		break;
	case C_HANDLE:
		a->file_status = NT_STATUS_INVALID_HANDLE;
		break;
	case C_ACCESS:
		a->file_access &= ~NTS_FILE_WRITE;
		break;
	case C_IMG_NOFILE:
		a->alloc_attrs = (a->alloc_attrs & ~(NT_SEC_COMMIT | NT_SEC_RESERVE)) |
				 NT_SEC_IMAGE;
		a->has_file = false;
		break;
	case C_LARGE_FILE:
		a->alloc_attrs |= NT_SEC_LARGE_PAGES;
		break;
	case C_SIZE:
		a->size = 1ULL << 63;
		break;
	case C_NOT_MZ:
		a->alloc_attrs = (a->alloc_attrs & ~(NT_SEC_COMMIT | NT_SEC_RESERVE)) |
				 NT_SEC_IMAGE;
		a->image_status = NT_STATUS_INVALID_IMAGE_NOT_MZ;
		break;
	}
}

static const char * const create_step_names[C_COUNT] = {
	"attrs", "protection", "no size", "file handle", "file access", "image without file",
	"large pages on file", "size", "not MZ",
};

/*
 * Two broken steps at once; @want is what SPEC §4's order gives. Where the
 * second mutation changes what the first one means, the comment says so.
 */
static const struct {
	unsigned int first, second;
	u32 want;
} create_pairs[] = {
	{ C_ATTRS, C_PROT, NT_STATUS_INVALID_PARAMETER_6 },
	{ C_PROT, C_NOSIZE, NT_STATUS_INVALID_PAGE_PROTECTION },
	/* Without a file there is no handle to resolve. */
	{ C_NOSIZE, C_HANDLE, NT_STATUS_INVALID_PARAMETER_4 },
	{ C_HANDLE, C_ACCESS, NT_STATUS_INVALID_HANDLE },
	/* Dropping the file drops its open mode with it. */
	{ C_ACCESS, C_IMG_NOFILE, NT_STATUS_INVALID_FILE_FOR_SECTION },
	/* IMAGE|LARGE_PAGES is already an attribute error. */
	{ C_IMG_NOFILE, C_LARGE_FILE, NT_STATUS_INVALID_PARAMETER_6 },
	{ C_LARGE_FILE, C_SIZE, NT_STATUS_INVALID_PARAMETER_6 },
	/* An image ignores the size argument. */
	{ C_SIZE, C_NOT_MZ, NT_STATUS_INVALID_IMAGE_NOT_MZ },
	/* Non-adjacent pairs. */
	{ C_ATTRS, C_NOSIZE, NT_STATUS_INVALID_PARAMETER_6 },
	{ C_ATTRS, C_SIZE, NT_STATUS_INVALID_PARAMETER_6 },
	{ C_ATTRS, C_NOT_MZ, NT_STATUS_INVALID_PARAMETER_6 },
	{ C_PROT, C_HANDLE, NT_STATUS_INVALID_PAGE_PROTECTION },
	{ C_PROT, C_ACCESS, NT_STATUS_INVALID_PAGE_PROTECTION },
	{ C_PROT, C_IMG_NOFILE, NT_STATUS_INVALID_PAGE_PROTECTION },
	{ C_PROT, C_LARGE_FILE, NT_STATUS_INVALID_PAGE_PROTECTION },
	{ C_PROT, C_SIZE, NT_STATUS_INVALID_PAGE_PROTECTION },
	{ C_PROT, C_NOT_MZ, NT_STATUS_INVALID_PAGE_PROTECTION },
	{ C_NOSIZE, C_IMG_NOFILE, NT_STATUS_INVALID_PARAMETER_4 },
	{ C_HANDLE, C_LARGE_FILE, NT_STATUS_INVALID_HANDLE },
	{ C_HANDLE, C_SIZE, NT_STATUS_INVALID_HANDLE },
	{ C_HANDLE, C_NOT_MZ, NT_STATUS_INVALID_HANDLE },
	{ C_ACCESS, C_LARGE_FILE, NT_STATUS_ACCESS_DENIED },
	{ C_ACCESS, C_SIZE, NT_STATUS_ACCESS_DENIED },
	/* An image needs reading only: the missing write access does not matter. */
	{ C_ACCESS, C_NOT_MZ, NT_STATUS_INVALID_IMAGE_NOT_MZ },
	{ C_IMG_NOFILE, C_SIZE, NT_STATUS_INVALID_FILE_FOR_SECTION },
};

static void create_check_order(struct kunit *test)
{
	static const u32 alone[C_COUNT] = {
		NT_STATUS_INVALID_PARAMETER_6, NT_STATUS_INVALID_PAGE_PROTECTION,
		NT_STATUS_INVALID_PARAMETER_4, NT_STATUS_INVALID_HANDLE, NT_STATUS_ACCESS_DENIED,
		NT_STATUS_INVALID_FILE_FOR_SECTION, NT_STATUS_INVALID_PARAMETER_6,
		NT_STATUS_SECTION_TOO_BIG, NT_STATUS_INVALID_IMAGE_NOT_MZ,
	};
	const struct nts_create_args base = file_args(NT_SEC_COMMIT, 0x2000, 0x2000);
	struct nts_create_args a;
	unsigned int i;

	check_create(test, NULL, &base, NT_STATUS_SUCCESS, 0x2000, false, "the valid base");
	for (i = 0; i < C_COUNT; i++) {
		a = base;
		create_mutate(&a, i);
		check_create(test, NULL, &a, alone[i], 0, false, create_step_names[i]);
	}
	/* Each pair, mutated in both orders. */
	for (i = 0; i < ARRAY_SIZE(create_pairs); i++) {
		unsigned int f = create_pairs[i].first, s = create_pairs[i].second;
		char what[80];

		snprintf(what, sizeof(what), "%s + %s", create_step_names[f],
			 create_step_names[s]);
		a = base;
		create_mutate(&a, f);
		create_mutate(&a, s);
		check_create(test, NULL, &a, create_pairs[i].want, 0, false, what);
		a = base;
		create_mutate(&a, s);
		create_mutate(&a, f);
		check_create(test, NULL, &a, create_pairs[i].want, 0, false, what);
	}
}

/*
 * The ioctl door runs nts_create_check_params() on its own before it reads
 * the caller's pointers: it must stop exactly where nts_validate_create()
 * stops for those two arguments, and pass everything it lets through.
 */
static void create_first_checks_agree(struct kunit *test)
{
	static const u32 attrs[] = {
		0, NT_SEC_COMMIT, NT_SEC_RESERVE, NT_SEC_COMMIT | NT_SEC_RESERVE, NT_SEC_IMAGE,
		NT_SEC_IMAGE | NT_SEC_COMMIT, NT_SEC_COMMIT | NT_SEC_LARGE_PAGES,
		NT_SEC_RESERVE | NT_SEC_LARGE_PAGES, NT_SEC_COMMIT | NT_SEC_NOCACHE, 0x2,
		NT_SEC_FILE, NT_SEC_COMMIT | 0x1000,
	};
	unsigned int i, prot, bad = 0;

	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		for (prot = 0; prot < 0x800; prot++) {
			struct nts_create_args a = pagefile_args(attrs[i], 0x200000);
			u32 full, first = nts_create_check_params(attrs[i], prot);
			bool grow;
			u64 size;

			a.protect = prot;
			full = nts_validate_create(&a, &size, &grow);
			if (full != NT_STATUS_INVALID_PARAMETER_6 &&
			    full != NT_STATUS_INVALID_PAGE_PROTECTION)
				full = NT_STATUS_SUCCESS;
			if (first != full && bad++ < 5)
				KUNIT_FAIL(test, "attrs %#x protect %#x: first %#x, full %#x",
					   attrs[i], prot, first, full);
		}
	}
}

static void section_attributes_test(struct kunit *test)
{
	static const struct {
		u32 attrs;
		bool file;
		u32 want;
	} t[] = {
		{ NT_SEC_COMMIT, false, NT_SEC_COMMIT },
		{ NT_SEC_RESERVE, false, NT_SEC_RESERVE },
		{ NT_SEC_COMMIT | NT_SEC_NOCACHE, false, NT_SEC_COMMIT | NT_SEC_NOCACHE },
		{ NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, false, NT_SEC_COMMIT | NT_SEC_LARGE_PAGES },
		{ NT_SEC_COMMIT | NT_SEC_NOCACHE | NT_SEC_LARGE_PAGES, false,
		  NT_SEC_COMMIT | NT_SEC_NOCACHE | NT_SEC_LARGE_PAGES },
		{ NT_SEC_COMMIT | NT_SEC_FILE | NT_SEC_BASED | NT_SEC_NO_CHANGE, false,
		  NT_SEC_COMMIT },
		{ NT_SEC_COMMIT | NT_SEC_WRITECOMBINE, false, NT_SEC_COMMIT },
		{ NT_SEC_COMMIT, true, NT_SEC_FILE },
		{ NT_SEC_RESERVE, true, NT_SEC_FILE },
		{ NT_SEC_COMMIT | NT_SEC_NOCACHE, true, NT_SEC_FILE | NT_SEC_NOCACHE },
		{ NT_SEC_RESERVE | NT_SEC_NOCACHE | NT_SEC_FILE, true,
		  NT_SEC_FILE | NT_SEC_NOCACHE },
		{ NT_SEC_IMAGE, true, NT_SEC_FILE | NT_SEC_IMAGE },
		{ NT_SEC_IMAGE_NO_EXECUTE, true, NT_SEC_FILE | NT_SEC_IMAGE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		check_u64(test, NULL, nts_section_attributes(t[i].attrs, t[i].file), t[i].want,
			  "nts_section_attributes(%#x, %s)", t[i].attrs,
			  t[i].file ? "file" : "pagefile");
}

/* ---- §5 NtMapViewOfSection -------------------------------------------- */

/* Independent oracle: a count c allows U64_MAX >> (32 + c); a mask its top bit's ones. */
static u32 zero_bits_oracle(u64 zb, u64 *max)
{
	int top;

	if (zb == 0) {
		*max = U64_MAX;
		return NT_STATUS_SUCCESS;
	}
	if (zb < 32) {
		if (zb >= 22)
			return NT_STATUS_INVALID_PARAMETER_4;
		*max = U64_MAX >> (32 + zb);
		return NT_STATUS_SUCCESS;
	}
	for (top = 63; !(zb & (1ULL << top)); top--)
		;
	if (top < 10)
		return NT_STATUS_INVALID_PARAMETER_4;
	*max = U64_MAX >> (63 - top);
	return NT_STATUS_SUCCESS;
}

static void zero_bits_limits(struct kunit *test)
{
	static const struct {
		u64 zb;
		u32 want;
		u64 max;
	} literal[] = {
		{ 0, NT_STATUS_SUCCESS, U64_MAX },
		{ 1, NT_STATUS_SUCCESS, 0x7fffffff },
		{ 2, NT_STATUS_SUCCESS, 0x3fffffff },
		{ 16, NT_STATUS_SUCCESS, 0xffff },
		{ 20, NT_STATUS_SUCCESS, 0xfff },
		{ 21, NT_STATUS_SUCCESS, 0x7ff },
		{ 22, NT_STATUS_INVALID_PARAMETER_4, 0 },
		{ 31, NT_STATUS_INVALID_PARAMETER_4, 0 },
		{ 32, NT_STATUS_INVALID_PARAMETER_4, 0 },
		{ 63, NT_STATUS_INVALID_PARAMETER_4, 0 },
		{ 0x3ff, NT_STATUS_INVALID_PARAMETER_4, 0 },
		{ 0x400, NT_STATUS_SUCCESS, 0x7ff },
		{ 0x7ff, NT_STATUS_SUCCESS, 0x7ff },
		{ 0xffff, NT_STATUS_SUCCESS, 0xffff },
		{ 0x7fffffff, NT_STATUS_SUCCESS, 0x7fffffff },
		{ 0x40000000, NT_STATUS_SUCCESS, 0x7fffffff },
		{ 0xffffffff, NT_STATUS_SUCCESS, 0xffffffff },
		{ 0x7fffffffffffULL, NT_STATUS_SUCCESS, 0x7fffffffffffULL },
		{ 1ULL << 63, NT_STATUS_SUCCESS, U64_MAX },
		{ U64_MAX, NT_STATUS_SUCCESS, U64_MAX },
	};
	unsigned int i, bit, bad = 0;
	u64 zb, max, want_max;
	u32 got, want;

	for (i = 0; i < ARRAY_SIZE(literal); i++) {
		max = 0x5a5a;
		got = nts_zero_bits_limit(literal[i].zb, &max);
		check_status(test, NULL, got, literal[i].want, "ZeroBits %#llx", literal[i].zb);
		check_u64(test, NULL, max, literal[i].want ? 0x5a5a : literal[i].max,
			  "ZeroBits %#llx limit", literal[i].zb);
	}
	/* Every count 0..63, every single-bit mask, and masks filled below. */
	for (zb = 0; zb < 64; zb++) {
		want = zero_bits_oracle(zb, &want_max);
		got = nts_zero_bits_limit(zb, &max);
		check_status(test, &bad, got, want, "ZeroBits %llu", zb);
		if (!want && !got)
			check_u64(test, &bad, max, want_max, "ZeroBits %llu limit", zb);
	}
	for (bit = 5; bit < 64; bit++) {
		u64 top = 1ULL << bit;
		u64 masks[3] = { top, top | 1, top | (top - 1) };

		for (i = 0; i < 3; i++) {
			want = zero_bits_oracle(masks[i], &want_max);
			got = nts_zero_bits_limit(masks[i], &max);
			check_status(test, &bad, got, want, "mask %#llx", masks[i]);
			if (!want && !got)
				check_u64(test, &bad, max, want_max, "mask %#llx limit", masks[i]);
		}
	}
	check_none_bad(test, bad, "ZeroBits");
}

static struct nts_map_args map_args(u64 base, u64 offset, u64 view_size, u32 protect)
{
	struct nts_map_args a = {
		.base = base,
		.offset = offset,
		.view_size = view_size,
		.inherit = NT_VIEW_SHARE,
		.protect = protect,
		.user_limit = TASK_LIMIT,
	};

	return a;
}

static void map_params_fields(struct kunit *test)
{
	static const u32 inherits[] = { 0, 1, 2, 3, 0x101, U32_MAX };
	DECLARE_BITMAP(valid, 0x800);
	struct nts_map_args a;
	unsigned int i, bad = 0;
	u32 p;

	for (i = 0; i < ARRAY_SIZE(inherits); i++) {
		a = map_args(0, 0, 0, NT_PAGE_READWRITE);
		a.inherit = inherits[i];
		check_status(test, &bad, nts_map_check_params(&a),
			     inherits[i] == NT_VIEW_SHARE || inherits[i] == NT_VIEW_UNMAP ?
			     NT_STATUS_SUCCESS : NT_STATUS_INVALID_PARAMETER_8,
			     "inherit %u", inherits[i]);
	}
	for (i = 0; i < 32; i++) {
		u32 b = BIT(i);
		bool ok = b == NT_MEM_RESERVE || b == NT_MEM_TOP_DOWN || b == NT_MEM_LARGE_PAGES;

		a = map_args(0, 0, 0, NT_PAGE_READWRITE);
		a.alloc_type = b;
		check_status(test, &bad, nts_map_check_params(&a),
			     ok ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_PARAMETER_9,
			     "AllocationType %#x", b);
	}
	a = map_args(0, 0, 0, NT_PAGE_READWRITE);
	a.alloc_type = NT_MEM_RESERVE | NT_MEM_TOP_DOWN | NT_MEM_LARGE_PAGES;
	check_status(test, &bad, nts_map_check_params(&a), NT_STATUS_SUCCESS, "all three types");
	a.alloc_type = NT_AT_ROUND_TO_PAGE;
	check_status(test, &bad, nts_map_check_params(&a), NT_STATUS_INVALID_PARAMETER_9,
		     "AT_ROUND_TO_PAGE");
	a.alloc_type = NT_MEM_COMMIT | NT_MEM_RESERVE;
	check_status(test, &bad, nts_map_check_params(&a), NT_STATUS_INVALID_PARAMETER_9,
		     "MEM_COMMIT|MEM_RESERVE");

	build_valid_protections(valid);
	for (p = 0; p < 0x800; p++) {
		a = map_args(0, 0, 0, p);
		check_status(test, &bad, nts_map_check_params(&a),
			     test_bit(p, valid) ? NT_STATUS_SUCCESS :
			     NT_STATUS_INVALID_PAGE_PROTECTION, "Win32Protect %#x", p);
	}
	a = map_args(0, 0, 0, NT_PAGE_READONLY | BIT(20));
	check_status(test, &bad, nts_map_check_params(&a), NT_STATUS_INVALID_PAGE_PROTECTION,
		     "Win32Protect with bit 20");
	check_none_bad(test, bad, "map parameter fields");
}

static void map_params_user_limit(struct kunit *test)
{
	static const struct {
		const char *name;
		u64 base, size;
		u32 want;
	} t[] = {
		{ "free, no size", 0, 0, NT_STATUS_SUCCESS },
		{ "free, whole space", 0, TASK_LIMIT, NT_STATUS_SUCCESS },
		{ "free, one past", 0, TASK_LIMIT + 1, NT_STATUS_INVALID_PARAMETER_3 },
		{ "free, ~0", 0, U64_MAX, NT_STATUS_INVALID_PARAMETER_3 },
		{ "last granule", TASK_LIMIT - 0x10000, 0x10000, NT_STATUS_SUCCESS },
		{ "last granule + 1", TASK_LIMIT - 0x10000, 0x10001,
		  NT_STATUS_INVALID_PARAMETER_3 },
		{ "base at the limit", TASK_LIMIT, 0, NT_STATUS_INVALID_PARAMETER_3 },
		{ "base past the limit", 0x800000000000ULL, 0x1000, NT_STATUS_INVALID_PARAMETER_3 },
		{ "kernel base", 0xffff800000000000ULL, 0x1000, NT_STATUS_INVALID_PARAMETER_3 },
		{ "base + size overflows", 0x10000, U64_MAX, NT_STATUS_INVALID_PARAMETER_3 },
		{ "base + size overflows to 0", 0x10000, U64_MAX - 0xffff,
		  NT_STATUS_INVALID_PARAMETER_3 },
		{ "top base, ~0 size", 0xffffffffffff0000ULL, U64_MAX,
		  NT_STATUS_INVALID_PARAMETER_3 },
		/* Misaligned bases are fine here: alignment comes after the handles. */
		{ "misaligned base", 0x10001, 0x1000, NT_STATUS_SUCCESS },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct nts_map_args a = map_args(t[i].base, 0, t[i].size, NT_PAGE_READONLY);

		check_status(test, NULL, nts_map_check_params(&a), t[i].want, "%s", t[i].name);
	}
}

static void map_params_zero_bits(struct kunit *test)
{
	static const u64 bases_[] = {
		0, 0x10000, 0x7ff0000, 0xfff0000, 0x7fff0000, 0x80000000, 0xffff0000,
		0x100000000ULL, 0x7fffffff0000ULL,
	};
	static const u64 masks[] = {
		0x3ff, 0x400, 0x7ff, 0x1ffff, 0x7fffffff, 0xffffffff, 0x3ffffffffffULL,
		0x7fffffffffffULL, U64_MAX,
	};
	static const u64 sizes[] = { 0, 0x10000, 0x80000000ULL };
	unsigned int i, j, s, bad = 0;
	u64 zb, max;

	/* Every count, then every listed mask, on free and fixed bases. */
	for (zb = 0; zb < 64 + ARRAY_SIZE(masks); zb++) {
		u64 z = zb < 64 ? zb : masks[zb - 64];
		u32 limit_status = zero_bits_oracle(z, &max);

		for (i = 0; i < ARRAY_SIZE(bases_); i++) {
			for (s = 0; s < ARRAY_SIZE(sizes); s++) {
				u64 b = bases_[i], size = sizes[s];
				struct nts_map_args a = map_args(b, 0, size, NT_PAGE_READONLY);
				u32 want = limit_status;

				a.zero_bits = z;
				/* The user address space comes first (P3) ... */
				if (b >= TASK_LIMIT || size > TASK_LIMIT - b)
					want = NT_STATUS_INVALID_PARAMETER_3;
				/* ... then a fixed base and the view it asks for must fit. */
				else if (!want && b && (b > max || (size && b + size - 1 > max)))
					want = NT_STATUS_INVALID_PARAMETER_4;
				check_status(test, &bad, nts_map_check_params(&a), want,
					     "ZeroBits %#llx base %#llx size %#llx", z, b, size);
			}
		}
	}
	/* Fixed bases that fit exactly at the edge. */
	for (j = 1; j <= 15; j++) {
		struct nts_map_args a = map_args((1ULL << (32 - j)) - 0x10000, 0, 0x10000,
						 NT_PAGE_READONLY);

		a.zero_bits = j;
		check_status(test, &bad, nts_map_check_params(&a), NT_STATUS_SUCCESS,
			     "ZeroBits %u, last granule below the limit", j);
		a.view_size = 0x10001;
		check_status(test, &bad, nts_map_check_params(&a), NT_STATUS_INVALID_PARAMETER_4,
			     "ZeroBits %u, one byte over the limit", j);
		a.base += 0x10000;
		a.view_size = 0;
		check_status(test, &bad, nts_map_check_params(&a), NT_STATUS_INVALID_PARAMETER_4,
			     "ZeroBits %u, base at the limit", j);
	}
	check_none_bad(test, bad, "ZeroBits with bases");
}

/* The size of most test sections: three granules. */
#define SEC_SIZE	0x30000ULL

/* Written as a division, unlike validate.c's mask; for small values only. */
static u64 page_round(u64 v)
{
	return ((v + 0xfff) / 0x1000) * 0x1000;
}

static void check_map(struct kunit *test, unsigned int *bad, const struct nts_map_args *a,
		      u32 section_prot, u64 section_size, bool file, u32 attrs, u32 want,
		      u64 want_view, const char *what)
{
	const u64 poison = 0xa5a5a5a5a5a5a5a5ULL;
	u64 view = poison;
	u32 got;

	got = nts_map_check_section(a, section_prot, section_size, file, attrs, &view);
	check_status(test, bad, got, want,
		     "%s (base %#llx off %#llx view %#llx commit %#llx type %#x prot %#x)", what,
		     a->base, a->offset, a->view_size, a->commit_size, a->alloc_type,
		     a->protect);
	if (got == want)
		check_u64(test, bad, view, got ? poison : want_view, "%s: view size", what);
}

static void map_section_alignment(struct kunit *test)
{
	static const u64 misaligned[] = { 1, 0xfff, 0x1000, 0x8000, 0xffff, 0x10001, 0x1f000 };
	unsigned int i, bad = 0;
	struct nts_map_args a;

	for (i = 0; i < ARRAY_SIZE(misaligned); i++) {
		a = map_args(0x10000000 + misaligned[i], 0, 0x1000, NT_PAGE_READWRITE);
		check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
			  NT_STATUS_MAPPED_ALIGNMENT, 0, "misaligned base");
		a = map_args(0, misaligned[i], 0x1000, NT_PAGE_READWRITE);
		check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
			  NT_STATUS_MAPPED_ALIGNMENT, 0, "misaligned offset");
		/* Even with an offset beyond the end: alignment first. */
		a = map_args(0, SEC_SIZE * 2 + misaligned[i], 0, NT_PAGE_READWRITE);
		check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
			  NT_STATUS_MAPPED_ALIGNMENT, 0, "misaligned offset past the end");
	}
	a = map_args(0x10000000, 0x20000, 0, NT_PAGE_READWRITE);
	check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
		  NT_STATUS_SUCCESS, 0x10000, "aligned base and offset");
	check_none_bad(test, bad, "alignment");
}

static void map_section_protection(struct kunit *test)
{
	DECLARE_BITMAP(valid, 0x800);
	unsigned int r, bad = 0;
	u32 v;

	build_valid_protections(valid);
	for (r = 0; r < ARRAY_SIZE(view_table); r++) {
		for (v = 0; v < 0x800; v++) {
			struct nts_map_args a = map_args(0, 0, 0, v);
			u32 want;

			if (!test_bit(v, valid))
				continue;	/* nts_map_check_params() refuses it */
			want = view_table[r].allowed[base_index(v)] == 'Y' ?
			       NT_STATUS_SUCCESS : NT_STATUS_SECTION_PROTECTION;
			check_map(test, &bad, &a, view_table[r].section, SEC_SIZE, false,
				  NT_SEC_COMMIT, want, SEC_SIZE, "view protection");
			check_map(test, &bad, &a, view_table[r].section, SEC_SIZE, true,
				  NT_SEC_FILE, want, SEC_SIZE, "view protection, file");
		}
	}
	check_none_bad(test, bad, "view protection");
}

static const struct {
	const char *name;
	u64 base, offset, view, size;
	u32 want;
	u64 want_view;
} view_sizes[] = {
	{ "whole section", 0, 0, 0, SEC_SIZE, NT_STATUS_SUCCESS, SEC_SIZE },
	{ "from the offset to the end", 0, 0x10000, 0, SEC_SIZE, NT_STATUS_SUCCESS, 0x20000 },
	{ "last granule", 0, 0x20000, 0, SEC_SIZE, NT_STATUS_SUCCESS, 0x10000 },
	{ "offset at the end", 0, SEC_SIZE, 0, SEC_SIZE, NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "offset past the end", 0, SEC_SIZE + 0x10000, 0, SEC_SIZE,
	  NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "offset + size at the end", 0, 0x10000, 0x20000, SEC_SIZE, NT_STATUS_SUCCESS,
	  0x20000 },
	{ "offset + size one past", 0, 0x10000, 0x20001, SEC_SIZE,
	  NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "size one past", 0, 0, SEC_SIZE + 1, SEC_SIZE, NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "size rounded to a page", 0, 0, 1, SEC_SIZE, NT_STATUS_SUCCESS, 0x1000 },
	{ "size 0x1001", 0, 0x10000, 0x1001, SEC_SIZE, NT_STATUS_SUCCESS, 0x2000 },
	{ "offset + size overflows", 0, 0x10000, U64_MAX, SEC_SIZE,
	  NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "offset + size overflows to 0", 0, 0x10000, U64_MAX - 0xffff, SEC_SIZE,
	  NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "offset near 2^64", 0, 0xffffffffffff0000ULL, 0, SEC_SIZE,
	  NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "offset near 2^64, huge section", 0, 0xffffffffffff0000ULL, 0, U64_MAX,
	  NT_STATUS_SUCCESS, 0x10000 },
	{ "offset near 2^64, size over", 0, 0xffffffffffff0000ULL, 0x10000, U64_MAX,
	  NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "2^64 - 1 byte view", 0, 0, 0, U64_MAX, NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "file, exact size 5000", 0, 0, 0, 5000, NT_STATUS_SUCCESS, 0x2000 },
	{ "file, 5000 asked", 0, 0, 5000, 5000, NT_STATUS_SUCCESS, 0x2000 },
	{ "file, 0x2000 asked of 5000", 0, 0, 0x2000, 5000, NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "fixed base, computed size fits", 0x7ffffffc0000ULL, 0, 0, SEC_SIZE,
	  NT_STATUS_SUCCESS, SEC_SIZE },
	{ "fixed base, computed size too big", 0x7ffffffe0000ULL, 0, 0, SEC_SIZE,
	  NT_STATUS_INVALID_VIEW_SIZE, 0 },
	{ "free base, view bigger than the address space", 0, 0, 0, 1ULL << 47,
	  NT_STATUS_NO_MEMORY, 0 },
};

static void map_section_view_size(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(view_sizes); i++) {
		struct nts_map_args a = map_args(view_sizes[i].base, view_sizes[i].offset,
						 view_sizes[i].view, NT_PAGE_READONLY);

		check_map(test, NULL, &a, NT_PAGE_READONLY, view_sizes[i].size, true, NT_SEC_FILE,
			  view_sizes[i].want, view_sizes[i].want_view, view_sizes[i].name);
	}
}

static void map_section_commit_and_reserve(struct kunit *test)
{
	static const struct {
		const char *name;
		bool file;
		u64 view, commit;
		u32 type;
		u32 want;
	} t[] = {
		{ "commit = view", false, 0x10000, 0x10000, 0, NT_STATUS_SUCCESS },
		{ "commit < view", false, 0x10000, 0x1000, 0, NT_STATUS_SUCCESS },
		{ "commit > view", false, 0x10000, 0x10001, 0, NT_STATUS_INVALID_PARAMETER_5 },
		{ "commit > unrounded view", false, 0x1800, 0x1801, 0,
		  NT_STATUS_INVALID_PARAMETER_5 },
		{ "commit, view to the end", false, 0, SEC_SIZE, 0, NT_STATUS_SUCCESS },
		{ "commit past the end, view to the end", false, 0, SEC_SIZE + 1, 0,
		  NT_STATUS_INVALID_PARAMETER_5 },
		{ "commit ~0", false, 0, U64_MAX, 0, NT_STATUS_INVALID_PARAMETER_5 },
		{ "MEM_RESERVE, pagefile", false, 0x10000, 0, NT_MEM_RESERVE,
		  NT_STATUS_INVALID_PARAMETER_9 },
		{ "P5 before P9", false, 0x10000, 0x20000, NT_MEM_RESERVE,
		  NT_STATUS_INVALID_PARAMETER_5 },
		{ "MEM_TOP_DOWN, pagefile", false, 0x10000, 0, NT_MEM_TOP_DOWN, NT_STATUS_SUCCESS },
		{ "file, no commit", true, 0x10000, 0, 0, NT_STATUS_SUCCESS },
		{ "file, commit", true, 0x10000, 0x1000, 0, NT_STATUS_INVALID_PARAMETER_5 },
		{ "file, commit, MEM_RESERVE", true, 0x10000, 0x1000, NT_MEM_RESERVE,
		  NT_STATUS_SUCCESS },
		{ "file, commit > view, MEM_RESERVE", true, 0x10000, 0x10001, NT_MEM_RESERVE,
		  NT_STATUS_INVALID_PARAMETER_5 },
		{ "file, MEM_RESERVE", true, 0x10000, 0, NT_MEM_RESERVE, NT_STATUS_SUCCESS },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct nts_map_args a = map_args(0, 0, t[i].view, NT_PAGE_READWRITE);

		a.commit_size = t[i].commit;
		a.alloc_type = t[i].type;
		check_map(test, NULL, &a, NT_PAGE_READWRITE, SEC_SIZE, t[i].file,
			  t[i].file ? NT_SEC_FILE : NT_SEC_RESERVE, t[i].want,
			  t[i].view ? t[i].view : SEC_SIZE, t[i].name);
	}
}

/*
 * MEM_RESERVE on a file section: an extendable view may pass the section's
 * end, of a READWRITE or EXECUTE_READWRITE section only (ReactOS' kmtest
 * ZwMapViewOfSection.c SimpleErrorChecks, run on Windows).
 */
static void map_section_extendable(struct kunit *test)
{
	struct nts_map_args a = map_args(0, 0, SEC_SIZE + 1, NT_PAGE_READWRITE);

	check_map(test, NULL, &a, NT_PAGE_READWRITE, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_INVALID_VIEW_SIZE, 0, "file, one byte past, no MEM_RESERVE");
	a.alloc_type = NT_MEM_RESERVE;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_SUCCESS, SEC_SIZE + 0x1000, "file, one byte past, MEM_RESERVE");
	check_map(test, NULL, &a, NT_PAGE_EXECUTE_READWRITE, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_SUCCESS, SEC_SIZE + 0x1000, "EXECUTE_READWRITE file, MEM_RESERVE");
	check_map(test, NULL, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_RESERVE,
		  NT_STATUS_INVALID_VIEW_SIZE, 0, "pagefile, one byte past, MEM_RESERVE");
	a.view_size = 0x100000000ULL;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, 1, true, NT_SEC_FILE,
		  NT_STATUS_SUCCESS, 0x100000000ULL, "1-byte file, 4 GiB MEM_RESERVE view");
	a.view_size = 0;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, 5000, true, NT_SEC_FILE,
		  NT_STATUS_SUCCESS, 0x2000, "file, MEM_RESERVE, ViewSize 0: the section");
	a.offset = SEC_SIZE;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_INVALID_VIEW_SIZE, 0, "file, MEM_RESERVE, offset at the end");
	a.offset = 0;
	a.view_size = U64_MAX;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_INVALID_VIEW_SIZE, 0, "file, MEM_RESERVE, 2^64 - 1 bytes");
	a.view_size = 0x1000;
	a.protect = NT_PAGE_READONLY;
	check_map(test, NULL, &a, NT_PAGE_READONLY, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_SECTION_PROTECTION, 0, "read-only file section, MEM_RESERVE");
	check_map(test, NULL, &a, NT_PAGE_WRITECOPY, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_SECTION_PROTECTION, 0, "WRITECOPY file section, MEM_RESERVE");
	check_map(test, NULL, &a, NT_PAGE_READWRITE, SEC_SIZE, true, NT_SEC_FILE,
		  NT_STATUS_SUCCESS, 0x1000, "READONLY view of a READWRITE file, MEM_RESERVE");
}

/* NtFlushVirtualMemory: the checks and the range (Windows' flushsec.c). */
static void flush_checks(struct kunit *test)
{
	const u64 lim = 0x800000000000ULL, vs = 0x10000000, ve = vs + 0x100000;
	u64 first = 1, len = 1;

	KUNIT_EXPECT_EQ(test, nts_flush_check_params(0, 0, lim), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, nts_flush_check_params(lim - 1, 0, lim), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, nts_flush_check_params(lim, 0, lim), NT_STATUS_INVALID_PARAMETER_2);
	KUNIT_EXPECT_EQ(test, nts_flush_check_params(lim - 2, 1, lim), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, nts_flush_check_params(lim - 2, 2, lim),
			NT_STATUS_INVALID_PARAMETER_2);
	KUNIT_EXPECT_EQ(test, nts_flush_check_params(1, U64_MAX, lim),
			NT_STATUS_INVALID_PARAMETER_2);

	KUNIT_EXPECT_EQ(test, nts_flush_check_view(vs + 0x1005, 10, vs, ve, true, &first, &len),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, first, vs + 0x1000);
	KUNIT_EXPECT_EQ(test, len, 0x1000ULL);
	KUNIT_EXPECT_EQ(test, nts_flush_check_view(vs + 0xfff, 2, vs, ve, true, &first, &len),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, first, vs);
	KUNIT_EXPECT_EQ(test, len, 0x2000ULL);
	KUNIT_EXPECT_EQ(test, nts_flush_check_view(vs + 0x3001, 0, vs, ve, true, &first, &len),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, first, vs + 0x3000);
	KUNIT_EXPECT_EQ(test, len, ve - vs - 0x3000);
	KUNIT_EXPECT_EQ(test, nts_flush_check_view(vs, ve - vs, vs, ve, true, &first, &len),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, nts_flush_check_view(vs, ve - vs + 1, vs, ve, true, &first, &len),
			NT_STATUS_NOT_MAPPED_VIEW);
	KUNIT_EXPECT_EQ(test, nts_flush_check_view(ve, 0, vs, ve, true, &first, &len),
			NT_STATUS_NOT_MAPPED_VIEW);
	/* Past the view before the kind of view. */
	KUNIT_EXPECT_EQ(test, nts_flush_check_view(vs, ve, vs, ve, false, &first, &len),
			NT_STATUS_NOT_MAPPED_VIEW);
	KUNIT_EXPECT_EQ(test, nts_flush_check_view(vs, 0, vs, ve, false, &first, &len),
			NT_STATUS_NOT_MAPPED_DATA);
}

static void map_section_large_pages(struct kunit *test)
{
	struct nts_map_args a = map_args(0, 0, 0, NT_PAGE_READWRITE);

	check_map(test, NULL, &a, NT_PAGE_READWRITE, 0x400000, false, NT_SEC_COMMIT,
		  NT_STATUS_SUCCESS, 0x400000, "4 MiB section");
	a.alloc_type = NT_MEM_LARGE_PAGES;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, 0x400000, false, NT_SEC_COMMIT,
		  NT_STATUS_SUCCESS, 0x400000, "MEM_LARGE_PAGES, 4 MiB section");
	check_map(test, NULL, &a, NT_PAGE_READWRITE, 0x401000, false, NT_SEC_COMMIT,
		  NT_STATUS_INVALID_PARAMETER_4, 0, "MEM_LARGE_PAGES, 4 MiB + 4 KiB section");
	check_map(test, NULL, &a, NT_PAGE_READWRITE, 0x1000, true, NT_SEC_FILE,
		  NT_STATUS_INVALID_PARAMETER_4, 0, "MEM_LARGE_PAGES, 4 KiB file section");
	a.alloc_type = 0;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, 0x201000, false,
		  NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, NT_STATUS_INVALID_PARAMETER_4, 0,
		  "SEC_LARGE_PAGES section of 2 MiB + 4 KiB");
	a.view_size = 0x10000;
	check_map(test, NULL, &a, NT_PAGE_READWRITE, 0x200000, false,
		  NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, NT_STATUS_SUCCESS, 0x10000,
		  "SEC_LARGE_PAGES section, small view");
}

static void map_section_placement_room(struct kunit *test)
{
	static const struct {
		const char *name;
		u64 base, zero_bits, view, limit;
		u32 want;
	} t[] = {
		{ "ZeroBits 21", 0, 21, 0x1000, TASK_LIMIT, NT_STATUS_NO_MEMORY },
		{ "ZeroBits 16: below 64 KiB", 0, 16, 0x1000, TASK_LIMIT, NT_STATUS_NO_MEMORY },
		{ "ZeroBits 15: one granule", 0, 15, 0x10000, TASK_LIMIT, NT_STATUS_SUCCESS },
		{ "ZeroBits 15: two granules", 0, 15, 0x20000, TASK_LIMIT, NT_STATUS_NO_MEMORY },
		{ "ZeroBits 15: 4 KiB takes a granule", 0, 15, 0x1000, TASK_LIMIT,
		  NT_STATUS_SUCCESS },
		{ "ZeroBits 1: 2 GiB - 64 KiB", 0, 1, 0x7fff0000, TASK_LIMIT, NT_STATUS_SUCCESS },
		{ "ZeroBits 1: 2 GiB", 0, 1, 0x80000000, TASK_LIMIT, NT_STATUS_NO_MEMORY },
		{ "mask 0x7ff", 0, 0x7ff, 0x1000, TASK_LIMIT, NT_STATUS_NO_MEMORY },
		{ "mask 0x1ffff", 0, 0x1ffff, 0x10000, TASK_LIMIT, NT_STATUS_SUCCESS },
		{ "mask 0x10000", 0, 0x10000, 0x10001, TASK_LIMIT, NT_STATUS_NO_MEMORY },
		{ "mask 0xffffffff", 0, 0xffffffff, 0xffff0000, TASK_LIMIT, NT_STATUS_SUCCESS },
		{ "no ZeroBits, tiny space", 0, 0, 0x1000, 0x10000, NT_STATUS_NO_MEMORY },
		{ "no ZeroBits, two granules of space", 0, 0, 0x10000, 0x20000,
		  NT_STATUS_SUCCESS },
		{ "no ZeroBits, no space", 0, 0, 0x10000, 0, NT_STATUS_NO_MEMORY },
		/* A fixed base is not placed: ZeroBits was checked before the handles. */
		{ "fixed base, ZeroBits 21", 0x10000, 21, 0x1000, TASK_LIMIT, NT_STATUS_SUCCESS },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct nts_map_args a = map_args(t[i].base, 0, 0, NT_PAGE_READONLY);

		a.zero_bits = t[i].zero_bits;
		a.user_limit = t[i].limit;
		check_map(test, NULL, &a, NT_PAGE_READONLY, t[i].view, false, NT_SEC_COMMIT,
			  t[i].want, page_round(t[i].view), t[i].name);
	}
}

/*
 * SPEC §5 order, before the handles: one mutator per step, touching disjoint
 * fields, so every subset of them can be applied; the first step in the
 * subset decides. Two variants of the ZeroBits step are run.
 */
enum { MP_INHERIT, MP_TYPE, MP_PROT, MP_RANGE, MP_ZERO_BITS, MP_COUNT };

static const u32 map_param_status[MP_COUNT] = {
	NT_STATUS_INVALID_PARAMETER_8, NT_STATUS_INVALID_PARAMETER_9,
	NT_STATUS_INVALID_PAGE_PROTECTION, NT_STATUS_INVALID_PARAMETER_3,
	NT_STATUS_INVALID_PARAMETER_4,
};

static void map_param_mutate(struct nts_map_args *a, unsigned int m, u64 zero_bits)
{
	switch (m) {
	case MP_INHERIT:
		a->inherit = 0;
		break;
	case MP_TYPE:
		a->alloc_type |= NT_MEM_COMMIT;
		break;
	case MP_PROT:
		a->protect = NT_PAGE_READONLY | NT_PAGE_GUARD | NT_PAGE_NOCACHE;
		break;
	case MP_RANGE:
		a->view_size = TASK_LIMIT;
		break;
	case MP_ZERO_BITS:
		a->zero_bits = zero_bits;
		break;
	}
}

/* The same for nts_map_check_flags() against nts_map_check_params(). */
static void map_first_checks_agree(struct kunit *test)
{
	static const u32 inherits[] = { 0, NT_VIEW_SHARE, NT_VIEW_UNMAP, 3 };
	static const u32 types[] = {
		0, NT_MEM_RESERVE, NT_MEM_TOP_DOWN, NT_MEM_LARGE_PAGES, NT_MEM_COMMIT,
		NT_AT_ROUND_TO_PAGE, NT_MEM_RESERVE | NT_MEM_TOP_DOWN,
	};
	unsigned int i, t, prot, bad = 0;

	for (i = 0; i < ARRAY_SIZE(inherits); i++) {
		for (t = 0; t < ARRAY_SIZE(types); t++) {
			for (prot = 0; prot < 0x800; prot++) {
				struct nts_map_args a = map_args(0, 0, 0x10000, prot);
				u32 full, first;

				a.inherit = inherits[i];
				a.alloc_type = types[t];
				first = nts_map_check_flags(a.inherit, a.alloc_type, prot);
				full = nts_map_check_params(&a);
				if (first != full && bad++ < 5)
					KUNIT_FAIL(test, "inherit %u type %#x prot %#x: %#x/%#x",
						   a.inherit, a.alloc_type, prot, first, full);
			}
		}
	}
}

static void map_params_check_order(struct kunit *test)
{
	/* 22: never valid; 4: the fixed base 0x10000000 is above 2^28 - 1. */
	static const u64 zero_bits_variants[] = { 22, 4, 0x3ff, 0xfffffff };
	unsigned int set, m, v, bad = 0;

	for (v = 0; v < ARRAY_SIZE(zero_bits_variants); v++) {
		for (set = 0; set < BIT(MP_COUNT); set++) {
			struct nts_map_args a = map_args(0x10000000, 0, 0x10000,
							 NT_PAGE_READWRITE);
			u32 want = NT_STATUS_SUCCESS;

			for (m = 0; m < MP_COUNT; m++)
				if (set & BIT(m))
					map_param_mutate(&a, m, zero_bits_variants[v]);
			for (m = 0; m < MP_COUNT; m++) {
				if (set & BIT(m)) {
					want = map_param_status[m];
					break;
				}
			}
			check_status(test, &bad, nts_map_check_params(&a), want,
				     "broken steps %#x, ZeroBits variant %#llx", set,
				     zero_bits_variants[v]);
		}
	}
	check_none_bad(test, bad, "map parameter order");
}

/* SPEC §5 order, after the handles, the same way (a READWRITE pagefile section). */
enum { MS_ALIGN, MS_PROT, MS_VIEW, MS_COMMIT, MS_RESERVE, MS_LARGE, MS_ROOM, MS_COUNT };

static const u32 map_section_status[MS_COUNT] = {
	NT_STATUS_MAPPED_ALIGNMENT, NT_STATUS_SECTION_PROTECTION, NT_STATUS_INVALID_VIEW_SIZE,
	NT_STATUS_INVALID_PARAMETER_5, NT_STATUS_INVALID_PARAMETER_9,
	NT_STATUS_INVALID_PARAMETER_4, NT_STATUS_NO_MEMORY,
};

static void map_section_mutate(struct nts_map_args *a, unsigned int m)
{
	switch (m) {
	case MS_ALIGN:
		a->offset += 0x1000;
		break;
	case MS_PROT:
		a->protect = NT_PAGE_EXECUTE_READWRITE;
		break;
	case MS_VIEW:
		a->view_size = SEC_SIZE;	/* from offset 0x10000: past the end */
		break;
	case MS_COMMIT:
		a->commit_size = 0x20000;	/* above the 0x10000 view */
		break;
	case MS_RESERVE:
		a->alloc_type |= NT_MEM_RESERVE;
		break;
	case MS_LARGE:
		a->alloc_type |= NT_MEM_LARGE_PAGES;	/* 0x30000 is no 2 MiB multiple */
		break;
	case MS_ROOM:
		a->zero_bits = 21;
		break;
	}
}

static void map_section_check_order(struct kunit *test)
{
	unsigned int set, m, bad = 0;

	for (set = 0; set < BIT(MS_COUNT); set++) {
		struct nts_map_args a = map_args(0, 0x10000, 0x10000, NT_PAGE_READONLY);
		u32 want = NT_STATUS_SUCCESS;

		for (m = 0; m < MS_COUNT; m++)
			if (set & BIT(m))
				map_section_mutate(&a, m);
		for (m = 0; m < MS_COUNT; m++) {
			if (set & BIT(m)) {
				want = map_section_status[m];
				break;
			}
		}
		check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT, want,
			  0x10000, "broken steps");
	}
	check_none_bad(test, bad, "map section order");
}

/* ---- §8 NtQuerySection, NtExtendSection -------------------------------- */

static void query_class_and_length(struct kunit *test)
{
	static const u64 lengths[] = { 0, 1, 23, 24, 25, 63, 64, 65, 4096, U32_MAX, U64_MAX };
	static const u32 classes[] = { 0, 1, 2, 3, 4, 5, 0x100, U32_MAX };
	unsigned int c, l, bad = 0;

	for (c = 0; c < ARRAY_SIZE(classes); c++) {
		for (l = 0; l < ARRAY_SIZE(lengths); l++) {
			const u32 short_len = NT_STATUS_INFO_LENGTH_MISMATCH;
			u32 cls = classes[c], want;
			u64 len = lengths[l];

			if (cls == 0)
				want = len < 24 ? short_len : NT_STATUS_SUCCESS;
			else if (cls == 1)
				want = len < 64 ? short_len : NT_STATUS_SUCCESS;
			else
				want = NT_STATUS_INVALID_INFO_CLASS;
			check_status(test, &bad, nts_query_check_class(cls, len), want,
				     "class %u length %llu", cls, len);
			check_status(test, &bad,
				     nts_check_query(NT_SECTION_QUERY, cls, len, true), want,
				     "image section, class %u length %llu", cls, len);
		}
	}
	check_none_bad(test, bad, "query class and length");
}

static void query_check_order(struct kunit *test)
{
	static const struct {
		const char *name;
		u32 access, cls;
		u64 len;
		bool image;
		u32 want;
	} t[] = {
		{ "basic", NT_SECTION_QUERY, 0, 24, false, NT_STATUS_SUCCESS },
		{ "basic, image section", NT_SECTION_QUERY, 0, 24, true, NT_STATUS_SUCCESS },
		{ "image", NT_SECTION_QUERY, 1, 64, true, NT_STATUS_SUCCESS },
		{ "basic, all access", NT_SECTION_ALL_ACCESS, 0, 100, false, NT_STATUS_SUCCESS },
		{ "basic, no QUERY", NT_SECTION_ALL_ACCESS & ~NT_SECTION_QUERY, 0, 24, false,
		  NT_STATUS_ACCESS_DENIED },
		{ "image on data", NT_SECTION_QUERY, 1, 64, false, NT_STATUS_SECTION_NOT_IMAGE },
		/* Adjacent pairs, first wins. */
		{ "class + length", 0, 2, 0, false, NT_STATUS_INVALID_INFO_CLASS },
		{ "class + access", 0, 7, 1000, false, NT_STATUS_INVALID_INFO_CLASS },
		{ "length + access", 0, 0, 23, false, NT_STATUS_INFO_LENGTH_MISMATCH },
		{ "image length + access", 0, 1, 63, true, NT_STATUS_INFO_LENGTH_MISMATCH },
		{ "access + not image", 0, 1, 64, false, NT_STATUS_ACCESS_DENIED },
		{ "length + not image", NT_SECTION_QUERY, 1, 24, false,
		  NT_STATUS_INFO_LENGTH_MISMATCH },
		{ "all wrong, class 1", 0, 1, 0, false, NT_STATUS_INFO_LENGTH_MISMATCH },
		{ "all wrong, class 9", 0, 9, 0, false, NT_STATUS_INVALID_INFO_CLASS },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		u32 got = nts_check_query(t[i].access, t[i].cls, t[i].len, t[i].image);

		check_status(test, NULL, got, t[i].want, "%s", t[i].name);
	}
}

static void extend_checks(struct kunit *test)
{
	static const struct {
		const char *name;
		u32 access;
		bool file, image;
		u64 cur, new_size;
		u32 want;
		bool grow;
	} t[] = {
		{ "grow a file", NT_SECTION_EXTEND_SIZE, true, false, 5000, 8000,
		  NT_STATUS_SUCCESS, true },
		{ "grow by one byte", NT_SECTION_ALL_ACCESS, true, false, 5000, 5001,
		  NT_STATUS_SUCCESS, true },
		{ "same size: no-op", NT_SECTION_EXTEND_SIZE, true, false, 5000, 5000,
		  NT_STATUS_SUCCESS, false },
		{ "smaller: no-op", NT_SECTION_EXTEND_SIZE, true, false, 5000, 100,
		  NT_STATUS_SUCCESS, false },
		{ "zero: no-op", NT_SECTION_EXTEND_SIZE, true, false, 5000, 0,
		  NT_STATUS_SUCCESS, false },
		{ "negative: no-op", NT_SECTION_EXTEND_SIZE, true, false, 5000, 1ULL << 63,
		  NT_STATUS_SUCCESS, false },
		{ "-1: no-op", NT_SECTION_EXTEND_SIZE, true, false, 5000, U64_MAX,
		  NT_STATUS_SUCCESS, false },
		{ "2^63 - 1", NT_SECTION_EXTEND_SIZE, true, false, 5000, (1ULL << 63) - 1,
		  NT_STATUS_SUCCESS, true },
		{ "no EXTEND_SIZE", NT_SECTION_ALL_ACCESS & ~NT_SECTION_EXTEND_SIZE, true, false,
		  5000, 8000, NT_STATUS_ACCESS_DENIED, false },
		{ "pagefile", NT_SECTION_EXTEND_SIZE, false, false, 0x1000, 0x2000,
		  NT_STATUS_SECTION_NOT_EXTENDED, false },
		{ "pagefile, smaller", NT_SECTION_EXTEND_SIZE, false, false, 0x2000, 0x1000,
		  NT_STATUS_SECTION_NOT_EXTENDED, false },
		{ "image", NT_SECTION_EXTEND_SIZE, true, true, 0x3000, 0x4000,
		  NT_STATUS_SECTION_NOT_EXTENDED, false },
		{ "access before pagefile", 0, false, false, 0x1000, 0x2000,
		  NT_STATUS_ACCESS_DENIED, false },
		{ "access before image", NT_SECTION_QUERY, true, true, 0x1000, 0x2000,
		  NT_STATUS_ACCESS_DENIED, false },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		bool grow = !t[i].grow;
		u32 got = nts_check_extend(t[i].access, t[i].file, t[i].image, t[i].cur,
					   t[i].new_size, &grow);

		check_status(test, NULL, got, t[i].want, "%s", t[i].name);
		if (got == NT_STATUS_SUCCESS && t[i].want == NT_STATUS_SUCCESS)
			check_u64(test, NULL, grow, t[i].grow, "%s: grow", t[i].name);
	}
}

/* ---- §1.2 names --------------------------------------------------------- */

/* ASCII to UTF-16; returns the length in bytes, as UNICODE_STRING.Length. */
static u32 utf16(u16 *buf, size_t units, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i < units; i++)
		buf[i] = (u8)s[i];
	return i * 2;
}

static const struct {
	const char *path;
	bool ci;
	u32 want;
	u32 leaf_start, leaf_len;
} names[] = {
	{ "\\BaseNamedObjects\\foo", false, NT_STATUS_SUCCESS, 18, 3 },
	{ "\\BaseNamedObjects\\x", false, NT_STATUS_SUCCESS, 18, 1 },
	{ "\\BaseNamedObjects\\Global.Name-1 with spaces", false, NT_STATUS_SUCCESS, 18, 25 },
	{ "\\BaseNamedObjects\\foo/bar", false, NT_STATUS_SUCCESS, 18, 7 },
	{ "\\basenamedobjects\\foo", true, NT_STATUS_SUCCESS, 18, 3 },
	{ "\\BASENAMEDOBJECTS\\foo", true, NT_STATUS_SUCCESS, 18, 3 },
	{ "\\basenamedobjects\\foo", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "BaseNamedObjects\\foo", false, NT_STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0 },
	{ "foo", false, NT_STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0 },
	{ "/BaseNamedObjects/foo", false, NT_STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0 },
	{ "\\", false, NT_STATUS_OBJECT_TYPE_MISMATCH, 0, 0 },
	{ "\\BaseNamedObjects", false, NT_STATUS_OBJECT_TYPE_MISMATCH, 0, 0 },
	{ "\\basenamedobjects", true, NT_STATUS_OBJECT_TYPE_MISMATCH, 0, 0 },
	{ "\\BaseNamedObjects\\", false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0 },
	{ "\\BaseNamedObjects\\\\foo", false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0 },
	{ "\\\\BaseNamedObjects\\foo", false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0 },
	{ "\\\\", false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0 },
	{ "\\BaseNamedObjects\\a\\b", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "\\BaseNamedObjects\\a\\", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "\\Foo\\bar", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "\\foo", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "\\Device\\PhysicalMemory", true, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "\\Sessions\\1\\BaseNamedObjects\\foo", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "\\BaseNamedObject\\foo", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
	{ "\\BaseNamedObjectsX\\foo", false, NT_STATUS_OBJECT_PATH_NOT_FOUND, 0, 0 },
};

static void check_name(struct kunit *test, const u16 *buf, u32 bytes, bool ci, u32 want,
		       u32 want_start, u32 want_len, const char *what)
{
	u32 start = 0xdead, len = 0xbeef;
	u32 got = nts_check_name(buf, bytes, ci, &start, &len);

	check_status(test, NULL, got, want, "name %s%s", what, ci ? " (case-insensitive)" : "");
	if (got != want)
		return;
	check_u64(test, NULL, start, got ? 0xdead : want_start, "name %s: leaf start", what);
	check_u64(test, NULL, len, got ? 0xbeef : want_len, "name %s: leaf length", what);
}

static void name_paths(struct kunit *test)
{
	u16 *buf = kunit_kcalloc(test, 1024, sizeof(u16), GFP_KERNEL);
	unsigned int i;
	u32 bytes;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		bytes = utf16(buf, 1024, names[i].path);
		check_name(test, buf, bytes, names[i].ci, names[i].want, names[i].leaf_start,
			   names[i].leaf_len, names[i].path);
	}

	/* Embedded NUL and non-ASCII units are part of the name. */
	bytes = utf16(buf, 1024, "\\BaseNamedObjects\\a_b");
	buf[19] = 0;
	check_name(test, buf, bytes, false, NT_STATUS_SUCCESS, 18, 3, "with a NUL");
	buf[19] = 0x4e2d;
	check_name(test, buf, bytes, false, NT_STATUS_SUCCESS, 18, 3, "with U+4E2D");
	/* A backslash lookalike is not a separator. */
	buf[19] = 0xff3c;
	check_name(test, buf, bytes, false, NT_STATUS_SUCCESS, 18, 3, "with U+FF3C");
}

static void name_lengths(struct kunit *test)
{
	u16 *buf = kunit_kcalloc(test, 1024, sizeof(u16), GFP_KERNEL);
	u32 bytes, i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	bytes = utf16(buf, 1024, "\\BaseNamedObjects\\");
	for (i = 0; i < 300; i++)
		buf[18 + i] = 'a' + i % 26;

	check_name(test, buf, 0, false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0, "empty");
	check_name(test, buf, 1, false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0, "1 byte");
	check_name(test, buf, 2 * 18 + 3, false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0,
		   "odd length");
	check_name(test, buf, 2 * 18 + 2, false, NT_STATUS_SUCCESS, 18, 1, "1 unit leaf");
	check_name(test, buf, 2 * (18 + 255), false, NT_STATUS_SUCCESS, 18, 255,
		   "255 unit leaf");
	check_name(test, buf, 2 * (18 + 256), false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0,
		   "256 unit leaf");
	check_name(test, buf, 65534, false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0,
		   "UNICODE_STRING maximum");
	check_name(test, buf, U32_MAX - 1, false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0,
		   "4 GiB");
	KUNIT_EXPECT_EQ_MSG(test, NTS_NAME_MAX_BYTES, 2u * (18 + 255),
			    "\\BaseNamedObjects\\ plus 255 units");

	/* Lengths alone, for callers that refuse before copying. */
	for (i = 0; i <= NTS_NAME_MAX_BYTES + 4; i++)
		check_status(test, NULL, nts_check_name_length(i),
			     (i && !(i & 1) && i <= 546) ? NT_STATUS_SUCCESS :
			     NT_STATUS_OBJECT_NAME_INVALID, "name length %u", i);

	/* Order: the length checks come before the syntax. */
	bytes = utf16(buf, 1024, "relative");
	check_name(test, buf, bytes - 1, false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0,
		   "odd and relative");
	check_name(test, buf, bytes, false, NT_STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0,
		   "relative");
	bytes = utf16(buf, 1024, "\\Foo\\x");
	check_name(test, buf, bytes - 1, false, NT_STATUS_OBJECT_NAME_INVALID, 0, 0,
		   "odd and unknown directory");
}

static void name_upcase_table(struct kunit *test)
{
	static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
	static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const u16 pairs[][2] = {
		/* Latin-1 Supplement */
		{ 0xe0, 0xc0 }, { 0xe9, 0xc9 }, { 0xf6, 0xd6 }, { 0xf8, 0xd8 }, { 0xfe, 0xde },
		{ 0xff, 0x178 }, { 0xf7, 0xf7 }, { 0xdf, 0xdf }, { 0xb5, 0xb5 }, { 0xd7, 0xd7 },
		{ 0xc0, 0xc0 }, { 0xaa, 0xaa }, { 0xa0, 0xa0 },
		/* Latin Extended-A */
		{ 0x100, 0x100 }, { 0x101, 0x100 }, { 0x12f, 0x12e }, { 0x130, 0x130 },
		{ 0x131, 0x131 }, { 0x133, 0x132 }, { 0x137, 0x136 }, { 0x138, 0x138 },
		{ 0x139, 0x139 }, { 0x13a, 0x139 }, { 0x148, 0x147 }, { 0x149, 0x149 },
		{ 0x14a, 0x14a }, { 0x14b, 0x14a }, { 0x153, 0x152 }, { 0x161, 0x160 },
		{ 0x177, 0x176 }, { 0x178, 0x178 }, { 0x179, 0x179 }, { 0x17a, 0x179 },
		{ 0x17e, 0x17d }, { 0x17f, 0x17f },
		/* Greek, Cyrillic */
		{ 0x3b1, 0x391 }, { 0x3c9, 0x3a9 }, { 0x3c2, 0x3c2 }, { 0x3c3, 0x3a3 },
		{ 0x391, 0x391 }, { 0x3ac, 0x3ac }, { 0x430, 0x410 }, { 0x44f, 0x42f },
		{ 0x451, 0x401 }, { 0x45f, 0x40f }, { 0x410, 0x410 }, { 0x460, 0x460 },
		/* Beyond */
		{ 0x180, 0x180 }, { 0x24f, 0x24f }, { 0x4e00, 0x4e00 }, { 0xd800, 0xd800 },
		{ 0xff41, 0xff41 }, { 0xffff, 0xffff },
	};
	unsigned int i, bad = 0;
	u8 *hits;

	for (i = 0; i < 0x80; i++) {
		const char *p = strchr(lower, i);
		u16 want = (i && p) ? (u8)upper[p - lower] : i;

		check_u64(test, &bad, nts_name_upcase(i), want, "upcase(%#x)", i);
	}
	for (i = 0; i < ARRAY_SIZE(pairs); i++)
		check_u64(test, &bad, nts_name_upcase(pairs[i][0]), pairs[i][1], "upcase(U+%04X)",
			  pairs[i][0]);

	/*
	 * Over all 65536 units: uppercasing is idempotent, keeps ASCII apart
	 * from the rest, and never folds more than two units together.
	 */
	hits = kunit_kzalloc(test, 0x10000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hits);
	for (i = 0; i < 0x10000; i++) {
		u16 u = nts_name_upcase(i);

		check_u64(test, &bad, nts_name_upcase(u), u, "upcase twice U+%04X", i);
		check_u64(test, &bad, u < 0x80, i < 0x80, "ASCII kept apart, U+%04X", i);
		if (hits[u] < 255)
			hits[u]++;
	}
	for (i = 0; i < 0x10000; i++)
		check_u64(test, &bad, hits[i] <= 2, true, "U+%04X is the upcase of %u units", i,
			  hits[i]);
	check_none_bad(test, bad, "nts_name_upcase");
}

static void name_compare(struct kunit *test)
{
	u16 a[32], b[32];
	u32 alen, blen;

	alen = utf16(a, 32, "Section_1") / 2;
	blen = utf16(b, 32, "Section_1") / 2;
	KUNIT_EXPECT_TRUE_MSG(test, nts_name_equal(a, alen, b, blen, false), "same name");
	KUNIT_EXPECT_TRUE_MSG(test, nts_name_equal(a, alen, b, blen, true), "same name, ci");
	KUNIT_EXPECT_EQ_MSG(test, nts_name_hash(a, alen), nts_name_hash(b, blen), "same hash");

	blen = utf16(b, 32, "SECTION_1") / 2;
	KUNIT_EXPECT_FALSE_MSG(test, nts_name_equal(a, alen, b, blen, false),
			       "case differs, case-sensitive");
	KUNIT_EXPECT_TRUE_MSG(test, nts_name_equal(a, alen, b, blen, true),
			      "case differs, OBJ_CASE_INSENSITIVE");
	KUNIT_EXPECT_EQ_MSG(test, nts_name_hash(a, alen), nts_name_hash(b, blen),
			    "hash ignores case");

	KUNIT_EXPECT_FALSE_MSG(test, nts_name_equal(a, alen, b, blen - 1, true),
			       "prefix is not equal");
	KUNIT_EXPECT_FALSE_MSG(test, nts_name_equal(a, 0, b, blen, true), "empty vs not");
	KUNIT_EXPECT_TRUE_MSG(test, nts_name_equal(a, 0, b, 0, false), "empty vs empty");

	blen = utf16(b, 32, "Section_2") / 2;
	KUNIT_EXPECT_FALSE_MSG(test, nts_name_equal(a, alen, b, blen, true), "different name");

	/* Latin-1 and Cyrillic fold; ASCII 'I' and U+0131 do not. */
	a[0] = 0xe9;
	b[0] = 0xc9;
	KUNIT_EXPECT_FALSE_MSG(test, nts_name_equal(a, 1, b, 1, false), "e-acute, cs");
	KUNIT_EXPECT_TRUE_MSG(test, nts_name_equal(a, 1, b, 1, true), "e-acute, ci");
	a[0] = 0x44f;
	b[0] = 0x42f;
	KUNIT_EXPECT_TRUE_MSG(test, nts_name_equal(a, 1, b, 1, true), "ya, ci");
	a[0] = 0x131;
	b[0] = 'I';
	KUNIT_EXPECT_FALSE_MSG(test, nts_name_equal(a, 1, b, 1, true), "dotless i vs I");
	a[0] = 'i';
	KUNIT_EXPECT_TRUE_MSG(test, nts_name_equal(a, 1, b, 1, true), "i vs I");
	/* Units that differ only in the high byte are different names. */
	a[0] = 0x141;
	b[0] = 0x41;
	KUNIT_EXPECT_FALSE_MSG(test, nts_name_equal(a, 1, b, 1, true), "U+0141 vs A");
	KUNIT_EXPECT_NE_MSG(test, nts_name_hash(a, 1), nts_name_hash(b, 1),
			    "U+0141 and A hash apart");
}

/* ---- suites --------------------------------------------------------------- */

static struct kunit_case protect_cases[] = {
	KUNIT_CASE(protect_valid_exhaustive),
	KUNIT_CASE(section_protect_exhaustive),
	KUNIT_CASE(view_protect_table),
	KUNIT_CASE(map_access_table_test),
	KUNIT_CASE(file_access_table_test),
	KUNIT_CASE(generic_access_test),
	{}
};

static struct kunit_suite protect_suite = {
	.name = "ntsection_validate_protect",
	.test_cases = protect_cases,
};

static struct kunit_case create_cases[] = {
	KUNIT_CASE(create_alloc_single_bits),
	KUNIT_CASE(create_alloc_combinations),
	KUNIT_CASE(create_protect_exhaustive),
	KUNIT_CASE(create_pagefile_sizes),
	KUNIT_CASE(create_file_sizes),
	KUNIT_CASE(create_file_access),
	KUNIT_CASE(create_file_handle_status),
	KUNIT_CASE(create_image),
	KUNIT_CASE(create_check_order),
	KUNIT_CASE(create_first_checks_agree),
	KUNIT_CASE(section_attributes_test),
	{}
};

static struct kunit_suite create_suite = {
	.name = "ntsection_validate_create",
	.test_cases = create_cases,
};

static struct kunit_case map_cases[] = {
	KUNIT_CASE(zero_bits_limits),
	KUNIT_CASE(map_params_fields),
	KUNIT_CASE(map_params_user_limit),
	KUNIT_CASE(map_params_zero_bits),
	KUNIT_CASE(map_params_check_order),
	KUNIT_CASE(map_first_checks_agree),
	KUNIT_CASE(map_section_alignment),
	KUNIT_CASE(map_section_protection),
	KUNIT_CASE(map_section_view_size),
	KUNIT_CASE(map_section_commit_and_reserve),
	KUNIT_CASE(map_section_extendable),
	KUNIT_CASE(flush_checks),
	KUNIT_CASE(map_section_large_pages),
	KUNIT_CASE(map_section_placement_room),
	KUNIT_CASE(map_section_check_order),
	{}
};

static struct kunit_suite map_suite = {
	.name = "ntsection_validate_map",
	.test_cases = map_cases,
};

/*
 * MemoryRegionInformation's lengths, from Wine's test_query_region_information
 * (x86-64: RegionSize at 16, CommitSize 24, PartitionId 32, 48 in all; i386:
 * 12, 16, 20, 28): shorter than CommitSize's offset is a mismatch, longer
 * gets the whole fields that fit.
 */
static void vm_region_info_lengths(struct kunit *test)
{
	static const struct {
		u64 length;
		bool c32;
		u32 status;
		u64 fill;
	} t[] = {
		{ 0, false, NT_STATUS_INFO_LENGTH_MISMATCH, 0 },
		{ 8, false, NT_STATUS_INFO_LENGTH_MISMATCH, 0 },
		{ 16, false, NT_STATUS_INFO_LENGTH_MISMATCH, 0 },
		{ 23, false, NT_STATUS_INFO_LENGTH_MISMATCH, 0 },
		{ 24, false, NT_STATUS_SUCCESS, 24 },
		{ 31, false, NT_STATUS_SUCCESS, 24 },
		{ 32, false, NT_STATUS_SUCCESS, 32 },
		{ 40, false, NT_STATUS_SUCCESS, 40 },
		{ 47, false, NT_STATUS_SUCCESS, 40 },
		{ 48, false, NT_STATUS_SUCCESS, 48 },
		{ 4096, false, NT_STATUS_SUCCESS, 48 },
		{ U64_MAX, false, NT_STATUS_SUCCESS, 48 },
		{ 12, true, NT_STATUS_INFO_LENGTH_MISMATCH, 0 },
		{ 15, true, NT_STATUS_INFO_LENGTH_MISMATCH, 0 },
		{ 16, true, NT_STATUS_SUCCESS, 16 },
		{ 19, true, NT_STATUS_SUCCESS, 16 },
		{ 20, true, NT_STATUS_SUCCESS, 20 },
		{ 27, true, NT_STATUS_SUCCESS, 24 },
		{ 28, true, NT_STATUS_SUCCESS, 28 },
		{ U64_MAX, true, NT_STATUS_SUCCESS, 28 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		u64 fill = 0;
		u32 st = nts_region_info_length(t[i].length, t[i].c32, &fill);

		KUNIT_EXPECT_EQ_MSG(test, st, t[i].status, "length %llu c32 %d", t[i].length,
				    t[i].c32);
		if (!st)
			KUNIT_EXPECT_EQ_MSG(test, fill, t[i].fill, "length %llu c32 %d",
					    t[i].length, t[i].c32);
	}
}

/* MEMORY_WORKING_SET_EX_BLOCK: Windows' bit positions, written out. */
static void vm_ws_attributes(struct kunit *test)
{
	static const struct {
		struct nts_ws_page p;
		u64 want;
	} t[] = {
		/* Not valid: only Shared (bit 15) survives. */
		{ { .valid = false }, 0 },
		{ { .shared = true, .protect = 4, .share_count = 3, .locked = true }, 0x8000 },
		/* Valid 1, ShareCount 1 (bits 1-3), READWRITE 4 (bits 4-14). */
		{ { .valid = true, .share_count = 1, .protect = 4 }, 0x1 | 0x2 | 0x40 },
		/* ShareCount at least 1, at most 7. */
		{ { .valid = true, .share_count = 0, .protect = 2 }, 0x1 | 0x2 | 0x20 },
		{ { .valid = true, .share_count = 9, .protect = 2 }, 0x1 | 0xe | 0x20 },
		/* WRITECOPY 8, shared, two mappings, node 5 (bits 16-21). */
		{ { .valid = true, .shared = true, .share_count = 2, .protect = 8, .node = 5 },
		  0x1 | 0x4 | 0x80 | 0x8000 | 0x50000 },
		/* Locked bit 22, LargePage bit 23. */
		{ { .valid = true, .share_count = 1, .protect = 4, .locked = true },
		  0x1 | 0x2 | 0x40 | 0x400000 },
		{ { .valid = true, .share_count = 1, .protect = 4, .large = true },
		  0x1 | 0x2 | 0x40 | 0x800000 },
		/* PAGE_EXECUTE_READWRITE | PAGE_GUARD = 0x140 fits 11 bits; node 63. */
		{ { .valid = true, .share_count = 1, .protect = 0x140, .node = 63 },
		  0x1 | 0x2 | 0x1400 | 0x3f0000 },
		/* Only 11 bits of protection and 6 of node. */
		{ { .valid = true, .share_count = 1, .protect = 0x840, .node = 64 },
		  0x1 | 0x2 | 0x400 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		KUNIT_EXPECT_EQ_MSG(test, nts_ws_attributes(&t[i].p), t[i].want, "entry %u", i);
}

static struct kunit_case query_name_cases[] = {
	KUNIT_CASE(query_class_and_length),
	KUNIT_CASE(vm_region_info_lengths),
	KUNIT_CASE(vm_ws_attributes),
	KUNIT_CASE(query_check_order),
	KUNIT_CASE(extend_checks),
	KUNIT_CASE(name_paths),
	KUNIT_CASE(name_lengths),
	KUNIT_CASE(name_upcase_table),
	KUNIT_CASE(name_compare),
	{}
};

static struct kunit_suite query_name_suite = {
	.name = "ntsection_validate_query_name",
	.test_cases = query_name_cases,
};

/* ---- SPEC §12: the Windows 10+ calls ---------------------------------- */

#define EXT(t, v)	{ .type = (t), .value = (v) }
#define REQ(lo, hi, al)	{ .lowest_starting_address = (lo), .highest_ending_address = (hi), \
			  .alignment = (al) }

/* Wine's get_extended_params(), entry by entry, as a table. */
static void ext_decode_table(struct kunit *test)
{
	static const struct {
		const char *name;
		struct ntsection_mem_extended_parameter p[3];
		u32 count;
		bool no_array;
		bool have_req;
		struct ntsection_mem_address_requirements req;
		u32 want;
		u64 low, high, align;
	} t[] = {
		{ "no parameters", {}, 0, true, false, {}, NT_STATUS_SUCCESS },
		{ "a count with no array", {}, 1, true, false, {}, NT_STATUS_INVALID_PARAMETER },
		{ "type 0", { EXT(0, 0) }, 1, false, false, {}, NT_STATUS_INVALID_PARAMETER },
		{ "type Max", { EXT(NT_MEM_EXT_MAX, 0) }, 1, false, false, {},
		  NT_STATUS_INVALID_PARAMETER },
		{ "type 31", { EXT(31, 0) }, 1, false, false, {}, NT_STATUS_INVALID_PARAMETER },
		{ "reserved bits ignored", { EXT(NT_MEM_EXT_NUMA_NODE | (0x1234ULL << 8), 0) },
		  1, false, false, {}, NT_STATUS_SUCCESS },
		{ "a duplicate", { EXT(NT_MEM_EXT_NUMA_NODE, 0), EXT(NT_MEM_EXT_NUMA_NODE, 0) },
		  2, false, false, {}, NT_STATUS_INVALID_PARAMETER },
		{ "an error after a good one",
		  { EXT(NT_MEM_EXT_NUMA_NODE, 0), EXT(NT_MEM_EXT_USER_PHYSICAL_HANDLE, 0) },
		  2, false, false, {}, NT_STATUS_NOT_SUPPORTED },
		{ "requirements unreadable", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 8) }, 1,
		  false, false, {}, NT_STATUS_ACCESS_VIOLATION },
		{ "empty requirements", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1, false,
		  true, REQ(0, 0, 0), NT_STATUS_SUCCESS },
		{ "full requirements", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1, false,
		  true, REQ(0x100000, TASK_LIMIT - 1, 0x200000), NT_STATUS_SUCCESS,
		  0x100000, TASK_LIMIT - 1, 0x200000 },
		{ "alignment 32 KiB", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1, false,
		  true, REQ(0, 0, 0x8000), NT_STATUS_INVALID_PARAMETER },
		{ "alignment not a power of two", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1,
		  false, true, REQ(0, 0, 0x30000), NT_STATUS_INVALID_PARAMETER },
		{ "lowest not 64 KiB aligned", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1,
		  false, true, REQ(0x11000, 0, 0), NT_STATUS_INVALID_PARAMETER },
		{ "lowest at the limit", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1, false,
		  true, REQ(0x800000000000ULL, 0, 0), NT_STATUS_INVALID_PARAMETER },
		{ "highest past the limit", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1,
		  false, true, REQ(0, TASK_LIMIT + 0xfff, 0), NT_STATUS_INVALID_PARAMETER },
		{ "highest not a page end", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1,
		  false, true, REQ(0, 0x20000000, 0), NT_STATUS_INVALID_PARAMETER },
		{ "highest below lowest", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1,
		  false, true, REQ(0x20000000, 0x1fffffff, 0), NT_STATUS_INVALID_PARAMETER },
		{ "highest equal to lowest", { EXT(NT_MEM_EXT_ADDRESS_REQUIREMENTS, 1) }, 1,
		  false, true, REQ(0x20000000, 0x20000000, 0), NT_STATUS_INVALID_PARAMETER },
		{ "node 3 of 4", { EXT(NT_MEM_EXT_NUMA_NODE, 3) }, 1, false, false, {},
		  NT_STATUS_SUCCESS },
		{ "node 4 of 4", { EXT(NT_MEM_EXT_NUMA_NODE, 4) }, 1, false, false, {},
		  NT_STATUS_INVALID_PARAMETER },
		{ "node 1, a ULONG in a union",
		  { EXT(NT_MEM_EXT_NUMA_NODE, 0xdead000000000001ULL) }, 1, false, false, {},
		  NT_STATUS_SUCCESS },
		{ "i386, a ULONG in a union",
		  { EXT(NT_MEM_EXT_IMAGE_MACHINE, 0xdead00000000014cULL) }, 1, false, false, {},
		  NT_STATUS_SUCCESS },
		{ "no preferred node", { EXT(NT_MEM_EXT_NUMA_NODE, 0xffffffff) }, 1, false, false,
		  {}, NT_STATUS_SUCCESS },
		{ "default partition", { EXT(NT_MEM_EXT_PARTITION_HANDLE, 0) }, 1, false, false,
		  {}, NT_STATUS_SUCCESS },
		{ "a partition handle", { EXT(NT_MEM_EXT_PARTITION_HANDLE, 4) }, 1, false, false,
		  {}, NT_STATUS_INVALID_HANDLE },
		{ "AWE", { EXT(NT_MEM_EXT_USER_PHYSICAL_HANDLE, 0) }, 1, false, false, {},
		  NT_STATUS_NOT_SUPPORTED },
		{ "attribute hints", { EXT(NT_MEM_EXT_ATTRIBUTE_FLAGS, 0xbf) }, 1, false, false,
		  {}, NT_STATUS_SUCCESS },
		{ "EC code", { EXT(NT_MEM_EXT_ATTRIBUTE_FLAGS, NT_MEM_EXT_EC_CODE) }, 1, false,
		  false, {}, NT_STATUS_INVALID_PARAMETER },
		{ "unknown attribute", { EXT(NT_MEM_EXT_ATTRIBUTE_FLAGS, 0x100) }, 1, false,
		  false, {}, NT_STATUS_INVALID_PARAMETER },
		{ "AMD64", { EXT(NT_MEM_EXT_IMAGE_MACHINE, 0x8664) }, 1, false, false, {},
		  NT_STATUS_SUCCESS },
		{ "i386", { EXT(NT_MEM_EXT_IMAGE_MACHINE, 0x14c) }, 1, false, false, {},
		  NT_STATUS_SUCCESS },
		{ "ARM64", { EXT(NT_MEM_EXT_IMAGE_MACHINE, 0xaa64) }, 1, false, false, {},
		  NT_STATUS_NOT_SUPPORTED },
	};
	struct nts_ext out;
	unsigned int i;
	u32 got;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		got = nts_ext_decode(t[i].no_array ? NULL : t[i].p, t[i].count,
				     t[i].have_req ? &t[i].req : NULL, TASK_LIMIT, 4, &out);
		check_status(test, NULL, got, t[i].want, "%s", t[i].name);
		if (got)
			continue;
		check_u64(test, NULL, out.low, t[i].low, "%s: low", t[i].name);
		check_u64(test, NULL, out.high, t[i].high, "%s: high", t[i].name);
		check_u64(test, NULL, out.align, t[i].align, "%s: align", t[i].name);
	}
}

static void map_ex_rules(struct kunit *test)
{
	struct nts_ext e = {};

	check_status(test, NULL, nts_map_ex_check(&e, 0, 0), NT_STATUS_SUCCESS, "nothing");
	check_status(test, NULL, nts_map_ex_check(&e, 0, NT_AT_ROUND_TO_PAGE),
		     NT_STATUS_INVALID_PARAMETER, "AT_ROUND_TO_PAGE");
	check_status(test, NULL, nts_map_ex_check(&e, 0, NT_MEM_REPLACE_PLACEHOLDER),
		     NT_STATUS_SUCCESS, "MEM_REPLACE_PLACEHOLDER");
	check_status(test, NULL, nts_map_ex_check(&e, 0x10000, 0), NT_STATUS_SUCCESS, "a base");
	e.low = 0x100000;
	check_status(test, NULL, nts_map_ex_check(&e, 0, 0), NT_STATUS_SUCCESS, "limits");
	check_status(test, NULL, nts_map_ex_check(&e, 0x10000, 0), NT_STATUS_INVALID_PARAMETER,
		     "a base with a low limit");
	e.low = 0;
	e.high = 0x7fffffff;
	check_status(test, NULL, nts_map_ex_check(&e, 0x10000, 0), NT_STATUS_INVALID_PARAMETER,
		     "a base with a high limit");
	e.high = 0;
	e.align = 0x10000;
	check_status(test, NULL, nts_map_ex_check(&e, 0, 0), NT_STATUS_INVALID_PARAMETER,
		     "any alignment");
}

static void allocate_ex_rules(struct kunit *test)
{
	static const struct {
		const char *name;
		u64 base, size;
		u32 type, protect;
		bool limits;
		u32 want;
		u64 lock_limit;
	} t[] = {
		{ "placeholder", 0, 0x10000, NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
		  NT_PAGE_NOACCESS, false, NT_STATUS_SUCCESS },
		{ "placeholder RW", 0, 0x10000, NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
		  NT_PAGE_READWRITE, false, NT_STATUS_INVALID_PARAMETER },
		{ "placeholder without RESERVE", 0, 0x10000, NT_MEM_RESERVE_PLACEHOLDER,
		  NT_PAGE_NOACCESS, false, NT_STATUS_INVALID_PARAMETER },
		{ "placeholder committed", 0, 0x10000,
		  NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_RESERVE_PLACEHOLDER, NT_PAGE_NOACCESS,
		  false, NT_STATUS_INVALID_PARAMETER },
		{ "reserve and replace", 0x10000, 0x10000,
		  NT_MEM_RESERVE | NT_MEM_REPLACE_PLACEHOLDER | NT_MEM_RESERVE_PLACEHOLDER,
		  NT_PAGE_NOACCESS, false, NT_STATUS_INVALID_PARAMETER },
		{ "replace", 0x10000, 0x10000, NT_MEM_RESERVE | NT_MEM_REPLACE_PLACEHOLDER,
		  NT_PAGE_READWRITE, false, NT_STATUS_SUCCESS },
		{ "replace and commit", 0x10000, 0x10000,
		  NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER, NT_PAGE_READWRITE,
		  false, NT_STATUS_SUCCESS },
		{ "replace alone", 0x10000, 0x10000, NT_MEM_REPLACE_PLACEHOLDER,
		  NT_PAGE_READWRITE, false, NT_STATUS_INVALID_PARAMETER },
		{ "commit and replace", 0x10000, 0x10000,
		  NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER, NT_PAGE_READWRITE, false,
		  NT_STATUS_INVALID_PARAMETER },
		{ "no type", 0, 0x10000, NT_MEM_TOP_DOWN, NT_PAGE_READWRITE, false,
		  NT_STATUS_INVALID_PARAMETER },
		{ "unknown bit", 0, 0x10000, NT_MEM_RESERVE | 0x1, NT_PAGE_READWRITE, false,
		  NT_STATUS_INVALID_PARAMETER },
		{ "size 0", 0, 0, NT_MEM_RESERVE, NT_PAGE_READWRITE, false,
		  NT_STATUS_INVALID_PARAMETER },
		{ "limits", 0, 0x10000, NT_MEM_RESERVE, NT_PAGE_READWRITE, true,
		  NT_STATUS_SUCCESS },
		{ "limits and a base", 0x10000, 0x10000, NT_MEM_RESERVE, NT_PAGE_READWRITE, true,
		  NT_STATUS_INVALID_PARAMETER },
		{ "reset", 0x10000, 0x10000, NT_MEM_RESET, NT_PAGE_READWRITE, false,
		  NT_STATUS_SUCCESS },
		{ "large pages", 0, 0x400000, NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_LARGE_PAGES,
		  NT_PAGE_READWRITE, false, NT_STATUS_SUCCESS },
		{ "large pages, reserve only", 0, 0x200000, NT_MEM_RESERVE | NT_MEM_LARGE_PAGES,
		  NT_PAGE_READWRITE, false, NT_STATUS_INVALID_PARAMETER },
		{ "large pages, commit only", 0x200000, 0x200000,
		  NT_MEM_COMMIT | NT_MEM_LARGE_PAGES, NT_PAGE_READWRITE, false,
		  NT_STATUS_INVALID_PARAMETER },
		{ "large pages, 1 MiB", 0, 0x100000,
		  NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_LARGE_PAGES, NT_PAGE_READWRITE, false,
		  NT_STATUS_INVALID_PARAMETER },
		{ "large pages, base off a large page", 0x10000, 0x200000,
		  NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_LARGE_PAGES, NT_PAGE_READWRITE, false,
		  NT_STATUS_INVALID_PARAMETER },
		{ "large pages within RLIMIT_MEMLOCK", 0, 0x400000,
		  NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_LARGE_PAGES, NT_PAGE_READWRITE, false,
		  NT_STATUS_SUCCESS, 0x400000 },
		{ "large pages past RLIMIT_MEMLOCK", 0, 0x600000,
		  NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_LARGE_PAGES, NT_PAGE_READWRITE, false,
		  NT_STATUS_PRIVILEGE_NOT_HELD, 0x400000 },
	};
	struct nts_ext none = {}, lim = { .low = 0x100000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		check_status(test, NULL, nts_allocate_ex_check(t[i].limits ? &lim : &none,
							       t[i].base, t[i].size, t[i].type,
							       t[i].protect, t[i].lock_limit),
			     t[i].want, "%s", t[i].name);
}

/* FreeType: every combination of the bits that mean anything to it. */
static void free_and_unmap_flags(struct kunit *test)
{
	static const u32 bits[] = {
		NT_MEM_COALESCE_PLACEHOLDERS, NT_MEM_PRESERVE_PLACEHOLDER, NT_MEM_DECOMMIT,
		NT_MEM_RELEASE, NT_MEM_FREE, NT_MEM_RESERVE, 0x100,
	};
	unsigned int m, i, bad = 0;

	for (m = 0; m < BIT(ARRAY_SIZE(bits)); m++) {
		u32 type = 0;
		bool ok;

		for (i = 0; i < ARRAY_SIZE(bits); i++)
			if (m & BIT(i))
				type |= bits[i];
		ok = type == NT_MEM_DECOMMIT || type == NT_MEM_RELEASE ||
		     type == (NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER) ||
		     type == (NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS);
		check_status(test, &bad, nts_free_check_type(type),
			     ok ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_PARAMETER_4,
			     "FreeType %#x", type);
	}
	for (i = 0; i < 32; i++) {
		u32 f = BIT(i);

		check_status(test, &bad, nts_unmap_ex_check_flags(f),
			     f == NT_MEM_PRESERVE_PLACEHOLDER ||
			     f == NT_MEM_UNMAP_WITH_TRANSIENT_BOOST ?
			     NT_STATUS_SUCCESS : NT_STATUS_INVALID_PARAMETER, "UnmapFlags %#x", f);
	}
	check_status(test, &bad, nts_unmap_ex_check_flags(NT_MEM_PRESERVE_PLACEHOLDER |
							  NT_MEM_UNMAP_WITH_TRANSIENT_BOOST),
		     NT_STATUS_SUCCESS, "both UnmapFlags");
	check_none_bad(test, bad, "FreeType and UnmapFlags");
}

static void section_ext_rules(struct kunit *test)
{
	struct ntsection_mem_extended_parameter p[2] = {
		EXT(NT_MEM_SECTION_EXT_NUMA_NODE, 1), EXT(NT_MEM_SECTION_EXT_SIGNING_LEVEL, 7),
	};

	check_status(test, NULL, nts_section_ext_decode(p, 2, 2), NT_STATUS_SUCCESS, "node, level");
	check_status(test, NULL, nts_section_ext_decode(p, 1, 1), NT_STATUS_INVALID_PARAMETER,
		     "node 1 of 1");
	check_status(test, NULL, nts_section_ext_decode(NULL, 1, 1), NT_STATUS_INVALID_PARAMETER,
		     "no array");
	p[1] = p[0];
	check_status(test, NULL, nts_section_ext_decode(p, 2, 2), NT_STATUS_INVALID_PARAMETER,
		     "a duplicate");
	p[0].type = NT_MEM_SECTION_EXT_USER_PHYSICAL_FLAGS;
	check_status(test, NULL, nts_section_ext_decode(p, 1, 2), NT_STATUS_NOT_SUPPORTED, "AWE");
	p[0].type = NT_MEM_SECTION_EXT_MAX;
	check_status(test, NULL, nts_section_ext_decode(p, 1, 2), NT_STATUS_INVALID_PARAMETER,
		     "type Max");
	p[0].type = 0;
	check_status(test, NULL, nts_section_ext_decode(p, 1, 2), NT_STATUS_INVALID_PARAMETER,
		     "type 0");
}

/* MEM_REPLACE_PLACEHOLDER in NtMapViewOfSection(Ex): page alignment, a base. */
static void map_replace_placeholder(struct kunit *test)
{
	struct nts_map_args a;
	unsigned int bad = 0;

	a = map_args(0x10001000, 0x3000, 0x1000, NT_PAGE_READWRITE);
	a.alloc_type = NT_MEM_REPLACE_PLACEHOLDER;
	/* NtMapViewOfSection does not know the flag (SPEC §5); the Ex call does. */
	check_status(test, NULL, nts_map_check_params(&a), NT_STATUS_INVALID_PARAMETER_9,
		     "NtMapViewOfSection");
	a.ex = true;
	check_status(test, NULL, nts_map_check_params(&a), NT_STATUS_SUCCESS,
		     "NtMapViewOfSectionEx");
	a.alloc_type |= NT_MEM_COMMIT;
	check_status(test, NULL, nts_map_check_params(&a), NT_STATUS_INVALID_PARAMETER_9,
		     "NtMapViewOfSectionEx, MEM_COMMIT");
	a.alloc_type = NT_MEM_REPLACE_PLACEHOLDER;
	check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
		  NT_STATUS_SUCCESS, 0x1000, "page-aligned base and offset");
	a.base = 0x10000800;
	check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
		  NT_STATUS_MAPPED_ALIGNMENT, 0, "half-page base");
	a.base = 0x10001000;
	a.offset = 0x3800;
	check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
		  NT_STATUS_MAPPED_ALIGNMENT, 0, "half-page offset");
	a.base = 0;
	a.offset = 0;
	check_map(test, &bad, &a, NT_PAGE_READWRITE, SEC_SIZE, false, NT_SEC_COMMIT,
		  NT_STATUS_INVALID_PARAMETER, 0, "no base");
	check_none_bad(test, bad, "replace placeholder");
	a.base = 0x10000;
	check_status(test, NULL, nts_map_check_image(&a, false, SEC_SIZE), NT_STATUS_NOT_SUPPORTED,
		     "an image");
}

/* SeLockMemoryPrivilege: SEC_LARGE_PAGES and MEM_LARGE_PAGES against RLIMIT_MEMLOCK. */
static void large_pages_privilege(struct kunit *test)
{
	struct nts_create_args c = {
		.alloc_attrs = NT_SEC_COMMIT | NT_SEC_LARGE_PAGES, .protect = NT_PAGE_READWRITE,
		.size = 0x400000, .size_given = true, .commit_limit = U64_MAX,
	};
	struct nts_map_args a = map_args(0, 0, 0, NT_PAGE_READWRITE);
	bool grow;
	u64 size, view;

	check_status(test, NULL, nts_validate_create(&c, &size, &grow), NT_STATUS_SUCCESS,
		     "held");
	c.lock_limit = 0x400000;
	check_status(test, NULL, nts_validate_create(&c, &size, &grow), NT_STATUS_SUCCESS,
		     "within the limit");
	c.lock_limit = 0x3fffff;
	check_status(test, NULL, nts_validate_create(&c, &size, &grow),
		     NT_STATUS_PRIVILEGE_NOT_HELD, "past the limit");
	c.size = 0x300000;
	check_status(test, NULL, nts_validate_create(&c, &size, &grow),
		     NT_STATUS_INVALID_PARAMETER_4, "the size first");
	c.alloc_attrs = NT_SEC_COMMIT;
	check_status(test, NULL, nts_validate_create(&c, &size, &grow), NT_STATUS_SUCCESS,
		     "no large pages");
	a.alloc_type = NT_MEM_LARGE_PAGES;
	a.lock_limit = 1;
	check_status(test, NULL, nts_map_check_section(&a, NT_PAGE_READWRITE, 0x400000, false,
						       NT_SEC_COMMIT, &view),
		     NT_STATUS_PRIVILEGE_NOT_HELD, "a MEM_LARGE_PAGES view past the limit");
	a.lock_limit = 0;
	check_status(test, NULL, nts_map_check_section(&a, NT_PAGE_READWRITE, 0x400000, false,
						       NT_SEC_COMMIT, &view),
		     NT_STATUS_SUCCESS, "a MEM_LARGE_PAGES view, held");
	a.alloc_type = 0;
	a.lock_limit = 1;
	check_status(test, NULL, nts_map_check_section(&a, NT_PAGE_READWRITE, 0x400000, false,
						       NT_SEC_LARGE_PAGES | NT_SEC_COMMIT, &view),
		     NT_STATUS_SUCCESS, "a plain view of a large-page section");
}

/* OBJ_ attributes, Windows' order and statuses (nts_check_obj_attributes()). */
static void obj_attributes_rules(struct kunit *test)
{
	static const u32 accepted[] = {
		0, NT_OBJ_INHERIT, NT_OBJ_CASE_INSENSITIVE, NT_OBJ_OPENIF, NT_OBJ_KERNEL_HANDLE,
		NT_OBJ_FORCE_ACCESS_CHECK, NT_OBJ_IGNORE_IMPERSONATED_DEVICEMAP,
		NT_OBJ_DONT_REPARSE,
	};
	unsigned int i, bit;

	for (i = 0; i < ARRAY_SIZE(accepted); i++) {
		KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(accepted[i], true, false), 0u);
		KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(accepted[i], false, false), 0u);
	}
	for (bit = 0; bit < 32; bit++) {
		if (BIT(bit) & NT_OBJ_VALID_ATTRIBUTES)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, nts_check_obj_attributes(BIT(bit), true, true),
				    NT_STATUS_INVALID_PARAMETER, "bit %u", bit);
		KUNIT_EXPECT_EQ_MSG(test, nts_check_obj_attributes(BIT(bit) | NT_OBJ_PERMANENT,
								   false, false),
				    NT_STATUS_INVALID_PARAMETER, "bit %u", bit);
	}
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_OPENLINK, true, true),
			NT_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_OPENLINK, false, true),
			NT_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_EXCLUSIVE | NT_OBJ_INHERIT, true,
						       true), NT_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_EXCLUSIVE, true, true), 0u);
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_EXCLUSIVE, false, false), 0u);
	/* OBJ_EXCLUSIVE with the section (ObpIncrementHandleCount). */
	KUNIT_EXPECT_EQ(test, nts_check_exclusive(0, false, false), 0u);
	KUNIT_EXPECT_EQ(test, nts_check_exclusive(0, true, true), NT_STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, nts_check_exclusive(0, true, false), NT_STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, nts_check_exclusive(NT_OBJ_EXCLUSIVE, false, false),
			NT_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, nts_check_exclusive(NT_OBJ_EXCLUSIVE, true, false),
			NT_STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, nts_check_exclusive(NT_OBJ_EXCLUSIVE, true, true), 0u);
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_PERMANENT, true, false),
			NT_STATUS_PRIVILEGE_NOT_HELD);
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_PERMANENT, true, true),
			NT_STATUS_NOT_SUPPORTED);
	/* Opening: permanence is decided at creation only. */
	KUNIT_EXPECT_EQ(test, nts_check_obj_attributes(NT_OBJ_PERMANENT, false, false), 0u);
}

/* MAXIMUM_ALLOWED: what a class of a mode grants (nts_mode_access()). */
static void mode_access_rules(struct kunit *test)
{
	const u32 r = NT_SECTION_QUERY | NT_SECTION_MAP_READ | NT_SECTION_MAP_EXECUTE;
	const u32 w = NT_SECTION_MAP_WRITE | NT_SECTION_EXTEND_SIZE;

	KUNIT_EXPECT_EQ(test, nts_mode_access(0), 0u);
	KUNIT_EXPECT_EQ(test, nts_mode_access(1), 0u);
	KUNIT_EXPECT_EQ(test, nts_mode_access(4), r | NT_STANDARD_RIGHTS_REQUIRED);
	KUNIT_EXPECT_EQ(test, nts_mode_access(2), w | NT_STANDARD_RIGHTS_REQUIRED);
	KUNIT_EXPECT_EQ(test, nts_mode_access(6), NT_SECTION_ALL_ACCESS);
	KUNIT_EXPECT_EQ(test, nts_mode_access(7), NT_SECTION_ALL_ACCESS);
}

/* An ACL of @n ACEs of @type/@flags, each for S-1-@auth-@sub[i] with @mask[i]. */
static u32 acl_build(u8 *acl, u32 n, u8 type, u8 flags, const u8 *auth, const u32 *sub,
		     const u32 *mask)
{
	u32 i, off = 8;

	memset(acl, 0, 8 + n * 20);
	acl[0] = 2;
	for (i = 0; i < n; i++, off += 20) {
		u8 *ace = acl + off;

		ace[0] = type;
		ace[1] = flags;
		ace[2] = 20;
		memcpy(ace + 4, &mask[i], 4);
		ace[8] = 1;		/* SID revision */
		ace[9] = 1;		/* one sub-authority */
		ace[15] = auth[i];	/* big-endian 48-bit authority */
		memcpy(ace + 16, &sub[i], 4);
	}
	acl[2] = off & 0xff;
	acl[3] = off >> 8;
	acl[4] = n;
	return off;
}

/* A DACL to a mode (nts_acl_to_mode()): what a mode can say, else a status. */
static void acl_mode_rules(struct kunit *test)
{
	static const u8 auth[] = { 1, 3, 3 };
	static const u32 sub[] = { 0, 4, 1 }, sub_co[] = { 0, 0, 1 };
	u32 mask[] = { NT_GENERIC_READ, NT_GENERIC_ALL, NT_SECTION_MAP_WRITE };
	u8 acl[8 + 3 * 20];
	u32 size, mode = 0;

	/* Empty DACL: nobody. */
	size = acl_build(acl, 0, 0, 0, auth, sub, mask);
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), 0u);
	KUNIT_EXPECT_EQ(test, mode, NTS_MODE_EXPLICIT);
	/* Owner only (OWNER RIGHTS, then CREATOR OWNER): 0600. */
	size = acl_build(acl, 1, 0, 0, auth + 1, sub + 1, mask + 1);
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), 0u);
	KUNIT_EXPECT_EQ(test, mode, NTS_MODE_EXPLICIT | 0600);
	size = acl_build(acl, 1, 0, 0, auth + 1, sub_co + 1, mask + 1);
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), 0u);
	KUNIT_EXPECT_EQ(test, mode, NTS_MODE_EXPLICIT | 0600);
	/* Everyone read, owner all, group write: 0664 | 0600 | 0020. */
	size = acl_build(acl, 3, 0, 0, auth, sub, mask);
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), 0u);
	KUNIT_EXPECT_EQ(test, mode, NTS_MODE_EXPLICIT | 0664);
	/* A right no permission guards (DELETE) grants no bit. */
	mask[0] = 0x00010000;
	size = acl_build(acl, 1, 0, 0, auth, sub, mask);
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), 0u);
	KUNIT_EXPECT_EQ(test, mode, NTS_MODE_EXPLICIT);
	mode = 0;
	/* Deny ACEs, inheritance flags, other SIDs: NOT_SUPPORTED. */
	size = acl_build(acl, 1, 1, 0, auth, sub, mask);
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_NOT_SUPPORTED);
	size = acl_build(acl, 1, 0, 2, auth, sub, mask);
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_NOT_SUPPORTED);
	size = acl_build(acl, 1, 0, 0, auth + 1, sub + 1, mask);
	acl[16 + 8] = 5;	/* S-1-3-5 */
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_NOT_SUPPORTED);
	acl[8 + 15] = 5;	/* S-1-5-5: NT AUTHORITY */
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_NOT_SUPPORTED);
	/* Malformed: INVALID_ACL, INVALID_SID. */
	size = acl_build(acl, 1, 0, 0, auth, sub, mask);
	acl[0] = 3;
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_INVALID_ACL);
	acl[0] = 2;
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size - 4, &mode), NT_STATUS_INVALID_ACL);
	acl[4] = 2;		/* two ACEs in the room of one */
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_INVALID_ACL);
	acl[4] = 1;
	acl[8 + 2] = 40;	/* an ACE past the ACL */
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_INVALID_ACL);
	acl[8 + 2] = 20;
	acl[8 + 9] = 2;		/* two sub-authorities in an ACE of one */
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_INVALID_SID);
	acl[8 + 9] = 1;
	acl[8 + 8] = 2;		/* SID revision 2 */
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, size, &mode), NT_STATUS_INVALID_SID);
	KUNIT_EXPECT_EQ(test, mode, 0u);	/* never written on failure */
	KUNIT_EXPECT_EQ(test, nts_acl_to_mode(acl, 4, &mode), NT_STATUS_INVALID_ACL);
}

static struct kunit_case ex_cases[] = {
	KUNIT_CASE(ext_decode_table),
	KUNIT_CASE(map_ex_rules),
	KUNIT_CASE(allocate_ex_rules),
	KUNIT_CASE(free_and_unmap_flags),
	KUNIT_CASE(section_ext_rules),
	KUNIT_CASE(map_replace_placeholder),
	KUNIT_CASE(large_pages_privilege),
	KUNIT_CASE(obj_attributes_rules),
	KUNIT_CASE(mode_access_rules),
	KUNIT_CASE(acl_mode_rules),
	{}
};

static struct kunit_suite ex_suite = {
	.name = "ntsection_validate_ex",
	.test_cases = ex_cases,
};

kunit_test_suites(&protect_suite, &create_suite, &map_suite, &query_name_suite, &ex_suite);
