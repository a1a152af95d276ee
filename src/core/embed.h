/* Files embedded into the binary at build time by scripts/embed.py: migrations, the baseline policy
 * pack and the web UI. Each table is sorted by name and ends with a zeroed sentinel. */
#pragma once
#include <stddef.h>

typedef struct EmbeddedFile {
    const char *name; /* path relative to the embedded root, e.g. "0001_core.sql" */
    const unsigned char *data; /* NUL-terminated for convenience; len excludes the NUL */
    size_t len;
} EmbeddedFile;

extern const EmbeddedFile embedded_migrations[];
extern const EmbeddedFile embedded_pack_mic[];
extern const EmbeddedFile embedded_web[];

const EmbeddedFile *embedded_find(const EmbeddedFile *table, const char *name);
