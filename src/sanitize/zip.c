/* ZIP archives: every member is disarmed by its own type (disarm_file, one level deeper) and the
 * archive is rebuilt from the disarmed members. Limits are checked on the central directory before
 * anything is expanded; an encrypted member, a bomb, an unsafe name or any blocked member blocks the
 * whole archive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"

#include "sanitize/disarm.h"
#include "sanitize/disarm_types.h"
#include "sanitize/zip_mem.h"

/* Names that could escape an extraction directory. */
static bool unsafe_name(const char *name)
{
    if (!name[0] || name[0] == '/' || name[0] == '\\' || strchr(name, ':'))
        return true;
    const char *s = name;
    while (*s) {
        size_t l = strcspn(s, "/\\");
        if (l == 2 && s[0] == '.' && s[1] == '.')
            return true;
        s += l;
        if (*s)
            s++;
    }
    return false;
}

static char *macro_free_name(const char *name)
{
    static const char *const exts[] = {".docm", ".dotm", ".xlsm", ".xltm", ".pptm", ".potm", ".ppsm"};
    char *s = xstrdup(name);
    size_t n = strlen(s);
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (n > 5 && strcasecmp(s + n - 5, exts[i]) == 0)
            s[n - 1] = s[n - 1] == 'M' ? 'X' : 'x';
    return s;
}

void zip_disarm(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict *v, unsigned depth)
{
    if (depth > p->zip_max_depth) {
        verdict_block(v, "zip_too_deep", "圧縮ファイルの入れ子が深すぎるため遮断しました。",
                      "blocked: archives are nested too deeply");
        return;
    }
    zip_t *z = zipmem_open(in, n);
    if (!z) {
        verdict_block(v, "zip_malformed", "圧縮ファイルが壊れているため遮断しました。", "blocked: the archive is malformed");
        return;
    }
    if (!zipmem_check(p, z, v)) {
        zip_discard(z);
        return;
    }
    ZipWriter w;
    if (!zipw_open(&w)) {
        zip_discard(z);
        verdict_block(v, "zip_write_failed", "圧縮ファイルを作成できないため遮断しました。", "blocked: the archive could not be rebuilt");
        return;
    }
    zip_int64_t count = zip_get_num_entries(z, 0);
    Buf data = BUF_INIT, member = BUF_INIT;
    for (zip_int64_t i = 0; i < count && !verdict_blocked(v); i++) {
        const char *raw = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        const char *shown = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
        if (!raw || !shown || unsafe_name(raw)) {
            verdict_block(v, "zip_unsafe_name", "圧縮ファイルに危険なファイル名(絶対パスや..)が含まれるため遮断しました。",
                          "blocked: the archive has an unsafe member name (absolute path or ..)");
            break;
        }
        size_t nl = strlen(raw);
        if (raw[nl - 1] == '/' || raw[nl - 1] == '\\') {
            zipw_add(&w, raw, NULL, 0);
            continue;
        }
        Verdict *child = verdict_add_child(v, shown);
        if (!zipmem_read(z, (zip_uint64_t)i, &data)) {
            verdict_block(child, "zip_malformed", "圧縮ファイルの中のファイルを展開できません。", "the member cannot be expanded");
        } else {
            disarm_file(p, (const uint8_t *)(data.data ? data.data : ""), data.len, shown, &member, child, depth + 1);
        }
        if (verdict_blocked(child)) {
            char ja[512], en[512];
            snprintf(ja, sizeof ja, "圧縮ファイルの中のファイル「%s」を遮断したため、圧縮ファイル全体を遮断しました。", shown);
            snprintf(en, sizeof en, "blocked: the member \"%s\" was blocked, so the whole archive is", shown);
            verdict_block(v, verdict_block_code(child), ja, en);
            break;
        }
        if (strcmp(verdict_action(child), "disarmed") == 0)
            verdict_removed(v, "ZIP member %s: active content removed", shown);
        /* A macro-enabled document comes out macro-free: it takes the macro-free extension, which
         * Office requires to open it. */
        char *stored = macro_free_name(raw);
        if (strcmp(stored, raw) != 0)
            verdict_note(v, "ZIP member %s renamed to the macro-free extension", shown);
        bool added = zipw_add(&w, stored, member.data, member.len);
        free(stored);
        if (!added)
            verdict_block(v, "zip_write_failed", "圧縮ファイルを作成できないため遮断しました。",
                          "blocked: the archive could not be rebuilt");
    }
    buf_free(&data);
    buf_free(&member);
    zip_discard(z);
    if (verdict_blocked(v)) {
        zipw_abandon(&w);
        return;
    }
    if (!zipw_finish(&w, out))
        verdict_block(v, "zip_write_failed", "圧縮ファイルを作成できないため遮断しました。", "blocked: the archive could not be rebuilt");
}
