/* ks-cli.h: keyshape-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes (DESIGN.md §6) */
#define KS_EXIT_OK      0
#define KS_EXIT_DESIGN  1
#define KS_EXIT_USAGE   2

int ks_cli_run (int argc, char **argv);

G_END_DECLS
