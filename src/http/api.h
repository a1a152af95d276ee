/* api: the handlers (a ROUTE: declaration above each; scripts/mkindex.py). Each is a thin translation between HTTP
 * and the domain: parse path/query/body, call the domain, shape the JSON. */
#pragma once
#include "http/http.h"

/* Adds "history": the object's trail entries, newest first (50), to obj (api_history.c). */
Status api_attach_history(Request *req, json_t *obj, const char *object_type, int64_t id, Err *e);
/* auth (api_auth.c) */
Status api_auth_config(Request *req, Response *res, Err *e);
Status api_auth_login(Request *req, Response *res, Err *e);
Status api_auth_logout(Request *req, Response *res, Err *e);
Status api_auth_password(Request *req, Response *res, Err *e);
Status api_auth_mfa_enrol(Request *req, Response *res, Err *e);
Status api_auth_mfa_confirm(Request *req, Response *res, Err *e);
Status api_auth_mfa_verify(Request *req, Response *res, Err *e);
Status api_session(Request *req, Response *res, Err *e);
Status api_preferences_update(Request *req, Response *res, Err *e);
/* accounts of people (api_accounts.c) */
Status api_account_create(Request *req, Response *res, Err *e);
Status api_account_reset_password(Request *req, Response *res, Err *e);
Status api_account_unlock(Request *req, Response *res, Err *e);
Status api_account_disable(Request *req, Response *res, Err *e);
/* home, policy, trail (api_home.c) */
Status api_home(Request *req, Response *res, Err *e);
Status api_policy(Request *req, Response *res, Err *e);
/* The citation map (policydocs.h: policy_citation_map_json). */
Status api_policy_citations(Request *req, Response *res, Err *e);
Status api_trail_list(Request *req, Response *res, Err *e);
Status api_trail_status(Request *req, Response *res, Err *e);
Status api_trail_vocabulary(Request *req, Response *res, Err *e);
/* 情報資産台帳 (api_assets.c) */
struct AssetQuery;
Status api_asset_query(Request *req, struct AssetQuery *q, Err *e);
Status api_assets_list(Request *req, Response *res, Err *e);
Status api_assets_pending(Request *req, Response *res, Err *e);
Status api_assets_labels(Request *req, Response *res, Err *e);
Status api_assets_get(Request *req, Response *res, Err *e);
Status api_assets_create(Request *req, Response *res, Err *e);
Status api_assets_update(Request *req, Response *res, Err *e);
Status api_assets_decide(Request *req, Response *res, Err *e);
Status api_assets_copy(Request *req, Response *res, Err *e);
Status api_assets_add_restriction(Request *req, Response *res, Err *e);
Status api_assets_remove_restriction(Request *req, Response *res, Err *e);
Status api_assets_contents(Request *req, Response *res, Err *e);
Status api_assets_add_event(Request *req, Response *res, Err *e);
/* 情報システム台帳 (api_systems.c) */
Status api_systems_list(Request *req, Response *res, Err *e);
Status api_systems_get(Request *req, Response *res, Err *e);
Status api_systems_create(Request *req, Response *res, Err *e);
Status api_systems_update(Request *req, Response *res, Err *e);
Status api_systems_add_component(Request *req, Response *res, Err *e);
Status api_systems_update_component(Request *req, Response *res, Err *e);
Status api_systems_remove_component(Request *req, Response *res, Err *e);
/* IDs of information systems (api_sysaccounts.c) */
Status api_system_ids_findings(Request *req, Response *res, Err *e);
Status api_system_ids_formats(Request *req, Response *res, Err *e);
Status api_system_ids_lgsec(Request *req, Response *res, Err *e);
Status api_system_ids_get(Request *req, Response *res, Err *e);
Status api_system_ids_import(Request *req, Response *res, Err *e);
Status api_access_reviews_list(Request *req, Response *res, Err *e);
Status api_access_reviews_open(Request *req, Response *res, Err *e);
Status api_access_reviews_get(Request *req, Response *res, Err *e);
Status api_access_reviews_xlsx(Request *req, Response *res, Err *e);
Status api_access_reviews_close(Request *req, Response *res, Err *e);
Status api_access_review_items_decide(Request *req, Response *res, Err *e);
Status api_access_review_items_done(Request *req, Response *res, Err *e);
/* 申請・承認 (api_requests.c) */
Status api_request_types(Request *req, Response *res, Err *e);
Status api_requests_list(Request *req, Response *res, Err *e);
Status api_requests_create(Request *req, Response *res, Err *e);
Status api_requests_get(Request *req, Response *res, Err *e);
Status api_requests_submit(Request *req, Response *res, Err *e);
Status api_requests_decide(Request *req, Response *res, Err *e);
Status api_requests_withdraw(Request *req, Response *res, Err *e);
Status api_requests_complete(Request *req, Response *res, Err *e);
Status api_requests_depart(Request *req, Response *res, Err *e);
/* policy documents, acknowledgements, reviews (api_policy_docs.c) */
Status api_policy_docs_list(Request *req, Response *res, Err *e);
Status api_policy_docs_create(Request *req, Response *res, Err *e);
Status api_policy_docs_get(Request *req, Response *res, Err *e);
Status api_policy_docs_upload(Request *req, Response *res, Err *e);
Status api_policy_docs_acks(Request *req, Response *res, Err *e);
Status api_policy_versions_get(Request *req, Response *res, Err *e);
Status api_policy_versions_update(Request *req, Response *res, Err *e);
Status api_policy_versions_publish(Request *req, Response *res, Err *e);
Status api_policy_versions_discard(Request *req, Response *res, Err *e);
Status api_policy_versions_acknowledge(Request *req, Response *res, Err *e);
Status api_policy_reviews_list(Request *req, Response *res, Err *e);
Status api_policy_reviews_create(Request *req, Response *res, Err *e);
Status api_policy_reviews_get(Request *req, Response *res, Err *e);
Status api_policy_reviews_update(Request *req, Response *res, Err *e);
/* 評価・見直し: periodic duties (api_evaluation.c) */
Status api_duties_list(Request *req, Response *res, Err *e);
Status api_duties_get(Request *req, Response *res, Err *e);
Status api_duties_record(Request *req, Response *res, Err *e);
Status api_selfchecks_list(Request *req, Response *res, Err *e);
Status api_selfchecks_open(Request *req, Response *res, Err *e);
Status api_selfchecks_get(Request *req, Response *res, Err *e);
Status api_selfchecks_close(Request *req, Response *res, Err *e);
Status api_selfchecks_sheet(Request *req, Response *res, Err *e);
Status api_selfchecks_answer(Request *req, Response *res, Err *e);
Status api_selfchecks_action_add(Request *req, Response *res, Err *e);
Status api_selfchecks_add_systems(Request *req, Response *res, Err *e);
Status api_selfchecks_system_sheet(Request *req, Response *res, Err *e);
Status api_selfchecks_system_answer(Request *req, Response *res, Err *e);
Status api_selfchecks_system_action_add(Request *req, Response *res, Err *e);
Status api_selfcheck_actions_close(Request *req, Response *res, Err *e);
Status api_compliance(Request *req, Response *res, Err *e);
Status api_readiness(Request *req, Response *res, Err *e);
Status api_readiness_pdf(Request *req, Response *res, Err *e);
Status api_readiness_xlsx(Request *req, Response *res, Err *e);
Status api_audit_contractors(Request *req, Response *res, Err *e);
Status api_selfchecks_org_sheet(Request *req, Response *res, Err *e);
Status api_selfchecks_org_answer(Request *req, Response *res, Err *e);
Status api_audits_list(Request *req, Response *res, Err *e);
Status api_audits_create(Request *req, Response *res, Err *e);
Status api_audits_get(Request *req, Response *res, Err *e);
Status api_audits_assign(Request *req, Response *res, Err *e);
Status api_audits_finding(Request *req, Response *res, Err *e);
Status api_audit_findings_plan(Request *req, Response *res, Err *e);
Status api_audit_findings_close(Request *req, Response *res, Err *e);
/* 自分の作業, お知らせ, 代行, 例外措置 (api_work.c) */
Status api_inbox(Request *req, Response *res, Err *e);
Status api_notifications_list(Request *req, Response *res, Err *e);
Status api_notifications_read(Request *req, Response *res, Err *e);
Status api_delegations_list(Request *req, Response *res, Err *e);
Status api_delegations_create(Request *req, Response *res, Err *e);
Status api_delegations_revoke(Request *req, Response *res, Err *e);
Status api_exceptions_register(Request *req, Response *res, Err *e);
Status api_exceptions_emergency(Request *req, Response *res, Err *e);
Status api_exceptions_review(Request *req, Response *res, Err *e);
/* imports, exports and field lists (api_registers.c) */
Status api_assets_export_xlsx(Request *req, Response *res, Err *e);
Status api_assets_export_csv(Request *req, Response *res, Err *e);
Status api_systems_export_xlsx(Request *req, Response *res, Err *e);
Status api_systems_export_csv(Request *req, Response *res, Err *e);
Status api_registers_export_xlsx(Request *req, Response *res, Err *e);
Status api_imports_upload(Request *req, Response *res, Err *e);
Status api_imports_dry_run(Request *req, Response *res, Err *e);
Status api_imports_commit(Request *req, Response *res, Err *e);
Status api_imports_cancel(Request *req, Response *res, Err *e);
Status api_imports_status(Request *req, Response *res, Err *e);
Status api_registers_fields(Request *req, Response *res, Err *e);
/* organisation (api_org.c) */
Status api_units_list(Request *req, Response *res, Err *e);
Status api_units_create(Request *req, Response *res, Err *e);
Status api_units_update(Request *req, Response *res, Err *e);
Status api_people_list(Request *req, Response *res, Err *e);
Status api_people_names(Request *req, Response *res, Err *e);
Status api_people_get(Request *req, Response *res, Err *e);
Status api_people_create(Request *req, Response *res, Err *e);
Status api_people_update(Request *req, Response *res, Err *e);
Status api_roles_list(Request *req, Response *res, Err *e);
Status api_assignments_list(Request *req, Response *res, Err *e);
Status api_assignments_create(Request *req, Response *res, Err *e);
Status api_assignments_end(Request *req, Response *res, Err *e);
Status api_contacts(Request *req, Response *res, Err *e);
