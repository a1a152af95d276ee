/* Capabilities: what a person may do in lgsec. The pack grants them to roles by name (roles.yaml,
 * `capabilities:`); an Actor's caps are the union over their current role assignments. Every
 * authenticated person has CAP_SIGNED_IN; routes name exactly one capability. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

typedef enum Capability {
    CAP_PUBLIC = 0,               /* no login needed (login page, /healthz) */
    CAP_SIGNED_IN = 1u << 0,      /* any fully signed-in person: home, policy, own account */
    CAP_ORG_MANAGE = 1u << 1,     /* org.manage: units */
    CAP_PEOPLE_MANAGE = 1u << 2,  /* people.manage: people and their accounts */
    CAP_ROLES_MANAGE = 1u << 3,   /* roles.manage: role assignments */
    CAP_TRAIL_READ = 1u << 4,     /* trail.read: the 証跡 viewer and verification */
    CAP_DIRECTORY_READ = 1u << 5, /* directory.read: people list and their contact details */
    CAP_POLICY_MANAGE = 1u << 6,  /* policy.manage: the policy document register, publication, 第165条 review */
    CAP_PROCEDURES_READ = 1u << 7, /* procedures.read: the 実施手順 (非公開) */
    CAP_EVALUATION_MANAGE = 1u << 8, /* evaluation.manage: the periodic duties of every owner, 自己点検, 監査 (issue 14) */
    CAP_TRAINING_MANAGE = 1u << 9,   /* training.manage: 研修 courses, attendance of everyone, the yearly report (第51条) */
    CAP_ACCOUNTS_REVIEW = 1u << 10,        /* accounts.review: the IDs of information systems and their review (第83条・第84条);
                                      * the domain narrows it to the systems a 情報システム管理者 manages */
    CAP_COMMITTEE_READ = 1u << 11,   /* committee.read: the 情報セキュリティ委員会's meetings (its members, 第19条2) */
    CAP_COMMITTEE_MANAGE = 1u << 12, /* committee.manage: schedules meetings and keeps their record (chair, 統括, 事務局) */
    CAP_IRPLAN_EDIT = 1u << 13,    /* irplan.edit: drafts of the 緊急時対応計画 (第125条; CSIRT, 統括) */
    CAP_IRPLAN_APPROVE = 1u << 14, /* irplan.approve: approving a version of it (第125条; the CISO) */
    CAP_VENDORS_MANAGE = 1u << 15,  /* vendors.manage: the 委託 register, contracts, their checks and end (第135条–第139条) */
    CAP_CLOUD_MANAGE = 1u << 16,    /* cloud.manage: the クラウド・外部サービス register — registering approved services, appointing
                                     * their クラウドサービス管理者, the end of use (第143条–第153条; the 統括) */
    CAP_GATE_READ = 1u << 17,       /* gate.read: the 無害化 gate's verdicts, the whole quarantine, signature age (第25条, 第105条) */
    CAP_NETCHECK_RUN = 1u << 18,    /* netcheck.run: the 三層の対策 checked from firewall configurations, its stored runs
                                       (第24条–第26条, 第44条; 統括, 情報システム管理者, 監査; docs/netcheck.md) */
} Capability;

/* The number of bit positions capability_names covers (bits may be unassigned: their name is NULL). */
#define CAPABILITY_SLOTS 19

/* "org.manage" → CAP_ORG_MANAGE; 0 for an unknown name. */
uint64_t capability_from_name(const char *name);
/* The name of a single capability bit; NULL for unknown. */
const char *capability_name(uint64_t cap);
/* All capability names in bit order, CAPABILITY_SLOTS long; an unassigned bit's entry is NULL (for the
 * pack schema and the route listing). */
extern const char *const capability_names[CAPABILITY_SLOTS];
