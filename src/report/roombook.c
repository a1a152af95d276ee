/* roombook: the サーバー室入退室管理簿 as an A4 landscape PDF (see roombook.h). Rows are measured
 * first (a purpose may wrap onto several lines), then laid out on pages, so every page can say
 * "N / M ページ"; a row is never split across pages. */
#include "report/roombook.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/xmalloc.h"

#define MM (72.0 / 25.4) /* PDF points per millimetre */
#define PAGE_W (297 * MM)
#define PAGE_H (210 * MM)
#define MARGIN (12 * MM)
#define PAD (1.2 * MM)
#define BODY_PT 8.5
#define HEAD_PT 8.5
#define TABLE_TOP (MARGIN + 24 * MM)
#define FOOTER_H (8 * MM)
#define NCOLS 7

static const char *const headings[NCOLS] = {"番号", "入室日時", "退室日時", "入室者", "付添いの職員", "目的", "指摘"};
static const double widths_mm[NCOLS] = {12, 46, 46, 50, 28, 56, 35};

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

void roombook_wareki_day(const char *day, char *out, size_t cap)
{
    int y, m, d;
    if (!day || !date_parse(day, &y, &m, &d) || !wareki_date(y, m, d, out, cap))
        snprintf(out, cap, "%s", day ? day : "");
}

void roombook_wareki_time(const char *iso, char *out, size_t cap)
{
    int64_t t;
    int y, m, d;
    char date[32];
    if (!iso || !*iso || !time_parse_iso(iso, &t)) {
        snprintf(out, cap, "%s", "");
        return;
    }
    time_jst_date(t, &y, &m, &d);
    if (!wareki_date(y, m, d, date, sizeof date))
        snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    int64_t jst = t + 9 * 3600;
    int64_t secs = ((jst % 86400) + 86400) % 86400;
    snprintf(out, cap, "%s %d:%02d", date, (int)(secs / 3600), (int)(secs / 60 % 60));
}

/* A layout of text wrapped to width w (points) in the given weight and size; caller unrefs it. */
static PangoLayout *layout_of(cairo_t *cr, const char *text, const char *weight, double pt, double w)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    pango_layout_set_text(layout, text ? text : "", -1);
    pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    char font[96];
    snprintf(font, sizeof font, "Noto Sans CJK JP %s %.1f", weight, pt);
    PangoFontDescription *desc = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    return layout;
}

static double text_height(cairo_t *cr, const char *text, const char *weight, double pt, double w)
{
    PangoLayout *layout = layout_of(cr, text, weight, pt, w);
    int h = 0;
    pango_layout_get_size(layout, NULL, &h);
    g_object_unref(layout);
    return h / (double)PANGO_SCALE;
}

/* Draws text at (x, y) within width w; right-aligned when right. */
static void draw_text(cairo_t *cr, const char *text, const char *weight, double pt, double x, double y, double w,
                      bool right)
{
    PangoLayout *layout = layout_of(cr, text, weight, pt, w);
    if (right)
        pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
}

/* The texts of row i's cells (number, times in 和暦, who, escort, purpose, flags) into cells. */
static void row_cells(const RoomBookRow *r, size_t i, char no[24], char tin[48], char tout[48],
                      const char *cells[NCOLS])
{
    snprintf(no, 24, "%zu", i + 1);
    roombook_wareki_time(r->time_in, tin, 48);
    roombook_wareki_time(r->time_out, tout, 48);
    cells[0] = no;
    cells[1] = tin;
    cells[2] = *tout ? tout : "（在室中）";
    cells[3] = r->who;
    cells[4] = r->escort;
    cells[5] = r->purpose;
    cells[6] = r->flags;
}

static double row_height(cairo_t *cr, const char *const cells[NCOLS], const char *weight, double pt)
{
    double h = 0;
    for (int c = 0; c < NCOLS; c++) {
        double ch = text_height(cr, cells[c], weight, pt, widths_mm[c] * MM - 2 * PAD);
        if (ch > h)
            h = ch;
    }
    return h + 2 * PAD;
}

static void draw_row(cairo_t *cr, const char *const cells[NCOLS], double y, double h, bool heading)
{
    double x = MARGIN;
    if (heading) {
        double total = 0;
        for (int c = 0; c < NCOLS; c++)
            total += widths_mm[c] * MM;
        cairo_set_source_rgb(cr, 0.87, 0.92, 0.97);
        cairo_rectangle(cr, MARGIN, y, total, h);
        cairo_fill(cr);
    }
    cairo_set_line_width(cr, 0.4);
    for (int c = 0; c < NCOLS; c++) {
        double w = widths_mm[c] * MM;
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_rectangle(cr, x, y, w, h);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        draw_text(cr, cells[c], heading ? "Bold" : "Regular", heading ? HEAD_PT : BODY_PT, x + PAD, y + PAD,
                  w - 2 * PAD, c == 0 && !heading);
        x += w;
    }
}

static void draw_page_frame(cairo_t *cr, const RoomBook *b, int page, int pages, const char *made)
{
    double w = PAGE_W - 2 * MARGIN;
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (b->organisation && *b->organisation)
        draw_text(cr, b->organisation, "Regular", 9, MARGIN, MARGIN, w, false);
    draw_text(cr, "サーバー室入退室管理簿", "Bold", 16, MARGIN, MARGIN + 4.5 * MM, w, false);
    draw_text(cr, "情報セキュリティ対策基準 第35条", "Regular", 8.5, MARGIN, MARGIN + 6.5 * MM, w, true);
    char from[32], to[32], line[1024];
    roombook_wareki_day(b->from, from, sizeof from);
    roombook_wareki_day(b->to, to, sizeof to);
    snprintf(line, sizeof line, "サーバー室: %s%s%s%s　　管理する課室: %s　　期間: %s〜%s", b->room_name,
             b->location && *b->location ? "（" : "", b->location && *b->location ? b->location : "",
             b->location && *b->location ? "）" : "", b->unit_name ? b->unit_name : "", from, to);
    draw_text(cr, line, "Regular", 10, MARGIN, MARGIN + 14 * MM, w, false);
    char foot[160];
    snprintf(foot, sizeof foot, "%d / %d ページ", page, pages);
    draw_text(cr, made, "Regular", 8, MARGIN, PAGE_H - MARGIN - 4 * MM, w, false);
    draw_text(cr, foot, "Regular", 8, MARGIN, PAGE_H - MARGIN - 4 * MM, w, true);
}

Status roombook_pdf(const RoomBook *b, unsigned char **pdf, size_t *len, Err *e)
{
    Buf out = BUF_INIT;
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(collect, &out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "サーバー室入退室管理簿");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "lgsec");
    cairo_t *cr = cairo_create(surface);

    /* pass 1: each row's height and the page it starts */
    double head_h = row_height(cr, headings, "Bold", HEAD_PT);
    double bottom = PAGE_H - MARGIN - FOOTER_H;
    size_t n = b->nrows;
    double *heights = xcalloc(n ? n : 1, sizeof *heights);
    int *page_of = xcalloc(n ? n : 1, sizeof *page_of);
    int pages = 1;
    double y = TABLE_TOP + head_h;
    for (size_t i = 0; i < n; i++) {
        char no[24], tin[48], tout[48];
        const char *cells[NCOLS];
        row_cells(&b->rows[i], i, no, tin, tout, cells);
        heights[i] = row_height(cr, cells, "Regular", BODY_PT);
        if (y + heights[i] > bottom && y > TABLE_TOP + head_h) {
            pages++;
            y = TABLE_TOP + head_h;
        }
        page_of[i] = pages;
        y += heights[i];
    }

    /* pass 2: draw */
    char made_at[64], made[96];
    time_jst_wareki(b->made_at, made_at, sizeof made_at);
    snprintf(made, sizeof made, "作成 %s", made_at);
    int page = 1;
    draw_page_frame(cr, b, page, pages, made);
    draw_row(cr, headings, TABLE_TOP, head_h, true);
    y = TABLE_TOP + head_h;
    if (n == 0)
        draw_text(cr, "この期間の記録はありません。", "Regular", 10, MARGIN, y + 3 * MM, PAGE_W - 2 * MARGIN, false);
    for (size_t i = 0; i < n; i++) {
        if (page_of[i] != page) {
            cairo_show_page(cr);
            page = page_of[i];
            draw_page_frame(cr, b, page, pages, made);
            draw_row(cr, headings, TABLE_TOP, head_h, true);
            y = TABLE_TOP + head_h;
        }
        char no[24], tin[48], tout[48];
        const char *cells[NCOLS];
        row_cells(&b->rows[i], i, no, tin, tout, cells);
        draw_row(cr, cells, y, heights[i], false);
        y += heights[i];
    }
    free(heights);
    free(page_of);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        buf_free(&out);
        return err_setf(e, ST_INTERNAL, "pdf_failed", "", "入退室管理簿の PDF を作成できませんでした (%s)",
                        "could not render the room book PDF (%s)", cairo_status_to_string(status));
    }
    *len = out.len;
    *pdf = (unsigned char *)buf_take(&out);
    return ST_OK;
}
