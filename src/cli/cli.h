/* cli: what the subcommands share — the command table entry type, exit codes, option parsing,
 * opening the database, and printing errors in the user's language. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "store/db.h"

enum {
    EXIT_OK = 0,
    EXIT_FAILED = 1, /* the operation failed (bad input, not found, refused) */
    EXIT_USAGE = 2,  /* wrong arguments */
    EXIT_VERIFY = 3, /* verification found tampering or corruption */
};

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary_ja, *summary_en;
    const char *usage_ja, *usage_en; /* full help text for `lgsec help NAME` */
} Command;

extern const Command commands[];

#define DEFAULT_DB_PATH "var/lgsec.db"

/* Finds "--name VALUE" or "--name=VALUE" in argv and removes it (so positional arguments remain in
 * order). Returns the value (pointer into argv), or NULL when absent; *missing set when the option
 * is present without a value. */
const char *cli_take_option(int *argc, char **argv, const char *name, bool *missing);
/* Removes "--name" if present; true when it was. */
bool cli_take_flag(int *argc, char **argv, const char *name);
/* Reports an unknown option or missing value and returns EXIT_USAGE if any "--" argument remains. */
int cli_reject_unknown(int argc, char **argv, const char *command);
/* An option taking a value: "--name VALUE" or "--name=VALUE"; *value stays NULL when absent. */
typedef struct CliOpt {
    const char *name;
    const char **value;
} CliOpt;
/* Takes every option of opts (ended by {NULL, NULL}), then refuses a missing value, an unknown
 * option, or a number of positional arguments (after the command name) other than positional
 * (-1: any). Returns EXIT_OK, or EXIT_USAGE after printing the problem and the command's usage. */
int cli_parse(int *argc, char **argv, const char *command, const CliOpt *opts, int positional);
/* The --db option, else $LGSEC_DB, else DEFAULT_DB_PATH. */
const char *cli_db_path(const char *option);
/* Opens an existing database (refusing to create one: `lgsec init` does that) and applies pending
 * migrations. */
Status cli_open_db(const char *path, Db **out, Err *e);
/* cli_open_db for commands that change things: every transaction is sealed with a signed trail
 * checkpoint (trail_seal_commits) using LGSEC_TRAIL_KEY or "<db>.trail-key". Fails when that key
 * exists but cannot seal (unreadable by this user, wrong permissions, another database's key);
 * without a key file the changes wait for the next checkpoint by someone who has it (a warning
 * says so). */
Status cli_open_db_sealed(const char *path, Db **out, Err *e);
/* Opens an existing database as it is, without migrating (backup: a copy taken before an upgrade's
 * migrations must hold the old schema). */
Status cli_open_db_unmigrated(const char *path, Db **out, Err *e);
/* Files this process creates from now on are its owner's only (umask 077): the database, its WAL and
 * its backups hold password hashes and TOTP secrets (docs/architecture.md). */
void cli_private_files(void);
/* Prints "エラー: message [code] (field)" to stderr and returns EXIT_FAILED or EXIT_VERIFY. */
int cli_fail(const Err *e);
/* Prints a usage error with the command's usage text; returns EXIT_USAGE. */
int cli_usage(const char *command, const char *problem_ja, const char *problem_en);
