/* readiness: the 第16条の3 readiness report as an A4 PDF (see readiness.h). Text flows down the page
 * and a new page starts when the next block would not fit. */
#include "report/readiness.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define MARGIN (20 * MM)
#define TEXT_W (PAGE_W - 2 * MARGIN)

typedef struct Pen {
    cairo_t *cr;
    double y;
    int page;
} Pen;

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

static void new_page(Pen *p)
{
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
}

/* Writes text at the pen (indented by indent), breaking the page first when it would not fit. */
static void write_text(Pen *p, const char *text, const char *font, double indent, double after)
{
    PangoLayout *layout = layout_for(p->cr, text, font, TEXT_W - indent);
    int h = 0;
    pango_layout_get_size(layout, NULL, &h);
    double height = h / (double)PANGO_SCALE;
    if (p->y + height > PAGE_H - MARGIN)
        new_page(p);
    cairo_move_to(p->cr, MARGIN + indent, p->y);
    pango_cairo_show_layout(p->cr, layout);
    g_object_unref(layout);
    p->y += height + after;
}

Status readiness_pdf(const char *organisation, const char *date_label, const ReadinessCategory *cats, size_t n,
                     unsigned char **pdf, size_t *len, Err *e)
{
    Buf out = {0};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(collect, &out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "第16条の3 情報セキュリティ対策の状況");
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0, 0, 0);
    Pen p = {.cr = cr, .y = MARGIN, .page = 1};
    write_text(&p, "地方自治法施行規則第16条の3に基づく\n情報セキュリティ対策の状況", "Noto Sans CJK JP Bold 14", 0, 3 * MM);
    char line[512];
    snprintf(line, sizeof line, "%s　%s 現在", organisation ? organisation : "", date_label ? date_label : "");
    write_text(&p, line, "Noto Sans CJK JP Regular 10", 0, 6 * MM);
    for (size_t i = 0; i < n; i++) {
        snprintf(line, sizeof line, "%s　―　%s", cats[i].category, cats[i].status_label);
        if (p.y + 20 * MM > PAGE_H - MARGIN) /* keep a heading with its first lines */
            new_page(&p);
        write_text(&p, line, "Noto Sans CJK JP Bold 12", 0, 2 * MM);
        if (cats[i].n_lines == 0)
            write_text(&p, "lgsec で測定・評価した項目はありません (未評価)。", "Noto Sans CJK JP Regular 9.5", 4 * MM, 1 * MM);
        for (size_t k = 0; k < cats[i].n_lines; k++) {
            const ReadinessLine *l = &cats[i].lines[k];
            snprintf(line, sizeof line, "%s %s (%s)", l->ok ? "○" : "×", l->text ? l->text : "", l->article ? l->article : "");
            write_text(&p, line, "Noto Sans CJK JP Regular 9.5", 4 * MM, 1 * MM);
        }
        p.y += 4 * MM;
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
