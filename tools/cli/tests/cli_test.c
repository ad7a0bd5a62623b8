// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection(1) tests: every subcommand's output, --json validity, errors and
 * exit codes, holders and their removal, image sections (map --image, info)
 * of a small PE32+ DLL the test writes itself. The CLI runs as a separate program
 * (fork and exec): $NTSECTION_CLI when set, else the binary this test carries
 * (see cli_blob.h), else ntsection from PATH.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ntsection.h>
#include "kselftest_harness.h"
#include "cli_blob.h"

#define PROC_SECTIONS	"/proc/ntsection/sections"

static char cli_path[PATH_MAX];

/* Find (or unpack) the CLI once; "" when there is none. */
static const char *cli(void)
{
	const char *env = getenv("NTSECTION_CLI");
	char dir[] = "/tmp/cli_test.XXXXXX";

	if (cli_path[0])
		return cli_path;
	if (env && *env) {
		snprintf(cli_path, sizeof(cli_path), "%s", env);
		return cli_path;
	}
#ifdef CLI_BINARY
	if (mkdtemp(dir)) {
		size_t len = (size_t)(cli_blob_end - cli_blob);
		int fd;

		/* Other users run it too (mode_lets_other_users_in). */
		chmod(dir, 0755);
		snprintf(cli_path, sizeof(cli_path), "%s/ntsection", dir);
		fd = open(cli_path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
		if (fd >= 0 && write(fd, cli_blob, len) == (ssize_t)len && !close(fd))
			return cli_path;
	}
#else
	(void)dir;
#endif
	snprintf(cli_path, sizeof(cli_path), "ntsection");
	return cli_path;
}

/**
 * struct run - what a run of the CLI left
 * @rc: exit status, or -1 when it did not exit
 * @out: standard output
 * @err: standard error
 */
struct run {
	int rc;
	char out[65536];
	char err[16384];
};

static void slurp(int fd, char *buf, size_t cap, size_t *len, bool *open)
{
	ssize_t n = read(fd, buf + *len, cap - 1 - *len);

	if (n > 0)
		*len += (size_t)n;
	else
		*open = false;
	buf[*len] = 0;
}

/* Run the CLI with @argv (NULL-terminated, without argv[0]), as user @uid. */
static int run_as(struct run *r, uid_t uid, const char *const *argv)
{
	int out[2], err[2], status, argc;
	const char *args[64];
	size_t olen = 0, elen = 0;
	bool oopen = true, eopen = true;
	pid_t pid;

	args[0] = cli();
	for (argc = 0; argv[argc] && argc < 62; argc++)
		args[argc + 1] = argv[argc];
	args[argc + 1] = NULL;
	if (pipe(out) || pipe(err))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		close(out[1]);
		close(err[1]);
		if (uid && (setgid(uid) || setuid(uid)))
			_exit(126);
		execvp(args[0], (char **)args);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	while (oopen || eopen) {
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };

		p[0].fd = oopen ? out[0] : -1;
		p[1].fd = eopen ? err[0] : -1;
		if (poll(p, 2, 20000) <= 0)
			break;
		if (p[0].revents)
			slurp(out[0], r->out, sizeof(r->out), &olen, &oopen);
		if (p[1].revents)
			slurp(err[0], r->err, sizeof(r->err), &elen, &eopen);
	}
	close(out[0]);
	close(err[0]);
	r->rc = -1;
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		r->rc = WEXITSTATUS(status);
	return r->rc;
}

#define RUN(r, ...) run_as(r, 0, (const char *const []){ __VA_ARGS__, NULL })
#define RUN_AS(r, uid, ...) run_as(r, uid, (const char *const []){ __VA_ARGS__, NULL })

/* ------------------------------------------------------------------------ */
/* A small JSON checker: the whole text is exactly one valid JSON value.     */

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *json_value(const char *p, int depth);

/* The length of the UTF-8 sequence at @p, 0 when it is not valid UTF-8. */
static int utf8_len(const unsigned char *p)
{
	int n, i;

	if (*p < 0x80)
		return 1;
	if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
		n = 2;
	else if ((*p & 0xf0) == 0xe0)
		n = 3;
	else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static const char *json_str(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		int n = utf8_len((const unsigned char *)p);

		/* JSON text is UTF-8: a raw byte that is not is no JSON. */
		if (!n)
			return NULL;
		if (n > 1) {
			p += n;
			continue;
		}
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *json_num(const char *p)
{
	const char *start;

	if (*p == '-')
		p++;
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		while (*p >= '0' && *p <= '9')
			p++;
	} else {
		return NULL;
	}
	if (*p == '.') {
		start = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == start)
			return NULL;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		start = p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == start)
			return NULL;
	}
	return p;
}

static const char *json_container(const char *p, int depth, char close, bool object)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (object) {
			p = json_str(json_ws(p));
			if (!p)
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		p = json_value(p, depth + 1);
		if (!p)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *p, int depth)
{
	if (depth > 32)
		return NULL;
	p = json_ws(p);
	switch (*p) {
	case '{':
		return json_container(p, depth, '}', true);
	case '[':
		return json_container(p, depth, ']', false);
	case '"':
		return json_str(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return json_num(p);
	}
}

static bool json_valid(const char *text)
{
	const char *end = json_value(text, 0);

	return end && !*json_ws(end);
}

/* Show @text in the log, as TAP comments. */
static void show(const char *what, const char *text)
{
	const char *p = text, *nl;

	printf("# $ ntsection %s\n", what);
	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		printf("#   %.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
	fflush(stdout);
}

/* The /proc/PID/maps lines of pagefile views, for the log. */
static void show_maps(pid_t pid)
{
	char path[64], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " /ntsection"))
			printf("# maps: %s", line);
	if (f)
		fclose(f);
}

/* The number after "key": in @json, or -1. */
static long long json_get_num(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(json, pat);
	return p ? strtoll(p + strlen(pat), NULL, 10) : -1;
}

/* Does @json have "key":"value"? */
static bool json_has_str(const char *json, const char *key, const char *value)
{
	char pat[256];

	snprintf(pat, sizeof(pat), "\"%s\":\"%s\"", key, value);
	return !!strstr(json, pat);
}

/*
 * Does @json have "key": VALUE, whatever the white space (libsmartcols
 * indents)? @value is the JSON text of the value: "\"x\"", "12", "null".
 */
static bool json_has(const char *json, const char *key, const char *value)
{
	char pat[256];
	const char *p = json;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	while ((p = strstr(p, pat))) {
		p += strlen(pat);
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (!strncmp(p, value, strlen(value)) &&
		    strchr(",}]\n ", p[strlen(value)]))
			return true;
	}
	return false;
}

/* The line of @text that starts with @start (to its end, without it), or "". */
static const char *line_of(const char *text, const char *start, char *buf, size_t len)
{
	const char *p = text;

	buf[0] = 0;
	while (p && *p) {
		if (!strncmp(p, start, strlen(start))) {
			snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
			break;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return buf;
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Code points in the UTF-8 @s: what a terminal column count goes by. */
static size_t code_points(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The id of the section behind @h ("ntsection-id:" in /proc/self/fdinfo), or 0. */
static unsigned long long section_id(HANDLE h)
{
	char path[64], buf[512], *p;
	unsigned long long id = 0;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", ntsection_fd_from_handle(h));
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

/* ------------------------------------------------------------------------ */
/* A PE32+ test image.                                                      */

#define IMG_FILE_SIZE	0x600
#define IMG_LFANEW	0x80
#define IMG_BASE	0x180000000ULL
#define IMG_ENTRY	0x1000

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned int v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, unsigned long long v)
{
	put32(p, (unsigned int)v);
	put32(p + 4, (unsigned int)(v >> 32));
}

/*
 * A PE32+ (AMD64) DLL without relocations: the header (0x200 bytes), .text
 * (RX) at RVA 0x1000 and .data (RW) at RVA 0x2000, 0x200 bytes each in the
 * file; SizeOfImage 0x3000, ImageBase 0x180000000, entry point at .text.
 */
static void img_build(unsigned char *b)
{
	unsigned char *nt = b + IMG_LFANEW, *opt = nt + 24, *s = opt + 240;

	memset(b, 0, IMG_FILE_SIZE);
	put16(b, 0x5a4d);			/* MZ */
	put32(b + 0x3c, IMG_LFANEW);		/* e_lfanew */
	put32(nt, 0x00004550);			/* PE\0\0 */
	put16(nt + 4, 0x8664);			/* Machine: AMD64 */
	put16(nt + 6, 2);			/* NumberOfSections */
	put16(nt + 20, 240);			/* SizeOfOptionalHeader */
	put16(nt + 22, 0x2022);			/* DLL, large address aware, executable */
	put16(opt, 0x20b);			/* PE32+ */
	put32(opt + 4, 0x200);			/* SizeOfCode */
	put32(opt + 8, 0x200);			/* SizeOfInitializedData */
	put32(opt + 16, IMG_ENTRY);		/* AddressOfEntryPoint */
	put32(opt + 20, 0x1000);		/* BaseOfCode */
	put64(opt + 24, IMG_BASE);		/* ImageBase */
	put32(opt + 32, 0x1000);		/* SectionAlignment */
	put32(opt + 36, 0x200);			/* FileAlignment */
	put16(opt + 40, 6);			/* OS version 6.0 */
	put16(opt + 48, 6);			/* subsystem version 6.0 */
	put32(opt + 56, 0x3000);		/* SizeOfImage */
	put32(opt + 60, 0x200);			/* SizeOfHeaders */
	put16(opt + 68, 3);			/* WINDOWS_CUI */
	put16(opt + 70, 0x0140);		/* DYNAMIC_BASE, NX_COMPAT */
	put64(opt + 72, 0x100000);		/* SizeOfStackReserve */
	put64(opt + 80, 0x1000);		/* SizeOfStackCommit */
	put64(opt + 88, 0x100000);		/* SizeOfHeapReserve */
	put64(opt + 96, 0x1000);		/* SizeOfHeapCommit */
	put32(opt + 108, 16);			/* NumberOfRvaAndSizes */
	memcpy(s, ".text", 5);
	put32(s + 8, 0x200);			/* VirtualSize */
	put32(s + 12, 0x1000);			/* VirtualAddress */
	put32(s + 16, 0x200);			/* SizeOfRawData */
	put32(s + 20, 0x200);			/* PointerToRawData */
	put32(s + 36, 0x60000020);		/* code, execute, read */
	s += 40;
	memcpy(s, ".data", 5);
	put32(s + 8, 0x200);
	put32(s + 12, 0x2000);
	put32(s + 16, 0x200);
	put32(s + 20, 0x400);
	put32(s + 36, 0xc0000040);		/* initialized data, read, write */
	memset(b + 0x200, 0xc3, 0x200);		/* ret */
	memset(b + 0x400, 0x5a, 0x200);
}

/* Write the image to a new file named after @path ("...XXXXXX.dll"); 0 or -1. */
static int img_file(char *path)
{
	unsigned char b[IMG_FILE_SIZE];
	int fd = mkstemps(path, 4);
	bool ok;

	if (fd < 0)
		return -1;
	img_build(b);
	ok = write(fd, b, sizeof(b)) == (ssize_t)sizeof(b);
	if (close(fd) || !ok) {
		unlink(path);
		return -1;
	}
	return 0;
}

/* The NT name the kernel gives @path: \??\unix and the path, with backslashes. */
static void nt_file_name(const char *path, char *buf, size_t len)
{
	char *p;

	snprintf(buf, len, "\\?\?\\unix%s", path);
	for (p = buf; *p; p++)
		if (*p == '/')
			*p = '\\';
}

/*
 * Does @text have a region line "OFFSET SIZE PROTECT" with these three?
 * And how many region lines (lines starting with "0x") it has, in *@count.
 */
static bool has_region(const char *text, const char *offset, const char *size,
		       const char *protect, int *count)
{
	char off[32], sz[16], prot[64];
	const char *p = text;
	bool found = false;

	*count = 0;
	while (p && *p) {
		if (!strncmp(p, "0x", 2)) {
			(*count)++;
			if (sscanf(p, "%31s %15s %63s", off, sz, prot) == 3 &&
			    !strcmp(off, offset) && !strcmp(sz, size) && !strcmp(prot, protect))
				found = true;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return found;
}

/*
 * The number of regions in the "regions" array of @json when it has the
 * region {"offset":OFFSET,"size":SIZE,"protect":"PROTECT",...}, else -1.
 */
static int json_regions(const char *json, unsigned int offset, unsigned int size,
			const char *protect)
{
	const char *p = strstr(json, "\"regions\":[");
	char pat[128];
	int n = 0;

	snprintf(pat, sizeof(pat), "{\"offset\":%u,\"size\":%u,\"protect\":\"%s\",", offset,
		 size, protect);
	if (!p || !strstr(p, pat))
		return -1;
	while ((p = strstr(p + 1, "{\"offset\":")))
		n++;
	return n;
}

/* ------------------------------------------------------------------------ */

/* The holders a test started: its teardown stops those still running. */
static pid_t holders[16];
static int nholders;

static bool gone(pid_t pid);

/* Tests of the "dev" fixture need the device; without it they are skipped. */
FIXTURE(dev) {
	int unused;
};

FIXTURE_SETUP(dev)
{
	if (access("/dev/ntsection", F_OK))
		SKIP(return, "/dev/ntsection is missing (is ntsection.ko loaded?)");
}

FIXTURE_TEARDOWN(dev)
{
	int i;

	for (i = 0; i < nholders; i++) {
		if (!kill(holders[i], SIGTERM))
			gone(holders[i]);
	}
	nholders = 0;
}

/* Start a holder with --daemon and --json (and @opt) as user @uid; its pid, or -1. */
static pid_t start_holder_as(struct run *r, uid_t uid, const char *cmd, const char *name,
			     const char *size, const char *opt)
{
	const char *argv[10] = { "--json", cmd, "--daemon", "--timeout", "60" };
	pid_t pid;
	int n = 5;

	if (opt)
		argv[n++] = opt;
	argv[n++] = name;
	if (size)
		argv[n++] = size;
	argv[n] = NULL;
	if (run_as(r, uid, argv))
		return -1;
	pid = (pid_t)json_get_num(r->out, "pid");
	if (pid > 0 && nholders < 16)
		holders[nholders++] = pid;
	return pid;
}

static pid_t start_holder(struct run *r, const char *cmd, const char *name, const char *size,
			  const char *opt)
{
	return start_holder_as(r, 0, cmd, name, size, opt);
}

/* Wait (2 s at most) for @pid to be gone. */
static bool gone(pid_t pid)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (kill(pid, 0) && errno == ESRCH)
			return true;
		waitpid(pid, NULL, WNOHANG);
		usleep(10000);
	}
	return false;
}

TEST(help_lists_every_command)
{
	static const char * const cmds[] = { "create", "open", "map", "info", "ls", "views",
					     "rm", "help" };
	struct run r;
	size_t i;

	ASSERT_EQ(0, RUN(&r, "--help"));
	EXPECT_NE(NULL, strstr(r.out, "usage: ntsection"));
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		EXPECT_NE(NULL, strstr(r.out, cmds[i]));
	EXPECT_EQ(0, RUN(&r, "help"));
	EXPECT_EQ(0, RUN(&r, "--version"));
	EXPECT_NE(NULL, strstr(r.out, "ntsection 1."));
}

TEST(help_on_every_subcommand)
{
	static const char * const cmds[] = { "create", "open", "map", "info", "ls", "views", "rm" };
	char want[64];
	struct run r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		snprintf(want, sizeof(want), "usage: ntsection %s ", cmds[i]);
		EXPECT_EQ(0, RUN(&r, cmds[i], "--help"));
		EXPECT_NE(NULL, strstr(r.out, want));
		EXPECT_NE(NULL, strstr(r.out, "--json"));
		EXPECT_EQ(0, RUN(&r, cmds[i], "-h"));
		EXPECT_EQ(0, RUN(&r, "help", cmds[i]));
		EXPECT_NE(NULL, strstr(r.out, want));
	}
	EXPECT_EQ(2, RUN(&r, "help", "frobnicate"));
}

TEST(usage_errors_exit_2)
{
	struct run r;

	EXPECT_EQ(2, RUN(&r, "--frob"));
	EXPECT_EQ(2, RUN(&r, "frobnicate"));
	EXPECT_NE(NULL, strstr(r.err, "no command 'frobnicate'"));
	EXPECT_EQ(2, run_as(&r, 0, (const char *const []){ NULL }));
	EXPECT_EQ(2, RUN(&r, "create", "x"));
	EXPECT_NE(NULL, strstr(r.err, "usage: ntsection create"));
	EXPECT_EQ(2, RUN(&r, "create", "x", "12Q"));
	EXPECT_NE(NULL, strstr(r.err, "invalid value '12Q'"));
	EXPECT_EQ(2, RUN(&r, "create", "--protect", "sideways", "x", "4K"));
	EXPECT_EQ(2, RUN(&r, "create", "--mode", "999", "x", "4K"));
	EXPECT_EQ(2, RUN(&r, "create", "--bogus", "x", "4K"));
	EXPECT_EQ(2, RUN(&r, "map", "--access", "z", "x"));
	EXPECT_EQ(2, RUN(&r, "views"));
	EXPECT_EQ(2, RUN(&r, "ls", "extra"));
	EXPECT_EQ(2, RUN(&r, "info"));
	EXPECT_EQ(2, RUN(&r, "rm", "a", "b"));
}

TEST_F(dev, create_without_holding)
{
	struct run r;

	ASSERT_EQ(0, RUN(&r, "create", "--no-hold", "cli-nohold", "64K"));
	EXPECT_NE(NULL, strstr(r.out, "created \\BaseNamedObjects\\cli-nohold: 64K bytes (65536)"));
	EXPECT_NE(NULL, strstr(r.out, "SEC_COMMIT"));
	EXPECT_NE(NULL, strstr(r.out, "PAGE_READWRITE"));
	EXPECT_NE(NULL, strstr(r.out, "mode 0600"));
	/* Nothing held it: the name is gone. */
	EXPECT_EQ(1, RUN(&r, "info", "cli-nohold"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_OBJECT_NAME_NOT_FOUND"));
}

TEST_F(dev, create_json)
{
	struct run r;

	ASSERT_EQ(0, RUN(&r, "--json", "create", "--no-hold", "--reserve", "cli-json", "1M"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(1048576, json_get_num(r.out, "size"));
	EXPECT_TRUE(json_has_str(r.out, "status", "STATUS_SUCCESS"));
	EXPECT_TRUE(json_has_str(r.out, "attributes", "SEC_RESERVE"));
	EXPECT_TRUE(json_has_str(r.out, "name", "\\\\BaseNamedObjects\\\\cli-json"));
	EXPECT_TRUE(json_has_str(r.out, "mode", "0600"));
	EXPECT_NE(NULL, strstr(r.out, "\"holding\":false"));
	/* --json after the command works as well. */
	ASSERT_EQ(0, RUN(&r, "create", "--json", "--no-hold", "cli-json2", "4096"));
	EXPECT_TRUE(json_valid(r.out));
}

TEST_F(dev, create_daemon_info_rm)
{
	struct run r;
	pid_t pid;

	pid = start_holder(&r, "create", "cli-life", "128K", NULL);
	ASSERT_GT(pid, 0);
	show("--json create --daemon --timeout 60 cli-life 128K", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"holding\":true"));
	EXPECT_EQ(0, kill(pid, 0));
	ASSERT_EQ(0, RUN(&r, "info", "cli-life"));
	show("info cli-life", r.out);
	EXPECT_NE(NULL, strstr(r.out, "size:       131072 (128K)"));
	EXPECT_NE(NULL, strstr(r.out, "attributes: SEC_COMMIT"));
	ASSERT_EQ(0, RUN(&r, "--json", "info", "cli-life"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(131072, json_get_num(r.out, "size"));
	if (!access(PROC_SECTIONS, R_OK)) {
		/* Only the holder's handle: this command's own is not counted. */
		EXPECT_EQ(1, json_get_num(r.out, "handles"));
		EXPECT_EQ(0, json_get_num(r.out, "views"));
	}
	ASSERT_EQ(0, RUN(&r, "rm", "cli-life"));
	EXPECT_NE(NULL, strstr(r.out, "removed \\BaseNamedObjects\\cli-life"));
	EXPECT_TRUE(gone(pid));
	EXPECT_EQ(1, RUN(&r, "info", "cli-life"));
}

TEST_F(dev, create_in_the_foreground_with_timeout)
{
	struct run r;

	ASSERT_EQ(0, RUN(&r, "create", "--timeout", "1", "cli-fg", "4K"));
	EXPECT_NE(NULL, strstr(r.out, "holding it for 1 s"));
	EXPECT_EQ(1, RUN(&r, "info", "cli-fg"));
}

TEST_F(dev, create_collision_and_openif)
{
	struct run r;
	pid_t pid;

	pid = start_holder(&r, "create", "cli-collide", "64K", NULL);
	ASSERT_GT(pid, 0);
	EXPECT_EQ(1, RUN(&r, "create", "--no-hold", "cli-collide", "4K"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_OBJECT_NAME_COLLISION"));
	EXPECT_NE(NULL, strstr(r.err, "a section of that name exists already"));
	EXPECT_EQ(1, RUN(&r, "--json", "create", "--no-hold", "cli-collide", "4K"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has_str(r.out, "status", "STATUS_OBJECT_NAME_COLLISION"));
	EXPECT_EQ(0xC0000035LL, json_get_num(r.out, "status_code"));
	ASSERT_EQ(0, RUN(&r, "create", "--openif", "--no-hold", "cli-collide", "4K"));
	EXPECT_NE(NULL, strstr(r.out, "it existed"));
	EXPECT_NE(NULL, strstr(r.out, "64K bytes"));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-collide"));
	EXPECT_TRUE(gone(pid));
}

TEST_F(dev, create_errors)
{
	struct run r;

	EXPECT_EQ(1, RUN(&r, "create", "--no-hold", "cli-zero", "0"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_INVALID_PARAMETER_4"));
	EXPECT_EQ(1, RUN(&r, "create", "--no-hold", "--protect", "none", "cli-none", "4K"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_INVALID_PAGE_PROTECTION"));
	EXPECT_EQ(1, RUN(&r, "create", "--no-hold", "\\NoSuchDirectory\\x", "4K"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_OBJECT_PATH_NOT_FOUND"));
	EXPECT_EQ(1, RUN(&r, "create", "--no-hold", "--file", "/nonexistent/f", "cli-f", "0"));
	EXPECT_NE(NULL, strstr(r.err, "cannot open /nonexistent/f"));
	EXPECT_EQ(1, RUN(&r, "create", "--no-hold", "bad\xffname", "4K"));
	EXPECT_NE(NULL, strstr(r.err, "not valid UTF-8"));
	EXPECT_EQ(1, RUN(&r, "--json", "create", "--no-hold", "cli-zero", "0"));
	EXPECT_TRUE(json_valid(r.out));
}

TEST_F(dev, create_file_backed)
{
	char path[] = "/tmp/cli-file-XXXXXX";
	struct run r;
	int fd;

	fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, ftruncate(fd, 10000));
	close(fd);
	ASSERT_EQ(0, RUN(&r, "--json", "create", "--no-hold", "--file", path, "cli-file", "0"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(10000, json_get_num(r.out, "size"));
	EXPECT_TRUE(json_has_str(r.out, "attributes", "SEC_FILE"));
	unlink(path);
}

TEST_F(dev, open_holds_the_name)
{
	struct run r;
	pid_t creator, opener;

	creator = start_holder(&r, "create", "cli-open", "64K", NULL);
	ASSERT_GT(creator, 0);
	opener = start_holder(&r, "open", "cli-open", NULL, NULL);
	ASSERT_GT(opener, 0);
	EXPECT_TRUE(json_has_str(r.out, "command", "open"));
	kill(creator, SIGTERM);
	EXPECT_TRUE(gone(creator));
	/* The opener's handle keeps the name. */
	EXPECT_EQ(0, RUN(&r, "info", "cli-open"));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-open"));
	EXPECT_NE(NULL, strstr(r.out, "stopped pid"));
	EXPECT_TRUE(gone(opener));
	EXPECT_EQ(1, RUN(&r, "open", "--no-hold", "cli-open"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_OBJECT_NAME_NOT_FOUND"));
	EXPECT_EQ(1, RUN(&r, "--json", "open", "--no-hold", "cli-open"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has_str(r.out, "status", "STATUS_OBJECT_NAME_NOT_FOUND"));
}

TEST_F(dev, map_write_and_read)
{
	struct run r;
	pid_t pid;

	pid = start_holder(&r, "create", "cli-map", "128K", NULL);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(0, RUN(&r, "map", "--no-hold", "--write", "hello, views", "cli-map"));
	EXPECT_NE(NULL, strstr(r.out, "mapped \\BaseNamedObjects\\cli-map at 0x"));
	EXPECT_NE(NULL, strstr(r.out, "128K bytes (131072) from offset 0, PAGE_READWRITE"));
	ASSERT_EQ(0, RUN(&r, "map", "--no-hold", "--protect", "ro", "--read", "12", "cli-map"));
	show("map --no-hold --protect ro --read 12 cli-map", r.out);
	EXPECT_NE(NULL, strstr(r.out, "data: hello, views"));
	ASSERT_EQ(0, RUN(&r, "--json", "map", "--no-hold", "--protect", "wc", "--offset", "64K",
			 "--read", "4", "cli-map"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(65536, json_get_num(r.out, "view_size"));
	EXPECT_EQ(65536, json_get_num(r.out, "offset"));
	EXPECT_TRUE(json_has_str(r.out, "protect", "PAGE_WRITECOPY"));
	/* Bytes never written are NULs: in the JSON text, not cut at the first. */
	EXPECT_TRUE(json_has_str(r.out, "data", "\\u0000\\u0000\\u0000\\u0000"));
	EXPECT_TRUE(json_has_str(r.out, "data_hex", "00000000"));
	/* Bytes that are not UTF-8: no raw bytes in the JSON, data null, hex. */
	ASSERT_EQ(0, RUN(&r, "map", "--no-hold", "--write", "\xff\xfe\"A", "cli-map"));
	ASSERT_EQ(0, RUN(&r, "--json", "map", "--no-hold", "--read", "4", "cli-map"));
	show("--json map --no-hold --read 4 cli-map", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"data\":null"));
	EXPECT_TRUE(json_has_str(r.out, "data_hex", "fffe2241"));
	/* UTF-8 text stays text, escaped as JSON wants. */
	ASSERT_EQ(0, RUN(&r, "map", "--no-hold", "--write", "\xc3\xbc\"\\\n\t", "cli-map"));
	ASSERT_EQ(0, RUN(&r, "map", "--no-hold", "--json", "--read", "6", "cli-map"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has_str(r.out, "data", "\xc3\xbc\\\"\\\\\\n\\u0009"));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-map"));
	EXPECT_TRUE(gone(pid));
}

TEST_F(dev, map_errors)
{
	struct run r;
	pid_t pid;

	pid = start_holder(&r, "create", "cli-maperr", "128K", "--protect=ro");
	ASSERT_GT(pid, 0);
	EXPECT_EQ(1, RUN(&r, "map", "--no-hold", "cli-maperr"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_SECTION_PROTECTION"));
	EXPECT_EQ(1, RUN(&r, "map", "--no-hold", "--protect", "ro", "--offset", "4K",
			 "cli-maperr"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_MAPPED_ALIGNMENT"));
	EXPECT_EQ(1, RUN(&r, "map", "--no-hold", "--protect", "ro", "--size", "1M",
			 "cli-maperr"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_INVALID_VIEW_SIZE"));
	/* A read-only view refuses the write: a message, no crash. */
	EXPECT_EQ(1, RUN(&r, "map", "--no-hold", "--protect", "ro", "--write", "x",
			 "cli-maperr"));
	EXPECT_NE(NULL, strstr(r.err, "not writable"));
	EXPECT_EQ(1, RUN(&r, "--json", "map", "--no-hold", "cli-maperr"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-maperr"));
	EXPECT_TRUE(gone(pid));
}

TEST_F(dev, views_of_a_holder)
{
	char pidstr[16];
	struct run r;
	pid_t creator, mapper, ro;

	creator = start_holder(&r, "create", "cli-views", "128K", NULL);
	ASSERT_GT(creator, 0);
	mapper = start_holder(&r, "map", "cli-views", NULL, NULL);
	ASSERT_GT(mapper, 0);
	snprintf(pidstr, sizeof(pidstr), "%d", (int)mapper);
	ASSERT_EQ(0, RUN(&r, "views", pidstr));
	show("views PID", r.out);
	EXPECT_NE(NULL, strstr(r.out, "START"));
	EXPECT_NE(NULL, strstr(r.out, "PAGE_READWRITE"));
	EXPECT_NE(NULL, strstr(r.out, "ViewShare"));
	EXPECT_NE(NULL, strstr(r.out, "pagefile"));
	EXPECT_NE(NULL, strstr(r.out, "128K"));
	ASSERT_EQ(0, RUN(&r, "--json", "views", pidstr));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(131072, json_get_num(r.out, "size"));
	show_maps(mapper);
	EXPECT_TRUE(json_has_str(r.out, "backing", "pagefile"));
	ro = start_holder(&r, "map", "cli-views", NULL, "--protect=ro");
	ASSERT_GT(ro, 0);
	kill(mapper, SIGTERM);
	EXPECT_TRUE(gone(mapper));
	snprintf(pidstr, sizeof(pidstr), "%d", (int)ro);
	ASSERT_EQ(0, RUN(&r, "views", pidstr));
	EXPECT_NE(NULL, strstr(r.out, "PAGE_READONLY"));
	if (!access(PROC_SECTIONS, R_OK)) {
		ASSERT_EQ(0, RUN(&r, "--json", "info", "cli-views"));
		EXPECT_EQ(1, json_get_num(r.out, "views"));
		EXPECT_EQ(2, json_get_num(r.out, "handles"));
	}
	EXPECT_EQ(0, RUN(&r, "rm", "cli-views"));
	EXPECT_TRUE(gone(creator));
	EXPECT_TRUE(gone(ro));
}

TEST_F(dev, views_unmap_inheritance)
{
	char pidstr[16];
	struct run r;
	pid_t creator, mapper;

	creator = start_holder(&r, "create", "cli-unmap", "64K", NULL);
	ASSERT_GT(creator, 0);
	mapper = start_holder(&r, "map", "cli-unmap", NULL, "--no-inherit");
	ASSERT_GT(mapper, 0);
	EXPECT_TRUE(json_has_str(r.out, "inherit", "ViewUnmap"));
	snprintf(pidstr, sizeof(pidstr), "%d", (int)mapper);
	ASSERT_EQ(0, RUN(&r, "views", pidstr));
	EXPECT_NE(NULL, strstr(r.out, "ViewUnmap"));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-unmap"));
	EXPECT_TRUE(gone(creator));
	EXPECT_TRUE(gone(mapper));
}

TEST_F(dev, views_of_a_file_section)
{
	char path[] = "/tmp/cli-fview-XXXXXX", pidstr[16];
	struct run r;
	pid_t creator, mapper;
	int fd;

	fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, ftruncate(fd, 65536));
	close(fd);
	ASSERT_EQ(0, RUN(&r, "--json", "create", "--daemon", "--timeout", "60", "--file", path,
			 "cli-fview", "0"));
	creator = (pid_t)json_get_num(r.out, "pid");
	ASSERT_GT(creator, 0);
	holders[nholders++] = creator;
	mapper = start_holder(&r, "map", "cli-fview", NULL, "--protect=ro");
	ASSERT_GT(mapper, 0);
	snprintf(pidstr, sizeof(pidstr), "%d", (int)mapper);
	ASSERT_EQ(0, RUN(&r, "--json", "views", pidstr));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has_str(r.out, "backing", path));
	EXPECT_TRUE(json_has_str(r.out, "protect", "PAGE_READONLY"));
	EXPECT_EQ(65536, json_get_num(r.out, "size"));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-fview"));
	EXPECT_TRUE(gone(creator));
	EXPECT_TRUE(gone(mapper));
	unlink(path);
}

TEST(views_errors)
{
	struct run r;

	EXPECT_EQ(1, RUN(&r, "views", "999999999"));
	EXPECT_NE(NULL, strstr(r.err, "no process 999999999"));
	EXPECT_EQ(1, RUN(&r, "views", "abc"));
	EXPECT_NE(NULL, strstr(r.err, "is not a process id"));
	EXPECT_EQ(1, RUN(&r, "--json", "views", "abc"));
	EXPECT_TRUE(json_valid(r.out));
	ASSERT_EQ(0, RUN(&r, "views", "self"));
	EXPECT_NE(NULL, strstr(r.out, "(no views)"));
	ASSERT_EQ(0, RUN(&r, "--json", "views", "self"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"views\":[]"));
}

TEST_F(dev, ls_lists_sections)
{
	struct run r;
	pid_t pid;

	pid = start_holder(&r, "create", "cli-ls", "256K", "--reserve");
	ASSERT_GT(pid, 0);
	if (access(PROC_SECTIONS, R_OK)) {
		/* No listing in this kernel module: a clear error, exit 1. */
		EXPECT_EQ(1, RUN(&r, "ls"));
		EXPECT_NE(NULL, strstr(r.err, PROC_SECTIONS " is missing"));
		EXPECT_EQ(1, RUN(&r, "--json", "ls"));
		EXPECT_TRUE(json_valid(r.out));
	} else {
		ASSERT_EQ(0, RUN(&r, "ls"));
		show("ls", r.out);
		EXPECT_NE(NULL, strstr(r.out, "NAME"));
		EXPECT_NE(NULL, strstr(r.out, "HANDLES"));
		EXPECT_NE(NULL, strstr(r.out, "cli-ls"));
		EXPECT_NE(NULL, strstr(r.out, "256K"));
		EXPECT_NE(NULL, strstr(r.out, "SEC_RESERVE"));
		ASSERT_EQ(0, RUN(&r, "--json", "ls"));
		EXPECT_TRUE(json_valid(r.out));
		/* lsipc's shape: {"sections": [{...}]}, sizes in bytes. */
		EXPECT_TRUE(starts_with(r.out, "{\n   \"sections\": ["));
		EXPECT_TRUE(json_has(r.out, "name", "\"cli-ls\""));
		EXPECT_TRUE(json_has(r.out, "size", "262144"));
		ASSERT_EQ(0, RUN(&r, "ls", "-J"));
		EXPECT_TRUE(json_valid(r.out));
		EXPECT_TRUE(json_has(r.out, "attributes", "\"SEC_RESERVE\""));
	}
	EXPECT_EQ(0, RUN(&r, "rm", "cli-ls"));
	EXPECT_TRUE(gone(pid));
}

/* ls's lsipc options: -o, +LIST, -n, -r, -b, -e, -J, -l, --notruncate, -V. */
TEST_F(dev, ls_output_options)
{
	char line[512], want[128];
	struct run r;
	pid_t pid, mapper;

	if (access(PROC_SECTIONS, R_OK))
		SKIP(return, "no " PROC_SECTIONS);
	pid = start_holder(&r, "create", "cli-opts", "256K", "--reserve");
	ASSERT_GT(pid, 0);
	/* 64K committed by a view: COMMITTED is pages times the page size. */
	mapper = start_holder(&r, "map", "cli-opts", NULL, "--commit=64K");
	ASSERT_GT(mapper, 0);
	ASSERT_EQ(0, RUN(&r, "ls", "-o", "NAME,SIZE"));
	show("ls -o NAME,SIZE", r.out);
	EXPECT_NE(NULL, strstr(r.out, "NAME"));
	EXPECT_EQ(NULL, strstr(r.out, "ATTRIBUTES"));
	EXPECT_NE(NULL, strstr(line_of(r.out, "cli-opts ", line, sizeof(line)), "256K"));
	ASSERT_EQ(0, RUN(&r, "ls", "--output", "+id"));
	EXPECT_NE(NULL, strstr(r.out, "MODE"));
	EXPECT_NE(NULL, strstr(r.out, " ID"));
	ASSERT_EQ(0, RUN(&r, "ls", "-n", "-o", "NAME"));
	EXPECT_EQ(NULL, strstr(r.out, "NAME"));
	EXPECT_NE(NULL, strstr(r.out, "cli-opts\n"));
	ASSERT_EQ(0, RUN(&r, "ls", "--noheadings", "--raw", "-o", "NAME,SIZE,COMMITTED"));
	EXPECT_NE(NULL, strstr(r.out, "cli-opts 256K 64K\n"));
	ASSERT_EQ(0, RUN(&r, "ls", "-n", "-r", "-b", "-o", "NAME,SIZE,COMMITTED"));
	snprintf(want, sizeof(want), "cli-opts 262144 %ld\n",
		 (65536 / sysconf(_SC_PAGESIZE)) * sysconf(_SC_PAGESIZE));
	EXPECT_NE(NULL, strstr(r.out, want));
	ASSERT_EQ(0, RUN(&r, "ls", "-e", "-o", "NAME,SIZE"));
	EXPECT_NE(NULL, strstr(r.out, "NAME=\"cli-opts\" SIZE=\"256K\""));
	ASSERT_EQ(0, RUN(&r, "ls", "-J", "-o", "ID,NAME,VIEWS,HANDLES,COMMITTED"));
	show("ls -J -o ID,NAME,VIEWS,HANDLES,COMMITTED", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has(r.out, "views", "1"));
	EXPECT_TRUE(json_has(r.out, "committed", "65536"));
	EXPECT_GT(json_get_num(r.out, "id"), 0);
	EXPECT_EQ(0, RUN(&r, "ls", "-l", "--notruncate"));
	EXPECT_NE(NULL, strstr(r.out, "cli-opts"));
	EXPECT_EQ(2, RUN(&r, "ls", "-o", "NAME,BOGUS"));
	EXPECT_NE(NULL, strstr(r.err, "unknown column"));
	EXPECT_EQ(2, RUN(&r, "ls", "-o", ""));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-opts"));
	EXPECT_TRUE(gone(pid));
	EXPECT_TRUE(gone(mapper));
}

/*
 * Run the CLI with @argv on a terminal of @cols columns (0: a terminal
 * that does not know its width, as a serial line), its output into @buf.
 * In a child with a devpts of its own. 0, or -1.
 */
static int run_on_tty(unsigned short cols, const char *const *argv, char *buf, size_t len)
{
	struct winsize ws = { .ws_row = 25, .ws_col = cols };
	const char *args[16] = { cli() };
	size_t used = 0;
	int master, slave, i, status;
	ssize_t n;
	pid_t pid;

	for (i = 0; argv[i] && i < 14; i++)
		args[i + 1] = argv[i];
	mkdir("/dev/pts", 0755);
	if (mount("devpts", "/dev/pts", "devpts", 0, "newinstance,ptmxmode=0666"))
		return -1;
	master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return -1;
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0 || ioctl(slave, TIOCSWINSZ, &ws))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(slave, 1);
		close(master);
		close(slave);
		unsetenv("COLUMNS");
		execv(args[0], (char **)args);
		_exit(127);
	}
	close(slave);
	while (used < len - 1 && (n = read(master, buf + used, len - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = 0;
	close(master);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status) ?
	       0 : -1;
}

#define LONG_NAME "cli-a-section-name-that-a-narrow-terminal-cannot-hold"

/* The checks of ls_on_a_terminal, in a mount namespace; a bit per failure. */
static int tty_child(void)
{
	static const char * const cols[] = { "ls", "-o", "NAME,ATTRIBUTES,PROTECT", NULL };
	static const char * const whole[] = { "ls", "--notruncate", "-o",
					      "NAME,ATTRIBUTES,PROTECT", NULL };
	char buf[4096];
	int bad = 0;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 1 << 30;
	/*
	 * 60 columns: the name stays whole (the columns after it go to a line
	 * of their own, libsmartcols' way), PROTECT is cut.
	 */
	bad |= !!run_on_tty(60, (const char *const *)cols, buf, sizeof(buf)) << 0;
	show("ls -o NAME,ATTRIBUTES,PROTECT (a terminal of 60 columns)", buf);
	bad |= !strstr(buf, LONG_NAME) << 1;
	bad |= !!strstr(buf, "PAGE_READWRITE") << 2;
	/* --notruncate: nothing is cut. */
	bad |= !!run_on_tty(60, (const char *const *)whole, buf, sizeof(buf)) << 3;
	show("ls --notruncate -o NAME,ATTRIBUTES,PROTECT (60 columns)", buf);
	bad |= !strstr(buf, "PAGE_READWRITE") << 4;
	/* A terminal of unknown width: nothing is cut either. */
	bad |= !!run_on_tty(0, (const char *const *)cols, buf, sizeof(buf)) << 5;
	show("ls -o NAME,ATTRIBUTES,PROTECT (a terminal of unknown width)", buf);
	bad |= !strstr(buf, "PAGE_READWRITE") << 6;
	return bad;
}

/* On a terminal, as lsipc: columns cut to its width, never the names. */
TEST_F(dev, ls_on_a_terminal)
{
	struct run r;
	int status;
	pid_t pid, child;

	if (getuid() != 0)
		SKIP(return, "needs root for a devpts of its own");
	if (access(PROC_SECTIONS, R_OK))
		SKIP(return, "no " PROC_SECTIONS);
	pid = start_holder(&r, "create", LONG_NAME, "4K", NULL);
	ASSERT_GT(pid, 0);
	fflush(NULL);
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		int bad = tty_child();

		printf("# ls_on_a_terminal checks that failed: 0x%x\n", bad);
		fflush(stdout);
		_exit(!!bad);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("a check failed (see the output above)");
	EXPECT_EQ(0, RUN(&r, "rm", LONG_NAME));
	EXPECT_TRUE(gone(pid));
}

/* info with an output option: lsipc --id's one-line table, every column. */
TEST_F(dev, info_output_options)
{
	struct run r;
	pid_t pid;

	if (access(PROC_SECTIONS, R_OK))
		SKIP(return, "no " PROC_SECTIONS);
	pid = start_holder(&r, "create", "cli-info", "64K", NULL);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(0, RUN(&r, "info", "-n", "-r", "-o", "NAME,SIZE,HANDLES", "cli-info"));
	/* The holder's handle, not info's own. */
	EXPECT_STREQ("cli-info 64K 1\n", r.out);
	ASSERT_EQ(0, RUN(&r, "info", "-l", "cli-info"));
	EXPECT_NE(NULL, strstr(r.out, "INODE"));
	ASSERT_EQ(0, RUN(&r, "info", "-b", "-e", "-o", "SIZE", "cli-info"));
	EXPECT_STREQ("SIZE=\"65536\"\n", r.out);
	ASSERT_EQ(0, RUN(&r, "info", "-J", "cli-info"));
	show("info -J cli-info", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(starts_with(r.out, "{\n   \"sections\": ["));
	EXPECT_TRUE(json_has(r.out, "name", "\"cli-info\""));
	EXPECT_TRUE(json_has(r.out, "size", "65536"));
	EXPECT_TRUE(json_has(r.out, "handles", "1"));
	EXPECT_TRUE(json_has(r.out, "mode", "\"0600\""));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-info"));
	EXPECT_TRUE(gone(pid));
}

/*
 * A UTF-8 locale for the CLI: C.UTF-8, installed from the copy this test
 * carries where there is none (the guests have no locales). True when
 * there is one; *@installed: we installed it (uninstall_utf8_locale()).
 */
static bool utf8_locale(bool *installed)
{
	int status;
	pid_t pid;

	*installed = false;
#ifdef CLI_LOCALE_CTYPE
	if (access("/usr/lib/locale/C.utf8", F_OK) &&
	    access("/usr/lib/locale/locale-archive", F_OK)) {
		size_t len = (size_t)(cli_ctype_blob_end - cli_ctype_blob);
		int fd;

		mkdir("/usr", 0755);
		mkdir("/usr/lib", 0755);
		mkdir("/usr/lib/locale", 0755);
		mkdir("/usr/lib/locale/C.utf8", 0755);
		fd = open("/usr/lib/locale/C.utf8/LC_CTYPE", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			*installed = write(fd, cli_ctype_blob, len) == (ssize_t)len;
			close(fd);
		}
	}
#endif
	/* In a child: glibc remembers a locale it did not find. */
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(setlocale(LC_CTYPE, "C.UTF-8") ? 0 : 1);
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       !WEXITSTATUS(status);
}

static void uninstall_utf8_locale(bool installed)
{
	if (!installed)
		return;
	unlink("/usr/lib/locale/C.utf8/LC_CTYPE");
	rmdir("/usr/lib/locale/C.utf8");
}

/*
 * Names as they are: the listing escapes spaces, tabs, newlines and
 * backslashes (\040), the CLI undoes it; info finds such a name; a
 * section named "-" is "-" in JSON, an unnamed one null; multibyte names
 * align (libsmartcols counts columns, not bytes).
 */
TEST_F(dev, names_unescaped_and_aligned)
{
	static const char * const names[] = { "cli my ring", "cli\ttab", "cli-\xc3\xbc", "cli-u",
					      "-" };
	char line[512], line2[512];
	LARGE_INTEGER size = { .QuadPart = 4096 };
	unsigned long long id;
	struct run r;
	const char *p;
	bool installed;
	pid_t pids[5];
	HANDLE anon;
	size_t i;

	if (access(PROC_SECTIONS, R_OK))
		SKIP(return, "no " PROC_SECTIONS);
	/* What the alignment needs: a UTF-8 locale (else names are \x-escaped). */
	ASSERT_TRUE(utf8_locale(&installed)) TH_LOG("no C.UTF-8 locale");
	for (i = 0; i < 5; i++) {
		pids[i] = start_holder(&r, "create", names[i], "4K", NULL);
		ASSERT_GT(pids[i], 0) TH_LOG("create '%s': %s", names[i], r.err);
	}
	/* An unnamed section of ours, found by its id. */
	ASSERT_EQ(STATUS_SUCCESS, NtCreateSection(&anon, SECTION_ALL_ACCESS, NULL, &size,
						  PAGE_READWRITE, SEC_COMMIT, NULL));
	id = section_id(anon);
	ASSERT_NE(0, id);
	setenv("LC_ALL", "C.UTF-8", 1);
	RUN(&r, "ls", "-o", "NAME,SIZE,ID");
	unsetenv("LC_ALL");
	uninstall_utf8_locale(installed);
	ASSERT_EQ(0, r.rc);
	show("ls -o NAME,SIZE,ID", r.out);
	EXPECT_EQ(NULL, strstr(r.out, "\\040"));
	EXPECT_EQ(NULL, strstr(r.out, "\\011"));
	EXPECT_NE(NULL, strstr(r.out, "cli my ring "));
	line_of(r.out, "cli-\xc3\xbc ", line, sizeof(line));
	line_of(r.out, "cli-u ", line2, sizeof(line2));
	ASSERT_NE(0, line[0]);
	ASSERT_NE(0, line2[0]);
	/* Same width on a terminal: the ID column ends at the same place. */
	EXPECT_EQ(code_points(line2), code_points(line)) TH_LOG("'%s' vs '%s'", line, line2);
	EXPECT_EQ(0, RUN(&r, "info", "cli my ring"));
	EXPECT_NE(NULL, strstr(r.out, "handles:    1\n"));
	ASSERT_EQ(0, RUN(&r, "info", "-n", "-r", "-o", "NAME", "cli my ring"));
	EXPECT_STREQ("cli\\x20my\\x20ring\n", r.out);
	ASSERT_EQ(0, RUN(&r, "info", "-J", "-o", "NAME", "cli\ttab"));
	EXPECT_TRUE(json_has(r.out, "name", "\"cli\\ttab\""));
	ASSERT_EQ(0, RUN(&r, "ls", "-J", "-o", "ID,NAME"));
	show("ls -J -o ID,NAME", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has(r.out, "name", "\"-\""));
	EXPECT_TRUE(json_has(r.out, "name", "\"cli my ring\""));
	EXPECT_TRUE(json_has(r.out, "name", "\"cli-\xc3\xbc\""));
	snprintf(line, sizeof(line), "\"id\": %llu,", id);
	p = strstr(r.out, line);
	ASSERT_NE(NULL, p) TH_LOG("no unnamed section %llu", id);
	p = strstr(p, "\"name\":");
	ASSERT_NE(NULL, p);
	p += strlen("\"name\":");
	EXPECT_TRUE(starts_with(p + strspn(p, " "), "null"));
	ASSERT_EQ(0, RUN(&r, "info", "-J", "-o", "NAME", "-"));
	EXPECT_TRUE(json_has(r.out, "name", "\"-\""));
	/* No name has a backslash (it separates directories, as on Windows). */
	EXPECT_EQ(1, RUN(&r, "create", "--no-hold", "cli\\back", "4K"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_OBJECT_PATH_NOT_FOUND"));
	NtClose(anon);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(0, RUN(&r, "rm", names[i]));
		EXPECT_TRUE(gone(pids[i]));
	}
}

/*
 * Owners through NSS (getpwuid_r, getgrgid_r), "files" in the static CLI:
 * entries with an empty password field, which a naive /etc/passwd parser
 * reads wrong. Only where there is no /etc/passwd to disturb (the guest).
 */
TEST_F(dev, owners_through_nss)
{
	char line[512];
	struct run r;
	pid_t pid;
	FILE *f;

	if (getuid() != 0 || !access("/etc/passwd", F_OK) || !access("/etc/group", F_OK))
		SKIP(return, "needs root and no /etc/passwd, /etc/group of the machine's");
	if (access(PROC_SECTIONS, R_OK))
		SKIP(return, "no " PROC_SECTIONS);
	f = fopen("/etc/passwd", "w");
	ASSERT_NE(NULL, f);
	fputs("root:x:0:0:root:/:/bin/sh\n# a comment\ncliuser::4242:4300::/:/bin/sh\n", f);
	fclose(f);
	f = fopen("/etc/group", "w");
	ASSERT_NE(NULL, f);
	fputs("root:x:0:\ncligroup::4242:\n", f);
	fclose(f);
	pid = start_holder_as(&r, 4242, "create", "cli-nss", "4K", NULL);
	EXPECT_GT(pid, 0);
	if (pid > 0) {
		EXPECT_EQ(0, RUN(&r, "ls", "-n", "-r", "-o", "NAME,OWNER,GROUP,UID,GID"));
		EXPECT_STREQ("cli-nss cliuser cligroup 4242 4242",
			     line_of(r.out, "cli-nss ", line, sizeof(line)));
		EXPECT_EQ(0, RUN(&r, "info", "cli-nss"));
		EXPECT_NE(NULL, strstr(r.out, "owner:      cliuser:cligroup\n"));
		EXPECT_EQ(0, RUN(&r, "rm", "cli-nss"));
		EXPECT_TRUE(gone(pid));
	}
	unlink("/etc/passwd");
	unlink("/etc/group");
}

/* -V: the CLI's, the library's and the loaded module's versions. */
TEST_F(dev, version)
{
	char want[64];
	struct run r;

	snprintf(want, sizeof(want), "libntsection 1.0.0 (ABI %d.%d)\n", NTSECTION_ABI_MAJOR,
		 NTSECTION_ABI_MINOR);
	ASSERT_EQ(0, RUN(&r, "-V"));
	show("-V", r.out);
	EXPECT_TRUE(starts_with(r.out, "ntsection 1.0.0\n"));
	EXPECT_NE(NULL, strstr(r.out, want));
	snprintf(want, sizeof(want), "(ABI %d.", NTSECTION_ABI_MAJOR);
	EXPECT_NE(NULL, strstr(strstr(r.out, "ntsection module") ?: "", want));
	ASSERT_EQ(0, RUN(&r, "--version"));
	EXPECT_NE(NULL, strstr(r.out, "ntsection module"));
	ASSERT_EQ(0, RUN(&r, "ls", "-V"));
	EXPECT_NE(NULL, strstr(r.out, "libntsection"));
	ASSERT_EQ(0, RUN(&r, "info", "--version"));
	EXPECT_NE(NULL, strstr(r.out, "libntsection"));
}

/*
 * Errors say what failed. In a mount namespace of its own: /proc/ntsection
 * hidden (a module without the listing), /dev without the device (module
 * loaded), /sys/module without ntsection (no module), a device node only
 * root may open. Returns a bit per failed check.
 */
static int device_errors_child(dev_t rdev)
{
	struct run r;
	int bad = 0;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 1 << 30;
	if (mount("none", "/proc/ntsection", "tmpfs", 0, NULL))
		return 1 << 29;
	RUN(&r, "ls");
	show("ls (no listing)", r.err);
	bad |= !strstr(r.err, "the loaded ntsection module (ABI 2.") << 0;
	bad |= !strstr(r.err, "has no section listing") << 1;
	if (mount("none", "/dev", "tmpfs", 0, NULL))
		return 1 << 28;
	RUN(&r, "ls");
	show("ls (no /dev/ntsection)", r.err);
	bad |= !strstr(r.err, "/dev/ntsection is missing although the ntsection module is loaded")
		<< 2;
	bad |= !!strstr(r.err, "has no section listing") << 3;
	RUN(&r, "info", "cli-whatever");
	show("info cli-whatever (no /dev/ntsection)", r.err);
	bad |= !strstr(r.err, "/dev/ntsection is missing although") << 4;
	if (mount("none", "/sys/module", "tmpfs", 0, NULL))
		return 1 << 27;
	RUN(&r, "ls");
	show("ls (no module)", r.err);
	bad |= !strstr(r.err, "/dev/ntsection is missing: the ntsection module is not loaded") << 5;
	bad |= !!strstr(r.err, "has no section listing") << 6;
	RUN(&r, "--json", "create", "--no-hold", "cli-whatever", "4K");
	bad |= !json_valid(r.out) << 7;
	bad |= !strstr(r.err, "the ntsection module is not loaded (STATUS_NOT_SUPPORTED)") << 8;
	RUN(&r, "-V");
	bad |= !strstr(r.out, "ntsection module: /dev/ntsection is missing") << 9;
	if (mknod("/dev/ntsection", S_IFCHR | 0600, rdev))
		return 1 << 26;
	RUN_AS(&r, 65534, "info", "cli-whatever");
	show("info cli-whatever (a device node of mode 0600, as nobody)", r.err);
	bad |= !strstr(r.err, "permission denied opening /dev/ntsection") << 10;
	return bad;
}

TEST_F(dev, errors_say_what_failed)
{
	struct stat st;
	int status;
	pid_t child;

	if (getuid() != 0)
		SKIP(return, "needs root for a mount namespace");
	if (access(PROC_SECTIONS, R_OK))
		SKIP(return, "no " PROC_SECTIONS);
	ASSERT_EQ(0, stat("/dev/ntsection", &st));
	cli();
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(device_errors_child(st.st_rdev) ? 1 : 0);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("a check failed (see the output above)");
}

/*
 * rm across users: a holder of another user's, whose handles the caller
 * may not see and who it may not signal, is left alone, and reported.
 */
TEST_F(dev, rm_spares_other_users)
{
	char want[128];
	struct run r;
	pid_t pid;

	if (getuid() != 0)
		SKIP(return, "needs root to switch users");
	pid = start_holder_as(&r, 4000, "create", "cli-theirs", "4K", "--mode=0644");
	ASSERT_GT(pid, 0);
	EXPECT_EQ(1, RUN_AS(&r, 4001, "rm", "cli-theirs"));
	show("rm cli-theirs (as uid 4001)", r.err);
	snprintf(want, sizeof(want), "left pid %d (uid 4000) alone", (int)pid);
	EXPECT_NE(NULL, strstr(r.err, want));
	EXPECT_NE(NULL, strstr(r.err, "still exists"));
	EXPECT_EQ(0, kill(pid, 0));
	EXPECT_EQ(1, RUN_AS(&r, 4001, "--json", "rm", "cli-theirs"));
	EXPECT_TRUE(json_valid(r.out));
	snprintf(want, sizeof(want), "\"left_alone\":[{\"pid\":%d,\"uid\":4000,", (int)pid);
	EXPECT_NE(NULL, strstr(r.out, want));
	EXPECT_EQ(0, kill(pid, 0));
	/* Its owner may. */
	EXPECT_EQ(0, RUN_AS(&r, 4000, "rm", "cli-theirs"));
	EXPECT_TRUE(gone(pid));
}

/*
 * rm only in the caller's IPC namespace: a holder that moved to another
 * one keeps even a handle to this very section (inherited).
 */
TEST_F(dev, rm_spares_a_holder_in_another_namespace)
{
	struct lt {
		WCHAR buf[64];
		UNICODE_STRING us;
		OBJECT_ATTRIBUTES oa;
	} n;
	static const char name[] = "\\BaseNamedObjects\\cli-ns2";
	char path[64], buf[256];
	pid_t mine, other;
	struct run r;
	int i, fd, nfd;
	HANDLE h;

	if (geteuid() != 0)
		SKIP(return, "needs root to make an IPC namespace");
	mine = start_holder(&r, "create", "cli-ns2", "64K", NULL);
	ASSERT_GT(mine, 0);
	for (i = 0; name[i]; i++)
		n.buf[i] = (WCHAR)name[i];
	n.buf[i] = 0;
	RtlInitUnicodeString(&n.us, n.buf);
	InitializeObjectAttributes(&n.oa, &n.us, 0, NULL, NULL);
	ASSERT_EQ(STATUS_SUCCESS, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	fd = ntsection_fd_from_handle(h);
	fflush(NULL);
	other = fork();
	ASSERT_LE(0, other);
	if (other == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 1);
		dup2(null, 2);
		fcntl(fd, F_SETFD, 0);
		if (unshare(CLONE_NEWIPC))
			_exit(126);
		execl(cli(), "ntsection", "create", "--timeout", "60", "cli-ns2", "64K",
		      (char *)NULL);
		_exit(127);
	}
	NtClose(h);
	/* Ready when it holds two sections: ours (inherited) and its own. */
	for (i = 0, nfd = 0; i < 500 && nfd < 2; i++) {
		int k;

		usleep(10000);
		for (k = 0, nfd = 0; k < 64; k++) {
			ssize_t len;

			snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)other, k);
			len = readlink(path, buf, sizeof(buf) - 1);
			if (len > 0) {
				buf[len] = 0;
				nfd += !strcmp(buf, "anon_inode:[ntsection]");
			}
		}
	}
	ASSERT_EQ(2, nfd) TH_LOG("the holder in a new IPC namespace did not start");
	/* It keeps the section: rm stops ours and says the name lives on. */
	EXPECT_EQ(1, RUN(&r, "rm", "cli-ns2"));
	EXPECT_NE(NULL, strstr(r.err, "still exists"));
	EXPECT_TRUE(gone(mine));
	EXPECT_EQ(0, kill(other, 0)) TH_LOG("rm stopped a holder in another IPC namespace");
	kill(other, SIGTERM);
	EXPECT_EQ(other, waitpid(other, NULL, 0));
	EXPECT_EQ(1, RUN(&r, "info", "cli-ns2"));
}

/*
 * rm stops only holders of that very section: a holder of a section of the
 * same name in another IPC namespace (a container's) is left alone.
 */
TEST_F(dev, rm_spares_other_namespaces)
{
	pid_t mine, other = -1, child;
	struct run r;
	int p[2];

	if (geteuid() != 0)
		SKIP(return, "needs root to make an IPC namespace");
	mine = start_holder(&r, "create", "cli-ns", "64K", NULL);
	ASSERT_GT(mine, 0);
	ASSERT_EQ(0, pipe(p));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct run rr;
		pid_t h = -1;

		if (!unshare(CLONE_NEWIPC))
			h = start_holder(&rr, "create", "cli-ns", "64K", NULL);
		_exit(write(p[1], &h, sizeof(h)) == sizeof(h) ? 0 : 1);
	}
	close(p[1]);
	EXPECT_EQ(sizeof(other), read(p[0], &other, sizeof(other)));
	close(p[0]);
	waitpid(child, NULL, 0);
	ASSERT_GT(other, 0) TH_LOG("no holder in a new IPC namespace");
	ASSERT_EQ(0, RUN(&r, "rm", "cli-ns"));
	EXPECT_TRUE(gone(mine));
	EXPECT_EQ(0, kill(other, 0)) TH_LOG("rm stopped a holder in another IPC namespace");
	kill(other, SIGTERM);
	EXPECT_TRUE(gone(other));
}

TEST_F(dev, rm_errors)
{
	struct lt {
		WCHAR buf[64];
		UNICODE_STRING us;
		OBJECT_ATTRIBUTES oa;
	} n;
	static const char name[] = "\\BaseNamedObjects\\cli-held";
	LARGE_INTEGER size = { .QuadPart = 4096 };
	struct run r;
	HANDLE h;
	size_t i;

	EXPECT_EQ(1, RUN(&r, "rm", "cli-nothing-here"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_OBJECT_NAME_NOT_FOUND"));
	/* A handle of another program's (ours): rm says so and fails. */
	for (i = 0; name[i]; i++)
		n.buf[i] = (WCHAR)name[i];
	n.buf[i] = 0;
	RtlInitUnicodeString(&n.us, n.buf);
	InitializeObjectAttributes(&n.oa, &n.us, 0, NULL, NULL);
	ASSERT_EQ(STATUS_SUCCESS, NtCreateSection(&h, SECTION_ALL_ACCESS, &n.oa, &size,
						  PAGE_READWRITE, SEC_COMMIT, NULL));
	EXPECT_EQ(1, RUN(&r, "rm", "cli-held"));
	EXPECT_NE(NULL, strstr(r.err, "still exists"));
	EXPECT_NE(NULL, strstr(r.err, "a named section lives while a handle does"));
	EXPECT_EQ(1, RUN(&r, "--json", "rm", "cli-held"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(0, RUN(&r, "info", "cli-held"));
	NtClose(h);
	EXPECT_EQ(1, RUN(&r, "info", "cli-held"));
}

TEST_F(dev, case_insensitive_names)
{
	struct run r;
	pid_t pid;

	pid = start_holder(&r, "create", "Cli-Case", "4K", NULL);
	ASSERT_GT(pid, 0);
	EXPECT_EQ(1, RUN(&r, "info", "cli-case"));
	EXPECT_EQ(0, RUN(&r, "info", "-i", "cli-case"));
	EXPECT_EQ(0, RUN(&r, "info", "\\BaseNamedObjects\\Cli-Case"));
	EXPECT_EQ(0, RUN(&r, "rm", "Cli-Case"));
	EXPECT_TRUE(gone(pid));
}

TEST_F(dev, mode_lets_other_users_in)
{
	struct run r;
	pid_t priv, shared;

	if (getuid() != 0)
		SKIP(return, "needs root to switch users");
	priv = start_holder(&r, "create", "cli-private", "4K", NULL);
	ASSERT_GT(priv, 0);
	shared = start_holder(&r, "create", "cli-shared", "4K", "--mode=0644");
	ASSERT_GT(shared, 0);
	EXPECT_TRUE(json_has_str(r.out, "mode", "0644"));
	EXPECT_EQ(1, RUN_AS(&r, 65534, "info", "cli-private"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_ACCESS_DENIED"));
	EXPECT_EQ(0, RUN_AS(&r, 65534, "info", "cli-shared"));
	EXPECT_EQ(1, RUN_AS(&r, 65534, "map", "--no-hold", "cli-shared"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_ACCESS_DENIED"));
	EXPECT_EQ(0, RUN_AS(&r, 65534, "map", "--no-hold", "--protect", "ro", "cli-shared"));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-private"));
	EXPECT_EQ(0, RUN(&r, "rm", "cli-shared"));
	EXPECT_TRUE(gone(priv));
	EXPECT_TRUE(gone(shared));
}

TEST(map_image_usage_errors)
{
	struct run r;

	EXPECT_EQ(2, RUN(&r, "map"));
	EXPECT_EQ(2, RUN(&r, "map", "--image"));
	EXPECT_EQ(2, RUN(&r, "map", "--image", "/tmp/cli-none.dll", "cli-name"));
	EXPECT_NE(NULL, strstr(r.err, "--image FILE takes no NAME"));
	EXPECT_NE(NULL, strstr(r.err, "usage: ntsection map"));
	EXPECT_EQ(2, RUN(&r, "map", "--image", "/tmp/cli-none.dll", "--protect", "rx"));
	EXPECT_EQ(2, RUN(&r, "map", "--image", "/tmp/cli-none.dll", "--offset", "64K"));
	EXPECT_EQ(2, RUN(&r, "map", "--image", "/tmp/cli-none.dll", "--commit", "4K"));
	EXPECT_EQ(2, RUN(&r, "map", "--image", "/tmp/cli-none.dll", "--write", "x"));
	EXPECT_EQ(2, RUN(&r, "map", "--image", "/tmp/cli-none.dll", "-i"));
	EXPECT_EQ(0, RUN(&r, "map", "--help"));
	EXPECT_NE(NULL, strstr(r.out, "--image FILE"));
}

TEST(map_image_missing_file)
{
	struct run r;

	EXPECT_EQ(1, RUN(&r, "map", "--image", "/nonexistent", "--no-hold"));
	EXPECT_NE(NULL, strstr(r.err, "cannot open /nonexistent"));
	EXPECT_EQ(1, RUN(&r, "--json", "map", "--image", "/nonexistent", "--no-hold"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has_str(r.out, "command", "map"));
}

/*
 * map --image: where the view went, the entry point, the file's NT name and
 * one line per region: the header READONLY, .text EXECUTE_READ and .data
 * WRITECOPY (an EXECUTE_WRITECOPY view copies on write).
 */
TEST_F(dev, map_image_layout)
{
	char path[] = "/tmp/cli-image-XXXXXX.dll", nt[PATH_MAX + 16];
	struct run r;
	int n;

	ASSERT_EQ(0, img_file(path));
	nt_file_name(path, nt, sizeof(nt));
	ASSERT_EQ(0, RUN(&r, "map", "--image", path, "--no-hold"));
	show("map --image FILE --no-hold", r.out);
	EXPECT_NE(NULL, strstr(r.out, "mapped image "));
	EXPECT_NE(NULL, strstr(r.out, path));
	EXPECT_NE(NULL, strstr(r.out, ": 12K bytes (12288), ViewShare"));
	EXPECT_TRUE(strstr(r.out, "STATUS_SUCCESS (0x00000000): at its base") ||
		    strstr(r.out, "STATUS_IMAGE_NOT_AT_BASE (0x40000003): not at its base"));
	EXPECT_NE(NULL, strstr(r.out, "entry point: 0x180001000"));
	EXPECT_NE(NULL, strstr(r.out, "machine:     amd64 (0x8664)"));
	EXPECT_NE(NULL, strstr(r.out, "size 12288, flags 0\n"));
	EXPECT_NE(NULL, strstr(r.out, nt)) TH_LOG("no file name %s", nt);
	EXPECT_TRUE(has_region(r.out, "0x0", "4K", "PAGE_READONLY", &n));
	EXPECT_TRUE(has_region(r.out, "0x1000", "4K", "PAGE_EXECUTE_READ", &n));
	EXPECT_TRUE(has_region(r.out, "0x2000", "4K", "PAGE_WRITECOPY", &n));
	EXPECT_EQ(3, n);
	/* --read shows the header. */
	ASSERT_EQ(0, RUN(&r, "map", "--image", path, "--no-hold", "--read", "2"));
	EXPECT_NE(NULL, strstr(r.out, "data: MZ\n"));
	unlink(path);
}

TEST_F(dev, map_image_json)
{
	char path[] = "/tmp/cli-image-XXXXXX.dll";
	struct run r;

	ASSERT_EQ(0, img_file(path));
	ASSERT_EQ(0, RUN(&r, "--json", "map", "--image", path, "--no-hold"));
	show("--json map --image FILE --no-hold", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has_str(r.out, "command", "map"));
	EXPECT_TRUE(json_has_str(r.out, "image_file", path));
	EXPECT_TRUE(json_has_str(r.out, "status", "STATUS_SUCCESS") ||
		    json_has_str(r.out, "status", "STATUS_IMAGE_NOT_AT_BASE"));
	EXPECT_EQ(12288, json_get_num(r.out, "view_size"));
	EXPECT_EQ(12288, json_get_num(r.out, "size_of_image"));
	EXPECT_EQ(0, json_get_num(r.out, "flags"));
	EXPECT_TRUE(json_has_str(r.out, "protect", "PAGE_EXECUTE_WRITECOPY"));
	EXPECT_NE(NULL, strstr(r.out, "\"image\":{\"entry_point\":"));
	EXPECT_EQ(0x180001000LL, json_get_num(r.out, "entry_point"));
	EXPECT_TRUE(json_has_str(r.out, "machine", "amd64"));
	EXPECT_EQ(0x8664, json_get_num(r.out, "machine_value"));
	EXPECT_NE(NULL, strstr(r.out, "\"file_name\":\"\\\\?\?\\\\unix"));
	EXPECT_NE(NULL, strstr(r.out, "\"regions\":[{\"offset\":0,"));
	EXPECT_EQ(3, json_regions(r.out, 0, 4096, "PAGE_READONLY"));
	EXPECT_EQ(3, json_regions(r.out, 4096, 4096, "PAGE_EXECUTE_READ"));
	EXPECT_EQ(3, json_regions(r.out, 8192, 4096, "PAGE_WRITECOPY"));
	EXPECT_NE(NULL, strstr(r.out, "\"holding\":false"));
	/* --size: a partial view of the image's first page. */
	ASSERT_EQ(0, RUN(&r, "--json", "map", "--image", path, "--size", "4K", "--no-hold"));
	show("--json map --image FILE --size 4K --no-hold", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_EQ(4096, json_get_num(r.out, "view_size"));
	EXPECT_NE(NULL, strstr(r.out, "\"flag_names\":[\"ImagePartialMap\"]"));
	EXPECT_EQ(1, json_regions(r.out, 0, 4096, "PAGE_READONLY"));
	unlink(path);
}

TEST_F(dev, map_image_holds_the_view)
{
	char path[] = "/tmp/cli-image-XXXXXX.dll";
	struct run r;
	pid_t pid;

	ASSERT_EQ(0, img_file(path));
	pid = start_holder(&r, "map", path, NULL, "--image");
	ASSERT_GT(pid, 0);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"holding\":true"));
	EXPECT_EQ(0, kill(pid, 0));
	kill(pid, SIGTERM);
	EXPECT_TRUE(gone(pid));
	ASSERT_EQ(0, RUN(&r, "map", "--image", path, "--timeout", "1"));
	EXPECT_NE(NULL, strstr(r.out, "holding it for 1 s"));
	unlink(path);
}

TEST_F(dev, map_image_errors)
{
	char path[] = "/tmp/cli-notimage-XXXXXX";
	struct run r;
	int fd;

	fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, ftruncate(fd, 4096));
	close(fd);
	EXPECT_EQ(1, RUN(&r, "map", "--image", path, "--no-hold"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_INVALID_IMAGE_NOT_MZ"));
	EXPECT_EQ(1, RUN(&r, "--json", "map", "--image", path, "--no-hold"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_TRUE(json_has_str(r.out, "status", "STATUS_INVALID_IMAGE_NOT_MZ"));
	unlink(path);
}

/* info of a named image section (made here: the CLI's create makes no images). */
TEST_F(dev, info_of_an_image_section)
{
	struct lt {
		WCHAR buf[64];
		UNICODE_STRING us;
		OBJECT_ATTRIBUTES oa;
	} n;
	static const char name[] = "\\BaseNamedObjects\\cli-image";
	char path[] = "/tmp/cli-image-XXXXXX.dll";
	struct run r;
	HANDLE h;
	size_t i;
	int fd;

	ASSERT_EQ(0, img_file(path));
	for (i = 0; name[i]; i++)
		n.buf[i] = (WCHAR)name[i];
	n.buf[i] = 0;
	RtlInitUnicodeString(&n.us, n.buf);
	InitializeObjectAttributes(&n.oa, &n.us, 0, NULL, NULL);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(STATUS_SUCCESS, NtCreateSection(&h, SECTION_ALL_ACCESS, &n.oa, NULL,
						  PAGE_EXECUTE_WRITECOPY, SEC_IMAGE,
						  ntsection_handle_from_fd(fd)));
	close(fd);
	ASSERT_EQ(0, RUN(&r, "info", "cli-image"));
	show("info cli-image", r.out);
	EXPECT_NE(NULL, strstr(r.out, "size:       12288 (12K)"));
	EXPECT_NE(NULL, strstr(r.out, "attributes: SEC_FILE|SEC_IMAGE\n"));
	EXPECT_NE(NULL, strstr(r.out, "\nimage:\n"));
	EXPECT_NE(NULL, strstr(r.out, "  entry point:         0x180001000\n"));
	EXPECT_NE(NULL, strstr(r.out, "  machine:             amd64 (0x8664)\n"));
	EXPECT_NE(NULL, strstr(r.out, "  subsystem:           WINDOWS_CUI (3), version 6.0\n"));
	EXPECT_NE(NULL, strstr(r.out, "  characteristics:     0x2022\n"));
	EXPECT_NE(NULL, strstr(r.out, "  DLL characteristics: 0x0140\n"));
	EXPECT_NE(NULL, strstr(r.out, "  stack:               reserve 1M (1048576), commit 4K"));
	EXPECT_NE(NULL, strstr(r.out, "  contains code:       yes\n"));
	EXPECT_NE(NULL, strstr(r.out, "  image flags:         0x04 (ImageDynamicallyRelocated)\n"));
	EXPECT_NE(NULL, strstr(r.out, "  file size:           1536 (1.5K)\n"));
	ASSERT_EQ(0, RUN(&r, "--json", "info", "cli-image"));
	show("--json info cli-image", r.out);
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"image\":{\"entry_point\":"));
	EXPECT_EQ(0x180001000LL, json_get_num(r.out, "entry_point"));
	EXPECT_TRUE(json_has_str(r.out, "machine", "amd64"));
	EXPECT_EQ(0x8664, json_get_num(r.out, "machine_value"));
	EXPECT_TRUE(json_has_str(r.out, "subsystem", "WINDOWS_CUI"));
	EXPECT_EQ(0x2022, json_get_num(r.out, "image_characteristics"));
	EXPECT_EQ(1048576, json_get_num(r.out, "stack_reserve"));
	EXPECT_NE(NULL, strstr(r.out, "\"contains_code\":true"));
	EXPECT_EQ(4, json_get_num(r.out, "image_flags"));
	EXPECT_NE(NULL, strstr(r.out, "\"image_flag_names\":[\"ImageDynamicallyRelocated\"]"));
	EXPECT_EQ(1536, json_get_num(r.out, "file_size"));
	NtClose(h);
	EXPECT_EQ(1, RUN(&r, "info", "cli-image"));
	unlink(path);
}

/* A child that waits in read() for an address, and sends back what is there. */
static pid_t reader_start(int to[2], int from[2])
{
	pid_t pid;

	if (pipe(to) || pipe(from))
		return -1;
	pid = fork();
	if (pid == 0) {
		char buf[32] = "";
		char *addr;

		close(to[1]);
		close(from[0]);
		if (read(to[0], &addr, sizeof(addr)) == sizeof(addr) && addr)
			memcpy(buf, addr, sizeof(buf) - 1);
		_exit(write(from[1], buf, sizeof(buf)) != sizeof(buf));
	}
	close(to[0]);
	close(from[1]);
	return pid;
}

TEST_F(dev, map_into_another_process)
{
	int to[2], from[2], status;
	char pidstr[16], buf[32] = "", *at;
	unsigned long addr = 0;
	struct run r;
	pid_t holder, child;

	holder = start_holder(&r, "create", "cli-remote", "64K", NULL);
	ASSERT_GT(holder, 0);
	child = reader_start(to, from);
	ASSERT_GT(child, 0);
	snprintf(pidstr, sizeof(pidstr), "%d", child);
	ASSERT_EQ(0, RUN(&r, "map", "--pid", pidstr, "--write", "hello, child", "--read", "12",
			 "cli-remote"));
	show("map --pid", r.out);
	at = strstr(r.out, " at 0x");
	ASSERT_NE(NULL, at);
	EXPECT_NE(NULL, strstr(r.out, "into process"));
	EXPECT_NE(NULL, strstr(r.out, "data: hello, child"));
	addr = strtoul(at + 4, NULL, 16);
	EXPECT_EQ(0, addr % 65536);
	/* The view is in the child, which sees what the CLI wrote there. */
	ASSERT_EQ(0, RUN(&r, "views", pidstr));
	snprintf(buf, sizeof(buf), "0x%lx ", addr);
	EXPECT_NE(NULL, strstr(r.out, buf));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(sizeof(addr), write(to[1], &addr, sizeof(addr)));
	ASSERT_EQ(sizeof(buf), read(from[0], buf, sizeof(buf)));
	EXPECT_STREQ("hello, child", buf);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_EQ(0, status);
	close(to[1]);
	close(from[0]);
	EXPECT_EQ(0, RUN(&r, "rm", "cli-remote"));
	EXPECT_TRUE(gone(holder));
}

TEST_F(dev, map_into_another_process_errors)
{
	int to[2], from[2];
	char pidstr[16];
	struct run r;
	pid_t holder, child, dead;

	holder = start_holder(&r, "create", "cli-remerr", "64K", "--mode=0666");
	ASSERT_GT(holder, 0);
	child = reader_start(to, from);
	ASSERT_GT(child, 0);
	snprintf(pidstr, sizeof(pidstr), "%d", child);
	/* Another user may not reach a root process (no CAP_SYS_PTRACE). */
	EXPECT_EQ(1, RUN_AS(&r, 65534, "map", "--pid", pidstr, "cli-remerr"));
	EXPECT_NE(NULL, strstr(r.err, "STATUS_ACCESS_DENIED"));
	EXPECT_EQ(2, RUN(&r, "map", "--pid", pidstr, "--image", "/bin/sh"));
	EXPECT_EQ(2, RUN(&r, "map", "--pid", "0", "cli-remerr"));
	EXPECT_EQ(1, RUN(&r, "--json", "map", "--pid", pidstr, "--protect", "ro", "--offset", "4K",
			 "cli-remerr"));
	EXPECT_TRUE(json_valid(r.out));
	EXPECT_NE(NULL, strstr(r.out, "STATUS_MAPPED_ALIGNMENT"));
	close(to[1]);
	close(from[0]);
	waitpid(child, NULL, 0);
	dead = child;
	/* A reaped child: no such process (unless its pid was reused: kill() says). */
	if (kill(dead, 0) && errno == ESRCH) {
		EXPECT_EQ(1, RUN(&r, "map", "--pid", pidstr, "cli-remerr"));
		EXPECT_NE(NULL, strstr(r.err, "STATUS_INVALID_CID"));
	}
	EXPECT_EQ(0, RUN(&r, "rm", "cli-remerr"));
	EXPECT_TRUE(gone(holder));
}

TEST_HARNESS_MAIN
