/* compliance: the compliance dashboard for the CISO and the 統括 (evaluation.manage) — per 第16条の3
 * category, each duty and rule lgsec can measure today as a number of failing things with its
 * article and the failing rows (the drill-down): sections without a 情報セキュリティ管理者 (第16条),
 * 持ち出し past their return date (第43条), people who have not acknowledged the policy in force
 * (第47条(2)), 例外措置 whose report or review is overdue (第129条, 第131条), the periodic duties that
 * are overdue or were never recorded (checks.yaml, by their category), the gaps of the latest
 * 自己点検 (第162条), the audit findings not closed (第160条) and the cloud services whose ISMAP /
 * ISMAP-LIU registration has lapsed or lapses soon (第146条9). Computed on read through the owning
 * modules. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* {"today", "unit": null, "trend": {months:["YYYY-MM"…12], taken_on:[date|null…]}, "categories":
 * [{category, failing, trend:[n|null…12], measures:[{id, label, article, value, ok, rows:[text…], link,
 * trend:[n|null…12]}]}]} in the order ①…⑧; the trend's last entry is this month's live value, the
 * others the snapshots taken when each month closed (null: none, e.g. before lgsec was used).
 * evaluation.manage only (ST_FORBIDDEN). New reference. */
Status compliance_dashboard(Ctx *ctx, json_t **out, Err *e);
/* The same for one 部局 or 課室 and the units below it (unit_id 0: the whole organisation, as
 * compliance_dashboard): only the rows of those units count, the organisation's periodic duties are
 * left out, and "unit" is {id, name, kind}. Read by evaluation.manage and by the unit's
 * 情報セキュリティ責任者 (部局) or 管理者 (課室), or one over it; ST_FORBIDDEN otherwise, ST_NOTFOUND
 * unit_not_found for an id that is not a 部局 or 課室. */
Status compliance_dashboard_unit(Ctx *ctx, int64_t unit_id, json_t **out, Err *e);
/* Keeps the snapshot of last month (every measure for the organisation and per unit) unless it is
 * kept already: run by the scheduler's tick, and by the first read of the dashboard in a month (when
 * the server was not running as the month closed). *taken (may be NULL): whether it was taken now. */
Status compliance_snapshot_due(Ctx *ctx, bool *taken, Err *e);
