/* fuzz-template.c: key templates (ks_template_parse and render)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte of options (bit 0: lenient parsing; bits 1–2: the key
 * type, S, N or B), the template text up to a newline, then optionally a
 * JSON object whose members replace or add to the item's attributes.
 *
 * A template that parses must write back (ks_template_to_string()) to text
 * that parses strictly to the same text; its segments must lie inside the
 * source; a rendered key's spans must lie inside the key.
 */
#include "config.h"

#include <string.h>

#include "ks-json-reader.h"
#include "ks-template.h"
#include "ks-fuzz.h"

static KsValue *
base_item (void)
{
  static const char json[] =
    "{\"s\": \"Ab#c\", \"n\": 42, \"neg\": -7.25, \"big\": 12345678901234567890123456789012345678,"
    " \"tiny\": 1e-130, \"empty\": \"\", \"t\": true, \"z\": null, \"l\": [1, \"x\"],"
    " \"m\": {\"k\": \"v\"}, \"u\": \"\xc3\xa9t\xc3\xa9\"}";
  g_autoptr(KsValue) generic = ks_json_parse (json, sizeof json - 1, NULL);

  g_assert (generic != NULL);
  return ks_map_set (generic, "b", ks_value_new_binary ((const guint8 *) "\x00\xff\x10", 3));
}

static void
check_spans (KsTemplate *tmpl,
             KsValue    *key,
             GArray     *spans)
{
  gsize len = 0;
  guint prev_end = 0;

  if (ks_value_get_type (key) == KS_TYPE_S || ks_value_get_type (key) == KS_TYPE_B)
    len = ks_value_get_length (key);
  else
    len = strlen (ks_value_get_number (key));
  for (guint i = 0; i < spans->len; i++)
    {
      KsSpan *span = &g_array_index (spans, KsSpan, i);
      if (span->start > span->end || span->end > len || span->start < prev_end
          || span->segment >= ks_template_get_n_segments (tmpl))
        g_error ("span %u (%u–%u, segment %u) is outside the key of %zu bytes",
                 i, span->start, span->end, span->segment, len);
      prev_end = span->end;
    }
}

int
ks_fuzz_template (const guint8 *data,
                  gsize         size)
{
  static const KsType key_types[] = { KS_TYPE_S, KS_TYPE_N, KS_TYPE_B, KS_TYPE_S };
  g_autoptr(KsTemplate) tmpl = NULL;
  g_autoptr(KsTemplate) again = NULL;
  g_autoptr(KsValue) item = NULL;
  g_autoptr(KsValue) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (KsSpan));
  g_autoptr(GPtrArray) attrs = NULL;
  g_autofree char *text = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  const char *nl, *missing = NULL;
  KsTemplateFlags flags;
  KsType key_type;
  KsRenderResult result;
  guint error_pos = G_MAXUINT;
  gsize text_len;

  if (size == 0)
    return -1;
  flags = (data[0] & 1) ? KS_TEMPLATE_LENIENT : KS_TEMPLATE_STRICT;
  key_type = key_types[(data[0] >> 1) & 3];
  data++, size--;
  nl = memchr (data, '\n', size);
  text_len = nl ? (gsize) (nl - (const char *) data) : size;
  text = g_strndup ((const char *) data, text_len);
  text_len = strlen (text);

  tmpl = ks_template_parse (text, flags, &error_pos, &error);
  if (tmpl == NULL)
    {
      if (error == NULL || error_pos > text_len)
        g_error ("a refused template gives no error or a position (%u) outside it (%zu bytes)",
                 error_pos, text_len);
      return 0;
    }

  for (guint i = 0; i < ks_template_get_n_segments (tmpl); i++)
    {
      const KsSegment *seg = ks_template_get_segment (tmpl, i);
      if ((gsize) seg->offset + seg->length > text_len)
        g_error ("segment %u (%u+%u) is outside the template of %zu bytes",
                 i, seg->offset, seg->length, text_len);
    }
  attrs = ks_template_get_attributes (tmpl);
  (void) ks_template_get_prefix (tmpl);
  (void) ks_template_get_single_attribute (tmpl);
  (void) ks_template_is_literal (tmpl);

  written = ks_template_to_string (tmpl);
  again = ks_template_parse (written, KS_TEMPLATE_STRICT, NULL, &error);
  if (again == NULL)
    g_error ("template \"%s\" writes as \"%s\", which does not parse: %s", text, written, error->message);
  rewritten = ks_template_to_string (again);
  if (strcmp (written, rewritten) != 0)
    g_error ("template \"%s\" writes as \"%s\", then as \"%s\"", text, written, rewritten);

  item = base_item ();
  if (nl != NULL)
    {
      const char *rest = nl + 1;
      gsize rest_len = size - (gsize) (rest - (const char *) data);
      g_autoptr(KsValue) extra = ks_json_parse (rest, rest_len, NULL);

      if (extra != NULL && ks_value_get_type (extra) == KS_TYPE_M)
        for (guint i = 0; i < ks_value_get_length (extra); i++)
          {
            const KsMapEntry *e = ks_value_get_entry (extra, i);
            KsValue *merged = ks_map_set (item, e->name, ks_value_ref (e->value));
            ks_value_unref (item);
            item = merged;
          }
    }

  result = ks_template_render (tmpl, item, key_type, &key, &missing, spans, &error);
  switch (result)
    {
    case KS_RENDER_OK:
      if (key == NULL || ks_value_get_type (key) != key_type)
        g_error ("template \"%s\" renders no key of type %s", text, ks_type_to_string (key_type));
      check_spans (tmpl, key, spans);
      break;
    case KS_RENDER_MISSING:
      if (missing == NULL)
        g_error ("template \"%s\": an attribute is missing, but which?", text);
      break;
    case KS_RENDER_ERROR:
      if (error == NULL)
        g_error ("template \"%s\" fails to render without an error", text);
      break;
    default:
      g_error ("template \"%s\": unknown render result %d", text, result);
    }
  return 0;
}

KS_FUZZ_MAIN (ks_fuzz_template)
