/* api_roster: 人事異動 over HTTP (api_roster.c); the rules and who may see what are src/domain/roster's. */
#pragma once
#include "http/http.h"

Status api_roster_import(Request *req, Response *res, Err *e);
Status api_roster_imports(Request *req, Response *res, Err *e);
Status api_roster_tasks(Request *req, Response *res, Err *e);
Status api_roster_task_done(Request *req, Response *res, Err *e);
