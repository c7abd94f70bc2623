/* ks-generator.h: sample-data generators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ks-design.h"

G_BEGIN_DECLS

/*
 * A generator spec says how to make up one attribute's values. It is an M
 * value, as written in the native format's per-entity "generators" object:
 *
 *   "generators": {
 *     "orderId":   {"kind": "ulid", "timeAttribute": "createdAt"},
 *     "customerId": {"kind": "reference", "entity": "Customer"},
 *     "status":    {"kind": "enum", "values": ["PLACED", "PAID"],
 *                   "weights": [3, 1]},
 *     "createdAt": {"kind": "timestamp", "from": "2024-01-01T00:00:00Z",
 *                   "to": "2024-06-30T23:59:59Z"},
 *     "giftMessage": {"kind": "words", "min": 3, "max": 8, "presence": 0.1}
 *   }
 *
 * Every kind but "none" takes "presence" (0…1, default 1): the chance that
 * an item has the attribute at all. Attributes without a stored spec get
 * the one ks_generator_guess() gives. Generation is deterministic: the same
 * design, entity, count and seed give the same items (GRand seeded with
 * the seed; UUIDs and ULIDs come from it, never from the clock).
 *
 * The stored specs live in the entity (ks_entity_get_generators()); a
 * dialog changes them with ks_document_set (doc, entity, "generators", map,
 * NULL) so the change can be undone.
 */

typedef enum
{
  KS_GENERATOR_NONE,          /* the attribute is left out */
  KS_GENERATOR_SEQUENCE,
  KS_GENERATOR_UUID,
  KS_GENERATOR_ULID,
  KS_GENERATOR_TIMESTAMP,
  KS_GENERATOR_INTEGER,
  KS_GENERATOR_DECIMAL,
  KS_GENERATOR_ENUM,
  KS_GENERATOR_PERSON_NAME,
  KS_GENERATOR_EMAIL,
  KS_GENERATOR_CITY,
  KS_GENERATOR_WORDS,
  KS_GENERATOR_BOOLEAN,
  KS_GENERATOR_REFERENCE,
  KS_N_GENERATOR_KINDS
} KsGeneratorKind;

typedef enum
{
  KS_GENERATOR_PARAM_INTEGER,      /* a whole number */
  KS_GENERATOR_PARAM_NUMBER,       /* any number */
  KS_GENERATOR_PARAM_PROBABILITY,  /* a number from 0 to 1 */
  KS_GENERATOR_PARAM_STRING,
  KS_GENERATOR_PARAM_TIMESTAMP,    /* ISO-8601: 2024-01-31 or 2024-01-31T12:00:00Z */
  KS_GENERATOR_PARAM_CHOICE,       /* one of the param's choices */
  KS_GENERATOR_PARAM_VALUES,       /* a non-empty list of values */
  KS_GENERATOR_PARAM_WEIGHTS,      /* a list of numbers ≥ 0, one per value */
  KS_GENERATOR_PARAM_ENTITY,       /* the name of an entity of the design */
  KS_GENERATOR_PARAM_ATTRIBUTE,    /* the name of an attribute */
} KsGeneratorParamType;

/**
 * KsGeneratorParam:
 * @name: the member name in the spec ("min")
 * @type: what the value is
 * @label: short English label, marked for translation (N_)
 * @description: one English sentence, marked for translation (N_)
 * @default_value: the default as JSON text ("1", "\"iso\""), or NULL when
 *   the parameter is required or has no default (a ATTRIBUTE param that is
 *   optional)
 * @required: the spec must set it
 * @choices: for %KS_GENERATOR_PARAM_CHOICE, the allowed strings
 */
typedef struct
{
  const char           *name;
  KsGeneratorParamType  type;
  const char           *label;
  const char           *description;
  const char           *default_value;
  gboolean              required;
  const char * const   *choices;
} KsGeneratorParam;

/**
 * KsGeneratorInfo:
 * @kind: the kind
 * @id: its name in the file format ("person-name")
 * @label: short English label, marked for translation (N_)
 * @description: one English sentence, marked for translation (N_)
 * @types: the attribute types it can fill, a mask of (1 << KsType)
 * @params: its parameters, "presence" last (none for "none")
 * @n_params: how many
 */
typedef struct
{
  KsGeneratorKind          kind;
  const char              *id;
  const char              *label;
  const char              *description;
  guint32                  types;
  const KsGeneratorParam  *params;
  guint                    n_params;
} KsGeneratorInfo;

/* Every kind, in KsGeneratorKind order. */
const KsGeneratorInfo *ks_generator_get_kinds     (guint          *n_kinds);
const KsGeneratorInfo *ks_generator_get_info      (KsGeneratorKind kind);
/* The kind named @id, or NULL. */
const KsGeneratorInfo *ks_generator_find_kind     (const char     *id);
gboolean               ks_generator_kind_supports (KsGeneratorKind kind,
                                                   KsType          type);

/* Checks a spec's shape: an object with a known "kind", known parameters
 * of the right types, consistent ranges. Errors start with @path (the JSON
 * path of the spec). References to entities and attributes are checked
 * when generating, as the design may still change. */
gboolean  ks_generator_check_spec (const KsValue  *spec,
                                   const char     *path,
                                   GError        **error);

/* The spec a new generator for @attribute should start from: guessed from
 * the attribute's name and type, the entity's sample items (categories,
 * ranges, formats, how often it is present), the key templates (pad:N
 * widths) and the other entities (an "…Id" that is another entity's key
 * becomes a reference). NULL when nothing sensible fits (an M attribute
 * without samples): the attribute is then left out. */
KsValue  *ks_generator_guess      (KsDesign       *design,
                                   KsEntity       *entity,
                                   KsAttribute    *attribute);
/* The stored spec of @attribute_name, else the guessed one, else NULL. */
KsValue  *ks_generator_get_spec   (KsDesign       *design,
                                   KsEntity       *entity,
                                   const char     *attribute_name);

/* Makes @count new items of @entity (KsItem, not yet in the entity) into
 * *@items. Every attribute gets its stored or guessed generator. The items'
 * primary keys (from the key templates) differ from each other and from
 * every item already in the entity's table; their keys render and respect
 * DynamoDB's key rules. Each item gets a bounded number of attempts; when
 * they run out, nothing is returned and @error says which attribute's
 * generator gives too few distinct keys. The caller inserts the items (in
 * the window through one KsDocument command group). */
gboolean  ks_generator_generate   (KsDesign       *design,
                                   KsEntity       *entity,
                                   guint           count,
                                   guint64         seed,
                                   GPtrArray     **items,
                                   GError        **error);

/* A few values @spec gives for @attribute_name of @entity, for a preview
 * in a dialog (a GPtrArray of KsValue, absent values left out). */
GPtrArray *ks_generator_preview   (KsDesign       *design,
                                   KsEntity       *entity,
                                   const char     *attribute_name,
                                   const KsValue  *spec,
                                   guint           count,
                                   guint64         seed,
                                   GError        **error);

G_END_DECLS
