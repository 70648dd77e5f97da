/* End-to-end harness: runs the real `clario` binary in a temporary directory
 * (CLI setup, `serve` on a free loopback port) and speaks HTTP to it with
 * libcurl. Used by the e2e tests and by the bench.
 *
 * Lifecycle: e2e_env_init (temp dir, paths, curl) → optional e2e_env_setup
 * (migrate, partners moka and pawoon, admin and partner keys) →
 * e2e_server_start / e2e_server_stop (any number of times) → e2e_env_release
 * (kills a still-running server, removes the temp dir, frees everything).
 * Functions returning int give 0 on success and -1 on failure, after printing
 * the reason on stderr. Not thread-safe: one env (curl handle) per thread; a
 * thread may use a copy of an env with its own curl handle. */
#ifndef CLARIO_TESTS_E2E_HARNESS_H
#define CLARIO_TESTS_E2E_HARNESS_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define E2E_PATH_MAX 512
#define E2E_KEY_MAX 192

struct e2e_env {
	char clario[E2E_PATH_MAX]; /* the clario binary */
	char dir[E2E_PATH_MAX];    /* the temp dir, removed by e2e_env_release */
	char db[E2E_PATH_MAX];     /* DIR/t.db unless the caller changes it, or in
				    * PostgreSQL mode the URL of a fresh database */
	char pg_db[64];            /* that database's name, dropped at release */
	char log[E2E_PATH_MAX];    /* the server's stderr, appended across starts */
	char cli_log[E2E_PATH_MAX];/* the CLI commands' stderr */
	char ready[E2E_PATH_MAX];  /* the server writes its port here when listening */
	pid_t pid;                 /* the running server, 0 if none */
	int port;
	char admin_key[E2E_KEY_MAX];  /* filled by e2e_env_setup */
	char moka_key[E2E_KEY_MAX];
	char pawoon_key[E2E_KEY_MAX];
	CURL *curl;                /* reused, so requests share a keep-alive connection */
};

/* One HTTP answer. body is NUL-terminated and malloc'd; json is the parsed
 * body or NULL when it is not JSON. Release with e2e_resp_free. */
struct e2e_resp {
	long status;
	char *body;
	size_t len;
	json_t *json;
};

/* Reads the test executable's arguments, PATH/TO/clario [--pg]: the binary's
 * path into *clario. With --pg every env works on a fresh PostgreSQL database
 * created on the server named by CLARIO_TEST_PG_URL (its absence is an error,
 * never a silent pass). Returns 0, or -1 after printing the reason. */
int e2e_parse_args(int argc, char **argv, const char **clario);
/* Whether the envs use PostgreSQL (--pg) rather than a SQLite file. */
bool e2e_pg(void);

/* Makes the temp dir and the paths in it (and in PostgreSQL mode the database
 * clario_e2e_<pid>_<n>); clario is the binary's path. */
int e2e_env_init(struct e2e_env *env, const char *clario);
/* migrate, partners moka (pos) and pawoon (pos), keys: admin, moka, pawoon. */
int e2e_env_setup(struct e2e_env *env);
void e2e_env_release(struct e2e_env *env);

/* Runs `clario ARGS... --db DB` (args end with NULL; --db is appended unless
 * add_db is false). Its stdout, trimmed of the trailing newline, goes to out (if
 * not NULL, truncated to out_size); its stderr is appended to env->cli_log.
 * Returns the exit status, or -1 if it could not be run or was killed. */
int e2e_cli(struct e2e_env *env, bool add_db, char *out, size_t out_size, ...)
	__attribute__((sentinel));
/* `clario keys create --merchant ID`: the new key into key. */
int e2e_merchant_key(struct e2e_env *env, int64_t merchant_id, char key[E2E_KEY_MAX]);

/* Starts `clario serve --db DB --listen 127.0.0.1:0 --ready-file READY` with
 * extra_env ("NAME=value" strings, NULL-terminated, or NULL) added to the
 * environment, and waits up to 10 s for the port in the ready file. */
int e2e_server_start(struct e2e_env *env, const char *const *extra_env);
/* SIGTERM, then waits up to 20 s. Returns the exit status (0..255), 128+signal
 * if it died of a signal, or -1 if it did not stop (it is then killed). */
int e2e_server_stop(struct e2e_env *env);
/* Whether the server process is still alive (reaps it if not). */
bool e2e_server_alive(struct e2e_env *env);

/* One request to the server. authorization is the whole header value
 * ("Bearer clk_live_...") or NULL for none; body may be NULL. Returns 0 when an
 * HTTP answer arrived (whatever its status), -1 on a transport failure. */
int e2e_request(struct e2e_env *env, const char *method, const char *path,
		const char *authorization, const char *body, size_t body_len,
		struct e2e_resp *out);
/* The same with "Bearer KEY" (key may be NULL: no header). */
int e2e_call(struct e2e_env *env, const char *method, const char *path, const char *key,
	     const char *body, struct e2e_resp *out);
/* POST/PUT json (not consumed) with KEY. */
int e2e_call_json(struct e2e_env *env, const char *method, const char *path, const char *key,
		  const json_t *body, struct e2e_resp *out);
void e2e_resp_free(struct e2e_resp *r);

/* The error's code / message of an error answer, or "" if it has none. Borrowed. */
const char *e2e_error_code(const struct e2e_resp *r);
const char *e2e_error_message(const struct e2e_resp *r);
/* A member by dotted path, array elements by index ("counts.created",
 * "results.0.outcome"); borrowed, NULL if absent. */
json_t *e2e_json_get(const json_t *j, const char *path);
/* The integer there, or INT64_MIN if absent or not an integer. */
int64_t e2e_json_int(const json_t *j, const char *path);
/* The string there, or "" if absent or not a string. Borrowed. */
const char *e2e_json_str(const json_t *j, const char *path);

/* POST /v1/merchants {"name","kind"} (partner may be NULL) → the new id, or -1. */
int64_t e2e_create_merchant(struct e2e_env *env, const char *key, const char *name,
			    const char *kind, const char *partner);
/* POST /v1/merchants/{id}/outlets → the new outlet id, or -1. source may be NULL. */
int64_t e2e_create_outlet(struct e2e_env *env, const char *key, int64_t merchant_id,
			  const char *external_id, const char *name, const char *timezone,
			  const char *cutoff, const char *source);

/* A valid closed dine-in ticket: one line of qty × unit_price ("KOPI-SUSU",
 * "Kopi Susu"), paid in cash exactly. The caller owns the result. */
json_t *e2e_ticket(const char *outlet_id, const char *ticket_id, int64_t revision,
		   const char *closed_at, int64_t qty, int64_t unit_price);

/* Whether the text of file path contains needle (false if it cannot be read). */
bool e2e_file_contains(const char *path, const char *needle);
/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
char *e2e_read_file(const char *path, size_t *len);
/* Monotonic clock in seconds. */
double e2e_now(void);

#endif
