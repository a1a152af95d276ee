/* registers: the glue between the register file engine (src/registers) and the assets and systems
 * modules — imports (imports.h) and exports (exports.h). Public header of domain/registers. */
#pragma once
#include "domain/registers/exports.h"
#include "domain/registers/imports.h"
#include "domain/kernel/kernel.h"

/* How the trail viewer names an import (imports.c, domain/kernel/state.h): NULL-terminated. */
extern const NameQuery registers_name_queries[];
