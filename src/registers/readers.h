/* The format readers behind table_read (internal to src/registers). Each fills a new Table in *out
 * (caller frees with table_free) or returns an error with *out NULL. */
#pragma once
#include <stddef.h>

#include "registers/table.h"

Status csv_read(const unsigned char *data, size_t len, char delimiter, Table **out, Err *e);
Status xlsx_read(const unsigned char *data, size_t len, Table **out, Err *e);
