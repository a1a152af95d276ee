/* Unit tests for file disarm: PDFs (made here with libqpdf from text, some with compressed object
 * streams and #xx-escaped names), CSV and text formula injection in UTF-8 and CP932, type detection
 * and the name check, the blocked types, and sanitize_file through the sandbox. Every PDF output is
 * re-read with qpdf, expanded to QDF form and searched. */
#include <qpdf/qpdf-c.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sanitize/disarm.h"
#include "sanitize/sandbox.h"

static SanitizePolicy policy(void)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false; /* scanning has its own tests (test_disarm_zip) */
    return p;
}

/* Runs disarm_file in-process; returns the verdict (caller frees). */
static Verdict *disarm(const void *in, size_t n, const char *name, Buf *out)
{
    SanitizePolicy p = policy();
    Verdict *v = verdict_new(name);
    disarm_file(&p, in, n, name, out, v, 0);
    return v;
}

static bool has(const Buf *b, const char *s)
{
    return b->len && memmem(b->data, b->len, s, strlen(s)) != NULL;
}

static bool json_has(const Verdict *v, const char *s)
{
    char *j = verdict_to_json(v);
    bool r = strstr(j, s) != NULL;
    free(j);
    return r;
}

/* ---- PDF builders ---- */

/* A PDF with a harmless page and link, plus whatever extra catalog entries, page entries and
 * objects the test adds (objects numbered from 20). */
static char *pdf_text4(const char *catalog_extra, const char *annots_extra, const char *page_extra, const char *objects)
{
    char *s = NULL;
    int n = asprintf(&s,
                     "%%PDF-1.7\n"
                     "1 0 obj << /Type /Catalog /Pages 2 0 R %s >> endobj\n"
                     "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                     "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
                     "/Annots [5 0 R %s] %s >> endobj\n"
                     "4 0 obj << /Length 44 >> stream\n"
                     "BT /F1 12 Tf 10 100 Td (Harmless text) Tj ET\n"
                     "endstream endobj\n"
                     "5 0 obj << /Type /Annot /Subtype /Link /Rect [0 0 10 10] "
                     "/A << /S /URI /URI (https://example.jp/) >> >> endobj\n"
                     "%s\n"
                     "trailer << /Root 1 0 R /Size 40 >>\n%%%%EOF\n",
                     catalog_extra, annots_extra, page_extra, objects);
    assert_true(n > 0);
    return s;
}

static char *pdf_text(const char *catalog_extra, const char *page_extra, const char *objects)
{
    return pdf_text4(catalog_extra, "", page_extra, objects);
}

/* Rewrites text through libqpdf: a valid xref, and with object streams when asked (the dangerous
 * dictionaries then sit inside compressed object streams). */
static void pdf_make(const char *text, bool objstreams, Buf *out)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    assert_false(qpdf_read_memory(q, "t.pdf", text, strlen(text), NULL) & QPDF_ERRORS);
    assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
    qpdf_set_object_stream_mode(q, objstreams ? qpdf_o_generate : qpdf_o_disable);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    buf_reset(out);
    buf_append(out, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    qpdf_cleanup(&q);
}

/* Expands a PDF to QDF (uncompressed, no object streams, names normalised) for searching. */
static void pdf_expand(const Buf *pdf, Buf *out)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    assert_false(qpdf_read_memory(q, "o.pdf", pdf->data, pdf->len, NULL) & QPDF_ERRORS);
    assert_false(qpdf_is_encrypted(q));
    assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
    qpdf_set_qdf_mode(q, QPDF_TRUE);
    qpdf_set_object_stream_mode(q, qpdf_o_disable);
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    buf_reset(out);
    buf_append(out, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    qpdf_cleanup(&q);
}

static const char *const PDF_DANGERS[] = {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch", "/GoToR",
                                          "/EmbeddedFile", "/FileAttachment", "/XFA", "/SubmitForm", "/EF",
                                          "calc.exe", "app.alert"};

/* Disarms text (in both layouts), asserts the output holds none of the dangers and still has the
 * harmless page and link, and that the verdict names what was removed. */
static void pdf_case(const char *text, const char *removed)
{
    for (int objstreams = 0; objstreams < 2; objstreams++) {
        Buf in = BUF_INIT, out = BUF_INIT, qdf = BUF_INIT, before = BUF_INIT;
        pdf_make(text, objstreams, &in);
        /* The dangerous names really are hidden from a byte search when compressed. */
        if (objstreams)
            assert_false(has(&in, "/JavaScript") || has(&in, "/Launch"));
        pdf_expand(&in, &before);
        assert_true(has(&before, removed) || has(&before, "/Java#53cript") || has(&before, "/JavaScript"));
        Verdict *v = disarm(in.data, in.len, "doc.pdf", &out);
        assert_false(verdict_blocked(v));
        assert_string_equal(verdict_action(v), "disarmed");
        assert_true(json_has(v, "\"type\":\"pdf\""));
        assert_true(json_has(v, "PDF obj "));
        pdf_expand(&out, &qdf);
        for (size_t i = 0; i < sizeof PDF_DANGERS / sizeof *PDF_DANGERS; i++) {
            if (has(&qdf, PDF_DANGERS[i]))
                fail_msg("%s remains (objstreams=%d)", PDF_DANGERS[i], objstreams);
        }
        assert_true(has(&qdf, "(Harmless text)"));
        /* the harmless link: unclickable by default, its address kept as the annotation's comment */
        assert_true(has(&qdf, "(hxxps://example[.]jp/)"));
        assert_false(has(&qdf, "/URI"));
        verdict_free(v);
        buf_free(&in);
        buf_free(&out);
        buf_free(&qdf);
        buf_free(&before);
    }
}

static void pdf_openaction_javascript(void **state)
{
    (void)state;
    char *t = pdf_text("/OpenAction 20 0 R", "", "20 0 obj << /S /JavaScript /JS (app.alert\\('open'\\)) >> endobj");
    pdf_case(t, "/OpenAction");
    free(t);
}

static void pdf_escaped_names_and_name_tree(void **state)
{
    (void)state;
    /* #xx escapes spell /JavaScript and /JS without those bytes appearing in the file. */
    char *t = pdf_text("/Names << /Java#53cript 20 0 R >>", "",
                       "20 0 obj << /Names [(a) 21 0 R] >> endobj\n"
                       "21 0 obj << /S /Java#53cript /J#53 (app.alert\\(1\\)) >> endobj");
    assert_null(strstr(t, "/JavaScript"));
    pdf_case(t, "/Java");
    free(t);
}

static void pdf_additional_actions(void **state)
{
    (void)state;
    char *t = pdf_text("", "/AA << /O 20 0 R /C << /S /Launch /F (calc.exe) >> >>",
                       "20 0 obj << /S /JavaScript /JS 21 0 R >> endobj\n"
                       "21 0 obj << /Length 14 >> stream\napp.alert('x')\nendstream endobj");
    pdf_case(t, "/AA");
    free(t);
}

static void pdf_embedded_files_and_launch(void **state)
{
    (void)state;
    char *t = pdf_text4("/Names << /EmbeddedFiles 20 0 R >> /AcroForm << /Fields [] /XFA 24 0 R >>",
                       "22 0 R 23 0 R", "",
                       "20 0 obj << /Names [(x.exe) 21 0 R] >> endobj\n"
                       "21 0 obj << /Type /Filespec /F (x.exe) /EF << /F 25 0 R >> >> endobj\n"
                       "22 0 obj << /Type /Annot /Subtype /FileAttachment /Rect [0 0 5 5] /FS 21 0 R >> endobj\n"
                       "23 0 obj << /Type /Annot /Subtype /Link /Rect [5 5 9 9] "
                       "/A << /S /Launch /F (calc.exe) /Next << /S /SubmitForm /F (https://x.example/) >> >> >> endobj\n"
                       "24 0 obj << /Length 9 >> stream\n<xdp:xdp>\nendstream endobj\n"
                       "25 0 obj << /Type /EmbeddedFile /Length 5 >> stream\nMZxyz\nendstream endobj");
    pdf_case(t, "/EmbeddedFiles");
    free(t);
}

static void pdf_verdict_names_the_object(void **state)
{
    (void)state;
    char *t = pdf_text("/OpenAction 20 0 R", "", "20 0 obj << /S /JavaScript /JS (x) >> endobj");
    Buf in = BUF_INIT, out = BUF_INIT;
    pdf_make(t, false, &in);
    Verdict *v = disarm(in.data, in.len, "a.pdf", &out);
    assert_true(json_has(v, "PDF obj 1: /OpenAction JavaScript action"));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
    free(t);
}

/* The document's one link under a given --pdf-links policy: the verdict, and the output expanded. */
static Verdict *pdf_with_links(PdfLinks links, Buf *qdf)
{
    char *t = pdf_text("", "", "");
    Buf in = BUF_INIT, out = BUF_INIT;
    pdf_make(t, true, &in);
    SanitizePolicy p = policy();
    p.pdf_links = links;
    Verdict *v = verdict_new("links.pdf");
    disarm_file(&p, (const uint8_t *)in.data, in.len, "links.pdf", &out, v, 0);
    assert_false(verdict_blocked(v));
    pdf_expand(&out, qdf);
    assert_true(has(qdf, "(Harmless text)"));
    buf_free(&in);
    buf_free(&out);
    free(t);
    return v;
}

static void pdf_link_policies(void **state)
{
    (void)state;
    Buf qdf = BUF_INIT;
    Verdict *v = pdf_with_links(PDF_LINKS_DEFANG, &qdf); /* the default */
    assert_true(json_has(v, "PDF obj 5: /A link to hxxps://example[.]jp/ (made unclickable"));
    assert_true(has(&qdf, "/Contents (hxxps://example[.]jp/)"));
    assert_false(has(&qdf, "/URI"));
    assert_false(has(&qdf, "https://example.jp/"));
    verdict_free(v);
    buf_reset(&qdf);
    v = pdf_with_links(PDF_LINKS_REMOVE, &qdf);
    assert_true(json_has(v, "(removed)"));
    assert_false(has(&qdf, "/URI"));
    assert_false(has(&qdf, "example"));
    verdict_free(v);
    buf_reset(&qdf);
    v = pdf_with_links(PDF_LINKS_KEEP, &qdf);
    assert_string_equal(verdict_action(v), "clean");
    assert_true(has(&qdf, "/URI (https://example.jp/)"));
    verdict_free(v);
    buf_free(&qdf);
}

static void pdf_clean_file_is_kept(void **state)
{
    (void)state;
    char *t = pdf_text("", "", "");
    Buf in = BUF_INIT, out = BUF_INIT, qdf = BUF_INIT;
    pdf_make(t, true, &in);
    SanitizePolicy p = policy();
    p.pdf_links = PDF_LINKS_KEEP; /* its one link is all it has */
    Verdict *v = verdict_new("clean.pdf");
    disarm_file(&p, (const uint8_t *)in.data, in.len, NULL, &out, v, 0);
    assert_string_equal(verdict_action(v), "clean");
    pdf_expand(&out, &qdf);
    assert_true(has(&qdf, "(Harmless text)"));
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
    buf_free(&qdf);
    free(t);
}

static void pdf_encrypted_is_blocked(void **state)
{
    (void)state;
    char *t = pdf_text("", "", "");
    for (int with_user_password = 0; with_user_password < 2; with_user_password++) {
        qpdf_data q = qpdf_init();
        qpdf_silence_errors(q);
        qpdf_set_suppress_warnings(q, QPDF_TRUE);
        assert_false(qpdf_read_memory(q, "t.pdf", t, strlen(t), NULL) & QPDF_ERRORS);
        assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
        qpdf_set_r6_encryption_parameters2(q, with_user_password ? "user" : "", "owner", 1, 1, 1, 1, 1, 1,
                                           qpdf_r3p_full, 1);
        assert_false(qpdf_write(q) & QPDF_ERRORS);
        Buf out = BUF_INIT;
        Verdict *v = disarm(qpdf_get_buffer(q), qpdf_get_buffer_length(q), "e.pdf", &out);
        assert_string_equal(verdict_block_code(v), "encrypted_document");
        assert_int_equal(out.len, 0);
        verdict_free(v);
        qpdf_cleanup(&q);
    }
    free(t);
}

static void pdf_garbage_is_blocked(void **state)
{
    (void)state;
    const char junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R \n trailer <<";
    Buf out = BUF_INIT;
    Verdict *v = disarm(junk, sizeof junk - 1, "x.pdf", &out);
    assert_true(verdict_blocked(v));
    assert_int_equal(out.len, 0);
    verdict_free(v);
}

/* ---- CSV and text ---- */

static void csv_formulas_are_neutralised(void **state)
{
    (void)state;
    const char in[] = "名前,値,備考\n"
                      "山田,=HYPERLINK(\"http://x.example/\",\"click\"),ok\n"
                      "佐藤,\"-2+3+cmd|' /C calc'!A0\",\"@SUM(A1)\"\n"
                      "電話,+81-3-1234-5678,-12.5\n"
                      "タブ,\"\tx=1\",\"\r=1\"\n";
    Buf out = BUF_INIT;
    Verdict *v = disarm(in, sizeof in - 1, "list.csv", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "\"type\":\"csv\""));
    const char want[] = "名前,値,備考\n"
                        "山田,'=HYPERLINK(\"http://x.example/\",\"click\"),ok\n"
                        "佐藤,\"'-2+3+cmd|' /C calc'!A0\",\"'@SUM(A1)\"\n"
                        "電話,+81-3-1234-5678,-12.5\n"
                        "タブ,\"'\tx=1\",\"'\r=1\"\n";
    assert_string_equal(buf_str(&out), want);
    assert_true(json_has(v, "CSV row 2 col 2: formula =HYPERLINK"));
    verdict_free(v);
    buf_free(&out);
}

static void csv_cp932_is_kept(void **state)
{
    (void)state;
    /* 山田 and 表 in CP932; 表 ends in 0x5C and ソ in 0x5C, 能 in 0x5C: trail bytes that are ASCII. */
    const char in[] = "\x8e\x52\x93\x63,=1+1\r\n\x95\x5c,\x83\x5c\x83\x74\x83\x67,@x\r\n";
    Buf out = BUF_INIT;
    Verdict *v = disarm(in, sizeof in - 1, "sjis.csv", &out);
    assert_false(verdict_blocked(v));
    const char want[] = "\x8e\x52\x93\x63,'=1+1\r\n\x95\x5c,\x83\x5c\x83\x74\x83\x67,'@x\r\n";
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, sizeof want - 1);
    verdict_free(v);
    buf_free(&out);
}

static void text_tab_cells_are_neutralised(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBFmemo\t=cmd|'/C calc'!A0\nplain line, with = inside\n";
    Buf out = BUF_INIT;
    Verdict *v = disarm(in, sizeof in - 1, "memo.txt", &out);
    assert_true(json_has(v, "\"type\":\"text\""));
    assert_string_equal(buf_str(&out), "\xEF\xBB\xBFmemo\t'=cmd|'/C calc'!A0\nplain line, with = inside\n");
    verdict_free(v);
    buf_free(&out);
}

/* ISO-2022-JP text is decoded before its cells are read: 集 is "=8" in JIS, so a byte-level look at the
 * cell 集計 would see a formula. */
static void iso2022jp_text_is_converted(void **state)
{
    (void)state;
    const char csv[] = "\x1b$BL>A0\x1b(B,\x1b$BCM\x1b(B\r\n\x1b$B=87W\x1b(B,=1+1\r\n";
    Buf out = BUF_INIT;
    Verdict *v = disarm(csv, sizeof csv - 1, "jis.csv", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "\"type\":\"csv\""));
    assert_true(json_has(v, "converted from ISO-2022-JP to UTF-8"));
    assert_string_equal(buf_str(&out), "\xEF\xBB\xBF名前,値\r\n集計,'=1+1\r\n");
    verdict_free(v);
    const char txt[] = "\x1b$B=87W\x1b(B\t=cmd|'/C calc'!A0\n";
    v = disarm(txt, sizeof txt - 1, "memo.txt", &out);
    assert_true(json_has(v, "\"type\":\"text\""));
    assert_string_equal(buf_str(&out), "集計\t'=cmd|'/C calc'!A0\n");
    verdict_free(v);
    /* HTML in ISO-2022-JP is still markup; escapes that are not ISO-2022-JP are not text */
    const char html[] = "<html><body>\x1b$B=87W\x1b(B<script>x()</script></body></html>";
    v = disarm(html, sizeof html - 1, "page.txt", &out);
    assert_string_equal(verdict_block_code(v), "markup");
    verdict_free(v);
    const char ansi[] = "\x1b$B=87W\x1b(B \x1b[31mred\x1b[0m\n";
    v = disarm(ansi, sizeof ansi - 1, "log.txt", &out);
    assert_string_equal(verdict_block_code(v), "unsupported_type");
    verdict_free(v);
    buf_free(&out);
}

/* Excel's 「Unicode テキスト」: UTF-16LE with a BOM, tab-separated. */
static void utf16_text_is_neutralised_and_kept_utf16(void **state)
{
    (void)state;
    static const uint16_t in[] = {0xFEFF, 0x540D, 0x524D, '\t', '=', 'c', 'm', 'd', '|', '\'', 'x', '\'', '!', 'A', '0',
                                  '\r', '\n', 0x5C71, 0x7530, '\t', '1', '2', '\r', '\n'};
    static const uint16_t want[] = {0xFEFF, 0x540D, 0x524D, '\t', '\'', '=', 'c', 'm', 'd', '|', '\'', 'x', '\'', '!',
                                    'A', '0', '\r', '\n', 0x5C71, 0x7530, '\t', '1', '2', '\r', '\n'};
    uint8_t bytes[sizeof in], expect[sizeof want];
    for (size_t i = 0; i < sizeof in / 2; i++) {
        bytes[2 * i] = (uint8_t)(in[i] & 0xFF);
        bytes[2 * i + 1] = (uint8_t)(in[i] >> 8);
    }
    for (size_t i = 0; i < sizeof want / 2; i++) {
        expect[2 * i] = (uint8_t)(want[i] & 0xFF);
        expect[2 * i + 1] = (uint8_t)(want[i] >> 8);
    }
    Buf out = BUF_INIT;
    Verdict *v = disarm(bytes, sizeof bytes, "一覧.txt", &out);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "\"type\":\"text\""));
    assert_true(json_has(v, "UTF-16LE kept"));
    assert_true(json_has(v, "row 1 col 2: formula =cmd|'x'!A0"));
    assert_int_equal(out.len, sizeof expect);
    assert_memory_equal(out.data, expect, sizeof expect);
    verdict_free(v);
    /* UTF-16 markup is still markup. */
    static const uint8_t html[] = {0xFF, 0xFE, '<', 0, 'h', 0, '>', 0};
    v = disarm(html, sizeof html, "a.txt", &out);
    assert_string_equal(verdict_block_code(v), "markup");
    verdict_free(v);
    buf_free(&out);
}

/* ---- types and names ---- */

static void name_must_match_content(void **state)
{
    (void)state;
    char *t = pdf_text("", "", "");
    Buf in = BUF_INIT, out = BUF_INIT;
    pdf_make(t, false, &in);
    const char *bad[] = {"invoice.docx", "photo.jpg", "run.exe", "notes.txt"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Verdict *v = disarm(in.data, in.len, bad[i], &out);
        assert_string_equal(verdict_block_code(v), "name_mismatch");
        assert_true(json_has(v, "\"type\":\"pdf\""));
        assert_int_equal(out.len, 0);
        verdict_free(v);
    }
    Verdict *v = disarm(in.data, in.len, "報告書.PDF", &out);
    assert_false(verdict_blocked(v));
    verdict_free(v);
    /* Text named as a script or a web page is not text to us. */
    v = disarm("echo hi\n", 8, "run.bat", &out);
    assert_string_equal(verdict_block_code(v), "name_mismatch");
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
    free(t);
}

/* Legacy Office files are named by the program that wrote them, so the reason tells the sender what
 * to send instead. */
static void legacy_office_reasons_name_the_format(void **state)
{
    (void)state;
    static const struct {
        const char *stream, *ja, *en;
    } cases[] = {{"WordDocument", "Word文書(.doc)", ".docx"},
                 {"Workbook", "Excelブック(.xls)", ".xlsx"},
                 {"PowerPoint Document", "PowerPoint", ".pptx"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Buf in = BUF_INIT, out = BUF_INIT;
        buf_append(&in, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
        buf_append(&in, "\0\0\0\0\0\0\0\0", 8);
        /* the directory entry's name field: UTF-16LE, NUL-terminated, 64 bytes */
        char name[64] = {0};
        for (size_t k = 0; cases[i].stream[k]; k++)
            name[2 * k] = cases[i].stream[k];
        buf_append(&in, name, sizeof name);
        Verdict *v = disarm(in.data, in.len, NULL, &out);
        assert_string_equal(verdict_block_code(v), "legacy_document");
        assert_true(json_has(v, cases[i].ja));
        assert_true(json_has(v, cases[i].en));
        verdict_free(v);
        buf_free(&in);
    }
}

static void unsupported_types_are_blocked(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t n;
        const char *name, *code;
    } cases[] = {
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy word", 20, "old.doc", "legacy_document"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 41, "secret.docx",
         "encrypted_document"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 jtd", 12, "ichitaro.jtd", "legacy_document"},
        {"{\\rtf1\\ansi hello}", 17, "a.rtf", "rtf"},
        {"MZ\x90\0\3\0\0\0", 8, "setup.exe", "executable"},
        {"\x7F" "ELF\2\1\1", 7, "tool", "executable"},
        {"<html><script>alert(1)</script></html>", 38, "page.html", "markup"},
        {"\x1F\x8B\x08\0\0\0\0\0", 8, "a.gz", "unsupported_archive"},
        {"\x89PNG\r\n\x1A\n\0\0", 10, "a.png", "image_malformed"}, /* a PNG that ends after its signature */
        /* OpenDocument: a stored "mimetype" member first; named as such, not a name mismatch */
        {"PK\3\4\x0A\0\0\0\0\0\0\0\0\0\0\0\0\0\x27\0\0\0\x27\0\0\0\x08\0\0\0mimetype"
         "application/vnd.oasis.opendocument.text", 77, "minutes.odt", "odf_document"},
        {"PK\3\4\x0A\0\0\0\0\0\0\0\0\0\0\0\0\0\x2e\0\0\0\x2e\0\0\0\x08\0\0\0mimetype"
         "application/vnd.oasis.opendocument.spreadsheet", 84, "budget.ods", "odf_document"},
        {"BM\x36\0\0\0\0\0\0\0\x36\0\0\0", 14, "a.bmp", "unsupported_type"},
        {"\0\1\2\3\xFF\xFE", 6, "blob.bin", "unsupported_type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Buf out = BUF_INIT;
        Verdict *v = disarm(cases[i].data, cases[i].n, cases[i].name, &out);
        if (strcmp(verdict_block_code(v), cases[i].code) != 0)
            fail_msg("%s: got %s, want %s", cases[i].name, verdict_block_code(v), cases[i].code);
        assert_int_equal(out.len, 0);
        /* The reason is given in both languages. */
        assert_true(json_has(v, "\"ja\":\""));
        assert_true(json_has(v, "\"en\":\"blocked"));
        verdict_free(v);
    }
}

static void size_limit_blocks(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    p.max_file_bytes = 10;
    Buf out = BUF_INIT;
    Verdict *v = verdict_new("big.txt");
    disarm_file(&p, (const uint8_t *)"0123456789ABC", 13, "big.txt", &out, v, 0);
    assert_string_equal(verdict_block_code(v), "file_too_large");
    verdict_free(v);
}

static void scan_required_without_database_blocks(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    p.require_malware_scan = true;
    p.clamav_db = NULL;
    Buf out = BUF_INIT;
    Verdict *v = verdict_new("a.txt");
    disarm_file(&p, (const uint8_t *)"hello\n", 6, "a.txt", &out, v, 0);
    assert_string_equal(verdict_block_code(v), "malware_scan_unavailable");
    verdict_free(v);
    p.require_malware_scan = false;
    v = verdict_new("a.txt");
    disarm_file(&p, (const uint8_t *)"hello\n", 6, "a.txt", &out, v, 0);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "not scanned"));
    verdict_free(v);
    buf_free(&out);
}

/* ---- through the sandbox ---- */

static void sanitize_file_runs_in_the_sandbox(void **state)
{
    (void)state;
    SanitizePolicy p = policy();
    char *t = pdf_text("/OpenAction 20 0 R", "", "20 0 obj << /S /JavaScript /JS (x) >> endobj");
    Buf in = BUF_INIT, out = BUF_INIT, qdf = BUF_INIT;
    pdf_make(t, true, &in);
    Verdict *v = NULL;
    Err e;
    assert_int_equal(sanitize_file(&p, (const uint8_t *)in.data, in.len, "a.pdf", &out, &v, &e), ST_OK);
    assert_false(verdict_blocked(v));
    assert_true(json_has(v, "/OpenAction"));
    assert_true(json_has(v, "\"output\":{\"sha256\""));
    pdf_expand(&out, &qdf);
    assert_false(has(&qdf, "/JavaScript"));
    verdict_free(v);

    const char csv[] = "a,=1+1\n";
    assert_int_equal(sanitize_file(&p, (const uint8_t *)csv, sizeof csv - 1, "a.csv", &out, &v, &e), ST_OK);
    assert_string_equal(buf_str(&out), "a,'=1+1\n");
    verdict_free(v);

    assert_int_equal(sanitize_file(&p, (const uint8_t *)"MZ..", 4, "a.exe", &out, &v, &e), ST_OK);
    assert_string_equal(verdict_block_code(v), "executable");
    assert_true(json_has(v, "\"input\":{\"sha256\""));
    assert_int_equal(out.len, 0);
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
    buf_free(&qdf);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pdf_openaction_javascript),
        cmocka_unit_test(pdf_escaped_names_and_name_tree),
        cmocka_unit_test(pdf_additional_actions),
        cmocka_unit_test(pdf_embedded_files_and_launch),
        cmocka_unit_test(pdf_verdict_names_the_object),
        cmocka_unit_test(pdf_clean_file_is_kept),
        cmocka_unit_test(pdf_link_policies),
        cmocka_unit_test(iso2022jp_text_is_converted),
        cmocka_unit_test(legacy_office_reasons_name_the_format),
        cmocka_unit_test(pdf_encrypted_is_blocked),
        cmocka_unit_test(pdf_garbage_is_blocked),
        cmocka_unit_test(csv_formulas_are_neutralised),
        cmocka_unit_test(csv_cp932_is_kept),
        cmocka_unit_test(text_tab_cells_are_neutralised),
        cmocka_unit_test(utf16_text_is_neutralised_and_kept_utf16),
        cmocka_unit_test(name_must_match_content),
        cmocka_unit_test(unsupported_types_are_blocked),
        cmocka_unit_test(size_limit_blocks),
        cmocka_unit_test(scan_required_without_database_blocks),
        cmocka_unit_test(sanitize_file_runs_in_the_sandbox),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
