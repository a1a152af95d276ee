/* ooxml_clean (ooxml_clean.h). Namespaces are matched by family ("wordprocessingml" in the URI) so
 * that Transitional and Strict documents are both covered. */
#include "sanitize/ooxml_clean.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/xmalloc.h"

typedef struct Clean {
    bool fix;
    const char *part;
    const char *const *dropped;
    size_t n_dropped;
    void (*report)(void *, const char *, const char *);
    void *ctx;
    unsigned found;
    xmlNodePtr *kill; /* removed after the walk */
    size_t n_kill;
    xmlNodePtr *unwrap; /* replaced by their children after the walk */
    size_t n_unwrap;
} Clean;

/* Elements removed wherever they appear: namespace family, local name, what they are. */
static const struct {
    const char *ns, *name, *what;
} ELEMENTS[] = {
    {"wordprocessingml", "altChunk", "embedded foreign content (altChunk)"},
    {"wordprocessingml", "control", "ActiveX control"},
    {"wordprocessingml", "attachedTemplate", "attached template"},
    {"wordprocessingml", "mailMerge", "mail merge data source"},
    {"wordprocessingml", "subDoc", "subdocument"},
    {"urn:schemas-microsoft-com:office:office", "OLEObject", "OLE object"},
    {"spreadsheetml", "externalReferences", "external workbook references"},
    {"spreadsheetml", "oleObjects", "OLE objects"},
    {"spreadsheetml", "controls", "ActiveX controls"},
    {"spreadsheetml", "ddeLink", "DDE link"},
    {"spreadsheetml", "oleLink", "OLE link"},
    {"spreadsheetml", "externalBook", "external workbook link"},
    {"presentationml", "controls", "ActiveX controls"},
    {"presentationml", "control", "ActiveX control"},
};

/* Field codes that run DDE or pull in outside content. */
static const char *const FIELDS[] = {"DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "IMPORT", "LINK"};

static bool in_ns(xmlNodePtr n, const char *family)
{
    return n->ns && n->ns->href && strstr((const char *)n->ns->href, family);
}

static bool is(xmlNodePtr n, const char *family, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 && in_ns(n, family);
}

static void add(xmlNodePtr **arr, size_t *n, xmlNodePtr x)
{
    for (size_t i = 0; i < *n; i++)
        if ((*arr)[i] == x)
            return;
    *arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = x;
}

static void hit(Clean *c, const char *what)
{
    c->found++;
    if (c->report)
        c->report(c->ctx, c->part, what);
}

/* The field's name is its first word; quotes around it do not hide it. Empty when the instruction
 * starts with a nested field (a name computed at open time), which counts as dangerous. */
static const char *field_danger(const char *instr, bool dynamic)
{
    if (dynamic)
        return "field code with a computed name";
    while (*instr && (isspace((unsigned char)*instr) || *instr == '"' || *instr == '\''))
        instr++;
    size_t l = 0;
    while (instr[l] && !isspace((unsigned char)instr[l]) && instr[l] != '"' && instr[l] != '\\')
        l++;
    for (size_t i = 0; i < sizeof FIELDS / sizeof *FIELDS; i++)
        if (strlen(FIELDS[i]) == l && strncasecmp(instr, FIELDS[i], l) == 0)
            return FIELDS[i][0] == 'D' ? "DDE field code" : "external field code";
    return NULL;
}

typedef struct Field {
    Buf instr;
    bool in_instr, dynamic;
    xmlNodePtr *nodes;
    size_t n_nodes;
} Field;

typedef struct Fields {
    Field *stack;
    size_t depth, cap;
} Fields;

static void field_node(Field *f, xmlNodePtr n)
{
    f->nodes = xrealloc(f->nodes, (f->n_nodes + 1) * sizeof *f->nodes);
    f->nodes[f->n_nodes++] = n;
}

static bool blank(const Buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (!isspace((unsigned char)b->data[i]))
            return false;
    return true;
}

/* Complex fields: fldChar begin … instrText … separate … result … end, possibly nested. */
static void on_field_node(Clean *c, Fields *fs, xmlNodePtr n)
{
    if (is(n, "wordprocessingml", "fldChar")) {
        xmlChar *t = NULL;
        for (xmlAttrPtr a = n->properties; a; a = a->next)
            if (strcmp((const char *)a->name, "fldCharType") == 0)
                t = xmlNodeGetContent((xmlNodePtr)a);
        const char *type = t ? (const char *)t : "";
        if (strcmp(type, "begin") == 0) {
            if (fs->depth && fs->stack[fs->depth - 1].in_instr && blank(&fs->stack[fs->depth - 1].instr))
                fs->stack[fs->depth - 1].dynamic = true;
            if (fs->depth == fs->cap) {
                fs->cap = fs->cap ? 2 * fs->cap : 8;
                fs->stack = xrealloc(fs->stack, fs->cap * sizeof *fs->stack);
            }
            Field *f = &fs->stack[fs->depth++];
            memset(f, 0, sizeof *f);
            f->in_instr = true;
            field_node(f, n);
        } else if (fs->depth && strcmp(type, "separate") == 0) {
            Field *f = &fs->stack[fs->depth - 1];
            f->in_instr = false;
            field_node(f, n);
        } else if (fs->depth && strcmp(type, "end") == 0) {
            Field *f = &fs->stack[--fs->depth];
            field_node(f, n);
            const char *dz = field_danger(buf_str(&f->instr), f->dynamic);
            if (dz) {
                hit(c, dz);
                for (size_t i = 0; i < f->n_nodes; i++)
                    add(&c->kill, &c->n_kill, f->nodes[i]);
            }
            buf_free(&f->instr);
            free(f->nodes);
        }
        xmlFree(t);
    } else if ((is(n, "wordprocessingml", "instrText") || is(n, "wordprocessingml", "delInstrText")) && fs->depth &&
               fs->stack[fs->depth - 1].in_instr) {
        Field *f = &fs->stack[fs->depth - 1];
        xmlChar *t = xmlNodeGetContent(n);
        if (t)
            buf_puts(&f->instr, (const char *)t);
        xmlFree(t);
        field_node(f, n);
    }
}

static bool dropped_ref(Clean *c, const char *id)
{
    for (size_t i = 0; i < c->n_dropped; i++)
        if (strcmp(c->dropped[i], id) == 0)
            return true;
    return false;
}

/* Functions that reach outside the workbook: DDE (LibreOffice writes ODF's DDE() as such, and
 * LibreOffice evaluates it when it opens the xlsx), web requests, real-time data (COM) servers, DLL
 * calls. Also with Excel's "_xlfn." prefix. */
static const char *const EXTERNAL_FUNCTIONS[] = {"DDE", "WEBSERVICE", "RTD", "CALL", "REGISTER", "REGISTER.ID"};

static bool external_function(const char *f, const char *s)
{
    if (s > f && (isalnum((unsigned char)s[-1]) || s[-1] == '_'))
        return false;
    for (size_t i = 0; i < sizeof EXTERNAL_FUNCTIONS / sizeof *EXTERNAL_FUNCTIONS; i++) {
        size_t l = strlen(EXTERNAL_FUNCTIONS[i]);
        const char *e = s + l;
        if (strncasecmp(s, EXTERNAL_FUNCTIONS[i], l) != 0)
            continue;
        while (*e == ' ')
            e++;
        if (*e == '(')
            return true;
    }
    return false;
}

/* A formula that reaches outside the workbook: an external reference [n], a DDE app|topic, or one
 * of the functions above. */
static bool external_formula(const char *f)
{
    bool quoted = false;
    for (const char *s = f; *s; s++) {
        if (*s == '"')
            quoted = !quoted;
        if (quoted)
            continue;
        if (*s == '|' || external_function(f, s))
            return true;
        if (*s == '[' && isdigit((unsigned char)s[1])) {
            const char *e = s + 1;
            while (isdigit((unsigned char)*e))
                e++;
            if (*e == ']')
                return true;
        }
    }
    return false;
}

static void visit(Clean *c, Fields *fs, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        bool removed = false;
        for (size_t i = 0; i < sizeof ELEMENTS / sizeof *ELEMENTS && !removed; i++) {
            if (is(n, ELEMENTS[i].ns, ELEMENTS[i].name)) {
                hit(c, ELEMENTS[i].what);
                add(&c->kill, &c->n_kill, n);
                removed = true;
            }
        }
        if (!removed && is(n, "presentationml", "oleObj")) {
            /* The graphic frame holding an OLE object goes with it. */
            xmlNodePtr frame = n;
            for (xmlNodePtr a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
                if (strcmp((const char *)a->name, "graphicFrame") == 0) {
                    frame = a;
                    break;
                }
            hit(c, "OLE object");
            add(&c->kill, &c->n_kill, frame);
            removed = true;
        }
        if (!removed && in_ns(n, "drawingml") &&
            (strcmp((const char *)n->name, "hlinkClick") == 0 || strcmp((const char *)n->name, "hlinkHover") == 0 ||
             strcmp((const char *)n->name, "hlinkMouseOver") == 0)) {
            xmlChar *act = xmlGetProp(n, (const xmlChar *)"action");
            if (act && (strncasecmp((const char *)act, "ppaction://program", 18) == 0 ||
                        strncasecmp((const char *)act, "ppaction://macro", 16) == 0 ||
                        strncasecmp((const char *)act, "ppaction://ole", 14) == 0)) {
                hit(c, "program or macro action on a link");
                add(&c->kill, &c->n_kill, n);
                removed = true;
            }
            xmlFree(act);
        }
        if (!removed && is(n, "wordprocessingml", "fldSimple")) {
            xmlChar *instr = NULL;
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                if (strcmp((const char *)a->name, "instr") == 0)
                    instr = xmlNodeGetContent((xmlNodePtr)a);
            const char *dz = instr ? field_danger((const char *)instr, false) : NULL;
            if (dz) {
                hit(c, dz);
                add(&c->unwrap, &c->n_unwrap, n);
            }
            xmlFree(instr);
        }
        if (!removed && is(n, "spreadsheetml", "f")) {
            xmlChar *f = xmlNodeGetContent(n);
            if (f && external_formula((const char *)f)) {
                hit(c, "external or DDE formula");
                add(&c->kill, &c->n_kill, n);
                removed = true;
            }
            xmlFree(f);
        }
        if (!removed) {
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                if (!a->ns || !a->ns->href || !strstr((const char *)a->ns->href, "relationships"))
                    continue;
                xmlChar *id = xmlNodeGetContent((xmlNodePtr)a);
                bool gone = id && dropped_ref(c, (const char *)id);
                xmlFree(id);
                if (!gone)
                    continue;
                hit(c, "reference to a removed relationship");
                if (strcmp((const char *)n->name, "hyperlink") == 0 && in_ns(n, "wordprocessingml"))
                    add(&c->unwrap, &c->n_unwrap, n);
                else if (n->parent && n->parent->type == XML_ELEMENT_NODE)
                    add(&c->kill, &c->n_kill, n);
                removed = true;
                break;
            }
        }
        on_field_node(c, fs, n);
        if (!removed)
            visit(c, fs, n->children);
    }
}

static bool inside(xmlNodePtr n, xmlNodePtr *set, size_t count, size_t self)
{
    for (xmlNodePtr a = n->parent; a; a = a->parent)
        for (size_t i = 0; i < count; i++)
            if (i != self && set[i] == a)
                return true;
    return false;
}

unsigned ooxml_clean(xmlDocPtr doc, bool fix, const char *part, const char *const *dropped_ids, size_t n_dropped,
                     void (*report)(void *ctx, const char *part, const char *what), void *ctx)
{
    Clean c = {.fix = fix, .part = part, .dropped = dropped_ids, .n_dropped = n_dropped, .report = report, .ctx = ctx};
    Fields fs = {0};
    visit(&c, &fs, xmlDocGetRootElement(doc));
    /* Fields left open at the end of the part: unterminated, judged on what they have. */
    while (fs.depth) {
        Field *f = &fs.stack[--fs.depth];
        if (field_danger(buf_str(&f->instr), f->dynamic)) {
            hit(&c, "DDE or external field code");
            for (size_t i = 0; i < f->n_nodes; i++)
                add(&c.kill, &c.n_kill, f->nodes[i]);
        }
        buf_free(&f->instr);
        free(f->nodes);
    }
    free(fs.stack);
    if (fix) {
        for (size_t i = 0; i < c.n_unwrap; i++) {
            xmlNodePtr n = c.unwrap[i];
            if (inside(n, c.kill, c.n_kill, (size_t)-1))
                continue;
            xmlNodePtr ch = n->children, next;
            for (; ch; ch = next) {
                next = ch->next;
                xmlUnlinkNode(ch);
                xmlAddPrevSibling(n, ch);
            }
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        }
        /* Nodes inside another removed node go with it. */
        for (size_t i = 0; i < c.n_kill; i++) {
            if (inside(c.kill[i], c.kill, c.n_kill, i))
                continue;
            xmlUnlinkNode(c.kill[i]);
            xmlFreeNode(c.kill[i]);
        }
    }
    free(c.kill);
    free(c.unwrap);
    return c.found;
}

/* Element names whose absence proves a part clean (see ooxml_clean_needed): those of ELEMENTS and
 * every other element visit() acts on. */
static const char *const TRIGGERS[] = {
    "fldSimple", "instrText", "delInstrText", "fldChar", "oleObj", "hlinkClick", "hlinkHover", "hlinkMouseOver", "f",
};

static bool same_name(const char *t, const char *name, size_t len)
{
    return t[0] == name[0] && strncmp(t, name, len) == 0 && t[len] == '\0';
}

static bool trigger_name(const char *name, size_t len)
{
    if (!len)
        return false;
    for (size_t i = 0; i < sizeof TRIGGERS / sizeof *TRIGGERS; i++)
        if (same_name(TRIGGERS[i], name, len))
            return true;
    for (size_t i = 0; i < sizeof ELEMENTS / sizeof *ELEMENTS; i++)
        if (same_name(ELEMENTS[i].name, name, len))
            return true;
    return false;
}

bool ooxml_clean_needed(const char *data, size_t n, const char *const *dropped_ids, size_t n_dropped)
{
    /* UTF-8 only: a BOM-less UTF-16 part starts with "<\0" or "\0<", and a declaration may name
     * another encoding. */
    if (n >= 2 && (data[0] == '\0' || data[1] == '\0' || (unsigned char)data[0] == 0xFE || (unsigned char)data[0] == 0xFF))
        return true;
    size_t head = n < 200 ? n : 200;
    const char *enc = memmem(data, head, "encoding=", 9);
    if (enc && (size_t)(enc + 15 - data) <= n && strncasecmp(enc + 10, "UTF-8", 5) != 0)
        return true;
    const char *end = data + n;
    for (const char *p = data; (p = memchr(p, '<', (size_t)(end - p))) != NULL;) {
        p++;
        if (p < end && *p == '/')
            p++;
        /* "<!": DOCTYPE and ENTITY (the full parse rejects them), but also comments and CDATA, which
         * merely take the full parse. */
        if (p < end && *p == '!')
            return true;
        const char *name = p;
        while (p < end && *p != ' ' && *p != '>' && *p != '/' && *p != '\t' && *p != '\r' && *p != '\n')
            p++;
        const char *colon = memchr(name, ':', (size_t)(p - name));
        if (colon)
            name = colon + 1;
        if (trigger_name(name, (size_t)(p - name)))
            return true;
    }
    for (size_t i = 0; i < n_dropped; i++)
        if (memmem(data, n, dropped_ids[i], strlen(dropped_ids[i])))
            return true;
    return false;
}
