/* ks-yaml.h: YAML text to a KsValue tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-value.h"

G_BEGIN_DECLS

/* Parses one YAML document (libyaml) into the generic values of
 * ks_json_parse(): mapping → M (keys in file order, unique), sequence → L,
 * scalar → S, N, BOOL or NULL. Plain scalars are resolved by YAML 1.1's
 * rules as PyYAML applies them (null and ~; yes/no/on/off/true/false;
 * 0x1F, 017 octal, 0b101, 1_000, 1:30 base 60; 1.5 and 1.0e+3 — a float
 * needs its point; `.inf` and `.nan` stay strings; a number DynamoDB
 * cannot hold, 39 digits say, is an error as in ks_json_parse()); quoted and block
 * scalars stay S, as do scalars tagged `!!str`. Anchors, aliases and `<<`
 * merge keys are followed. CloudFormation's short forms become their JSON
 * forms: `!Ref X` → {"Ref": "X"}, `!Sub "…"` → {"Fn::Sub": "…"},
 * `!GetAtt A.B` → {"Fn::GetAtt": ["A", "B"]}; any other local tag is an
 * error. Errors (KS_ERROR_PARSE) say "line L, column C: …"; nesting is
 * limited to 256 levels, aliases to a million expanded nodes. */
KsValue *ks_yaml_parse (const char  *data,
                        gsize        length,
                        GError     **error);

G_END_DECLS
