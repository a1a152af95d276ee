/* labels: the printable sheet of 分類表示 labels (第23条4) for media and paper — an A4 PDF with a
 * grid of labels, each showing the asset number, its name and the compact classification text.
 * Rendered with cairo + pango so Japanese text is shaped properly (Noto Sans CJK JP). */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct LabelItem {
    const char *asset_no;   /* "A-2026-0001" */
    const char *name;       /* 住民基本台帳データ (backup) */
    const char *label_text; /* 「自治体機密性3B・完全性2・可用性2｜複製・配付禁止 暗号化 施錠保管」 */
    const char *unit_name;  /* owning 課室 */
} LabelItem;

#define LABELS_MAX 500

/* Renders n labels (1..LABELS_MAX) into a PDF; *pdf is malloc'd (caller frees). */
Status labels_pdf(const LabelItem *items, size_t n, unsigned char **pdf, size_t *len, Err *e);
