/* parse_util: what the vendor parsers share — errors that name file:line, the line splitter and a
 * tokenizer for shell-like words with double quotes. Internal to src/netcheck. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "netcheck/ir.h"

/* Fills e with code (netcheck_*) and "FILE:LINE: " before the formatted message (a negative line -N
 * is "FILE: handle N: ", for nftables JSON); returns its Status. */
Status nc_fail(Err *e, const char *code, const char *file, int line, const char *ja_fmt, const char *en_fmt, ...);

#define NC_MAX_WORDS 256
#define NC_MAX_WORD 256

typedef struct NcWords {
    char w[NC_MAX_WORDS][NC_MAX_WORD];
    int n;
} NcWords;

/* Splits a line into words ("..." keeps spaces; \" inside quotes is a quote). false when the line has
 * more words than NC_MAX_WORDS, a word longer than NC_MAX_WORD, or an unterminated quote. */
bool nc_split_words(const char *line, size_t n, NcWords *out);

/* Parses a port or a range "a:b" / "a-b" (sep is the range separator) or a service name; false on
 * anything else. */
bool nc_parse_port_range(const char *s, char sep, uint32_t *lo, uint32_t *hi);
/* Adds the comma-separated addresses/prefixes of s to set; false on a bad address. */
bool nc_add_addresses(NcSet *set, const char *s);
/* Counts a new rule against NC_MAX_RULES; fails with netcheck_too_many_rules. */
Status nc_check_rule_limit(const NcRuleset *rs, int line, Err *e);
