/* minutes: the committee's 議事録 as an A4 PDF (see minutes.h). Text flows down the page (pen.c). */
#include "report/minutes.h"

#include <stdio.h>

#include "report/pen.h"

#define MM PEN_MM
#define BODY "Noto Sans CJK JP Regular 10"
#define HEAD "Noto Sans CJK JP Bold 11.5"

static const char *or_empty(const char *s) { return s ? s : ""; }

static void section(Pen *p, const char *heading)
{
    pen_keep(p, 18 * MM);
    pen_text(p, heading, HEAD, 0, 2 * MM);
}

static void items(Pen *p, const MinutesItem *it, size_t n, const char *none)
{
    char line[1200];
    if (n == 0)
        pen_text(p, none, BODY, 4 * MM, 2 * MM);
    for (size_t i = 0; i < n; i++) {
        snprintf(line, sizeof line, "%zu. %s", i + 1, or_empty(it[i].title));
        pen_text(p, line, BODY, 4 * MM, 0.8 * MM);
        if (it[i].note && *it[i].note)
            pen_text(p, it[i].note, "Noto Sans CJK JP Regular 9", 9 * MM, 1.5 * MM);
    }
    p->y += 3 * MM;
}

Status minutes_pdf(const MinutesDoc *d, unsigned char **pdf, size_t *len, Err *e)
{
    Pen p;
    pen_open(&p, "情報セキュリティ委員会 議事録");
    pen_text(&p, "情報セキュリティ委員会 議事録", "Noto Sans CJK JP Bold 15", 0, 2 * MM);
    pen_text(&p, or_empty(d->title), "Noto Sans CJK JP Regular 11", 0, 6 * MM);
    char line[1200];
    pen_row(&p, "日時", or_empty(d->date_label), BODY, 30 * MM);
    pen_row(&p, "場所", d->place && *d->place ? d->place : "—", BODY, 30 * MM);
    pen_row(&p, "委員長", d->chair && *d->chair ? d->chair : "—", BODY, 30 * MM);
    p.y += 4 * MM;

    section(&p, "出席者");
    if (d->n_attendees == 0)
        pen_text(&p, "記録されていません。", BODY, 4 * MM, 1 * MM);
    for (size_t i = 0; i < d->n_attendees; i++)
        pen_text(&p, d->attendees[i], BODY, 4 * MM, 0.6 * MM);
    p.y += 3 * MM;

    section(&p, "議題");
    items(&p, d->agenda, d->n_agenda, "議題はありません。");

    section(&p, "議事の経過");
    pen_text(&p, d->proceedings && *d->proceedings ? d->proceedings : "記録されていません。", BODY, 4 * MM, 4 * MM);

    section(&p, "決定事項");
    items(&p, d->decisions, d->n_decisions, "決定事項はありません。");

    p.y += 4 * MM;
    snprintf(line, sizeof line, "%s に基づく記録。%s%s", d->article && *d->article ? d->article : "第19条",
             d->record_hash ? "開催時に確定した記録の SHA-256 (証跡に記録): " : "開催前の案 (記録は確定していません)",
             or_empty(d->record_hash));
    pen_text(&p, line, "Noto Sans CJK JP Regular 8", 0, 0);
    return pen_close(&p, pdf, len, e);
}
