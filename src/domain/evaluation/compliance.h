/* compliance: the compliance dashboard for the CISO and the 統括 (evaluation.manage) — per 第16条の3
 * category, each duty and rule lgsec can measure today as a number of failing things with its
 * article and the failing rows (the drill-down): sections without a 情報セキュリティ管理者 (第16条),
 * 持ち出し past their return date (第43条), people who have not acknowledged the policy in force
 * (第47条(2)), 例外措置 whose report or review is overdue (第129条, 第131条), the periodic duties that
 * are overdue or were never recorded (checks.yaml, by their category), the gaps of the latest
 * 自己点検 (第162条) and the audit findings not closed (第160条). Computed on read through the owning
 * modules. */
#pragma once
#include <jansson.h>

#include "domain/kernel/kernel.h"

/* {"today", "categories":[{category, failing, measures:[{id, label, article, value, ok, rows:[text…],
 * link}]}]} in the order ①…⑧. evaluation.manage only (ST_FORBIDDEN). New reference. */
Status compliance_dashboard(Ctx *ctx, json_t **out, Err *e);
