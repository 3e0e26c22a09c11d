/* custcare-demo.h — a believable demo shop, for first runs, screenshots and trying things out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

/* How big the demo shop is. */
#define CUSTCARE_DEMO_CUSTOMERS 320

/* Fills an empty database with a demo shop: customers with contact details and tags, two years of
 * calls and visits with follow-ups, orders in every state with their status history, and loyalty
 * points earned, spent and adjusted. Everything goes through the same code as the app's own edits,
 * so the search index, status history and points ledger hold. The same @seed makes the same shop
 * (relative to today). Does nothing and sets *@out_created to FALSE when the database already has
 * customers: a demo never mixes with a real shop. */
gboolean custcare_demo_create (CustcareStore  *store,
                               guint32         seed,
                               gboolean       *out_created,
                               GError        **error);

G_END_DECLS
