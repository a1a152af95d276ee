/* labels: A4 label sheets as PDF (see labels.h). Layout: 2 columns × 8 rows of 90 × 33 mm labels
 * with a 15 mm top margin, the common size of A4 label paper (e.g. 16 面). Text that does not fit is
 * shrunk, never cut, because a label that hides part of its 取扱制限 misleads. */
#include "report/labels.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"

#define MM (72.0 / 25.4) /* PDF points per millimetre */
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define COLS 2
#define ROWS 8
#define LABEL_W (90 * MM)
#define LABEL_H (33 * MM)
#define MARGIN_X ((PAGE_W - COLS * LABEL_W) / 2)
#define MARGIN_Y (15 * MM)
#define PAD (2.5 * MM)

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* Draws text in the box (x, y, w) starting at font size pt, shrinking until it fits max_h;
 * returns the height used. */
static double draw_text(cairo_t *cr, const char *text, const char *weight, double pt, double x, double y, double w,
                        double max_h)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    pango_layout_set_text(layout, text ? text : "", -1);
    pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    int height = 0;
    for (; pt >= 5.0; pt -= 0.5) {
        char font[96];
        snprintf(font, sizeof font, "Noto Sans CJK JP %s %.1f", weight, pt);
        PangoFontDescription *desc = pango_font_description_from_string(font);
        pango_layout_set_font_description(layout, desc);
        pango_font_description_free(desc);
        pango_layout_get_size(layout, NULL, &height);
        if (height / (double)PANGO_SCALE <= max_h)
            break;
    }
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    return height / (double)PANGO_SCALE;
}

static void draw_label(cairo_t *cr, const LabelItem *it, double x, double y)
{
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.3);
    cairo_rectangle(cr, x, y, LABEL_W, LABEL_H);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    double inner_w = LABEL_W - 2 * PAD;
    double cy = y + PAD;
    cy += draw_text(cr, it->label_text, "Bold", 10.5, x + PAD, cy, inner_w, 13 * MM) + 1 * MM;
    cairo_move_to(cr, x + PAD, cy);
    cairo_line_to(cr, x + LABEL_W - PAD, cy);
    cairo_stroke(cr);
    cy += 1 * MM;
    cy += draw_text(cr, it->name, "Regular", 8.5, x + PAD, cy, inner_w, 8 * MM);
    char footer[256];
    snprintf(footer, sizeof footer, "%s  %s", it->asset_no ? it->asset_no : "", it->unit_name ? it->unit_name : "");
    draw_text(cr, footer, "Regular", 7, x + PAD, y + LABEL_H - PAD - 3.5 * MM, inner_w, 4 * MM);
}

Status labels_pdf(const LabelItem *items, size_t n, unsigned char **pdf, size_t *len, Err *e)
{
    if (n == 0 || n > LABELS_MAX)
        return err_setf(e, ST_INVALID, "labels_count", "ids", "ラベルは 1〜%d 件で指定してください",
                        "give 1 to %d labels", LABELS_MAX);
    Buf out = BUF_INIT;
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(collect, &out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "分類表示ラベル");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "lgsec");
    cairo_t *cr = cairo_create(surface);
    for (size_t i = 0; i < n; i++) {
        size_t slot = i % (COLS * ROWS);
        if (i > 0 && slot == 0)
            cairo_show_page(cr);
        draw_label(cr, &items[i], MARGIN_X + (double)(slot % COLS) * LABEL_W,
                   MARGIN_Y + (double)(slot / COLS) * LABEL_H);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        buf_free(&out);
        return err_setf(e, ST_INTERNAL, "pdf_failed", "", "ラベルの PDF を作成できませんでした (%s)",
                        "could not render the label PDF (%s)", cairo_status_to_string(status));
    }
    *len = out.len;
    *pdf = (unsigned char *)buf_take(&out);
    return ST_OK;
}
