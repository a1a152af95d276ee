/* parse_util.c: helpers shared by the vendor parsers (parse_util.h). */
#include "netcheck/parse_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netcheck/parse.h"

Status nc_fail(Err *e, const char *code, const char *file, int line, const char *ja_fmt, const char *en_fmt, ...)
{
    char ja[400], en[400], ja_full[512], en_full[512];
    va_list ap;
    va_start(ap, en_fmt);
    vsnprintf(ja, sizeof ja, ja_fmt, ap);
    va_end(ap);
    va_start(ap, en_fmt);
    vsnprintf(en, sizeof en, en_fmt, ap);
    va_end(ap);
    if (line < 0) { /* nftables JSON: the rule's handle */
        snprintf(ja_full, sizeof ja_full, "%.80s: handle %d: %s", file, -line, ja);
        snprintf(en_full, sizeof en_full, "%.80s: handle %d: %s", file, -line, en);
    } else {
        snprintf(ja_full, sizeof ja_full, "%.80s:%d: %s", file, line, ja);
        snprintf(en_full, sizeof en_full, "%.80s:%d: %s", file, line, en);
    }
    return err_set(e, ST_INVALID, code, "config", ja_full, en_full);
}

bool nc_split_words(const char *line, size_t n, NcWords *out)
{
    out->n = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        if (i >= n)
            break;
        if (out->n >= NC_MAX_WORDS)
            return false;
        char *w = out->w[out->n];
        size_t len = 0;
        bool quoted = false;
        while (i < n && (quoted || (line[i] != ' ' && line[i] != '\t' && line[i] != '\r'))) {
            char c = line[i++];
            if (c == '"') {
                quoted = !quoted;
                continue;
            }
            if (quoted && c == '\\' && i < n && (line[i] == '"' || line[i] == '\\'))
                c = line[i++];
            if (len + 1 >= NC_MAX_WORD)
                return false;
            w[len++] = c;
        }
        if (quoted)
            return false;
        w[len] = '\0';
        out->n++;
    }
    return true;
}

static bool parse_port(const char *s, size_t n, uint32_t *out)
{
    if (n == 0)
        return false;
    if (s[0] >= '0' && s[0] <= '9') {
        uint32_t v = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] < '0' || s[i] > '9' || i >= 5)
                return false;
            v = v * 10 + (uint32_t)(s[i] - '0');
        }
        if (v > 65535)
            return false;
        *out = v;
        return true;
    }
    int p = nc_port_number(s, n);
    if (p < 0)
        return false;
    *out = (uint32_t)p;
    return true;
}

bool nc_parse_port_range(const char *s, char sep, uint32_t *lo, uint32_t *hi)
{
    size_t n = strlen(s);
    const char *c = memchr(s, sep, n);
    if (!c)
        return parse_port(s, n, lo) && (*hi = *lo, true);
    /* "a:" and ":b" are open ranges in iptables */
    size_t ln = (size_t)(c - s);
    if (ln == 0)
        *lo = 0;
    else if (!parse_port(s, ln, lo))
        return false;
    if (n - ln - 1 == 0)
        *hi = 65535;
    else if (!parse_port(c + 1, n - ln - 1, hi))
        return false;
    return *lo <= *hi;
}

bool nc_add_addresses(NcSet *set, const char *s)
{
    while (*s) {
        const char *end = strchr(s, ',');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        uint32_t a;
        int len;
        if (!nc_parse_ipv4(s, n, &a, &len))
            return false;
        nc_set_add_prefix(set, a, len);
        s += n;
        if (*s == ',')
            s++;
    }
    return true;
}

Status nc_check_rule_limit(const NcRuleset *rs, int line, Err *e)
{
    if (rs->rule_count >= NC_MAX_RULES)
        return nc_fail(e, "netcheck_too_many_rules", rs->file, line, "ルールが上限 (%d) を超えています",
                       "more rules than the limit (%d)", NC_MAX_RULES);
    return ST_OK;
}
