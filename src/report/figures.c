/* figures: a report of labelled figures as an A4 PDF (see figures.h). Text flows down the page and a
 * new page starts when the next row would not fit; a heading is kept with its first rows. */
#include "report/figures.h"

#include <stdio.h>

#include "report/pen.h"

#define FONT "Noto Sans CJK JP Regular 10"
#define LABEL_W (110 * PEN_MM)

Status figures_pdf(const char *pdf_title, const char *title, const char *organisation, const char *subtitle,
                   const FigureSection *sections, size_t n, unsigned char **pdf, size_t *len, Err *e)
{
    Pen p;
    pen_open(&p, pdf_title ? pdf_title : "");
    pen_text(&p, title, "Noto Sans CJK JP Bold 14", 0, 3 * PEN_MM);
    char line[512];
    snprintf(line, sizeof line, "%s　%s", organisation ? organisation : "", subtitle ? subtitle : "");
    pen_text(&p, line, FONT, 0, 6 * PEN_MM);
    for (size_t i = 0; i < n; i++) {
        pen_keep(&p, 20 * PEN_MM); /* keep a heading with its first rows */
        pen_text(&p, sections[i].heading, "Noto Sans CJK JP Bold 12", 0, 1 * PEN_MM);
        if (sections[i].n_rows == 0 && sections[i].empty)
            pen_text(&p, sections[i].empty, FONT, 0, 0);
        for (size_t k = 0; k < sections[i].n_rows; k++)
            pen_row(&p, sections[i].rows[k].label, sections[i].rows[k].value, FONT, LABEL_W);
        p.y += 6 * PEN_MM;
    }
    return pen_close(&p, pdf, len, e);
}
