/* End-to-end harness: spawns the real clario binary (CLI commands and the
 * server) in a temporary directory and talks HTTP to it with libcurl.
 * Processes are started with posix_spawn; no shell ever sees an argument. */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef CLARIO_WITH_PG
#include <libpq-fe.h>
#endif

extern char **environ;

#define E2E_MAX_ARGS 32
#define E2E_MAX_BODY ((size_t)64 << 20)

static bool curl_ready;
static const char *pg_admin; /* CLARIO_TEST_PG_URL in --pg mode, else NULL */

int e2e_parse_args(int argc, char **argv, const char **clario)
{
	bool pg = false;
	*clario = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pg"))
			pg = true;
		else if (!*clario)
			*clario = argv[i];
	}
	if (!*clario) {
		fprintf(stderr, "usage: %s PATH/TO/clario [--pg]\n", argv[0]);
		return -1;
	}
	if (!pg)
		return 0;
	const char *url = getenv("CLARIO_TEST_PG_URL");
	if (!url || !*url) {
		fprintf(stderr, "%s --pg: CLARIO_TEST_PG_URL is not set; start a cluster"
				" (scripts/pg-cluster start DIR) and pass its URL\n", argv[0]);
		return -1;
	}
#ifndef CLARIO_WITH_PG
	fprintf(stderr, "%s --pg: this build has no PostgreSQL support (libpq)\n", argv[0]);
	return -1;
#else
	pg_admin = url;
	return 0;
#endif
}

bool e2e_pg(void)
{
	return pg_admin != NULL;
}

#ifdef CLARIO_WITH_PG
static unsigned pg_count; /* databases created so far, for unique names */

/* Runs one fixed statement on the server named by CLARIO_TEST_PG_URL. */
static int pg_admin_exec(const char *sql)
{
	PGconn *c = PQconnectdb(pg_admin);
	PGresult *r = NULL;
	int rc = -1;
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "e2e: CLARIO_TEST_PG_URL: %s", PQerrorMessage(c));
		goto out;
	}
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "e2e: %s: %s", sql, PQerrorMessage(c));
		goto out;
	}
	rc = 0;
out:
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* CREATE DATABASE clario_e2e_<pid>_<n>; env->db becomes the admin URL with its
 * database name replaced (query parameters kept). */
static int pg_create_db(struct e2e_env *env)
{
	char sql[128];
	snprintf(env->pg_db, sizeof env->pg_db, "clario_e2e_%ld_%u", (long)getpid(), ++pg_count);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", env->pg_db);
	if (pg_admin_exec(sql) != 0)
		goto fail;
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", env->pg_db);
	if (pg_admin_exec(sql) != 0)
		goto fail;
	const char *host = strstr(pg_admin, "://");
	host = host ? host + 3 : pg_admin;
	size_t base = strcspn(host, "/?") + (size_t)(host - pg_admin);
	const char *query = strchr(host, '?');
	int n = snprintf(env->db, sizeof env->db, "%.*s/%s%s", (int)base, pg_admin, env->pg_db,
			 query ? query : "");
	if (n > 0 && (size_t)n < sizeof env->db)
		return 0;
	fprintf(stderr, "e2e: CLARIO_TEST_PG_URL too long\n");
fail:
	return -1;
}

static void pg_drop_db(struct e2e_env *env)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", env->pg_db);
	pg_admin_exec(sql);
	env->pg_db[0] = '\0';
}
#else
static int pg_create_db(struct e2e_env *env)
{
	(void)env;
	fprintf(stderr, "e2e: this build has no PostgreSQL support (libpq)\n");
	return -1;
}

static void pg_drop_db(struct e2e_env *env)
{
	env->pg_db[0] = '\0';
}
#endif

double e2e_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static int path_join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, E2E_PATH_MAX, "%s/%s", dir, name);
	if (n < 0 || n >= E2E_PATH_MAX) {
		fprintf(stderr, "e2e: path too long: %s/%s\n", dir, name);
		return -1;
	}
	return 0;
}

int e2e_env_init(struct e2e_env *env, const char *clario)
{
	memset(env, 0, sizeof *env);
	if (!clario || strlen(clario) >= sizeof env->clario) {
		fprintf(stderr, "e2e: missing or too long clario path (argv[1])\n");
		return -1;
	}
	memcpy(env->clario, clario, strlen(clario) + 1);
	if (access(env->clario, X_OK) != 0) {
		fprintf(stderr, "e2e: %s is not executable: %s\n", env->clario, strerror(errno));
		return -1;
	}
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (path_join(env->dir, tmp, "clario-e2e-XXXXXX") != 0)
		return -1;
	if (!mkdtemp(env->dir)) {
		fprintf(stderr, "e2e: mkdtemp %s: %s\n", env->dir, strerror(errno));
		env->dir[0] = '\0';
		return -1;
	}
	if (path_join(env->db, env->dir, "t.db") || path_join(env->log, env->dir, "server.log") ||
	    path_join(env->cli_log, env->dir, "cli.log") || path_join(env->ready, env->dir, "ready"))
		return -1;
	if (pg_admin && pg_create_db(env) != 0)
		return -1;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			fprintf(stderr, "e2e: curl_global_init failed\n");
			return -1;
		}
		curl_ready = true;
	}
	env->curl = curl_easy_init();
	if (!env->curl) {
		fprintf(stderr, "e2e: curl_easy_init failed\n");
		return -1;
	}
	return 0;
}

static int create_key(struct e2e_env *env, const char *flag, const char *value,
		      char key[E2E_KEY_MAX])
{
	int rc = value ? e2e_cli(env, true, key, E2E_KEY_MAX, "keys", "create", flag, value, NULL)
		       : e2e_cli(env, true, key, E2E_KEY_MAX, "keys", "create", flag, NULL);
	if (rc != 0 || strncmp(key, "clk_live_", 9) != 0 || strchr(key, '\n')) {
		fprintf(stderr, "e2e: keys create %s %s: exit %d, stdout \"%s\"\n", flag,
			value ? value : "", rc, key);
		return -1;
	}
	return 0;
}

int e2e_env_setup(struct e2e_env *env)
{
	int rc = e2e_cli(env, true, NULL, 0, "migrate", NULL);
	if (rc != 0) {
		fprintf(stderr, "e2e: clario migrate: exit %d\n", rc);
		return -1;
	}
	rc = e2e_cli(env, true, NULL, 0, "partners", "add", "--code", "moka", "--name", "Moka",
		     "--kind", "pos", NULL);
	if (rc == 0)
		rc = e2e_cli(env, true, NULL, 0, "partners", "add", "--code", "pawoon", "--name",
			     "Pawoon", "--kind", "pos", NULL);
	if (rc != 0) {
		fprintf(stderr, "e2e: clario partners add: exit %d\n", rc);
		return -1;
	}
	if (create_key(env, "--admin", NULL, env->admin_key) ||
	    create_key(env, "--partner", "moka", env->moka_key) ||
	    create_key(env, "--partner", "pawoon", env->pawoon_key))
		return -1;
	return 0;
}

int e2e_merchant_key(struct e2e_env *env, int64_t merchant_id, char key[E2E_KEY_MAX])
{
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)merchant_id);
	return create_key(env, "--merchant", id, key);
}

/* Removes path and everything under it (no symlinks followed). */
static void remove_tree(const char *path, int depth)
{
	struct stat st;
	if (depth > 8 || lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *de;
			while ((de = readdir(d)) != NULL) {
				if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
					continue;
				char child[E2E_PATH_MAX];
				if (path_join(child, path, de->d_name) == 0)
					remove_tree(child, depth + 1);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void kill_server(struct e2e_env *env)
{
	if (env->pid > 0) {
		kill(env->pid, SIGKILL);
		waitpid(env->pid, NULL, 0);
		env->pid = 0;
	}
}

void e2e_env_release(struct e2e_env *env)
{
	kill_server(env);
	if (env->curl) {
		curl_easy_cleanup(env->curl);
		env->curl = NULL;
	}
	if (env->pg_db[0])
		pg_drop_db(env);
	if (env->dir[0]) {
		const char *keep = getenv("E2E_KEEP");
		if (keep && *keep)
			fprintf(stderr, "e2e: keeping %s\n", env->dir);
		else
			remove_tree(env->dir, 0);
		env->dir[0] = '\0';
	}
}

/* argv/envp for posix_spawn are arrays of mutable strings: we own copies. */
struct strv {
	char *v[E2E_MAX_ARGS + 1];
	size_t n;
};

static int strv_add(struct strv *sv, const char *s)
{
	if (sv->n >= E2E_MAX_ARGS) {
		fprintf(stderr, "e2e: too many arguments\n");
		return -1;
	}
	sv->v[sv->n] = strdup(s);
	if (!sv->v[sv->n])
		return -1;
	sv->n++;
	sv->v[sv->n] = NULL;
	return 0;
}

static void strv_free(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	sv->n = 0;
}

/* Spawns argv with stdin from /dev/null, stdout to stdout_fd (or stderr_path
 * when < 0) and stderr appended to stderr_path. envp NULL = our environment. */
static int spawn(char *const argv[], char *const envp[], int stdout_fd, const char *stderr_path,
		 pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (rc == 0 && stdout_fd >= 0)
		rc = posix_spawn_file_actions_adddup2(&fa, stdout_fd, 1);
	else if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, 1, stderr_path,
						      O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, 2, stderr_path,
						      O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (rc == 0)
		rc = posix_spawn(pid, argv[0], &fa, NULL, argv, envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "e2e: cannot spawn %s: %s\n", argv[0], strerror(rc));
		return -1;
	}
	return 0;
}

/* Starts the server with fork/exec rather than posix_spawn, so that it can be
 * told to die with us (PR_SET_PDEATHSIG): a test killed by a timeout must not
 * leave a server running. Only async-signal-safe calls between fork and exec. */
static int spawn_server(char *const argv[], char *const envp[], const char *log_path,
			pid_t *pid)
{
	int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (log_fd < 0 || null_fd < 0) {
		fprintf(stderr, "e2e: cannot open %s or /dev/null: %s\n", log_path, strerror(errno));
		if (log_fd >= 0)
			close(log_fd);
		if (null_fd >= 0)
			close(null_fd);
		return -1;
	}
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0) {
		if (dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0 ||
		    prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
			_exit(127);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	int saved = errno;
	close(log_fd);
	close(null_fd);
	if (child < 0) {
		fprintf(stderr, "e2e: fork: %s\n", strerror(saved));
		return -1;
	}
	*pid = child;
	return 0;
}

static int exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return -1;
}

int e2e_cli(struct e2e_env *env, bool add_db, char *out, size_t out_size, ...)
{
	struct strv argv = {.n = 0};
	int result = -1;
	int pipefd[2] = {-1, -1};
	char buf[4096];
	size_t used = 0;

	if (out && out_size)
		out[0] = '\0';
	if (strv_add(&argv, env->clario))
		goto out;
	va_list ap;
	va_start(ap, out_size);
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL) {
		if (strv_add(&argv, a)) {
			va_end(ap);
			goto out;
		}
	}
	va_end(ap);
	if (add_db && (strv_add(&argv, "--db") || strv_add(&argv, env->db)))
		goto out;
	if (pipe(pipefd) != 0)
		goto out;
	fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
	fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
	pid_t pid;
	if (spawn(argv.v, NULL, pipefd[1], env->cli_log, &pid))
		goto out;
	close(pipefd[1]);
	pipefd[1] = -1;
	for (;;) {
		char chunk[1024];
		ssize_t n = read(pipefd[0], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t take = (size_t)n;
		if (take > sizeof buf - 1 - used)
			take = sizeof buf - 1 - used;
		memcpy(buf + used, chunk, take);
		used += take;
	}
	buf[used] = '\0';
	while (used > 0 && (buf[used - 1] == '\n' || buf[used - 1] == '\r'))
		buf[--used] = '\0';
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR)
			goto out;
	}
	if (out && out_size) {
		size_t n = used < out_size - 1 ? used : out_size - 1;
		memcpy(out, buf, n);
		out[n] = '\0';
	}
	result = exit_code(wstatus);
	if (result != 0) {
		fprintf(stderr, "e2e: `clario");
		for (size_t i = 1; i < argv.n; i++)
			fprintf(stderr, " %s", argv.v[i]);
		fprintf(stderr, "` exited %d (stderr in %s)\n", result, env->cli_log);
		char *log = e2e_read_file(env->cli_log, NULL);
		if (log) {
			size_t len = strlen(log);
			const char *tail = len > 2000 ? log + len - 2000 : log;
			fprintf(stderr, "%s\n", tail);
			free(log);
		}
	}
out:
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	strv_free(&argv);
	return result;
}

bool e2e_server_alive(struct e2e_env *env)
{
	if (env->pid <= 0)
		return false;
	int wstatus;
	pid_t r = waitpid(env->pid, &wstatus, WNOHANG);
	if (r == env->pid) {
		fprintf(stderr, "e2e: server exited unexpectedly with %d (log: %s)\n",
			exit_code(wstatus), env->log);
		env->pid = 0;
		return false;
	}
	return true;
}

/* The port in the ready file once it is complete (stable and numeric), else 0. */
static int read_port(const char *path)
{
	char *text = e2e_read_file(path, NULL);
	if (!text)
		return 0;
	char *end;
	errno = 0;
	long port = strtol(text, &end, 10);
	bool ok = errno == 0 && end != text && port > 0 && port < 65536 &&
		  (*end == '\0' || *end == '\n' || *end == '\r' || *end == ' ');
	free(text);
	return ok ? (int)port : 0;
}

/* The environment with extras ("NAME=value") replacing same-named entries.
 * Only the extras are copies; *owned counts them at the end of the array. */
static char **build_env(const char *const *extra, size_t *n_extra)
{
	size_t n_env = 0, n_x = 0;
	while (environ[n_env])
		n_env++;
	while (extra && extra[n_x])
		n_x++;
	char **envp = calloc(n_env + n_x + 1, sizeof *envp);
	if (!envp)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n_env; i++) {
		bool replaced = false;
		for (size_t j = 0; j < n_x; j++) {
			const char *eq = strchr(extra[j], '=');
			size_t name_len = eq ? (size_t)(eq - extra[j]) : strlen(extra[j]);
			if (!strncmp(environ[i], extra[j], name_len) && environ[i][name_len] == '=')
				replaced = true;
		}
		if (!replaced)
			envp[k++] = environ[i];
	}
	size_t first_owned = k;
	for (size_t j = 0; j < n_x; j++) {
		envp[k] = strdup(extra[j]);
		if (!envp[k]) {
			for (size_t i = first_owned; i < k; i++)
				free(envp[i]);
			free(envp);
			return NULL;
		}
		k++;
	}
	envp[k] = NULL;
	*n_extra = n_x;
	return envp;
}

int e2e_server_start(struct e2e_env *env, const char *const *extra_env)
{
	if (env->pid > 0) {
		fprintf(stderr, "e2e: server already running\n");
		return -1;
	}
	unlink(env->ready);
	struct strv argv = {.n = 0};
	size_t n_owned = 0;
	char **envp = NULL;
	int result = -1;
	if (strv_add(&argv, env->clario) || strv_add(&argv, "serve") || strv_add(&argv, "--db") ||
	    strv_add(&argv, env->db) || strv_add(&argv, "--listen") ||
	    strv_add(&argv, "127.0.0.1:0") || strv_add(&argv, "--ready-file") ||
	    strv_add(&argv, env->ready))
		goto out;
	envp = build_env(extra_env, &n_owned);
	if (!envp)
		goto out;
	pid_t pid;
	if (spawn_server(argv.v, envp, env->log, &pid))
		goto out;
	env->pid = pid;
	double deadline = e2e_now() + 10.0;
	while (e2e_now() < deadline) {
		int port = read_port(env->ready);
		if (port > 0) {
			/* A partly written file could give a prefix: read it again. */
			sleep_ms(20);
			if (read_port(env->ready) == port) {
				env->port = port;
				result = 0;
				goto out;
			}
		}
		if (!e2e_server_alive(env))
			goto out;
		sleep_ms(20);
	}
	fprintf(stderr, "e2e: server did not write %s within 10 s (log: %s)\n", env->ready,
		env->log);
	kill_server(env);
out:
	if (envp) {
		size_t n = 0;
		while (envp[n])
			n++;
		for (size_t i = n - n_owned; i < n; i++)
			free(envp[i]);
		free(envp);
	}
	strv_free(&argv);
	return result;
}

int e2e_server_stop(struct e2e_env *env)
{
	if (env->pid <= 0) {
		fprintf(stderr, "e2e: no server to stop\n");
		return -1;
	}
	if (kill(env->pid, SIGTERM) != 0) {
		fprintf(stderr, "e2e: kill: %s\n", strerror(errno));
		return -1;
	}
	double deadline = e2e_now() + 20.0;
	while (e2e_now() < deadline) {
		int wstatus;
		pid_t r = waitpid(env->pid, &wstatus, WNOHANG);
		if (r == env->pid) {
			env->pid = 0;
			return exit_code(wstatus);
		}
		if (r < 0 && errno != EINTR)
			break;
		sleep_ms(10);
	}
	fprintf(stderr, "e2e: server did not stop within 20 s of SIGTERM\n");
	kill_server(env);
	return -1;
}

/* ---- HTTP ---- */

struct growbuf {
	char *data;
	size_t len, cap;
	bool overflow;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct growbuf *b = userdata;
	size_t n = size * nmemb;
	if (b->len + n + 1 > E2E_MAX_BODY) {
		b->overflow = true;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			return 0;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

int e2e_request(struct e2e_env *env, const char *method, const char *path,
		const char *authorization, const char *body, size_t body_len,
		struct e2e_resp *out)
{
	memset(out, 0, sizeof *out);
	CURL *c = env->curl;
	struct growbuf b = {0};
	struct curl_slist *headers = NULL;
	int result = -1;
	char url[1024];
	char auth[E2E_KEY_MAX + 64];

	int n = snprintf(url, sizeof url, "http://127.0.0.1:%d%s", env->port, path);
	if (n < 0 || (size_t)n >= sizeof url) {
		fprintf(stderr, "e2e: url too long\n");
		return -1;
	}
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	/* No "Expect: 100-continue": send bodies at once like most clients. */
	headers = curl_slist_append(headers, "Expect:");
	if (authorization) {
		snprintf(auth, sizeof auth, "Authorization: %s", authorization);
		headers = curl_slist_append(headers, auth);
	}
	if (body) {
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	} else if (!strcmp(method, "GET")) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (!strcmp(method, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	CURLcode cr = curl_easy_perform(c);
	if (cr != CURLE_OK) {
		fprintf(stderr, "e2e: %s %s: %s\n", method, path, curl_easy_strerror(cr));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	if (!b.data) {
		b.data = calloc(1, 1);
		if (!b.data)
			goto out;
	}
	out->body = b.data;
	out->len = b.len;
	b.data = NULL;
	json_error_t jerr;
	out->json = json_loadb(out->body, out->len, 0, &jerr);
	result = 0;
out:
	curl_slist_free_all(headers);
	free(b.data);
	return result;
}

int e2e_call(struct e2e_env *env, const char *method, const char *path, const char *key,
	     const char *body, struct e2e_resp *out)
{
	char auth[E2E_KEY_MAX + 16];
	if (key)
		snprintf(auth, sizeof auth, "Bearer %s", key);
	return e2e_request(env, method, path, key ? auth : NULL, body, body ? strlen(body) : 0,
			   out);
}

int e2e_call_json(struct e2e_env *env, const char *method, const char *path, const char *key,
		  const json_t *body, struct e2e_resp *out)
{
	char *text = json_dumps(body, JSON_COMPACT);
	if (!text) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	int rc = e2e_call(env, method, path, key, text, out);
	free(text);
	return rc;
}

void e2e_resp_free(struct e2e_resp *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

json_t *e2e_json_get(const json_t *j, const char *path)
{
	const json_t *cur = j;
	const char *p = path;
	while (cur && *p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		char seg[128];
		if (len >= sizeof seg)
			return NULL;
		memcpy(seg, p, len);
		seg[len] = '\0';
		if (json_is_array(cur)) {
			char *end;
			unsigned long idx = strtoul(seg, &end, 10);
			if (*end != '\0' || end == seg)
				return NULL;
			cur = json_array_get(cur, idx);
		} else {
			cur = json_object_get(cur, seg);
		}
		p = dot ? dot + 1 : p + len;
	}
	/* jansson getters return non-const pointers from const objects too. */
	return (json_t *)(uintptr_t)cur;
}

int64_t e2e_json_int(const json_t *j, const char *path)
{
	json_t *v = e2e_json_get(j, path);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : INT64_MIN;
}

const char *e2e_json_str(const json_t *j, const char *path)
{
	json_t *v = e2e_json_get(j, path);
	return json_is_string(v) ? json_string_value(v) : "";
}

const char *e2e_error_code(const struct e2e_resp *r)
{
	return e2e_json_str(r->json, "error.code");
}

const char *e2e_error_message(const struct e2e_resp *r)
{
	return e2e_json_str(r->json, "error.message");
}

int64_t e2e_create_merchant(struct e2e_env *env, const char *key, const char *name,
			    const char *kind, const char *partner)
{
	json_t *body = json_pack("{s:s, s:s}", "name", name, "kind", kind);
	if (!body)
		return -1;
	if (partner)
		json_object_set_new(body, "partner", json_string(partner));
	struct e2e_resp r;
	int64_t id = -1;
	if (e2e_call_json(env, "POST", "/v1/merchants", key, body, &r) == 0) {
		if (r.status == 201)
			id = e2e_json_int(r.json, "id");
		if (r.status != 201 || id == INT64_MIN) {
			fprintf(stderr, "e2e: POST /v1/merchants: %ld %s\n", r.status, r.body);
			id = -1;
		}
	}
	e2e_resp_free(&r);
	json_decref(body);
	return id;
}

int64_t e2e_create_outlet(struct e2e_env *env, const char *key, int64_t merchant_id,
			  const char *external_id, const char *name, const char *timezone,
			  const char *cutoff, const char *source)
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "external_id", external_id, "name", name,
				 "timezone", timezone, "cutoff", cutoff);
	if (!body)
		return -1;
	if (source)
		json_object_set_new(body, "source", json_string(source));
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/outlets", (long long)merchant_id);
	struct e2e_resp r;
	int64_t id = -1;
	if (e2e_call_json(env, "POST", path, key, body, &r) == 0) {
		if (r.status == 201)
			id = e2e_json_int(r.json, "id");
		if (r.status != 201 || id == INT64_MIN) {
			fprintf(stderr, "e2e: POST %s: %ld %s\n", path, r.status, r.body);
			id = -1;
		}
	}
	e2e_resp_free(&r);
	json_decref(body);
	return id;
}

json_t *e2e_ticket(const char *outlet_id, const char *ticket_id, int64_t revision,
		   const char *closed_at, int64_t qty, int64_t unit_price)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:I,"
			 " s:[{s:s, s:s, s:s, s:I, s:I}], s:[{s:s, s:I}]}",
			 "outlet_id", outlet_id, "ticket_id", ticket_id, "revision",
			 (json_int_t)revision, "status", "closed", "closed_at", closed_at,
			 "channel", "dine_in", "covers", (json_int_t)1, "lines", "item_id",
			 "KOPI-SUSU", "name", "Kopi Susu", "category", "Coffee", "qty",
			 (json_int_t)qty, "unit_price", (json_int_t)unit_price, "payments",
			 "method", "cash", "amount", (json_int_t)(qty * unit_price));
}

char *e2e_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = NULL;
	size_t used = 0, cap = 0;
	for (;;) {
		if (cap - used < 4096) {
			size_t ncap = cap ? cap * 2 : 8192;
			char *d = realloc(data, ncap);
			if (!d) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = d;
			cap = ncap;
		}
		size_t n = fread(data + used, 1, cap - used - 1, f);
		used += n;
		if (n == 0)
			break;
	}
	fclose(f);
	data[used] = '\0';
	if (len)
		*len = used;
	return data;
}

bool e2e_file_contains(const char *path, const char *needle)
{
	size_t len;
	char *text = e2e_read_file(path, &len);
	if (!text)
		return false;
	bool found = len > 0 && strstr(text, needle) != NULL;
	free(text);
	return found;
}
