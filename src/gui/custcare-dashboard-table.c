/* custcare-dashboard-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV follows RFC 4180: CRLF line ends, a cell with a comma, quote or line break is quoted and its
 * quotes doubled. Cells a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return) get a leading apostrophe, as OWASP advises for CSV injection, unless the whole
 * cell is a plain number such as "-3" or "4.5", which no spreadsheet runs.
 *
 * Printing cuts the table into pages by line count, as custcare-order-print.c does, repeating
 * the column headings on each page.
 */
#define G_LOG_DOMAIN "custcare-dashboard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "custcare-dashboard-table.h"

#define FONT_SIZE   9
#define LINE_HEIGHT 15.0

G_DEFINE_BOXED_TYPE (CustcareDashboardTable, custcare_dashboard_table, custcare_dashboard_table_ref,
                     custcare_dashboard_table_unref)

static void
table_clear (CustcareDashboardTable *self)
{
  g_free (self->title);
  g_free (self->subtitle);
  g_strfreev (self->headers);
  g_ptr_array_unref (self->rows);
  g_array_unref (self->customer_ids);
  g_array_unref (self->order_ids);
}

CustcareDashboardTable *
custcare_dashboard_table_new (const char         *title,
                              const char         *subtitle,
                              const char * const *headers,
                              guint               first_numeric)
{
  CustcareDashboardTable *self = g_rc_box_new0 (CustcareDashboardTable);

  g_return_val_if_fail (headers != NULL && headers[0] != NULL, NULL);

  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->headers = g_strdupv ((char **) headers);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->first_numeric = first_numeric;
  return self;
}

CustcareDashboardTable *
custcare_dashboard_table_ref (CustcareDashboardTable *self)
{
  return g_rc_box_acquire (self);
}

void
custcare_dashboard_table_unref (CustcareDashboardTable *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) table_clear);
}

void
custcare_dashboard_table_add_row (CustcareDashboardTable *self,
                                  gint64                  customer_id,
                                  gint64                  order_id,
                                  const char * const     *cells)
{
  guint n = g_strv_length (self->headers);
  GStrv row = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    row[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (self->rows, row);
  g_array_append_val (self->customer_ids, customer_id);
  g_array_append_val (self->order_ids, order_id);
}

guint
custcare_dashboard_table_get_n_rows (CustcareDashboardTable *self)
{
  return self->rows->len;
}

static gboolean
is_plain_number (const char *text)
{
  char *end = NULL;

  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  g_ascii_strtod (text, &end);
  return end != NULL && end != text && *end == '\0';
}

/**
 * custcare_csv_cell:
 *
 * Returns: (transfer full): @text as one CSV cell
 */
char *
custcare_csv_cell (const char *text)
{
  g_autoptr (GString) cell = g_string_new (NULL);
  gboolean quote;

  if (text == NULL)
    text = "";
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0' && !is_plain_number (text))
    g_string_append_c (cell, '\'');
  g_string_append (cell, text);
  quote = strpbrk (cell->str, ",\"\r\n") != NULL;
  if (!quote)
    return g_string_free (g_steal_pointer (&cell), FALSE);
  g_string_replace (cell, "\"", "\"\"", 0);
  g_string_prepend_c (cell, '"');
  g_string_append_c (cell, '"');
  return g_string_free (g_steal_pointer (&cell), FALSE);
}

static void
append_csv_line (GString            *out,
                 const char * const *cells)
{
  for (guint i = 0; cells[i] != NULL; i++)
    {
      g_autofree char *cell = custcare_csv_cell (cells[i]);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, cell);
    }
  g_string_append (out, "\r\n");
}

/**
 * custcare_dashboard_table_to_csv:
 *
 * Returns: (transfer full): the headings and every row, as CSV
 */
char *
custcare_dashboard_table_to_csv (CustcareDashboardTable *self)
{
  GString *out = g_string_new (NULL);

  append_csv_line (out, (const char * const *) self->headers);
  for (guint i = 0; i < self->rows->len; i++)
    append_csv_line (out, g_ptr_array_index (self->rows, i));
  return g_string_free (out, FALSE);
}

gboolean
custcare_dashboard_table_write_csv (CustcareDashboardTable  *self,
                                    const char              *path,
                                    GError                 **error)
{
  g_autofree char *csv = custcare_dashboard_table_to_csv (self);
  g_autoptr (GError) local_error = NULL;

  /* g_file_set_contents_full writes a temporary file, syncs it and renames it over @path, so a
   * crash or a full disk never leaves half a report where the old file was. */
  if (g_file_set_contents_full (path, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    return TRUE;
  g_set_error (error, local_error->domain, local_error->code,
               /* Translators: %s is why, as the system says it */
               _("The report could not be saved: %s. Choose another folder or free some disk space."),
               local_error->message);
  return FALSE;
}

static void
write_csv_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CustcareDashboardTable *self = task_data;
  g_autofree char *path = g_file_get_path (G_FILE (source_object));
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The report can only be saved to a folder on this computer."));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (custcare_dashboard_table_write_csv (self, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
custcare_dashboard_table_write_csv_async (CustcareDashboardTable *self,
                                          GFile                  *file,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_dashboard_table_write_csv_async);
  g_task_set_task_data (task, custcare_dashboard_table_ref (self), (GDestroyNotify) custcare_dashboard_table_unref);
  g_task_run_in_thread (task, write_csv_thread);
}

gboolean
custcare_dashboard_table_write_csv_finish (GAsyncResult  *result,
                                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Printing */

typedef struct
{
  CustcareDashboardTable *table;
  char                   *shop_name;
  guint                   lines_per_page;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  custcare_dashboard_table_unref (job->table);
  g_free (job->shop_name);
  g_free (job);
}

/* Lines before the first row on page 1: shop, title, subtitle, blank, headings. */
#define FIRST_PAGE_HEAD 5

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double height = gtk_print_context_get_height (context);
  guint rows = job->table->rows->len;
  guint first, later, pages = 1;

  /* One line kept free at the bottom for the footer. */
  job->lines_per_page = MAX (10, (guint) (height / LINE_HEIGHT) - 2);
  first = job->lines_per_page - FIRST_PAGE_HEAD;
  later = job->lines_per_page - 1;
  if (rows > first)
    pages += (rows - first + later - 1) / later;
  gtk_print_operation_set_n_pages (operation, (int) pages);
}

static void
draw_text (cairo_t        *cr,
           PangoLayout    *layout,
           const char     *text,
           double          x,
           double          y,
           double          width,
           PangoAlignment  alignment)
{
  if (text == NULL || *text == '\0')
    return;
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_cells (cairo_t                *cr,
            PangoLayout            *layout,
            CustcareDashboardTable *table,
            const char * const     *cells,
            double                  width,
            double                  y)
{
  guint n = g_strv_length (table->headers);
  /* The first column (a name, a month) takes what the figures leave. */
  double first = n == 1 ? width : n <= 3 ? width * 0.5 : width * 0.28;
  double other = n > 1 ? (width - first) / (n - 1) : 0;

  for (guint i = 0; i < n; i++)
    {
      double x = i == 0 ? 0 : first + (i - 1) * other;
      double w = (i == 0 ? first : other) - 4;

      draw_text (cr, layout, cells[i], x, y, w, i >= table->first_numeric && i > 0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    }
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  CustcareDashboardTable *table = job->table;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  g_autoptr (PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans");
  g_autofree char *footer = NULL;
  guint first = job->lines_per_page - FIRST_PAGE_HEAD;
  guint later = job->lines_per_page - 1;
  guint start, end;
  double y = 0;
  int n_pages = 1;

  cairo_set_source_rgb (cr, 0, 0, 0);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_font_description_set_size (font, FONT_SIZE * PANGO_SCALE);

  if (page_nr == 0)
    {
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, job->shop_name, 0, y, width, PANGO_ALIGN_LEFT);
      y += LINE_HEIGHT;
      pango_font_description_set_size (font, (FONT_SIZE + 4) * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, table->title, 0, y, width, PANGO_ALIGN_LEFT);
      y += LINE_HEIGHT * 1.3;
      pango_font_description_set_size (font, FONT_SIZE * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, table->subtitle, 0, y, width, PANGO_ALIGN_LEFT);
      y = LINE_HEIGHT * (FIRST_PAGE_HEAD - 1);
      start = 0;
      end = MIN (table->rows->len, first);
    }
  else
    {
      start = first + (page_nr - 1) * later;
      end = MIN (table->rows->len, start + later);
    }

  /* Headings, underlined, on every page. */
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  draw_cells (cr, layout, table, (const char * const *) table->headers, width, y);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, y + LINE_HEIGHT - 1);
  cairo_line_to (cr, width, y + LINE_HEIGHT - 1);
  cairo_stroke (cr);
  y += LINE_HEIGHT;

  pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  for (guint i = start; i < end; i++, y += LINE_HEIGHT)
    draw_cells (cr, layout, table, g_ptr_array_index (table->rows, i), width, y);

  g_object_get (operation, "n-pages", &n_pages, NULL);
  /* Translators: page numbers, "Page 1 of 2" */
  footer = g_strdup_printf (_("Page %d of %d"), page_nr + 1, n_pages);
  pango_font_description_set_size (font, (FONT_SIZE - 1) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  draw_text (cr, layout, table->title, 0, height - LINE_HEIGHT, width / 2, PANGO_ALIGN_LEFT);
  draw_text (cr, layout, footer, width / 2, height - LINE_HEIGHT, width / 2, PANGO_ALIGN_RIGHT);
}

/**
 * custcare_dashboard_table_print:
 *
 * Prints the table (title, period, headings, every row), or writes it as a PDF to
 * @export_filename without a dialog.
 */
gboolean
custcare_dashboard_table_print (CustcareDashboardTable  *self,
                                GtkWindow               *parent,
                                const char              *shop_name,
                                const char              *export_filename,
                                GError                 **error)
{
  g_autoptr (GtkPrintOperation) operation = gtk_print_operation_new ();
  GtkPrintOperationResult result;
  PrintJob *job = g_new0 (PrintJob, 1);

  job->table = custcare_dashboard_table_ref (self);
  job->shop_name = g_strdup (shop_name);

  gtk_print_operation_set_job_name (operation, self->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "custcare-print-job", job, (GDestroyNotify) print_job_free);

  if (export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_filename);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }
  else
    result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);

  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
