/* The subcommands' entry points; the command table (commands.gen.c) is generated from their COMMAND:
 * declarations by scripts/mkindex.py. */
#pragma once

int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_pack(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_errors(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_trail(int argc, char **argv);
int cmd_witness(int argc, char **argv);
int cmd_sanitize(int argc, char **argv);
int cmd_mailgate(int argc, char **argv);
int cmd_netcheck(int argc, char **argv);
int cmd_incident(int argc, char **argv);
int cmd_gate(int argc, char **argv);
