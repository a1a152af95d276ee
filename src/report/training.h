/* training: the CISO's yearly report to the 情報セキュリティ委員会 on the staff's security training
 * (第51条7) as an A4 PDF in Japanese with 和暦 — each course of the 年度 with its audience and 受講率,
 * then the share of each 課室's staff who attended at least one course (第51条2: 毎年度最低1回). The
 * caller (http) fills the structs from the training module. */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct TrainingReportLine {
    const char *name;   /* a course's title, or a 課室's name */
    const char *detail; /* a course: 「対象者: 全職員・eラーニング・受講期限 令和8年12月25日」; a 課室: NULL */
    long target, attended;
    double rate;        /* percent */
} TrainingReportLine;

/* Renders the report into *pdf (malloc'd; caller frees). fy_label 「令和8年度」, date_label 「令和9年3月1日」. */
Status training_report_pdf(const char *organisation, const char *fy_label, const char *date_label,
                           const TrainingReportLine *courses, size_t ncourses, const TrainingReportLine *sections,
                           size_t nsections, const TrainingReportLine *total, unsigned char **pdf, size_t *len, Err *e);
