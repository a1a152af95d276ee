/* OOXML (docx/xlsx/pptx and their macro-enabled and template forms) rebuilt from an allow-list.
 * Starting from the package relationships, only relationships of allowed types to parts of allowed
 * content types are followed; everything else (VBA projects, ActiveX, OLE objects and embeddings,
 * external links, attached templates, customUI, external data connections, XLM macro sheets) is left
 * behind. External relationships survive only as hyperlinks, and only when the policy allows them.
 * Every kept XML part is cleaned (ooxml_clean.c: DDE and external field codes, OLE/ActiveX elements,
 * references to dropped relationships); macro-enabled content types become their macro-free forms.
 * The same pass runs over the result in check mode: any finding there blocks the file. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "sanitize/disarm_types.h"
#include "sanitize/ooxml_clean.h"
#include "sanitize/zip_mem.h"

#define CT_PREFIX "application/vnd.openxmlformats-officedocument."
#define CT_MAX_BYTES (4u << 20)

/* Main document content types: the kind, and the macro-free form to write. */
static const struct {
    const char *ct, *kind, *to;
} MAINS[] = {
    {CT_PREFIX "wordprocessingml.document.main+xml", "docx", NULL},
    {"application/vnd.ms-word.document.macroEnabled.main+xml", "docm", CT_PREFIX "wordprocessingml.document.main+xml"},
    {CT_PREFIX "wordprocessingml.template.main+xml", "dotx", NULL},
    {"application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "dotm", CT_PREFIX "wordprocessingml.template.main+xml"},
    {CT_PREFIX "spreadsheetml.sheet.main+xml", "xlsx", NULL},
    {"application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xlsm", CT_PREFIX "spreadsheetml.sheet.main+xml"},
    {CT_PREFIX "spreadsheetml.template.main+xml", "xltx", NULL},
    {"application/vnd.ms-excel.template.macroEnabled.main+xml", "xltm", CT_PREFIX "spreadsheetml.template.main+xml"},
    {CT_PREFIX "presentationml.presentation.main+xml", "pptx", NULL},
    {"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml", "pptm", CT_PREFIX "presentationml.presentation.main+xml"},
    {CT_PREFIX "presentationml.template.main+xml", "potx", NULL},
    {"application/vnd.ms-powerpoint.template.macroEnabled.main+xml", "potm", CT_PREFIX "presentationml.template.main+xml"},
    {CT_PREFIX "presentationml.slideshow.main+xml", "ppsx", NULL},
    {"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml", "ppsm", CT_PREFIX "presentationml.slideshow.main+xml"},
    /* Recognised so that they are blocked by name: binary workbooks and add-ins. */
    {"application/vnd.ms-excel.sheet.binary.macroEnabled.main", "xlsb", NULL},
    {"application/vnd.ms-excel.addin.macroEnabled.main+xml", "xlam", NULL},
    {"application/vnd.ms-powerpoint.addin.macroEnabled.main+xml", "ppam", NULL},
};

/* Relationship types followed (the last segment of the type URI). */
static const char *const REL_TYPES[] = {
    "officeDocument", "core-properties", "extended-properties", "custom-properties", "thumbnail", "styles",
    "stylesWithEffects", "settings", "webSettings", "fontTable", "numbering", "footnotes", "endnotes", "comments",
    "header", "footer", "theme", "themeOverride", "image", "hyperlink", "worksheet", "chartsheet", "sharedStrings",
    "calcChain", "table", "drawing", "chart", "chartUserShapes", "chartStyle", "chartColorStyle", "pivotTable",
    "pivotCacheDefinition", "pivotCacheRecords", "vmlDrawing", "slide", "slideLayout", "slideMaster", "notesSlide",
    "notesMaster", "handoutMaster", "presProps", "viewProps", "tableStyles", "commentAuthors", "customXml",
    "customXmlProps", "glossaryDocument", "diagramData", "diagramLayout", "diagramQuickStyle", "diagramColors",
    "diagramDrawing", "commentsExtended", "commentsIds", "people", "tags", "sheetMetadata",
};

/* Dangerous relationship types, named in the verdict. */
static const struct {
    const char *type, *what;
} REL_DANGER[] = {
    {"vbaProject", "VBA macros"},
    {"wordVbaData", "VBA macro data"},
    {"attachedTemplate", "attached template"},
    {"oleObject", "OLE object"},
    {"package", "embedded package"},
    {"activeXControl", "ActiveX control"},
    {"activeXControlBinary", "ActiveX control"},
    {"control", "ActiveX control"},
    {"externalLink", "external link"},
    {"externalLinkPath", "external link"},
    {"extensibility", "customUI"},
    {"connections", "external data connection"},
    {"queryTable", "external data query"},
    {"xlMacrosheet", "Excel 4.0 macro sheet"},
    {"xlIntlMacrosheet", "Excel 4.0 macro sheet"},
    {"aFChunk", "embedded foreign content (altChunk)"},
    {"subDocument", "subdocument"},
    {"frame", "frame"},
    {"keyMapCustomizations", "macro key bindings"},
};

/* Content types of parts that may be kept besides the ones under CT_PREFIX. */
static const char *const CT_EXTRA[] = {
    "application/vnd.openxmlformats-package.core-properties+xml",
    "application/vnd.openxmlformats-package.relationships+xml",
    "application/xml",
    "text/xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/bmp",
    "image/tiff",
    "image/x-emf",
    "image/x-wmf",
    "application/vnd.ms-office.chartstyle+xml",
    "application/vnd.ms-office.chartcolorstyle+xml",
    "application/vnd.ms-word.stylesWithEffects+xml",
    "application/vnd.ms-word.commentsExtended+xml",
    "application/vnd.ms-word.commentsIds+xml",
};

/* Under CT_PREFIX, these are never kept. */
static const char *const CT_DENY[] = {
    "externalLink", "activeX", "oleObject", "vbaProject", "connections", "queryTable", "printerSettings", "obfuscatedFont",
};

typedef struct Part {
    char *name; /* "/word/document.xml" */
    zip_uint64_t index;
    const char *ct; /* points into the content-type table */
    bool keep;
    char **dropped_ids; /* relationship ids dropped from this part's .rels */
    size_t n_dropped;
    Buf out; /* the cleaned bytes (XML parts and .rels, in fix mode) */
    bool have_out;
} Part;

typedef struct Pkg {
    const SanitizePolicy *p;
    bool fix;
    Verdict *v;
    unsigned found;
    zip_t *z;
    Part *parts;
    size_t n_parts;
    xmlDocPtr ct_doc;
    /* Defaults (extension → type) and overrides (part → type), both pointing into ct_doc. */
    char **def_ext, **def_ct, **ovr_part, **ovr_ct;
    size_t n_def, n_ovr;
    char *main_ct;
    zip_int64_t ct_index;
    char *bad_image; /* the first image part that could not be re-encoded (fix mode) */
} Pkg;

static void finding(Pkg *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(Pkg *k, const char *fmt, ...)
{
    k->found++;
    if (!k->fix)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    verdict_removed(k->v, "%s", s);
    free(s);
}

static xmlDocPtr parse_xml(const char *data, size_t n)
{
    if (n > INT32_MAX)
        return NULL;
    xmlDocPtr d = xmlReadMemory(data, (int)n, "part.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    /* OOXML never has a DTD; one can only be there to expand entities. */
    if (d && (d->intSubset || d->extSubset || !xmlDocGetRootElement(d))) {
        xmlFreeDoc(d);
        return NULL;
    }
    return d;
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static void push(char ***arr, size_t *n, char *s)
{
    *arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = s;
}

static void push_pair(char ***a, char ***b, size_t *n, char *x, char *y)
{
    *a = xrealloc(*a, (*n + 1) * sizeof **a);
    *b = xrealloc(*b, (*n + 1) * sizeof **b);
    (*a)[*n] = x;
    (*b)[*n] = y;
    (*n)++;
}

static Part *find_part(Pkg *k, const char *name)
{
    for (size_t i = 0; i < k->n_parts; i++)
        if (strcasecmp(k->parts[i].name, name) == 0)
            return &k->parts[i];
    return NULL;
}

static const char *content_type(Pkg *k, const char *part)
{
    for (size_t i = 0; i < k->n_ovr; i++)
        if (strcasecmp(k->ovr_part[i], part) == 0)
            return k->ovr_ct[i];
    const char *dot = strrchr(part, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < k->n_def; i++)
            if (strcasecmp(k->def_ext[i], dot + 1) == 0)
                return k->def_ct[i];
    return NULL;
}

static bool ct_allowed(const char *ct)
{
    if (!ct)
        return false;
    for (size_t i = 0; i < sizeof MAINS / sizeof *MAINS; i++)
        if (strcmp(ct, MAINS[i].ct) == 0)
            return MAINS[i].to || strncmp(ct, CT_PREFIX, strlen(CT_PREFIX)) == 0;
    for (size_t i = 0; i < sizeof CT_EXTRA / sizeof *CT_EXTRA; i++)
        if (strcmp(ct, CT_EXTRA[i]) == 0)
            return true;
    if (strncmp(ct, CT_PREFIX, strlen(CT_PREFIX)) != 0)
        return false;
    for (size_t i = 0; i < sizeof CT_DENY / sizeof *CT_DENY; i++)
        if (strstr(ct, CT_DENY[i]))
            return false;
    return true;
}

/* The macro-free form of a main content type, or NULL when ct is not a macro-enabled one. */
static const char *macro_free(const char *ct)
{
    for (size_t i = 0; i < sizeof MAINS / sizeof *MAINS; i++)
        if (strcmp(ct, MAINS[i].ct) == 0)
            return MAINS[i].to;
    return NULL;
}

static void free_pkg(Pkg *k)
{
    free(k->bad_image);
    for (size_t i = 0; i < k->n_parts; i++) {
        free(k->parts[i].name);
        for (size_t j = 0; j < k->parts[i].n_dropped; j++)
            free(k->parts[i].dropped_ids[j]);
        free(k->parts[i].dropped_ids);
        buf_free(&k->parts[i].out);
    }
    free(k->parts);
    for (size_t i = 0; i < k->n_def; i++) {
        free(k->def_ext[i]);
        free(k->def_ct[i]);
    }
    for (size_t i = 0; i < k->n_ovr; i++) {
        free(k->ovr_part[i]);
        free(k->ovr_ct[i]);
    }
    free(k->def_ext);
    free(k->def_ct);
    free(k->ovr_part);
    free(k->ovr_ct);
    free(k->main_ct);
    if (k->ct_doc)
        xmlFreeDoc(k->ct_doc);
    if (k->z)
        zip_discard(k->z);
}


/* Opens the package and reads [Content_Types].xml. Returns false when it is not OOXML. */
static bool open_pkg(Pkg *k, const uint8_t *in, size_t n)
{
    k->ct_index = -1;
    k->z = zipmem_open(in, n);
    if (!k->z)
        return false;
    zip_int64_t count = zip_get_num_entries(k->z, 0);
    for (zip_int64_t i = 0; i < count; i++) {
        const char *name = zip_get_name(k->z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!name)
            return false;
        if (strcmp(name, "[Content_Types].xml") == 0) {
            k->ct_index = i;
            continue;
        }
        size_t nl = strlen(name);
        if (!nl || name[nl - 1] == '/')
            continue;
        k->parts = xrealloc(k->parts, (k->n_parts + 1) * sizeof *k->parts);
        Part *pt = &k->parts[k->n_parts++];
        memset(pt, 0, sizeof *pt);
        pt->name = xasprintf("/%s", name);
        pt->index = (zip_uint64_t)i;
    }
    if (k->ct_index < 0)
        return false;
    /* Read before the archive's limits are checked (type detection): a sane size only. */
    zip_stat_t st;
    if (zip_stat_index(k->z, (zip_uint64_t)k->ct_index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        st.size > CT_MAX_BYTES)
        return false;
    Buf b = BUF_INIT;
    bool ok = zipmem_read(k->z, (zip_uint64_t)k->ct_index, &b) && (k->ct_doc = parse_xml(b.data, b.len)) != NULL;
    buf_free(&b);
    if (!ok)
        return false;
    for (xmlNodePtr c = xmlDocGetRootElement(k->ct_doc)->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char *ct = prop(c, "ContentType");
        if (!ct)
            continue;
        if (strcmp((const char *)c->name, "Default") == 0) {
            char *ext = prop(c, "Extension");
            if (!ext) {
                free(ct);
                continue;
            }
            push_pair(&k->def_ext, &k->def_ct, &k->n_def, ext, ct);
        } else if (strcmp((const char *)c->name, "Override") == 0) {
            char *part = prop(c, "PartName");
            if (!part) {
                free(ct);
                continue;
            }
            for (size_t i = 0; i < sizeof MAINS / sizeof *MAINS && !k->main_ct; i++)
                if (strcmp(ct, MAINS[i].ct) == 0)
                    k->main_ct = xstrdup(ct);
            push_pair(&k->ovr_part, &k->ovr_ct, &k->n_ovr, part, ct);
        } else {
            free(ct);
        }
    }
    return k->main_ct != NULL;
}

const char *ooxml_kind(const uint8_t *in, size_t n)
{
    Pkg k;
    memset(&k, 0, sizeof k);
    const char *kind = NULL;
    if (open_pkg(&k, in, n))
        for (size_t i = 0; i < sizeof MAINS / sizeof *MAINS; i++)
            if (strcmp(k.main_ct, MAINS[i].ct) == 0)
                kind = MAINS[i].kind;
    free_pkg(&k);
    return kind;
}

bool ooxml_supported(const char *kind)
{
    for (size_t i = 0; i < sizeof MAINS / sizeof *MAINS; i++)
        if (strcmp(kind, MAINS[i].kind) == 0)
            return MAINS[i].to || strncmp(MAINS[i].ct, CT_PREFIX, strlen(CT_PREFIX)) == 0;
    return false;
}

/* "/word/_rels/document.xml.rels" for "/word/document.xml"; "/_rels/.rels" for the package. */
static char *rels_name(const char *src)
{
    if (!src[0])
        return xstrdup("/_rels/.rels");
    const char *slash = strrchr(src, '/');
    return xasprintf("%.*s/_rels/%s.rels", (int)(slash - src), src, slash + 1);
}

/* Resolves a relative target against the source part's folder; NULL when it climbs out. */
static char *resolve(const char *src, const char *target)
{
    char *path;
    if (target[0] == '/') {
        path = xstrdup(target);
    } else {
        const char *slash = strrchr(src, '/');
        path = xasprintf("%.*s/%s", slash ? (int)(slash - src) : 0, src, target);
    }
    /* Drop a fragment and collapse "." and ".." segments. */
    char *hash = strchr(path, '#');
    if (hash)
        *hash = '\0';
    char **seg = NULL;
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(path, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (strcmp(t, ".") == 0)
            continue;
        if (strcmp(t, "..") == 0) {
            if (!n) {
                free(seg);
                free(path);
                return NULL;
            }
            n--;
            continue;
        }
        seg = xrealloc(seg, (n + 1) * sizeof *seg);
        seg[n++] = t;
    }
    Buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        buf_putc(&b, '/');
        buf_puts(&b, seg[i]);
    }
    free(seg);
    free(path);
    return buf_take(&b);
}

static const char *rel_danger(const char *t)
{
    for (size_t i = 0; i < sizeof REL_DANGER / sizeof *REL_DANGER; i++)
        if (strcmp(t, REL_DANGER[i].type) == 0)
            return REL_DANGER[i].what;
    return NULL;
}

static bool rel_allowed(const char *t)
{
    for (size_t i = 0; i < sizeof REL_TYPES / sizeof *REL_TYPES; i++)
        if (strcmp(t, REL_TYPES[i]) == 0)
            return true;
    return false;
}

static void serialize(xmlDocPtr d, Buf *out)
{
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpMemoryEnc(d, &mem, &len, "UTF-8");
    buf_reset(out);
    if (mem)
        buf_append(out, mem, (size_t)len);
    xmlFree(mem);
}

/* Filters src's relationships; kept internal targets are appended to the queue. */
static bool follow_rels(Pkg *k, Part *src, Part ***queue, size_t *nq)
{
    char *rn = rels_name(src ? src->name : "");
    Part *rp = find_part(k, rn);
    free(rn);
    if (!rp)
        return true;
    rp->keep = true;
    Buf b = BUF_INIT;
    xmlDocPtr d = NULL;
    if (!zipmem_read(k->z, rp->index, &b) || !(d = parse_xml(b.data, b.len))) {
        buf_free(&b);
        return false;
    }
    buf_free(&b);
    const char *from = src ? src->name : "package";
    xmlNodePtr next;
    for (xmlNodePtr c = xmlDocGetRootElement(d)->children; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char *id = prop(c, "Id"), *type = prop(c, "Type"), *target = prop(c, "Target"), *mode = prop(c, "TargetMode");
        const char *t = type ? strrchr(type, '/') : NULL;
        t = t ? t + 1 : (type ? type : "");
        bool external = mode && strcasecmp(mode, "External") == 0;
        char *why = NULL;
        Part *tp = NULL;
        if (strcmp((const char *)c->name, "Relationship") != 0 || !id || !target) {
            why = xasprintf("malformed relationship");
        } else if (!rel_allowed(t)) {
            const char *dz = rel_danger(t);
            why = dz ? xasprintf("%s (%s relationship to %s)", dz, t, target) : xasprintf("%s relationship to %s", t, target);
        } else if (external) {
            if (!(strcmp(t, "hyperlink") == 0 && k->p->allow_hyperlinks))
                why = xasprintf("external %s relationship to %s", t, target);
        } else {
            char *path = resolve(from[0] == '/' ? from : "", target);
            tp = path ? find_part(k, path) : NULL;
            if (!tp)
                why = xasprintf("%s relationship to a missing part %s", t, target);
            else if (!ct_allowed(content_type(k, tp->name)))
                why = xasprintf("%s part %s (%s)", t, tp->name, content_type(k, tp->name) ? content_type(k, tp->name) : "no content type");
            free(path);
        }
        if (why) {
            finding(k, "OOXML %s: %s removed", from, why);
            if (src && id)
                push(&src->dropped_ids, &src->n_dropped, xstrdup(id));
            if (k->fix) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            }
            free(why);
        } else if (tp && !tp->keep) {
            tp->keep = true;
            *queue = xrealloc(*queue, (*nq + 1) * sizeof **queue);
            (*queue)[(*nq)++] = tp;
        }
        free(id);
        free(type);
        free(target);
        free(mode);
    }
    if (k->fix) {
        serialize(d, &rp->out);
        rp->have_out = true;
    }
    xmlFreeDoc(d);
    return true;
}

static void report_clean(void *ctx, const char *part, const char *what)
{
    finding(ctx, "OOXML %s: %s removed", part, what);
}

static bool is_xml_ct(const char *ct)
{
    size_t l = strlen(ct);
    return (l >= 3 && strcmp(ct + l - 3, "xml") == 0) || strstr(ct, "vmlDrawing") != NULL;
}

/* Cleans [Content_Types].xml: overrides only for kept parts, macro-free main types, no defaults of
 * types that are never kept. */
static void clean_content_types(Pkg *k, Buf *out)
{
    xmlNodePtr next;
    for (xmlNodePtr c = xmlDocGetRootElement(k->ct_doc)->children; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char *ct = prop(c, "ContentType");
        bool drop = false;
        if (strcmp((const char *)c->name, "Override") == 0) {
            char *pn = prop(c, "PartName");
            Part *pt = pn ? find_part(k, pn) : NULL;
            if (!pt || !pt->keep || !ct_allowed(ct)) {
                drop = true;
                k->found++;
            } else if (ct && macro_free(ct)) {
                finding(k, "OOXML [Content_Types].xml: macro-enabled type %s (converted to %s)", ct, macro_free(ct));
                if (k->fix)
                    xmlSetProp(c, (const xmlChar *)"ContentType", (const xmlChar *)macro_free(ct));
            }
            free(pn);
        } else if (strcmp((const char *)c->name, "Default") == 0) {
            /* A default only says what parts with an extension would be: quietly dropped (the
             * parts themselves are reported). */
            if (!ct_allowed(ct) || macro_free(ct)) {
                drop = true;
                k->found++;
            }
        }
        if (drop && k->fix) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        free(ct);
    }
    if (k->fix)
        serialize(k->ct_doc, out);
}

/* One pass over the package; in fix mode out receives the rebuilt package. Returns false when the
 * package cannot be processed (v blocked in fix mode). */
static bool process(Pkg *k, Buf *out)
{
    Part **queue = NULL;
    size_t nq = 0;
    bool ok = follow_rels(k, NULL, &queue, &nq);
    for (size_t i = 0; ok && i < nq; i++)
        ok = follow_rels(k, queue[i], &queue, &nq);
    free(queue);
    Buf b = BUF_INIT;
    for (size_t i = 0; ok && i < k->n_parts; i++) {
        Part *pt = &k->parts[i];
        const char *ct = content_type(k, pt->name);
        if (!pt->keep) {
            finding(k, "OOXML part %s (%s) removed", pt->name, ct ? ct : "no content type");
            continue;
        }
        if (k->fix && !pt->have_out && ct &&
            (strcmp(ct, "image/png") == 0 || strcmp(ct, "image/jpeg") == 0 || strcmp(ct, "image/gif") == 0)) {
            /* Pictures are re-encoded from their pixels like standalone images (image.c). */
            if (!zipmem_read(k->z, pt->index, &b)) {
                ok = false;
                break;
            }
            const char *kind = image_kind((const uint8_t *)b.data, b.len);
            Verdict *iv = verdict_new(pt->name);
            if (kind)
                image_disarm(kind, (const uint8_t *)b.data, b.len, &pt->out, iv);
            if (!kind || verdict_blocked(iv)) {
                k->bad_image = xstrdup(pt->name);
                ok = false;
            } else {
                pt->have_out = true;
                verdict_removed(k->v, "OOXML part %s: picture re-encoded (%s)", pt->name, kind);
            }
            verdict_free(iv);
            continue;
        }
        if (pt->have_out || !ct || !is_xml_ct(ct) || strstr(pt->name, "/_rels/"))
            continue;
        xmlDocPtr d = NULL;
        if (!zipmem_read(k->z, pt->index, &b)) {
            ok = false;
            break;
        }
        if (!ooxml_clean_needed(b.data, b.len, (const char *const *)pt->dropped_ids, pt->n_dropped)) {
            if (k->fix) {
                buf_reset(&pt->out);
                buf_append(&pt->out, b.data, b.len);
                pt->have_out = true;
            }
            continue;
        }
        if (!(d = parse_xml(b.data, b.len))) {
            ok = false;
            break;
        }
        k->found += ooxml_clean(d, k->fix, pt->name, (const char *const *)pt->dropped_ids, pt->n_dropped,
                                k->fix ? report_clean : NULL, k);
        if (k->fix) {
            serialize(d, &pt->out);
            pt->have_out = true;
        }
        xmlFreeDoc(d);
    }
    if (!ok) {
        buf_free(&b);
        return false;
    }
    Buf ct = BUF_INIT;
    clean_content_types(k, &ct);
    if (k->fix) {
        ZipWriter w;
        ok = zipw_open(&w) && zipw_add(&w, "[Content_Types].xml", ct.data, ct.len);
        for (size_t i = 0; ok && i < k->n_parts; i++) {
            Part *pt = &k->parts[i];
            if (!pt->keep)
                continue;
            if (!pt->have_out && !zipmem_read(k->z, pt->index, &b)) {
                ok = false;
                break;
            }
            const Buf *data = pt->have_out ? &pt->out : &b;
            ok = zipw_add(&w, pt->name + 1, data->data, data->len);
        }
        if (ok)
            ok = zipw_finish(&w, out);
        else if (w.z || w.src)
            zipw_abandon(&w);
    }
    buf_free(&ct);
    buf_free(&b);
    return ok;
}

void ooxml_disarm(const SanitizePolicy *p, const uint8_t *in, size_t n, Buf *out, Verdict *v)
{
    zip_t *z = zipmem_open(in, n);
    if (!z) {
        verdict_block(v, "ooxml_malformed", "Office文書が壊れているため遮断しました。", "blocked: the Office document is malformed");
        return;
    }
    bool within = zipmem_check(p, z, v);
    zip_discard(z);
    if (!within)
        return;

    Pkg k;
    memset(&k, 0, sizeof k);
    k.p = p;
    k.fix = true;
    k.v = v;
    double t0 = verdict_now_ms();
    bool ok = open_pkg(&k, in, n) && process(&k, out);
    verdict_add_timing(v, "rebuild", verdict_now_ms() - t0);
    const char *main_ct = k.main_ct ? macro_free(k.main_ct) : NULL;
    if (ok && main_ct)
        verdict_note(v, "macro-enabled document converted to its macro-free form: save it with the macro-free extension");
    if (k.bad_image) {
        buf_reset(out);
        verdict_block(v, "image_malformed", "文書の中の画像を正しく読み取れないため遮断しました。",
                      "blocked: a picture in the document cannot be read correctly");
        verdict_note(v, "picture %s", k.bad_image);
        free_pkg(&k);
        return;
    }
    free_pkg(&k);
    if (!ok) {
        buf_reset(out);
        verdict_block(v, "ooxml_malformed", "Office文書を解析できないため遮断しました。", "blocked: the Office document cannot be parsed");
        return;
    }

    /* Confirm on the rebuilt package. */
    Pkg c;
    memset(&c, 0, sizeof c);
    c.p = p;
    c.fix = false;
    t0 = verdict_now_ms();
    ok = open_pkg(&c, (const uint8_t *)out->data, out->len) && process(&c, NULL) && c.found == 0 &&
         !macro_free(c.main_ct);
    free_pkg(&c);
    verdict_add_timing(v, "recheck", verdict_now_ms() - t0);
    if (!ok) {
        buf_reset(out);
        verdict_block(v, "ooxml_residue", "無害化後のOffice文書に危険な要素が残っているため遮断しました。",
                      "blocked: dangerous elements remained in the rebuilt Office document");
    }
}
