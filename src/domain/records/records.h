/* records: the records of issue 4 (docs/records.md), one part header per record kind, and the rules
 * they share (rec_common.h). Public header of domain/records. */
#pragma once
#include "domain/records/rec_abilities.h"
#include "domain/records/rec_carry.h"
#include "domain/records/rec_common.h"
#include "domain/records/rec_equipment.h"
#include "domain/records/rec_failure.h"
#include "domain/records/rec_license.h"
#include "domain/records/rec_room.h"
#include "domain/records/rec_work.h"
#include "domain/kernel/kernel.h"

/* How the trail viewer names records (rec_names.c, domain/kernel/state.h): NULL-terminated. */
extern const NameQuery records_name_queries[];

/* The records for reconciling the registers with the trail (domain/kernel/state.h). */
extern const StateKind bring_in_state_kind;
extern const StateKind server_room_entry_state_kind;
extern const StateKind equipment_move_state_kind;
extern const StateKind failure_record_state_kind;
extern const StateKind software_license_state_kind;
extern const StateKind server_room_state_kind;
extern const StateKind server_room_access_state_kind;
extern const StateKind holiday_state_kind;
extern const StateKind work_record_state_kind;
