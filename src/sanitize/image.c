/* Image disarm (disarm_types.h): JPEG, PNG and GIF are decoded to pixels and encoded anew, so that
 * nothing but the picture survives — no metadata (EXIF with its GPS position, XMP, ICC profiles,
 * comments, text chunks, application extensions), no bytes after the image's end (the place of
 * polyglot payloads: a ZIP or HTML glued to a picture), no malformed structure aimed at a viewer.
 * libjpeg-turbo, libpng (simplified API) and giflib, all Debian packages. An image that does not
 * decode completely, or is larger than IMAGE_MAX_PIXELS, blocks. */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>
#include <jpeglib.h> /* after stdio.h: it uses FILE and size_t */
#include <png.h>

#include "core/xmalloc.h"
#include "sanitize/disarm_types.h"

/* 50 megapixels: a 8,000 × 6,000 photograph; more is a decompression bomb rather than a picture. */
#define IMAGE_MAX_PIXELS (50u * 1000u * 1000u)
#define GIF_MAX_FRAMES 1000u
#define JPEG_QUALITY 90

const char *image_kind(const uint8_t *in, size_t n)
{
    if (n >= 8 && memcmp(in, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "png";
    if (n >= 3 && memcmp(in, "\xFF\xD8\xFF", 3) == 0)
        return "jpeg";
    if (n >= 6 && (memcmp(in, "GIF87a", 6) == 0 || memcmp(in, "GIF89a", 6) == 0))
        return "gif";
    return NULL;
}

static void malformed(Verdict *v, const char *kind, const char *why)
{
    verdict_block(v, "image_malformed", "画像を最後まで正しく読み取れないため遮断しました。",
                  "blocked: the image cannot be read completely and correctly");
    verdict_note(v, "%s: %s", kind, why);
}

static void too_large(Verdict *v, unsigned long w, unsigned long h)
{
    verdict_block(v, "image_too_large", "画像の画素数が多すぎるため遮断しました。",
                  "blocked: the image has too many pixels");
    verdict_note(v, "%lu x %lu pixels (limit %u)", w, h, IMAGE_MAX_PIXELS);
}

static bool pixels_ok(unsigned long w, unsigned long h)
{
    return w > 0 && h > 0 && w <= IMAGE_MAX_PIXELS && h <= IMAGE_MAX_PIXELS / w;
}

/* ---- JPEG ---- */

typedef struct JpegErr {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];
} JpegErr;

static void jpeg_fail(j_common_ptr c)
{
    JpegErr *e = (JpegErr *)c->err;
    c->err->format_message(c, e->msg);
    longjmp(e->jump, 1);
}

/* Warnings (a corrupt entropy segment that libjpeg would paint grey) are failures too: the image is
 * not what it claims to be. */
static void jpeg_warn(j_common_ptr c, int level)
{
    if (level < 0)
        jpeg_fail(c);
}

/* Counts what the re-encoding leaves behind: APPn and COM segments, and bytes after EOI. */
static void jpeg_note_dropped(const uint8_t *in, size_t n, Verdict *v)
{
    unsigned app = 0, com = 0;
    size_t i = 2;
    while (i + 4 <= n && in[i] == 0xFF) {
        uint8_t m = in[i + 1];
        if (m == 0xDA || m == 0xD9)
            break; /* start of scan: entropy-coded data follows */
        size_t len = (size_t)in[i + 2] << 8 | in[i + 3];
        if (m >= 0xE1 && m <= 0xEF) /* APP0 (JFIF) is written anew */
            app++;
        else if (m == 0xFE)
            com++;
        i += 2 + len;
    }
    if (app)
        verdict_removed(v, "JPEG: %u APP segment(s) (EXIF, XMP, ICC profile, …)", app);
    if (com)
        verdict_removed(v, "JPEG: %u comment(s)", com);
    /* The last EOI marker ends the image for viewers; anything after it is a payload. */
    for (size_t k = n; k >= 2; k--) {
        if (in[k - 2] == 0xFF && in[k - 1] == 0xD9) {
            if (k < n)
                verdict_removed(v, "JPEG: %zu byte(s) after the end of the image", n - k);
            break;
        }
    }
}

static void jpeg_disarm(const uint8_t *in, size_t n, Buf *out, Verdict *v)
{
    struct jpeg_decompress_struct d;
    struct jpeg_compress_struct c;
    JpegErr de, ce;
    unsigned char *volatile row = NULL;
    unsigned char *mem = NULL;
    unsigned long mem_len = 0;
    volatile bool have_c = false;
    memset(&d, 0, sizeof d);
    memset(&c, 0, sizeof c);
    d.err = jpeg_std_error(&de.mgr);
    de.mgr.error_exit = jpeg_fail;
    de.mgr.emit_message = jpeg_warn;
    c.err = jpeg_std_error(&ce.mgr);
    ce.mgr.error_exit = jpeg_fail;
    if (setjmp(de.jump) || setjmp(ce.jump)) {
        malformed(v, "JPEG", de.msg[0] ? de.msg : ce.msg);
        goto done;
    }
    de.msg[0] = ce.msg[0] = '\0';
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, in, (unsigned long)n);
    jpeg_read_header(&d, TRUE);
    if (!pixels_ok(d.image_width, d.image_height)) {
        too_large(v, d.image_width, d.image_height);
        goto done;
    }
    /* Keep CMYK as CMYK (print material); everything else becomes RGB or grey. */
    bool cmyk = d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK;
    bool grey = d.jpeg_color_space == JCS_GRAYSCALE;
    d.out_color_space = cmyk ? JCS_CMYK : grey ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&d);
    jpeg_create_compress(&c);
    have_c = true;
    jpeg_mem_dest(&c, &mem, &mem_len);
    c.image_width = d.output_width;
    c.image_height = d.output_height;
    c.input_components = d.output_components;
    c.in_color_space = d.out_color_space;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, JPEG_QUALITY, TRUE);
    c.write_JFIF_header = TRUE;
    if (cmyk)
        jpeg_set_colorspace(&c, JCS_CMYK);
    jpeg_start_compress(&c, TRUE);
    row = xmalloc((size_t)d.output_width * (size_t)d.output_components);
    while (d.output_scanline < d.output_height) {
        JSAMPROW r = row;
        if (jpeg_read_scanlines(&d, &r, 1) != 1) {
            malformed(v, "JPEG", "truncated");
            goto done;
        }
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_decompress(&d);
    jpeg_finish_compress(&c);
    buf_append(out, mem, mem_len);
    jpeg_note_dropped(in, n, v);
    verdict_removed(v, "JPEG: re-encoded from its pixels (%ux%u)", d.output_width, d.output_height);
done:
    free(row);
    jpeg_destroy_decompress(&d);
    if (have_c)
        jpeg_destroy_compress(&c);
    free(mem);
}

/* ---- PNG ---- */

/* Lists the ancillary chunks (tEXt, iTXt, zTXt, eXIf, iCCP, …) and bytes after IEND, which the
 * simplified writer does not reproduce. */
static void png_note_dropped(const uint8_t *in, size_t n, Verdict *v)
{
    static const char *const kept[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "sRGB", "cHRM", NULL};
    unsigned dropped = 0;
    size_t i = 8;
    while (i + 12 <= n) {
        size_t len = (size_t)in[i] << 24 | (size_t)in[i + 1] << 16 | (size_t)in[i + 2] << 8 | in[i + 3];
        char type[5];
        memcpy(type, in + i + 4, 4);
        type[4] = '\0';
        bool keep = false;
        for (const char *const *k = kept; *k; k++)
            keep = keep || strcmp(type, *k) == 0;
        if (!keep && dropped++ < 8)
            verdict_removed(v, "PNG: %s chunk", type);
        if (len > n - i - 12)
            break;
        i += 12 + len;
        if (strcmp(type, "IEND") == 0) {
            if (i < n)
                verdict_removed(v, "PNG: %zu byte(s) after the end of the image", n - i);
            break;
        }
    }
    if (dropped > 8)
        verdict_removed(v, "PNG: %u more chunk(s)", dropped - 8);
}

static void png_disarm(const uint8_t *in, size_t n, Buf *out, Verdict *v)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    void *pixels = NULL, *mem = NULL;
    if (!png_image_begin_read_from_memory(&img, in, n)) {
        malformed(v, "PNG", img.message);
        goto done;
    }
    if (!pixels_ok(img.width, img.height)) {
        too_large(v, img.width, img.height);
        goto done;
    }
    /* 8 bits per channel, sRGB; grey stays grey, alpha stays when there is some. */
    img.format = (img.format & PNG_FORMAT_FLAG_COLOR ? PNG_FORMAT_FLAG_COLOR : 0) |
                 (img.format & PNG_FORMAT_FLAG_ALPHA ? PNG_FORMAT_FLAG_ALPHA : 0);
    pixels = xmalloc(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, NULL, pixels, 0, NULL)) {
        malformed(v, "PNG", img.message);
        goto done;
    }
    png_alloc_size_t len = 0;
    if (!png_image_write_to_memory(&img, NULL, &len, 0, pixels, 0, NULL)) {
        malformed(v, "PNG", img.message);
        goto done;
    }
    mem = xmalloc(len);
    if (!png_image_write_to_memory(&img, mem, &len, 0, pixels, 0, NULL)) {
        malformed(v, "PNG", img.message);
        goto done;
    }
    buf_append(out, mem, len);
    png_note_dropped(in, n, v);
    verdict_removed(v, "PNG: re-encoded from its pixels (%ux%u)", img.width, img.height);
done:
    png_image_free(&img);
    free(pixels);
    free(mem);
}

/* ---- GIF ---- */

typedef struct MemReader {
    const uint8_t *p;
    size_t n, off;
} MemReader;

static int gif_read(GifFileType *g, GifByteType *dst, int len)
{
    MemReader *r = g->UserData;
    size_t k = len < 0 ? 0 : (size_t)len;
    if (k > r->n - r->off)
        k = r->n - r->off;
    memcpy(dst, r->p + r->off, k);
    r->off += k;
    return (int)k;
}

static int gif_write(GifFileType *g, const GifByteType *src, int len)
{
    buf_append(g->UserData, src, (size_t)len);
    return len;
}

/* Writes the decoded frames anew: screen, colour maps, each frame's graphics control (delay,
 * transparency, disposal) and pixels; no comments, no application or plain-text extensions. */
static bool gif_encode(const GifFileType *in, Buf *out, int *err)
{
    GifFileType *g = EGifOpen(out, gif_write, err);
    if (!g)
        return false;
    EGifSetGifVersion(g, true);
    bool ok = EGifPutScreenDesc(g, in->SWidth, in->SHeight, in->SColorResolution, in->SBackGroundColor,
                                in->SColorMap) == GIF_OK;
    for (int i = 0; ok && i < in->ImageCount; i++) {
        const SavedImage *s = &in->SavedImages[i];
        GraphicsControlBlock gcb;
        if (DGifSavedExtensionToGCB((GifFileType *)in, i, &gcb) == GIF_OK) {
            GifByteType ext[4];
            EGifGCBToExtension(&gcb, ext);
            ok = EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, 4, ext) == GIF_OK;
        }
        /* DGifSlurp stores rows de-interlaced: write them in order, not interlaced. */
        ok = ok && EGifPutImageDesc(g, s->ImageDesc.Left, s->ImageDesc.Top, s->ImageDesc.Width,
                                    s->ImageDesc.Height, false, s->ImageDesc.ColorMap) == GIF_OK;
        for (int y = 0; ok && y < s->ImageDesc.Height; y++)
            ok = EGifPutLine(g, s->RasterBits + (size_t)y * (size_t)s->ImageDesc.Width, s->ImageDesc.Width) == GIF_OK;
    }
    int close_err = 0;
    bool closed = EGifCloseFile(g, &close_err) == GIF_OK;
    if (!ok && err && !*err)
        *err = close_err;
    return ok && closed;
}

static void gif_disarm(const uint8_t *in, size_t n, Buf *out, Verdict *v)
{
    MemReader r = {in, n, 0};
    int err = 0;
    GifFileType *g = DGifOpen(&r, gif_read, &err);
    if (!g) {
        malformed(v, "GIF", GifErrorString(err));
        return;
    }
    if (!pixels_ok((unsigned long)g->SWidth, (unsigned long)g->SHeight)) {
        too_large(v, (unsigned long)g->SWidth, (unsigned long)g->SHeight);
        DGifCloseFile(g, &err);
        return;
    }
    /* DGifSlurp allocates each frame as declared: bound the frames' pixels before it runs is not
     * possible, so the sandbox's memory limit is the bound; frames are checked after. */
    if (DGifSlurp(g) != GIF_OK) {
        malformed(v, "GIF", GifErrorString(g->Error));
        DGifCloseFile(g, &err);
        return;
    }
    unsigned long total = 0;
    bool fits = g->ImageCount > 0 && (unsigned)g->ImageCount <= GIF_MAX_FRAMES;
    unsigned extensions = (unsigned)g->ExtensionBlockCount;
    for (int i = 0; fits && i < g->ImageCount; i++) {
        const GifImageDesc *d = &g->SavedImages[i].ImageDesc;
        unsigned long px = (unsigned long)d->Width * (unsigned long)d->Height;
        fits = d->Left >= 0 && d->Top >= 0 && d->Left + d->Width <= g->SWidth && d->Top + d->Height <= g->SHeight &&
               (d->ColorMap || g->SColorMap) && px <= IMAGE_MAX_PIXELS - total;
        total += px;
        for (int k = 0; k < g->SavedImages[i].ExtensionBlockCount; k++)
            extensions += g->SavedImages[i].ExtensionBlocks[k].Function != GRAPHICS_EXT_FUNC_CODE;
    }
    if (!fits) {
        malformed(v, "GIF", g->ImageCount ? "frames outside the screen, without colours, or too many" : "no image");
        DGifCloseFile(g, &err);
        return;
    }
    Buf enc = BUF_INIT;
    if (!gif_encode(g, &enc, &err)) {
        malformed(v, "GIF", GifErrorString(err));
    } else {
        buf_append(out, enc.data, enc.len);
        if (extensions)
            verdict_removed(v, "GIF: %u extension block(s) (comments, application data)", extensions);
        /* giflib stops at the trailer (0x3B): what follows it was never read. */
        if (r.off < n)
            verdict_removed(v, "GIF: %zu byte(s) after the end of the image", n - r.off);
        verdict_removed(v, "GIF: re-encoded from its pixels (%dx%d, %d frame(s))", g->SWidth, g->SHeight,
                        g->ImageCount);
    }
    buf_free(&enc);
    DGifCloseFile(g, &err);
}

void image_disarm(const char *kind, const uint8_t *in, size_t n, Buf *out, Verdict *v)
{
    buf_reset(out);
    if (strcmp(kind, "jpeg") == 0)
        jpeg_disarm(in, n, out, v);
    else if (strcmp(kind, "png") == 0)
        png_disarm(in, n, out, v);
    else
        gif_disarm(in, n, out, v);
    if (verdict_blocked(v))
        buf_reset(out);
}
