/* custcare-vcard.c — reading and writing vCard text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader pulls 64 KiB at a time from a stream and never holds more than one logical line
 * (capped at CUSTCARE_VCARD_MAX_PROPERTY_BYTES) and one card, so a hostile file cannot make it
 * allocate much: a 100 MB line fails as soon as its first MiB has been read.
 *
 * Version differences it absorbs: 2.1's bare parameters (TEL;CELL;PREF, NOTE;QUOTED-PRINTABLE)
 * and soft line breaks, 3.0's TYPE=pref and repeated TYPE=, 4.0's PREF=1, quoted lists
 * (TYPE="work,voice"), tel: URIs and date-and-or-time birthdays, and Apple/Google's grouped
 * custom labels (item1.TEL + item1.X-ABLabel), which the writer also uses for labels that have no
 * vCard TYPE.
 */
#define G_LOG_DOMAIN "custcare-vcard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-vcard-private.h"

#define READ_CHUNK (64 * 1024)
/* What a card may hold once decoded (notes, phones…), besides the per-line cap. */
#define MAX_CARD_BYTES (4 * 1024 * 1024)

G_DEFINE_QUARK (custcare-vcard-error-quark, custcare_vcard_error)
G_DEFINE_BOXED_TYPE (CustcareVcardProblem, custcare_vcard_problem, custcare_vcard_problem_copy,
                     custcare_vcard_problem_free)

CustcareVcardProblem *
custcare_vcard_problem_copy (const CustcareVcardProblem *problem)
{
  CustcareVcardProblem *copy = g_new0 (CustcareVcardProblem, 1);

  *copy = *problem;
  copy->property = g_strdup (problem->property);
  copy->value = g_strdup (problem->value);
  copy->message = g_strdup (problem->message);
  return copy;
}

void
custcare_vcard_problem_free (CustcareVcardProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->property);
  g_free (problem->value);
  g_free (problem->message);
  g_free (problem);
}

char *
custcare_vcard_problem_to_string (const CustcareVcardProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->property == NULL || *problem->property == '\0')
    /* Translators: "Card 3 (line 17): This card has no name…" */
    return g_strdup_printf (_("Card %u (line %u): %s"), problem->card, problem->line, problem->message);
  /* Translators: "Card 3 (line 17), EMAIL “anna@”: This is not an email address…" */
  return g_strdup_printf (_("Card %u (line %u), %s “%s”: %s"), problem->card, problem->line, problem->property,
                          problem->value != NULL ? problem->value : "", problem->message);
}

/* The reader */

typedef struct
{
  char      *name;   /* upper case */
  GPtrArray *values; /* char *, as written (TYPE values lower case) */
} Param;

static void
param_free (Param *param)
{
  g_free (param->name);
  g_ptr_array_unref (param->values);
  g_free (param);
}

typedef struct
{
  char      *group;  /* lower case, or NULL */
  char      *name;   /* upper case */
  GPtrArray *params; /* Param */
  char      *value;  /* decoded to UTF-8, still vCard-escaped */
  guint      line;
} Property;

static void
property_clear (Property *prop)
{
  g_clear_pointer (&prop->group, g_free);
  g_clear_pointer (&prop->name, g_free);
  g_clear_pointer (&prop->params, g_ptr_array_unref);
  g_clear_pointer (&prop->value, g_free);
}

/* A phone or email waiting for the end of the card (labels may come later, from X-ABLabel). */
typedef struct
{
  char    *value;
  char    *label;
  char    *group;
  guint    line;
  int      pref;   /* lower is preferred; G_MAXINT when not said */
} PendingContact;

static void
pending_contact_free (PendingContact *contact)
{
  g_free (contact->value);
  g_free (contact->label);
  g_free (contact->group);
  g_free (contact);
}

typedef struct
{
  guint       number;
  guint       line;
  guint       n_properties;
  gsize       kept_bytes;
  char       *fn;
  char       *n[5];           /* family, given, additional, prefix, suffix */
  gboolean    have_n;
  char       *org;
  gboolean    have_adr;
  int         adr_pref;
  guint       adr_line;
  char       *adr_value;      /* as written, for a problem when a preferred one replaces it */
  char       *adr[7];
  gboolean    have_bday;
  int         bday[3];
  GString    *notes;
  GPtrArray  *tags;           /* char * */
  GPtrArray  *phones;         /* PendingContact */
  GPtrArray  *emails;         /* PendingContact */
  GHashTable *group_labels;   /* group → label */
} Card;

static void
card_clear (Card *card)
{
  g_clear_pointer (&card->fn, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (card->n); i++)
    g_clear_pointer (&card->n[i], g_free);
  g_clear_pointer (&card->org, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (card->adr); i++)
    g_clear_pointer (&card->adr[i], g_free);
  g_clear_pointer (&card->adr_value, g_free);
  if (card->notes != NULL)
    g_string_free (g_steal_pointer (&card->notes), TRUE);
  g_clear_pointer (&card->tags, g_ptr_array_unref);
  g_clear_pointer (&card->phones, g_ptr_array_unref);
  g_clear_pointer (&card->emails, g_ptr_array_unref);
  g_clear_pointer (&card->group_labels, g_hash_table_unref);
  memset (card, 0, sizeof *card);
}

static void
card_init (Card *card,
           guint number,
           guint line)
{
  memset (card, 0, sizeof *card);
  card->number = number;
  card->line = line;
  card->adr_pref = G_MAXINT;
  card->notes = g_string_new (NULL);
  card->tags = g_ptr_array_new_with_free_func (g_free);
  card->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_contact_free);
  card->emails = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_contact_free);
  card->group_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

struct _CustcareVcardReader
{
  GInputStream *stream;
  gboolean      stream_checked; /* byte order mark looked at */
  guint8       *buf;
  gsize         buf_len;
  gsize         buf_pos;
  gboolean      eof;
  goffset       bytes_read;
  guint         line_no;       /* physical lines read so far */
  GString      *pending;       /* the physical line after the current logical one */
  guint         pending_line;
  gboolean      have_pending;
  gboolean      seen_content;
  guint         n_cards;
  GPtrArray    *problems;
  guint         n_problems;
};

CustcareVcardReader *
_custcare_vcard_reader_new (GInputStream *stream)
{
  CustcareVcardReader *reader = g_new0 (CustcareVcardReader, 1);

  reader->stream = g_object_ref (stream);
  reader->buf = g_malloc (READ_CHUNK);
  reader->pending = g_string_new (NULL);
  reader->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_vcard_problem_free);
  return reader;
}

void
_custcare_vcard_reader_free (CustcareVcardReader *reader)
{
  if (reader == NULL)
    return;
  g_object_unref (reader->stream);
  g_free (reader->buf);
  g_string_free (reader->pending, TRUE);
  g_ptr_array_unref (reader->problems);
  g_free (reader);
}

/* How far into the stream the cards read so far reach (not what was buffered ahead). */
goffset
_custcare_vcard_reader_get_bytes_read (CustcareVcardReader *reader)
{
  return reader->bytes_read - (goffset) (reader->buf_len - reader->buf_pos);
}

/* At most 80 characters of a value, on one line, for a problem list. */
static char *
shorten (const char *value)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *p;
  guint n = 0;

  if (value == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (value, -1, NULL))
    return g_utf8_make_valid (value, MIN (strlen (value), 80));
  for (p = value; *p && n < 80; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (*p)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
_custcare_vcard_reader_add_problem (CustcareVcardReader      *reader,
                                    CustcareVcardProblemKind  kind,
                                    guint                     card,
                                    guint                     line,
                                    const char               *property,
                                    const char               *value,
                                    gint64                    duplicate_of,
                                    const char               *message)
{
  CustcareVcardProblem *problem;

  reader->n_problems++;
  if (reader->problems->len >= CUSTCARE_VCARD_MAX_PROBLEMS)
    return;
  problem = g_new0 (CustcareVcardProblem, 1);
  problem->kind = kind;
  problem->card = card;
  problem->line = line;
  problem->property = g_strdup (property != NULL ? property : "");
  problem->value = shorten (value);
  problem->message = g_strdup (message);
  problem->duplicate_of = duplicate_of;
  g_ptr_array_add (reader->problems, problem);
}

GPtrArray *
_custcare_vcard_reader_steal_problems (CustcareVcardReader *reader,
                                       guint               *out_n_problems)
{
  GPtrArray *problems = g_steal_pointer (&reader->problems);

  if (out_n_problems != NULL)
    *out_n_problems = reader->n_problems;
  reader->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_vcard_problem_free);
  reader->n_problems = 0;
  return problems;
}

/* The property name at the start of a line, for messages ("PHOTO"), at most 40 characters. */
static char *
line_property_name (const char *line,
                    gsize       len)
{
  gsize n = 0;

  while (n < len && n < 40 && (g_ascii_isalnum (line[n]) || line[n] == '-' || line[n] == '.'))
    n++;
  return n > 0 ? g_ascii_strup (line, n) : g_strdup ("?");
}

static gboolean
set_too_large (GError    **error,
               guint       line,
               GString    *text)
{
  g_autofree char *name = line_property_name (text->str, text->len);

  g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_TOO_LARGE,
               _("Line %u (%s) is larger than 1 MiB. CustCare reads at most 1 MiB per line of a vCard, "
                 "so very large photos or attachments cannot be imported: export the contacts without "
                 "photos and try again."),
               line, name);
  return FALSE;
}

/* Windows programs (Outlook among them) may save contacts as UTF-16 with a byte order mark:
 * those are converted as they are read. A UTF-8 byte order mark is dropped. */
static gboolean
check_byte_order_mark (CustcareVcardReader  *reader,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_autoptr (GInputStream) buffered = g_buffered_input_stream_new (reader->stream);
  g_autoptr (GError) local_error = NULL;
  const guint8 *head;
  gsize len = 0;

  reader->stream_checked = TRUE;
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 4, cancellable, &local_error) < 0)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_FAILED, _("The file could not be read: %s"),
                     local_error->message);
      g_object_unref (reader->stream);
      reader->stream = g_steal_pointer (&buffered);
      return FALSE;
    }
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &len);
  g_object_unref (reader->stream);
  if (len >= 2 && ((head[0] == 0xff && head[1] == 0xfe) || (head[0] == 0xfe && head[1] == 0xff)))
    {
      g_autoptr (GCharsetConverter) converter = g_charset_converter_new ("UTF-8", "UTF-16", error);

      if (converter == NULL)
        {
          reader->stream = g_steal_pointer (&buffered);
          return FALSE;
        }
      reader->stream = g_converter_input_stream_new (buffered, G_CONVERTER (converter));
      return TRUE;
    }
  if (len >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
    {
      guint8 bom[3];

      if (g_input_stream_read (buffered, bom, 3, cancellable, error) != 3)
        {
          reader->stream = g_steal_pointer (&buffered);
          return FALSE;
        }
      reader->bytes_read += 3;
    }
  reader->stream = g_steal_pointer (&buffered);
  return TRUE;
}

/* Reads one physical line into @out without its line end. Returns 1, 0 at the end, -1 on error. */
static int
read_physical_line (CustcareVcardReader  *reader,
                    GString              *out,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean started = FALSE;

  if (!reader->stream_checked && !check_byte_order_mark (reader, cancellable, error))
    return -1;
  g_string_truncate (out, 0);
  for (;;)
    {
      const guint8 *start, *newline;
      gsize avail, take;

      if (reader->buf_pos == reader->buf_len)
        {
          gssize n;

          if (reader->eof)
            break;
          n = g_input_stream_read (reader->stream, reader->buf, READ_CHUNK, cancellable, &local_error);
          if (n < 0)
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                g_propagate_error (error, g_steal_pointer (&local_error));
              else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
                       g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
                g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_ENCODING,
                             _("The file is saved as UTF-16 text, but after line %u it is not valid UTF-16. "
                               "Save it as UTF-8 and import it again."),
                             reader->line_no);
              else
                g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_FAILED,
                             _("The file could not be read after line %u: %s"), reader->line_no,
                             local_error->message);
              return -1;
            }
          if (n == 0)
            {
              reader->eof = TRUE;
              break;
            }
          reader->buf_len = n;
          reader->buf_pos = 0;
          reader->bytes_read += n;
          continue;
        }

      started = TRUE;
      start = reader->buf + reader->buf_pos;
      avail = reader->buf_len - reader->buf_pos;
      newline = memchr (start, '\n', avail);
      take = newline != NULL ? (gsize) (newline - start) : avail;
      if (out->len + take > CUSTCARE_VCARD_MAX_PROPERTY_BYTES)
        {
          g_string_append_len (out, (const char *) start, MIN (take, 64));
          set_too_large (error, reader->line_no + 1, out);
          return -1;
        }
      g_string_append_len (out, (const char *) start, take);
      reader->buf_pos += take;
      if (newline != NULL)
        {
          reader->buf_pos++;
          break;
        }
    }

  if (!started)
    return 0;
  reader->line_no++;
  if (out->len > 0 && out->str[out->len - 1] == '\r')
    g_string_truncate (out, out->len - 1);
  if (memchr (out->str, '\0', out->len) != NULL)
    {
      g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_NOT_VCARD,
                   _("Line %u contains a NUL byte, which never appears in a vCard: this looks like a binary "
                     "file, not a contacts export."),
                   reader->line_no);
      return -1;
    }
  return 1;
}

static gboolean
is_blank (const GString *line)
{
  for (gsize i = 0; i < line->len; i++)
    if (!g_ascii_isspace (line->str[i]))
      return FALSE;
  return TRUE;
}

/* 2.1 quoted-printable values continue on the next line after a "=" at the end. */
static gboolean
line_is_quoted_printable (const GString *line)
{
  const char *colon = memchr (line->str, ':', line->len);
  gsize len = colon != NULL ? (gsize) (colon - line->str) : line->len;
  g_autofree char *head = g_ascii_strdown (line->str, len);

  return strstr (head, "quoted-printable") != NULL;
}

/* Unfolds: a line starting with a space or tab continues the one before. Blank lines are skipped. */
static int
next_logical_line (CustcareVcardReader  *reader,
                   GString              *logical,
                   guint                *line,
                   GCancellable         *cancellable,
                   GError              **error)
{
  gboolean qp;

  do
    {
      if (!reader->have_pending)
        {
          int r = read_physical_line (reader, reader->pending, cancellable, error);

          if (r <= 0)
            return r;
          reader->pending_line = reader->line_no;
        }
      reader->have_pending = FALSE;
    }
  while (is_blank (reader->pending));

  reader->seen_content = TRUE;
  g_string_assign (logical, reader->pending->str);
  *line = reader->pending_line;
  qp = line_is_quoted_printable (logical);

  for (;;)
    {
      int r = read_physical_line (reader, reader->pending, cancellable, error);
      GString *next = reader->pending;

      if (r < 0)
        return -1;
      if (r == 0)
        break;
      reader->pending_line = reader->line_no;
      /* A quoted-printable soft break first: there a leading space is text, not a fold. */
      if (qp && logical->len > 0 && logical->str[logical->len - 1] == '=')
        {
          if (logical->len + next->len > CUSTCARE_VCARD_MAX_PROPERTY_BYTES)
            {
              set_too_large (error, *line, logical);
              return -1;
            }
          g_string_truncate (logical, logical->len - 1);
          g_string_append_len (logical, next->str, next->len);
          continue;
        }
      if (next->len > 0 && (next->str[0] == ' ' || next->str[0] == '\t'))
        {
          if (logical->len + next->len > CUSTCARE_VCARD_MAX_PROPERTY_BYTES)
            {
              set_too_large (error, *line, logical);
              return -1;
            }
          g_string_append_len (logical, next->str + 1, next->len - 1);
          continue;
        }
      reader->have_pending = TRUE;
      break;
    }
  return 1;
}

/* Decoding */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

static GByteArray *
decode_quoted_printable (const char *text)
{
  GByteArray *out = g_byte_array_new ();

  for (const char *p = text; *p; p++)
    {
      guint8 byte = (guint8) *p;

      if (*p == '=' && p[1] != '\0' && p[2] != '\0' && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          byte = (guint8) (hex_value (p[1]) * 16 + hex_value (p[2]));
          p += 2;
        }
      else if (*p == '=' && p[1] == '\0')
        break; /* a soft break at the very end */
      g_byte_array_append (out, &byte, 1);
    }
  return out;
}

static GByteArray *
decode_base64 (const char *text)
{
  g_autofree char *clean = g_strdup (text);
  gsize j = 0, len = 0;
  guchar *data;

  for (gsize i = 0; clean[i]; i++)
    if (!g_ascii_isspace (clean[i]))
      clean[j++] = clean[i];
  clean[j] = '\0';
  data = g_base64_decode (clean, &len);
  return g_byte_array_new_take (data, len);
}

static Param *
find_param (Property   *prop,
            const char *name)
{
  for (guint i = 0; i < prop->params->len; i++)
    {
      Param *param = g_ptr_array_index (prop->params, i);

      if (g_str_equal (param->name, name))
        return param;
    }
  return NULL;
}

static Param *
get_or_add_param (GPtrArray  *params,
                  const char *name)
{
  Param *param;

  for (guint i = 0; i < params->len; i++)
    {
      param = g_ptr_array_index (params, i);
      if (g_str_equal (param->name, name))
        return param;
    }
  param = g_new0 (Param, 1);
  param->name = g_strdup (name);
  param->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (params, param);
  return param;
}

static gboolean
has_type (Property   *prop,
          const char *type)
{
  Param *param = find_param (prop, "TYPE");

  if (param == NULL)
    return FALSE;
  for (guint i = 0; i < param->values->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (param->values, i), type) == 0)
      return TRUE;
  return FALSE;
}

/* How preferred a TEL/EMAIL/ADR is: 4.0 PREF=1..100, 3.0 TYPE=pref (as 1). */
static int
pref_of (Property *prop)
{
  Param *param = find_param (prop, "PREF");

  if (param != NULL && param->values->len > 0)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (g_ptr_array_index (param->values, 0), 10, 1, 100, &value, NULL))
        return (int) value;
      return 1;
    }
  return has_type (prop, "pref") ? 1 : G_MAXINT;
}

/* Splits "NAME;PARAM=a,b;BARE:value" into @prop. Returns FALSE when the line is not a property. */
static gboolean
split_property (const char *line,
                guint       line_no,
                Property   *prop)
{
  const char *p = line;
  const char *name_start = p;
  g_autofree char *name = NULL;
  const char *dot;

  while (*p && (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_'))
    p++;
  if (p == name_start || (*p != ';' && *p != ':'))
    return FALSE;
  name = g_strndup (name_start, p - name_start);
  dot = strrchr (name, '.');
  if (dot != NULL)
    {
      prop->group = g_ascii_strdown (name, dot - name);
      prop->name = g_ascii_strup (dot + 1, -1);
    }
  else
    prop->name = g_ascii_strup (name, -1);
  if (*prop->name == '\0')
    return FALSE;
  prop->params = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
  prop->line = line_no;

  while (*p == ';')
    {
      const char *pname_start = ++p;
      g_autofree char *pname = NULL;

      while (*p && *p != '=' && *p != ';' && *p != ':')
        p++;
      pname = g_ascii_strup (pname_start, p - pname_start);
      g_strstrip (pname);
      if (*p != '=')
        {
          /* 2.1: a bare parameter is an encoding or a type. */
          if (*pname == '\0')
            continue;
          if (g_str_equal (pname, "QUOTED-PRINTABLE") || g_str_equal (pname, "BASE64") ||
              g_str_equal (pname, "8BIT") || g_str_equal (pname, "7BIT") || g_str_equal (pname, "B"))
            g_ptr_array_add (get_or_add_param (prop->params, "ENCODING")->values, g_strdup (pname));
          else
            g_ptr_array_add (get_or_add_param (prop->params, "TYPE")->values, g_ascii_strdown (pname, -1));
          continue;
        }
      p++; /* '=' */
      {
        Param *param = get_or_add_param (prop->params, pname);
        gboolean is_type = g_str_equal (pname, "TYPE");

        for (;;)
          {
            g_autofree char *value = NULL;

            if (*p == '"')
              {
                const char *start = ++p;

                while (*p && *p != '"')
                  p++;
                value = g_strndup (start, p - start);
                if (*p == '"')
                  p++;
              }
            else
              {
                const char *start = p;

                while (*p && *p != ',' && *p != ';' && *p != ':')
                  p++;
                value = g_strndup (start, p - start);
              }
            if (is_type)
              {
                /* TYPE="work,voice" is a list too. */
                g_auto (GStrv) parts = g_strsplit (value, ",", -1);

                for (guint i = 0; parts[i] != NULL; i++)
                  if (*g_strstrip (parts[i]) != '\0')
                    g_ptr_array_add (param->values, g_ascii_strdown (parts[i], -1));
              }
            else
              g_ptr_array_add (param->values, g_steal_pointer (&value));
            if (*p != ',')
              break;
            p++;
          }
      }
    }
  if (*p != ':')
    return FALSE;
  prop->value = g_strdup (p + 1);
  return TRUE;
}

/* Properties CustCare keeps; everything else is read past without decoding. */
static gboolean
is_kept_property (const char *name)
{
  static const char *kept[] = { "BEGIN", "END", "VERSION", "FN", "N", "ORG", "TEL", "EMAIL", "ADR", "BDAY",
                                "NOTE", "CATEGORIES", "X-ABLABEL" };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    if (g_str_equal (name, kept[i]))
      return TRUE;
  return FALSE;
}

/* Turns the value into UTF-8: transfer encoding first, then CHARSET. */
static gboolean
decode_value (Property  *prop,
              GError   **error)
{
  Param *encoding = find_param (prop, "ENCODING");
  Param *charset = find_param (prop, "CHARSET");
  g_autoptr (GByteArray) bytes = NULL;
  const char *enc = encoding != NULL && encoding->values->len > 0 ? g_ptr_array_index (encoding->values, 0) : "";

  if (g_ascii_strcasecmp (enc, "QUOTED-PRINTABLE") == 0)
    bytes = decode_quoted_printable (prop->value);
  else if (g_ascii_strcasecmp (enc, "B") == 0 || g_ascii_strcasecmp (enc, "BASE64") == 0)
    bytes = decode_base64 (prop->value);

  if (bytes != NULL)
    {
      if (bytes->len > 0 && memchr (bytes->data, '\0', bytes->len) != NULL)
        {
          g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_NOT_VCARD,
                       _("Line %u (%s) decodes to binary data, not text."), prop->line, prop->name);
          return FALSE;
        }
      g_free (prop->value);
      g_byte_array_append (bytes, (const guint8 *) "", 1);
      prop->value = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
    }

  if (charset != NULL && charset->values->len > 0 &&
      g_ascii_strcasecmp (g_ptr_array_index (charset->values, 0), "UTF-8") != 0 &&
      g_ascii_strcasecmp (g_ptr_array_index (charset->values, 0), "UTF8") != 0)
    {
      const char *from = g_ptr_array_index (charset->values, 0);
      g_autoptr (GError) local_error = NULL;
      g_autofree char *converted = g_convert (prop->value, -1, "UTF-8", from, NULL, NULL, &local_error);

      if (converted == NULL)
        {
          g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_ENCODING,
                       _("Line %u (%s) says its text is in the character set “%s”, but it cannot be read "
                         "as such. Save the file as UTF-8 and import it again."),
                       prop->line, prop->name, from);
          return FALSE;
        }
      g_free (prop->value);
      prop->value = g_steal_pointer (&converted);
    }

  /* Decoded text may carry CRLF or CR (=0D=0A): CustCare keeps plain line breaks. */
  {
    gsize j = 0;

    for (gsize i = 0; prop->value[i]; i++)
      {
        if (prop->value[i] == '\r')
          {
            prop->value[j++] = '\n';
            if (prop->value[i + 1] == '\n')
              i++;
          }
        else
          prop->value[j++] = prop->value[i];
      }
    prop->value[j] = '\0';
  }

  if (!g_utf8_validate (prop->value, -1, NULL))
    {
      g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_ENCODING,
                   _("Line %u (%s) is not UTF-8 text and does not say which character set it uses. Save "
                     "the file as UTF-8 (most contacts programs have this option when exporting) and "
                     "import it again."),
                   prop->line, prop->name);
      return FALSE;
    }
  return TRUE;
}

/* Text values */

static char *
unescape (const char *text,
          gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\\' && i + 1 < len)
        {
          char c = text[++i];

          if (c == 'n' || c == 'N')
            g_string_append_c (out, '\n');
          else if (c == '\\' || c == ',' || c == ';' || c == ':')
            g_string_append_c (out, c);
          else
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, c);
            }
        }
      else
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

/* Splits at unescaped @sep, unescaping each part unless @raw. */
static GStrv
split_at (const char *text,
          char        sep,
          gboolean    raw)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  gsize start = 0, i = 0;

  for (;; i++)
    {
      if (text[i] == '\\' && text[i + 1] != '\0')
        {
          i++;
          continue;
        }
      if (text[i] == sep || text[i] == '\0')
        {
          g_strv_builder_take (builder, raw ? g_strndup (text + start, i - start) : unescape (text + start, i - start));
          start = i + 1;
          if (text[i] == '\0')
            break;
        }
    }
  return g_strv_builder_end (builder);
}

static GStrv
split_unescape (const char *text,
                char        sep)
{
  return split_at (text, sep, FALSE);
}

/* Labels */

static gboolean
strv_has (const char * const *types,
          const char         *type)
{
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    if (g_ascii_strcasecmp (types[i], type) == 0)
      return TRUE;
  return FALSE;
}

const char *
_custcare_vcard_label_for_types (const char * const *types,
                                 gboolean            is_phone)
{
  gboolean work = strv_has (types, "work"), home = strv_has (types, "home");

  if (is_phone && strv_has (types, "fax"))
    return work ? _("Work fax") : home ? _("Home fax") : _("Fax");
  if (is_phone && (strv_has (types, "cell") || strv_has (types, "mobile") || strv_has (types, "iphone")))
    return _("Mobile");
  if (is_phone && strv_has (types, "pager"))
    return _("Pager");
  if (work)
    return _("Work");
  if (home)
    return _("Home");
  if (is_phone && strv_has (types, "main"))
    return _("Main");
  if (strv_has (types, "other") || strv_has (types, "x-other"))
    return _("Other");
  return "";
}

/* Apple and Google write custom labels as item1.X-ABLabel; Apple wraps its own as _$!<Mobile>!$_. */
static char *
label_from_ablabel (const char *text)
{
  g_autofree char *label = g_strstrip (g_strdup (text));

  while (strlen (label) >= 8 && g_str_has_prefix (label, "_$!<") && g_str_has_suffix (label, ">!$_"))
    {
      g_autofree char *inner = g_strndup (label + 4, strlen (label) - 8);
      const char *types[] = { NULL, NULL };
      g_autofree char *lower = g_ascii_strdown (inner, -1);
      const char *mapped;

      types[0] = lower;
      mapped = _custcare_vcard_label_for_types (types, TRUE);
      g_free (label);
      label = g_strstrip (g_strdup (*mapped ? mapped : inner));
    }
  return g_steal_pointer (&label);
}

/* Card properties */

static void
add_problem (CustcareVcardReader *reader,
             Card                *card,
             Property            *prop,
             const char          *value,
             const char          *message)
{
  _custcare_vcard_reader_add_problem (reader, CUSTCARE_VCARD_PROBLEM_VALUE_DROPPED, card->number, prop->line,
                                      prop->name, value, 0, message);
}

static gboolean
parse_digits (const char *s,
              gsize       n,
              int        *out)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      value = value * 10 + (s[i] - '0');
    }
  *out = value;
  return n > 0;
}

/* BDAY: 19840307, 1984-03-07, --0307, --03-07, 1984-03-07T10:00:00Z, 4.0 VALUE=text is refused. */
static gboolean
parse_bday (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  char *t = strchr (s, 'T');
  gsize len;
  g_autofree char *compact = NULL;
  int y = 0, m = 0, d = 0;
  g_autoptr (GError) error = NULL;

  if (t != NULL)
    *t = '\0';
  len = strlen (s);
  if (g_str_has_prefix (s, "--"))
    {
      /* --0307 or --03-07 */
      const char *body = s + 2;

      if (strlen (body) == 4 && parse_digits (body, 2, &m) && parse_digits (body + 2, 2, &d))
        ;
      else if (strlen (body) == 5 && body[2] == '-' && parse_digits (body, 2, &m) && parse_digits (body + 3, 2, &d))
        ;
      else
        return FALSE;
    }
  else if (len == 8 && parse_digits (s, 4, &y) && parse_digits (s + 4, 2, &m) && parse_digits (s + 6, 2, &d))
    ;
  else if (len == 10 && s[4] == '-' && s[7] == '-' && parse_digits (s, 4, &y) && parse_digits (s + 5, 2, &m) &&
           parse_digits (s + 8, 2, &d))
    ;
  else
    return FALSE;

  /* Apple writes a birthday without year as the year 1604. */
  if (y == 1604)
    y = 0;
  compact = custcare_birthday_format (y, m, d);
  if (m == 0 || d == 0 || !custcare_birthday_parse (compact, year, month, day, &error))
    return FALSE;
  return TRUE;
}

static char *
clean_phone (const char *text)
{
  g_autofree char *value = g_strstrip (g_strdup (text));
  g_autofree char *ext = NULL;
  char *semi;

  while (g_ascii_strncasecmp (value, "tel:", 4) == 0)
    memmove (value, value + 4, strlen (value + 4) + 1);
  /* tel:+1-555-0100;ext=12 */
  if ((semi = strchr (value, ';')) != NULL)
    {
      if (g_ascii_strncasecmp (semi, ";ext=", 5) == 0)
        ext = g_strdup (semi + 5);
      *semi = '\0';
    }
  if (ext != NULL && *ext)
    return g_strdup_printf ("%s ext. %s", value, ext);
  return g_steal_pointer (&value);
}

static GStrv
type_values (Property *prop)
{
  Param *param = find_param (prop, "TYPE");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  if (param != NULL)
    for (guint i = 0; i < param->values->len; i++)
      g_strv_builder_add (builder, g_ptr_array_index (param->values, i));
  return g_strv_builder_end (builder);
}

static gboolean
card_take_bytes (Card      *card,
                 gsize      len,
                 GError   **error)
{
  card->kept_bytes += len;
  if (card->kept_bytes > MAX_CARD_BYTES)
    {
      g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_TOO_LARGE,
                   _("The card that starts on line %u holds more than 4 MiB of text. No contact needs that "
                     "much: the file is damaged or not a contacts export."),
                   card->line);
      return FALSE;
    }
  return TRUE;
}

static gboolean
card_add_property (CustcareVcardReader  *reader,
                   Card                 *card,
                   Property             *prop,
                   GError              **error)
{
  const char *name = prop->name;

  if (!card_take_bytes (card, strlen (prop->value), error))
    return FALSE;

  if (g_str_equal (name, "FN"))
    {
      if (card->fn == NULL)
        card->fn = g_strstrip (unescape (prop->value, strlen (prop->value)));
    }
  else if (g_str_equal (name, "N"))
    {
      g_auto (GStrv) parts = split_at (prop->value, ';', TRUE);

      if (!card->have_n)
        {
          card->have_n = TRUE;
          for (guint i = 0; i < G_N_ELEMENTS (card->n) && parts[i] != NULL; i++)
            {
              /* Several given names are a list: "Anna,Maria"; an escaped comma is a comma. */
              g_auto (GStrv) names = split_unescape (parts[i], ',');
              g_autofree char *joined = g_strjoinv (" ", names);

              card->n[i] = g_strstrip (g_steal_pointer (&joined));
            }
        }
    }
  else if (g_str_equal (name, "ORG"))
    {
      g_auto (GStrv) parts = split_unescape (prop->value, ';');

      if (card->org == NULL && parts[0] != NULL)
        card->org = g_strstrip (g_strdup (parts[0]));
    }
  else if (g_str_equal (name, "TEL") || g_str_equal (name, "EMAIL"))
    {
      gboolean is_phone = g_str_equal (name, "TEL");
      g_autofree char *text = unescape (prop->value, strlen (prop->value));
      g_autofree char *value = is_phone ? clean_phone (text) : g_strstrip (g_strdup (text));
      g_auto (GStrv) types = type_values (prop);
      PendingContact *contact;

      while (!is_phone && g_ascii_strncasecmp (value, "mailto:", 7) == 0)
        memmove (value, value + 7, strlen (value + 7) + 1);
      g_strstrip (value);
      if (*value == '\0')
        return TRUE;
      if (is_phone ? !custcare_phone_is_valid (value) : !custcare_email_is_valid (value))
        {
          add_problem (reader, card, prop, value,
                       is_phone ? _("This is not a phone number (digits, spaces, a leading + and - ( ) . only); it "
                                    "is left out.")
                                : _("This is not an email address (it should look like name@example.com); it is "
                                    "left out."));
          return TRUE;
        }
      contact = g_new0 (PendingContact, 1);
      contact->value = g_steal_pointer (&value);
      contact->label = g_strdup (_custcare_vcard_label_for_types ((const char * const *) types, is_phone));
      contact->group = g_strdup (prop->group);
      contact->line = prop->line;
      contact->pref = pref_of (prop);
      g_ptr_array_add (is_phone ? card->phones : card->emails, contact);
    }
  else if (g_str_equal (name, "X-ABLABEL"))
    {
      if (prop->group != NULL)
        {
          g_autofree char *text = unescape (prop->value, strlen (prop->value));

          g_hash_table_replace (card->group_labels, g_strdup (prop->group), label_from_ablabel (text));
        }
    }
  else if (g_str_equal (name, "ADR"))
    {
      g_auto (GStrv) parts = split_unescape (prop->value, ';');
      int pref = pref_of (prop);
      gboolean empty = TRUE;

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          empty = FALSE;
      if (empty)
        return TRUE;
      if (card->have_adr && pref >= card->adr_pref)
        {
          add_problem (reader, card, prop, prop->value,
                       _("CustCare keeps one address per customer and this card has several; this one is left "
                         "out."));
          return TRUE;
        }
      if (card->have_adr)
        _custcare_vcard_reader_add_problem (reader, CUSTCARE_VCARD_PROBLEM_VALUE_DROPPED, card->number, card->adr_line,
                                            "ADR", card->adr_value,  0,
                                            _("CustCare keeps one address per customer and this card has several; "
                                              "this one is left out."));
      card->have_adr = TRUE;
      card->adr_pref = pref;
      card->adr_line = prop->line;
      g_free (card->adr_value);
      card->adr_value = g_strdup (prop->value);
      for (guint i = 0; i < G_N_ELEMENTS (card->adr); i++)
        g_clear_pointer (&card->adr[i], g_free);
      for (guint i = 0; i < G_N_ELEMENTS (card->adr) && parts[i] != NULL; i++)
        card->adr[i] = g_strdup (parts[i]);
    }
  else if (g_str_equal (name, "BDAY"))
    {
      int y, m, d;

      if (card->have_bday)
        return TRUE;
      if (!parse_bday (prop->value, &y, &m, &d))
        {
          add_problem (reader, card, prop, prop->value,
                       _("This is not a birthday CustCare can read (a full date like 1984-03-07, or a month and "
                         "day like --03-07); it is left out."));
          return TRUE;
        }
      card->have_bday = TRUE;
      card->bday[0] = y;
      card->bday[1] = m;
      card->bday[2] = d;
    }
  else if (g_str_equal (name, "NOTE"))
    {
      g_autofree char *text = unescape (prop->value, strlen (prop->value));

      g_strstrip (text);
      if (*text != '\0')
        {
          if (card->notes->len > 0)
            g_string_append_c (card->notes, '\n');
          g_string_append (card->notes, text);
        }
    }
  else if (g_str_equal (name, "CATEGORIES"))
    {
      g_auto (GStrv) tags = split_unescape (prop->value, ',');

      for (guint i = 0; tags[i] != NULL; i++)
        {
          g_strstrip (tags[i]);
          /* Google puts every contact in its system group "myContacts": not a tag the shop chose. */
          if (*tags[i] == '\0' || g_ascii_strcasecmp (tags[i], "myContacts") == 0)
            continue;
          if (g_utf8_strlen (tags[i], -1) > 40)
            {
              add_problem (reader, card, prop, tags[i],
                           _("Tags are short words like “VIP” or “wholesale” (at most 40 characters); this one "
                             "is left out."));
              continue;
            }
          g_ptr_array_add (card->tags, g_strdup (tags[i]));
        }
    }
  return TRUE;
}

static int
compare_pref (gconstpointer a,
              gconstpointer b)
{
  const PendingContact *ca = *(const PendingContact * const *) a;
  const PendingContact *cb = *(const PendingContact * const *) b;

  if (ca->pref != cb->pref)
    return ca->pref < cb->pref ? -1 : 1;
  return ca->line < cb->line ? -1 : ca->line > cb->line;
}

static char *
join_nonempty (const char *sep,
               ...)
{
  g_autoptr (GString) out = g_string_new (NULL);
  va_list args;
  const char *part;

  va_start (args, sep);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      if (*part == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, sep);
      g_string_append (out, part);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_strcmp0 (fa, fb) == 0;
}

/* FN becomes the display name only when it says more than N (or there is no N). */
static gboolean
fn_is_derived (Card *card)
{
  const char *family = card->n[0] ? card->n[0] : "", *given = card->n[1] ? card->n[1] : "";
  const char *additional = card->n[2] ? card->n[2] : "", *prefix = card->n[3] ? card->n[3] : "";
  const char *suffix = card->n[4] ? card->n[4] : "";
  /* What the customer's given name becomes: given and additional names. */
  g_autofree char *given_all = join_nonempty (" ", given, additional, NULL);
  g_autofree char *a = join_nonempty (" ", given_all, family, NULL);
  g_autofree char *b = join_nonempty (" ", family, given_all, NULL);
  g_autofree char *c = join_nonempty (", ", family, given_all, NULL);
  g_autofree char *d = join_nonempty (" ", prefix, given, additional, family, suffix, NULL);
  g_autofree char *e = join_nonempty (" ", given, additional, family, NULL);

  if (*a == '\0')
    return card->org != NULL && same_text (card->fn, card->org);
  return same_text (card->fn, a) || same_text (card->fn, b) || same_text (card->fn, c) || same_text (card->fn, d) ||
         same_text (card->fn, e);
}

static CustcareCustomer *
card_finish (CustcareVcardReader *reader,
             Card                *card)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autoptr (GError) error = NULL;

  if (card->have_n)
    {
      g_autofree char *given = join_nonempty (" ", card->n[1] ? card->n[1] : "", card->n[2] ? card->n[2] : "", NULL);

      custcare_customer_set_family_name (customer, card->n[0] ? card->n[0] : "");
      custcare_customer_set_given_name (customer, given);
    }
  if (card->fn != NULL && *card->fn != '\0' && !fn_is_derived (card))
    custcare_customer_set_display_name (customer, card->fn);
  if (card->org != NULL)
    custcare_customer_set_company (customer, card->org);
  if (card->have_adr)
    {
      g_autofree char *street = join_nonempty ("\n", card->adr[0] ? card->adr[0] : "", card->adr[2] ? card->adr[2] : "",
                                               card->adr[1] ? card->adr[1] : "", NULL);

      custcare_customer_set_address_street (customer, street);
      custcare_customer_set_address_locality (customer, card->adr[3] ? card->adr[3] : "");
      custcare_customer_set_address_region (customer, card->adr[4] ? card->adr[4] : "");
      custcare_customer_set_address_postal_code (customer, card->adr[5] ? card->adr[5] : "");
      custcare_customer_set_address_country (customer, card->adr[6] ? card->adr[6] : "");
    }
  if (card->have_bday)
    custcare_customer_set_birthday (customer, card->bday[0], card->bday[1], card->bday[2]);
  custcare_customer_set_notes (customer, card->notes->str);

  for (guint list = 0; list < 2; list++)
    {
      GPtrArray *contacts = list == 0 ? card->phones : card->emails;

      g_ptr_array_sort (contacts, compare_pref);
      for (guint i = 0; i < contacts->len; i++)
        {
          PendingContact *contact = g_ptr_array_index (contacts, i);
          const char *label = contact->label;

          if (contact->group != NULL && g_hash_table_contains (card->group_labels, contact->group))
            label = g_hash_table_lookup (card->group_labels, contact->group);
          if (list == 0)
            custcare_customer_add_phone (customer, label, contact->value);
          else
            custcare_customer_add_email (customer, label, contact->value);
        }
    }
  for (guint i = 0; i < card->tags->len; i++)
    custcare_customer_add_tag (customer, g_ptr_array_index (card->tags, i));

  if (!custcare_customer_validate (customer, &error))
    {
      const char *message = error->message;

      if (g_error_matches (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NO_NAME))
        message = _("This card has no name, company or email address to call the customer by (no FN, N or "
                    "ORG); it is left out.");
      _custcare_vcard_reader_add_problem (reader, CUSTCARE_VCARD_PROBLEM_CARD_SKIPPED, card->number, card->line, "",
                                          NULL, 0, message);
      return NULL;
    }
  return g_steal_pointer (&customer);
}

gboolean
_custcare_vcard_reader_next (CustcareVcardReader  *reader,
                             CustcareCustomer    **out_customer,
                             guint                *out_card,
                             guint                *out_line,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr (GString) line = g_string_new (NULL);
  Card card = { 0 };
  gboolean in_card = FALSE;
  guint line_no = 0;

  *out_customer = NULL;

  for (;;)
    {
      Property prop = { 0 };
      int r;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;
      r = next_logical_line (reader, line, &line_no, cancellable, error);
      if (r < 0)
        goto failed;
      if (r == 0)
        {
          if (in_card)
            {
              g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_UNTERMINATED,
                           _("The card that starts on line %u has no END:VCARD: the file seems to be cut short. "
                             "Export the contacts again and import the new file."),
                           card.line);
              goto failed;
            }
          if (!reader->seen_content)
            {
              g_set_error_literal (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_EMPTY,
                                   _("The file is empty: there are no contacts in it."));
              return FALSE;
            }
          return FALSE;
        }

      if (!split_property (line->str, line_no, &prop))
        {
          if (!in_card || !g_utf8_validate (line->str, line->len, NULL))
            {
              g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_NOT_VCARD,
                           in_card ? _("Line %u is not text: this file is not a vCard, or it is damaged.")
                                   : _("Line %u is not part of a contact card: a vCard file holds cards that start "
                                       "with BEGIN:VCARD and end with END:VCARD. Is this really a vCard (.vcf) "
                                       "file?"),
                           line_no);
              property_clear (&prop);
              goto failed;
            }
          {
            g_autofree char *value = g_strndup (line->str, 80);

            _custcare_vcard_reader_add_problem (reader, CUSTCARE_VCARD_PROBLEM_VALUE_DROPPED, card.number, line_no, "",
                                                value, 0,
                                                _("This line is not a vCard property (NAME:value); it is left out."));
          }
          property_clear (&prop);
          continue;
        }

      if (!in_card)
        {
          gboolean begin = g_str_equal (prop.name, "BEGIN") && g_ascii_strcasecmp (g_strstrip (prop.value), "VCARD") == 0;

          property_clear (&prop);
          if (!begin)
            {
              g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_NOT_VCARD,
                           _("Line %u is not part of a contact card: a vCard file holds cards that start with "
                             "BEGIN:VCARD and end with END:VCARD. Is this really a vCard (.vcf) file?"),
                           line_no);
              goto failed;
            }
          in_card = TRUE;
          card_init (&card, ++reader->n_cards, line_no);
          continue;
        }

      if (++card.n_properties > CUSTCARE_VCARD_MAX_PROPERTIES)
        {
          g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_TOO_LARGE,
                       _("The card that starts on line %u has more than %u lines. No contact needs that many: "
                         "the file is damaged or not a contacts export."),
                       card.line, (guint) CUSTCARE_VCARD_MAX_PROPERTIES);
          property_clear (&prop);
          goto failed;
        }

      if (!is_kept_property (prop.name))
        {
          property_clear (&prop);
          continue;
        }
      if (!decode_value (&prop, error))
        {
          property_clear (&prop);
          goto failed;
        }

      if (g_str_equal (prop.name, "BEGIN"))
        {
          g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_UNTERMINATED,
                       _("The card that starts on line %u has no END:VCARD before the next card on line %u. "
                         "The file is damaged: export the contacts again."),
                       card.line, line_no);
          property_clear (&prop);
          goto failed;
        }
      if (g_str_equal (prop.name, "END"))
        {
          property_clear (&prop);
          *out_customer = card_finish (reader, &card);
          *out_card = card.number;
          *out_line = card.line;
          card_clear (&card);
          return TRUE;
        }
      if (!card_add_property (reader, &card, &prop, error))
        {
          property_clear (&prop);
          goto failed;
        }
      property_clear (&prop);
    }

failed:
  if (in_card)
    card_clear (&card);
  return FALSE;
}

/**
 * custcare_vcard_parse_stream:
 *
 * Returns: (transfer full) (element-type CustcareCustomer): the customers, or %NULL with @error
 */
GPtrArray *
custcare_vcard_parse_stream (GInputStream  *stream,
                             GPtrArray    **out_problems,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr (CustcareVcardReader) reader = NULL;
  g_autoptr (GPtrArray) customers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) local_error = NULL;
  CustcareCustomer *customer;
  guint card, line;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  reader = _custcare_vcard_reader_new (stream);
  while (_custcare_vcard_reader_next (reader, &customer, &card, &line, cancellable, &local_error))
    if (customer != NULL)
      g_ptr_array_add (customers, customer);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (out_problems != NULL)
    *out_problems = _custcare_vcard_reader_steal_problems (reader, NULL);
  return g_steal_pointer (&customers);
}

GPtrArray *
custcare_vcard_parse (GBytes     *data,
                      GPtrArray **out_problems,
                      GError    **error)
{
  g_autoptr (GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (data);
  return custcare_vcard_parse_stream (stream, out_problems, NULL, error);
}
