/* PDF disarm with libqpdf's object API. qpdf parses every object (object streams decompressed,
 * #xx escapes in names decoded), so a walk over the object graph from the trailer sees every object
 * the rewritten file will contain — qpdf writes only what is reachable. The walk removes active
 * content (JavaScript anywhere, /OpenAction, /AA, Launch/GoToR/GoToE/SubmitForm/ImportData/
 * RichMedia/Movie/Sound/Rendition actions, embedded files and FileAttachment annotations, XFA), the
 * file is written anew, parsed again, and walked again in check mode: anything left blocks it. */
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "sanitize/defang.h"
#include "sanitize/disarm_types.h"

enum { MAX_DEPTH = 256, MAX_OBJID = 1 << 24, MAX_LISTED = 200 };

/* Keys removed wherever they appear, with what they carry. */
static const struct {
    const char *key, *what;
} KEYS[] = {
    {"/JS", "JavaScript"},
    {"/JavaScript", "JavaScript name tree"},
    {"/OpenAction", "open action"},
    {"/AA", "additional actions"},
    {"/EmbeddedFiles", "embedded files"},
    {"/EF", "embedded file"},
    {"/XFA", "XFA form"},
};

/* Action types (/S) that run code, open other files or submit data. */
static const char *const ACTIONS[] = {"/JavaScript", "/Launch", "/GoToR",    "/GoToE",  "/SubmitForm",
                                      "/ImportData", "/RichMediaExecute", "/Movie", "/Sound", "/Rendition"};
/* Annotation subtypes that carry files or media. */
static const char *const ANNOTS[] = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/3D"};

typedef struct Walk {
    qpdf_data q;
    bool fix;
    PdfLinks links;
    char *web_link; /* set by danger() for a web or mail link action the policy takes away */
    unsigned images;  /* JPEG pictures re-encoded (fix mode) */
    int bad_image;    /* the object of a picture that does not decode, or 0 */
    Verdict *v;
    unsigned found, listed;
    uint8_t *seen;
    size_t seen_bytes;
    bool too_deep;
} Walk;

static bool name_in(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

static void found(Walk *w, int owner, const char *what, const char *detail)
{
    w->found++;
    if (!w->fix)
        return;
    if (w->listed++ < MAX_LISTED) {
        if (owner)
            verdict_removed(w->v, "PDF obj %d: %s%s%s", owner, what, detail[0] ? " " : "", detail);
        else
            verdict_removed(w->v, "PDF trailer: %s%s%s", what, detail[0] ? " " : "", detail);
    }
}

/* The name under key in dictionary d, or "" (valid until the next qpdf call). */
static const char *dict_name(qpdf_data q, qpdf_oh d, const char *key, char *buf, size_t cap)
{
    buf[0] = '\0';
    /* One call for the common case of an absent key. */
    if (!qpdf_oh_has_key(q, d, key))
        return buf;
    qpdf_oh x = qpdf_oh_get_key(q, d, key);
    if (qpdf_oh_is_name(q, x)) {
        const char *s = qpdf_oh_get_name(q, x);
        size_t l = strlen(s);
        if (l < cap)
            memcpy(buf, s, l + 1);
    }
    qpdf_oh_release(q, x);
    return buf;
}

/* A URI action is a plain hyperlink only for web and mail addresses. */
static bool bad_uri(qpdf_data q, qpdf_oh d)
{
    qpdf_oh u = qpdf_oh_get_key(q, d, "/URI");
    bool bad = false;
    if (qpdf_oh_is_string(q, u)) {
        const char *s = qpdf_oh_get_string_value(q, u);
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        bad = !(strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
                strncasecmp(s, "mailto:", 7) == 0 || s[0] == '#');
    }
    qpdf_oh_release(q, u);
    return bad;
}

/* What is dangerous about value c as a whole ("" when nothing). */
static const char *danger(Walk *w, qpdf_oh c, enum qpdf_object_type_e type, char *buf, size_t cap)
{
    qpdf_data q = w->q;
    bool stream = type == ot_stream;
    if (!stream && type != ot_dictionary)
        return "";
    qpdf_oh d = stream ? qpdf_oh_get_dict(q, c) : c;
    const char *res = "";
    char s[64];
    dict_name(q, d, "/S", s, sizeof s);
    if (name_in(s, ACTIONS, sizeof ACTIONS / sizeof *ACTIONS)) {
        snprintf(buf, cap, "%s action", s + 1);
        res = buf;
    } else if (strcmp(s, "/URI") == 0 && bad_uri(q, d)) {
        snprintf(buf, cap, "URI action to a non-web address");
        res = buf;
    } else if (strcmp(s, "/URI") == 0 && w->links != PDF_LINKS_KEEP) {
        qpdf_oh u = qpdf_oh_get_key(q, d, "/URI");
        Buf shown = BUF_INIT;
        if (qpdf_oh_is_string(q, u)) {
            const char *url = qpdf_oh_get_string_value(q, u);
            link_defang(url, strlen(url), &shown);
        }
        qpdf_oh_release(q, u);
        free(w->web_link);
        w->web_link = buf_take(&shown);
        snprintf(buf, cap, "link to %.60s (%s)", w->web_link,
                 w->links == PDF_LINKS_DEFANG ? "made unclickable, the address kept as a comment" : "removed");
        res = buf;
    } else {
        dict_name(q, d, "/Subtype", s, sizeof s);
        if (name_in(s, ANNOTS, sizeof ANNOTS / sizeof *ANNOTS)) {
            snprintf(buf, cap, "%s annotation", s + 1);
            res = buf;
        } else {
            dict_name(q, d, "/Type", s, sizeof s);
            if (strcmp(s, "/EmbeddedFile") == 0) {
                snprintf(buf, cap, "embedded file");
                res = buf;
            }
        }
    }
    if (stream)
        qpdf_oh_release(q, d);
    return res;
}

static void walk(Walk *w, qpdf_oh h, enum qpdf_object_type_e type, int owner, unsigned depth);

/* Only containers can hold anything dangerous; one type query spares scalars every other call. */
static bool container(enum qpdf_object_type_e t)
{
    return t == ot_dictionary || t == ot_stream || t == ot_array;
}

static void walk_dict(Walk *w, qpdf_oh d, int owner, unsigned depth)
{
    qpdf_data q = w->q;
    size_t nk = 0, cap = 0;
    char **keys = NULL;
    qpdf_oh_begin_dict_key_iter(q, d);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *k = qpdf_oh_dict_next_key(q);
        if (nk == cap) {
            cap = cap ? 2 * cap : 16;
            keys = xrealloc(keys, cap * sizeof *keys);
        }
        keys[nk++] = xstrdup(k);
    }
    for (size_t i = 0; i < nk; i++) {
        const char *k = keys[i];
        qpdf_oh c = qpdf_oh_get_key(q, d, k);
        enum qpdf_object_type_e t = qpdf_oh_get_type_code(q, c);
        char buf[192];
        const char *what = NULL;
        for (size_t j = 0; j < sizeof KEYS / sizeof *KEYS; j++)
            if (strcmp(k, KEYS[j].key) == 0)
                what = KEYS[j].what;
        if (!what && !container(t)) {
            qpdf_oh_release(q, c);
            free(keys[i]);
            continue;
        }
        free(w->web_link);
        w->web_link = NULL;
        const char *dz = danger(w, c, t, buf, sizeof buf);
        if (what || dz[0]) {
            char label[160];
            snprintf(label, sizeof label, "%s", k);
            found(w, owner, label, dz[0] ? dz : what);
            if (w->fix)
                qpdf_oh_remove_key(q, d, k);
            /* A link annotation keeps its address as its comment (shown on hover), unclickable. */
            if (w->fix && w->web_link && w->links == PDF_LINKS_DEFANG && strcmp(k, "/A") == 0 && w->web_link[0]) {
                qpdf_oh text = qpdf_oh_new_unicode_string(q, w->web_link);
                qpdf_oh_replace_key(q, d, "/Contents", text);
                qpdf_oh_release(q, text);
            }
        } else {
            walk(w, c, t, owner, depth + 1);
        }
        qpdf_oh_release(q, c);
        free(keys[i]);
    }
    free(keys);
}

static void walk_array(Walk *w, qpdf_oh a, int owner, unsigned depth)
{
    qpdf_data q = w->q;
    int n = qpdf_oh_get_array_n_items(q, a);
    for (int i = n - 1; i >= 0; i--) {
        qpdf_oh c = qpdf_oh_get_array_item(q, a, i);
        enum qpdf_object_type_e t = qpdf_oh_get_type_code(q, c);
        if (!container(t)) {
            qpdf_oh_release(q, c);
            continue;
        }
        char buf[192];
        const char *dz = danger(w, c, t, buf, sizeof buf);
        if (dz[0]) {
            found(w, owner, "array item", dz);
            if (w->fix)
                qpdf_oh_erase_item(q, a, i);
        } else {
            walk(w, c, t, owner, depth + 1);
        }
        qpdf_oh_release(q, c);
    }
}

static bool mark_seen(Walk *w, int id)
{
    if (id <= 0 || id >= MAX_OBJID) {
        w->too_deep = true;
        return false;
    }
    size_t byte = (size_t)id / 8;
    if (byte >= w->seen_bytes) {
        size_t nb = (byte + 1) * 2;
        w->seen = xrealloc(w->seen, nb);
        memset(w->seen + w->seen_bytes, 0, nb - w->seen_bytes);
        w->seen_bytes = nb;
    }
    uint8_t bit = (uint8_t)(1u << (id % 8));
    if (w->seen[byte] & bit)
        return false;
    w->seen[byte] |= bit;
    return true;
}

/* A JPEG picture (an image XObject filtered by /DCTDecode alone) is re-encoded from its pixels like
 * a standalone JPEG (image.c): what hides in its APP segments and after its end goes. */
static void reencode_jpeg(Walk *w, qpdf_oh stream, qpdf_oh dict, int owner)
{
    qpdf_data q = w->q;
    char s[64];
    if (strcmp(dict_name(q, dict, "/Subtype", s, sizeof s), "/Image") != 0 ||
        strcmp(dict_name(q, dict, "/Filter", s, sizeof s), "/DCTDecode") != 0)
        return;
    unsigned char *raw = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    Verdict *iv = verdict_new("PDF picture");
    Buf out = BUF_INIT;
    if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, &filtered, &raw, &len) & QPDF_ERRORS || !raw)
        verdict_block(iv, "image_malformed", "", "");
    else
        image_disarm("jpeg", raw, len, &out, iv);
    if (verdict_blocked(iv)) {
        if (!w->bad_image)
            w->bad_image = owner ? owner : -1;
    } else {
        qpdf_oh filter = qpdf_oh_new_name(q, "/DCTDecode"), parms = qpdf_oh_new_null(q);
        qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)out.data, out.len, filter, parms);
        qpdf_oh_release(q, filter);
        qpdf_oh_release(q, parms);
        w->images++;
    }
    free(raw);
    buf_free(&out);
    verdict_free(iv);
}

static void walk(Walk *w, qpdf_oh h, enum qpdf_object_type_e type, int owner, unsigned depth)
{
    qpdf_data q = w->q;
    if (depth > MAX_DEPTH) {
        w->too_deep = true;
        return;
    }
    if (qpdf_oh_is_indirect(q, h)) {
        int id = qpdf_oh_get_object_id(q, h);
        if (!mark_seen(w, id))
            return;
        owner = id;
    }
    if (type == ot_stream) {
        qpdf_oh d = qpdf_oh_get_dict(q, h);
        if (w->fix)
            reencode_jpeg(w, h, d, owner);
        walk_dict(w, d, owner, depth + 1);
        qpdf_oh_release(q, d);
    } else if (type == ot_dictionary) {
        walk_dict(w, h, owner, depth);
    } else if (type == ot_array) {
        walk_array(w, h, owner, depth);
    }
}

/* Walks the whole document; false when the walk could not finish (qpdf error, too deep). */
static bool walk_all(Walk *w)
{
    qpdf_oh t = qpdf_get_trailer(w->q);
    walk(w, t, qpdf_oh_get_type_code(w->q, t), 0, 0);
    qpdf_oh_release(w->q, t);
    free(w->seen);
    w->seen = NULL;
    w->seen_bytes = 0;
    return !w->too_deep && !qpdf_has_error(w->q);
}

static qpdf_data open_pdf(const uint8_t *in, size_t n, Verdict *v)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    QPDF_ERROR_CODE rc = qpdf_read_memory(q, "input.pdf", (const char *)in, n, "");
    if (rc & QPDF_ERRORS) {
        qpdf_error err = qpdf_get_error(q);
        if (err && qpdf_get_error_code(q, err) == qpdf_e_password)
            verdict_block(v, "encrypted_document", "暗号化(パスワード付き)されたPDFは中身を確認できないため遮断しました。",
                          "blocked: an encrypted (password-protected) PDF cannot be inspected");
        else
            verdict_block(v, "pdf_malformed", "PDFを解析できないため遮断しました。", "blocked: the PDF cannot be parsed");
        qpdf_cleanup(&q);
        return NULL;
    }
    if (qpdf_is_encrypted(q)) {
        verdict_block(v, "encrypted_document", "暗号化されたPDFは無害化できないため遮断しました。",
                      "blocked: an encrypted PDF cannot be disarmed");
        qpdf_cleanup(&q);
        return NULL;
    }
    return q;
}

void pdf_disarm(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict *v)
{
    double t0 = verdict_now_ms();
    qpdf_data q = open_pdf(in, n, v);
    if (!q)
        return;
    Walk w = {.q = q, .fix = true, .v = v, .links = p->pdf_links};
    bool walked = walk_all(&w);
    free(w.web_link);
    if (walked && w.bad_image) {
        verdict_block(v, "image_malformed", "PDFの中の画像を正しく読み取れないため遮断しました。",
                      "blocked: a picture in the PDF cannot be read correctly");
        if (w.bad_image > 0)
            verdict_note(v, "PDF obj %d: JPEG picture", w.bad_image);
        qpdf_cleanup(&q);
        return;
    }
    if (w.images)
        verdict_removed(v, "PDF: %u JPEG picture(s) re-encoded from their pixels (metadata and trailing data dropped)",
                        w.images);
    if (!walked) {
        verdict_block(v, w.too_deep ? "pdf_too_complex" : "pdf_malformed",
                      "PDFの構造が不正または複雑すぎるため遮断しました。",
                      "blocked: the PDF's structure is malformed or too complex");
        qpdf_cleanup(&q);
        return;
    }
    if (w.listed > MAX_LISTED)
        verdict_removed(v, "PDF: %u more active elements removed", w.listed - MAX_LISTED);
    /* A deterministic /ID: the random one would need /dev/urandom, which the sandbox forbids. */
    bool written = !(qpdf_init_write_memory(q) & QPDF_ERRORS);
    if (written) {
        qpdf_set_deterministic_ID(q, QPDF_TRUE);
        written = !(qpdf_write(q) & QPDF_ERRORS) && qpdf_get_buffer(q);
    }
    if (!written) {
        verdict_block(v, "pdf_write_failed", "PDFを書き出せないため遮断しました。", "blocked: the PDF could not be rewritten");
        qpdf_cleanup(&q);
        return;
    }
    buf_append(out, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    qpdf_cleanup(&q);
    verdict_add_timing(v, "rewrite", verdict_now_ms() - t0);
    t0 = verdict_now_ms();

    /* Confirm on the written bytes, as a reader will see them. */
    Verdict *probe = verdict_new("recheck");
    qpdf_data r = open_pdf((const uint8_t *)out->data, out->len, probe);
    Walk c = {.q = r, .fix = false, .links = p->pdf_links};
    bool ok = r && walk_all(&c) && c.found == 0;
    free(c.web_link);
    if (r)
        qpdf_cleanup(&r);
    verdict_free(probe);
    verdict_add_timing(v, "recheck", verdict_now_ms() - t0);
    if (!ok) {
        buf_reset(out);
        verdict_block(v, "pdf_residue", "無害化後のPDFに危険な要素が残っているため遮断しました。",
                      "blocked: dangerous elements remained in the rewritten PDF");
    }
}
