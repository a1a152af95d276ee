/* policydoc_json.c: owns the JSON form of a parsed policy document (policydoc_to_json). */
#include "policydoc/policydoc.h"

#include "core/jsonw.h"

static void node_json(JsonWriter *w, const PdNode *nd)
{
    jw_object_begin(w);
    jw_key(w, "kind");
    jw_string(w, pd_kind_name(nd->kind));
    jw_key(w, "kind_ja");
    jw_string(w, pd_kind_ja(nd->kind));
    jw_key(w, "number");
    jw_int(w, nd->number);
    jw_key(w, "label");
    jw_string(w, nd->label);
    jw_key(w, "title");
    jw_string(w, nd->title);
    jw_key(w, "text");
    jw_string(w, nd->text);
    jw_key(w, "first_line");
    jw_int(w, nd->first_line);
    jw_key(w, "last_line");
    jw_int(w, nd->last_line);
    jw_key(w, "children");
    jw_array_begin(w);
    for (size_t i = 0; i < nd->nchildren; i++)
        node_json(w, nd->children[i]);
    jw_array_end(w);
    jw_object_end(w);
}

char *policydoc_to_json(const PolicyDoc *d)
{
    JsonWriter w = {0};
    jw_object_begin(&w);
    jw_key(&w, "title");
    jw_string(&w, d->title);
    jw_key(&w, "encoding");
    jw_string(&w, d->encoding);
    jw_key(&w, "lines");
    jw_int(&w, d->nlines);
    jw_key(&w, "body_line");
    jw_int(&w, d->body_line);
    jw_key(&w, "counts");
    jw_object_begin(&w);
    jw_key(&w, "chapters");
    jw_int(&w, (int64_t)d->counts.chapters);
    jw_key(&w, "sections");
    jw_int(&w, (int64_t)d->counts.sections);
    jw_key(&w, "articles");
    jw_int(&w, (int64_t)d->counts.articles);
    jw_key(&w, "paragraphs");
    jw_int(&w, (int64_t)d->counts.paragraphs);
    jw_key(&w, "items");
    jw_int(&w, (int64_t)d->counts.items);
    jw_key(&w, "subitems");
    jw_int(&w, (int64_t)d->counts.subitems);
    jw_key(&w, "supplements");
    jw_int(&w, (int64_t)d->counts.supplements);
    jw_object_end(&w);
    jw_key(&w, "root");
    node_json(&w, d->root);
    jw_object_end(&w);
    return jw_take(&w);
}
