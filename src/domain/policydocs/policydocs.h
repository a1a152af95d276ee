/* policy_doc: the municipality's own policy documents — the register of 基本方針, 対策基準 and
 * 実施手順 (per system or area), their versions (uploaded text, .docx or PDF; parsed, checked against
 * the pack's guideline model, compared article by article with the previous version), publication
 * to staff (第48条), reading acknowledgements (同意, 第47条(2)) reported per 課室, and the annual
 * review (第165条).
 *
 * Who may do what: writes (register, upload, publish, review) need policy.manage — the route table
 * enforces it. Reading is the domain's: every signed-in person reads the published 基本方針 and
 * 対策基準 (current and earlier published versions); 実施手順 are 非公開 and need procedures.read;
 * drafts need policy.manage. Anything a person may not read is "not found", in lists too.
 * Every change is one transaction with its trail entry. */
#pragma once
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/kernel/kernel.h"

/* An upload larger than this is refused (policy_too_large). */
#define POLICY_MAX_UPLOAD (4u * 1024 * 1024)

/* The register (policy_doc.c). kind: basic | standard | procedure. area: the system or area a
 * 実施手順 covers (required for procedures); system_id 0 = none. */
Status policy_doc_create(Ctx *ctx, const char *kind, const char *title, const char *area, int64_t system_id,
                         int64_t *id_out, Err *e);
/* {items: [...]} of the documents the actor may read, with their current version and (for
 * policy.manage) the latest draft. */
Status policy_doc_list(Ctx *ctx, json_t **out, Err *e);
/* One document with the versions the actor may read, newest first. */
Status policy_doc_get(Ctx *ctx, int64_t id, json_t **out, Err *e);
/* ST_OK when the actor may read the version (ST_NOTFOUND otherwise, also when it does not exist). */
Status policy_version_may_read(Ctx *ctx, int64_t version_id, Err *e);

/* Versions (policy_doc_version.c). Reads the upload (text in UTF-8 or CP932, Markdown, .docx, PDF),
 * parses it, checks it (基本方針 and 対策基準) and stores it as a draft. Bad uploads store nothing:
 * policy_empty, policy_too_large (ST_LIMIT), policy_not_text, policy_encoding, policy_docx,
 * policy_pdf, policy_no_structure. */
Status policy_version_upload(Ctx *ctx, int64_t document_id, const char *filename, const unsigned char *data,
                             size_t len, int64_t *id_out, Err *e);
/* The version with its text, parse tree, check report and the diff against `against` (0 = the
 * previous version: the published one in force, else the latest earlier one). */
Status policy_version_get(Ctx *ctx, int64_t id, int64_t against, json_t **out, Err *e);
/* A draft's 改訂履歴 and adoption: effective_date, revision_note, decision, decision_date,
 * pack_version (each optional in body; checked by the caller for type and length). */
Status policy_version_update(Ctx *ctx, int64_t id, json_t *body, Err *e);
/* A committee decision adopting version id (committee_decision_add): a draft without a recorded
 * decision gets decision and decision_date (YYYY-MM-DD), trailed as policy_doc.version_update (*filled);
 * a version in force or one whose decision was written already is left as it is. Joins the caller's
 * transaction. */
Status policy_version_record_decision(Ctx *ctx, int64_t id, const char *decision, const char *decided_on, bool *filled,
                                      Err *e);
/* Puts a draft in force: it needs an effective date, a revision note and the decision. The version
 * in force before becomes superseded. */
Status policy_version_publish(Ctx *ctx, int64_t id, Err *e);
/* Drops a draft (kept, as discarded). */
Status policy_version_discard(Ctx *ctx, int64_t id, Err *e);

/* Acknowledgements (policy_doc_ack.c). The actor's person acknowledges a published version in
 * force; a second time changes nothing. *out: {version_id, acknowledged_at, first: bool}. */
Status policy_ack(Ctx *ctx, int64_t version_id, json_t **out, Err *e);
/* The 基本方針 / 対策基準 in force that person_id has not acknowledged yet, in kind order:
 * [{title, version_id}] (new reference). */
Status policy_docs_unread_by(Ctx *ctx, int64_t person_id, json_t **out, Err *e);
/* *pending: a 対策基準 is in force and the person has not acknowledged it (第47条; the induction task).
 * A failed query is an error, never "not pending". */
Status policy_standard_pending(Ctx *ctx, int64_t person_id, bool *pending, Err *e);
/* Per 課室: active people, how many acknowledged the document's version in force (or version_id
 * when not 0), and who has not. */
Status policy_ack_report(Ctx *ctx, int64_t document_id, int64_t version_id, json_t **out, Err *e);

/* The annual review (policy_review.c), one per 年度. body: fiscal_year, reviewed_on,
 * risk_evaluation, inputs, input_links [{label, url}], decisions, revision_version_id. */
Status policy_review_list(Ctx *ctx, json_t **out, Err *e);
Status policy_review_create(Ctx *ctx, json_t *body, int64_t *id_out, Err *e);
Status policy_review_update(Ctx *ctx, int64_t id, json_t *body, Err *e);
Status policy_review_get(Ctx *ctx, int64_t id, json_t **out, Err *e);

/* Citations in the municipality's own numbering (policy_citations.c, docs/citations.md). The 対策基準
 * in force: the published version of a standard document (the latest published when there are
 * several); version_id 0 when none is. */
typedef struct PolicyStandardInForce {
    int64_t version_id;
    char title[256];
    char effective_date[11]; /* 施行日 YYYY-MM-DD, "" when not recorded */
} PolicyStandardInForce;
Status policy_standard_in_force(Ctx *ctx, PolicyStandardInForce *out, Err *e);
/* The citation map (policydoc/article_map.h) of the 対策基準 in force against the active pack:
 * guideline sections only when none is in force. *out is shared and lives as long as the process
 * (do not free); NULL when ctx has no pack. */
struct ArticleMap;
Status policy_citation_map(Ctx *ctx, const struct ArticleMap **out, Err *e);
/* Adds "article_own" (「第38条」 or null) and "article_guideline" (「対策基準 5.1」 or null) for the
 * citation to obj. m may be NULL (both null). */
void policy_citation_put(const struct ArticleMap *m, json_t *obj, const char *citation);
/* text with each citation in it followed by the own article 「第58条（貴団体の第39条）」 or, without
 * one, the guideline section 「第58条（ガイドライン 対策基準 5.4）」 (malloc'd; m may be NULL: a copy). */
char *policy_citation_text(const struct ArticleMap *m, const char *text);
/* {standard: {version_id, title, effective_date} | null, articles: {"第41条": {own, own_title,
 * guideline}}} — what the UI shows citations with. */
json_t *policy_citation_map_json(const struct ArticleMap *m, const PolicyStandardInForce *std);
/* The same without what could tell a 非公開 対策基準's content (standard null, own_title null): the
 * article numbers only, for the screens before sign-in. */
json_t *policy_citation_numbers_json(const struct ArticleMap *m);

/* "基本方針", "対策基準", "実施手順"; NULL for an unknown kind. */
const char *policy_kind_ja(const char *kind);

/* How the trail viewer names documents, versions and reviews (policy_names.c, domain/kernel/state.h). */
extern const NameQuery policydocs_name_queries[];

/* ポリシー文書, their versions and the annual reviews for reconciling the registers with the trail
 * (domain/kernel/state.h). */
extern const StateKind policy_document_state_kind;
extern const StateKind policy_version_state_kind;
extern const StateKind policy_review_state_kind;
extern const StateKind policy_ack_state_kind;
