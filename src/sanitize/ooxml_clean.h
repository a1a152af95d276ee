/* Cleaning one XML part of an OOXML package (internal to src/sanitize): DDE and external field
 * codes in Word, external references, DDE links and external formulas in Excel, OLE and ActiveX
 * elements, program/macro actions on PowerPoint links, and elements referring to relationships that
 * were dropped from the part's .rels. */
#pragma once
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

/* In fix mode removes what it finds; otherwise only counts. report (may be NULL) is called once per
 * finding. Returns the number of findings. */
unsigned ooxml_clean(xmlDocPtr doc, bool fix, const char *part, const char *const *dropped_ids, size_t n_dropped,
                     void (*report)(void *ctx, const char *part, const char *what), void *ctx);

/* False when the part's bytes show that ooxml_clean would find nothing: UTF-8, no DTD, and none of
 * the element names it acts on nor any dropped relationship id appear anywhere. XML names cannot be
 * escaped, so in UTF-8 a byte search is exact for them; anything else (other encodings included)
 * answers true and gets the full parse. This keeps big plain parts off the DOM. */
bool ooxml_clean_needed(const char *data, size_t n, const char *const *dropped_ids, size_t n_dropped);
