/* custcare-import-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Import Customers, as a flow of pages: what the file holds (for a CSV file its format and one
 * row per column to say what that column is; for a vCard file the number of cards), the options,
 * a dry run that lists every row's problem before anything is written, and the import itself
 * with a progress bar and Cancel. Every step that reads the file or the database runs off the
 * main thread in the core (custcare-import.h, custcare-vcard.h); this file only shows it.
 */
#define G_LOG_DOMAIN "custcare-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-import-dialog.h"
#include "custcare-vcard.h"

struct _CustcareImportDialog
{
  AdwDialog              parent_instance;

  CustcareStore         *store;
  GFile                 *file;
  gboolean               is_vcard;
  CustcareImport        *import;
  GCancellable          *cancellable;
  GPtrArray             *column_rows;
  GtkStringList         *problems;
  GtkStringList         *field_names;
  char                  *summary;
  const char            *state;
  guint                  n_cards;
  guint                  n_would_add;
  gboolean               cancelled_check;

  AdwNavigationView     *navigation;
  GtkStack              *file_stack;
  AdwStatusPage         *reading_status;
  AdwStatusPage         *file_error_status;
  AdwActionRow          *file_row;
  AdwActionRow          *format_row;
  AdwActionRow          *rows_row;
  AdwPreferencesGroup   *date_group;
  AdwActionRow          *date_dmy_row;
  AdwActionRow          *date_mdy_row;
  GtkCheckButton        *date_dmy_check;
  GtkCheckButton        *date_mdy_check;
  AdwPreferencesGroup   *columns_group;
  AdwStatusPage         *vcard_status;
  GtkCheckButton        *skip_check;
  GtkCheckButton        *merge_check;
  AdwPreferencesGroup   *points_group;
  AdwSwitchRow          *points_row;
  GtkStack              *review_stack;
  GtkProgressBar        *check_progress;
  AdwStatusPage         *review_error_status;
  GtkLabel              *summary_label;
  GtkLabel              *problems_hint;
  GtkWidget             *problems_scroller;
  GtkListView           *problems_view;
  GtkButton             *next_button;
  GtkButton             *check_button;
  GtkButton             *import_button;
  GtkStack              *run_stack;
  GtkLabel              *run_label;
  GtkProgressBar        *run_progress;
  AdwStatusPage         *ended_status;
};

G_DEFINE_FINAL_TYPE (CustcareImportDialog, custcare_import_dialog, ADW_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_actions (CustcareImportDialog *self);

static void
set_state (CustcareImportDialog *self,
           const char           *state)
{
  self->state = state;
  update_actions (self);
}

static gboolean
is_busy (CustcareImportDialog *self)
{
  return g_strcmp0 (self->state, "reading") == 0 || g_strcmp0 (self->state, "checking") == 0 ||
         g_strcmp0 (self->state, "running") == 0;
}

static void
renew_cancellable (CustcareImportDialog *self)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static char *
dup_file_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return g_filename_display_name (base != NULL ? base : "");
}

static gboolean
looks_like_vcard (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name ? g_utf8_strdown (name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".vcf") || g_str_has_suffix (lower, ".vcard"));
}

static void
show_status_error (AdwStatusPage *page,
                   const char    *message)
{
  /* The description is markup; file names and values in messages are not. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (page, escaped);
}

static gboolean
column_mapped_to (CustcareImportDialog *self,
                  CustcareImportField   field)
{
  guint n = custcare_import_get_n_columns (self->import);

  for (guint i = 0; i < n; i++)
    if (custcare_import_get_column_field (self->import, i) == field)
      return TRUE;
  return FALSE;
}

/* Actions: what can be done at this step. */
static void
update_actions (CustcareImportDialog *self)
{
  gboolean file_ready = FALSE;
  gboolean review_ready = g_strcmp0 (self->state, "review") == 0 && self->n_would_add > 0;

  if (g_strcmp0 (self->state, "csv") == 0)
    file_ready = !custcare_import_get_date_order_ambiguous (self->import) ||
                 gtk_check_button_get_active (self->date_dmy_check) ||
                 gtk_check_button_get_active (self->date_mdy_check);
  else if (g_strcmp0 (self->state, "vcard") == 0)
    file_ready = self->n_cards > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.next", file_ready);
  /* A file that cannot be imported has no next step. */
  if (self->next_button != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->next_button), g_strcmp0 (self->state, "error") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.check", g_strcmp0 (self->state, "options") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", review_ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", is_busy (self));
  /* While the database is being written, closing means cancelling first (close-attempt). */
  adw_dialog_set_can_close (ADW_DIALOG (self), g_strcmp0 (self->state, "running") != 0);
}

static void
show_progress (CustcareImportDialog *self,
               double                fraction)
{
  GtkProgressBar *bar = g_strcmp0 (self->state, "running") == 0 ? self->run_progress : self->check_progress;

  gtk_progress_bar_set_fraction (bar, CLAMP (fraction, 0.0, 1.0));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  CustcareImportDialog *self = user_data;

  /* The core delivers progress in this (the main) thread. */
  show_progress (self, fraction);
}

/* Step 1, CSV: the format, and one row per column. */

static char *
dup_samples (CustcareImportDialog *self,
             guint                 column)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char * const *row;

  for (guint i = 0; (row = custcare_import_get_preview_row (self->import, i)) != NULL; i++)
    {
      if (column >= g_strv_length ((char **) row) || row[column] == NULL || *row[column] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, row[column]);
      if (out->len > 80)
        break;
    }
  if (out->len == 0)
    return g_strdup (_("Empty in the first rows"));
  /* Line breaks inside quoted cells would make the row grow. */
  g_strdelimit (out->str, "\r\n", ' ');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
update_points_option (CustcareImportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->points_group),
                          !self->is_vcard && column_mapped_to (self, CUSTCARE_IMPORT_FIELD_POINTS));
}

static void
column_field_changed_cb (AdwComboRow          *row,
                         GParamSpec           *pspec,
                         CustcareImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "custcare-column"));
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= CUSTCARE_IMPORT_N_FIELDS)
    return;
  custcare_import_set_column_field (self->import, column, (CustcareImportField) selected);
  update_points_option (self);
}

static void
add_column_rows (CustcareImportDialog *self)
{
  guint n = custcare_import_get_n_columns (self->import);

  for (guint i = 0; i < n; i++)
    {
      const char *header = custcare_import_get_column_header (self->import, i);
      g_autofree char *fallback = g_strdup_printf (_("Column %u"), i + 1);
      g_autofree char *samples = dup_samples (self, i);
      const char *title = header != NULL && *header != '\0' ? header : fallback;
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      /* Headers and values come from the file: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), samples);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (row, G_LIST_MODEL (self->field_names));
      adw_combo_row_set_selected (row, custcare_import_get_column_field (self->import, i));
      adw_combo_row_set_enable_search (row, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, samples, -1);
      g_object_set_data (G_OBJECT (row), "custcare-column", GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (column_field_changed_cb), self, 0);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->column_rows, row);
    }
}

/* "07/03/1984 is 7 March 1984", for the date-order question. */
static char *
dup_date_example (CustcareImportDialog *self,
                  CustcareDateOrder     order)
{
  guint n = custcare_import_get_n_columns (self->import);
  const char * const *row;

  for (guint r = 0; (row = custcare_import_get_preview_row (self->import, r)) != NULL; r++)
    for (guint c = 0; c < n && c < g_strv_length ((char **) row); c++)
      {
        CustcareImportField field = custcare_import_get_column_field (self->import, c);
        int year, month, day;
        g_autoptr (GDateTime) date = NULL;
        g_autofree char *shown = NULL;

        if ((field != CUSTCARE_IMPORT_FIELD_BIRTHDAY && field != CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE) ||
            row[c] == NULL || !custcare_import_parse_date (row[c], order, &year, &month, &day))
          continue;
        date = g_date_time_new_local (year > 0 ? year : 2000, month, day, 0, 0, 0);
        if (date == NULL)
          continue;
        /* Translators: a date in words, as in "7 March 1984"; %B is the month's name. */
        shown = g_date_time_format (date, year > 0 ? _("%-d %B %Y") : _("%-d %B"));
        /* Translators: "07/03/1984 is 7 March 1984" */
        return g_strdup_printf (_("%s is %s"), row[c], shown);
      }
  return NULL;
}

static void
show_csv (CustcareImportDialog *self)
{
  const CustcareCsvFormat *format = custcare_import_get_format (self->import);
  guint n_rows = custcare_import_get_n_rows (self->import);
  g_autofree char *format_text = NULL;
  g_autofree char *rows_text = NULL;

  /* Translators: what was detected in a CSV file: "UTF-8, comma separated, first row is the header" */
  format_text = g_strdup_printf (_("%s, %s separated, first row is the header"),
                                 custcare_csv_encoding_name (format->encoding),
                                 custcare_csv_delimiter_name (format->delimiter));
  adw_action_row_set_subtitle (self->format_row, format_text);
  rows_text = g_strdup_printf (ngettext ("%u row", "%u rows", n_rows), n_rows);
  adw_action_row_set_subtitle (self->rows_row, rows_text);

  if (custcare_import_get_date_order_ambiguous (self->import))
    {
      g_autofree char *dmy = dup_date_example (self, CUSTCARE_DATE_ORDER_DMY);
      g_autofree char *mdy = dup_date_example (self, CUSTCARE_DATE_ORDER_MDY);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->date_dmy_row), FALSE);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->date_mdy_row), FALSE);
      adw_action_row_set_subtitle (self->date_dmy_row, dmy ? dmy : _("As in most of Europe: 31/12/1984"));
      adw_action_row_set_subtitle (self->date_mdy_row, mdy ? mdy : _("As in the United States: 12/31/1984"));
      gtk_widget_set_visible (GTK_WIDGET (self->date_group), TRUE);
    }

  add_column_rows (self);
  update_points_option (self);
  gtk_stack_set_visible_child_name (self->file_stack, "csv");
  set_state (self, "csv");
}

static void
inspect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (CustcareImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!custcare_import_inspect_finish (CUSTCARE_IMPORT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_status_error (self->file_error_status, error->message);
      gtk_stack_set_visible_child_name (self->file_stack, "error");
      set_state (self, "error");
      return;
    }
  show_csv (self);
}

static void
date_order_toggled_cb (CustcareImportDialog *self)
{
  if (self->import == NULL)
    return;
  if (gtk_check_button_get_active (self->date_dmy_check))
    custcare_import_set_date_order (self->import, CUSTCARE_DATE_ORDER_DMY);
  else if (gtk_check_button_get_active (self->date_mdy_check))
    custcare_import_set_date_order (self->import, CUSTCARE_DATE_ORDER_MDY);
  update_actions (self);
}

/* Step 1, vCard: a dry run that adds every card tells how many cards the file holds, and
 * whether it can be read at all, before any choice is asked for. */
static void
vcard_count_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CustcareImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareVcardImportReport) report = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = dup_file_name (self->file);

  report = custcare_vcard_import_file_finish (CUSTCARE_STORE (source), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_status_error (self->file_error_status, error->message);
      gtk_stack_set_visible_child_name (self->file_stack, "error");
      set_state (self, "error");
      return;
    }
  self->n_cards = custcare_vcard_import_report_get_cards (report);
  title = g_strdup_printf (ngettext ("%u Contact Card", "%u Contact Cards", self->n_cards), self->n_cards);
  adw_status_page_set_title (self->vcard_status, title);
  show_status_error (self->vcard_status, name);
  gtk_stack_set_visible_child_name (self->file_stack, "vcard");
  set_state (self, "vcard");
}

static void
start_reading (CustcareImportDialog *self)
{
  set_state (self, "reading");
  if (self->is_vcard)
    custcare_vcard_import_file_async (self->store, self->file, CUSTCARE_VCARD_IMPORT_DRY_RUN,
                                      CUSTCARE_VCARD_DUPLICATES_ADD, self->cancellable, NULL, NULL,
                                      vcard_count_cb, g_object_ref (self));
  else
    custcare_import_inspect_async (self->import, self->file, self->cancellable, inspect_cb, g_object_ref (self));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (widget);

  adw_navigation_view_push_by_tag (self->navigation, "options");
}

/* Step 3: the dry run. */

static void
add_problem (CustcareImportDialog *self,
             const char           *where,
             const char           *what,
             const char           *value,
             const char           *reason)
{
  g_autofree char *title = what != NULL && *what != '\0'
                           /* Translators: "Row 5 · E-Mail": where a problem is */
                           ? g_strdup_printf (_("%s · %s"), where, what) : g_strdup (where);
  g_autofree char *details = value != NULL && *value != '\0'
                             /* Translators: "“anna@” — not an email address" */
                             ? g_strdup_printf (_("“%s” — %s"), value, reason) : g_strdup (reason);
  g_autofree char *line = g_strdup_printf ("%s\n%s", title, details);

  gtk_string_list_append (self->problems, line);
}

static void
clear_problems (CustcareImportDialog *self)
{
  gtk_string_list_splice (self->problems, 0, g_list_model_get_n_items (G_LIST_MODEL (self->problems)), NULL);
}

static void
show_review (CustcareImportDialog *self,
             guint                 n_add,
             guint                 n_merge,
             guint                 n_skipped_duplicates,
             guint                 n_problem_rows)
{
  g_autoptr (GString) summary = g_string_new (NULL);
  gboolean merge = gtk_check_button_get_active (self->merge_check);

  self->n_would_add = n_add + n_merge;
  g_string_append_printf (summary, ngettext ("%u customer will be added", "%u customers will be added", n_add), n_add);
  if (merge)
    {
      g_string_append (summary, ", ");
      g_string_append_printf (summary, ngettext ("%u merged", "%u merged", n_merge), n_merge);
    }
  else if (n_skipped_duplicates > 0)
    {
      g_string_append (summary, ", ");
      g_string_append_printf (summary, ngettext ("%u already in CustCare skipped", "%u already in CustCare skipped",
                                                 n_skipped_duplicates), n_skipped_duplicates);
    }
  if (n_problem_rows > 0)
    {
      g_string_append (summary, ", ");
      g_string_append_printf (summary,
                              self->is_vcard ? ngettext ("%u card has problems", "%u cards have problems", n_problem_rows)
                                             : ngettext ("%u row has problems", "%u rows have problems", n_problem_rows),
                              n_problem_rows);
    }
  g_set_str (&self->summary, summary->str);
  gtk_label_set_text (self->summary_label, summary->str);

  gtk_label_set_text (self->problems_hint,
                      self->is_vcard ? _("These values, and cards without a name, are left out. Import the rest, or fix "
                                         "the file and import it again.")
                                     : _("These rows are left out. Import the rest, or go back and change the columns, "
                                         "or fix the file and import it again."));
  gtk_widget_set_visible (GTK_WIDGET (self->problems_hint), n_problem_rows > 0);
  gtk_widget_set_visible (self->problems_scroller, g_list_model_get_n_items (G_LIST_MODEL (self->problems)) > 0);
  gtk_button_set_label (self->import_button, n_problem_rows > 0 ? _("_Import the Rest") : _("_Import"));
  gtk_stack_set_visible_child_name (self->review_stack, "result");
  set_state (self, "review");
}

static void
show_check_error (CustcareImportDialog *self,
                  const GError         *error)
{
  /* A check that was left (Back) before it ended, maybe with a new one running since. */
  if (g_strcmp0 (self->state, "checking") != 0)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        return;
      /* Cancel while checking: back to the options, as if Check had not been pressed. */
      set_state (self, "options");
      if (adw_navigation_view_get_visible_page (self->navigation) != NULL &&
          g_strcmp0 (adw_navigation_page_get_tag (adw_navigation_view_get_visible_page (self->navigation)), "review") == 0)
        adw_navigation_view_pop (self->navigation);
      return;
    }
  show_status_error (self->review_error_status, error->message);
  gtk_stack_set_visible_child_name (self->review_stack, "error");
  set_state (self, "check-error");
}

static void
csv_dry_run_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CustcareImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = custcare_import_dry_run_finish (CUSTCARE_IMPORT (source), result, &error);
  g_autoptr (GHashTable) invalid_rows = NULL;
  g_autoptr (GHashTable) duplicate_rows = NULL;
  guint n_rows, n_invalid, n_duplicates;

  if (problems == NULL)
    {
      show_check_error (self, error);
      return;
    }
  if (g_strcmp0 (self->state, "checking") != 0)
    return;

  invalid_rows = g_hash_table_new (NULL, NULL);
  duplicate_rows = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const CustcareImportProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *where = g_strdup_printf (_("Row %u"), p->row);

      if (p->kind == CUSTCARE_IMPORT_PROBLEM_INVALID)
        g_hash_table_add (invalid_rows, GUINT_TO_POINTER (p->row));
      else
        g_hash_table_add (duplicate_rows, GUINT_TO_POINTER (p->row));
      add_problem (self, where, p->column, p->value, p->reason);
    }
  /* A row that is both invalid and a duplicate is left out for its problem. */
  {
    GHashTableIter iter;
    gpointer row;

    g_hash_table_iter_init (&iter, invalid_rows);
    while (g_hash_table_iter_next (&iter, &row, NULL))
      g_hash_table_remove (duplicate_rows, row);
  }
  n_rows = custcare_import_get_n_rows (self->import);
  n_invalid = g_hash_table_size (invalid_rows);
  n_duplicates = g_hash_table_size (duplicate_rows);
  if (gtk_check_button_get_active (self->merge_check))
    show_review (self, n_rows - MIN (n_rows, n_invalid + n_duplicates), n_duplicates, 0, n_invalid);
  else
    show_review (self, n_rows - MIN (n_rows, n_invalid + n_duplicates), 0, n_duplicates, n_invalid);
}

static void
vcard_dry_run_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (CustcareImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareVcardImportReport) report = custcare_vcard_import_file_finish (CUSTCARE_STORE (source), result, &error);
  GPtrArray *problems;
  g_autoptr (GHashTable) problem_cards = NULL;

  if (report == NULL)
    {
      show_check_error (self, error);
      return;
    }
  if (g_strcmp0 (self->state, "checking") != 0)
    return;
  problems = custcare_vcard_import_report_get_problems (report);
  problem_cards = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const CustcareVcardProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *where = g_strdup_printf (_("Card %u (line %u)"), p->card, p->line);

      if (p->kind != CUSTCARE_VCARD_PROBLEM_DUPLICATE)
        g_hash_table_add (problem_cards, GUINT_TO_POINTER (p->card));
      add_problem (self, where, p->property, p->value, p->message);
    }
  if (custcare_vcard_import_report_get_n_problems (report) > problems->len)
    {
      guint more = custcare_vcard_import_report_get_n_problems (report) - problems->len;
      g_autofree char *line = g_strdup_printf (ngettext ("%u more problem\nNot listed", "%u more problems\nNot listed",
                                                         more), more);

      gtk_string_list_append (self->problems, line);
    }
  show_review (self, custcare_vcard_import_report_get_imported (report), custcare_vcard_import_report_get_merged (report),
               custcare_vcard_import_report_get_duplicates_skipped (report), g_hash_table_size (problem_cards));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (widget);
  gboolean merge = gtk_check_button_get_active (self->merge_check);

  clear_problems (self);
  g_clear_pointer (&self->summary, g_free);
  self->n_would_add = 0;
  gtk_progress_bar_set_fraction (self->check_progress, 0.0);
  gtk_stack_set_visible_child_name (self->review_stack, "checking");
  adw_navigation_view_push_by_tag (self->navigation, "review");
  renew_cancellable (self);
  set_state (self, "checking");

  if (self->is_vcard)
    {
      custcare_vcard_import_file_async (self->store, self->file, CUSTCARE_VCARD_IMPORT_DRY_RUN,
                                        merge ? CUSTCARE_VCARD_DUPLICATES_MERGE : CUSTCARE_VCARD_DUPLICATES_SKIP,
                                        self->cancellable, progress_cb, self, vcard_dry_run_cb, g_object_ref (self));
      return;
    }
  custcare_import_set_duplicates (self->import, merge ? CUSTCARE_IMPORT_DUPLICATES_MERGE : CUSTCARE_IMPORT_DUPLICATES_SKIP);
  custcare_import_set_problems (self->import, CUSTCARE_IMPORT_PROBLEMS_SKIP_ROWS);
  custcare_import_set_import_points (self->import, adw_switch_row_get_active (self->points_row));
  custcare_import_dry_run_async (self->import, self->store, progress_cb, g_object_ref (self), g_object_unref,
                                 self->cancellable, csv_dry_run_cb, g_object_ref (self));
}

static void
duplicates_toggled_cb (CustcareImportDialog *self)
{
  /* A dry run done with the other choice no longer says what will happen. */
  update_actions (self);
}

/* Step 4: the import. */

static void
show_ended (CustcareImportDialog *self,
            const char           *icon_name,
            const char           *title,
            const char           *description)
{
  adw_status_page_set_icon_name (self->ended_status, icon_name);
  adw_status_page_set_title (self->ended_status, title);
  show_status_error (self->ended_status, description);
  gtk_stack_set_visible_child_name (self->run_stack, "ended");
  set_state (self, "ended");
}

static void
run_failed (CustcareImportDialog *self,
            const GError         *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_ended (self, "process-stop-symbolic", _("Import Cancelled"),
                _("Nothing was imported. Your customers are exactly as they were before."));
  else
    {
      g_autofree char *description = g_strdup_printf (_("Nothing was imported: %s"), error->message);

      show_ended (self, "dialog-warning-symbolic", _("The Import Failed"), description);
    }
}

static void
imported (CustcareImportDialog *self,
          gint64                batch_id,
          guint                 n_added,
          guint                 n_merged)
{
  set_state (self, "done");
  g_signal_emit (self, signals[IMPORTED], 0, batch_id, n_added, n_merged);
  adw_dialog_force_close (ADW_DIALOG (self));
}

static void
csv_run_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (CustcareImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareImportResult) done = custcare_import_run_finish (CUSTCARE_IMPORT (source), result, &error);

  if (done == NULL)
    {
      run_failed (self, error);
      return;
    }
  imported (self, done->batch_id, done->n_imported, done->n_merged);
}

static void
vcard_run_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CustcareImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareVcardImportReport) report = custcare_vcard_import_file_finish (CUSTCARE_STORE (source), result, &error);

  if (report == NULL)
    {
      run_failed (self, error);
      return;
    }
  imported (self, custcare_vcard_import_report_get_batch_id (report), custcare_vcard_import_report_get_imported (report),
            custcare_vcard_import_report_get_merged (report));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (widget);
  g_autofree char *name = dup_file_name (self->file);
  g_autofree char *label = g_strdup_printf (_("Importing “%s”…"), name);
  gboolean merge = gtk_check_button_get_active (self->merge_check);

  gtk_label_set_text (self->run_label, label);
  gtk_progress_bar_set_fraction (self->run_progress, 0.0);
  gtk_stack_set_visible_child_name (self->run_stack, "running");
  adw_navigation_view_push_by_tag (self->navigation, "run");
  renew_cancellable (self);
  set_state (self, "running");

  if (self->is_vcard)
    custcare_vcard_import_file_async (self->store, self->file, CUSTCARE_VCARD_IMPORT_DEFAULT,
                                      merge ? CUSTCARE_VCARD_DUPLICATES_MERGE : CUSTCARE_VCARD_DUPLICATES_SKIP,
                                      self->cancellable, progress_cb, self, vcard_run_cb, g_object_ref (self));
  else
    custcare_import_run_async (self->import, self->store, progress_cb, g_object_ref (self), g_object_unref,
                               self->cancellable, csv_run_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
close_attempt_cb (CustcareImportDialog *self)
{
  /* Closing while the import writes: cancel it; the dialog then says nothing was imported. */
  g_cancellable_cancel (self->cancellable);
}

/* Enter does what the page's suggested button does. */
static void
update_default_widget (CustcareImportDialog *self)
{
  AdwNavigationPage *page = adw_navigation_view_get_visible_page (self->navigation);
  const char *tag = page ? adw_navigation_page_get_tag (page) : NULL;
  GtkButton *button = NULL;

  if (g_strcmp0 (tag, "file") == 0)
    button = self->next_button;
  else if (g_strcmp0 (tag, "options") == 0)
    button = self->check_button;
  else if (g_strcmp0 (tag, "review") == 0)
    button = self->import_button;
  adw_dialog_set_default_widget (ADW_DIALOG (self), GTK_WIDGET (button));
}

static void
navigation_popped_cb (CustcareImportDialog *self,
                      AdwNavigationPage    *page)
{
  update_default_widget (self);
  const char *tag = adw_navigation_page_get_tag (page);

  /* Back from the check (also while it runs): stop it, the options can be changed again. */
  if (g_strcmp0 (tag, "review") == 0)
    {
      g_cancellable_cancel (self->cancellable);
      set_state (self, "options");
    }
  else if (g_strcmp0 (tag, "options") == 0)
    set_state (self, self->is_vcard ? "vcard" : "csv");
}

static void
navigation_pushed_cb (CustcareImportDialog *self)
{
  AdwNavigationPage *page = adw_navigation_view_get_visible_page (self->navigation);

  update_default_widget (self);
  if (g_strcmp0 (adw_navigation_page_get_tag (page), "options") == 0)
    set_state (self, "options");
}

static void
setup_problem_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_problem_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const char *newline = strchr (text, '\n');
  g_autofree char *title = newline ? g_strndup (text, newline - text) : g_strdup (text);
  g_autofree char *accessible = NULL;

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), newline ? newline + 1 : "");
  accessible = g_strdelimit (g_strdup (text), "\n", ' ');
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

CustcareImportDialog *
custcare_import_dialog_new (CustcareStore *store,
                            GFile         *file)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (CUSTCARE_TYPE_IMPORT_DIALOG, "store", store, "file", file, NULL);
}

gboolean
custcare_import_dialog_is_vcard (CustcareImportDialog *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT_DIALOG (self), FALSE);

  return self->is_vcard;
}

const char *
custcare_import_dialog_get_state (CustcareImportDialog *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT_DIALOG (self), NULL);

  return self->state;
}

CustcareImport *
custcare_import_dialog_get_import (CustcareImportDialog *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT_DIALOG (self), NULL);

  return self->import;
}

GtkWidget *
custcare_import_dialog_get_column_row (CustcareImportDialog *self,
                                       guint                 column)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT_DIALOG (self), NULL);

  return column < self->column_rows->len ? g_ptr_array_index (self->column_rows, column) : NULL;
}

const char *
custcare_import_dialog_get_summary (CustcareImportDialog *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT_DIALOG (self), NULL);

  return self->summary;
}

GListModel *
custcare_import_dialog_get_problems (CustcareImportDialog *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT_DIALOG (self), NULL);

  return G_LIST_MODEL (self->problems);
}

static void
custcare_import_dialog_constructed (GObject *object)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (object);
  g_autofree char *name = dup_file_name (self->file);
  g_autoptr (GFileInfo) info = NULL;
  const char *content_type = NULL;

  G_OBJECT_CLASS (custcare_import_dialog_parent_class)->constructed (object);

  info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_STANDARD_FAST_CONTENT_TYPE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    content_type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_STANDARD_FAST_CONTENT_TYPE);
  self->is_vcard = looks_like_vcard (self->file) ||
                   (content_type != NULL && (g_content_type_is_a (content_type, "text/vcard") ||
                                             g_content_type_is_a (content_type, "text/x-vcard")));
  if (!self->is_vcard)
    self->import = custcare_import_new ();

  adw_dialog_set_title (ADW_DIALOG (self), name);
  adw_action_row_set_subtitle (self->file_row, name);
  start_reading (self);
}

static void
custcare_import_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_import_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_import_dialog_dispose (GObject *object)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (object);

  /* A job still running holds its own reference; it ends cancelled and finds nothing to show. */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (custcare_import_dialog_parent_class)->dispose (object);
}

static void
custcare_import_dialog_finalize (GObject *object)
{
  CustcareImportDialog *self = CUSTCARE_IMPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->import);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->problems);
  g_clear_object (&self->field_names);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (custcare_import_dialog_parent_class)->finalize (object);
}

static void
custcare_import_dialog_class_init (CustcareImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = custcare_import_dialog_constructed;
  object_class->get_property = custcare_import_dialog_get_property;
  object_class->set_property = custcare_import_dialog_set_property;
  object_class->dispose = custcare_import_dialog_dispose;
  object_class->finalize = custcare_import_dialog_finalize;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CUSTCARE_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CustcareImportDialog::imported:
   * @batch_id: the import batch, for custcare_import_revert()
   * @n_added: new customers
   * @n_merged: rows merged into customers already there
   *
   * The import was committed; the dialog closes right after.
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, navigation);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, file_stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, reading_status);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, file_error_status);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, rows_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, date_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, date_dmy_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, date_mdy_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, date_dmy_check);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, date_mdy_check);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, vcard_status);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, skip_check);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, merge_check);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, points_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, points_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, review_stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, check_progress);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, review_error_status);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, problems_hint);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, run_stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, run_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, run_progress);
  gtk_widget_class_bind_template_child (widget_class, CustcareImportDialog, ended_status);
  gtk_widget_class_bind_template_callback (widget_class, date_order_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, duplicates_toggled_cb);

  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
}

static void
custcare_import_dialog_init (CustcareImportDialog *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A spinner while the file is read (GtkBuilder takes a paintable property for a file name). */
  {
    g_autoptr (AdwSpinnerPaintable) spinner = adw_spinner_paintable_new (GTK_WIDGET (self->reading_status));

    adw_status_page_set_paintable (self->reading_status, GDK_PAINTABLE (spinner));
  }
  self->cancellable = g_cancellable_new ();
  self->column_rows = g_ptr_array_new ();
  self->problems = gtk_string_list_new (NULL);
  self->field_names = gtk_string_list_new (NULL);
  for (guint i = 0; i < CUSTCARE_IMPORT_N_FIELDS; i++)
    gtk_string_list_append (self->field_names, i == CUSTCARE_IMPORT_FIELD_IGNORE ? _("Don’t import")
                                                                                 : custcare_import_field_get_name (i));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_problem_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_problem_cb), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->problems)));
  gtk_list_view_set_model (self->problems_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->problems_view, factory);

  g_signal_connect_object (self, "close-attempt", G_CALLBACK (close_attempt_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->navigation, "popped", G_CALLBACK (navigation_popped_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->navigation, "pushed", G_CALLBACK (navigation_pushed_cb), self, G_CONNECT_SWAPPED);
  set_state (self, "reading");
}
