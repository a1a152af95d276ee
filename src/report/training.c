/* training: the yearly report on security training to the 委員会 (第51条7) as PDF (see training.h). */
#include "report/training.h"

#include <stdio.h>

#include "report/pen.h"

#define BODY "Noto Sans CJK JP Regular 10"
#define SMALL "Noto Sans CJK JP Regular 9.5"
#define HEAD "Noto Sans CJK JP Bold 12"

Status training_report_pdf(const char *organisation, const char *fy_label, const char *date_label,
                           const TrainingReportLine *courses, size_t ncourses, const TrainingReportLine *sections,
                           size_t nsections, const TrainingReportLine *total, unsigned char **pdf, size_t *len, Err *e)
{
    Pen p;
    pen_open(&p, "情報セキュリティ研修の実施状況について");
    char line[1024];
    snprintf(line, sizeof line, "%s", date_label ? date_label : "");
    pen_text(&p, line, BODY, 120 * PEN_MM, 2 * PEN_MM);
    pen_text(&p, "情報セキュリティ委員会 御中", BODY, 0, 1 * PEN_MM);
    snprintf(line, sizeof line, "%s　最高情報セキュリティ責任者(CISO)", organisation ? organisation : "");
    pen_text(&p, line, BODY, 80 * PEN_MM, 6 * PEN_MM);
    snprintf(line, sizeof line, "%s 情報セキュリティ研修の実施状況について(報告)", fy_label ? fy_label : "");
    pen_text(&p, line, "Noto Sans CJK JP Bold 14", 0, 4 * PEN_MM);
    snprintf(line, sizeof line,
             "情報セキュリティ対策基準第51条第7項に基づき、%s における職員等の情報セキュリティ研修の実施状況を"
             "次のとおり報告します。",
             fy_label ? fy_label : "");
    pen_text(&p, line, BODY, 0, 6 * PEN_MM);

    pen_text(&p, "1　研修の実施状況", HEAD, 0, 2 * PEN_MM);
    if (!ncourses)
        pen_text(&p, "この年度に登録された研修はありません。", SMALL, 4 * PEN_MM, 1 * PEN_MM);
    for (size_t i = 0; i < ncourses; i++) {
        const TrainingReportLine *c = &courses[i];
        snprintf(line, sizeof line, "(%zu) %s\n　　%s\n　　受講者 %ld 人 / 対象者 %ld 人 (受講率 %.1f%%)", i + 1, c->name,
                 c->detail ? c->detail : "", c->attended, c->target, c->rate);
        pen_text(&p, line, SMALL, 4 * PEN_MM, 2 * PEN_MM);
    }
    p.y += 4 * PEN_MM;
    pen_keep(&p, 30 * PEN_MM);
    pen_text(&p, "2　課室等ごとの受講状況 (年度内に1回以上受講した職員等の割合, 第51条第2項)", HEAD, 0, 2 * PEN_MM);
    for (size_t i = 0; i < nsections; i++) {
        const TrainingReportLine *s = &sections[i];
        snprintf(line, sizeof line, "%s　%ld / %ld 人 (%.1f%%)", s->name, s->attended, s->target, s->rate);
        pen_text(&p, line, SMALL, 4 * PEN_MM, 1 * PEN_MM);
    }
    if (total) {
        snprintf(line, sizeof line, "全体　%ld / %ld 人 (%.1f%%)", total->attended, total->target, total->rate);
        pen_text(&p, line, "Noto Sans CJK JP Bold 10", 4 * PEN_MM, 4 * PEN_MM);
    }
    pen_keep(&p, 20 * PEN_MM);
    pen_text(&p, "3　未受講者への対応", HEAD, 0, 2 * PEN_MM);
    pen_text(&p,
             "受講期限が近づいた研修の未受講者には lgsec から通知し、各課室等の情報セキュリティ管理者が所管する"
             "課室等の受講状況を確認しています (第51条第5項)。",
             SMALL, 4 * PEN_MM, 1 * PEN_MM);
    return pen_close(&p, pdf, len, e);
}
