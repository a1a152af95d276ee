/* The subcommands' entry points; main.c's table lists them with their help. */
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
int cmd_errors(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_trail(int argc, char **argv);
int cmd_witness(int argc, char **argv);
int cmd_sanitize(int argc, char **argv);
int cmd_mailgate(int argc, char **argv);
