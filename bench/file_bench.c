/* File disarm throughput against its baselines, on files generated here (bench/run.sh):
 *   PDF:   disarm_file vs a plain libqpdf rewrite (what `qpdf IN OUT` does) of the same bytes;
 *   OOXML: disarm_file vs unzip + rezip of every member with libzip (the same deflate).
 * Both sides run in this process, so the figures compare the work, not process start-up; the cost of
 * the sandbox (one fork per file) is reported separately with sanitize_file.
 * usage: file_bench [ROUNDS] */
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sanitize/disarm.h"
#include "sanitize/zip_mem.h"

#include "bench_common.h"

static double now(void)
{
    return verdict_now_ms();
}

/* A PDF of pages with text, links, a JavaScript open action and page actions, with object streams. */
static void make_pdf(unsigned pages, Buf *out)
{
    Buf t = BUF_INIT;
    buf_puts(&t, "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
                 "3 0 obj << /S /JavaScript /JS (app.alert\\(1\\)) >> endobj\n");
    buf_puts(&t, "2 0 obj << /Type /Pages /Count ");
    buf_printf(&t, "%u /Kids [", pages);
    for (unsigned i = 0; i < pages; i++)
        buf_printf(&t, "%u 0 R ", 10 + 3 * i);
    buf_puts(&t, "] >> endobj\n");
    for (unsigned i = 0; i < pages; i++) {
        unsigned id = 10 + 3 * i;
        Buf c = BUF_INIT;
        for (int line = 0; line < 60; line++)
            buf_printf(&c, "BT /F1 9 Tf 20 %d Td (Page %u line %d: harmless report text for the benchmark.) Tj ET\n",
                       800 - 12 * line, i, line);
        buf_printf(&t,
                   "%u 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %u 0 R /Annots [%u 0 R] "
                   "/AA << /O << /S /JavaScript /JS (x) >> >> >> endobj\n"
                   "%u 0 obj << /Length %zu >> stream\n%sendstream endobj\n"
                   "%u 0 obj << /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.jp/%u) >> >> endobj\n",
                   id, id + 1, id + 2, id + 1, c.len, buf_str(&c), id + 2, i);
        buf_free(&c);
    }
    buf_printf(&t, "trailer << /Root 1 0 R /Size %u >>\n%%%%EOF\n", 10 + 3 * pages);
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    qpdf_read_memory(q, "gen.pdf", t.data, t.len, NULL);
    qpdf_init_write_memory(q);
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    qpdf_write(q);
    buf_reset(out);
    buf_append(out, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    qpdf_cleanup(&q);
    buf_free(&t);
}

static void qpdf_rewrite(const Buf *in)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    qpdf_read_memory(q, "in.pdf", in->data, in->len, NULL);
    qpdf_init_write_memory(q);
    qpdf_write(q);
    if (!qpdf_get_buffer_length(q))
        abort();
    qpdf_cleanup(&q);
}

/* One PNG chunk: length, type, data, CRC over type and data. */
static void png_chunk(Buf *out, const char *type, const unsigned char *data, size_t n)
{
    unsigned char be[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n};
    buf_append(out, be, 4);
    buf_append(out, type, 4);
    buf_append(out, data, n);
    uLong crc = crc32(crc32(0, (const Bytef *)type, 4), data, (uInt)n);
    unsigned char c[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8), (unsigned char)crc};
    buf_append(out, c, 4);
}

/* A w×h RGB PNG of pseudo-random pixels (what a photo costs: deflate cannot shrink it). */
static void noise_png(unsigned w, unsigned h, Buf *out)
{
    size_t row = 1 + (size_t)w * 3, raw_len = row * h;
    unsigned char *raw = malloc(raw_len);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < raw_len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        raw[i] = i % row == 0 ? 0 : (unsigned char)x; /* filter byte 0 (none) starts each row */
    }
    uLongf z_len = compressBound(raw_len);
    unsigned char *z = malloc(z_len);
    if (compress(z, &z_len, raw, raw_len) != Z_OK)
        abort();
    unsigned char ihdr[13] = {(unsigned char)(w >> 24), (unsigned char)(w >> 16), (unsigned char)(w >> 8), (unsigned char)w,
                              (unsigned char)(h >> 24), (unsigned char)(h >> 16), (unsigned char)(h >> 8), (unsigned char)h,
                              8, 2, 0, 0, 0}; /* 8-bit RGB, no interlace */
    buf_append(out, "\x89PNG\r\n\x1A\n", 8);
    png_chunk(out, "IHDR", ihdr, sizeof ihdr);
    png_chunk(out, "IDAT", z, z_len);
    png_chunk(out, "IEND", NULL, 0);
    free(raw);
    free(z);
}

/* A docm: document with many paragraphs, styles, an image, a VBA project. */
static void make_docx(unsigned paras, Buf *out)
{
    ZipWriter w;
    if (!zipw_open(&w))
        abort();
    const char *ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                     "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                     "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>"
                     "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>"
                     "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/>"
                     "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>";
    zipw_add(&w, "[Content_Types].xml", ct, strlen(ct));
    const char *rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    zipw_add(&w, "_rels/.rels", rels, strlen(rels));
    const char *drels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
                        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\"/>"
                        "<Relationship Id=\"rId3\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>";
    zipw_add(&w, "word/_rels/document.xml.rels", drels, strlen(drels));
    Buf d = BUF_INIT;
    buf_puts(&d, "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
    for (unsigned i = 0; i < paras; i++)
        buf_printf(&d, "<w:p><w:pPr><w:pStyle w:val=\"Body\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>第%u項</w:t></w:r>"
                       "<w:r><w:t xml:space=\"preserve\"> 情報セキュリティ対策基準に基づく報告の本文です。段落 %u。</w:t></w:r></w:p>",
                   i, i);
    buf_puts(&d, "</w:body></w:document>");
    zipw_add(&w, "word/document.xml", d.data, d.len);
    buf_free(&d);
    const char *styles = "<?xml version=\"1.0\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                         "<w:style w:type=\"paragraph\" w:styleId=\"Body\"><w:name w:val=\"Body\"/></w:style></w:styles>";
    zipw_add(&w, "word/styles.xml", styles, strlen(styles));
    /* An image member of incompressible noise: a real PNG, since the disarm decodes and re-encodes images
     * and blocks one it cannot decode. */
    Buf png = BUF_INIT;
    noise_png(256, 256, &png);
    zipw_add(&w, "word/media/image1.png", png.data, png.len);
    buf_free(&png);
    zipw_add(&w, "word/vbaProject.bin", "VBA macro bytes", 15);
    if (!zipw_finish(&w, out))
        abort();
}

static void rezip(const Buf *in)
{
    zip_t *z = zipmem_open((const uint8_t *)in->data, in->len);
    ZipWriter w;
    if (!z || !zipw_open(&w))
        abort();
    Buf m = BUF_INIT, out = BUF_INIT;
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
        if (!zipmem_read(z, (zip_uint64_t)i, &m))
            abort();
        zipw_add(&w, zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW), m.data, m.len);
    }
    if (!zipw_finish(&w, &out))
        abort();
    zip_discard(z);
    buf_free(&m);
    buf_free(&out);
}

static double disarm_ms(const SanitizePolicy *p, const Buf *in, const char *name, bool sandboxed)
{
    Buf out = BUF_INIT;
    double t0 = now();
    if (sandboxed) {
        Verdict *v = NULL;
        Err e;
        if (sanitize_file(p, (const uint8_t *)in->data, in->len, name, &out, &v, &e) != ST_OK || verdict_blocked(v))
            abort();
        verdict_free(v);
    } else {
        Verdict *v = verdict_new(name);
        disarm_file(p, (const uint8_t *)in->data, in->len, name, &out, v, 0);
        if (verdict_blocked(v))
            abort();
        if (getenv("FILE_BENCH_VERBOSE")) {
            char *j = verdict_to_json(v);
            const char *t = strstr(j, "\"timings_ms\"");
            fprintf(stderr, "%.200s\n", t ? t : "");
            free(j);
        }
        verdict_free(v);
    }
    double ms = now() - t0;
    buf_free(&out);
    return ms;
}

static void report(const char *what, size_t bytes, double ours, double base, double sandboxed, const char *base_name)
{
    double mb = (double)bytes / 1048576.0;
    printf("%-6s %6.1f MB: disarm %5.1f MB/s (in sandbox %5.1f MB/s), %s %5.1f MB/s — time ratio %.2f× (sandboxed %.2f×)\n",
           what, mb, mb / (ours / 1000), mb / (sandboxed / 1000), base_name, mb / (base / 1000), ours / base,
           sandboxed / base);
}

/* The `qpdf IN OUT` command itself, process start-up included, as the issue states the baseline. */
static double qpdf_cli_ms(const Buf *in)
{
    char dir[BENCH_PATH_MAX], a[BENCH_PATH_MAX + 8], b[BENCH_PATH_MAX + 8], cmd[2 * BENCH_PATH_MAX + 32];
    bench_tmp_template(dir, sizeof dir, "lgsec-bench");
    if (!mkdtemp(dir))
        abort();
    snprintf(a, sizeof a, "%s/in.pdf", dir);
    snprintf(b, sizeof b, "%s/out.pdf", dir);
    FILE *f = fopen(a, "wb");
    if (!f || fwrite(in->data, 1, in->len, f) != in->len)
        abort();
    fclose(f);
    snprintf(cmd, sizeof cmd, "qpdf '%s' '%s'", a, b);
    double t0 = now();
    int rc = system(cmd);
    double ms = now() - t0;
    remove(a);
    remove(b);
    remove(dir);
    if (rc != 0)
        abort();
    return ms;
}

int main(int argc, char **argv)
{
    unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 5;
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false; /* the scan's cost depends on the signature database, not on us */

    Buf pdf = BUF_INIT, docx = BUF_INIT;
    make_pdf(400, &pdf);
    make_docx(20000, &docx);
    double ours = 0, base = 0, sb = 0, cli = 0;
    for (unsigned r = 0; r < rounds; r++) {
        double t0 = now();
        qpdf_rewrite(&pdf);
        base += now() - t0;
        cli += qpdf_cli_ms(&pdf);
        ours += disarm_ms(&p, &pdf, "bench.pdf", false);
        sb += disarm_ms(&p, &pdf, "bench.pdf", true);
    }
    report("PDF", pdf.len * rounds, ours, base, sb, "libqpdf rewrite");
    report("PDF", pdf.len * rounds, ours, cli, sb, "`qpdf IN OUT`");

    ours = base = sb = 0;
    for (unsigned r = 0; r < rounds; r++) {
        double t0 = now();
        rezip(&docx);
        base += now() - t0;
        ours += disarm_ms(&p, &docx, "bench.docm", false);
        sb += disarm_ms(&p, &docx, "bench.docm", true);
    }
    report("OOXML", docx.len * rounds, ours, base, sb, "unzip+rezip");
    buf_free(&pdf);
    buf_free(&docx);
    return 0;
}
