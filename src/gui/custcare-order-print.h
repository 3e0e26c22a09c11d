/* custcare-order-print.h — a packing slip / receipt for an order, and a customer's order summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "custcare-orders.h"

G_BEGIN_DECLS

/* @export_filename: (nullable): write a PDF there without asking (works offline, no printer);
 *   %NULL shows the print dialog. */
gboolean custcare_order_print_slip             (GtkWindow      *parent,
                                                CustcareStore  *store,
                                                gint64          order_id,
                                                const char     *export_filename,
                                                GError        **error);
gboolean custcare_order_print_customer_summary (GtkWindow      *parent,
                                                CustcareStore  *store,
                                                gint64          customer_id,
                                                const char     *export_filename,
                                                GError        **error);

G_END_DECLS
