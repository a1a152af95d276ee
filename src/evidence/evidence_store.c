/* evidence_store: putting bytes under their SHA-256 and getting them back re-hashed (see evidence.h). */
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

#define DIR_CAP 4000
#define FILE_CAP (DIR_CAP + 80)

void evidence_hex(const unsigned char h[static 32], char out[static 65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[h[i] >> 4];
        out[2 * i + 1] = digits[h[i] & 15];
    }
    out[64] = '\0';
}

static Status io_error(Err *e, const char *what)
{
    return err_setf(e, ST_IO, "evidence_store_failed", "", "証拠ファイルを保存・読み出しできません (%s)",
                    "cannot store or read the evidence file (%s)", what);
}

/* <db>.evidence and <db>.evidence/<sha256>. */
static void paths(const char *db_path, const char *sha, char dir[static DIR_CAP], char file[static FILE_CAP])
{
    snprintf(dir, DIR_CAP, "%s.evidence", db_path);
    snprintf(file, FILE_CAP, "%s/%.64s", dir, sha);
}

Status evidence_check_size(size_t len, Err *e)
{
    if (len == 0)
        return err_set(e, ST_INVALID, "evidence_empty", "file", "空のファイルは証拠として登録できません",
                       "an empty file is not evidence");
    if (len > EVIDENCE_MAX_BYTES)
        return err_set(e, ST_LIMIT, "file_too_large", "file", "ファイルが大きすぎます", "the file is too large");
    return ST_OK;
}

Status evidence_put(const char *db_path, const unsigned char *data, size_t len, char sha[static 65], Err *e)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    evidence_hex(h, sha);
    char dir[DIR_CAP], file[FILE_CAP], tmp[FILE_CAP + 40];
    paths(db_path, sha, dir, file);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return io_error(e, strerror(errno));
    struct stat st;
    if (stat(file, &st) == 0)
        return ST_OK; /* the same bytes are kept already */
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", file, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return io_error(e, strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    bool ok = off == len && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, file) != 0) {
        int err = errno;
        unlink(tmp);
        return io_error(e, strerror(err));
    }
    return ST_OK;
}

Status evidence_get(const char *db_path, const char *sha, int64_t size, unsigned char **data, size_t *len, Err *e)
{
    *data = NULL;
    *len = 0;
    char dir[DIR_CAP], file[FILE_CAP];
    paths(db_path, sha, dir, file);
    FILE *f = fopen(file, "rb");
    if (!f)
        return err_set(e, ST_TAMPER, "evidence_tampered", "evidence_id", "証拠ファイルがありません (削除又は改ざんの可能性)",
                       "the evidence file is missing (possibly deleted or tampered with)");
    unsigned char *buf = xmalloc(size > 0 ? (size_t)size + 1 : 1);
    size_t got = fread(buf, 1, (size_t)(size > 0 ? size : 0) + 1, f); /* one more byte shows a grown file */
    fclose(f);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, buf, got);
    char now_sha[65];
    evidence_hex(h, now_sha);
    if ((int64_t)got != size || strcmp(now_sha, sha) != 0) {
        free(buf);
        return err_set(e, ST_TAMPER, "evidence_tampered", "evidence_id",
                       "証拠ファイルの内容が登録時の SHA-256 と一致しません (改ざんの可能性)",
                       "the evidence file no longer matches its SHA-256 (possible tampering)");
    }
    *data = buf;
    *len = got;
    return ST_OK;
}
