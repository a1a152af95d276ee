/* gate_opts: where the 無害化 gate keeps its verdict log, quarantine and signatures, from the options
 * of `lgsec gate` / `lgsec serve` or the environment (cmd_gate.c). */
#pragma once

/* Each NULL argument is taken from LGSEC_GATE_VERDICT_LOG, LGSEC_GATE_QUARANTINE, LGSEC_CLAMAV_DB. */
void gate_configure_from(const char *log, const char *quarantine, const char *clamav_db);
