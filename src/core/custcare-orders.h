/* custcare-orders.h — orders, their lines, and the fulfilment pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CustcareOrder is a plain record (custcare-orders.c): the fields of one `orders` row, its line
 * items, and the totals computed from them. The custcare_orders_* functions
 * (custcare-orders-repo.c) store and load orders and move them through the status pipeline:
 *
 *   new → confirmed → in progress → ready for pickup | shipped → completed
 *   cancelled from any state before completed; returned after ready, shipped or completed
 *
 * The rules live here, not in the UI: custcare_orders_change_status() refuses anything else.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_ORDER_ERROR (custcare_order_error_quark ())

typedef enum
{
  CUSTCARE_ORDER_ERROR_INVALID,
  CUSTCARE_ORDER_ERROR_ILLEGAL_TRANSITION,
  CUSTCARE_ORDER_ERROR_NOT_FOUND,
  CUSTCARE_ORDER_ERROR_REFUND,
  CUSTCARE_ORDER_ERROR_LOCKED,
  CUSTCARE_ORDER_ERROR_CHANGED,
} CustcareOrderError;

typedef enum
{
  CUSTCARE_ORDER_STATUS_NEW,
  CUSTCARE_ORDER_STATUS_CONFIRMED,
  CUSTCARE_ORDER_STATUS_IN_PROGRESS,
  CUSTCARE_ORDER_STATUS_READY,
  CUSTCARE_ORDER_STATUS_SHIPPED,
  CUSTCARE_ORDER_STATUS_COMPLETED,
  CUSTCARE_ORDER_STATUS_CANCELLED,
  CUSTCARE_ORDER_STATUS_RETURNED,
} CustcareOrderStatus;

#define CUSTCARE_ORDER_N_STATUSES 8

typedef enum
{
  CUSTCARE_FULFILMENT_PICKUP,
  CUSTCARE_FULFILMENT_DELIVERY,
} CustcareFulfilment;

GQuark      custcare_order_error_quark            (void);

/* The database spelling ("in-progress"), and the words a shop owner reads ("In progress"). */
const char *custcare_order_status_to_string       (CustcareOrderStatus  status);
gboolean    custcare_order_status_from_string     (const char          *text,
                                                   CustcareOrderStatus *out_status);
const char *custcare_order_status_get_label       (CustcareOrderStatus  status);
/* A verb for a button that moves an order into @status ("Mark Ready for Pickup"). */
const char *custcare_order_status_get_action_label (CustcareOrderStatus status);
gboolean    custcare_order_status_can_change      (CustcareOrderStatus  from,
                                                   CustcareOrderStatus  to);
/* Fills @out (CUSTCARE_ORDER_N_STATUSES entries) with the legal next states; returns how many. */
guint       custcare_order_status_next            (CustcareOrderStatus  from,
                                                   CustcareOrderStatus *out);
/* Still in the pipeline: new, confirmed, in progress. Only these can be overdue or edited. */
gboolean    custcare_order_status_is_open         (CustcareOrderStatus  status);
gboolean    custcare_order_status_check_change    (CustcareOrderStatus  from,
                                                   CustcareOrderStatus  to,
                                                   GError             **error);

const char *custcare_fulfilment_to_string         (CustcareFulfilment   fulfilment);
const char *custcare_fulfilment_get_label         (CustcareFulfilment   fulfilment);

/* One line of an order. */
typedef struct
{
  char   *description;
  gint64  quantity;
  gint64  unit_price;   /* minor units */
} CustcareOrderLine;

#define CUSTCARE_TYPE_ORDER_LINE (custcare_order_line_get_type ())

GType              custcare_order_line_get_type (void) G_GNUC_CONST;
CustcareOrderLine *custcare_order_line_new      (const char              *description,
                                                 gint64                   quantity,
                                                 gint64                   unit_price);
CustcareOrderLine *custcare_order_line_copy     (const CustcareOrderLine *line);
void               custcare_order_line_free     (CustcareOrderLine       *line);
/* quantity × unit price; FALSE if that is beyond what CustCare records. */
gboolean           custcare_order_line_get_amount (const CustcareOrderLine *line,
                                                   gint64                  *out_amount);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareOrderLine, custcare_order_line_free)

/* One row of an order's status history. */
typedef struct
{
  gint64  id;
  gint64  changed_at;
  char   *from_status;   /* NULL for the row written when the order was taken */
  char   *to_status;
  char   *note;
  gint64  refund;
} CustcareOrderHistoryEntry;

#define CUSTCARE_TYPE_ORDER_HISTORY_ENTRY (custcare_order_history_entry_get_type ())

GType custcare_order_history_entry_get_type (void) G_GNUC_CONST;
CustcareOrderHistoryEntry *custcare_order_history_entry_copy (const CustcareOrderHistoryEntry *entry);
void                       custcare_order_history_entry_free (CustcareOrderHistoryEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareOrderHistoryEntry, custcare_order_history_entry_free)

#define CUSTCARE_TYPE_ORDER (custcare_order_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOrder, custcare_order, CUSTCARE, ORDER, GObject)

CustcareOrder      *custcare_order_new                 (void);
CustcareOrder      *custcare_order_copy                (CustcareOrder       *self);

gint64              custcare_order_get_id              (CustcareOrder       *self);
const char         *custcare_order_get_number          (CustcareOrder       *self);
gint64              custcare_order_get_customer_id     (CustcareOrder       *self);
void                custcare_order_set_customer_id     (CustcareOrder       *self,
                                                        gint64               customer_id);
/* Read with the order, for lists and printing: what the shop calls the customer. */
const char         *custcare_order_get_customer_name   (CustcareOrder       *self);
gint64              custcare_order_get_placed_at       (CustcareOrder       *self);
void                custcare_order_set_placed_at       (CustcareOrder       *self,
                                                        gint64               placed_at);
CustcareOrderStatus custcare_order_get_status          (CustcareOrder       *self);
CustcareFulfilment  custcare_order_get_fulfilment      (CustcareOrder       *self);
void                custcare_order_set_fulfilment      (CustcareOrder       *self,
                                                        CustcareFulfilment   fulfilment);
/* 0 = no due date. */
gint64              custcare_order_get_due_at          (CustcareOrder       *self);
void                custcare_order_set_due_at          (CustcareOrder       *self,
                                                        gint64               due_at);
const char         *custcare_order_get_carrier         (CustcareOrder       *self);
void                custcare_order_set_carrier         (CustcareOrder       *self,
                                                        const char          *carrier);
const char         *custcare_order_get_tracking_number (CustcareOrder       *self);
void                custcare_order_set_tracking_number (CustcareOrder       *self,
                                                        const char          *tracking_number);
const char         *custcare_order_get_notes           (CustcareOrder       *self);
void                custcare_order_set_notes           (CustcareOrder       *self,
                                                        const char          *notes);
const char         *custcare_order_get_currency        (CustcareOrder       *self);
void                custcare_order_set_currency        (CustcareOrder       *self,
                                                        const char          *currency);
gint64              custcare_order_get_discount        (CustcareOrder       *self);
void                custcare_order_set_discount        (CustcareOrder       *self,
                                                        gint64               discount);
/* Sum of the lines, and that minus the discount (never below zero). */
gint64              custcare_order_get_subtotal        (CustcareOrder       *self);
gint64              custcare_order_get_total           (CustcareOrder       *self);
gint64              custcare_order_get_points_redeemed (CustcareOrder       *self);
gint64              custcare_order_get_points_value    (CustcareOrder       *self);
gint64              custcare_order_get_refunded        (CustcareOrder       *self);
/* What the customer paid in money: total − the value of points spent. */
gint64              custcare_order_get_paid            (CustcareOrder       *self);
/* What a return may still refund: paid − refunded so far. */
gint64              custcare_order_get_refundable      (CustcareOrder       *self);
gint64              custcare_order_get_completed_at    (CustcareOrder       *self);
gint64              custcare_order_get_created_at      (CustcareOrder       *self);
gint64              custcare_order_get_updated_at      (CustcareOrder       *self);
gboolean            custcare_order_is_overdue          (CustcareOrder       *self,
                                                        gint64               now);

GPtrArray          *custcare_order_get_lines           (CustcareOrder       *self);
void                custcare_order_add_line            (CustcareOrder       *self,
                                                        const char          *description,
                                                        gint64               quantity,
                                                        gint64               unit_price);
void                custcare_order_clear_lines         (CustcareOrder       *self);
gboolean            custcare_order_validate            (CustcareOrder       *self,
                                                        GError             **error);

/* The repository (custcare-orders-repo.c). */
gint64              custcare_orders_insert             (CustcareStore       *store,
                                                        CustcareOrder       *order,
                                                        GError             **error);
gboolean            custcare_orders_update             (CustcareStore       *store,
                                                        CustcareOrder       *order,
                                                        GError             **error);
CustcareOrder      *custcare_orders_get                (CustcareStore       *store,
                                                        gint64               id,
                                                        GError             **error);
gboolean            custcare_orders_change_status      (CustcareStore       *store,
                                                        gint64               order_id,
                                                        CustcareOrderStatus  expected_from,
                                                        CustcareOrderStatus  to,
                                                        gint64               refund,
                                                        const char          *note,
                                                        GError             **error);
GPtrArray          *custcare_orders_list_history       (CustcareStore       *store,
                                                        gint64               order_id,
                                                        GError             **error);
gint64              custcare_orders_count_overdue      (CustcareStore       *store,
                                                        GError             **error);
/* The number the next order will get ("ORD-00042"), without taking it. */
char               *custcare_orders_peek_next_number   (CustcareStore       *store);

G_END_DECLS
