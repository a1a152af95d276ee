/* pen: text flowing down A4 pages (see pen.h). */
#include "report/pen.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

void pen_open(Pen *p, const char *title)
{
    *p = (Pen){.y = PEN_MARGIN, .page = 1};
    p->surface = cairo_pdf_surface_create_for_stream(collect, &p->out, PEN_PAGE_W, PEN_PAGE_H);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
    p->cr = cairo_create(p->surface);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
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

static double layout_height(PangoLayout *l)
{
    int h = 0;
    pango_layout_get_size(l, NULL, &h);
    return h / (double)PANGO_SCALE;
}

static void new_page(Pen *p)
{
    cairo_show_page(p->cr);
    p->page++;
    p->y = PEN_MARGIN;
}

void pen_keep(Pen *p, double space)
{
    if (p->y + space > PEN_PAGE_H - PEN_MARGIN)
        new_page(p);
}

/* The pen's own layout with text, font and width set: one context and font lookup for the whole
 * document instead of one per call (a 60-page report writes thousands of lines). */
static PangoLayout *pen_layout(Pen *p, const char *text, const char *font, double width)
{
    if (!p->layout) {
        p->layout = layout_for(p->cr, text, font, width);
        snprintf(p->font, sizeof p->font, "%s", font);
        return p->layout;
    }
    PangoLayout *layout = p->layout;
    if (strcmp(p->font, font) != 0) {
        PangoFontDescription *desc = pango_font_description_from_string(font);
        pango_layout_set_font_description(layout, desc);
        pango_font_description_free(desc);
        snprintf(p->font, sizeof p->font, "%s", font);
    }
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_text(layout, text ? text : "", -1);
    return layout;
}

void pen_text(Pen *p, const char *text, const char *font, double indent, double after)
{
    PangoLayout *layout = pen_layout(p, text, font, PEN_TEXT_W - indent);
    double height = layout_height(layout);
    if (p->y + height > PEN_PAGE_H - PEN_MARGIN)
        new_page(p);
    cairo_move_to(p->cr, PEN_MARGIN + indent, p->y);
    pango_cairo_show_layout(p->cr, layout);
    p->y += height + after;
}

/* Each line is laid out on its own (a paragraph wraps by itself either way): drawing a line of one
 * layout hands cairo the whole layout's text, so 500 lines in one layout cost their length squared
 * (the readiness report's 65 pages: g_utf8_strlen alone was a tenth of its instructions). */
void pen_lines(Pen *p, const char *const *lines, size_t n, const char *font, double indent, double after)
{
    if (!n)
        return;
    for (size_t i = 0; i < n; i++) {
        PangoLayout *layout = pen_layout(p, lines[i], font, PEN_TEXT_W - indent);
        PangoLayoutIter *it = pango_layout_get_iter(layout);
        do {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            double h = logical.height / (double)PANGO_SCALE;
            if (p->y + h > PEN_PAGE_H - PEN_MARGIN)
                new_page(p);
            double baseline = (pango_layout_iter_get_baseline(it) - logical.y) / (double)PANGO_SCALE;
            cairo_move_to(p->cr, PEN_MARGIN + indent, p->y + baseline);
            pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
            p->y += h;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }
    p->y += after;
}

void pen_row(Pen *p, const char *label, const char *value, const char *font, double label_w)
{
    const double pad = 1 * PEN_MM;
    PangoLayout *left = layout_for(p->cr, label, font, label_w);
    PangoLayout *right = layout_for(p->cr, value, font, PEN_TEXT_W - label_w);
    pango_layout_set_alignment(right, PANGO_ALIGN_RIGHT);
    double h = layout_height(left) > layout_height(right) ? layout_height(left) : layout_height(right);
    pen_keep(p, h + 2 * pad);
    cairo_move_to(p->cr, PEN_MARGIN, p->y + pad);
    pango_cairo_show_layout(p->cr, left);
    cairo_move_to(p->cr, PEN_MARGIN + label_w, p->y + pad);
    pango_cairo_show_layout(p->cr, right);
    g_object_unref(left);
    g_object_unref(right);
    p->y += h + 2 * pad;
    cairo_set_line_width(p->cr, 0.3);
    cairo_move_to(p->cr, PEN_MARGIN, p->y);
    cairo_line_to(p->cr, PEN_MARGIN + PEN_TEXT_W, p->y);
    cairo_stroke(p->cr);
}

Status pen_close(Pen *p, unsigned char **pdf, size_t *len, Err *e)
{
    if (p->layout)
        g_object_unref(p->layout);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    cairo_status_t st = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        buf_free(&p->out);
        return err_set(e, ST_IO, "export_failed", NULL, "報告書の作成に失敗しました", "rendering the report failed");
    }
    *len = p->out.len;
    *pdf = (unsigned char *)buf_take(&p->out);
    return ST_OK;
}
