/* readiness_pdf: the readiness report's content (readiness_status) drawn as the PDF of
 * src/report/readiness.h — the structs point into the JSON, which lives until the PDF is made. */
#include <stdlib.h>

#include "domain/evaluation/readiness.h"
#include "domain/org/org.h"
#include "report/readiness.h"

Status readiness_report_pdf(Ctx *ctx, unsigned char **pdf, size_t *len, Err *e)
{
    json_t *r = NULL, *org = NULL;
    Status s = readiness_status(ctx, &r, e);
    if (s == ST_OK)
        s = org_root(ctx, &org, e);
    if (s != ST_OK) {
        json_decref(r);
        return s;
    }
    json_t *cats = json_object_get(r, "categories");
    size_t n = json_array_size(cats), i, k, nlines = 0;
    json_t *c, *l;
    json_array_foreach(cats, i, c)
        nlines += json_array_size(json_object_get(c, "lines"));
    ReadinessCategory *rc = calloc(n ? n : 1, sizeof *rc);
    ReadinessLine *rl = calloc(nlines ? nlines : 1, sizeof *rl);
    const char ***rows = calloc(nlines ? nlines : 1, sizeof *rows);
    size_t at = 0;
    json_array_foreach(cats, i, c)
    {
        json_t *lines = json_object_get(c, "lines");
        rc[i] = (ReadinessCategory){json_string_value(json_object_get(c, "category")),
                                    json_string_value(json_object_get(c, "status_label")), &rl[at], json_array_size(lines)};
        json_array_foreach(lines, k, l)
        {
            json_t *lr = json_object_get(l, "rows");
            size_t nr = json_array_size(lr), j;
            rows[at] = calloc(nr ? nr : 1, sizeof **rows);
            json_t *row;
            json_array_foreach(lr, j, row)
                rows[at][j] = json_string_value(row);
            rl[at] = (ReadinessLine){json_string_value(json_object_get(l, "text")), json_string_value(json_object_get(l, "article")),
                                     json_is_true(json_object_get(l, "ok")), rows[at], nr,
                                     json_string_value(json_object_get(l, "basis"))};
            at++;
        }
    }
    s = readiness_pdf(json_string_value(json_object_get(org, "name")), json_string_value(json_object_get(r, "date_label")), rc, n,
                      pdf, len, e);
    for (i = 0; i < nlines; i++)
        free(rows[i]);
    free(rows);
    free(rl);
    free(rc);
    json_decref(r);
    json_decref(org);
    return s;
}
