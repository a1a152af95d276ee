/* figures: a report of labelled figures as an A4 PDF (see figures.h). Text flows down the page and a
 * new page starts when the next row would not fit; a heading is kept with its first rows. */
#include "report/figures.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define MARGIN (20 * MM)
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define LABEL_W (110 * MM)
#define FONT "Noto Sans CJK JP Regular 10"

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *layout_for(cairo_t *cr, const char *text, const char *font, double width)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    pango_layout_set_text(layout, text ? text : "", -1);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    PangoFontDescription *desc = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    return layout;
}

static double height_of(PangoLayout *l)
{
    int h = 0;
    pango_layout_get_size(l, NULL, &h);
    return h / (double)PANGO_SCALE;
}

static void fit(cairo_t *cr, double *y, double height)
{
    if (*y + height > PAGE_H - MARGIN) {
        cairo_show_page(cr);
        *y = MARGIN;
    }
}

static void text_at(cairo_t *cr, double *y, const char *text, const char *font, double after)
{
    PangoLayout *l = layout_for(cr, text, font, TEXT_W);
    double h = height_of(l);
    fit(cr, y, h);
    cairo_move_to(cr, MARGIN, *y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    *y += h + after;
}

/* One row: the label on the left, the value right-aligned, a hairline below. */
static void row_at(cairo_t *cr, double *y, const FigureRow *r)
{
    PangoLayout *label = layout_for(cr, r->label, FONT, LABEL_W);
    PangoLayout *value = layout_for(cr, r->value, FONT, TEXT_W - LABEL_W);
    pango_layout_set_alignment(value, PANGO_ALIGN_RIGHT);
    double h = height_of(label) > height_of(value) ? height_of(label) : height_of(value);
    fit(cr, y, h + 2 * MM);
    cairo_move_to(cr, MARGIN, *y + 1 * MM);
    pango_cairo_show_layout(cr, label);
    cairo_move_to(cr, MARGIN + LABEL_W, *y + 1 * MM);
    pango_cairo_show_layout(cr, value);
    g_object_unref(label);
    g_object_unref(value);
    *y += h + 2 * MM;
    cairo_set_line_width(cr, 0.3);
    cairo_move_to(cr, MARGIN, *y);
    cairo_line_to(cr, MARGIN + TEXT_W, *y);
    cairo_stroke(cr);
}

Status figures_pdf(const char *pdf_title, const char *title, const char *organisation, const char *subtitle,
                   const FigureSection *sections, size_t n, unsigned char **pdf, size_t *len, Err *e)
{
    Buf out = {0};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(collect, &out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, pdf_title ? pdf_title : "");
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0, 0, 0);
    double y = MARGIN;
    text_at(cr, &y, title, "Noto Sans CJK JP Bold 14", 3 * MM);
    char line[512];
    snprintf(line, sizeof line, "%s　%s", organisation ? organisation : "", subtitle ? subtitle : "");
    text_at(cr, &y, line, FONT, 6 * MM);
    for (size_t i = 0; i < n; i++) {
        fit(cr, &y, 20 * MM); /* keep a heading with its first rows */
        text_at(cr, &y, sections[i].heading, "Noto Sans CJK JP Bold 12", 1 * MM);
        if (sections[i].n_rows == 0 && sections[i].empty)
            text_at(cr, &y, sections[i].empty, FONT, 0);
        for (size_t k = 0; k < sections[i].n_rows; k++)
            row_at(cr, &y, &sections[i].rows[k]);
        y += 6 * MM;
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        buf_free(&out);
        return err_set(e, ST_IO, "export_failed", NULL, "報告書の作成に失敗しました", "rendering the report failed");
    }
    *len = out.len;
    *pdf = (unsigned char *)buf_take(&out);
    return ST_OK;
}
