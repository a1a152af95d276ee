/* evidence_backup: the evidence originals beside a backup (see evidence.h). A backup of the
 * database alone would lose them; copied to <backup>.evidence/, they sit where the evidence store looks
 * when the backup file is used as the database, so restoring is putting both back. Every file is
 * hashed while it is read and again after it is written: a copy is kept only when both hashes are its
 * name. Streaming in 1 MiB blocks, so hashing runs at disk speed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "evidence/evidence.h"

#define BLOCK (1u << 20)
#define PATH_CAP 4200

static bool is_sha_name(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 64;
}

/* Reads fd to the end, hashing it, and (when out >= 0) writing it to out. false on an I/O error. */
static bool pump(int in, int out, unsigned char *buf, char sha[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (;;) {
        ssize_t n = read(in, buf, BLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            break;
        crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
        for (ssize_t off = 0; out >= 0 && off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return false;
            off += w;
        }
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    evidence_hex(h, sha);
    return true;
}

static Status io_error(Err *e, const char *path, int err)
{
    return err_setf(e, ST_IO, "evidence_store_failed", "", "証拠ファイルを複製できません (%s: %s)",
                    "cannot copy the evidence file (%s: %s)", path, strerror(err));
}

/* Copies one file, hashing the source as read and the copy as re-read. *match: both are its name. */
static Status copy_one(const char *from, const char *to, const char *name, unsigned char *buf, bool *match, Err *e)
{
    char tmp[PATH_CAP + 100], sha_in[65], sha_out[65];
    snprintf(tmp, sizeof tmp, "%s.tmp", to);
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return io_error(e, from, errno);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        int err = errno;
        close(in);
        return io_error(e, tmp, err);
    }
    bool ok = pump(in, out, buf, sha_in);
    int err = errno;
    close(in);
    ok = ok && fsync(out) == 0;
    ok &= close(out) == 0;
    if (ok) {
        int again = open(tmp, O_RDONLY | O_CLOEXEC);
        ok = again >= 0 && pump(again, -1, buf, sha_out);
        if (again >= 0)
            close(again);
    }
    *match = ok && strcmp(sha_in, name) == 0 && strcmp(sha_out, name) == 0;
    if (!ok || !*match) {
        if (!ok)
            err = errno ? errno : err;
        unlink(tmp);
        return ok ? ST_OK : io_error(e, from, err);
    }
    if (rename(tmp, to) != 0) {
        err = errno;
        unlink(tmp);
        return io_error(e, to, err);
    }
    return ST_OK;
}

Status evidence_backup(const char *db_path, const char *dest_db_path, size_t *copied, Err *e)
{
    char src[PATH_CAP], dst[PATH_CAP];
    snprintf(src, sizeof src, "%s.evidence", db_path);
    snprintf(dst, sizeof dst, "%s.evidence", dest_db_path);
    *copied = 0;
    DIR *d = opendir(src);
    if (!d)
        return errno == ENOENT ? ST_OK : io_error(e, src, errno); /* no evidence yet */
    if (mkdir(dst, 0700) != 0) {
        int err = errno;
        closedir(d);
        return err == EEXIST ? err_setf(e, ST_CONFLICT, "backup_exists", "file", "%s は既に存在します。上書きはしません",
                                        "%s already exists; not overwriting", dst)
                             : io_error(e, dst, err);
    }
    unsigned char *buf = xmalloc(BLOCK);
    char bad[256] = "";
    Status s = ST_OK;
    struct dirent *ent;
    while (s == ST_OK && (ent = readdir(d)) != NULL) {
        if (!is_sha_name(ent->d_name))
            continue; /* ".", "..", a temporary file of an upload in progress */
        char from[PATH_CAP + 80], to[PATH_CAP + 80];
        snprintf(from, sizeof from, "%s/%.64s", src, ent->d_name);
        snprintf(to, sizeof to, "%s/%.64s", dst, ent->d_name);
        bool match = false;
        s = copy_one(from, to, ent->d_name, buf, &match, e);
        if (s == ST_OK && match)
            (*copied)++;
        else if (s == ST_OK && !bad[0])
            snprintf(bad, sizeof bad, "%s", ent->d_name);
    }
    closedir(d);
    free(buf);
    if (s == ST_OK && bad[0])
        s = err_setf(e, ST_TAMPER, "evidence_tampered", "", "証拠ファイル %.16s… の内容がハッシュと一致しません (複製していません)",
                     "evidence file %.16s… does not match its hash (not copied)", bad);
    return s;
}
