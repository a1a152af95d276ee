/* cloud: クラウド・外部サービス (第143条–第153条) — the register of approved services. A service is
 * registered by the 統括 (cloud.manage) from an APPROVED request of one of the pack's approval types
 * (cloud.yaml: cloud_service_sensitive, cloud_service_general, outsourced_service; 第148条3・第153条2
 * 「承認済みクラウドサービスとして記録し」), which fixes its approval class: the highest 機密性 of an
 * asset that may be placed on it. Each service has its appointed クラウドサービス管理者 (the pack's
 * manager_role, scope service), who keeps its ISMAP / ISMAP-LIU registration, data location and region,
 * 約款 review and exit plan, reviews it every review_interval_days (第150条5, a task on their home) and
 * records the end of use with the deletion / return of the information and the accounts (第151条).
 * The information systems that use a service are named from the 情報システム台帳 (第149条2).
 * Public header of domain/cloud. Owns cloud_services, cloud_service_assets, cloud_reviews,
 * cloud_service_endings, cloud_service_systems; reads requests_v, people_v, assets_v and systems_v
 * (and asks domain/access whether the actor may read an asset or a system).
 * Reading follows need-to-know: holders of cloud.manage, auditors (trail.read) and the service's own
 * manager. Every change is one transaction with its trail entry. Outputs are new references. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* The pack's settings (cloud.yaml) with each approval class: {"article", "manager_role",
 * "manager_role_label", "review_interval_days", "review_article", "ismap_warn_days", "ismap_article",
 * "end_article", "approvals":[{request_type, request_label, label, label_en, max_confidentiality,
 * max_confidentiality_label, article}]}. */
json_t *cloud_settings(const Ctx *ctx);

/* Approved requests of the approval types not registered yet, with the fields the service takes:
 * {"items":[{request_id, request_type, name, provider, purpose, manager_person_id, decided_at}]}. */
Status cloud_candidates(Ctx *ctx, json_t **out, Err *e);

/* Registers the service of approved request in.request_id: its name, provider and use come from the
 * request unless given; manager_person_id (an active person; default: the request's candidate) is the
 * クラウドサービス管理者 from today; the other cloud_service fields may be given. Refused:
 * cloud_request_not_cloud_type, cloud_request_not_approved, cloud_request_registered. */
Status cloud_service_register(Ctx *ctx, json_t *in, int64_t *id_out, Err *e);
/* Changes the given fields. The 統括 (cloud.manage) changes any, appointing another manager with
 * manager_person_id; the service's manager changes the rest (第150条2). Not after the end. */
Status cloud_service_update(Ctx *ctx, int64_t id, json_t *patch, Err *e);
/* The services the actor may read, with approval class, manager, ISMAP state ("none" | "valid" |
 * "expiring" | "expired"), review due date and state ("in_use" | "ended"): {"items":[…]}. */
Status cloud_services_list(Ctx *ctx, json_t **out, Err *e);
/* One service with its assets (asset_list, assets_hidden), the systems that use it (system_list
 * [{system_id, code, name, active, linked_at}], systems_hidden: those the actor may not read) and reviews. ST_NOTFOUND cloud_service_not_found (also when the actor
 * may not read it). */
Status cloud_service_get(Ctx *ctx, int64_t id, json_t **out, Err *e);

/* Places asset_id on the service (the 統括 or the manager; the actor must be able to read the asset).
 * An asset above the service's approval class (cloud.yaml max_confidentiality) is refused with
 * cloud_class_exceeded naming the rule's article; one not classified yet with cloud_asset_unclassified. */
Status cloud_asset_place(Ctx *ctx, int64_t id, int64_t asset_id, Err *e);
/* Takes the asset off the service. ST_NOTFOUND cloud_asset_not_placed. */
Status cloud_asset_remove(Ctx *ctx, int64_t id, int64_t asset_id, Err *e);

/* 第149条2・第150条2: names registered information system system_id (systems_v; the actor must be able
 * to read it, else system_not_found; a retired one: cloud_system_inactive) as one that uses the service
 * (the 統括 or the manager; not after the end). Once: cloud_system_linked. */
Status cloud_system_link(Ctx *ctx, int64_t id, int64_t system_id, Err *e);
/* Takes the system off the service. ST_NOTFOUND cloud_system_not_linked. */
Status cloud_system_unlink(Ctx *ctx, int64_t id, int64_t system_id, Err *e);
/* The services that use information system system_id, for the system's page (the caller has checked
 * that the actor may read the system): those the actor may read (need-to-know as cloud_service_get)
 * {"items":[{service_id, name, provider, request_type, approval_label, manager_role_label, state
 * ("in_use" | "ended"), linked_at}], "hidden": how many others}, in use first, then by name. */
Status cloud_services_of_system(Ctx *ctx, int64_t system_id, json_t **out, Err *e);

/* 第150条5: the manager's (or the 統括's) periodic review {reviewed_on (not in the future, not before
 * the registration's day), checked_items, result, actions (required when action_needed)}. */
Status cloud_review_add(Ctx *ctx, int64_t id, json_t *in, Err *e);
/* 第151条: the end of use {ended_on (not in the future, not before the registration), disposition,
 * confirmation, accounts_removed (must be true: 第151条(3))}; the assets placed on it are taken off. Once. */
Status cloud_service_end(Ctx *ctx, int64_t id, json_t *in, Err *e);

/* The actor's services in use whose review is due (none within review_interval_days):
 * {"items":[{service_id, name, due_on, overdue, article}]} — home tasks. Any signed-in person. */
Status cloud_reviews_due_for_actor(Ctx *ctx, json_t **out, Err *e);
/* Services in use whose ISMAP / ISMAP-LIU registration has lapsed or lapses within ismap_warn_days:
 * {"items":[{service_id, name, ismap_kind, expires_on, state}], "in_use": services in use} — the 統括's
 * home and the compliance dashboard. */
Status cloud_ismap_alerts(Ctx *ctx, json_t **out, Err *e);
/* The services the actor manages (in use), shaped like role assignments for their home's role list:
 * {"items":[{id (−service id), role, label, article, scope_kind "service", scope_id, scope_label,
 * valid_from, valid_until null, person_id}]}. */
Status cloud_services_of_actor(Ctx *ctx, json_t **out, Err *e);

/* Reconciling the register with the trail (domain/kernel/state.h): a service's whole state is recorded
 * by every change to it; a placement by cloud_asset.place / removed by cloud_asset.remove; a review by
 * cloud_review.create; an end by cloud_service.end. */
extern const StateKind cloud_service_state_kind;
extern const StateKind cloud_asset_state_kind;
extern const StateKind cloud_review_state_kind;
extern const StateKind cloud_end_state_kind; /* keyed by the service; recorded by cloud_service.end */
/* A system linked by cloud_system.link, unlinked by cloud_system.unlink. */
extern const StateKind cloud_system_state_kind;

/* How the trail viewer names the register's objects (domain/kernel/state.h). */
extern const NameQuery cloud_name_queries[];
