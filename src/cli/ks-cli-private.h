/* ks-cli-private.h: helpers shared by the keyshape-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ks-cli.h"
#include "ks-design.h"

G_BEGIN_DECLS

void      ks_cli_print_error   (const char    *prefix,
                                const GError  *error);
/* Loads a native design or a Workbench model; on failure prints the error
 * and sets *status to the exit code. */
KsDesign *ks_cli_load          (const char    *path,
                                int           *status);
/* Writes @text to @path, or standard output for NULL or "-". */
gboolean  ks_cli_write_output  (const char    *path,
                                const char    *text,
                                gsize          length,
                                int           *status);
/* Parses options; FALSE (usage printed) when they or the argument count
 * are wrong. */
gboolean  ks_cli_parse_options (GOptionEntry  *entries,
                                int           *argc,
                                char        ***argv,
                                const char    *params,
                                const char    *summary,
                                int            min_args,
                                int            max_args);

/* Commands, one function per command (ks-cli-*.c) */
int ks_cli_cmd_validate (int argc, char **argv);
int ks_cli_cmd_keys     (int argc, char **argv);
int ks_cli_cmd_export   (int argc, char **argv);
int ks_cli_cmd_import   (int argc, char **argv);
int ks_cli_cmd_query    (int argc, char **argv);
int ks_cli_cmd_scan     (int argc, char **argv);
int ks_cli_cmd_get_item (int argc, char **argv);
int ks_cli_cmd_patterns (int argc, char **argv);
int ks_cli_cmd_cost     (int argc, char **argv);
int ks_cli_cmd_render   (int argc, char **argv);
int ks_cli_cmd_diff     (int argc, char **argv);
int ks_cli_cmd_generate (int argc, char **argv);
int ks_cli_cmd_deploy   (int argc, char **argv);

/* patterns --endpoint (ks-cli-live.c): runs the patterns against an endpoint
 * and compares with the engine's answers. */
int ks_cli_patterns_live (KsEngine   *engine,
                          const char *only,
                          gboolean    json,
                          const char *endpoint,
                          const char *region,
                          const char *profile,
                          const char *table_prefix);

G_END_DECLS
