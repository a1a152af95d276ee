/* eval_facts: register facts the self-check answers from and the compliance dashboard counts, each
 * with its article — read through the owning modules' published views (assets_v, systems_v,
 * org_units_v), never their tables. One query per fact serves both: for one 課室 (with its 係) or
 * for every 課室. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "domain/kernel/kernel.h"

typedef enum EvalFact {
    FACT_ASSETS_PENDING,        /* 第22条: assets in use still 要判断 (a dimension not classified) */
    FACT_SYSTEMS_NO_BACKUP,     /* 第61条: active systems whose backup is not recorded as done */
    FACT_MYNUMBER_NO_MFA,       /* 第24条: active マイナンバー利用事務系 systems without a recorded 多要素認証 */
} EvalFact;

/* The rows failing fact in the 課室 unit_id and its 係 (0: every 課室), at most max of them (-1: all), as
 * [{unit_id, unit_name, text}] (new array in *rows), and how many fail in all in *total. */
Status eval_fact_failing(Ctx *ctx, EvalFact fact, int64_t unit_id, int max, json_t **rows, json_int_t *total, Err *e);
/* Whether the one system system_id fails fact (FACT_SYSTEMS_NO_BACKUP or FACT_MYNUMBER_NO_MFA; the
 * system self-check): the same condition as for a 課室's systems. */
Status eval_system_fact_fails(Ctx *ctx, EvalFact fact, int64_t system_id, bool *fails, Err *e);
