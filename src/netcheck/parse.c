/* parse.c: choosing the vendor parser (parse.h). */
#include "netcheck/parse.h"

#include <string.h>

bool nc_format_from_name(const char *name, NcFormat *f)
{
    if (strcmp(name, "auto") == 0)
        *f = NC_FMT_AUTO;
    else if (strcmp(name, "iptables") == 0 || strcmp(name, "iptables-save") == 0)
        *f = NC_FMT_IPTABLES;
    else if (strcmp(name, "nft") == 0 || strcmp(name, "nftables") == 0)
        *f = NC_FMT_NFT_JSON;
    else if (strcmp(name, "rtx") == 0 || strcmp(name, "yamaha") == 0)
        *f = NC_FMT_RTX;
    else if (strcmp(name, "fortigate") == 0)
        *f = NC_FMT_FORTIGATE;
    else if (strcmp(name, "ios") == 0 || strcmp(name, "cisco") == 0)
        *f = NC_FMT_IOS;
    else if (strcmp(name, "asa") == 0)
        *f = NC_FMT_ASA;
    else
        return false;
    return true;
}

NcFormat nc_format_detect(const char *text, size_t n)
{
    size_t i = 0;
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    if (i < n && text[i] == '{')
        return NC_FMT_NFT_JSON;
    /* iptables-save: comment lines, then "*filter" or another table; RTX: "ip filter …" lines */
    for (size_t k = i; k + 23 < n; k++)
        if (memcmp(text + k, "config firewall policy", 22) == 0)
            return NC_FMT_FORTIGATE;
    /* ASA (before IOS, whose "access-list" lines it shares): its banner, a top-level access-group or
     * "access-list NAME extended" (IOS writes "ip access-list extended NAME") */
    for (size_t k = i; k + 12 < n; k++) {
        if (k > 0 && text[k - 1] != '\n')
            continue;
        if (memcmp(text + k, "ASA Version ", 12) == 0 || (k + 13 < n && memcmp(text + k, "access-group ", 13) == 0))
            return NC_FMT_ASA;
        if (memcmp(text + k, "access-list ", 12) == 0) {
            const char *nl = memchr(text + k, '\n', n - k);
            size_t len = nl ? (size_t)(nl - (text + k)) : n - k;
            for (size_t q = k; q + 10 <= k + len; q++)
                if (memcmp(text + q, " extended ", 10) == 0)
                    return NC_FMT_ASA;
        }
    }
    for (size_t k = i; k + 10 < n; k++) {
        if (k > 0 && text[k - 1] != '\n')
            continue;
        if (memcmp(text + k, "ip filter ", 10) == 0)
            return NC_FMT_RTX;
        if (memcmp(text + k, "ip access-list ", 15 < n - k ? 15 : n - k) == 0 ||
            memcmp(text + k, "access-list ", 12 < n - k ? 12 : n - k) == 0)
            return NC_FMT_IOS;
    }
    while (i < n) {
        if (text[i] == '*')
            return NC_FMT_IPTABLES;
        if (text[i] != '#')
            break;
        const char *nl = memchr(text + i, '\n', n - i);
        if (!nl)
            break;
        i = (size_t)(nl - text) + 1;
    }
    return NC_FMT_AUTO;
}

Status nc_parse(const char *file, const char *text, size_t n, NcFormat fmt, NcRuleset **out, Err *e)
{
    if (fmt == NC_FMT_AUTO)
        fmt = nc_format_detect(text, n);
    switch (fmt) {
    case NC_FMT_IPTABLES:
        return nc_parse_iptables(file, text, n, out, e);
    case NC_FMT_NFT_JSON:
        return nc_parse_nft_json(file, text, n, out, e);
    case NC_FMT_RTX:
        return nc_parse_rtx(file, text, n, out, e);
    case NC_FMT_FORTIGATE:
        return nc_parse_fortigate(file, text, n, out, e);
    case NC_FMT_IOS:
        return nc_parse_ios(file, text, n, out, e);
    case NC_FMT_ASA:
        return nc_parse_asa(file, text, n, out, e);
    case NC_FMT_AUTO:
        break;
    }
    return err_setf(e, ST_INVALID, "netcheck_format_unknown", "config",
                    "%s: 設定の形式が分かりません (--format iptables|nft|rtx|fortigate|ios|asa で指定してください)",
                    "%s: unknown configuration format (name it with --format iptables|nft|rtx|fortigate|ios|asa)", file);
}
