/* selfcheck: 自己点検 (第162条–第164条). The 統括 (evaluation.manage) opens a campaign for a 年度 over
 * chosen 課室; each 課室's 情報セキュリティ管理者 answers the pack's section items (selfcheck.yaml),
 * seeing for the items lgsec can answer from its data the answer it computed and the evidence
 * (selfcheck_auto.c: roles, 同意, 持ち出しの返却), and confirms or corrects it. The campaign shows
 * the results per item, 課室 and 第16条の3 category. Improvement actions (第164条) carry an owner and
 * a due date until they are closed. Tables selfcheck_campaigns, _targets, _answers, _actions. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* Opens a campaign: body {fiscal_year (this 年度 or the next), title (1–200), unit_ids: [課室 ids,
 * at least one, each a 課室], system_ids (optional): [active registered systems, none twice]}.
 * evaluation.manage only. One transaction with its trail entry. */
Status selfcheck_open(Ctx *ctx, json_t *body, int64_t *id_out, Err *e);
/* {"items":[{id, fiscal_year, title, state, opened_at, units, answered, expected, results: {yes, partly,
 * no, na}}]} (newest first; results sum the answers of the 課室 the actor sees): every campaign
 * for evaluation.manage, otherwise those with a 課室 the actor manages. New reference. */
Status selfcheck_list(Ctx *ctx, json_t **out, Err *e);
/* A campaign with its 課室 and its systems (progress, may_answer) and the results per category (課室
 * and system items together), 課室, system and 課室 item: counts of yes / partly / no / na /
 * unanswered. Managers of a 課室 or a system see only their own rows.
 * ST_NOTFOUND selfcheck_not_found when the actor may not see it. New reference. */
Status selfcheck_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* The answer sheet of one 課室: every section item with its article and category, lgsec's answer
 * from the data with evidence where the pack says `auto`, the stored answer, and the 課室's
 * improvement actions. New reference. */
Status selfcheck_sheet(Ctx *ctx, int64_t id, int64_t unit_id, json_t **out, Err *e);
/* Answers (or corrects) an item for a 課室: answer yes | partly | no | na, note (0–2000; required
 * when the answer differs from lgsec's). The 課室's 情報セキュリティ管理者 or evaluation.manage; the
 * campaign must be open. */
Status selfcheck_answer(Ctx *ctx, int64_t id, int64_t unit_id, const char *item_id, const char *answer,
                        const char *note, Err *e);
/* The actor's open work, for the home page: [{kind: "selfcheck_answer", title, link}] for each open
 * campaign's 課室 the actor manages with unanswered items. evaluation.manage is not given every
 * 課室's sheet here (only those it manages). New reference in *out. */
Status selfcheck_work_for_actor(Ctx *ctx, json_t **out, Err *e);
/* Adds systems to an open campaign of this 年度 or the next: system_ids [active systems, none twice
 * nor already in it]. evaluation.manage only; ST_CONFLICT selfcheck_year_ended for a finished 年度. */
Status selfcheck_systems_add(Ctx *ctx, int64_t id, const json_t *system_ids, Err *e);
/* The answer sheet of one system: its items (scope: system) with article, category, lgsec's answer
 * from the data with evidence where the pack says `auto`, and the stored answer. The system's
 * 情報システム管理者 or evaluation.manage; selfcheck_not_found for anyone else. New reference. */
Status selfcheck_system_sheet(Ctx *ctx, int64_t id, int64_t system_id, json_t **out, Err *e);
/* An improvement action (第164条) for an item of a system's sheet, as selfcheck_action_add for a 課室:
 * whoever may see the sheet adds it; selfcheck_action_close closes it (its owner, the system's
 * 情報システム管理者 or evaluation.manage). */
Status selfcheck_system_action_add(Ctx *ctx, int64_t id, int64_t system_id, const char *item_id, const char *description,
                                   int64_t owner, const char *due_on, int64_t *id_out, Err *e);
/* Answers (or corrects) a system item, as selfcheck_answer does for a 課室. */
Status selfcheck_system_answer(Ctx *ctx, int64_t id, int64_t system_id, const char *item_id, const char *answer,
                               const char *note, Err *e);
/* The organisation's sheet (selfcheck_org.c): the items of scope organisation with article, category,
 * lgsec's answer from the data with evidence where the pack says `auto` (CISO and CSIRT責任者 appointed
 * today, the 年度's audit findings and their improvement plans) and the stored answer:
 * {campaign_id, fiscal_year, state, may_answer, items}. evaluation.manage only (selfcheck_not_found
 * for anyone else). New reference. */
Status selfcheck_org_sheet(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* Answers (or corrects) an organisation item, as selfcheck_answer does for a 課室; evaluation.manage. */
Status selfcheck_org_answer(Ctx *ctx, int64_t id, const char *item_id, const char *answer, const char *note, Err *e);
/* The 自己点検の結果の報告 (第163条) of a campaign as an A4 PDF with 和暦 dates: outline, results per
 * category, 課室 and system, the items answered いいえ / 一部 with their notes, the improvement actions
 * and their state. evaluation.manage only (ST_FORBIDDEN forbidden); *pdf malloc'd, caller frees. */
Status selfcheck_report_pdf(Ctx *ctx, int64_t id, unsigned char **pdf, size_t *len, Err *e);
/* Closes the campaign (evaluation.manage): no more answers. */
Status selfcheck_close(Ctx *ctx, int64_t id, Err *e);
/* An improvement action (第164条) for an item of a 課室: description (1–2000), owner (an active
 * person), due_on (today or later). Who may answer the 課室 may add one. */
Status selfcheck_action_add(Ctx *ctx, int64_t id, int64_t unit_id, const char *item_id, const char *description,
                            int64_t owner, const char *due_on, int64_t *id_out, Err *e);
/* Closes an action with its result (1–2000): its owner, the 課室's manager or evaluation.manage. */
Status selfcheck_action_close(Ctx *ctx, int64_t action_id, const char *result, Err *e);
