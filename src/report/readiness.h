/* readiness: the 第16条の3 readiness report as PDF — for each of the eight categories its status
 * (met / partly / not met / not evaluated) and the lines of evidence with their articles (each with
 * the failing rows under it), in
 * Japanese with 和暦 dates (cairo + pango with Noto Sans CJK JP, like the labels). The caller (http)
 * fills the structs from the evaluation module. */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct ReadinessLine {
    const char *text;    /* 「情報セキュリティ管理者のいない課室等: 1 件」 */
    const char *article; /* 「第16条」 */
    int ok;              /* 1 met, 0 not */
    const char *const *rows; /* the failing rows shown under the line (the evidence), or NULL */
    size_t n_rows;
    const char *basis; /* what was counted, from which register, as of when — printed under the line, or NULL */
} ReadinessLine;

typedef struct ReadinessCategory {
    const char *category;     /* 「①組織体制」 */
    const char *status_label; /* 「一部満たす」 */
    const ReadinessLine *lines;
    size_t n_lines;
} ReadinessCategory;

/* Renders the report (title, organisation, 和暦 date, then each category) into a PDF of as many
 * A4 pages as needed; *pdf is malloc'd (caller frees). */
Status readiness_pdf(const char *organisation, const char *date_label, const ReadinessCategory *cats, size_t n,
                     unsigned char **pdf, size_t *len, Err *e);
