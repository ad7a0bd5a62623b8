// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection(1) tests: every subcommand's output, --json validity, errors and
 * exit codes, holders and their removal. The CLI runs as a separate program
 * (fork and exec): $NTSECTION_CLI when set, else the binary this test carries
 * (see cli_blob.h), else ntsection from PATH.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static const char *json_str(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
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

/* Start a holder with --daemon and --json (and @opt); its pid, or -1. */
static pid_t start_holder(struct run *r, const char *cmd, const char *name, const char *size,
			  const char *opt)
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
	if (run_as(r, 0, argv))
		return -1;
	pid = (pid_t)json_get_num(r->out, "pid");
	if (pid > 0 && nholders < 16)
		holders[nholders++] = pid;
	return pid;
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
	EXPECT_TRUE(json_has_str(r.out, "data", ""));
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
		EXPECT_NE(NULL, strstr(r.out, "\"sections\":["));
		EXPECT_TRUE(json_has_str(r.out, "name", "cli-ls"));
		EXPECT_NE(NULL, strstr(r.out, "\"size\":262144"));
	}
	EXPECT_EQ(0, RUN(&r, "rm", "cli-ls"));
	EXPECT_TRUE(gone(pid));
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

TEST_HARNESS_MAIN
