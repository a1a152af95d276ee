/* sections: a report of headed sections as an A4 PDF (see sections.h). */
#include "report/sections.h"

#include "report/pen.h"

#define MM PEN_MM

Status sections_pdf(const char *title, const char *subtitle, const ReportSection *sections, size_t n,
                    unsigned char **pdf, size_t *len, Err *e)
{
    Pen p;
    pen_open(&p, title);
    pen_text(&p, title, "Noto Sans CJK JP Bold 16", 0, 3 * MM);
    if (subtitle && *subtitle)
        pen_text(&p, subtitle, "Noto Sans CJK JP Regular 10", 0, 6 * MM);
    for (size_t i = 0; i < n; i++) {
        pen_keep(&p, 20 * MM); /* keep a heading with its first lines */
        pen_text(&p, sections[i].heading, "Noto Sans CJK JP Bold 12", 0, 2 * MM);
        if (sections[i].n_lines == 0)
            pen_text(&p, "なし", "Noto Sans CJK JP Regular 9.5", 4 * MM, 1 * MM);
        for (size_t k = 0; k < sections[i].n_lines; k++)
            pen_text(&p, sections[i].lines[k] ? sections[i].lines[k] : "", "Noto Sans CJK JP Regular 9.5", 4 * MM, 1.5 * MM);
        p.y += 4 * MM;
    }
    return pen_close(&p, pdf, len, e);
}
