/* The parent's side of conversion (convert.h): collects the requests a sandboxed pass handed back,
 * converts them with LibreOffice (convert_child.c) in a private scratch directory, one converter
 * process per source format, and keeps the results by the original's SHA-256 for the second pass. */
#include "sanitize/convert.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "sanitize/sandbox_internal.h"

/* The input filter is named, so that LibreOffice cannot fall back to reading a damaged file as plain
 * text (it does: a broken .doc would come out as a document of its bytes). */
static const struct {
    const char *from, *to, *filter;
} TARGETS[] = {
    {"doc", "docx", "MS Word 97"},      {"rtf", "docx", "Rich Text Format"},
    {"odt", "docx", "writer8"},         {"xls", "xlsx", "MS Excel 97"},
    {"xlsb", "xlsx", "Calc MS Excel 2007 Binary"}, {"ods", "xlsx", "calc8"},
    {"ppt", "pptx", "MS PowerPoint 97"}, {"odp", "pptx", "impress8"},
};

const char *convert_target(const char *from)
{
    for (size_t i = 0; i < sizeof TARGETS / sizeof *TARGETS; i++)
        if (strcmp(TARGETS[i].from, from) == 0)
            return TARGETS[i].to;
    return NULL;
}

const Conversion *conversions_find(const Conversions *c, const uint8_t *in, size_t n)
{
    if (!c)
        return NULL;
    uint8_t h[32];
    crypto_hash_sha256(h, in, n);
    for (size_t i = 0; i < c->n; i++)
        if (memcmp(c->items[i].in_sha, h, sizeof h) == 0)
            return &c->items[i];
    return NULL;
}

void conversions_free(Conversions *c)
{
    for (size_t i = 0; i < c->n; i++)
        buf_free(&c->items[i].out);
    free(c->items);
    memset(c, 0, sizeof *c);
}

static void fail(Conversion *cv, const char *code, const char *ja, const char *en)
{
    cv->ok = false;
    cv->code = code;
    cv->ja = ja;
    cv->en = en;
}

static bool write_bytes(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const char *p = data;
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, p + off, n - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    return close(fd) == 0 && off == n;
}

static bool read_bytes(const char *path, size_t limit, Buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= limit;
    while (ok) {
        buf_grow(out, 65536);
        ssize_t r = read(fd, out->data + out->len, 65536);
        if (r < 0)
            ok = false;
        if (r <= 0)
            break;
        out->len += (size_t)r;
        if (out->len > limit)
            ok = false;
    }
    close(fd);
    return ok && out->len > 0;
}

/* "LibreOffice 7.4.7.2", once per process (the converter's own --version, run confined too). */
static const char *converter_version(const SanitizePolicy *p)
{
    static char version[96];
    if (version[0])
        return version;
    char dir[512];
    if (!sandbox_make_scratch(dir))
        return "LibreOffice";
    char in[600], log[600];
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(log, sizeof log, "%s/converter.log", dir);
    bool timed_out;
    Buf b = BUF_INIT;
    if (mkdir(in, 0700) == 0 && convert_run_soffice(p, dir, NULL, "version", NULL, 0, &timed_out) &&
        read_bytes(log, 4096, &b)) {
        /* "LibreOffice 7.4.7.2 40(Build:2)": the name and the version number */
        size_t len = strcspn(b.data, "\n");
        const char *sp = memchr(b.data, ' ', len);
        const char *sp2 = sp ? memchr(sp + 1, ' ', len - (size_t)(sp + 1 - b.data)) : NULL;
        if (sp2)
            len = (size_t)(sp2 - b.data);
        if (len >= sizeof version)
            len = sizeof version - 1;
        for (size_t i = 0; i < len; i++)
            version[i] = b.data[i] >= 0x20 && b.data[i] < 0x7F ? b.data[i] : '?';
    }
    buf_free(&b);
    sandbox_remove_scratch(dir);
    return version[0] ? version : "LibreOffice";
}

/* Converts the items of c in this source format, all in one converter process. */
static void convert_group(const SanitizePolicy *p, Conversions *c, const char *from, const char *target,
                          const char *filter, const char *dir, const Buf *inputs)
{
    char **names = xmalloc((c->n + 1) * sizeof *names);
    size_t count = 0;
    for (size_t i = 0; i < c->n; i++) {
        Conversion *cv = &c->items[i];
        if (cv->code || strcmp(cv->from, from) != 0)
            continue;
        char name[64], path[700];
        snprintf(name, sizeof name, "f%zu.%s", i, cv->from);
        snprintf(path, sizeof path, "%s/in/%s", dir, name);
        if (!write_bytes(path, inputs[i].data, inputs[i].len)) {
            fail(cv, "conversion_unavailable", "変換の作業領域に書き込めないため遮断しました。",
                 "blocked: the converter's work area cannot be written");
            continue;
        }
        names[count++] = xstrdup(name);
    }
    if (count) {
        bool timed_out = false;
        bool ran = convert_run_soffice(p, dir, filter, target, names, count, &timed_out);
        for (size_t i = 0; i < c->n; i++) {
            Conversion *cv = &c->items[i];
            if (cv->code || strcmp(cv->from, from) != 0)
                continue;
            char path[700];
            snprintf(path, sizeof path, "%s/out/f%zu.%s", dir, i, target);
            if (timed_out)
                fail(cv, "conversion_timeout", "形式の変換が制限時間を超えたため遮断しました。",
                     "blocked: converting the file exceeded the time limit");
            else if (!ran)
                fail(cv, "conversion_unavailable",
                     "形式を変換するプログラム(LibreOffice)を隔離して起動できないため遮断しました。",
                     "blocked: the converter (LibreOffice) could not be started in its confinement");
            else if (read_bytes(path, p->max_file_bytes ? 4 * p->max_file_bytes : (1u << 30), &cv->out))
                cv->ok = true;
            else
                fail(cv, "conversion_failed",
                     "ファイルを変換できない(壊れている、パスワード付き、または形式が不正)ため遮断しました。",
                     "blocked: the file could not be converted (damaged, password-protected or malformed)");
        }
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

bool convert_requests(const SanitizePolicy *p, SandboxOutput *so, Conversions *c)
{
    memset(c, 0, sizeof *c);
    size_t prefix = strlen(CONVERT_REQUEST_PREFIX), kept = 0;
    Buf *inputs = xmalloc((so->n_extra + 1) * sizeof *inputs);
    c->items = xmalloc((so->n_extra + 1) * sizeof *c->items);
    for (size_t i = 0; i < so->n_extra; i++) {
        SandboxBlob *b = &so->extra[i];
        if (strncmp(b->name, CONVERT_REQUEST_PREFIX, prefix) != 0) {
            so->extra[kept++] = *b;
            continue;
        }
        const char *from = b->name + prefix;
        const char *to = convert_target(from);
        uint8_t h[32];
        crypto_hash_sha256(h, (const uint8_t *)(b->data.data ? b->data.data : ""), b->data.len);
        bool seen = false;
        for (size_t k = 0; k < c->n; k++)
            seen = seen || memcmp(c->items[k].in_sha, h, sizeof h) == 0;
        if (!seen && to) {
            Conversion *cv = &c->items[c->n];
            memset(cv, 0, sizeof *cv);
            memcpy(cv->in_sha, h, sizeof h);
            snprintf(cv->from, sizeof cv->from, "%s", from);
            snprintf(cv->to, sizeof cv->to, "%s", to);
            cv->out = (Buf)BUF_INIT;
            if (c->n >= CONVERT_MAX_FILES)
                fail(cv, "conversion_too_many", "変換が必要なファイルが多すぎるため遮断しました。",
                     "blocked: too many files need converting");
            inputs[c->n++] = b->data;
            b->data = (Buf)BUF_INIT;
        }
        buf_free(&b->data);
        free(b->name);
    }
    so->n_extra = kept;
    if (c->n == 0) {
        free(inputs);
        return false;
    }
    snprintf(c->converter, sizeof c->converter, "%s", converter_version(p));
    char dir[512];
    if (!sandbox_make_scratch(dir)) {
        for (size_t i = 0; i < c->n; i++)
            if (!c->items[i].code)
                fail(&c->items[i], "conversion_unavailable", "変換の作業領域を作成できないため遮断しました。",
                     "blocked: the converter's work area cannot be created");
    } else {
        char in[600];
        snprintf(in, sizeof in, "%s/in", dir);
        mkdir(in, 0700);
        for (size_t g = 0; g < sizeof TARGETS / sizeof *TARGETS; g++)
            convert_group(p, c, TARGETS[g].from, TARGETS[g].to, TARGETS[g].filter, dir, inputs);
        sandbox_remove_scratch(dir);
    }
    for (size_t i = 0; i < c->n; i++)
        buf_free(&inputs[i]);
    free(inputs);
    return true;
}

void convert_drop_requests(SandboxOutput *so)
{
    size_t prefix = strlen(CONVERT_REQUEST_PREFIX), kept = 0;
    for (size_t i = 0; i < so->n_extra; i++) {
        if (strncmp(so->extra[i].name, CONVERT_REQUEST_PREFIX, prefix) == 0) {
            free(so->extra[i].name);
            buf_free(&so->extra[i].data);
            continue;
        }
        so->extra[kept++] = so->extra[i];
    }
    so->n_extra = kept;
}
