/* custcare-order-print.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both documents are built first as a list of printed lines (headings, text, table rows, totals),
 * all of one height, then cut into pages by count. That keeps pagination trivial to get right:
 * a long order simply continues on the next page, with the table heading repeated.
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer.h"
#include "custcare-money.h"
#include "custcare-order-print.h"
#include "custcare-order-row.h"
#include "custcare-orders-model.h"

#define FONT_SIZE     10
#define LINE_HEIGHT   16.0
#define MAX_SUMMARY   1000

typedef enum
{
  ENTRY_TITLE,      /* the shop's name */
  ENTRY_SUBTITLE,   /* what the document is */
  ENTRY_TEXT,
  ENTRY_TABLE_HEAD,
  ENTRY_TABLE_ROW,
  ENTRY_TOTAL,
  ENTRY_GRAND_TOTAL,
  ENTRY_SPACE,
} EntryKind;

typedef struct
{
  EntryKind  kind;
  char      *cells[4];
} Entry;

typedef struct
{
  GPtrArray *entries;
  Entry     *table_head;   /* repeated at the top of each further page */
  guint      lines_per_page;
  char      *footer;       /* "ORD-00012" or the customer's name, on every page */
} PrintJob;

static void
entry_free (Entry *entry)
{
  for (guint i = 0; i < G_N_ELEMENTS (entry->cells); i++)
    g_free (entry->cells[i]);
  g_free (entry);
}

static void
print_job_free (PrintJob *job)
{
  g_ptr_array_unref (job->entries);
  g_free (job->footer);
  g_free (job);
}

static Entry *
add_entry (PrintJob   *job,
           EntryKind   kind,
           const char *a,
           const char *b,
           const char *c,
           const char *d)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->kind = kind;
  entry->cells[0] = g_strdup (a);
  entry->cells[1] = g_strdup (b);
  entry->cells[2] = g_strdup (c);
  entry->cells[3] = g_strdup (d);
  g_ptr_array_add (job->entries, entry);
  return entry;
}

static guint
entry_lines (const Entry *entry)
{
  return entry->kind == ENTRY_TITLE ? 2 : 1;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double height = gtk_print_context_get_height (context);
  guint pages = 1, used = 0;

  /* One line kept free at the bottom for the page footer. */
  job->lines_per_page = MAX (8, (guint) (height / LINE_HEIGHT) - 2);
  for (guint i = 0; i < job->entries->len; i++)
    {
      guint n = entry_lines (g_ptr_array_index (job->entries, i));

      if (used + n > job->lines_per_page)
        {
          pages++;
          used = job->table_head != NULL ? 1 : 0;
        }
      used += n;
    }
  gtk_print_operation_set_n_pages (operation, (int) pages);
}

static void
draw_text (cairo_t              *cr,
           PangoLayout          *layout,
           const char           *text,
           double                x,
           double                y,
           double                width,
           PangoAlignment        alignment)
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
draw_entry (cairo_t         *cr,
            GtkPrintContext *context,
            const Entry     *entry,
            double           y)
{
  double width = gtk_print_context_get_width (context);
  g_autoptr (PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans");
  /* Description | quantity | unit price | amount; the first column takes what is left. */
  double col_x[4] = { 0, width * 0.52, width * 0.64, width * 0.82 };
  double col_w[4] = { width * 0.50, width * 0.12, width * 0.18, width * 0.18 };

  pango_font_description_set_size (font, FONT_SIZE * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  switch (entry->kind)
    {
    case ENTRY_TITLE:
      pango_font_description_set_size (font, 2 * FONT_SIZE * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, entry->cells[0], 0, y, width, PANGO_ALIGN_LEFT);
      break;

    case ENTRY_SUBTITLE:
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, entry->cells[0], 0, y, width * 0.6, PANGO_ALIGN_LEFT);
      draw_text (cr, layout, entry->cells[1], width * 0.6, y, width * 0.4, PANGO_ALIGN_RIGHT);
      break;

    case ENTRY_TEXT:
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, entry->cells[0], 0, y, width * 0.6, PANGO_ALIGN_LEFT);
      draw_text (cr, layout, entry->cells[1], width * 0.6, y, width * 0.4, PANGO_ALIGN_RIGHT);
      break;

    case ENTRY_TABLE_HEAD:
    case ENTRY_TABLE_ROW:
      if (entry->kind == ENTRY_TABLE_HEAD)
        {
          pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
          cairo_set_line_width (cr, 0.5);
          cairo_move_to (cr, 0, y + LINE_HEIGHT - 1);
          cairo_line_to (cr, width, y + LINE_HEIGHT - 1);
          cairo_stroke (cr);
        }
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, entry->cells[0], col_x[0], y, col_w[0], PANGO_ALIGN_LEFT);
      for (guint i = 1; i < 4; i++)
        draw_text (cr, layout, entry->cells[i], col_x[i], y, col_w[i], PANGO_ALIGN_RIGHT);
      break;

    case ENTRY_TOTAL:
    case ENTRY_GRAND_TOTAL:
      if (entry->kind == ENTRY_GRAND_TOTAL)
        {
          pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
          cairo_set_line_width (cr, 0.5);
          cairo_move_to (cr, col_x[2], y);
          cairo_line_to (cr, width, y);
          cairo_stroke (cr);
        }
      pango_layout_set_font_description (layout, font);
      draw_text (cr, layout, entry->cells[0], col_x[1], y, col_w[1] + col_w[2], PANGO_ALIGN_RIGHT);
      draw_text (cr, layout, entry->cells[1], col_x[3], y, col_w[3], PANGO_ALIGN_RIGHT);
      break;

    case ENTRY_SPACE:
    default:
      break;
    }
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int page = 0;
  guint used = 0;
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);

  for (guint i = 0; i < job->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (job->entries, i);
      guint n = entry_lines (entry);

      if (used + n > job->lines_per_page)
        {
          page++;
          used = 0;
          y = 0;
          if (page == page_nr && job->table_head != NULL)
            {
              draw_entry (cr, context, job->table_head, y);
              used = 1;
              y = LINE_HEIGHT;
            }
        }
      if (page == page_nr)
        draw_entry (cr, context, entry, y);
      else if (page > page_nr)
        break;
      used += n;
      y += n * LINE_HEIGHT;
    }

  /* Footer: which document, which page. */
  {
    g_autoptr (PangoLayout) layout = gtk_print_context_create_pango_layout (context);
    g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans 8");
    g_autofree char *pages = NULL;
    int n_pages = 1;
    double height = gtk_print_context_get_height (context);
    double width = gtk_print_context_get_width (context);

    g_object_get (operation, "n-pages", &n_pages, NULL);
    /* Translators: page numbers, "Page 1 of 2" */
    pages = g_strdup_printf (_("Page %d of %d"), page_nr + 1, n_pages);
    pango_layout_set_font_description (layout, font);
    draw_text (cr, layout, job->footer, 0, height - LINE_HEIGHT, width / 2, PANGO_ALIGN_LEFT);
    draw_text (cr, layout, pages, width / 2, height - LINE_HEIGHT, width / 2, PANGO_ALIGN_RIGHT);
  }
}

static char *
dup_shop_name (CustcareStore *store)
{
  g_autofree char *name = custcare_store_get_setting (store, "shop.name");

  if (name == NULL || *g_strstrip (name) == '\0')
    return g_strdup (_("CustCare"));
  return g_steal_pointer (&name);
}

static void
add_customer_block (PrintJob         *job,
                    CustcareCustomer *customer,
                    const char       *fallback_name)
{
  g_autofree char *title = customer != NULL ? custcare_customer_dup_title (customer) : g_strdup (fallback_name);
  g_autofree char *locality = NULL;
  const char *contact;

  add_entry (job, ENTRY_TEXT, title, NULL, NULL, NULL);
  if (customer == NULL)
    return;
  if (*custcare_customer_get_company (customer) != '\0' && g_strcmp0 (title, custcare_customer_get_company (customer)) != 0)
    add_entry (job, ENTRY_TEXT, custcare_customer_get_company (customer), NULL, NULL, NULL);
  if (*custcare_customer_get_address_street (customer) != '\0')
    add_entry (job, ENTRY_TEXT, custcare_customer_get_address_street (customer), NULL, NULL, NULL);
  locality = g_strstrip (g_strdup_printf ("%s %s", custcare_customer_get_address_postal_code (customer),
                                          custcare_customer_get_address_locality (customer)));
  if (*locality != '\0')
    add_entry (job, ENTRY_TEXT, locality, NULL, NULL, NULL);
  if (*custcare_customer_get_address_country (customer) != '\0')
    add_entry (job, ENTRY_TEXT, custcare_customer_get_address_country (customer), NULL, NULL, NULL);
  contact = custcare_customer_get_primary_phone (customer);
  if (contact != NULL && *contact != '\0')
    add_entry (job, ENTRY_TEXT, contact, NULL, NULL, NULL);
  contact = custcare_customer_get_primary_email (customer);
  if (contact != NULL && *contact != '\0')
    add_entry (job, ENTRY_TEXT, contact, NULL, NULL, NULL);
}

static void
add_money_total (PrintJob   *job,
                 EntryKind   kind,
                 const char *label,
                 gint64      amount,
                 const char *currency)
{
  g_autofree char *text = custcare_money_format (amount, currency);

  add_entry (job, kind, label, text, NULL, NULL);
}

static gboolean
run_job (GtkWindow   *parent,
         PrintJob    *job,
         const char  *job_name,
         const char  *export_filename,
         GError     **error)
{
  g_autoptr (GtkPrintOperation) operation = gtk_print_operation_new ();
  GtkPrintOperationResult result;

  gtk_print_operation_set_job_name (operation, job_name);
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

/**
 * custcare_order_print_slip:
 *
 * A packing slip that doubles as a receipt: the shop, the customer and where the order goes,
 * every line, and the totals including points and refunds.
 */
gboolean
custcare_order_print_slip (GtkWindow      *parent,
                           CustcareStore  *store,
                           gint64          order_id,
                           const char     *export_filename,
                           GError        **error)
{
  g_autoptr (CustcareOrder) order = NULL;
  g_autoptr (CustcareCustomer) customer = NULL;
  g_autofree char *shop = NULL;
  g_autofree char *placed = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *job_name = NULL;
  const char *currency;
  GPtrArray *lines;
  PrintJob *job;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  order = custcare_orders_get (store, order_id, error);
  if (order == NULL)
    return FALSE;
  customer = custcare_customer_repo_get (store, custcare_order_get_customer_id (order), NULL);
  currency = custcare_order_get_currency (order);
  shop = dup_shop_name (store);
  placed = custcare_order_format_date (custcare_order_get_placed_at (order));

  job = g_new0 (PrintJob, 1);
  job->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  job->footer = g_strdup_printf ("%s · %s", shop, custcare_order_get_number (order));

  add_entry (job, ENTRY_TITLE, shop, NULL, NULL, NULL);
  /* Translators: %s is an order number */
  heading = g_strdup_printf (_("Order %s"), custcare_order_get_number (order));
  add_entry (job, ENTRY_SUBTITLE, _("Packing Slip and Receipt"), heading, NULL, NULL);
  {
    /* Translators: %s is a date */
    g_autofree char *placed_text = g_strdup_printf (_("Placed %s"), placed);
    g_autofree char *status = g_strdup_printf (_("Status: %s"),
                                               custcare_order_status_get_label (custcare_order_get_status (order)));
    add_entry (job, ENTRY_TEXT, status, placed_text, NULL, NULL);
  }
  add_entry (job, ENTRY_SPACE, NULL, NULL, NULL, NULL);

  add_entry (job, ENTRY_SUBTITLE, _("Customer"), custcare_fulfilment_get_label (custcare_order_get_fulfilment (order)),
             NULL, NULL);
  add_customer_block (job, customer, custcare_order_get_customer_name (order));
  if (custcare_order_get_due_at (order) != 0)
    {
      g_autofree char *due = custcare_order_format_date (custcare_order_get_due_at (order));
      g_autofree char *due_text = g_strdup_printf (_("Due %s"), due);
      add_entry (job, ENTRY_TEXT, due_text, NULL, NULL, NULL);
    }
  if (*custcare_order_get_carrier (order) != '\0' || *custcare_order_get_tracking_number (order) != '\0')
    {
      g_autofree char *shipping = g_strdup_printf (_("Carrier: %s  Tracking number: %s"), custcare_order_get_carrier (order),
                                                   custcare_order_get_tracking_number (order));
      add_entry (job, ENTRY_TEXT, shipping, NULL, NULL, NULL);
    }
  add_entry (job, ENTRY_SPACE, NULL, NULL, NULL, NULL);

  job->table_head = add_entry (job, ENTRY_TABLE_HEAD, _("Item"), _("Quantity"), _("Unit Price"), _("Amount"));
  lines = custcare_order_get_lines (order);
  for (guint i = 0; i < lines->len; i++)
    {
      CustcareOrderLine *line = g_ptr_array_index (lines, i);
      g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, line->quantity);
      g_autofree char *unit = custcare_money_format (line->unit_price, currency);
      g_autofree char *amount_text = NULL;
      gint64 amount = 0;

      custcare_order_line_get_amount (line, &amount);
      amount_text = custcare_money_format (amount, currency);
      add_entry (job, ENTRY_TABLE_ROW, line->description, quantity, unit, amount_text);
    }
  add_entry (job, ENTRY_SPACE, NULL, NULL, NULL, NULL);

  add_money_total (job, ENTRY_TOTAL, _("Subtotal"), custcare_order_get_subtotal (order), currency);
  if (custcare_order_get_discount (order) > 0)
    add_money_total (job, ENTRY_TOTAL, _("Discount"), -custcare_order_get_discount (order), currency);
  add_money_total (job, ENTRY_GRAND_TOTAL, _("Total"), custcare_order_get_total (order), currency);
  if (custcare_order_get_points_value (order) > 0)
    {
      add_money_total (job, ENTRY_TOTAL, _("Paid with Points"), custcare_order_get_points_value (order), currency);
      add_money_total (job, ENTRY_TOTAL, _("Paid"), custcare_order_get_paid (order), currency);
    }
  if (custcare_order_get_refunded (order) > 0)
    add_money_total (job, ENTRY_TOTAL, _("Refunded"), custcare_order_get_refunded (order), currency);

  if (*custcare_order_get_notes (order) != '\0')
    {
      g_auto (GStrv) note_lines = g_strsplit (custcare_order_get_notes (order), "\n", -1);

      add_entry (job, ENTRY_SPACE, NULL, NULL, NULL, NULL);
      add_entry (job, ENTRY_SUBTITLE, _("Notes"), NULL, NULL, NULL);
      for (guint i = 0; note_lines[i] != NULL; i++)
        add_entry (job, ENTRY_TEXT, note_lines[i], NULL, NULL, NULL);
    }

  /* Translators: the name of a print job */
  job_name = g_strdup_printf (_("Order %s"), custcare_order_get_number (order));
  return run_job (parent, job, job_name, export_filename, error);
}

/**
 * custcare_order_print_customer_summary:
 *
 * Every order of one customer, newest first, with their status and the total spent (orders
 * that were cancelled do not count, refunds are taken off).
 */
gboolean
custcare_order_print_customer_summary (GtkWindow      *parent,
                                       CustcareStore  *store,
                                       gint64          customer_id,
                                       const char     *export_filename,
                                       GError        **error)
{
  g_autoptr (CustcareCustomer) customer = NULL;
  g_autoptr (CustcareOrdersModel) model = NULL;
  g_autofree char *shop = NULL;
  g_autofree char *title = NULL;
  g_autofree char *today = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *job_name = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 spent = 0;
  guint n;
  PrintJob *job;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  customer = custcare_customer_repo_get (store, customer_id, error);
  if (customer == NULL)
    return FALSE;
  title = custcare_customer_dup_title (customer);
  shop = dup_shop_name (store);
  currency = custcare_money_dup_shop_currency (store);
  today = custcare_order_format_date (g_get_real_time () / G_USEC_PER_SEC);

  model = custcare_orders_model_new (store);
  custcare_orders_model_set_customer_id (model, customer_id);
  if (!custcare_orders_model_reload (model, error))
    return FALSE;
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) < MAX_SUMMARY &&
         custcare_orders_model_load_more (model, &local_error))
    ;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  job = g_new0 (PrintJob, 1);
  job->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  job->footer = g_strdup_printf ("%s · %s", shop, title);

  add_entry (job, ENTRY_TITLE, shop, NULL, NULL, NULL);
  add_entry (job, ENTRY_SUBTITLE, _("Order Summary"), today, NULL, NULL);
  add_entry (job, ENTRY_SPACE, NULL, NULL, NULL, NULL);
  add_customer_block (job, customer, title);
  add_entry (job, ENTRY_SPACE, NULL, NULL, NULL, NULL);

  job->table_head = add_entry (job, ENTRY_TABLE_HEAD, _("Order"), _("Placed"), _("Status"), _("Total"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CustcareOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *placed = custcare_order_format_date (custcare_order_get_placed_at (order));
      g_autofree char *total = custcare_money_format (custcare_order_get_total (order), custcare_order_get_currency (order));
      CustcareOrderStatus status = custcare_order_get_status (order);

      add_entry (job, ENTRY_TABLE_ROW, custcare_order_get_number (order), placed,
                 custcare_order_status_get_label (status), total);
      if (status != CUSTCARE_ORDER_STATUS_CANCELLED)
        spent += custcare_order_get_total (order) - custcare_order_get_refunded (order);
    }
  if (n == 0)
    add_entry (job, ENTRY_TEXT, _("No orders yet."), NULL, NULL, NULL);
  add_entry (job, ENTRY_SPACE, NULL, NULL, NULL, NULL);
  {
    g_autofree char *count = g_strdup_printf (g_dngettext (NULL, "%u order", "%u orders", n), n);
    add_entry (job, ENTRY_TEXT, count, NULL, NULL, NULL);
  }
  add_money_total (job, ENTRY_GRAND_TOTAL, _("Total Spent"), spent, currency);

  /* Translators: the name of a print job, %s is a customer's name */
  job_name = g_strdup_printf (_("Orders of %s"), title);
  return run_job (parent, job, job_name, export_filename, error);
}
