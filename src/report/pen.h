/* pen: text flowing down A4 pages of a PDF (cairo + pango, Noto Sans CJK JP), for the reports of
 * this library (readiness.c, training.c, figures.c): a new page starts when the next block would not fit.
 * Internal to src/report. */
#pragma once
#include <cairo.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define PEN_MM (72.0 / 25.4)
#define PEN_PAGE_W (210 * PEN_MM)
#define PEN_PAGE_H (297 * PEN_MM)
#define PEN_MARGIN (20 * PEN_MM)
#define PEN_TEXT_W (PEN_PAGE_W - 2 * PEN_MARGIN)

typedef struct Pen {
    cairo_surface_t *surface;
    cairo_t *cr;
    Buf out;
    double y;
    int page;
    void *layout;   /* pen_text's PangoLayout, made once: a layout per line made long reports slow */
    char font[64];  /* the font the layout has */
} Pen;

/* Starts an A4 PDF with the document title in its metadata. */
void pen_open(Pen *p, const char *title);
/* Writes text at the pen (indented by indent points), breaking the page first when it would not
 * fit; then moves down by its height and after. */
void pen_text(Pen *p, const char *text, const char *font, double indent, double after);
/* Writes n lines as one block (one layout, so long lists draw fast), each wrapped to the width and
 * the page breaking between any two lines; then moves down by after. */
void pen_lines(Pen *p, const char *const *lines, size_t n, const char *font, double indent, double after);
/* Starts a new page when less than space is left (a heading kept with its first lines). */
void pen_keep(Pen *p, double space);
/* One table row: label on the left (label_w points wide), value right-aligned, a hairline below; the
 * page breaks before a row that would not fit. */
void pen_row(Pen *p, const char *label, const char *value, const char *font, double label_w);
/* Finishes the PDF into *pdf (malloc'd; caller frees) and *len; ST_IO export_failed when cairo failed. */
Status pen_close(Pen *p, unsigned char **pdf, size_t *len, Err *e);
