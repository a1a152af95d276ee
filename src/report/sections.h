/* sections: a report of headed sections of lines as an A4 PDF (cairo + pango, Noto Sans CJK JP), for
 * documents whose content a domain module words (the 監査報告書, 第158条). The caller fills the
 * structs; the text is printed as given (和暦 dates and articles included). */
#pragma once
#include <stddef.h>

#include "core/err.h"

typedef struct ReportSection {
    const char *heading;      /* 「2. 監査項目」 */
    const char *const *lines; /* each a paragraph; may contain line breaks */
    size_t n_lines;
} ReportSection;

/* title (bold, large), subtitle lines (e.g. 「情報セキュリティ委員会 御中」, the date), then the sections,
 * page after page; a section with no lines prints 「なし」. *pdf is malloc'd (caller frees). */
Status sections_pdf(const char *title, const char *subtitle, const ReportSection *sections, size_t n,
                    unsigned char **pdf, size_t *len, Err *e);
