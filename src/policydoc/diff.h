/* diff: an article-aware comparison of two versions of a policy document. The unit is the article
 * (条, a numbered section 「1 目的」, or a 附則) with everything below it. Articles are paired by
 * content, not by number, so inserting one article and renumbering the rest reads as one addition
 * and a run of moves, not as every later article changed:
 *   1. identical title and text → unchanged (same number) or moved (different number);
 *   2. the remaining pairs by similarity (character bigrams), with a preference for the same number
 *      and title → changed (same number) or moved with a changed text (different number);
 *   3. what is left → removed (old) and added (new).
 * Changed texts carry a line diff. Depends on core and policydoc only. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "policydoc/policydoc.h"

typedef enum PdDiffKind { PDD_MOVED, PDD_CHANGED, PDD_ADDED, PDD_REMOVED } PdDiffKind;

typedef struct PdDiffLine {
    char op;    /* ' ' kept, '-' only in the old text, '+' only in the new text */
    char *text;
} PdDiffLine;

typedef struct PdDiffEntry {
    PdDiffKind kind;
    const PdNode *old_node; /* borrowed from the old document; NULL when added */
    const PdNode *new_node; /* borrowed from the new document; NULL when removed */
    double similarity;      /* 0..1 between the two texts (1 when identical); 0 for added/removed */
    bool text_changed;      /* the texts differ (always for changed; for moved when not identical) */
    PdDiffLine *lines;      /* line diff when text_changed */
    size_t nlines;
} PdDiffEntry;

typedef struct PdDiff {
    PdDiffEntry *entries; /* in reading order of the new document; removals where they stood */
    size_t n;
    size_t unchanged, moved, changed, added, removed;
} PdDiff;

/* Compares old_doc with new_doc. The result borrows nodes from both: free it before them. */
Status pd_diff(const PolicyDoc *old_doc, const PolicyDoc *new_doc, PdDiff **out, Err *e);
void pd_diff_free(PdDiff *d);
/* {"summary": {unchanged, moved, changed, added, removed}, "entries": [{"kind", "old": ref|null,
 * "new": ref|null, "similarity" (percent), "text_changed", "lines": [{"op", "text"}]}]} with
 * ref = {"label", "title", "chapter", "first_line", "last_line"}. malloc'd; caller frees. */
char *pd_diff_to_json(const PdDiff *d);
/* "moved", "changed", "added", "removed". */
const char *pd_diff_kind_name(PdDiffKind k);
/* Character-bigram (Dice) similarity of two UTF-8 strings, 0..1; exposed for the tests. */
double pd_similarity(const char *a, const char *b);
