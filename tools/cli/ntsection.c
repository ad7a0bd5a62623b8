// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection(1): create, open, map, inspect and list NT section objects from a
 * shell, on top of libntsection.
 *
 * A named section lives while a handle to it does, so the commands that make
 * or open one can hold it: in the foreground until a signal, for a while
 * (--timeout) or in the background (--daemon, which prints the holder's pid).
 * "ntsection rm" stops the holders this command started that provably hold
 * that very section (their /proc/PID/fdinfo), and only those the caller may
 * signal.
 *
 * Exit status: 0 on success, 1 when the operation failed, 2 for a usage error.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libsmartcols.h>
#include <ntsection.h>

#define CLI_VERSION	"1.0.0"
/* The library's version: the CLI links the libntsection.a of its build. */
#ifndef NTSECTION_LIB_VERSION
#define NTSECTION_LIB_VERSION	CLI_VERSION
#endif
#define NTS_DEVICE	"/dev/ntsection"
#define NT_DIRECTORY	"\\BaseNamedObjects\\"
#ifndef PROC_SECTIONS
#define PROC_SECTIONS	"/proc/ntsection/sections"
#endif
#define PAGEFILE_PATH	"/ntsection"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/**
 * struct cli - a parsed command line
 * @prog: how we were called, for messages
 * @cmd: the command
 * @json: --json
 * @arg: the command's argument (a NAME, or a PID for views)
 * @size: SIZE of create, --size of map
 * @size_given: a size was given
 * @protect: --protect
 * @protect_given: --protect was given
 * @reserve: --reserve (SEC_RESERVE)
 * @file: --file
 * @mode: --mode
 * @access: --access
 * @access_given: --access was given
 * @obj_attrs: OBJ_* (--openif, --case-insensitive)
 * @daemon: --daemon
 * @timeout: --timeout in seconds, -1 for none
 * @no_hold: --no-hold
 * @offset: --offset of map
 * @offset_given: --offset was given
 * @commit: --commit of map
 * @commit_given: --commit was given
 * @write_text: --write of map
 * @read_len: --read of map, -1 for none
 * @inherit: ViewShare, or ViewUnmap with --no-inherit
 * @image: --image of map: the PE file to map as an image
 * @pid: --pid of map: the process to map into, -1 for this one
 * @output: -o/--output of ls and info: the columns
 * @noheadings: -n/--noheadings of ls and info
 * @raw: -r/--raw of ls and info
 * @bytes: -b/--bytes of ls and info
 * @list: -l/--list of info: a table, not the key: value lines
 * @export: -e/--export of ls and info: KEY="value" pairs
 * @notruncate: --notruncate of ls and info
 */
struct cli {
	const char *prog;
	const char *cmd;
	bool json;
	const char *arg;
	unsigned long long size;
	bool size_given;
	ULONG protect;
	bool protect_given;
	bool reserve;
	const char *file;
	unsigned int mode;
	ULONG access;
	bool access_given;
	ULONG obj_attrs;
	bool daemon;
	long timeout;
	bool no_hold;
	unsigned long long offset;
	bool offset_given;
	unsigned long long commit;
	bool commit_given;
	const char *write_text;
	long read_len;
	SECTION_INHERIT inherit;
	long pid;
	const char *image;
	const char *output;
	bool noheadings;
	bool raw;
	bool bytes;
	bool list;
	bool export;
	bool notruncate;
};

/* Where the report goes: stdout, or the pipe to the parent of a --daemon. */
static FILE *out;

/* ------------------------------------------------------------------------ */
/* Names of things.                                                         */

struct status_name {
	NTSTATUS status;
	const char *name;
	const char *text;
};

static const struct status_name status_names[] = {
	{ STATUS_SUCCESS, "STATUS_SUCCESS", "success" },
	{ STATUS_OBJECT_NAME_EXISTS, "STATUS_OBJECT_NAME_EXISTS", "opened an existing section" },
	{ STATUS_IMAGE_NOT_AT_BASE, "STATUS_IMAGE_NOT_AT_BASE", "mapped, not at the image's base" },
	{ STATUS_IMAGE_MACHINE_TYPE_MISMATCH, "STATUS_IMAGE_MACHINE_TYPE_MISMATCH",
	  "mapped, but the image is not of this process's machine" },
	{ STATUS_BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW", "buffer too small for the data" },
	{ STATUS_FILE_INVALID, "STATUS_FILE_INVALID", "no file behind that memory" },
	{ STATUS_INVALID_ADDRESS, "STATUS_INVALID_ADDRESS", "invalid address" },
	{ STATUS_UNSUCCESSFUL, "STATUS_UNSUCCESSFUL", "the operation failed" },
	{ STATUS_NOT_IMPLEMENTED, "STATUS_NOT_IMPLEMENTED", "not implemented" },
	{ STATUS_INVALID_INFO_CLASS, "STATUS_INVALID_INFO_CLASS", "invalid information class" },
	{ STATUS_INFO_LENGTH_MISMATCH, "STATUS_INFO_LENGTH_MISMATCH", "buffer too small" },
	{ STATUS_ACCESS_VIOLATION, "STATUS_ACCESS_VIOLATION", "bad address" },
	{ STATUS_INVALID_HANDLE, "STATUS_INVALID_HANDLE", "invalid handle" },
	{ STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER", "invalid parameter" },
	{ STATUS_NO_MEMORY, "STATUS_NO_MEMORY", "no room in the address space" },
	{ STATUS_CONFLICTING_ADDRESSES, "STATUS_CONFLICTING_ADDRESSES",
	  "the address range is in use" },
	{ STATUS_NOT_MAPPED_VIEW, "STATUS_NOT_MAPPED_VIEW", "not a view" },
	{ STATUS_UNABLE_TO_DELETE_SECTION, "STATUS_UNABLE_TO_DELETE_SECTION",
	  "a view is freed by unmapping it" },
	{ STATUS_INVALID_VIEW_SIZE, "STATUS_INVALID_VIEW_SIZE",
	  "the view does not fit in the section" },
	{ STATUS_INVALID_FILE_FOR_SECTION, "STATUS_INVALID_FILE_FOR_SECTION",
	  "the file cannot back this section" },
	{ STATUS_ALREADY_COMMITTED, "STATUS_ALREADY_COMMITTED", "already committed" },
	{ STATUS_ACCESS_DENIED, "STATUS_ACCESS_DENIED", "access denied" },
	{ STATUS_OBJECT_TYPE_MISMATCH, "STATUS_OBJECT_TYPE_MISMATCH",
	  "the handle is not a section" },
	{ STATUS_OBJECT_NAME_INVALID, "STATUS_OBJECT_NAME_INVALID", "invalid name" },
	{ STATUS_OBJECT_NAME_NOT_FOUND, "STATUS_OBJECT_NAME_NOT_FOUND", "no section of that name" },
	{ STATUS_OBJECT_NAME_COLLISION, "STATUS_OBJECT_NAME_COLLISION",
	  "a section of that name exists already" },
	{ STATUS_OBJECT_PATH_NOT_FOUND, "STATUS_OBJECT_PATH_NOT_FOUND", "no such directory" },
	{ STATUS_OBJECT_PATH_SYNTAX_BAD, "STATUS_OBJECT_PATH_SYNTAX_BAD", "bad path syntax" },
	{ STATUS_SECTION_TOO_BIG, "STATUS_SECTION_TOO_BIG", "the size is too big" },
	{ STATUS_INVALID_PAGE_PROTECTION, "STATUS_INVALID_PAGE_PROTECTION",
	  "invalid page protection" },
	{ STATUS_SECTION_NOT_IMAGE, "STATUS_SECTION_NOT_IMAGE", "not an image section" },
	{ STATUS_SECTION_PROTECTION, "STATUS_SECTION_PROTECTION",
	  "the protection does not fit the section's" },
	{ STATUS_INVALID_IMAGE_FORMAT, "STATUS_INVALID_IMAGE_FORMAT", "bad image format" },
	{ STATUS_SECTION_NOT_EXTENDED, "STATUS_SECTION_NOT_EXTENDED",
	  "this section cannot grow" },
	{ STATUS_INSUFFICIENT_RESOURCES, "STATUS_INSUFFICIENT_RESOURCES",
	  "insufficient resources" },
	{ STATUS_NOT_SUPPORTED, "STATUS_NOT_SUPPORTED", "not supported" },
	{ STATUS_INVALID_PARAMETER_1, "STATUS_INVALID_PARAMETER_1", "invalid parameter 1" },
	{ STATUS_INVALID_PARAMETER_2, "STATUS_INVALID_PARAMETER_2", "invalid parameter 2" },
	{ STATUS_INVALID_PARAMETER_3, "STATUS_INVALID_PARAMETER_3", "invalid parameter 3" },
	{ STATUS_INVALID_PARAMETER_4, "STATUS_INVALID_PARAMETER_4", "invalid size" },
	{ STATUS_INVALID_PARAMETER_5, "STATUS_INVALID_PARAMETER_5", "invalid parameter 5" },
	{ STATUS_INVALID_PARAMETER_6, "STATUS_INVALID_PARAMETER_6",
	  "invalid allocation attributes" },
	{ STATUS_INVALID_PARAMETER_8, "STATUS_INVALID_PARAMETER_8", "invalid inheritance" },
	{ STATUS_INVALID_PARAMETER_9, "STATUS_INVALID_PARAMETER_9", "invalid allocation type" },
	{ STATUS_MAPPED_FILE_SIZE_ZERO, "STATUS_MAPPED_FILE_SIZE_ZERO", "the file is empty" },
	{ STATUS_COMMITMENT_LIMIT, "STATUS_COMMITMENT_LIMIT", "over the commit limit" },
	{ STATUS_INVALID_IMAGE_NOT_MZ, "STATUS_INVALID_IMAGE_NOT_MZ", "not a PE image" },
	{ STATUS_INVALID_IMAGE_PROTECT, "STATUS_INVALID_IMAGE_PROTECT",
	  "not a PE image (no PE header)" },
	{ STATUS_INVALID_IMAGE_WIN_16, "STATUS_INVALID_IMAGE_WIN_16", "a 16-bit Windows image" },
	{ STATUS_INVALID_IMAGE_NE_FORMAT, "STATUS_INVALID_IMAGE_NE_FORMAT",
	  "an NE (16-bit) image" },
	{ STATUS_MAPPED_ALIGNMENT, "STATUS_MAPPED_ALIGNMENT",
	  "the offset is not a multiple of 64 KiB" },
	{ STATUS_INVALID_CID, "STATUS_INVALID_CID", "no such process" },
	{ STATUS_PROCESS_IS_TERMINATING, "STATUS_PROCESS_IS_TERMINATING",
	  "the process has exited (or called execve)" },
	{ STATUS_PARTIAL_COPY, "STATUS_PARTIAL_COPY", "only part of the memory could be copied" },
	{ STATUS_INVALID_PARAMETER_MIX, "STATUS_INVALID_PARAMETER_MIX",
	  "the parameters do not go together" },
};

static const struct status_name *status_find(NTSTATUS st)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(status_names); i++)
		if (status_names[i].status == st)
			return &status_names[i];
	return NULL;
}

struct flag_name {
	ULONG value;
	const char *name;
};

static const struct flag_name protect_names[] = {
	{ PAGE_NOACCESS, "PAGE_NOACCESS" }, { PAGE_READONLY, "PAGE_READONLY" },
	{ PAGE_READWRITE, "PAGE_READWRITE" }, { PAGE_WRITECOPY, "PAGE_WRITECOPY" },
	{ PAGE_EXECUTE, "PAGE_EXECUTE" }, { PAGE_EXECUTE_READ, "PAGE_EXECUTE_READ" },
	{ PAGE_EXECUTE_READWRITE, "PAGE_EXECUTE_READWRITE" },
	{ PAGE_EXECUTE_WRITECOPY, "PAGE_EXECUTE_WRITECOPY" },
	{ PAGE_GUARD, "PAGE_GUARD" }, { PAGE_NOCACHE, "PAGE_NOCACHE" },
	{ PAGE_WRITECOMBINE, "PAGE_WRITECOMBINE" },
};

static const struct flag_name attr_names[] = {
	{ SEC_BASED, "SEC_BASED" }, { SEC_NO_CHANGE, "SEC_NO_CHANGE" },
	{ SEC_FILE, "SEC_FILE" }, { SEC_IMAGE, "SEC_IMAGE" },
	{ SEC_RESERVE, "SEC_RESERVE" }, { SEC_COMMIT, "SEC_COMMIT" },
	{ SEC_NOCACHE, "SEC_NOCACHE" }, { SEC_WRITECOMBINE, "SEC_WRITECOMBINE" },
	{ SEC_LARGE_PAGES, "SEC_LARGE_PAGES" },
};

/* "A|B|C" of the flags in @v; unknown bits as hex. */
static const char *flags_str(const struct flag_name *names, size_t n, ULONG v, char *buf,
			     size_t len)
{
	size_t i, used = 0;
	ULONG left = v;

	buf[0] = 0;
	for (i = 0; i < n; i++) {
		if (!names[i].value || (v & names[i].value) != names[i].value)
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s",
				 used ? "|" : "", names[i].name);
		left &= ~names[i].value;
	}
	if (left || !used) {
		if (!v && names == protect_names)
			snprintf(buf, len, "0");
		else
			snprintf(buf + used, used < len ? len - used : 0, "%s0x%x",
				 used ? "|" : "", left);
	}
	return buf;
}

static const char *protect_str(ULONG v, char *buf, size_t len)
{
	return flags_str(protect_names, ARRAY_SIZE(protect_names), v,
			 buf, len);
}

static const char *attrs_str(ULONG v, char *buf, size_t len)
{
	return flags_str(attr_names, ARRAY_SIZE(attr_names), v, buf, len);
}

/* SECTION_IMAGE_INFORMATION.ImageFlags. */
static const struct flag_name image_flag_names[] = {
	{ 0x01, "ComPlusNativeReady" }, { 0x02, "ComPlusILOnly" },
	{ 0x04, "ImageDynamicallyRelocated" }, { 0x08, "ImageMappedFlat" },
	{ 0x10, "BaseBelow4gb" }, { 0x20, "ComPlusPrefer32bit" },
};

/* MEMORY_IMAGE_INFORMATION.ImageFlags. */
static const struct flag_name view_flag_names[] = {
	{ 0x1, "ImagePartialMap" }, { 0x2, "ImageNotExecutable" },
};

/* "0x04 (ImageDynamicallyRelocated)", or "0" when no flag is set. */
static const char *image_flags_str(const struct flag_name *names, size_t n, ULONG v,
				   char *buf, size_t len)
{
	char names_buf[256];

	if (!v)
		snprintf(buf, len, "0");
	else
		snprintf(buf, len, "0x%02x (%s)", v,
			 flags_str(names, n, v, names_buf, sizeof(names_buf)));
	return buf;
}

/* IMAGE_FILE_HEADER.Machine: the two the module maps. */
static const char *machine_str(USHORT machine)
{
	switch (machine) {
	case 0x014c:
		return "i386";
	case 0x8664:
		return "amd64";
	default:
		return "unknown";
	}
}

/* IMAGE_OPTIONAL_HEADER.Subsystem: IMAGE_SUBSYSTEM_ without the prefix. */
static const char *subsystem_str(ULONG subsystem)
{
	static const char * const names[] = {
		[0] = "UNKNOWN", [1] = "NATIVE", [2] = "WINDOWS_GUI", [3] = "WINDOWS_CUI",
		[5] = "OS2_CUI", [7] = "POSIX_CUI", [8] = "NATIVE_WINDOWS",
		[9] = "WINDOWS_CE_GUI", [10] = "EFI_APPLICATION",
		[11] = "EFI_BOOT_SERVICE_DRIVER", [12] = "EFI_RUNTIME_DRIVER", [13] = "EFI_ROM",
		[14] = "XBOX", [16] = "WINDOWS_BOOT_APPLICATION",
	};

	if (subsystem < ARRAY_SIZE(names) && names[subsystem])
		return names[subsystem];
	return "UNKNOWN";
}

/* 65536 -> "64K": sizes in the tables (exact bytes in --json). */
static const char *size_str(unsigned long long v, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	double d = (double)v;
	int u = -1;

	if (v < 1024) {
		snprintf(buf, len, "%llu", v);
		return buf;
	}
	while (d >= 1024 && u < 5) {
		d /= 1024;
		u++;
	}
	if (d == (double)(unsigned long long)d)
		snprintf(buf, len, "%llu%c", (unsigned long long)d, units[u]);
	else
		snprintf(buf, len, "%.1f%c", d, units[u]);
	return buf;
}

/* ------------------------------------------------------------------------ */
/* JSON output.                                                             */

/**
 * struct json - a tiny streaming JSON writer
 * @f: where it goes
 * @depth: nesting depth
 * @first: per level: nothing written at this level yet
 */
struct json {
	FILE *f;
	int depth;
	bool first[16];
};

static void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_key(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (key) {
		json_string(j->f, key);
		fputc(':', j->f);
	}
}

static void json_open(struct json *j, const char *key, char c)
{
	if (j->depth >= 0)
		json_key(j, key);
	fputc(c, j->f);
	j->depth++;
	j->first[j->depth] = true;
}

static void json_close(struct json *j, char c)
{
	fputc(c, j->f);
	j->depth--;
	if (j->depth < 0)
		fputc('\n', j->f);
}

static void json_begin(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = -1;
	json_open(j, NULL, '{');
}

static void json_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	if (s)
		json_string(j->f, s);
	else
		fputs("null", j->f);
}

static void json_num(struct json *j, const char *key, unsigned long long v)
{
	json_key(j, key);
	fprintf(j->f, "%llu", v);
}

static void json_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	fputs(v ? "true" : "false", j->f);
}

/* An array @key of the names of the flags set in @v; unknown bits as one "0x..". */
static void json_flag_names(struct json *j, const char *key, const struct flag_name *names,
			    size_t n, ULONG v)
{
	char hex[16];
	size_t i;

	json_open(j, key, '[');
	for (i = 0; i < n; i++) {
		if (v & names[i].value) {
			json_str(j, NULL, names[i].name);
			v &= ~names[i].value;
		}
	}
	if (v) {
		snprintf(hex, sizeof(hex), "0x%x", v);
		json_str(j, NULL, hex);
	}
	json_close(j, ']');
}

static void json_status(struct json *j, NTSTATUS st)
{
	const struct status_name *n = status_find(st);
	char hex[16];

	snprintf(hex, sizeof(hex), "0x%08x", (ULONG)st);
	json_str(j, "status", n ? n->name : hex);
	json_num(j, "status_code", (ULONG)st);
}

/* ------------------------------------------------------------------------ */
/* Messages.                                                                */

/*
 * What keeps /dev/ntsection from working, in words, into @buf; NULL when it
 * works (its ABI version in *@ver then, when @ver is not NULL).
 */
static const char *device_problem(char *buf, size_t len, struct ntsection_version *ver)
{
	struct ntsection_version v;
	struct stat st;
	int fd, err;

	fd = open(NTS_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		if (err == EACCES || err == EPERM)
			snprintf(buf, len, "permission denied opening %s", NTS_DEVICE);
		else if ((err == ENOENT || err == ENXIO || err == ENODEV) &&
			 stat("/sys/module/ntsection", &st))
			snprintf(buf, len, "%s is missing: the ntsection module is not loaded",
				 NTS_DEVICE);
		else if (err == ENOENT)
			snprintf(buf, len, "%s is missing although the ntsection module is loaded",
				 NTS_DEVICE);
		else
			snprintf(buf, len, "cannot open %s: %s", NTS_DEVICE, strerror(err));
		return buf;
	}
	memset(&v, 0, sizeof(v));
	if (ioctl(fd, NTSECTION_IOC_VERSION, &v) < 0)
		snprintf(buf, len, "%s does not answer NTSECTION_IOC_VERSION: %s", NTS_DEVICE,
			 strerror(errno));
	else if (v.major != NTSECTION_ABI_MAJOR)
		snprintf(buf, len, "the loaded ntsection module has ABI %u.%u; %s %d.x",
			 v.major, v.minor, "this program needs", NTSECTION_ABI_MAJOR);
	else
		buf = NULL;
	close(fd);
	if (ver)
		*ver = v;
	return buf;
}

/* -V, --version: the CLI's, the library's and (when loaded) the module's. */
static void print_version(FILE *f)
{
	struct ntsection_version v;
	char buf[256], mver[64] = "";
	FILE *m;

	fprintf(f, "ntsection %s\n", CLI_VERSION);
	fprintf(f, "libntsection %s (ABI %d.%d)\n", NTSECTION_LIB_VERSION, NTSECTION_ABI_MAJOR,
		NTSECTION_ABI_MINOR);
	if (device_problem(buf, sizeof(buf), &v)) {
		fprintf(f, "ntsection module: %s\n", buf);
		return;
	}
	m = fopen("/sys/module/ntsection/version", "re");
	if (m && fgets(mver, sizeof(mver), m))
		mver[strcspn(mver, "\n")] = 0;
	if (m)
		fclose(m);
	fprintf(f, "ntsection module %s%s(ABI %u.%u)\n", mver, *mver ? " " : "", v.major, v.minor);
}

/* A failed operation: a message on stderr, and with --json an object on stdout. */
static int fail_status(const struct cli *c, const char *what, NTSTATUS st)
{
	const struct status_name *n = status_find(st);
	const char *problem = NULL;
	char buf[256];
	struct json j;

	/* The library says NOT_SUPPORTED or ACCESS_DENIED for the device too. */
	if (st == STATUS_NOT_SUPPORTED || st == STATUS_ACCESS_DENIED)
		problem = device_problem(buf, sizeof(buf), NULL);
	if (problem)
		fprintf(stderr, "%s: %s: %s (%s)\n", c->prog, what, problem,
			n ? n->name : "NTSTATUS");
	else
		fprintf(stderr, "%s: %s: %s (0x%08x)%s%s\n", c->prog, what,
			n ? n->name : "NTSTATUS", (ULONG)st, n ? ": " : "", n ? n->text : "");
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "error", what);
		if (problem)
			json_str(&j, "reason", problem);
		json_status(&j, st);
		json_close(&j, '}');
		fflush(out);
	}
	return EXIT_FAIL;
}

static int fail(const struct cli *c, const char *fmt, ...)
{
	struct json j;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", c->prog, msg);
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "error", msg);
		json_close(&j, '}');
		fflush(out);
	}
	return EXIT_FAIL;
}

/* ------------------------------------------------------------------------ */
/* Parsing.                                                                 */

/* "64K", "1M", "0x1000", "4096": bytes. */
static bool parse_size(const char *s, unsigned long long *v)
{
	unsigned long long n, mult = 1;
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		mult = 1ULL << 10;
		break;
	case 'M':
		mult = 1ULL << 20;
		break;
	case 'G':
		mult = 1ULL << 30;
		break;
	case 'T':
		mult = 1ULL << 40;
		break;
	case 0:
		break;
	default:
		return false;
	}
	if (*end) {
		end++;
		if (!strcasecmp(end, "ib") || !strcasecmp(end, "b"))
			end += strlen(end);
	}
	if (*end || (n && mult > ULLONG_MAX / n))
		return false;
	*v = n * mult;
	return true;
}

static bool parse_ulong(const char *s, int base, unsigned long *v)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoul(s, &end, base);
	return !errno && !*end && end != s;
}

struct word {
	const char *word;
	ULONG value;
};

static const struct word protect_words[] = {
	{ "none", PAGE_NOACCESS }, { "noaccess", PAGE_NOACCESS },
	{ "r", PAGE_READONLY }, { "ro", PAGE_READONLY }, { "readonly", PAGE_READONLY },
	{ "rw", PAGE_READWRITE }, { "readwrite", PAGE_READWRITE },
	{ "wc", PAGE_WRITECOPY }, { "cow", PAGE_WRITECOPY }, { "writecopy", PAGE_WRITECOPY },
	{ "x", PAGE_EXECUTE }, { "execute", PAGE_EXECUTE },
	{ "rx", PAGE_EXECUTE_READ }, { "execute_read", PAGE_EXECUTE_READ },
	{ "rwx", PAGE_EXECUTE_READWRITE }, { "execute_readwrite", PAGE_EXECUTE_READWRITE },
	{ "xwc", PAGE_EXECUTE_WRITECOPY }, { "execute_writecopy", PAGE_EXECUTE_WRITECOPY },
	{ "guard", PAGE_GUARD }, { "nocache", PAGE_NOCACHE },
	{ "writecombine", PAGE_WRITECOMBINE },
};

/* "rw", "PAGE_READONLY+nocache", "0x04": a PAGE_* protection. */
static bool parse_protect(const char *s, ULONG *v)
{
	char buf[128], *tok, *save = NULL;
	unsigned long n;
	size_t i;

	if (parse_ulong(s, 0, &n) && n <= 0xffffffffUL) {
		*v = (ULONG)n;
		return true;
	}
	if (strlen(s) >= sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "%s", s);
	*v = 0;
	for (tok = strtok_r(buf, "+,|", &save); tok; tok = strtok_r(NULL, "+,|", &save)) {
		if (!strncasecmp(tok, "PAGE_", 5))
			tok += 5;
		for (i = 0; i < ARRAY_SIZE(protect_words); i++)
			if (!strcasecmp(tok, protect_words[i].word))
				break;
		if (i == ARRAY_SIZE(protect_words))
			return false;
		*v |= protect_words[i].value;
	}
	return *v != 0 || !strcasecmp(s, "none") || !strcasecmp(s, "noaccess");
}

/* "r", "rw", "rwx", "q", "e", "all", "0x6": a SECTION_* access mask. */
static bool parse_access(const char *s, ULONG *v)
{
	unsigned long n;
	const char *p;

	if (parse_ulong(s, 0, &n) && n <= 0xffffffffUL) {
		*v = (ULONG)n;
		return true;
	}
	if (!strcasecmp(s, "all")) {
		*v = SECTION_ALL_ACCESS;
		return true;
	}
	*v = 0;
	for (p = s; *p; p++) {
		switch (*p) {
		case 'r':
			*v |= SECTION_QUERY | SECTION_MAP_READ;
			break;
		case 'w':
			*v |= SECTION_MAP_WRITE;
			break;
		case 'x':
			*v |= SECTION_MAP_EXECUTE;
			break;
		case 'q':
			*v |= SECTION_QUERY;
			break;
		case 'e':
			*v |= SECTION_EXTEND_SIZE;
			break;
		default:
			return false;
		}
	}
	return *p == 0 && p != s;
}

/* The handle access a view of protection @protect needs (SPEC §3), plus QUERY. */
static ULONG access_for(ULONG protect)
{
	ULONG a = SECTION_QUERY;

	switch (protect & 0xff) {
	case PAGE_READWRITE:
		a |= SECTION_MAP_WRITE | SECTION_MAP_READ;
		break;
	case PAGE_EXECUTE:
		a |= SECTION_MAP_EXECUTE;
		break;
	case PAGE_EXECUTE_READ:
	case PAGE_EXECUTE_WRITECOPY:
		a |= SECTION_MAP_EXECUTE | SECTION_MAP_READ;
		break;
	case PAGE_EXECUTE_READWRITE:
		a |= SECTION_MAP_EXECUTE | SECTION_MAP_WRITE | SECTION_MAP_READ;
		break;
	default:
		a |= SECTION_MAP_READ;
		break;
	}
	return a;
}

struct command {
	const char *name;
	const char *args;
	const char *summary;
	const char *shortopts;
	const struct option *longopts;
	const char *help;
	int (*run)(struct cli *c);
};

static int cmd_create(struct cli *c);
static int cmd_open(struct cli *c);
static int cmd_map(struct cli *c);
static int cmd_info(struct cli *c);
static int cmd_ls(struct cli *c);
static int cmd_views(struct cli *c);
static int cmd_rm(struct cli *c);

#define OPT_JSON	{ "json", no_argument, NULL, 'J' }
#define OPT_HELP	{ "help", no_argument, NULL, 'h' }
#define OPT_CI		{ "case-insensitive", no_argument, NULL, 'i' }
#define OPT_END		{ NULL, 0, NULL, 0 }

static const struct option create_opts[] = {
	OPT_JSON, OPT_HELP, OPT_CI,
	{ "daemon", no_argument, NULL, 'd' },
	{ "timeout", required_argument, NULL, 't' },
	{ "no-hold", no_argument, NULL, 'n' },
	{ "protect", required_argument, NULL, 'p' },
	{ "reserve", no_argument, NULL, 'r' },
	{ "file", required_argument, NULL, 'f' },
	{ "mode", required_argument, NULL, 'm' },
	{ "access", required_argument, NULL, 'a' },
	{ "openif", no_argument, NULL, 'o' },
	OPT_END
};

static const struct option open_opts[] = {
	OPT_JSON, OPT_HELP, OPT_CI,
	{ "daemon", no_argument, NULL, 'd' },
	{ "timeout", required_argument, NULL, 't' },
	{ "no-hold", no_argument, NULL, 'n' },
	{ "access", required_argument, NULL, 'a' },
	OPT_END
};

static const struct option map_opts[] = {
	OPT_JSON, OPT_HELP, OPT_CI,
	{ "daemon", no_argument, NULL, 'd' },
	{ "timeout", required_argument, NULL, 't' },
	{ "no-hold", no_argument, NULL, 'n' },
	{ "access", required_argument, NULL, 'a' },
	{ "protect", required_argument, NULL, 'p' },
	{ "offset", required_argument, NULL, 'O' },
	{ "size", required_argument, NULL, 's' },
	{ "commit", required_argument, NULL, 'c' },
	{ "write", required_argument, NULL, 'w' },
	{ "read", required_argument, NULL, 'R' },
	{ "no-inherit", no_argument, NULL, 'u' },
	{ "image", required_argument, NULL, 'I' },
	{ "pid", required_argument, NULL, 'P' },
	OPT_END
};

/* ls and info: lsipc's output options. */
#define OPT_OUTPUT	{ "output", required_argument, NULL, 'o' }
#define OPT_NOHEAD	{ "noheadings", no_argument, NULL, 'n' }
#define OPT_RAW		{ "raw", no_argument, NULL, 'r' }
#define OPT_BYTES	{ "bytes", no_argument, NULL, 'b' }
#define OPT_LIST	{ "list", no_argument, NULL, 'l' }
#define OPT_EXPORT	{ "export", no_argument, NULL, 'e' }
#define OPT_NOTRUNC	{ "notruncate", no_argument, NULL, 'T' }
#define OPT_VERSION	{ "version", no_argument, NULL, 'V' }

static const struct option info_opts[] = {
	OPT_JSON, OPT_HELP, OPT_CI, OPT_OUTPUT, OPT_NOHEAD, OPT_RAW, OPT_BYTES, OPT_LIST,
	OPT_EXPORT, OPT_NOTRUNC, OPT_VERSION, OPT_END
};

static const struct option ls_opts[] = {
	OPT_JSON, OPT_HELP, OPT_OUTPUT, OPT_NOHEAD, OPT_RAW, OPT_BYTES, OPT_LIST,
	OPT_EXPORT, OPT_NOTRUNC, OPT_VERSION, OPT_END
};

static const struct option rm_opts[] = { OPT_JSON, OPT_HELP, OPT_CI, OPT_END };
static const struct option plain_opts[] = { OPT_JSON, OPT_HELP, OPT_END };

/* The columns of ls and info (-o/--output), lsipc's way. */
enum {
	COL_ID, COL_NAME, COL_SIZE, COL_ATTRIBUTES, COL_PROTECT, COL_COMMITTED,
	COL_RESIDENT, COL_VIEWS, COL_HANDLES, COL_OWNER, COL_GROUP, COL_UID, COL_GID,
	COL_MODE, COL_INODE, NCOLUMNS
};

/**
 * struct column - a column of ls and info
 * @name: its header (and, lower-case, its JSON key)
 * @whint: smartcols' width hint
 * @flags: SCOLS_FL_*
 * @number: a number in JSON
 * @help: what it is, for --help
 */
struct column {
	const char *name;
	double whint;
	int flags;
	bool number;
	const char *help;
};

static const struct column columns[NCOLUMNS] = {
	[COL_ID] = { "ID", 1, SCOLS_FL_RIGHT, true, "section id (as /proc/PID/fdinfo shows it)" },
	[COL_NAME] = { "NAME", 0.2, 0, false,
		       "name (\"-\" when unnamed; null in JSON)" },
	[COL_SIZE] = { "SIZE", 5, SCOLS_FL_RIGHT, true, "size" },
	[COL_ATTRIBUTES] = { "ATTRIBUTES", 0.1, SCOLS_FL_TRUNC, false,
			     "SEC_* allocation attributes" },
	[COL_PROTECT] = { "PROTECT", 0.1, SCOLS_FL_TRUNC, false, "PAGE_* protection" },
	[COL_COMMITTED] = { "COMMITTED", 5, SCOLS_FL_RIGHT, true, "committed memory" },
	[COL_RESIDENT] = { "RESIDENT", 5, SCOLS_FL_RIGHT, true, "resident memory" },
	[COL_VIEWS] = { "VIEWS", 1, SCOLS_FL_RIGHT, true, "mapped views" },
	[COL_HANDLES] = { "HANDLES", 1, SCOLS_FL_RIGHT, true, "open handles" },
	[COL_OWNER] = { "OWNER", 0.1, 0, false, "owner's user name" },
	[COL_GROUP] = { "GROUP", 0.1, 0, false, "owner's group name" },
	[COL_UID] = { "UID", 1, SCOLS_FL_RIGHT, true, "owner's user id" },
	[COL_GID] = { "GID", 1, SCOLS_FL_RIGHT, true, "owner's group id" },
	[COL_MODE] = { "MODE", 1, 0, false, "access mode, octal" },
	[COL_INODE] = { "INODE", 1, SCOLS_FL_RIGHT, true, "inode of the backing memory" },
};

static const int ls_default_columns[] = {
	COL_NAME, COL_SIZE, COL_ATTRIBUTES, COL_PROTECT, COL_COMMITTED, COL_RESIDENT,
	COL_VIEWS, COL_HANDLES, COL_OWNER, COL_GROUP, COL_MODE,
};

/**
 * struct column_list - the columns to print
 * @ids: COL_*
 * @n: how many
 */
struct column_list {
	int ids[64];
	size_t n;
};

/*
 * -o LIST into @cl: comma-separated column names (any case); "+LIST" adds
 * them to the @def columns. NULL @list: @def. False on an unknown name.
 */
static bool columns_parse(const char *list, const int *def, size_t ndef, struct column_list *cl)
{
	char buf[512], *tok, *save = NULL;
	size_t i;

	cl->n = 0;
	if (!list || *list == '+') {
		for (i = 0; i < ndef; i++)
			cl->ids[cl->n++] = def[i];
		if (!list)
			return true;
		list++;
	}
	if (!*list || strlen(list) >= sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NCOLUMNS; i++)
			if (!strcasecmp(tok, columns[i].name))
				break;
		if (i == NCOLUMNS || cl->n == ARRAY_SIZE(cl->ids))
			return false;
		cl->ids[cl->n++] = (int)i;
	}
	return cl->n > 0;
}

static void print_version(FILE *f);

#define HOLD_HELP \
	"  -d, --daemon          hold it in the background; prints the holder's pid\n" \
	"  -t, --timeout SECS    hold it for SECS seconds at most (default: until a signal)\n" \
	"  -n, --no-hold         do not hold it: exit at once\n"
#define COMMON_HELP \
	"      --json            machine-readable output (one JSON object)\n" \
	"  -h, --help            this help\n"
#define TABLE_HELP \
	"  -o, --output LIST     the columns to print (+LIST: the default ones and LIST)\n" \
	"  -n, --noheadings      no header line\n" \
	"  -r, --raw             raw output (unaligned, special characters \\x-escaped)\n" \
	"  -b, --bytes           sizes in bytes (JSON has bytes always)\n" \
	"  -e, --export          KEY=\"value\" pairs\n" \
	"  -J, --json            JSON: {\"sections\": [{...}, ...]}, keys the column names\n" \
	"      --notruncate      never cut ATTRIBUTES or PROTECT to a terminal's width\n" \
	"  -V, --version         the CLI's, the library's and the module's versions\n" \
	"  -h, --help            this help\n" \
	"Columns: ID NAME SIZE ATTRIBUTES PROTECT COMMITTED RESIDENT VIEWS HANDLES\n" \
	"OWNER GROUP UID GID MODE INODE.\n"
#define NAME_HELP \
	"NAME is a section name (\\BaseNamedObjects\\NAME) or a full NT path.\n"

static const struct command commands[] = {
	{ "create", "NAME SIZE", "create a named section and hold it", "hidnt:p:rf:m:a:o",
	  create_opts,
	  "Creates a section named NAME of SIZE bytes (K, M, G suffixes) and holds a handle to\n"
	  "it: a named section exists while a handle to it does.\n"
	  NAME_HELP
	  "  -p, --protect PROT    ro, rw (default), wc, x, rx, rwx, xwc or PAGE_* names\n"
	  "  -r, --reserve         SEC_RESERVE: pages are committed by views (default SEC_COMMIT)\n"
	  "  -f, --file PATH       backed by the file PATH (SIZE 0: the file's size)\n"
	  "  -m, --mode MODE       who may open it, octal (default 0600, like shm_open)\n"
	  "  -a, --access ACCESS   access of the handle: r, w, x, q, e letters, all (default)\n"
	  "  -o, --openif          open the section if it exists already (OBJ_OPENIF)\n"
	  "  -i, --case-insensitive  OBJ_CASE_INSENSITIVE\n"
	  HOLD_HELP COMMON_HELP, cmd_create },
	{ "open", "NAME", "open a named section and hold a handle", "hidnt:a:", open_opts,
	  "Opens the section NAME and holds the handle (which keeps the name alive).\n"
	  NAME_HELP
	  "  -a, --access ACCESS   r (default), w, x, q, e letters, or all\n"
	  "  -i, --case-insensitive  OBJ_CASE_INSENSITIVE\n"
	  HOLD_HELP COMMON_HELP, cmd_open },
	{ "map", "NAME", "map a view of a named section (or a PE image) and hold it",
	  "hidnt:a:p:s:c:w:u", map_opts,
	  "Opens the section NAME, maps a view of it, and holds the view.\n"
	  NAME_HELP
	  "With --image FILE instead of NAME: creates a SEC_IMAGE section of the PE file\n"
	  "FILE, maps it (PAGE_EXECUTE_WRITECOPY) and prints where it went, its entry\n"
	  "point, the file's name and the view's regions (offset, size, protection).\n"
	  "  -p, --protect PROT    protection of the view (default rw)\n"
	  "  -a, --access ACCESS   access of the handle (default: what PROT needs)\n"
	  "      --offset BYTES    section offset of the view (a multiple of 64K)\n"
	  "  -s, --size BYTES      view size (default: to the end of the section; with\n"
	  "                        --image, the image's first BYTES: a partial view)\n"
	  "  -c, --commit BYTES    commit that much from the view's start (SEC_RESERVE)\n"
	  "  -w, --write TEXT      write TEXT at the start of the view\n"
	  "      --read N          print the first N bytes of the view\n"
	  "  -u, --no-inherit      ViewUnmap: fork() children do not get the view\n"
	  "  -i, --case-insensitive  OBJ_CASE_INSENSITIVE\n"
	  "      --image FILE      map the PE image FILE (no NAME, --protect, --offset,\n"
	  "                        --commit, --write or -i)\n"
	  "      --pid PID         map the view into process PID instead (NtOpenProcess:\n"
	  "                        the same user, or CAP_SYS_PTRACE), print where, and\n"
	  "                        exit: the view stays there (--write and --read go\n"
	  "                        through NtWriteVirtualMemory and NtReadVirtualMemory)\n"
	  HOLD_HELP COMMON_HELP, cmd_map },
	{ "info", "NAME", "show a section's size, attributes and usage", "hiJo:nrbleV",
	  info_opts,
	  "Shows the size and attributes of the section NAME and, from " PROC_SECTIONS ",\n"
	  "its committed and resident pages, views, handles (not counting this command's),\n"
	  "owner and mode. Of an image section (SEC_IMAGE), also its image information:\n"
	  "entry point, machine, subsystem, versions, characteristics, stack, flags, file\n"
	  "size and checksum.\n"
	  "With an output option (-o, -n, -r, -b, -l, -e, -J) the section is printed as\n"
	  "a one-line table of ls's columns, all of them by default (as lsipc --id).\n"
	  NAME_HELP
	  "  -i, --case-insensitive  OBJ_CASE_INSENSITIVE\n"
	  "  -l, --list            a table, not name: value lines\n"
	  TABLE_HELP, cmd_info },
	{ "ls", "", "list the sections of this IPC namespace", "hJo:nrbleV", ls_opts,
	  "Lists every section of this IPC namespace the caller may see (" PROC_SECTIONS
	  "),\nas lsipc does: by default name, size, attributes, protection, committed and\n"
	  "resident memory, views, handles, owner, group and mode. Unnamed sections are\n"
	  "listed as \"-\" (null in JSON).\n"
	  "  -l, --list            list output (the default)\n"
	  TABLE_HELP, cmd_ls },
	{ "views", "PID", "list the views a process has mapped", "h", plain_opts,
	  "Lists the views of sections mapped in process PID (\"self\" for this one), from\n"
	  "/proc/PID/smaps: address range, size, protection, section offset, inheritance\n"
	  "and backing (pagefile, or the backing file's path).\n"
	  COMMON_HELP, cmd_views },
	{ "rm", "NAME", "remove a named section (stop the processes holding it)", "hi",
	  rm_opts,
	  "Sections have no unlink: a name goes away with the last handle to its section.\n"
	  "rm stops the holders this command started (create, open and map processes\n"
	  "holding NAME) and waits for the name to go away. Handles held by other\n"
	  "programs keep it alive: rm then says so and fails.\n"
	  NAME_HELP
	  "  -i, --case-insensitive  OBJ_CASE_INSENSITIVE\n"
	  COMMON_HELP, cmd_rm },
};

#define NCOMMANDS (ARRAY_SIZE(commands))

static const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_usage(FILE *f, const char *prog)
{
	size_t i;

	fprintf(f, "usage: %s [--json] COMMAND [OPTIONS] [ARGS]\n\n", prog);
	fprintf(f, "NT section objects (ntsection.ko) from the shell.\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-6s %-10s %s\n", commands[i].name, commands[i].args,
			commands[i].summary);
	fprintf(f, "  help   [COMMAND]  help on a command\n\n");
	fprintf(f, "%s COMMAND --help shows a command's options.\n", prog);
	fprintf(f, "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

static void command_help(FILE *f, const char *prog, const struct command *cmd)
{
	fprintf(f, "usage: %s %s [OPTIONS] %s\n\n%s", prog, cmd->name, cmd->args, cmd->help);
}

/*
 * Parse @argv (argv[0] is the command) into @c for @cmd. @quiet: no
 * messages (used on other processes' command lines).
 * Return: 0, EXIT_USAGE, or -1 when help was printed.
 */
static int parse_command(const struct command *cmd, int argc, char **argv, struct cli *c,
			 bool quiet)
{
	bool table = cmd->run == cmd_ls || cmd->run == cmd_info;
	struct column_list cl;
	unsigned long n;
	int opt, nargs;

	c->cmd = cmd->name;
	c->protect = PAGE_READWRITE;
	c->timeout = -1;
	c->read_len = -1;
	c->pid = -1;
	c->inherit = ViewShare;
	optind = 1;
	opterr = !quiet;
	while ((opt = getopt_long(argc, argv, cmd->shortopts, cmd->longopts, NULL)) != -1) {
		switch (opt) {
		case 'J':
			c->json = true;
			break;
		case 'h':
			if (quiet)
				return EXIT_USAGE;
			command_help(stdout, c->prog, cmd);
			return -1;
		case 'i':
			c->obj_attrs |= OBJ_CASE_INSENSITIVE;
			break;
		case 'o':
			if (!table) {
				c->obj_attrs |= OBJ_OPENIF;
			} else if (columns_parse(optarg, ls_default_columns,
						 ARRAY_SIZE(ls_default_columns), &cl)) {
				c->output = optarg;
			} else {
				if (!quiet)
					fprintf(stderr, "%s %s: unknown column in '%s'\n",
						c->prog, cmd->name, optarg);
				goto usage;
			}
			break;
		case 'b':
			c->bytes = true;
			break;
		case 'l':
			c->list = true;
			break;
		case 'e':
			c->export = true;
			break;
		case 'T':
			c->notruncate = true;
			break;
		case 'V':
			if (quiet)
				return EXIT_USAGE;
			print_version(stdout);
			return -1;
		case 'd':
			c->daemon = true;
			break;
		case 'n':
			if (table)
				c->noheadings = true;
			else
				c->no_hold = true;
			break;
		case 't':
			if (!parse_ulong(optarg, 10, &n) || n > LONG_MAX / 1000)
				goto bad;
			c->timeout = (long)n;
			break;
		case 'p':
			if (!parse_protect(optarg, &c->protect))
				goto bad;
			c->protect_given = true;
			break;
		case 'r':
			if (table)
				c->raw = true;
			else
				c->reserve = true;
			break;
		case 'f':
			c->file = optarg;
			break;
		case 'm':
			if (!parse_ulong(optarg, 8, &n) || n > 0777)
				goto bad;
			c->mode = (unsigned int)n;
			break;
		case 'a':
			if (!parse_access(optarg, &c->access))
				goto bad;
			c->access_given = true;
			break;
		case 'O':
			if (!parse_size(optarg, &c->offset))
				goto bad;
			c->offset_given = true;
			break;
		case 's':
			if (!parse_size(optarg, &c->size))
				goto bad;
			c->size_given = true;
			break;
		case 'c':
			if (!parse_size(optarg, &c->commit))
				goto bad;
			c->commit_given = true;
			break;
		case 'w':
			c->write_text = optarg;
			break;
		case 'R':
			if (!parse_ulong(optarg, 0, &n) || n > 1 << 20)
				goto bad;
			c->read_len = (long)n;
			break;
		case 'u':
			c->inherit = ViewUnmap;
			break;
		case 'I':
			c->image = optarg;
			break;
		case 'P':
			if (!parse_ulong(optarg, 10, &n) || !n || n > INT_MAX)
				goto bad;
			c->pid = (long)n;
			break;
		default:
			goto usage;
		}
	}
	nargs = argc - optind;
	if (!strcmp(cmd->name, "create")) {
		if (nargs != 2)
			goto usage;
		if (!parse_size(argv[optind + 1], &c->size)) {
			optarg = argv[optind + 1];
			goto bad;
		}
		c->size_given = true;
	} else if (!strcmp(cmd->name, "ls")) {
		if (nargs != 0)
			goto usage;
	} else if (c->image && c->pid >= 0) {
		if (!quiet)
			fprintf(stderr, "%s %s: --image and --pid do not go together\n", c->prog,
				cmd->name);
		goto usage;
	} else if (c->image) {
		/* map --image FILE: no section NAME, nor what only a named one takes. */
		if (nargs || c->protect_given || c->offset_given || c->commit_given ||
		    c->write_text || (c->obj_attrs & OBJ_CASE_INSENSITIVE)) {
			if (!quiet)
				fprintf(stderr, "%s %s: --image FILE takes no NAME, %s\n", c->prog,
					cmd->name,
					"--protect, --offset, --commit, --write or --case-insensitive");
			goto usage;
		}
	} else if (nargs != 1) {
		goto usage;
	}
	c->arg = nargs ? argv[optind] : NULL;
	return 0;
bad:
	if (!quiet)
		fprintf(stderr, "%s %s: invalid value '%s'\n", c->prog, cmd->name, optarg);
usage:
	if (!quiet)
		fprintf(stderr, "usage: %s %s [OPTIONS] %s (see %s %s --help)\n", c->prog,
			cmd->name, cmd->args, c->prog, cmd->name);
	return EXIT_USAGE;
}

/* ------------------------------------------------------------------------ */
/* Names.                                                                   */

/**
 * struct nt_name - a section name in the two encodings
 * @utf8: the NT path, UTF-8
 * @leaf: the part after the last backslash
 * @utf16: the NT path, UTF-16
 * @us: a UNICODE_STRING of @utf16
 */
struct nt_name {
	char utf8[1024];
	const char *leaf;
	WCHAR utf16[1024];
	UNICODE_STRING us;
};

/* NAME, or a full NT path, as UNICODE_STRING; false when not valid UTF-8. */
static bool nt_name_make(const char *arg, struct nt_name *n)
{
	const unsigned char *p;
	size_t len = 0;

	if (arg[0] == '\\')
		snprintf(n->utf8, sizeof(n->utf8), "%s", arg);
	else
		snprintf(n->utf8, sizeof(n->utf8), "%s%s", NT_DIRECTORY, arg);
	n->leaf = strrchr(n->utf8, '\\') + 1;
	for (p = (const unsigned char *)n->utf8; *p && len < 1020;) {
		unsigned int cp, extra, i;

		if (*p < 0x80) {
			cp = *p;
			extra = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			extra = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			extra = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			cp = *p & 0x07;
			extra = 3;
		} else {
			return false;
		}
		for (i = 1; i <= extra; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		p += extra + 1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			n->utf16[len++] = (WCHAR)(0xd800 + (cp >> 10));
			n->utf16[len++] = (WCHAR)(0xdc00 + (cp & 0x3ff));
		} else {
			n->utf16[len++] = (WCHAR)cp;
		}
	}
	n->utf16[len] = 0;
	RtlInitUnicodeString(&n->us, n->utf16);
	return true;
}

/* ------------------------------------------------------------------------ */
/* /proc/ntsection/sections.                                                */

#define MAX_COLUMNS 32

/**
 * struct section_row - a line of /proc/ntsection/sections
 * @line: the line, split in place into @vals
 * @ncols: number of columns
 * @cols: column names, from the header line
 * @vals: the values; the last column (the name) is the rest of the line
 */
struct section_row {
	char *line;
	int ncols;
	char *cols[MAX_COLUMNS];
	char *vals[MAX_COLUMNS];
};

/**
 * struct section_table - the listing
 * @rows: the sections
 * @nrows: how many
 * @header: the header line, split in place into @cols
 * @cols: the column names
 * @ncols: their number
 */
struct section_table {
	struct section_row *rows;
	size_t nrows;
	char *header;
	char *cols[MAX_COLUMNS];
	int ncols;
};

static int split_fields(char *line, char **fields, int max, bool rest_last)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n')
			break;
		fields[n++] = p;
		if (rest_last && n == max) {
			p[strcspn(p, "\n")] = 0;
			break;
		}
		p += strcspn(p, " \t\n");
		if (*p)
			*p++ = 0;
	}
	return n;
}

/*
 * Undo seq_escape(): the listing writes a space, tab, newline and backslash
 * of a name as \ooo (octal).
 */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = 0;
}

static void table_free(struct section_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		free(t->rows[i].line);
	free(t->rows);
	free(t->header);
	memset(t, 0, sizeof(*t));
}

/* Read the listing; -1 with errno when it cannot be read. */
static int table_read(struct section_table *t)
{
	FILE *f = fopen(PROC_SECTIONS, "re");
	size_t cap = 0;
	char *line = NULL;

	memset(t, 0, sizeof(*t));
	if (!f)
		return -1;
	if (getline(&line, &cap, f) <= 0) {
		fclose(f);
		free(line);
		errno = EIO;
		return -1;
	}
	t->header = line;
	t->ncols = split_fields(line, t->cols, MAX_COLUMNS, false);
	line = NULL;
	cap = 0;
	while (getline(&line, &cap, f) > 0) {
		struct section_row *grown, *r;

		grown = realloc(t->rows, (t->nrows + 1) * sizeof(*grown));
		if (!grown)
			break;
		t->rows = grown;
		r = &t->rows[t->nrows];
		memset(r, 0, sizeof(*r));
		r->line = line;
		r->ncols = split_fields(line, r->vals, t->ncols, true);
		if (r->ncols == t->ncols)
			unescape(r->vals[r->ncols - 1]);
		if (r->ncols != t->ncols) {
			free(line);
		} else {
			memcpy(r->cols, t->cols, sizeof(r->cols));
			t->nrows++;
		}
		line = NULL;
		cap = 0;
	}
	free(line);
	fclose(f);
	return 0;
}

static const char *row_get(const struct section_row *r, const char *col)
{
	int i;

	for (i = 0; i < r->ncols; i++)
		if (!strcmp(r->cols[i], col))
			return r->vals[i];
	return NULL;
}

static unsigned long long row_num(const struct section_row *r, const char *col)
{
	const char *v = row_get(r, col);

	return v ? strtoull(v, NULL, 0) : 0;
}

/* The user name of @uid (NSS: getpwuid_r), or the number. */
static const char *user_name(unsigned long uid, char *buf, size_t len)
{
	struct passwd pw, *res = NULL;
	char tmp[4096];

	if (!getpwuid_r((uid_t)uid, &pw, tmp, sizeof(tmp), &res) && res)
		snprintf(buf, len, "%s", res->pw_name);
	else
		snprintf(buf, len, "%lu", uid);
	return buf;
}

/* The group name of @gid (NSS: getgrgid_r), or the number. */
static const char *group_name(unsigned long gid, char *buf, size_t len)
{
	struct group gr, *res = NULL;
	char tmp[4096];

	if (!getgrgid_r((gid_t)gid, &gr, tmp, sizeof(tmp), &res) && res)
		snprintf(buf, len, "%s", res->gr_name);
	else
		snprintf(buf, len, "%lu", gid);
	return buf;
}

static unsigned long long page_size(void)
{
	long n = sysconf(_SC_PAGESIZE);

	return n > 0 ? (unsigned long long)n : 4096;
}

static unsigned long long fdinfo_section_id(const char *path);

/* The id of the section behind handle @h (its /proc/self/fdinfo), or 0. */
static unsigned long long handle_section_id(HANDLE h)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", ntsection_fd_from_handle(h));
	return fdinfo_section_id(path);
}

/*
 * The listing writes "-" for a section without a name and for one named
 * "-": the id of the section named "-", if there is one, tells them apart.
 */
static unsigned long long dash_section_id(const struct cli *c)
{
	static const WCHAR dash[] = { '\\', 'B', 'a', 's', 'e', 'N', 'a', 'm', 'e', 'd', 'O',
				      'b', 'j', 'e', 'c', 't', 's', '\\', '-', 0 };
	unsigned long long id = 0;
	OBJECT_ATTRIBUTES oa;
	UNICODE_STRING us;
	HANDLE h;

	RtlInitUnicodeString(&us, dash);
	InitializeObjectAttributes(&oa, &us, 0, NULL, NULL);
	if (NT_SUCCESS(NtOpenSection(&h, SECTION_QUERY, &oa))) {
		id = handle_section_id(h);
		NtClose(h);
	}
	return id;
}

/*
 * Column @col of section @r, into @buf: NULL for none (null in JSON).
 * @own: handles of ours to leave out; @dash_id: see dash_section_id().
 */
static const char *cell(const struct cli *c, const struct section_row *r, int col, int own,
			unsigned long long dash_id, char *buf, size_t len)
{
	unsigned long long v, bytes = 1;
	const char *name;

	switch (col) {
	case COL_ID:
		return row_get(r, "id");
	case COL_NAME:
		name = row_get(r, "name");
		if (name && !strcmp(name, "-") && (!dash_id || row_num(r, "id") != dash_id))
			return c->json ? NULL : "-";
		return name;
	case COL_ATTRIBUTES:
		return attrs_str((ULONG)row_num(r, "attributes"), buf, len);
	case COL_PROTECT:
		return row_get(r, "protect") ? protect_str((ULONG)row_num(r, "protect"), buf, len)
					     : NULL;
	case COL_SIZE:
	case COL_COMMITTED:
	case COL_RESIDENT:
		if (col == COL_SIZE) {
			v = row_num(r, "size");
		} else {
			v = row_num(r, col == COL_COMMITTED ? "committed" : "resident");
			bytes = page_size();
		}
		if (c->json || c->bytes)
			snprintf(buf, len, "%llu", v * bytes);
		else
			size_str(v * bytes, buf, len);
		return buf;
	case COL_VIEWS:
		return row_get(r, "views");
	case COL_HANDLES:
		v = row_num(r, "handles");
		snprintf(buf, len, "%llu", v >= (unsigned long long)own ? v - own : 0);
		return buf;
	case COL_OWNER:
		return user_name((unsigned long)row_num(r, "uid"), buf, len);
	case COL_GROUP:
		return group_name((unsigned long)row_num(r, "gid"), buf, len);
	case COL_UID:
		return row_get(r, "uid");
	case COL_GID:
		return row_get(r, "gid");
	case COL_MODE:
		return row_get(r, "mode");
	case COL_INODE:
		return row_get(r, "ino") ? row_get(r, "ino") : row_get(r, "inode");
	}
	return NULL;
}

/*
 * Sections @rows as lsipc prints them, through libsmartcols: a table (or
 * raw, KEY="value" pairs, JSON {"sections": [...]}) of the columns @cl,
 * into *@text (to free) when @text is not NULL, else to out.
 */
static int print_sections(const struct cli *c, const struct section_row *const *rows,
			  size_t nrows, const struct column_list *cl, int own, char **text)
{
	unsigned long long dash_id = dash_section_id(c);
	struct libscols_table *tb;
	struct winsize ws;
	char buf[256];
	size_t i, k;
	int rc = -1;

	tb = scols_new_table();
	if (!tb)
		return -1;
	scols_table_set_name(tb, "sections");
	scols_table_enable_noheadings(tb, c->noheadings);
	scols_table_enable_raw(tb, c->raw);
	scols_table_enable_export(tb, c->export);
	scols_table_enable_json(tb, c->json);
	if (!text)
		scols_table_set_stream(tb, out);
	/*
	 * A terminal of unknown width (a serial line) is no reason to cut
	 * columns: only a known width (or $COLUMNS) is.
	 */
	if (!text && isatty(fileno(out)) && !getenv("COLUMNS") &&
	    (ioctl(fileno(out), TIOCGWINSZ, &ws) || !ws.ws_col))
		scols_table_set_termforce(tb, SCOLS_TERMFORCE_NEVER);
	for (k = 0; k < cl->n; k++) {
		const struct column *col = &columns[cl->ids[k]];
		int flags = col->flags;
		struct libscols_column *sc;

		if (c->notruncate)
			flags &= ~SCOLS_FL_TRUNC;
		sc = scols_table_new_column(tb, col->name, col->whint, flags);
		if (!sc)
			goto out;
		if (c->json)
			scols_column_set_json_type(sc, col->number ? SCOLS_JSON_NUMBER :
					   SCOLS_JSON_STRING);
	}
	for (i = 0; i < nrows; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			goto out;
		for (k = 0; k < cl->n; k++) {
			const char *v = cell(c, rows[i], cl->ids[k], own, dash_id, buf,
					     sizeof(buf));

			if (v && scols_line_set_data(ln, k, v))
				goto out;
		}
	}
	rc = text ? scols_print_table_to_string(tb, text) : scols_print_table(tb);
out:
	scols_unref_table(tb);
	return rc;
}

/* Why the listing cannot be read (errno), in words. */
static int no_listing(const struct cli *c)
{
	struct ntsection_version v;
	int err = errno;
	char buf[256];
	struct stat st;

	if (err == EACCES || err == EPERM)
		return fail(c, "permission denied reading %s", PROC_SECTIONS);
	if (err != ENOENT)
		return fail(c, "cannot read %s: %s", PROC_SECTIONS, strerror(err));
	if (stat("/proc/self", &st))
		return fail(c, "%s is missing: /proc is not mounted", PROC_SECTIONS);
	if (device_problem(buf, sizeof(buf), &v))
		return fail(c, "%s is missing: %s", PROC_SECTIONS, buf);
	return fail(c, "%s is missing: the loaded ntsection module (ABI %u.%u) %s",
		    PROC_SECTIONS, v.major, v.minor, "has no section listing");
}

/* ------------------------------------------------------------------------ */
/* Holding a handle or a view.                                              */

/* Block the signals that end a hold, so that sigtimedwait() takes them. */
static void hold_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigprocmask(SIG_BLOCK, set, NULL);
}

static void hold(const struct cli *c, const sigset_t *set)
{
	struct timespec ts;

	if (c->no_hold)
		return;
	if (c->timeout < 0) {
		int sig;

		sigwait(set, &sig);
		return;
	}
	ts.tv_sec = c->timeout;
	ts.tv_nsec = 0;
	while (sigtimedwait(set, NULL, &ts) < 0 && errno == EINTR)
		;
}

/* A daemon keeps nothing it inherited but its standard streams and @keep1, @keep2. */
static void close_inherited(int keep1, int keep2)
{
	int fds[256], n = 0, i;
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");

	while (d && (de = readdir(d)) && n < 256) {
		unsigned long fd;

		if (parse_ulong(de->d_name, 10, &fd) && fd > 2 && (int)fd != dirfd(d) &&
		    (int)fd != keep1 && (int)fd != keep2)
			fds[n++] = (int)fd;
	}
	if (d)
		closedir(d);
	for (i = 0; i < n; i++)
		close(fds[i]);
}

/*
 * --daemon: fork; the child does the work and reports through pipes, the
 * parent prints the report and exits with the child's verdict while the
 * child goes on holding.
 * Return: in the child, 0 (carry on); in the parent, never.
 */
static int daemonize(struct cli *c, int *status_fd)
{
	int report[2], verdict[2];
	char buf[4096];
	ssize_t n;
	pid_t pid;
	__u8 code;

	if (pipe2(report, O_CLOEXEC) || pipe2(verdict, O_CLOEXEC))
		return fail(c, "pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return fail(c, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(report[0]);
		close(verdict[0]);
		close_inherited(report[1], verdict[1]);
		setsid();
		out = fdopen(report[1], "w");
		if (!out)
			_exit(EXIT_FAIL);
		*status_fd = verdict[1];
		return 0;
	}
	close(report[1]);
	close(verdict[1]);
	while ((n = read(report[0], buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	fflush(stdout);
	if (read(verdict[0], &code, 1) != 1) {
		waitpid(pid, NULL, 0);
		exit(EXIT_FAIL);
	}
	exit(code);
}

/* In a --daemon child: report the verdict, let go of the terminal. */
static void daemon_detach(int status_fd, int code)
{
	__u8 b = (__u8)code;
	int null;

	fflush(out);
	fclose(out);
	out = NULL;
	if (write(status_fd, &b, 1) != 1)
		_exit(EXIT_FAIL);
	close(status_fd);
	if (code)
		_exit(code);
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
	if (chdir("/"))
		return;
}

/*
 * Do @work (which prints its report to `out`) and hold what it made: in
 * the foreground, or in a --daemon child.
 */
static int run_holding(struct cli *c, int (*work)(struct cli *c),
		       void (*release)(void))
{
	int status_fd = -1, code;
	sigset_t set;

	hold_signals(&set);
	if (c->daemon) {
		code = daemonize(c, &status_fd);
		if (code)
			return code;
	}
	code = work(c);
	fflush(out);
	if (c->daemon)
		daemon_detach(status_fd, code);
	if (code)
		return code;
	hold(c, &set);
	if (release)
		release();
	return EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* create, open, map.                                                       */

/* What a holder holds, for release(). */
static HANDLE held_section;
static PVOID held_view;

static void release_held(void)
{
	if (held_view)
		NtUnmapViewOfSection(NtCurrentProcess(), held_view);
	if (held_section)
		NtClose(held_section);
	held_view = NULL;
	held_section = NULL;
}

/* The last line of a report: who holds it, how to let go; @leaf: its name, or NULL. */
static void report_hold(const struct cli *c, const char *leaf)
{
	if (c->no_hold)
		return;
	if (c->daemon && leaf)
		fprintf(out, "held by pid %d; release with: kill %d (or ntsection rm %s)\n",
			(int)getpid(), (int)getpid(), leaf);
	else if (c->daemon)
		fprintf(out, "held by pid %d; release with: kill %d\n", (int)getpid(),
			(int)getpid());
	else if (c->timeout >= 0)
		fprintf(out, "holding it for %ld s (pid %d)\n", c->timeout, (int)getpid());
	else
		fprintf(out, "holding it (pid %d) until interrupted\n", (int)getpid());
}

/* The report of a section: name, size, attributes, and the holder. */
static void report_section(const struct cli *c, const struct nt_name *n, HANDLE h,
			   NTSTATUS create_status, const char *verb)
{
	SECTION_BASIC_INFORMATION sbi = { 0 };
	char abuf[128], pbuf[128], sbuf[32];
	bool holding = !c->no_hold;
	NTSTATUS st;
	struct json j;

	st = NtQuerySection(h, SectionBasicInformation, &sbi, sizeof(sbi), NULL);
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "name", n->utf8);
		json_status(&j, create_status);
		if (NT_SUCCESS(st)) {
			json_num(&j, "size", (unsigned long long)sbi.Size.QuadPart);
			json_str(&j, "attributes", attrs_str(sbi.Attributes, abuf, sizeof(abuf)));
			json_num(&j, "attributes_value", sbi.Attributes);
		}
		if (!strcmp(c->cmd, "create")) {
			json_str(&j, "protect", protect_str(c->protect, pbuf, sizeof(pbuf)));
			snprintf(sbuf, sizeof(sbuf), "%04o", c->mode ? c->mode : 0600);
			json_str(&j, "mode", sbuf);
		}
		if (held_view) {
			snprintf(sbuf, sizeof(sbuf), "%p", held_view);
			json_str(&j, "view", sbuf);
		}
		json_num(&j, "pid", (unsigned long long)getpid());
		json_bool(&j, "holding", holding);
		json_close(&j, '}');
		return;
	}
	fprintf(out, "%s %s", verb, n->utf8);
	if (create_status == STATUS_OBJECT_NAME_EXISTS)
		fprintf(out, " (it existed: opened it)");
	if (NT_SUCCESS(st))
		fprintf(out, ": %s bytes (%llu), %s",
			size_str(sbi.Size.QuadPart, sbuf, sizeof(sbuf)),
			(unsigned long long)sbi.Size.QuadPart,
			attrs_str(sbi.Attributes, abuf, sizeof(abuf)));
	if (!strcmp(c->cmd, "create"))
		fprintf(out, ", %s, mode %04o", protect_str(c->protect, pbuf, sizeof(pbuf)),
			c->mode ? c->mode : 0600);
	fputc('\n', out);
	report_hold(c, n->leaf);
}

static int work_create(struct cli *c)
{
	NTSECTION_MODE_DESCRIPTOR sd = { NTSECTION_MODE_DESCRIPTOR_MAGIC, c->mode };
	ULONG access = c->access_given ? c->access : SECTION_ALL_ACCESS;
	LARGE_INTEGER size = { .QuadPart = (LONGLONG)c->size };
	OBJECT_ATTRIBUTES oa;
	struct nt_name n;
	HANDLE file = NULL;
	NTSTATUS st;
	char what[1200];
	int fd = -1;

	if (!nt_name_make(c->arg, &n))
		return fail(c, "the name is not valid UTF-8");
	InitializeObjectAttributes(&oa, &n.us, c->obj_attrs, NULL, &sd);
	if (c->file) {
		bool writable = (c->protect & 0xff) == PAGE_READWRITE ||
				(c->protect & 0xff) == PAGE_EXECUTE_READWRITE;

		fd = open(c->file, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
		if (fd < 0)
			return fail(c, "cannot open %s: %s", c->file, strerror(errno));
		file = ntsection_handle_from_fd(fd);
	}
	st = NtCreateSection(&held_section, access, &oa, c->size || !c->file ? &size : NULL,
			     c->protect, (c->file ? SEC_COMMIT : c->reserve ? SEC_RESERVE :
					  SEC_COMMIT), file);
	if (fd >= 0)
		close(fd);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot create %s", n.utf8);
		return fail_status(c, what, st);
	}
	report_section(c, &n, held_section, st, "created");
	return EXIT_OK;
}

static int cmd_create(struct cli *c)
{
	return run_holding(c, work_create, release_held);
}

static NTSTATUS open_named(const struct cli *c, struct nt_name *n, ULONG access, HANDLE *h)
{
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, &n->us, c->obj_attrs, NULL, NULL);
	return NtOpenSection(h, access, &oa);
}

static int work_open(struct cli *c)
{
	ULONG access = c->access_given ? c->access : SECTION_QUERY | SECTION_MAP_READ;
	struct nt_name n;
	char what[1200];
	NTSTATUS st;

	if (!nt_name_make(c->arg, &n))
		return fail(c, "the name is not valid UTF-8");
	st = open_named(c, &n, access, &held_section);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot open %s", n.utf8);
		return fail_status(c, what, st);
	}
	report_section(c, &n, held_section, st, "opened");
	return EXIT_OK;
}

static int cmd_open(struct cli *c)
{
	return run_holding(c, work_open, release_held);
}

/* Copy to or from a view without faulting on a page that refuses it. */
static bool mem_copy(void *dst, const void *src, size_t len, bool to_view)
{
	struct iovec local = { to_view ? (void *)src : dst, len };
	struct iovec remote = { to_view ? dst : (void *)src, len };
	ssize_t n;

	if (to_view)
		n = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
	else
		n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	return n == (ssize_t)len;
}

/* Bytes as text, with what is not printable escaped. */
static void print_bytes(FILE *f, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\')
			fputs("\\\\", f);
		else if (isprint(p[i]))
			fputc(p[i], f);
		else
			fprintf(f, "\\x%02x", p[i]);
	}
}

/* --read: the view's first bytes, NUL-terminated, in *@data (to free). */
static int read_view(const struct cli *c, SIZE_T view_size, char **data, size_t *len)
{
	*len = (size_t)c->read_len < view_size ? (size_t)c->read_len : view_size;
	*data = calloc(1, *len + 1);
	if (!*data)
		return fail(c, "out of memory");
	if (!mem_copy(*data, held_view, *len, false)) {
		free(*data);
		*data = NULL;
		return fail(c, "cannot read the view: %s",
			    "it is not readable (or not committed)");
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Images.                                                                  */

/* SECTION_IMAGE_INFORMATION as an object @key of the JSON being written. */
static void json_image_info(struct json *j, const char *key, const SECTION_IMAGE_INFORMATION *ii)
{
	json_open(j, key, '{');
	json_num(j, "entry_point", (ULONG_PTR)ii->TransferAddress);
	json_str(j, "machine", machine_str(ii->Machine));
	json_num(j, "machine_value", ii->Machine);
	json_str(j, "subsystem", subsystem_str(ii->SubSystemType));
	json_num(j, "subsystem_value", ii->SubSystemType);
	json_num(j, "subsystem_major_version", ii->SubSystemMajorVersion);
	json_num(j, "subsystem_minor_version", ii->SubSystemMinorVersion);
	json_num(j, "os_major_version", ii->MajorOperatingSystemVersion);
	json_num(j, "os_minor_version", ii->MinorOperatingSystemVersion);
	json_num(j, "image_characteristics", ii->ImageCharacteristics);
	json_num(j, "dll_characteristics", ii->DllCharacteristics);
	json_num(j, "stack_reserve", ii->MaximumStackSize);
	json_num(j, "stack_commit", ii->CommittedStackSize);
	json_bool(j, "contains_code", ii->ImageContainsCode);
	json_num(j, "image_flags", ii->ImageFlags);
	json_flag_names(j, "image_flag_names", image_flag_names, ARRAY_SIZE(image_flag_names),
			ii->ImageFlags);
	json_num(j, "loader_flags", ii->LoaderFlags);
	json_num(j, "file_size", ii->ImageFileSize);
	json_num(j, "checksum", ii->CheckSum);
	json_close(j, '}');
}

/* SECTION_IMAGE_INFORMATION as text, indented under an "image:" line. */
static void print_image_info(FILE *f, const SECTION_IMAGE_INFORMATION *ii)
{
	char buf[256], sbuf[32], cbuf[32];

	fprintf(f, "image:\n");
	fprintf(f, "  entry point:         0x%lx\n", (ULONG_PTR)ii->TransferAddress);
	fprintf(f, "  machine:             %s (0x%04x)\n", machine_str(ii->Machine), ii->Machine);
	fprintf(f, "  subsystem:           %s (%u), version %u.%u\n",
		subsystem_str(ii->SubSystemType), ii->SubSystemType, ii->SubSystemMajorVersion,
		ii->SubSystemMinorVersion);
	fprintf(f, "  OS version:          %u.%u\n", ii->MajorOperatingSystemVersion,
		ii->MinorOperatingSystemVersion);
	fprintf(f, "  characteristics:     0x%04x\n", ii->ImageCharacteristics);
	fprintf(f, "  DLL characteristics: 0x%04x\n", ii->DllCharacteristics);
	fprintf(f, "  stack:               reserve %s (%lu), commit %s (%lu)\n",
		size_str(ii->MaximumStackSize, sbuf, sizeof(sbuf)), ii->MaximumStackSize,
		size_str(ii->CommittedStackSize, cbuf, sizeof(cbuf)), ii->CommittedStackSize);
	fprintf(f, "  contains code:       %s\n", ii->ImageContainsCode ? "yes" : "no");
	fprintf(f, "  image flags:         %s\n",
		image_flags_str(image_flag_names, ARRAY_SIZE(image_flag_names), ii->ImageFlags,
				buf, sizeof(buf)));
	fprintf(f, "  loader flags:        0x%x\n", ii->LoaderFlags);
	fprintf(f, "  file size:           %u (%s)\n", ii->ImageFileSize,
		size_str(ii->ImageFileSize, sbuf, sizeof(sbuf)));
	fprintf(f, "  checksum:            0x%08x\n", ii->CheckSum);
}

/* Where an image view went, in words. */
static const char *image_placement(NTSTATUS st)
{
	if (st == STATUS_SUCCESS)
		return "at its base";
	if (st == STATUS_IMAGE_NOT_AT_BASE)
		return "not at its base";
	if (st == STATUS_IMAGE_MACHINE_TYPE_MISMATCH)
		return "machine mismatch: the image is not of this process's machine";
	return "mapped";
}

/* @n UTF-16 code units as UTF-8, in a new string; lone surrogates as U+FFFD. */
static char *utf16_to_utf8(const WCHAR *s, size_t n)
{
	char *buf = malloc(n * 3 + 1), *p = buf;
	size_t i;

	if (!buf)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned int cp = s[i];

		if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < n && s[i + 1] >= 0xdc00 &&
		    s[i + 1] < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (s[i + 1] - 0xdc00);
			i++;
		} else if (cp >= 0xd800 && cp < 0xe000) {
			cp = 0xfffd;
		}
		if (cp < 0x80) {
			*p++ = (char)cp;
		} else if (cp < 0x800) {
			*p++ = (char)(0xc0 | cp >> 6);
			*p++ = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			*p++ = (char)(0xe0 | cp >> 12);
			*p++ = (char)(0x80 | ((cp >> 6) & 0x3f));
			*p++ = (char)(0x80 | (cp & 0x3f));
		} else {
			*p++ = (char)(0xf0 | cp >> 18);
			*p++ = (char)(0x80 | ((cp >> 12) & 0x3f));
			*p++ = (char)(0x80 | ((cp >> 6) & 0x3f));
			*p++ = (char)(0x80 | (cp & 0x3f));
		}
	}
	*p = 0;
	return buf;
}

/*
 * The name of the file mapped at @addr (MemoryMappedFilenameInformation),
 * UTF-8, in *@name (to free); the status of the query.
 */
static NTSTATUS mapped_file_name(PVOID addr, char **name)
{
	SIZE_T cap = 4096, need = 0;
	MEMORY_SECTION_NAME *msn;
	NTSTATUS st;
	int tries;

	*name = NULL;
	for (tries = 0; tries < 2; tries++) {
		msn = malloc(cap);
		if (!msn)
			return STATUS_NO_MEMORY;
		st = NtQueryVirtualMemory(NtCurrentProcess(), addr, MemoryMappedFilenameInformation,
					  msn, cap, &need);
		if (NT_SUCCESS(st)) {
			*name = utf16_to_utf8(msn->SectionFileName.Buffer,
					      msn->SectionFileName.Length / sizeof(WCHAR));
			free(msn);
			return *name ? st : STATUS_NO_MEMORY;
		}
		free(msn);
		if ((st != STATUS_BUFFER_OVERFLOW && st != STATUS_INFO_LENGTH_MISMATCH) ||
		    need <= cap)
			return st;
		cap = need;
	}
	return st;
}

/**
 * struct image_region - a region of an image view (MemoryBasicInformation)
 * @offset: its start, from the view's base (the RVA)
 * @size: its size
 * @protect: its protection
 */
struct image_region {
	unsigned long long offset;
	unsigned long long size;
	ULONG protect;
};

/*
 * The regions of the image view at @base of @size bytes, from
 * NtQueryVirtualMemory(MemoryBasicInformation), in *@regions (to free).
 */
static NTSTATUS image_regions(PVOID base, SIZE_T size, struct image_region **regions,
			      size_t *n)
{
	ULONG_PTR addr = (ULONG_PTR)base, end = (ULONG_PTR)base + size;
	struct image_region *grown;
	MEMORY_BASIC_INFORMATION mbi;
	NTSTATUS st;

	*regions = NULL;
	*n = 0;
	while (addr < end) {
		ULONG_PTR start, stop;

		st = NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)addr, MemoryBasicInformation,
					  &mbi, sizeof(mbi), NULL);
		if (!NT_SUCCESS(st))
			return st;
		start = (ULONG_PTR)mbi.BaseAddress;
		stop = start + mbi.RegionSize;
		/* Every page up to the end is in this one view. */
		if (mbi.AllocationBase != base || start > addr || stop <= addr)
			return STATUS_CONFLICTING_ADDRESSES;
		if (stop > end)
			stop = end;
		grown = realloc(*regions, (*n + 1) * sizeof(*grown));
		if (!grown)
			return STATUS_NO_MEMORY;
		*regions = grown;
		grown[*n].offset = start - (ULONG_PTR)base;
		grown[*n].size = stop - start;
		grown[*n].protect = mbi.Protect;
		(*n)++;
		addr = stop;
	}
	return STATUS_SUCCESS;
}

/*
 * map --image FILE: a SEC_IMAGE section of FILE, mapped (the whole image or
 * its first --size bytes) PAGE_EXECUTE_WRITECOPY, and what the view is:
 * placement, entry point, file name, regions.
 */
static int work_map_image(struct cli *c)
{
	ULONG access = c->access_given ? c->access : access_for(PAGE_EXECUTE_WRITECOPY);
	SIZE_T view_size = c->size_given ? c->size : 0;
	char what[PATH_MAX + 64], pbuf[128], buf[256], *name = NULL, *data = NULL;
	SECTION_IMAGE_INFORMATION sii;
	MEMORY_IMAGE_INFORMATION mii;
	struct image_region *regions = NULL;
	size_t nregions = 0, data_len = 0, i;
	NTSTATUS st, map_st, mii_st, name_st;
	struct json j;
	int fd, rc = EXIT_OK;

	fd = open(c->image, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(c, "cannot open %s: %s", c->image, strerror(errno));
	st = NtCreateSection(&held_section, access, NULL, NULL, PAGE_EXECUTE_WRITECOPY, SEC_IMAGE,
			     ntsection_handle_from_fd(fd));
	close(fd);
	if (!NT_SUCCESS(st)) {
		held_section = NULL;
		snprintf(what, sizeof(what), "cannot create an image section of %s", c->image);
		return fail_status(c, what, st);
	}
	st = NtQuerySection(held_section, SectionImageInformation, &sii, sizeof(sii), NULL);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot query the image section of %s", c->image);
		return fail_status(c, what, st);
	}
	map_st = NtMapViewOfSection(held_section, NtCurrentProcess(), &held_view, 0, 0, NULL,
				    &view_size, c->inherit, 0, PAGE_EXECUTE_WRITECOPY);
	if (!NT_SUCCESS(map_st)) {
		held_view = NULL;
		snprintf(what, sizeof(what), "cannot map a view of %s", c->image);
		return fail_status(c, what, map_st);
	}
	st = image_regions(held_view, view_size, &regions, &nregions);
	if (!NT_SUCCESS(st)) {
		free(regions);
		return fail_status(c, "cannot query the view's regions", st);
	}
	mii_st = NtQueryVirtualMemory(NtCurrentProcess(), held_view, MemoryImageInformation, &mii,
				      sizeof(mii), NULL);
	name_st = mapped_file_name(held_view, &name);
	if (c->read_len >= 0 && read_view(c, view_size, &data, &data_len)) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "image_file", c->image);
		json_status(&j, map_st);
		json_bool(&j, "at_base", map_st == STATUS_SUCCESS);
		snprintf(buf, sizeof(buf), "%p", held_view);
		json_str(&j, "view", buf);
		json_num(&j, "view_size", view_size);
		json_str(&j, "protect", protect_str(PAGE_EXECUTE_WRITECOPY, pbuf, sizeof(pbuf)));
		json_str(&j, "inherit", c->inherit == ViewUnmap ? "ViewUnmap" : "ViewShare");
		json_image_info(&j, "image", &sii);
		if (NT_SUCCESS(mii_st)) {
			json_open(&j, "image_view", '{');
			json_num(&j, "image_base", (ULONG_PTR)mii.ImageBase);
			json_num(&j, "size_of_image", mii.SizeOfImage);
			json_num(&j, "flags", mii.ImageFlags);
			json_flag_names(&j, "flag_names", view_flag_names,
					ARRAY_SIZE(view_flag_names), mii.ImageFlags);
			json_close(&j, '}');
		} else {
			json_str(&j, "image_view", NULL);
		}
		json_str(&j, "file_name", NT_SUCCESS(name_st) ? name : NULL);
		json_open(&j, "regions", '[');
		for (i = 0; i < nregions; i++) {
			const struct image_region *reg = &regions[i];

			json_open(&j, NULL, '{');
			json_num(&j, "offset", reg->offset);
			json_num(&j, "size", reg->size);
			json_str(&j, "protect", protect_str(reg->protect, pbuf, sizeof(pbuf)));
			json_num(&j, "protect_value", reg->protect);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		if (data)
			json_str(&j, "data", data);
		json_num(&j, "pid", (unsigned long long)getpid());
		json_bool(&j, "holding", !c->no_hold);
		json_close(&j, '}');
		goto out;
	}
	fprintf(out, "mapped image %s at %p: %s bytes (%llu), %s\n", c->image, held_view,
		size_str(view_size, buf, sizeof(buf)), (unsigned long long)view_size,
		c->inherit == ViewUnmap ? "ViewUnmap" : "ViewShare");
	fprintf(out, "status:      %s (0x%08x): %s\n",
		status_find(map_st) ? status_find(map_st)->name : "NTSTATUS", (ULONG)map_st,
		image_placement(map_st));
	fprintf(out, "entry point: 0x%lx\n", (ULONG_PTR)sii.TransferAddress);
	fprintf(out, "machine:     %s (0x%04x)\n", machine_str(sii.Machine), sii.Machine);
	if (NT_SUCCESS(mii_st))
		fprintf(out, "image view:  base %p, size %lu, flags %s\n", mii.ImageBase,
			mii.SizeOfImage, image_flags_str(view_flag_names,
							 ARRAY_SIZE(view_flag_names),
							 mii.ImageFlags, buf, sizeof(buf)));
	else
		fprintf(out, "image view:  unknown (0x%08x)\n", (ULONG)mii_st);
	if (NT_SUCCESS(name_st))
		fprintf(out, "file:        %s\n", name);
	else
		fprintf(out, "file:        unknown (0x%08x)\n", (ULONG)name_st);
	fprintf(out, "%-12s %8s %s\n", "OFFSET", "SIZE", "PROTECT");
	for (i = 0; i < nregions; i++) {
		char off[24], sz[32];

		snprintf(off, sizeof(off), "0x%llx", regions[i].offset);
		fprintf(out, "%-12s %8s %s\n", off, size_str(regions[i].size, sz, sizeof(sz)),
			protect_str(regions[i].protect, pbuf, sizeof(pbuf)));
	}
	if (data) {
		fputs("data: ", out);
		print_bytes(out, (const unsigned char *)data, data_len);
		fputc('\n', out);
	}
	report_hold(c, NULL);
out:
	free(regions);
	free(name);
	free(data);
	return rc;
}

/* Is @p[0..@n) valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF)? */
static bool utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0, k, extra;
	unsigned int cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			cp = p[i] & 0x1f;
			extra = 1;
		} else if ((p[i] & 0xf0) == 0xe0) {
			cp = p[i] & 0x0f;
			extra = 2;
		} else if ((p[i] & 0xf8) == 0xf0) {
			cp = p[i] & 0x07;
			extra = 3;
		} else {
			return false;
		}
		if (i + extra >= n)
			return false;
		for (k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += extra + 1;
	}
	return true;
}

/*
 * map --read's bytes in JSON: "data" is the text when the bytes are UTF-8
 * (a NUL as \u0000), else null; "data_hex" is every byte, always.
 */
static void json_data(struct json *j, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i;

	json_key(j, "data");
	if (utf8_valid(p, len)) {
		fputc('"', j->f);
		for (i = 0; i < len; i++) {
			if (p[i] == '"' || p[i] == '\\')
				fprintf(j->f, "\\%c", p[i]);
			else if (p[i] == '\n')
				fputs("\\n", j->f);
			else if (p[i] < 0x20 || p[i] == 0x7f)
				fprintf(j->f, "\\u%04x", p[i]);
			else
				fputc(p[i], j->f);
		}
		fputc('"', j->f);
	} else {
		fputs("null", j->f);
	}
	json_key(j, "data_hex");
	fputc('"', j->f);
	for (i = 0; i < len; i++)
		fprintf(j->f, "%02x", p[i]);
	fputc('"', j->f);
}

/* A data view's fields of map's JSON: where, how big, and how mapped. */
static void json_view(struct json *j, const struct cli *c, const void *view, SIZE_T view_size,
		      const char *data, size_t data_len)
{
	char buf[64], pbuf[128];

	snprintf(buf, sizeof(buf), "%p", view);
	json_str(j, "view", buf);
	json_num(j, "view_size", view_size);
	json_num(j, "offset", c->offset);
	json_str(j, "protect", protect_str(c->protect, pbuf, sizeof(pbuf)));
	json_str(j, "inherit", c->inherit == ViewUnmap ? "ViewUnmap" : "ViewShare");
	if (data)
		json_data(j, data, data_len);
}

static int work_map(struct cli *c)
{
	ULONG access = c->access_given ? c->access : access_for(c->protect);
	LARGE_INTEGER offset = { .QuadPart = (LONGLONG)c->offset };
	SIZE_T view_size = c->size_given ? c->size : 0;
	char what[1200], pbuf[128], buf[64], *data = NULL;
	size_t data_len = 0;
	struct nt_name n;
	struct json j;
	NTSTATUS st;

	if (c->image)
		return work_map_image(c);
	if (!nt_name_make(c->arg, &n))
		return fail(c, "the name is not valid UTF-8");
	st = open_named(c, &n, access, &held_section);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot open %s", n.utf8);
		return fail_status(c, what, st);
	}
	st = NtMapViewOfSection(held_section, NtCurrentProcess(), &held_view, 0, c->commit,
				&offset, &view_size, c->inherit, 0, c->protect);
	if (!NT_SUCCESS(st)) {
		held_view = NULL;
		snprintf(what, sizeof(what), "cannot map a view of %s", n.utf8);
		return fail_status(c, what, st);
	}
	if (c->write_text) {
		size_t len = strlen(c->write_text);

		if (len > view_size)
			len = view_size;
		if (!mem_copy(held_view, c->write_text, len, true))
			return fail(c, "cannot write to the view: %s",
				    "it is not writable (or not committed)");
	}
	if (c->read_len >= 0 && read_view(c, view_size, &data, &data_len))
		return EXIT_FAIL;
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "name", n.utf8);
		json_status(&j, st);
		json_view(&j, c, held_view, view_size, data, data_len);
		json_num(&j, "pid", (unsigned long long)getpid());
		json_bool(&j, "holding", !c->no_hold);
		json_close(&j, '}');
		free(data);
		return EXIT_OK;
	}
	fprintf(out, "mapped %s at %p: %s bytes (%llu) from offset %llu, %s, %s\n", n.utf8,
		held_view, size_str(view_size, buf, sizeof(buf)), (unsigned long long)view_size,
		c->offset, protect_str(c->protect, pbuf, sizeof(pbuf)),
		c->inherit == ViewUnmap ? "ViewUnmap" : "ViewShare");
	if (data) {
		fputs("data: ", out);
		print_bytes(out, (const unsigned char *)data, data_len);
		fputc('\n', out);
		free(data);
	}
	report_hold(c, n.leaf);
	return EXIT_OK;
}

/*
 * map --pid PID: the view goes into process PID (SPEC §11), which keeps it
 * (and the section's memory) after we exit; nothing is held here.
 */
static int work_map_remote(struct cli *c)
{
	ULONG access = c->access_given ? c->access : access_for(c->protect);
	LARGE_INTEGER offset = { .QuadPart = (LONGLONG)c->offset };
	SIZE_T view_size = c->size_given ? c->size : 0, done = 0;
	CLIENT_ID cid = { (HANDLE)(ULONG_PTR)c->pid, NULL };
	char what[1200], pbuf[128], buf[64], *data = NULL;
	HANDLE process = NULL, section = NULL;
	OBJECT_ATTRIBUTES oa;
	PVOID view = NULL;
	struct nt_name n;
	struct json j;
	NTSTATUS st;
	int rc = EXIT_FAIL;

	if (!nt_name_make(c->arg, &n))
		return fail(c, "the name is not valid UTF-8");
	InitializeObjectAttributes(&oa, NULL, 0, NULL, NULL);
	st = NtOpenProcess(&process, PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE |
			   PROCESS_QUERY_INFORMATION, &oa, &cid);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot open process %ld", c->pid);
		return fail_status(c, what, st);
	}
	st = open_named(c, &n, access, &section);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot open %s", n.utf8);
		rc = fail_status(c, what, st);
		goto out;
	}
	st = NtMapViewOfSection(section, process, &view, 0, c->commit, &offset, &view_size,
				c->inherit, 0, c->protect);
	NtClose(section);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot map a view of %s into process %ld", n.utf8,
			 c->pid);
		rc = fail_status(c, what, st);
		goto out;
	}
	if (c->write_text) {
		size_t len = strlen(c->write_text);

		if (len > view_size)
			len = view_size;
		st = NtWriteVirtualMemory(process, view, c->write_text, len, &done);
		if (!NT_SUCCESS(st)) {
			rc = fail_status(c, "cannot write to the view", st);
			goto out;
		}
	}
	if (c->read_len >= 0) {
		size_t len = (size_t)c->read_len < view_size ? (size_t)c->read_len : view_size;

		data = calloc(1, len + 1);
		if (!data) {
			rc = fail(c, "out of memory");
			goto out;
		}
		st = NtReadVirtualMemory(process, view, data, len, &done);
		if (!NT_SUCCESS(st)) {
			rc = fail_status(c, "cannot read the view", st);
			goto out;
		}
	}
	snprintf(buf, sizeof(buf), "%p", view);
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "name", n.utf8);
		json_status(&j, st);
		json_num(&j, "target_pid", (unsigned long long)c->pid);
		json_view(&j, c, view, view_size, data, data ? done : 0);
		json_close(&j, '}');
	} else {
		fprintf(out, "mapped %s into process %ld at %s: ", n.utf8, c->pid, buf);
		fprintf(out, "%s bytes (%llu) from offset %llu, %s, %s\n",
			size_str(view_size, pbuf, sizeof(pbuf)), (unsigned long long)view_size,
			c->offset, protect_str(c->protect, what, sizeof(what)),
			c->inherit == ViewUnmap ? "ViewUnmap" : "ViewShare");
		if (data) {
			fputs("data: ", out);
			print_bytes(out, (const unsigned char *)data, done);
			fputc('\n', out);
		}
	}
	rc = EXIT_OK;
out:
	free(data);
	NtClose(process);
	return rc;
}

static int cmd_map(struct cli *c)
{
	if (c->pid >= 0)
		return work_map_remote(c);
	return run_holding(c, work_map, release_held);
}

/* ------------------------------------------------------------------------ */
/* info, ls.                                                                */

/* An output option of ls's was given: info prints a table, not its lines. */
static bool table_output(const struct cli *c)
{
	return c->json || c->output || c->noheadings || c->raw || c->bytes || c->list ||
	       c->export;
}

static int cmd_info(struct cli *c)
{
	SECTION_BASIC_INFORMATION sbi;
	SECTION_IMAGE_INFORMATION sii;
	bool image = false;
	struct section_table t = { 0 };
	const struct section_row *row = NULL;
	char what[1200], buf[128], ubuf[64], gbuf[64], *text = NULL, *end;
	unsigned long long id;
	struct column_list cl;
	bool have_table;
	struct nt_name n;
	struct json j;
	size_t i;
	HANDLE h;
	NTSTATUS st;
	int err;

	if (!nt_name_make(c->arg, &n))
		return fail(c, "the name is not valid UTF-8");
	st = open_named(c, &n, SECTION_QUERY, &h);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot open %s", n.utf8);
		return fail_status(c, what, st);
	}
	st = NtQuerySection(h, SectionBasicInformation, &sbi, sizeof(sbi), NULL);
	if (NT_SUCCESS(st) && (sbi.Attributes & SEC_IMAGE)) {
		image = true;
		st = NtQuerySection(h, SectionImageInformation, &sii, sizeof(sii), NULL);
	}
	/* Our handle's section id finds the section's line, whatever its name. */
	id = handle_section_id(h);
	have_table = !table_read(&t);
	err = errno;
	for (i = 0; have_table && id && i < t.nrows; i++)
		if (row_num(&t.rows[i], "id") == id)
			row = &t.rows[i];
	NtClose(h);
	if (!NT_SUCCESS(st)) {
		table_free(&t);
		snprintf(what, sizeof(what), "cannot query %s%s", image ? "the image of " : "",
			 n.utf8);
		return fail_status(c, what, st);
	}
	if (table_output(c)) {
		if (!have_table) {
			errno = err;
			return no_listing(c);
		}
		if (!row) {
			table_free(&t);
			return fail(c, "%s is not in %s", n.utf8, PROC_SECTIONS);
		}
		/* As lsipc --id: every column unless -o says otherwise. */
		cl.n = 0;
		if (c->output)
			columns_parse(c->output, ls_default_columns,
				      ARRAY_SIZE(ls_default_columns), &cl);
		else
			for (i = 0; i < NCOLUMNS; i++)
				cl.ids[cl.n++] = (int)i;
		if (print_sections(c, &row, 1, &cl, 1, c->json && image ? &text : NULL)) {
			table_free(&t);
			return fail(c, "cannot print the table (libsmartcols)");
		}
		table_free(&t);
		/* JSON of an image section: its image information beside "sections". */
		end = text ? strrchr(text, '}') : NULL;
		if (end) {
			fwrite(text, 1, (size_t)(end - text), out);
			fputc(',', out);
			j.f = out;
			j.depth = 0;
			j.first[0] = true;
			json_image_info(&j, "image", &sii);
			fputs("}\n", out);
		}
		free(text);
		return EXIT_OK;
	}
	fprintf(out, "name:       %s\n", n.utf8);
	fprintf(out, "size:       %llu (%s)\n", (unsigned long long)sbi.Size.QuadPart,
		size_str(sbi.Size.QuadPart, buf, sizeof(buf)));
	fprintf(out, "attributes: %s\n", attrs_str(sbi.Attributes, buf, sizeof(buf)));
	if (row) {
		unsigned long long handles = row_num(row, "handles");

		if (row_get(row, "protect"))
			fprintf(out, "protect:    %s\n",
				protect_str((ULONG)row_num(row, "protect"), buf, sizeof(buf)));
		fprintf(out, "committed:  %llu pages\n", row_num(row, "committed"));
		fprintf(out, "resident:   %llu pages\n", row_num(row, "resident"));
		fprintf(out, "views:      %llu\n", row_num(row, "views"));
		fprintf(out, "handles:    %llu\n", handles ? handles - 1 : 0);
		fprintf(out, "owner:      %s:%s\n",
			user_name((unsigned long)row_num(row, "uid"), ubuf, sizeof(ubuf)),
			group_name((unsigned long)row_num(row, "gid"), gbuf, sizeof(gbuf)));
		fprintf(out, "mode:       %s\n", row_get(row, "mode") ? row_get(row, "mode") : "?");
	} else if (!have_table) {
		fprintf(out, "(usage unknown: %s is missing)\n", PROC_SECTIONS);
	}
	if (image)
		print_image_info(out, &sii);
	table_free(&t);
	return EXIT_OK;
}

static int cmd_ls(struct cli *c)
{
	const struct section_row **rows;
	struct section_table t;
	struct column_list cl;
	size_t i;
	int rc;

	if (table_read(&t))
		return no_listing(c);
	columns_parse(c->output, ls_default_columns, ARRAY_SIZE(ls_default_columns), &cl);
	rows = calloc(t.nrows + 1, sizeof(*rows));
	if (!rows) {
		table_free(&t);
		return fail(c, "out of memory");
	}
	for (i = 0; i < t.nrows; i++)
		rows[i] = &t.rows[i];
	rc = print_sections(c, rows, t.nrows, &cl, 0, NULL);
	free(rows);
	table_free(&t);
	if (rc)
		return fail(c, "cannot print the table (libsmartcols)");
	return EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* views.                                                                   */

/**
 * struct view_line - a mapping of /proc/PID/smaps that is a view
 * @start: start address
 * @end: end address
 * @perms: "rw-s"
 * @offset: offset in the backing file
 * @inode: inode of the backing file
 * @path: the backing file
 * @flags: VmFlags
 */
struct view_line {
	unsigned long long start;
	unsigned long long end;
	char perms[8];
	unsigned long long offset;
	unsigned long long inode;
	char path[512];
	char flags[1024];
};

static bool has_flag(const char *flags, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = flags;

	while ((p = strstr(p, flag))) {
		if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0 || p[n] == '\n'))
			return true;
		p += n;
	}
	return false;
}

/*
 * Is it a view? Pagefile-backed views map the section's shmem file, named
 * "/ntsection"; file-backed views map the file itself and are told apart
 * from a plain mmap() by VM_DONTEXPAND ("de") and a 64 KiB-aligned start.
 */
static bool is_view(const struct view_line *v, bool *pagefile)
{
	*pagefile = !strncmp(v->path, PAGEFILE_PATH, strlen(PAGEFILE_PATH)) &&
		    (v->path[strlen(PAGEFILE_PATH)] == 0 || v->path[strlen(PAGEFILE_PATH)] == ' ');
	if (*pagefile)
		return true;
	return v->inode && v->path[0] == '/' && has_flag(v->flags, "de") &&
	       !(v->start & (NT_ALLOCATION_GRANULARITY - 1));
}

static ULONG view_protect(const char *perms)
{
	bool r = perms[0] == 'r', w = perms[1] == 'w', x = perms[2] == 'x';
	bool cow = perms[3] == 'p';

	if (x)
		return w ? (cow ? PAGE_EXECUTE_WRITECOPY : PAGE_EXECUTE_READWRITE) :
			   r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
	if (w)
		return cow ? PAGE_WRITECOPY : PAGE_READWRITE;
	return r ? PAGE_READONLY : PAGE_NOACCESS;
}

static int cmd_views(struct cli *c)
{
	struct view_line *views = NULL, *grown, cur;
	size_t nviews = 0, i;
	char path[64], line[1024], pbuf[128], sbuf[32];
	unsigned long pid;
	bool in = false, pagefile;
	struct json j = { 0 };
	FILE *f;

	if (!strcmp(c->arg, "self"))
		pid = (unsigned long)getpid();
	else if (!parse_ulong(c->arg, 10, &pid) || !pid || pid > INT_MAX)
		return fail(c, "'%s' is not a process id", c->arg);
	snprintf(path, sizeof(path), "/proc/%lu/smaps", pid);
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return fail(c, "no process %lu", pid);
		return fail(c, "cannot read %s: %s", path, strerror(errno));
	}
	memset(&cur, 0, sizeof(cur));
	while (fgets(line, sizeof(line), f)) {
		struct view_line v = { 0 };
		char dev[32];
		int pos = 0;

		if (sscanf(line, "%llx-%llx %7s %llx %31s %llu %n", &v.start, &v.end, v.perms,
			   &v.offset, dev, &v.inode, &pos) >= 6 && pos > 0) {
			snprintf(v.path, sizeof(v.path), "%s", line + pos);
			v.path[strcspn(v.path, "\n")] = 0;
			cur = v;
			in = true;
			continue;
		}
		if (!in || strncmp(line, "VmFlags:", 8))
			continue;
		snprintf(cur.flags, sizeof(cur.flags), "%s", line + 8);
		in = false;
		if (!is_view(&cur, &pagefile))
			continue;
		grown = realloc(views, (nviews + 1) * sizeof(*views));
		if (!grown)
			break;
		views = grown;
		views[nviews++] = cur;
	}
	fclose(f);
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_num(&j, "pid", pid);
		json_open(&j, "views", '[');
	} else {
		fprintf(out, "%-18s %-18s %7s %-22s %10s %-9s %s\n", "START", "END", "SIZE",
			"PROTECT", "OFFSET", "INHERIT", "BACKING");
	}
	for (i = 0; i < nviews; i++) {
		const struct view_line *v = &views[i];
		const char *inherit = has_flag(v->flags, "dc") ? "ViewUnmap" : "ViewShare";
		char start[24], end[24];

		is_view(v, &pagefile);
		snprintf(start, sizeof(start), "0x%llx", v->start);
		snprintf(end, sizeof(end), "0x%llx", v->end);
		protect_str(view_protect(v->perms), pbuf, sizeof(pbuf));
		if (c->json) {
			json_open(&j, NULL, '{');
			json_str(&j, "start", start);
			json_str(&j, "end", end);
			json_num(&j, "size", v->end - v->start);
			json_str(&j, "protect", pbuf);
			json_num(&j, "offset", v->offset);
			json_str(&j, "inherit", inherit);
			json_str(&j, "backing", pagefile ? "pagefile" : v->path);
			json_num(&j, "inode", v->inode);
			json_close(&j, '}');
			continue;
		}
		fprintf(out, "%-18s %-18s %7s %-22s %10llu %-9s %s\n", start, end,
			size_str(v->end - v->start, sbuf, sizeof(sbuf)), pbuf, v->offset, inherit,
			pagefile ? "pagefile" : v->path);
	}
	if (c->json) {
		json_close(&j, ']');
		json_close(&j, '}');
	} else if (!nviews) {
		fprintf(out, "(no views)\n");
	}
	free(views);
	return EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* rm.                                                                      */

/* Is process @pid an "ntsection create/open/map" holding the name @n? */
static bool is_holder(pid_t pid, const struct nt_name *n, bool ci)
{
	char path[64], buf[8192], *argv[256];
	const struct command *cmd;
	struct cli other = { .prog = "ntsection" };
	struct nt_name on;
	ssize_t len;
	int argc = 0, fd, i;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return false;
	buf[len] = 0;
	for (i = 0; i < len && argc < 255; i += (int)strlen(buf + i) + 1)
		argv[argc++] = buf + i;
	argv[argc] = NULL;
	if (argc < 3)
		return false;
	if (strcmp(argv[0], "ntsection") && !strstr(argv[0], "/ntsection"))
		return false;
	for (i = 1; i < argc && argv[i][0] == '-'; i++)
		;
	if (i >= argc)
		return false;
	cmd = command_find(argv[i]);
	if (!cmd || (strcmp(cmd->name, "create") && strcmp(cmd->name, "open") &&
		     strcmp(cmd->name, "map")))
		return false;
	if (parse_command(cmd, argc - i, argv + i, &other, true) || !other.arg ||
	    !nt_name_make(other.arg, &on))
		return false;
	return ci ? !strcasecmp(on.utf8, n->utf8) : !strcmp(on.utf8, n->utf8);
}

/* The section id in the fdinfo file at @path ("ntsection-id:"), or 0. */
static unsigned long long fdinfo_section_id(const char *path)
{
	unsigned long long id = 0;
	char buf[512], *p;
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return 0;
	buf[len] = 0;
	p = strstr(buf, "ntsection-id:");
	if (p)
		id = strtoull(p + strlen("ntsection-id:"), NULL, 10);
	return id;
}

/*
 * Does process @pid hold a handle to the section with id @id? Proven from
 * its /proc/PID/fdinfo, which the kernel shows only to who may inspect the
 * process. Ids are unique across IPC namespaces: a section of the same name
 * in another namespace has another id.
 * Return: 1 it does, 0 it does not, -1 its fdinfo cannot be read (errno).
 */
static int holds_section(pid_t pid, unsigned long long id)
{
	char dir[64], path[384];
	struct dirent *de;
	int found = 0, err = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/fdinfo", (int)pid);
	d = opendir(dir);
	if (!d)
		return -1;
	while (!found && (de = readdir(d))) {
		int fd;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno == EACCES || errno == EPERM)
				err = errno;
			continue;
		}
		close(fd);
		found = fdinfo_section_id(path) == id;
	}
	closedir(d);
	if (!found && err) {
		errno = err;
		return -1;
	}
	return found;
}

/* The inode of @pid's IPC namespace (/proc/PID/ns/ipc), or 0. */
static unsigned long long ipc_ns(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	return stat(path, &st) ? 0 : (unsigned long long)st.st_ino;
}

/* The real uid of process @pid (/proc/PID status), or -1. */
static long proc_uid(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return stat(path, &st) ? -1 : (long)st.st_uid;
}

/**
 * struct spared - a holder rm left alone
 * @pid: its pid
 * @uid: its owner
 * @why: why
 */
struct spared {
	pid_t pid;
	long uid;
	const char *why;
};

static int cmd_rm(struct cli *c)
{
	pid_t holders[256], self = getpid();
	struct spared spared[64];
	size_t nholders = 0, nspared = 0, i;
	unsigned long long id, ns;
	char what[1200];
	struct dirent *de;
	struct nt_name n;
	struct json j;
	NTSTATUS st;
	HANDLE h;
	DIR *d;
	int tries;

	if (!nt_name_make(c->arg, &n))
		return fail(c, "the name is not valid UTF-8");
	st = open_named(c, &n, SECTION_QUERY, &h);
	if (!NT_SUCCESS(st)) {
		snprintf(what, sizeof(what), "cannot remove %s", n.utf8);
		return fail_status(c, what, st);
	}
	id = handle_section_id(h);
	NtClose(h);
	if (!id)
		return fail(c, "cannot tell which section %s is: %s", n.utf8,
			    "the loaded ntsection module shows no section id in /proc/self/fdinfo");
	ns = ipc_ns(self);
	if (!ns)
		return fail(c, "cannot read /proc/self/ns/ipc: %s", strerror(errno));
	/*
	 * Stop only the holders this command started (create, open and map
	 * processes) of this IPC namespace that provably hold this very
	 * section, and only those the caller may signal: a pidfd pins the
	 * process, whose handles are checked again before the signal goes (no
	 * pid reuse). Holders it cannot check or signal are left alone, and
	 * reported.
	 */
	d = opendir("/proc");
	while (d && (de = readdir(d)) && nholders < ARRAY_SIZE(holders)) {
		const char *why = NULL;
		unsigned long long pid_ns;
		unsigned long pid;
		int pidfd, held;

		if (!parse_ulong(de->d_name, 10, &pid) || (pid_t)pid == self)
			continue;
		if (!is_holder((pid_t)pid, &n, c->obj_attrs & OBJ_CASE_INSENSITIVE))
			continue;
		pid_ns = ipc_ns((pid_t)pid);
		if (!pid_ns) {
			/* /proc/PID/ns is for who may inspect the process. */
			why = "its IPC namespace and handles cannot be checked (permission denied)";
			goto spare;
		}
		if (pid_ns != ns)
			continue;
		held = holds_section((pid_t)pid, id);
		if (!held)
			continue;
		if (held < 0) {
			why = "its handles cannot be checked (/proc/PID/fdinfo: permission denied)";
			goto spare;
		}
		pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (pidfd < 0)
			continue;
		/* The pidfd's process, or one that is gone: signalling that fails. */
		if (ipc_ns((pid_t)pid) != ns || holds_section((pid_t)pid, id) != 1) {
			close(pidfd);
			continue;
		}
		if (!syscall(SYS_pidfd_send_signal, pidfd, SIGTERM, NULL, 0))
			holders[nholders++] = (pid_t)pid;
		else if (errno == EPERM)
			why = "it holds the section, but may not be signalled by this user";
		close(pidfd);
spare:
		if (why && nspared < ARRAY_SIZE(spared)) {
			spared[nspared].pid = (pid_t)pid;
			spared[nspared].uid = proc_uid((pid_t)pid);
			spared[nspared++].why = why;
		}
	}
	if (d)
		closedir(d);
	for (i = 0; i < nspared; i++)
		fprintf(stderr, "%s: left pid %d (uid %ld) alone: %s\n", c->prog,
			(int)spared[i].pid, spared[i].uid, spared[i].why);
	/* The name goes with the last handle: wait for it (5 s at most). */
	for (tries = 0; tries < (nholders ? 100 : 1); tries++) {
		st = open_named(c, &n, SECTION_QUERY, &h);
		if (!NT_SUCCESS(st))
			break;
		NtClose(h);
		usleep(50000);
	}
	if (c->json && (st != STATUS_OBJECT_NAME_NOT_FOUND || nspared)) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "name", n.utf8);
		if (st != STATUS_OBJECT_NAME_NOT_FOUND)
			json_str(&j, "error", "the section still exists");
		json_open(&j, "stopped", '[');
		for (i = 0; i < nholders; i++)
			json_num(&j, NULL, (unsigned long long)holders[i]);
		json_close(&j, ']');
		json_open(&j, "left_alone", '[');
		for (i = 0; i < nspared; i++) {
			json_open(&j, NULL, '{');
			json_num(&j, "pid", (unsigned long long)spared[i].pid);
			json_num(&j, "uid", (unsigned long long)spared[i].uid);
			json_str(&j, "reason", spared[i].why);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_bool(&j, "removed", st == STATUS_OBJECT_NAME_NOT_FOUND);
		json_close(&j, '}');
		fflush(out);
		c->json = false;	/* fail() below: stderr only */
		if (st == STATUS_OBJECT_NAME_NOT_FOUND)
			return EXIT_OK;
	}
	if (st != STATUS_OBJECT_NAME_NOT_FOUND) {
		return fail(c, "%s still exists%s: %s; %s", n.utf8,
			    nholders ? " after its ntsection holders stopped" : "",
			    "other programs hold handles to it, and a named section lives while a handle does",
			    "stop them (their handles show as anon_inode:[ntsection] in /proc/PID/fd)");
	}
	if (c->json) {
		json_begin(&j, out);
		json_str(&j, "command", c->cmd);
		json_str(&j, "name", n.utf8);
		json_open(&j, "stopped", '[');
		for (i = 0; i < nholders; i++)
			json_num(&j, NULL, (unsigned long long)holders[i]);
		json_close(&j, ']');
		json_open(&j, "left_alone", '[');
		json_close(&j, ']');
		json_bool(&j, "removed", true);
		json_close(&j, '}');
	} else {
		fprintf(out, "removed %s", n.utf8);
		if (nholders) {
			fprintf(out, " (stopped pid");
			for (i = 0; i < nholders; i++)
				fprintf(out, " %d", (int)holders[i]);
			fputc(')', out);
		}
		fputc('\n', out);
	}
	return EXIT_OK;
}

/* ------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	const struct command *cmd;
	struct cli c = { 0 };
	bool json = false;
	int i, rc;

	out = stdout;
	c.prog = "ntsection";
	/* Names are UTF-8: libsmartcols measures their width in a UTF-8 locale. */
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	setlocale(LC_NUMERIC, "C");	/* "1.5K" in any locale, as the JSON */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout, c.prog);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			print_version(stdout);
			return EXIT_OK;
		}
		fprintf(stderr, "%s: unknown option '%s'\n", c.prog, argv[i]);
		print_usage(stderr, c.prog);
		return EXIT_USAGE;
	}
	if (i == argc) {
		print_usage(stderr, c.prog);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 1 == argc) {
			print_usage(stdout, c.prog);
			return EXIT_OK;
		}
		cmd = command_find(argv[i + 1]);
		if (!cmd) {
			fprintf(stderr, "%s: no command '%s'\n", c.prog, argv[i + 1]);
			return EXIT_USAGE;
		}
		command_help(stdout, c.prog, cmd);
		return EXIT_OK;
	}
	cmd = command_find(argv[i]);
	if (!cmd) {
		fprintf(stderr, "%s: no command '%s'\n", c.prog, argv[i]);
		print_usage(stderr, c.prog);
		return EXIT_USAGE;
	}
	rc = parse_command(cmd, argc - i, argv + i, &c, false);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	c.json |= json;
	rc = cmd->run(&c);
	if (out)
		fflush(out);
	return rc;
}
