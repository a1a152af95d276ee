/* readiness: the 第16条の3 readiness report's content — for each of the eight categories its status
 * computed from the compliance measures, this 年度's approved audits (open findings on the category's
 * planned items) and the latest 自己点検's answers in that category: met
 * (every measure met and no いいえ/一部), partly, not met (nothing met), or not evaluated (nothing
 * measured or answered) — with the lines of evidence and their articles. The PDF is drawn by
 * src/report (readiness_pdf); the XLSX here through src/registers' export_xlsx. */
#pragma once
#include <jansson.h>
#include <stddef.h>

#include "domain/kernel/kernel.h"

/* {"date", "date_label" (和暦), "categories":[{category, status, status_label, lines:[{text, article,
 * ok, rows?:[the failing rows shown, as on the dashboard]}], selfcheck:{yes, partly, no, na, unanswered}
 * | null}]}. evaluation.manage only. New reference. */
Status readiness_status(Ctx *ctx, json_t **out, Err *e);
/* The same as the A4 PDF of src/report (organisation's name, 和暦 date, each line with its failing
 * rows); *pdf is malloc'd (caller frees). */
Status readiness_report_pdf(Ctx *ctx, unsigned char **pdf, size_t *len, Err *e);
/* The same as an XLSX workbook (one sheet, a row per line); *data is malloc'd (caller frees). */
Status readiness_xlsx(Ctx *ctx, unsigned char **data, size_t *len, Err *e);
