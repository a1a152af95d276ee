/* Unit tests for image disarm: JPEG, PNG and GIF built here with metadata carrying a payload (EXIF,
 * a comment, a text chunk, GIF comment and application extensions) and a polyglot tail (a ZIP or
 * HTML after the image's end) come out re-encoded, with none of it. The outputs are checked by walkers
 * written here — marker by marker, chunk by chunk (CRCs and the pixel data inflated with zlib, not
 * libpng), block by block — not by the libraries that wrote them. Broken and oversized images block,
 * alone and inside a Word document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gif_lib.h>
#include <jpeglib.h>
#include <png.h>
#include <qpdf/qpdf-c.h>
#include <zlib.h>

#include "sanitize/disarm.h"
#include "sanitize/zip_mem.h"

#define SECRET "SECRET-PAYLOAD"

static Verdict *disarm(const Buf *in, const char *name, Buf *out)
{
    SanitizePolicy p;
    sanitize_policy_defaults(&p);
    p.require_malware_scan = false;
    Verdict *v = verdict_new(name);
    disarm_file(&p, (const uint8_t *)in->data, in->len, name, out, v, 0);
    return v;
}

static bool has(const Buf *b, const char *s)
{
    return b->len && memmem(b->data, b->len, s, strlen(s)) != NULL;
}

static void assert_clean(const Verdict *v, const Buf *out)
{
    if (verdict_blocked(v))
        fail_msg("blocked: %s", verdict_block_code(v));
    assert_true(out->len > 0);
    assert_false(has(out, SECRET));
    assert_false(has(out, "PK\3\4"));
    assert_false(has(out, "<script"));
}

static void expect_block(const Buf *in, const char *name, const char *code)
{
    Buf out = BUF_INIT;
    Verdict *v = disarm(in, name, &out);
    if (!verdict_blocked(v) || strcmp(verdict_block_code(v), code) != 0)
        fail_msg("%s: got %s, want %s", name, verdict_blocked(v) ? verdict_block_code(v) : "not blocked", code);
    assert_int_equal(out.len, 0);
    verdict_free(v);
    buf_free(&out);
}

/* A ZIP (local header, central directory, end record) that unzip would open: the classic polyglot. */
static void append_zip_tail(Buf *b)
{
    ZipWriter w;
    assert_true(zipw_open(&w));
    assert_true(zipw_add(&w, "payload.html", "<script>" SECRET "</script>", strlen("<script>" SECRET "</script>")));
    Buf z = BUF_INIT;
    assert_true(zipw_finish(&w, &z));
    buf_append(b, z.data, z.len);
    buf_free(&z);
}

/* ---- inputs, written with the libraries ---- */

static void make_jpeg(Buf *out, unsigned w, unsigned h, bool with_metadata)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *mem = NULL;
    unsigned long len = 0;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &mem, &len);
    c.image_width = w;
    c.image_height = h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_start_compress(&c, TRUE);
    if (with_metadata) {
        static const char exif[] = "Exif\0\0GPS 43.2N 141.8E " SECRET;
        jpeg_write_marker(&c, JPEG_APP0 + 1, (const JOCTET *)exif, sizeof exif);
        static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>" SECRET "</x:xmpmeta>";
        jpeg_write_marker(&c, JPEG_APP0 + 1, (const JOCTET *)xmp, sizeof xmp);
        static const char com[] = "<script>alert('" SECRET "')</script>";
        jpeg_write_marker(&c, JPEG_COM, (const JOCTET *)com, sizeof com - 1);
    }
    unsigned char *row = malloc(w * 3);
    for (unsigned y = 0; y < h; y++) {
        for (unsigned x = 0; x < w; x++) {
            row[3 * x] = (unsigned char)(x * 255 / w);
            row[3 * x + 1] = (unsigned char)(y * 255 / h);
            row[3 * x + 2] = 128;
        }
        JSAMPROW r = row;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    buf_append(out, mem, len);
    free(mem);
    free(row);
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void append_png_chunk(Buf *b, const char *type, const void *data, size_t n)
{
    uint8_t head[8];
    put_be32(head, (uint32_t)n);
    memcpy(head + 4, type, 4);
    buf_append(b, head, 8);
    buf_append(b, data, n);
    uLong crc = crc32(0, (const Bytef *)type, 4);
    crc = crc32(crc, (const Bytef *)data, (uInt)n);
    uint8_t c[4];
    put_be32(c, (uint32_t)crc);
    buf_append(b, c, 4);
}

static void make_png(Buf *out, unsigned w, unsigned h, bool with_metadata)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = w;
    img.height = h;
    img.format = PNG_FORMAT_RGBA;
    uint8_t *px = malloc(PNG_IMAGE_SIZE(img));
    for (size_t i = 0; i < PNG_IMAGE_SIZE(img); i++)
        px[i] = (uint8_t)(i * 7);
    png_alloc_size_t len = 0;
    assert_true(png_image_write_to_memory(&img, NULL, &len, 0, px, 0, NULL));
    uint8_t *mem = malloc(len);
    assert_true(png_image_write_to_memory(&img, mem, &len, 0, px, 0, NULL));
    if (!with_metadata) {
        buf_append(out, mem, len);
    } else {
        /* signature + IHDR (8 + 25 bytes), then text chunks, then the rest */
        buf_append(out, mem, 33);
        append_png_chunk(out, "tEXt", "Comment\0" SECRET, sizeof "Comment\0" SECRET - 1);
        append_png_chunk(out, "iTXt", "XML:com.adobe.xmp\0\0\0\0\0<x>" SECRET "</x>",
                         sizeof "XML:com.adobe.xmp\0\0\0\0\0<x>" SECRET "</x>" - 1);
        buf_append(out, mem + 33, len - 33);
    }
    free(mem);
    free(px);
}

static int gif_out(GifFileType *g, const GifByteType *src, int len)
{
    buf_append(g->UserData, src, (size_t)len);
    return len;
}

static void make_gif(Buf *out, int w, int h, int frames, bool with_metadata)
{
    int err = 0;
    GifFileType *g = EGifOpen(out, gif_out, &err);
    assert_non_null(g);
    EGifSetGifVersion(g, true);
    GifColorType colors[4] = {{0, 0, 0}, {255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
    ColorMapObject *map = GifMakeMapObject(4, colors);
    assert_int_equal(EGifPutScreenDesc(g, w, h, 2, 0, map), GIF_OK);
    if (with_metadata) {
        assert_int_equal(EGifPutComment(g, "<script>" SECRET "</script>"), GIF_OK);
        assert_int_equal(EGifPutExtensionLeader(g, APPLICATION_EXT_FUNC_CODE), GIF_OK);
        assert_int_equal(EGifPutExtensionBlock(g, 11, "XMP DataXMP"), GIF_OK);
        assert_int_equal(EGifPutExtensionBlock(g, (int)strlen(SECRET), SECRET), GIF_OK);
        assert_int_equal(EGifPutExtensionTrailer(g), GIF_OK);
    }
    GifPixelType *row = malloc((size_t)w);
    for (int f = 0; f < frames; f++) {
        GraphicsControlBlock gcb = {.DisposalMode = DISPOSE_DO_NOT, .DelayTime = 50, .TransparentColor = NO_TRANSPARENT_COLOR};
        GifByteType ext[4];
        EGifGCBToExtension(&gcb, ext);
        assert_int_equal(EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, 4, ext), GIF_OK);
        assert_int_equal(EGifPutImageDesc(g, 0, 0, w, h, false, NULL), GIF_OK);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++)
                row[x] = (GifPixelType)((x + y + f) % 4);
            assert_int_equal(EGifPutLine(g, row, w), GIF_OK);
        }
    }
    assert_int_equal(EGifCloseFile(g, &err), GIF_OK);
    GifFreeMapObject(map);
    free(row);
}

/* ---- walkers for the outputs ---- */

/* JPEG: SOI, then only JFIF APP0, tables, frame and scan segments, entropy data, and EOI as the
 * very last two bytes. Returns the frame's width × height. */
static void walk_jpeg(const Buf *b, unsigned *w, unsigned *h)
{
    const uint8_t *p = (const uint8_t *)b->data;
    size_t n = b->len, i = 2;
    assert_true(n > 4 && p[0] == 0xFF && p[1] == 0xD8);
    *w = *h = 0;
    for (;;) {
        assert_true(i + 4 <= n);
        assert_int_equal(p[i], 0xFF);
        uint8_t m = p[i + 1];
        size_t len = (size_t)p[i + 2] << 8 | p[i + 3];
        if (m == 0xE0)
            assert_memory_equal(p + i + 4, "JFIF\0", 5);
        else if (!(m == 0xDB || m == 0xC4 || m == 0xDD || m == 0xC0 || m == 0xC1 || m == 0xC2 || m == 0xDA))
            fail_msg("JPEG marker FF%02X left in the output", m);
        if (m >= 0xC0 && m <= 0xC2) {
            *h = (unsigned)p[i + 5] << 8 | p[i + 6];
            *w = (unsigned)p[i + 7] << 8 | p[i + 8];
        }
        i += 2 + len;
        if (m != 0xDA)
            continue;
        /* entropy-coded data: FF00 stuffing and RSTn markers inside; anything else ends it */
        while (i + 1 < n && !(p[i] == 0xFF && p[i + 1] != 0x00 && !(p[i + 1] >= 0xD0 && p[i + 1] <= 0xD7)))
            i++;
        assert_true(i + 1 < n);
        if (p[i + 1] == 0xD9)
            break;
    }
    assert_int_equal(i + 2, n); /* nothing after EOI */
}

/* PNG: every chunk's CRC, only the critical chunks and colour information, IEND last; the pixel
 * data inflated with zlib to exactly height × (1 + width × channels) bytes. */
static void walk_png(const Buf *b, unsigned *w, unsigned *h, unsigned *channels)
{
    const uint8_t *p = (const uint8_t *)b->data;
    size_t n = b->len, i = 8;
    assert_true(n > 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0);
    Buf idat = BUF_INIT;
    bool end = false;
    while (!end) {
        assert_true(i + 12 <= n);
        size_t len = be32(p + i);
        assert_true(len <= n - i - 12);
        char type[5] = {0};
        memcpy(type, p + i + 4, 4);
        uLong crc = crc32(0, p + i + 4, (uInt)(4 + len));
        assert_int_equal(crc, be32(p + i + 8 + len));
        if (strcmp(type, "IHDR") == 0) {
            *w = be32(p + i + 8);
            *h = be32(p + i + 12);
            assert_int_equal(p[i + 16], 8); /* bit depth */
            static const unsigned ch[] = {1, 0, 3, 1, 2, 0, 4};
            assert_true(p[i + 17] <= 6 && ch[p[i + 17]]);
            *channels = ch[p[i + 17]];
        } else if (strcmp(type, "IDAT") == 0) {
            buf_append(&idat, p + i + 8, len);
        } else if (strcmp(type, "IEND") == 0) {
            end = true;
        } else if (strcmp(type, "PLTE") != 0 && strcmp(type, "tRNS") != 0 && strcmp(type, "gAMA") != 0 &&
                   strcmp(type, "sRGB") != 0 && strcmp(type, "cHRM") != 0) {
            fail_msg("PNG chunk %s left in the output", type);
        }
        i += 12 + len;
    }
    assert_int_equal(i, n); /* nothing after IEND */
    uLongf want = (uLongf)*h * (1 + (uLongf)*w * *channels), got = want + 1;
    Bytef *raw = malloc(want + 1);
    assert_int_equal(uncompress(raw, &got, (const Bytef *)idat.data, (uLong)idat.len), Z_OK);
    assert_int_equal(got, want);
    free(raw);
    buf_free(&idat);
}

/* GIF: header, screen, colour table, then only graphics control extensions and images (their LZW
 * data as sub-blocks), the trailer as the last byte. Returns the number of images. */
static int walk_gif(const Buf *b)
{
    const uint8_t *p = (const uint8_t *)b->data;
    size_t n = b->len, i = 13;
    assert_true(n > 13 && (memcmp(p, "GIF89a", 6) == 0 || memcmp(p, "GIF87a", 6) == 0));
    if (p[10] & 0x80)
        i += 3u << ((p[10] & 7) + 1);
    int images = 0;
    for (;;) {
        assert_true(i < n);
        if (p[i] == 0x3B)
            break;
        if (p[i] == 0x21) {
            if (p[i + 1] != 0xF9)
                fail_msg("GIF extension %02X left in the output", p[i + 1]);
            i += 2;
        } else {
            assert_int_equal(p[i], 0x2C);
            uint8_t flags = p[i + 9];
            i += 10;
            if (flags & 0x80)
                i += 3u << ((flags & 7) + 1);
            i++; /* LZW minimum code size */
            images++;
        }
        while (i < n && p[i]) /* sub-blocks */
            i += 1u + p[i];
        i++;
    }
    assert_int_equal(i + 1, n); /* nothing after the trailer */
    return images;
}

/* ---- tests ---- */

static void jpeg_loses_metadata_and_tail(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    make_jpeg(&in, 64, 48, true);
    append_zip_tail(&in);
    assert_true(has(&in, SECRET));
    assert_true(has(&in, "PK\3\4")); /* the ZIP is there, to be opened by whoever scans for it */
    Verdict *v = disarm(&in, "photo.jpg", &out);
    assert_clean(v, &out);
    unsigned w, h;
    walk_jpeg(&out, &w, &h);
    assert_int_equal(w, 64);
    assert_int_equal(h, 48);
    char *j = verdict_to_json(v);
    assert_non_null(strstr(j, "APP segment"));
    assert_non_null(strstr(j, "after the end of the image"));
    assert_non_null(strstr(j, "\"type\":\"jpeg\""));
    free(j);
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void png_loses_text_chunks_and_tail(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    make_png(&in, 40, 30, true);
    buf_puts(&in, "<html><script>" SECRET "</script></html>");
    Verdict *v = disarm(&in, "figure.png", &out);
    assert_clean(v, &out);
    unsigned w, h, ch;
    walk_png(&out, &w, &h, &ch);
    assert_int_equal(w, 40);
    assert_int_equal(h, 30);
    assert_int_equal(ch, 4); /* the alpha channel is kept */
    char *j = verdict_to_json(v);
    assert_non_null(strstr(j, "tEXt"));
    assert_non_null(strstr(j, "iTXt"));
    assert_non_null(strstr(j, "after the end of the image"));
    free(j);
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void gif_keeps_frames_loses_extensions_and_tail(void **state)
{
    (void)state;
    Buf in = BUF_INIT, out = BUF_INIT;
    make_gif(&in, 20, 10, 3, true);
    append_zip_tail(&in);
    Verdict *v = disarm(&in, "anime.gif", &out);
    assert_clean(v, &out);
    assert_int_equal(walk_gif(&out), 3);
    char *j = verdict_to_json(v);
    assert_non_null(strstr(j, "extension block"));
    free(j);
    verdict_free(v);
    buf_free(&in);
    buf_free(&out);
}

static void clean_images_pass_re_encoded(void **state)
{
    (void)state;
    Buf j = BUF_INIT, p = BUF_INIT, g = BUF_INIT, out = BUF_INIT;
    make_jpeg(&j, 17, 9, false);
    make_png(&p, 5, 5, false);
    make_gif(&g, 3, 3, 1, false);
    Verdict *v = disarm(&j, "a.jpeg", &out);
    assert_clean(v, &out);
    unsigned w, h, ch;
    walk_jpeg(&out, &w, &h);
    verdict_free(v);
    v = disarm(&p, NULL, &out);
    assert_clean(v, &out);
    walk_png(&out, &w, &h, &ch);
    verdict_free(v);
    v = disarm(&g, "a.GIF", &out);
    assert_clean(v, &out);
    assert_int_equal(walk_gif(&out), 1);
    verdict_free(v);
    buf_free(&j);
    buf_free(&p);
    buf_free(&g);
    buf_free(&out);
}

static void bad_images_block(void **state)
{
    (void)state;
    Buf j = BUF_INIT, p = BUF_INIT, g = BUF_INIT, t = BUF_INIT;
    make_jpeg(&j, 64, 64, false);
    make_png(&p, 16, 16, false);
    make_gif(&g, 16, 16, 1, false);
    /* cut in the middle of the picture data */
    buf_append(&t, j.data, j.len / 2);
    expect_block(&t, "cut.jpg", "image_malformed");
    buf_reset(&t);
    buf_append(&t, p.data, p.len - 20);
    expect_block(&t, "cut.png", "image_malformed");
    buf_reset(&t);
    buf_append(&t, g.data, g.len / 2);
    expect_block(&t, "cut.gif", "image_malformed");
    /* a PNG chunk whose CRC does not match */
    buf_reset(&t);
    buf_append(&t, p.data, p.len);
    t.data[40] ^= 0x55;
    expect_block(&t, "crc.png", "image_malformed");
    /* only the signatures */
    buf_reset(&t);
    buf_append(&t, "\xFF\xD8\xFF\xE0 garbage", 12);
    expect_block(&t, "x.jpg", "image_malformed");
    buf_reset(&t);
    buf_append(&t, "GIF89a\1\0\1\0", 10);
    expect_block(&t, "x.gif", "image_malformed");
    /* a picture claiming 60,000 × 60,000 pixels: a decompression bomb */
    buf_reset(&t);
    buf_append(&t, p.data, p.len);
    put_be32((uint8_t *)t.data + 16, 60000);
    put_be32((uint8_t *)t.data + 20, 60000);
    uLong crc = crc32(0, (const Bytef *)t.data + 12, 17);
    put_be32((uint8_t *)t.data + 29, (uint32_t)crc);
    expect_block(&t, "bomb.png", "image_too_large");
    buf_reset(&t);
    buf_append(&t, j.data, j.len);
    for (size_t i = 2; i + 9 < t.len; i++)
        if ((uint8_t)t.data[i] == 0xFF && (uint8_t)t.data[i + 1] == 0xC0) {
            t.data[i + 5] = t.data[i + 7] = (char)0xEA; /* 0xEA60 = 60,000 */
            t.data[i + 6] = t.data[i + 8] = 0x60;
            break;
        }
    expect_block(&t, "bomb.jpg", "image_too_large");
    /* a PNG named .jpg */
    expect_block(&p, "photo.jpg", "name_mismatch");
    buf_free(&j);
    buf_free(&p);
    buf_free(&g);
    buf_free(&t);
}

/* ---- pictures inside a Word document ---- */

#define RELS_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
#define OD "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void docx_with_picture(Buf *out, const Buf *picture)
{
    ZipWriter w;
    assert_true(zipw_open(&w));
    const char *ct =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document.main+xml\"/></Types>";
    const char *rels = RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" OD "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    const char *doc = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                      "<w:body><w:p><w:r><w:t>図を添付します</w:t></w:r></w:p></w:body></w:document>";
    const char *doc_rels = RELS_HEAD "<Relationship Id=\"rIdI\" Type=\"" OD "image\" Target=\"media/image1.png\"/></Relationships>";
    assert_true(zipw_add(&w, "[Content_Types].xml", ct, strlen(ct)));
    assert_true(zipw_add(&w, "_rels/.rels", rels, strlen(rels)));
    assert_true(zipw_add(&w, "word/document.xml", doc, strlen(doc)));
    assert_true(zipw_add(&w, "word/_rels/document.xml.rels", doc_rels, strlen(doc_rels)));
    assert_true(zipw_add(&w, "word/media/image1.png", picture->data, picture->len));
    assert_true(zipw_finish(&w, out));
}

static void docx_pictures_are_re_encoded_or_block(void **state)
{
    (void)state;
    Buf pic = BUF_INIT, in = BUF_INIT, out = BUF_INIT;
    make_png(&pic, 12, 8, true);
    buf_puts(&pic, "<script>" SECRET "</script>");
    docx_with_picture(&in, &pic);
    Verdict *v = disarm(&in, "report.docx", &out);
    if (verdict_blocked(v))
        fail_msg("blocked: %s", verdict_block_code(v));
    zip_t *z = zipmem_open((const uint8_t *)out.data, out.len);
    assert_non_null(z);
    zip_int64_t idx = zip_name_locate(z, "word/media/image1.png", 0);
    assert_true(idx >= 0);
    Buf m = BUF_INIT;
    assert_true(zipmem_read(z, (zip_uint64_t)idx, &m));
    zip_discard(z);
    assert_false(has(&m, SECRET));
    unsigned w, h, ch;
    walk_png(&m, &w, &h, &ch);
    assert_int_equal(w, 12);
    char *j = verdict_to_json(v);
    assert_non_null(strstr(j, "picture re-encoded"));
    free(j);
    verdict_free(v);

    /* a "picture" that is not one blocks the document */
    buf_reset(&pic);
    buf_puts(&pic, "MZ not a picture " SECRET);
    buf_reset(&in);
    docx_with_picture(&in, &pic);
    expect_block(&in, "report.docx", "image_malformed");
    buf_free(&m);
    buf_free(&pic);
    buf_free(&in);
    buf_free(&out);
}

/* ---- JPEG pictures inside a PDF ---- */

static void pdf_with_jpeg(const Buf *jpeg, Buf *out)
{
    static const char text[] =
        "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im1 5 0 R >> >> "
        "/Contents 4 0 R >> endobj\n"
        "4 0 obj << /Length 30 >> stream\nq 64 0 0 48 10 10 cm /Im1 Do Q\nendstream endobj\n"
        "5 0 obj << /Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
        "/Filter /DCTDecode /Length 1 >> stream\nx\nendstream endobj\n"
        "trailer << /Root 1 0 R /Size 6 >>\n%%EOF\n";
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    assert_false(qpdf_read_memory(q, "t.pdf", text, sizeof text - 1, NULL) & QPDF_ERRORS);
    qpdf_oh img = qpdf_get_object_by_id(q, 5, 0);
    qpdf_oh filter = qpdf_oh_new_name(q, "/DCTDecode"), parms = qpdf_oh_new_null(q);
    qpdf_oh_replace_stream_data(q, img, (const unsigned char *)jpeg->data, jpeg->len, filter, parms);
    assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    buf_reset(out);
    buf_append(out, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    qpdf_cleanup(&q);
}

/* The raw (still DCT-encoded) bytes of the page's picture /Im1. */
static void pdf_picture(const Buf *pdf, Buf *out)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    assert_false(qpdf_read_memory(q, "o.pdf", pdf->data, pdf->len, NULL) & QPDF_ERRORS);
    qpdf_oh page = qpdf_get_page_n(q, 0);
    qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
    qpdf_oh xo = qpdf_oh_get_key(q, res, "/XObject");
    qpdf_oh img = qpdf_oh_get_key(q, xo, "/Im1");
    unsigned char *raw = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    assert_false(qpdf_oh_get_stream_data(q, img, qpdf_dl_none, &filtered, &raw, &len) & QPDF_ERRORS);
    buf_reset(out);
    buf_append(out, raw, len);
    free(raw);
    qpdf_cleanup(&q);
}

static void pdf_jpeg_pictures_are_re_encoded_or_block(void **state)
{
    (void)state;
    Buf jpeg = BUF_INIT, in = BUF_INIT, out = BUF_INIT, pic = BUF_INIT;
    make_jpeg(&jpeg, 64, 48, true);
    append_zip_tail(&jpeg);
    pdf_with_jpeg(&jpeg, &in);
    assert_true(has(&in, SECRET));
    Verdict *v = disarm(&in, "scan.pdf", &out);
    if (verdict_blocked(v))
        fail_msg("blocked: %s", verdict_block_code(v));
    assert_false(has(&out, SECRET));
    pdf_picture(&out, &pic);
    unsigned w, h;
    walk_jpeg(&pic, &w, &h);
    assert_int_equal(w, 64);
    assert_int_equal(h, 48);
    char *j = verdict_to_json(v);
    assert_non_null(strstr(j, "1 JPEG picture(s) re-encoded"));
    free(j);
    verdict_free(v);
    /* a picture cut in half blocks the document */
    buf_reset(&jpeg);
    make_jpeg(&jpeg, 64, 48, false);
    jpeg.len /= 2;
    pdf_with_jpeg(&jpeg, &in);
    expect_block(&in, "scan.pdf", "image_malformed");
    buf_free(&jpeg);
    buf_free(&in);
    buf_free(&out);
    buf_free(&pic);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jpeg_loses_metadata_and_tail),
        cmocka_unit_test(png_loses_text_chunks_and_tail),
        cmocka_unit_test(gif_keeps_frames_loses_extensions_and_tail),
        cmocka_unit_test(clean_images_pass_re_encoded),
        cmocka_unit_test(bad_images_block),
        cmocka_unit_test(docx_pictures_are_re_encoded_or_block),
        cmocka_unit_test(pdf_jpeg_pictures_are_re_encoded_or_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
