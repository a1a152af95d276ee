/* document: headed sections of wrapped text as an A4 PDF (see document.h); a heading is kept with
 * the start of its first paragraph. */
#include "report/document.h"

#include <stdio.h>

#include "report/pen.h"

#define FONT "Noto Sans CJK JP Regular 10"
#define BOLD "Noto Sans CJK JP Bold 10"

Status document_pdf(const char *title, const char *organisation, const char *subtitle, const DocSection *sections,
                    size_t n, unsigned char **pdf, size_t *len, Err *e)
{
    Pen p;
    pen_open(&p, title ? title : "");
    pen_text(&p, title ? title : "", "Noto Sans CJK JP Bold 14", 0, 3 * PEN_MM);
    char line[512];
    snprintf(line, sizeof line, "%s　%s", organisation ? organisation : "", subtitle ? subtitle : "");
    pen_text(&p, line, FONT, 0, 6 * PEN_MM);
    for (size_t i = 0; i < n; i++) {
        pen_keep(&p, 25 * PEN_MM);
        pen_text(&p, sections[i].heading, "Noto Sans CJK JP Bold 12", 0, 2 * PEN_MM);
        for (size_t k = 0; k < sections[i].n; k++) {
            const DocParagraph *d = &sections[i].paragraphs[k];
            if (d->label)
                pen_text(&p, d->label, BOLD, 0, 1 * PEN_MM);
            pen_text(&p, d->text && *d->text ? d->text : "—", FONT, d->label ? 4 * PEN_MM : 0, 3 * PEN_MM);
        }
        p.y += 5 * PEN_MM;
    }
    return pen_close(&p, pdf, len, e);
}
