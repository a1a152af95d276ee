/* system_eval: the 情報システム台帳's rules as pure functions over a system's facts — component support
 * states (第105条(7)(8)), whether a pack requirement applies to a system and its state (met / not met
 * / not recorded), and the 取扱制限 that follow from a classification (第22条). No database access;
 * system.c gathers the facts. Nothing here allocates except where it says so. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "policy/pack.h"

typedef enum SupportState { SUPPORT_UNKNOWN, SUPPORT_OK, SUPPORT_SOON, SUPPORT_ENDED } SupportState;

/* "ok" | "soon" | "ended" | "unknown". */
const char *support_state_name(SupportState s);
/* today ("YYYY-MM-DD") plus months, the day clamped to the month's length, into out. */
void support_horizon(const char *today, int months, char out[static 11]);
/* support_end is the vendor's last day of support ("YYYY-MM-DD"; NULL or "" = unknown): ended when it
 * is before today, soon when it is before the horizon (support_horizon of the pack's
 * support_warning_months), ok otherwise. */
SupportState support_state(const char *support_end, const char *today, const char *horizon);

typedef enum ReqState { REQ_NOT_RECORDED, REQ_NOT_MET, REQ_MET } ReqState;
/* "not_recorded" | "not_met" | "met". */
const char *req_state_name(ReqState s);

/* The highest classification of a system per scale (第23条7(3)): the pack's level, strictest when an
 * asset's classification is pending or unknown (第23条6(3)). level[i] is NULL when the system has no
 * assets; scales are the pack's, in pack_scale order of SYSTEM_SCALES. */
#define SYSTEM_N_SCALES 3
extern const char *const SYSTEM_SCALES[SYSTEM_N_SCALES]; /* confidentiality, integrity, availability */
typedef struct SystemClass {
    const PackLevel *level[SYSTEM_N_SCALES];
    long asset_count;
    long pending_count;
} SystemClass;

/* Folds one group of assets (level ids as stored, NULL for none; pending = 要判断) into c. */
void system_class_add(SystemClass *c, const Pack *p, const char *const levels[SYSTEM_N_SCALES], bool pending,
                      long count);

/* What a requirement looks at. Facts are -1 (not recorded), 0 or 1, in pack_system_fields order for
 * the ten 0/1 facts; product_registration as stored ("" = not recorded). */
typedef struct SystemFacts {
    const char *zone;
    int flag[10]; /* redundancy … usb_write_block */
    const char *product_registration;
    long components_ended;          /* any kind */
    long software_count;            /* components of kind software */
    long software_unknown_support;  /* of which without a support end date */
} SystemFacts;

/* Index into SystemFacts.flag of a 0/1 fact, or -1 (product_registration, component_support, unknown). */
int system_fact_index(const char *field);
/* Whether r applies to a system in zone with classification c. A system without assets is judged at
 * the strictest level (its classification is not known, 第23条6(3)). */
bool requirement_applies(const PackSystemRequirement *r, const SystemFacts *f, const SystemClass *c);
ReqState requirement_state(const PackSystemRequirement *r, const SystemFacts *f);

/* {"confidentiality":"3B", "integrity":"2", "availability":"2", "labels":{…}, "asset_count", "pending_count"}
 * or null when the system has no assets. New reference. */
json_t *system_class_json(const SystemClass *c, const Pack *p);
/* The 取扱制限 derived from c: [{id, label, description, article, scale, level}] in pack order; the
 * strictest levels when c has no assets. New reference. */
json_t *system_restrictions_json(const SystemClass *c, const Pack *p);
