/* work: what sits above every other module — the home page's task list (tasks.h) and the periodic
 * work of `lgsec serve` (scheduler.h). Public header of domain/work. */
#pragma once
#include "domain/work/scheduler.h"
#include "domain/work/tasks.h"
