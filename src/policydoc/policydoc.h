/* policydoc: reading a municipality's security policy as published (plain text or Markdown extracted
 * from PDF or Word; a .docx or a PDF itself, through their text) into a tree — document → 章 → 節 →
 * 条 (or a numbered section 「1 目的」 in a 基本方針 without 条) → 項 → 号 → 細目, plus 附則. Each node
 * has its kind, normalised number, label, title, normalised text and source line range. Depends on
 * core (and libzip, libxml2, poppler-glib for the file forms); the guideline check is check.h.
 *
 * Normalisation of titles and text: NFKC, then the spaces that extraction inserts are removed
 * (between Japanese characters, between Japanese and ASCII, and inside spaced capitals such as
 * 「L G W A N」); lines broken inside a sentence are re-joined; tab-separated table rows are kept
 * as rows (one per line, tabs kept). The source line range lets a viewer show the original. */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef enum PdKind {
    PD_DOCUMENT,   /* the root; its text is the preamble (title page, 目次) before the body */
    PD_CHAPTER,    /* 章 */
    PD_SECTION,    /* 節 */
    PD_ARTICLE,    /* 条, or a numbered section 「1 目的」 (label without 第/条) */
    PD_PARAGRAPH,  /* 項 (「2 …」 in an article; the article's own text is its first 項) */
    PD_ITEM,       /* 号 (「(1)」「（１）」「- (1)」「一」) */
    PD_SUBITEM,    /* 細目 (「ア」「(ア)」「①」), nested when the marker style changes */
    PD_SUPPLEMENT, /* 附則 */
} PdKind;

typedef struct PdNode PdNode;
struct PdNode {
    PdKind kind;
    int number;      /* 1-based; ア → 1, イ → 2; 0 for the document and 附則 */
    char *label;     /* as a reader cites it: 「第13条」「第2章」「2」「(1)」「ア」「①」; "" for the root */
    char *title;     /* 「目的」 for (目的) before 第1条, 「総則」 for 第1章 総則; "" when none */
    char *text;      /* the node's own text (not its children's), normalised; "" when none */
    int first_line;  /* 1-based source lines; first_line includes an article's title line */
    int last_line;
    PdNode *parent;  /* NULL for the root */
    PdNode **children;
    size_t nchildren, cap;
    int row_end_;    /* parser-internal: the text ends with a table row */
};

typedef struct PdCounts {
    size_t chapters, sections, articles, paragraphs, items, subitems; /* outside 附則 */
    size_t supplements;
} PdCounts;

typedef struct PolicyDoc {
    PdNode *root;       /* PD_DOCUMENT */
    char *title;        /* the first non-empty line of the preamble, normalised; "" if none */
    const char *encoding; /* "UTF-8" or "CP932" (static) */
    int nlines;
    int body_line;      /* the first line of the body (after title page and 目次); 0 when empty */
    PdCounts counts;
} PolicyDoc;

/* Parses text (len bytes; need not be NUL-terminated). UTF-8 (a BOM is skipped); text that is not
 * valid UTF-8 is tried as CP932, else refused (ST_INVALID, code policy_encoding). Input over 16 MiB
 * → ST_LIMIT. On success *out is a new document the caller frees with policydoc_free. */
Status policydoc_parse(const char *text, size_t len, PolicyDoc **out, Err *e);
void policydoc_free(PolicyDoc *d);
/* Reads and parses a file: plain text or Markdown, a Word document (.docx, recognised by its zip
 * signature) or a PDF (%PDF-). Errors: ST_NOTFOUND / ST_IO (file_unreadable), ST_LIMIT (over 64 MiB),
 * ST_INVALID (policy_docx, policy_pdf, policy_encoding). */
Status policydoc_read_file(const char *path, PolicyDoc **out, Err *e);
/* The text of a .docx (bytes, len): one line per paragraph, table rows as tab-separated lines, list
 * numbering where Word computes it; malloc'd into *out. ST_INVALID (policy_docx) when it is not a
 * readable Word document; ST_LIMIT when it unpacks to more than 64 MiB. */
Status policydoc_docx_text(const void *bytes, size_t len, char **out, Err *e);
/* The text of a PDF, page by page (poppler). ST_INVALID (policy_pdf) when it cannot be read. */
Status policydoc_pdf_text(const void *bytes, size_t len, char **out, Err *e);

/* The tree as JSON (malloc'd string; caller frees): {"title", "encoding", "lines", "body_line",
 * "counts": {...}, "root": node} where node = {"kind", "kind_ja", "number", "label", "title",
 * "text", "first_line", "last_line", "children": [...]}. */
char *policydoc_to_json(const PolicyDoc *d);

/* "chapter", "article", … and 「章」「条」… (static strings). */
const char *pd_kind_name(PdKind k);
const char *pd_kind_ja(PdKind k);

/* Helpers the parser uses, exposed for the tests. */
/* Kanji numeral at s (〇一二三四五六七八九十百千): its value, *used = bytes consumed; -1 if none. */
int pd_kanji_number(const char *s, size_t *used);
/* Normalises one line of text: NFKC, extraction spaces removed, spaced capitals joined. Caller frees;
 * NULL when s is not valid UTF-8. */
char *pd_normalise(const char *s);
