/* TNEF (winmail.dat, application/ms-tnef): the files Outlook wraps in it. A small bounds-checked
 * reader of our own rather than libytnef, whose record of memory-safety faults on hostile input is
 * long; we only need the attachment attributes (title, data, and the MAPI long file name). */
#include <string.h>

#include "sanitize/charset.h"
#include "sanitize/mail_internal.h"

#define TNEF_SIGNATURE 0x223E9F78u
#define MAX_FILES 1000

enum {
    ATT_ATTACH_DATA = 0x800F,
    ATT_ATTACH_TITLE = 0x8010,
    ATT_ATTACH_RENDDATA = 0x9002,
    ATT_ATTACHMENT = 0x9005,
    ATT_OEM_CODEPAGE = 0x9007,
    PR_ATTACH_DATA_OBJ = 0x3701,
    PR_ATTACH_LONG_FILENAME = 0x3707,
};

typedef struct Rd {
    const uint8_t *p;
    size_t n, off;
    bool bad;
} Rd;

static uint32_t rd_u32(Rd *r)
{
    if (r->bad || r->n - r->off < 4) {
        r->bad = true;
        return 0;
    }
    const uint8_t *q = r->p + r->off;
    r->off += 4;
    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}

static uint16_t rd_u16(Rd *r)
{
    if (r->bad || r->n - r->off < 2) {
        r->bad = true;
        return 0;
    }
    const uint8_t *q = r->p + r->off;
    r->off += 2;
    return (uint16_t)(q[0] | q[1] << 8);
}

static const uint8_t *rd_bytes(Rd *r, size_t len)
{
    if (r->bad || r->n - r->off < len) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = r->p + r->off;
    r->off += len;
    return q;
}

typedef struct Pending {
    Buf title;    /* UTF-8 */
    Buf longname; /* UTF-8 */
    const uint8_t *data;
    size_t len;
    bool open;
} Pending;

static void string8(const uint8_t *s, size_t len, unsigned codepage, Buf *out)
{
    while (len && s[len - 1] == 0)
        len--;
    buf_reset(out);
    charset_to_utf8(codepage == 932 ? "CP932" : NULL, s, len, out);
}

static void unicode16(const uint8_t *s, size_t len, Buf *out)
{
    while (len >= 2 && s[len - 1] == 0 && s[len - 2] == 0)
        len -= 2;
    buf_reset(out);
    charset_to_utf8("UTF-16LE", s, len & ~(size_t)1, out);
}

/* Reads an attAttachment MAPI property block for the long file name and the data object. */
static void read_props(const uint8_t *p, size_t n, unsigned codepage, Pending *a)
{
    Rd r = {p, n, 0, false};
    uint32_t count = rd_u32(&r);
    for (uint32_t i = 0; i < count && !r.bad; i++) {
        uint16_t type = rd_u16(&r), id = rd_u16(&r);
        if (id >= 0x8000) { /* named property: GUID, then an id or a name */
            rd_bytes(&r, 16);
            uint32_t kind = rd_u32(&r);
            if (kind == 0)
                rd_u32(&r);
            else {
                uint32_t len = rd_u32(&r);
                rd_bytes(&r, (size_t)len + ((4 - len % 4) % 4));
            }
        }
        uint16_t base = type & 0x0FFF;
        bool multi = (type & 0x1000) != 0;
        bool variable = base == 0x001E || base == 0x001F || base == 0x0102 || base == 0x000D;
        size_t fixed = 0;
        switch (base) {
        case 0x0001: case 0x0002: case 0x0003: case 0x0004: case 0x000A: case 0x000B:
            fixed = 4;
            break;
        case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040:
            fixed = 8;
            break;
        case 0x0048:
            fixed = 16;
            break;
        default:
            if (!variable) {
                return; /* unknown type: its size is unknown, stop here */
            }
        }
        if (!variable) {
            uint32_t values = multi ? rd_u32(&r) : 1;
            if (values > n)
                return;
            rd_bytes(&r, (size_t)values * fixed);
            continue;
        }
        uint32_t values = rd_u32(&r);
        if (values > n)
            return;
        for (uint32_t v = 0; v < values && !r.bad; v++) {
            uint32_t len = rd_u32(&r);
            const uint8_t *data = rd_bytes(&r, len);
            rd_bytes(&r, (4 - len % 4) % 4);
            if (!data || r.bad)
                break;
            if (id == PR_ATTACH_LONG_FILENAME && v == 0) {
                if (base == 0x001F)
                    unicode16(data, len, &a->longname);
                else if (base == 0x001E)
                    string8(data, len, codepage, &a->longname);
            } else if (id == PR_ATTACH_DATA_OBJ && v == 0 && !a->data) {
                a->data = data;
                a->len = len;
            }
        }
    }
}

static void flush(Pending *a, TnefFileFn fn, void *arg, unsigned *files)
{
    if (a->open && a->data && *files < MAX_FILES) {
        const char *name = a->longname.len ? a->longname.data : a->title.len ? a->title.data : "";
        fn(arg, name, a->data, a->len);
        (*files)++;
    }
    buf_reset(&a->title);
    buf_reset(&a->longname);
    a->data = NULL;
    a->len = 0;
    a->open = false;
}

bool tnef_extract(const uint8_t *p, size_t n, TnefFileFn fn, void *arg)
{
    Rd r = {p, n, 0, false};
    if (rd_u32(&r) != TNEF_SIGNATURE)
        return false;
    rd_u16(&r); /* key */
    Pending a = {BUF_INIT, BUF_INIT, NULL, 0, false};
    unsigned codepage = 0, files = 0;
    while (!r.bad && r.off < n) {
        const uint8_t *lv = rd_bytes(&r, 1);
        uint8_t level = lv ? *lv : 0;
        uint32_t attr = rd_u32(&r);
        uint32_t len = rd_u32(&r);
        const uint8_t *data = rd_bytes(&r, len);
        rd_u16(&r); /* checksum */
        if (r.bad || (level != 1 && level != 2))
            break;
        uint16_t id = attr & 0xFFFF;
        if (level == 1 && id == ATT_OEM_CODEPAGE && len >= 4)
            codepage = (unsigned)(data[0] | data[1] << 8);
        if (level != 2)
            continue;
        if (id == ATT_ATTACH_RENDDATA) {
            flush(&a, fn, arg, &files);
            a.open = true;
        } else if (id == ATT_ATTACH_TITLE) {
            string8(data, len, codepage, &a.title);
            a.open = true;
        } else if (id == ATT_ATTACH_DATA) {
            a.data = data;
            a.len = len;
            a.open = true;
        } else if (id == ATT_ATTACHMENT) {
            read_props(data, len, codepage, &a);
            a.open = true;
        }
    }
    bool ok = !r.bad && r.off == n;
    flush(&a, fn, arg, &files);
    buf_free(&a.title);
    buf_free(&a.longname);
    return ok;
}
