/* rec_names: how the trail viewer names a record (domain/kernel/state.h, NameQuery). */
#include "domain/records/records.h"

const NameQuery records_name_queries[] = {
    {"bring_in", "SELECT item, NULL, id FROM bring_in_records WHERE id = ?", NAME_CODE_NONE},
    {"equipment_move", "SELECT equipment, NULL, id FROM equipment_moves WHERE id = ?", NAME_CODE_NONE},
    {"failure_record", "SELECT title, NULL, id FROM failure_records WHERE id = ?", NAME_CODE_NONE},
    {"server_room", "SELECT name, NULL, id FROM server_rooms WHERE id = ?", NAME_CODE_NONE},
    {"server_room_access",
     "SELECT m.name || ' — ' || p.name, NULL, a.id FROM server_room_access a JOIN server_rooms m ON m.id = a.room_id"
     " JOIN people_v p ON p.id = a.person_id WHERE a.id = ?",
     NAME_CODE_NONE},
    {"server_room_entry",
     "SELECT m.name || ' — ' || coalesce(p.name, e.visitor_name, ''), NULL, e.id FROM server_room_entries e"
     " JOIN server_rooms m ON m.id = e.room_id LEFT JOIN people_v p ON p.id = e.person_id WHERE e.id = ?",
     NAME_CODE_NONE},
    {"software_license", "SELECT software, NULL, id FROM software_licenses WHERE id = ?", NAME_CODE_NONE},
    {"work_record", "SELECT title, NULL, id FROM work_records WHERE id = ?", NAME_CODE_NONE},
    {NULL, NULL, NAME_CODE_NONE},
};
