/* ZIP in memory (zip_mem.h). Only buffer sources are used: no temporary files, so it works inside
 * the sandbox. */
#include "sanitize/zip_mem.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* Ratios are only judged on members big enough to matter: small files of one repeated byte
 * legitimately compress very well. */
enum { RATIO_MIN_BYTES = 1 << 20 };

zip_t *zipmem_open(const uint8_t *in, size_t n)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(in, n, 0, &ze);
    zip_error_fini(&ze);
    if (!src)
        return NULL;
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
    if (!z)
        zip_source_free(src);
    return z;
}

bool zipmem_check(const SanitizePolicy *p, zip_t *z, Verdict *v)
{
    zip_int64_t count = zip_get_num_entries(z, 0);
    if (count < 0 || (p->zip_max_members && (uint64_t)count > p->zip_max_members)) {
        verdict_block(v, "zip_too_many_members", "圧縮ファイルの中のファイル数が上限を超えるため遮断しました。",
                      "blocked: the archive has more members than allowed");
        return false;
    }
    uint64_t total = 0;
    for (zip_int64_t i = 0; i < count; i++) {
        zip_stat_t st;
        if (zip_stat_index(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0) {
            verdict_block(v, "zip_malformed", "圧縮ファイルが壊れているため遮断しました。", "blocked: the archive is malformed");
            return false;
        }
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
            verdict_block(v, "encrypted_zip", "暗号化(パスワード付き)された圧縮ファイルは中身を確認できないため遮断しました。",
                          "blocked: an encrypted (password-protected) archive cannot be inspected");
            return false;
        }
        uint64_t size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
        uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
        total += size;
        if ((p->max_file_bytes && size > p->max_file_bytes) || (p->zip_max_total_bytes && total > p->zip_max_total_bytes) ||
            (p->zip_max_ratio && size >= RATIO_MIN_BYTES && size / (comp ? comp : 1) > p->zip_max_ratio)) {
            verdict_block(v, "zip_bomb", "圧縮ファイルの展開後の大きさまたは圧縮率が上限を超えるため遮断しました(ZIP爆弾の疑い)。",
                          "blocked: the archive expands beyond the size or compression-ratio limit (zip bomb)");
            return false;
        }
    }
    return true;
}

bool zipmem_read(zip_t *z, zip_uint64_t i, Buf *out)
{
    zip_stat_t st;
    buf_reset(out);
    if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return false;
    zip_file_t *f = zip_fopen_index(z, i, 0);
    if (!f)
        return false;
    buf_grow(out, (size_t)st.size);
    bool ok = true;
    for (;;) {
        buf_grow(out, 65536);
        zip_int64_t r = zip_fread(f, out->data + out->len, 65536);
        if (r < 0) {
            ok = false;
            break;
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
        out->data[out->len] = '\0';
        /* The declared size was checked against the limits; never expand past it. */
        if (out->len > st.size) {
            ok = false;
            break;
        }
    }
    if (zip_fclose(f) != 0)
        ok = false;
    return ok && out->len == st.size;
}

bool zipw_open(ZipWriter *w)
{
    w->z = NULL;
    w->src = zip_source_buffer_create(NULL, 0, 0, NULL);
    if (!w->src)
        return false;
    zip_source_keep(w->src);
    w->z = zip_open_from_source(w->src, ZIP_TRUNCATE, NULL);
    if (!w->z) {
        zip_source_free(w->src);
        zip_source_free(w->src);
        w->src = NULL;
        return false;
    }
    return true;
}

bool zipw_add(ZipWriter *w, const char *name, const void *data, size_t n)
{
    size_t nl = strlen(name);
    if (nl && name[nl - 1] == '/')
        return zip_dir_add(w->z, name, ZIP_FL_ENC_GUESS) >= 0;
    /* libzip does not take ownership of an empty buffer: pass none. */
    void *copy = n ? xmalloc(n) : NULL;
    if (n)
        memcpy(copy, data, n);
    zip_source_t *s = zip_source_buffer(w->z, copy, n, n ? 1 : 0);
    if (!s) {
        free(copy);
        return false;
    }
    if (zip_file_add(w->z, name, s, ZIP_FL_ENC_GUESS | ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(s);
        return false;
    }
    return true;
}

bool zipw_finish(ZipWriter *w, Buf *out)
{
    buf_reset(out);
    bool ok = zip_close(w->z) == 0;
    if (!ok)
        zip_discard(w->z);
    w->z = NULL;
    if (ok && zip_source_open(w->src) == 0) {
        zip_stat_t st;
        if (zip_source_stat(w->src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
            buf_grow(out, (size_t)st.size);
            zip_int64_t r = zip_source_read(w->src, out->data, st.size);
            if (r == (zip_int64_t)st.size) {
                out->len = (size_t)r;
                out->data[out->len] = '\0';
            } else {
                ok = false;
            }
        } else {
            ok = false;
        }
        zip_source_close(w->src);
    } else {
        ok = false;
    }
    zip_source_free(w->src);
    w->src = NULL;
    if (!ok)
        buf_reset(out);
    return ok;
}

void zipw_abandon(ZipWriter *w)
{
    if (w->z)
        zip_discard(w->z);
    if (w->src)
        zip_source_free(w->src);
    w->z = NULL;
    w->src = NULL;
}
