/* policy check: a parsed policy document against the guideline model of the pack (guideline.yaml,
 * docs/pack-schema.md). Each element is 充足 (every term found in one node of the document, and the
 * `together` terms in one sentence), 一部不足 (at least half found: the rest are listed) or 欠落; the
 * 対策基準 elements are 対象外 when the document has no 対策基準. Deviations: wrong wordings, 又は where
 * the guideline says 及び, outdated classifications.
 *
 * Matching is on the parse tree: each node's title and text (already NFKC) with white space removed,
 * so wording inside a node matches across the line breaks and the spaces extraction inserts. The
 * 目次 and title page (the document's own text) and 附則 are not searched. When the document has a
 * 章 titled 基本方針, the 基本方針 elements are looked for in it and the 対策基準 elements outside it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "policy/pack.h"
#include "policydoc/policydoc.h"

typedef enum PcStatus { PC_OK, PC_PARTIAL, PC_MISSING, PC_NA } PcStatus;

typedef struct PcFinding {
    const PackGlElement *el;
    PcStatus status;
    const PdNode *node;  /* the node the terms were found in (PC_OK, PC_PARTIAL); NULL otherwise */
    const PdNode *where; /* PC_MISSING / PC_PARTIAL: the heading where the element belongs, if any */
    char **missing;      /* what is missing: terms (first wording) and unmet 「…」を同じ文に groups */
    size_t n_missing;
    /* per term of the element (el->n_terms; NULL when the element is 欠落 or 対象外): the deepest node
     * of the first occurrence inside the found node, and the wording found there; NULL when missing */
    const PdNode **term_nodes;
    const char **term_found;
} PcFinding;

typedef struct PcDeviation {
    const PackGlDeviation *dev;
    const PdNode *node; /* the node the wording is in */
    char *found;        /* the text found, normalised (「機密性、安全性」, 「監査又は自己点検」) */
} PcDeviation;

typedef struct PolicyCheck {
    bool has_standard;          /* the document contains a 対策基準 */
    size_t standard_chapters;   /* 対策基準 sections that are 章 or 節 (or top-level sections) */
    const PdNode *basic_chapter; /* the 章 titled 基本方針, or NULL */
    PcFinding *findings; size_t n_findings; /* in model order */
    PcDeviation *devs; size_t n_devs;       /* in document order */
    size_t n_ok, n_partial, n_missing, n_na;
} PolicyCheck;

/* Checks d against g. Never fails on a valid document and model; *out is freed with
 * policy_check_free. */
PolicyCheck *policy_check(const PolicyDoc *d, const PackGuideline *g);
void policy_check_free(PolicyCheck *c);
/* True when nothing is 一部不足 or 欠落 and there is no deviation (exit status 0). */
bool policy_check_complete(const PolicyCheck *c);

/* 「充足」「一部不足」「欠落」「対象外」 and "ok", "partial", "missing", "not_applicable". */
const char *pc_status_ja(PcStatus s);
const char *pc_status_name(PcStatus s);
/* How a reader cites a node: 「第2条(6)」「6.(3)③」「第2章」; malloc'd. */
char *pc_cite(const PdNode *n);

/* The report as JSON (malloc'd): {"document", "guideline": {"title", "edition"}, "has_standard",
 * "complete", "summary": {...}, "elements": [...], "deviations": [...]} (docs/policy-check.md). */
char *policy_check_to_json(const PolicyCheck *c, const PolicyDoc *d, const PackGuideline *g);
/* The report as text for the terminal (malloc'd). */
char *policy_check_to_text(const PolicyCheck *c, const PolicyDoc *d, const PackGuideline *g);
