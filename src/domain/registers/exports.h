/* exports: the registers as Excel workbooks (one sheet per register, ready to print) and CSV, in the
 * columns and words of the import, so a file exported from lgsec can be edited in Excel and
 * imported again. */
#pragma once
#include <stddef.h>

#include "domain/assets/assets.h"
#include "domain/kernel/kernel.h"

typedef enum ExportFormat { EXPORT_XLSX, EXPORT_CSV } ExportFormat;

/* The assets the list query q selects (its paging fields are ignored: every match), as one
 * 情報資産台帳 sheet. *data is malloc'd (caller frees). */
Status exports_assets(Ctx *ctx, const AssetQuery *q, ExportFormat format, unsigned char **data, size_t *len, Err *e);
/* Every system, as one 情報システム台帳 sheet. */
Status exports_systems(Ctx *ctx, ExportFormat format, unsigned char **data, size_t *len, Err *e);
/* Both registers in one workbook, one sheet each. */
Status exports_registers_xlsx(Ctx *ctx, unsigned char **data, size_t *len, Err *e);
