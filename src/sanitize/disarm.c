/* disarm_file: size limit, malware scan, type by content, the name's claim checked, then the
 * disarmer for the type. Anything without a disarmer is blocked with a reason. */
#include "sanitize/disarm.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sanitize/charset.h"
#include "sanitize/convert.h"
#include "sanitize/disarm_types.h"

/* In the sandboxed child: where files waiting for conversion go (convert.h). */
static SandboxOutput *conversion_requests;

void disarm_set_conversion_requests(SandboxOutput *requests)
{
    conversion_requests = requests;
}

void disarm_prepare(const SanitizePolicy *p)
{
    scan_prepare(p);
    zip_prepare();
    charset_prepare(); /* ISO-2022-JP text is decoded through iconv's CP932 table */
}

static bool has_ext(const char *name, const char *ext)
{
    if (!name)
        return false;
    size_t nl = strlen(name), el = strlen(ext);
    return nl > el && name[nl - el - 1] == '.' && strncasecmp(name + nl - el, ext, el) == 0;
}

/* A legacy or other office format: its conversion (made by the parent between two passes) is
 * checked, scanned and disarmed as OOXML; without one yet, the file is handed over for conversion. */
static void disarm_converted(const SanitizePolicy *p, const char *from, const uint8_t *in, size_t n,
                             const char *name, Buf *out, Verdict *v)
{
    verdict_set_type(v, from);
    if (!detect_name_agrees(from, name)) {
        verdict_block(v, "name_mismatch", "ファイル名の拡張子が内容の種類と一致しないため遮断しました。",
                      "blocked: the file name's extension does not match its content");
        const char *dot = strrchr(name, '.');
        verdict_note(v, "name %s, content %s", dot ? dot : "(none)", from);
        return;
    }
    const Conversion *c = conversions_find(p->conversions, in, n);
    if (!c) {
        if (conversion_requests) {
            char request[32];
            snprintf(request, sizeof request, CONVERT_REQUEST_PREFIX "%s", from);
            sandbox_output_add(conversion_requests, request, in, n);
        }
        verdict_block(v, "conversion_pending", "形式の変換を待つ間に処理が終わったため遮断しました。",
                      "blocked: processing ended while the file was waiting to be converted");
        return;
    }
    if (!c->ok) {
        verdict_block(v, c->code, c->ja, c->en);
        return;
    }
    verdict_set_conversion(v, from, c->to, p->conversions->converter);
    const uint8_t *conv = (const uint8_t *)(c->out.data ? c->out.data : "");
    scan_buffer(p, conv, c->out.len, name, v);
    if (verdict_blocked(v))
        return;
    /* The converter handled hostile bytes: its output must be the package asked for, nothing else. */
    const char *kind = strcmp(detect_type(conv, c->out.len), "zip") == 0 ? ooxml_kind(conv, c->out.len) : NULL;
    if (!kind || !ooxml_supported(kind) || strncmp(kind, c->to, 3) != 0) {
        verdict_block(v, "conversion_failed", "変換結果が想定した形式ではないため遮断しました。",
                      "blocked: the converter did not produce the expected format");
        verdict_note(v, "converted %s to %s, got %s", from, c->to, kind ? kind : "something else");
        return;
    }
    ooxml_disarm(p, conv, c->out.len, out, v);
}

void disarm_file(const SanitizePolicy *p, const uint8_t *in, size_t n, const char *name, Buf *out, Verdict *v,
                 unsigned depth)
{
    double t0 = verdict_now_ms();
    Buf converted = BUF_INIT; /* the input as UTF-8, when it arrived in ISO-2022-JP */
    buf_reset(out);
    verdict_set_input(v, in, n);
    if (p->max_file_bytes && n > p->max_file_bytes) {
        verdict_block(v, "file_too_large", "ファイルが大きすぎるため遮断しました。", "blocked: the file is too large");
        goto done;
    }
    double ts = verdict_now_ms();
    scan_buffer(p, in, n, name, v);
    verdict_add_timing(v, "scan", verdict_now_ms() - ts);
    if (verdict_blocked(v))
        goto done;

    /* ISO-2022-JP text cannot be split into cells byte by byte (its shifted bytes look like "=" or
     * "+"): it is converted to UTF-8 first, and disarmed as such. */
    if (iso2022jp_text(in, n))
        iso2022jp_decode(in, n, &converted);
    if (converted.len) {
        in = (const uint8_t *)converted.data;
        n = converted.len;
        verdict_note(v, "text converted from ISO-2022-JP to UTF-8");
    }
    const char *type = detect_type(in, n);
    if (strcmp(type, "zip") == 0) {
        const char *kind = ooxml_kind(in, n);
        if (!kind)
            kind = odf_kind(in, n);
        if (kind)
            type = kind;
    } else if (strcmp(type, "text") == 0 && (has_ext(name, "csv"))) {
        type = "csv";
    }
    verdict_set_type(v, type);
    const char *from = p->legacy_formats == LEGACY_CONVERT ? detect_convertible(type, in, n) : NULL;
    if (from) {
        double tc = verdict_now_ms();
        disarm_converted(p, from, in, n, name, out, v);
        verdict_add_timing(v, "disarm", verdict_now_ms() - tc);
        goto done;
    }
    bool csv = strcmp(type, "csv") == 0;
    bool image = strcmp(type, "jpeg") == 0 || strcmp(type, "png") == 0 || strcmp(type, "gif") == 0;
    bool disarmable = strcmp(type, "pdf") == 0 || strcmp(type, "zip") == 0 || csv || strcmp(type, "text") == 0 ||
                      image || ooxml_supported(type);
    if (!disarmable) {
        detect_block_unsupported(v, type, in, n);
        goto done;
    }
    if (!detect_name_agrees(type, name)) {
        verdict_block(v, "name_mismatch", "ファイル名の拡張子が内容の種類と一致しないため遮断しました。",
                      "blocked: the file name's extension does not match its content");
        const char *dot = name ? strrchr(name, '.') : NULL;
        verdict_note(v, "name %s, content %s", dot ? dot : "(none)", type);
        goto done;
    }

    double tp = verdict_now_ms();
    if (strcmp(type, "pdf") == 0)
        pdf_disarm(p, in, n, out, v);
    else if (strcmp(type, "zip") == 0)
        zip_disarm(p, in, n, out, v, depth);
    else if (csv || strcmp(type, "text") == 0) {
        csv_text_disarm(in, n, csv, out, v);
        /* Excel reads a UTF-8 CSV as UTF-8 only with a byte-order mark. */
        if (converted.len && csv && !verdict_blocked(v)) {
            Buf bom = BUF_INIT;
            buf_append(&bom, "\xEF\xBB\xBF", 3);
            buf_append(&bom, out->data, out->len);
            buf_reset(out);
            buf_append(out, bom.data, bom.len);
            buf_free(&bom);
        }
    }
    else if (image)
        image_disarm(type, in, n, out, v);
    else
        ooxml_disarm(p, in, n, out, v);
    verdict_add_timing(v, "disarm", verdict_now_ms() - tp);

done:
    buf_free(&converted);
    if (verdict_blocked(v))
        buf_reset(out);
    else
        verdict_set_output(v, out->data ? out->data : "", out->len);
    verdict_add_timing(v, "total", verdict_now_ms() - t0);
}
