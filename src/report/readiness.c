/* readiness: the 第16条の3 readiness report as an A4 PDF (see readiness.h). Text flows down the page
 * and a new page starts when the next block would not fit. */
#include "report/readiness.h"

#include <stdio.h>

#include "report/pen.h"

#define MM PEN_MM

Status readiness_pdf(const char *organisation, const char *date_label, const ReadinessCategory *cats, size_t n,
                     unsigned char **pdf, size_t *len, Err *e)
{
    Pen p;
    pen_open(&p, "第16条の3 情報セキュリティ対策の状況");
    pen_text(&p, "地方自治法施行規則第16条の3に基づく\n情報セキュリティ対策の状況", "Noto Sans CJK JP Bold 14", 0, 3 * MM);
    char line[512];
    snprintf(line, sizeof line, "%s　%s 現在", organisation ? organisation : "", date_label ? date_label : "");
    pen_text(&p, line, "Noto Sans CJK JP Regular 10", 0, 6 * MM);
    for (size_t i = 0; i < n; i++) {
        snprintf(line, sizeof line, "%s　―　%s", cats[i].category, cats[i].status_label);
        pen_keep(&p, 20 * MM); /* keep a heading with its first lines */
        pen_text(&p, line, "Noto Sans CJK JP Bold 12", 0, 2 * MM);
        if (cats[i].n_lines == 0)
            pen_text(&p, "lgsec で測定・評価した項目はありません (未評価)。", "Noto Sans CJK JP Regular 9.5", 4 * MM, 1 * MM);
        for (size_t k = 0; k < cats[i].n_lines; k++) {
            const ReadinessLine *l = &cats[i].lines[k];
            snprintf(line, sizeof line, "%s %s (%s)", l->ok ? "○" : "×", l->text ? l->text : "", l->article ? l->article : "");
            pen_text(&p, line, "Noto Sans CJK JP Regular 9.5", 4 * MM, 1 * MM);
            if (l->basis && *l->basis) {
                snprintf(line, sizeof line, "根拠: %s", l->basis);
                pen_text(&p, line, "Noto Sans CJK JP Regular 7.5", 9 * MM, 1 * MM);
            }
            pen_lines(&p, l->rows, l->n_rows, "Noto Sans CJK JP Regular 8", 9 * MM, 1.5 * MM);
        }
        p.y += 4 * MM;
    }
    return pen_close(&p, pdf, len, e);
}
