/* doctor: what the checks of `lgsec doctor` share (cmd_doctor.c runs them; doctor_host.c holds those
 * outside the database: files, backups, ClamAV signatures, disk, mail). Each check prints one line
 * with OK / 注意 / 異常 (OK / WARN / FAIL under LANG=en) and what to do. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/clock.h"

#define DOCTOR_DAY_S 86400
#define DOCTOR_MIB (1024.0 * 1024.0)

typedef enum Level { LEVEL_OK, LEVEL_WARN, LEVEL_FAIL } Level;

typedef struct Report {
    int count[3]; /* lines printed per Level */
    const Clock *clock;
} Report;

/* Prints one check: "[OK]   title: message". title and fmt are already in the user's language. */
__attribute__((format(printf, 4, 5))) void doctor_line(Report *r, Level level, const char *title, const char *fmt, ...);
/* The user's name, else the number (in buf). */
const char *doctor_user_name(uid_t uid, char buf[32]);

/* Files that hold secrets must belong to `owner` and be its only (mode 0600). */
typedef struct FileCheck {
    uid_t owner;  /* whom the files must belong to */
    int problems; /* lines printed */
    int checked;  /* files looked at */
} FileCheck;

/* One such file; a missing optional file (WAL, SHM) is fine, a missing required one is 異常. */
void doctor_check_private_file(Report *r, FileCheck *fc, const char *path, bool required);
/* The backups (*.db) in dir, NULL when none is configured: each private, the newest recent. */
void doctor_check_backups(Report *r, FileCheck *fc, const char *dir);
/* The ClamAV signature database's age (CVD/CLD headers). configured: dir came from the user. */
void doctor_check_clamav(Report *r, const char *dir, bool configured, long max_days);
/* Free space on the file system of the database. */
void doctor_check_disk(Report *r, const char *db_path);
/* LGSEC_SMTP_URL, LGSEC_MAIL_FROM, LGSEC_PUBLIC_URL. */
void doctor_check_mail(Report *r);
