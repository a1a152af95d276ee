/* Type by content: magic numbers first, then a text check (UTF-8 or CP932, or UTF-16 with a
 * byte-order mark; no control characters other than tab, CR, LF, FF). The name only ever gets a say
 * as a claim to be checked against the content. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sanitize/disarm_types.h"

static bool starts(const uint8_t *in, size_t n, const void *magic, size_t m)
{
    return n >= m && memcmp(in, magic, m) == 0;
}

static bool valid_utf8(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

/* CP932: single bytes 00-7F and A1-DF; lead 81-9F/E0-FC followed by trail 40-7E/80-FC. */
static bool valid_cp932(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c < 0x80 || (c >= 0xA1 && c <= 0xDF))
            continue;
        if ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) {
            if (i + 1 >= n)
                return false;
            uint8_t t = s[++i];
            if (t < 0x40 || t == 0x7F || t > 0xFC)
                return false;
            continue;
        }
        return false;
    }
    return true;
}

static bool is_text(const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in[i];
        /* ESC rules out ISO-2022-JP, whose shifted bytes cannot be split into cells byte by byte. */
        if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f')
            return false;
        if (c == 0x7F)
            return false;
    }
    return valid_utf8(in, n) || valid_cp932(in, n);
}

bool iso2022jp_text(const uint8_t *in, size_t n)
{
    bool escaped = false;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in[i];
        if (c >= 0x7F)
            return false;
        if (c == 0x1B) {
            /* Only the designations of ISO-2022-JP and its CP5022x / JIS X 0212 extensions. */
            const uint8_t *e = in + i + 1;
            size_t left = n - i - 1;
            size_t len = left >= 2 && e[0] == '$' && (e[1] == 'B' || e[1] == '@')   ? 2
                         : left >= 2 && e[0] == '(' && (e[1] == 'B' || e[1] == 'J' || e[1] == 'I') ? 2
                         : left >= 3 && e[0] == '$' && e[1] == '(' && e[2] == 'D' ? 3
                                                                                    : 0;
            if (!len)
                return false;
            escaped = escaped || !(e[0] == '(' && e[1] == 'B');
            i += len;
        } else if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != 0x0E && c != 0x0F) {
            return false;
        }
    }
    return escaped;
}

/* Markup (HTML, XML, SVG) is text too, but it can carry scripts: it is not disarmed as text. */
static bool looks_like_markup(const uint8_t *in, size_t n)
{
    size_t i = 0;
    if (starts(in, n, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n'))
        i++;
    if (i < n && in[i] == '<')
        return true;
    /* A script tag anywhere in the first 4 KiB. */
    size_t m = n < 4096 ? n : 4096;
    for (size_t k = 0; k + 7 <= m; k++) {
        if (strncasecmp((const char *)in + k, "<script", 7) == 0 || strncasecmp((const char *)in + k, "<html", 5) == 0)
            return true;
    }
    return false;
}

/* UTF-16 with a byte-order mark: the same control-character rule, surrogates paired; markup when
 * the first non-blank character is '<'. NULL when it is not UTF-16 text. */
static const char *utf16_type(const uint8_t *in, size_t n)
{
    if (n < 2 || n % 2 || !(starts(in, n, "\xFF\xFE", 2) || starts(in, n, "\xFE\xFF", 2)))
        return NULL;
    bool be = in[0] == 0xFE, seen = false, markup = false;
    for (size_t i = 2; i < n; i += 2) {
        uint32_t c = be ? (uint32_t)(in[i] << 8 | in[i + 1]) : (uint32_t)(in[i + 1] << 8 | in[i]);
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') || c == 0x7F || (c >= 0xDC00 && c <= 0xDFFF))
            return NULL;
        if (c >= 0xD800 && c <= 0xDBFF) {
            i += 2;
            uint32_t lo = i + 1 < n ? (be ? (uint32_t)(in[i] << 8 | in[i + 1]) : (uint32_t)(in[i + 1] << 8 | in[i])) : 0;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return NULL;
        }
        if (!seen && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            seen = true;
            markup = c == '<';
        }
    }
    return markup ? "markup" : "text";
}

const char *detect_type(const uint8_t *in, size_t n)
{
    const char *u16 = utf16_type(in, n);
    if (u16)
        return u16;
    if (starts(in, n, "PK\x03\x04", 4) || starts(in, n, "PK\x05\x06", 4))
        return "zip";
    /* The PDF header may follow a little junk, as readers accept. */
    size_t head = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= head; i++) {
        if (memcmp(in + i, "%PDF-", 5) == 0)
            return "pdf";
    }
    if (starts(in, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return "ole2";
    if (starts(in, n, "{\\rt", 4))
        return "rtf";
    if (starts(in, n, "MZ", 2))
        return "exe";
    if (starts(in, n, "\x7F" "ELF", 4))
        return "elf";
    if (starts(in, n, "\x1F\x8B", 2))
        return "gzip";
    if (starts(in, n, "7z\xBC\xAF\x27\x1C", 6))
        return "7z";
    if (starts(in, n, "Rar!", 4))
        return "rar";
    if (starts(in, n, "MSCF", 4))
        return "cab";
    const char *image = image_kind(in, n);
    if (image)
        return image;
    if (is_text(in, n))
        return looks_like_markup(in, n) ? "markup" : "text";
    return "unknown";
}

static const struct {
    const char *type;
    const char *exts; /* space-separated, lower case */
} EXTS[] = {
    {"pdf", "pdf"},
    {"zip", "zip"},
    {"docx", "docx"},
    {"docm", "docm"},
    {"dotx", "dotx"},
    {"dotm", "dotm"},
    {"xlsx", "xlsx"},
    {"xlsm", "xlsm"},
    {"xltx", "xltx"},
    {"xltm", "xltm"},
    {"pptx", "pptx"},
    {"pptm", "pptm"},
    {"potx", "potx"},
    {"potm", "potm"},
    {"ppsx", "ppsx"},
    {"ppsm", "ppsm"},
    {"csv", "csv"},
    {"text", "txt text log tsv csv"},
    {"jpeg", "jpg jpeg jpe jfif"},
    {"png", "png"},
    {"gif", "gif"},
    /* Formats converted to OOXML (convert.h); Word writes RTF under .doc too. */
    {"doc", "doc dot"},
    {"xls", "xls xlt"},
    {"ppt", "ppt pot pps"},
    {"rtf", "rtf doc"},
    {"odt", "odt ott"},
    {"ods", "ods ots"},
    {"odp", "odp otp"},
    {"xlsb", "xlsb"},
};

bool detect_name_agrees(const char *type, const char *name)
{
    if (!name)
        return true;
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base || !dot[1])
        return true;
    const char *ext = dot + 1;
    size_t el = strlen(ext);
    for (size_t i = 0; i < sizeof EXTS / sizeof *EXTS; i++) {
        if (strcmp(EXTS[i].type, type) != 0)
            continue;
        const char *s = EXTS[i].exts;
        while (*s) {
            size_t wl = strcspn(s, " ");
            if (wl == el && strncasecmp(s, ext, el) == 0)
                return true;
            s += wl;
            while (*s == ' ')
                s++;
        }
        return false;
    }
    return false;
}

static bool contains(const uint8_t *in, size_t n, const void *needle, size_t m)
{
    return m <= n && memmem(in, n, needle, m) != NULL;
}

const char *odf_kind(const uint8_t *in, size_t n)
{
    /* An OpenDocument package starts with its stored "mimetype" member (ODF 1.2 part 3, 3.3). */
    static const char PREFIX[] = "application/vnd.oasis.opendocument.";
    if (n < 38 || !starts(in, n, "PK\3\4", 4) || in[26] != 8 || in[27] != 0 || memcmp(in + 30, "mimetype", 8) != 0)
        return NULL;
    size_t at = 38 + (size_t)(in[28] | in[29] << 8);
    if (n < at + sizeof PREFIX - 1 || memcmp(in + at, PREFIX, sizeof PREFIX - 1) != 0)
        return NULL;
    const char *sub = (const char *)in + at + sizeof PREFIX - 1;
    size_t left = n - at - (sizeof PREFIX - 1);
    static const struct {
        const char *mime, *kind;
    } KINDS[] = {{"text", "odt"}, {"spreadsheet", "ods"}, {"presentation", "odp"}, {"graphics", "odg"}};
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++) {
        size_t l = strlen(KINDS[i].mime);
        if (left >= l && memcmp(sub, KINDS[i].mime, l) == 0)
            return KINDS[i].kind;
    }
    return "odf";
}

/* Which legacy Office program wrote an OLE2 compound file, by its main stream's name (UTF-16LE in
 * the directory). */
static const char *ole2_program(const uint8_t *in, size_t n)
{
    static const struct {
        const char *stream; /* ASCII; compared as UTF-16LE */
        const char *what;
    } STREAMS[] = {{"WordDocument", "word"}, {"Workbook", "excel"}, {"Book", "excel"},
                   {"PowerPoint Document", "powerpoint"}};
    for (size_t i = 0; i < sizeof STREAMS / sizeof *STREAMS; i++) {
        char wide[64];
        size_t l = strlen(STREAMS[i].stream);
        for (size_t k = 0; k < l; k++) {
            wide[2 * k] = STREAMS[i].stream[k];
            wide[2 * k + 1] = '\0';
        }
        /* the name and its terminating NUL, so that "Book" does not match "Workbook"'s tail */
        wide[2 * l] = wide[2 * l + 1] = '\0';
        if (contains(in, n, wide, 2 * l + 2))
            return STREAMS[i].what;
    }
    return NULL;
}

void detect_block_unsupported(Verdict *v, const char *type, const uint8_t *in, size_t n)
{
    static const char ENC[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    const char *ole = strcmp(type, "ole2") == 0 ? ole2_program(in, n) : NULL;
    if (strcmp(type, "ole2") == 0 && contains(in, n, ENC, sizeof ENC - 1))
        verdict_block(v, "encrypted_document", "暗号化(パスワード付き)された文書は中身を確認できないため遮断しました。",
                      "blocked: an encrypted (password-protected) document cannot be inspected");
    else if (ole && strcmp(ole, "word") == 0)
        verdict_block(v, "legacy_document",
                      "旧形式のWord文書(.doc)は、形式を変換しない設定のため遮断しました。.docx で保存し直して送るよう依頼してください。",
                      "blocked: legacy Word documents (.doc) are not converted here; ask for it saved as .docx");
    else if (ole && strcmp(ole, "excel") == 0)
        verdict_block(v, "legacy_document",
                      "旧形式のExcelブック(.xls)は、形式を変換しない設定のため遮断しました。.xlsx で保存し直して送るよう依頼してください。",
                      "blocked: legacy Excel workbooks (.xls) are not converted here; ask for it saved as .xlsx");
    else if (ole && strcmp(ole, "powerpoint") == 0)
        verdict_block(v, "legacy_document",
                      "旧形式のPowerPointプレゼンテーション(.ppt)は、形式を変換しない設定のため遮断しました。.pptx で保存し直して送るよう依頼してください。",
                      "blocked: legacy PowerPoint presentations (.ppt) are not converted here; ask for it saved as .pptx");
    else if (strcmp(type, "ole2") == 0)
        verdict_block(v, "legacy_document",
                      "一太郎文書などのOLE2複合文書は無害化できないため遮断しました。",
                      "blocked: 一太郎 and other OLE2 compound documents cannot be disarmed");
    else if (strcmp(type, "xlsb") == 0)
        verdict_block(v, "binary_workbook",
                      "Excelバイナリブック(.xlsb)は、形式を変換しない設定のため遮断しました。.xlsx で保存し直して送るよう依頼してください。",
                      "blocked: Excel binary workbooks (.xlsb) are not converted here; ask for it saved as .xlsx");
    else if (strcmp(type, "odt") == 0 || strcmp(type, "ods") == 0 || strcmp(type, "odp") == 0) {
        verdict_block(v, "odf_document",
                      "OpenDocument形式の文書(.odt/.ods/.odp)は、形式を変換しない設定のため遮断しました。Office形式(.docx/.xlsx/.pptx)で送るよう依頼してください。",
                      "blocked: OpenDocument files (.odt/.ods/.odp) are not converted here; ask for them as .docx/.xlsx/.pptx");
        verdict_note(v, "OpenDocument %s", type);
    }
    else if (strcmp(type, "odg") == 0 || strcmp(type, "odf") == 0) {
        verdict_block(v, "odf_document",
                      "OpenDocument形式の図形などの文書は無害化できないため遮断しました。PDF形式で送るよう依頼してください。",
                      "blocked: OpenDocument drawings and other OpenDocument files cannot be disarmed; ask for them as PDF");
        verdict_note(v, "OpenDocument %s", type);
    }
    else if (strcmp(type, "rtf") == 0)
        verdict_block(v, "rtf", "RTF文書は、形式を変換しない設定のため遮断しました。Word形式(.docx)で送るよう依頼してください。",
                      "blocked: RTF documents are not converted here; ask for them as .docx");
    else if (strcmp(type, "exe") == 0 || strcmp(type, "elf") == 0)
        verdict_block(v, "executable", "実行ファイルは遮断しました。", "blocked: executable file");
    else if (strcmp(type, "markup") == 0)
        verdict_block(v, "markup", "HTML・XML文書はスクリプトを含みうるため遮断しました。",
                      "blocked: HTML and XML documents can carry scripts");
    else if (strcmp(type, "gzip") == 0 || strcmp(type, "7z") == 0 || strcmp(type, "rar") == 0 ||
             strcmp(type, "cab") == 0)
        verdict_block(v, "unsupported_archive", "ZIP以外の圧縮形式は中身を確認できないため遮断しました。",
                      "blocked: archives other than ZIP cannot be inspected");
    else
        verdict_block(v, "unsupported_type", "無害化できない種類のファイルのため遮断しました。",
                      "blocked: no disarmer exists for this type of file");
}

const char *detect_convertible(const char *type, const uint8_t *in, size_t n)
{
    static const char ENC[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    if (strcmp(type, "ole2") == 0) {
        /* An encrypted package cannot be opened without its password: blocked as such. */
        const char *program = contains(in, n, ENC, sizeof ENC - 1) ? NULL : ole2_program(in, n);
        if (!program)
            return NULL;
        return strcmp(program, "word") == 0 ? "doc" : strcmp(program, "excel") == 0 ? "xls" : "ppt";
    }
    static const char *const KINDS[] = {"rtf", "odt", "ods", "odp", "xlsb"};
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++)
        if (strcmp(type, KINDS[i]) == 0)
            return KINDS[i];
    return NULL;
}
