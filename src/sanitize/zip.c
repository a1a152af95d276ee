/* ZIP archives: every member is disarmed by its own type (disarm_file, one level deeper) and the
 * archive is rebuilt from the disarmed members. Limits are checked on the central directory before
 * anything is expanded; an encrypted member, a bomb, an unsafe name or any blocked member blocks the
 * whole archive. */
#include <stdio.h>
#include <iconv.h>
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

/* CP932 → UTF-8 for member names written by Windows without the UTF-8 flag. The converter is
 * opened in the parent (zip_prepare): opening it loads a gconv module from disk, which the sandbox
 * does not allow. */
static iconv_t cp932 = (iconv_t)-1;

void zip_prepare(void)
{
    if (cp932 == (iconv_t)-1)
        cp932 = iconv_open("UTF-8", "CP932");
}

static bool utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0)
            return false;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

/* The member's name for people: as stored when it is UTF-8, else read as CP932, else libzip's
 * CP437 reading. Caller frees. */
static char *display_name(const char *raw, const char *guessed)
{
    if (utf8_ok(raw))
        return xstrdup(raw);
    if (cp932 != (iconv_t)-1) {
        size_t in_left = strlen(raw), out_cap = 4 * in_left + 1, out_left = out_cap - 1;
        char *out = xmalloc(out_cap), *o = out, *i = (char *)raw;
        iconv(cp932, NULL, NULL, NULL, NULL);
        if (iconv(cp932, &i, &in_left, &o, &out_left) != (size_t)-1) {
            *o = '\0';
            return out;
        }
        free(out);
    }
    return xstrdup(guessed);
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

/* "見積.doc" → "見積.docx": a converted member (convert.h) takes its new format's extension; when that
 * name is taken (the archive has 見積.docx too, or 見積.rtf was converted first), "見積.doc.docx". */
static char *converted_name(zip_t *z, char **written, size_t n_written, const char *name, const char *to)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    size_t keep = dot ? (size_t)(dot - name) : strlen(name);
    char *s = xmalloc(strlen(name) + strlen(to) + 2);
    memcpy(s, name, keep);
    s[keep] = '.';
    strcpy(s + keep + 1, to);
    bool taken = zip_name_locate(z, s, ZIP_FL_ENC_RAW) >= 0;
    for (size_t i = 0; i < n_written && !taken; i++)
        taken = strcmp(written[i], s) == 0;
    if (taken)
        sprintf(s, "%s.%s", name, to);
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
    char *shown = NULL;
    /* Members waiting for conversion block the archive but do not stop the walk (convert.h). */
    bool pending = false;
    char **written = NULL; /* names stored so far */
    size_t n_written = 0;
    for (zip_int64_t i = 0; i < count && (!verdict_blocked(v) || pending); i++) {
        const char *raw = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        const char *guessed = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
        if (!raw || !guessed || unsafe_name(raw)) {
            verdict_block(v, "zip_unsafe_name", "圧縮ファイルに危険なファイル名(絶対パスや..)が含まれるため遮断しました。",
                          "blocked: the archive has an unsafe member name (absolute path or ..)");
            break;
        }
        size_t nl = strlen(raw);
        if (raw[nl - 1] == '/' || raw[nl - 1] == '\\') {
            zipw_add(&w, raw, NULL, 0);
            continue;
        }
        free(shown);
        shown = display_name(raw, guessed);
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
            /* Every member waiting for conversion is asked for in the same pass. */
            pending = strcmp(verdict_block_code(child), "conversion_pending") == 0;
            if (pending)
                continue;
            break;
        }
        if (strcmp(verdict_action(child), "disarmed") == 0)
            verdict_removed(v, "ZIP member %s: active content removed", shown);
        /* A macro-enabled document comes out macro-free: it takes the macro-free extension, which
         * Office requires to open it. */
        char *stored = verdict_converted_to(child)
                           ? converted_name(z, written, n_written, raw, verdict_converted_to(child))
                           : macro_free_name(raw);
        written = xrealloc(written, (n_written + 1) * sizeof *written);
        written[n_written++] = xstrdup(stored);
        if (strcmp(stored, raw) != 0)
            verdict_note(v, "ZIP member %s renamed to %s", shown,
                         verdict_converted_to(child) ? "its converted format's extension" : "the macro-free extension");
        bool added = zipw_add(&w, stored, member.data, member.len);
        free(stored);
        if (!added)
            verdict_block(v, "zip_write_failed", "圧縮ファイルを作成できないため遮断しました。",
                          "blocked: the archive could not be rebuilt");
    }
    free(shown);
    for (size_t i = 0; i < n_written; i++)
        free(written[i]);
    free(written);
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
