/* custcare-orders.c — the order record and the rules of the status pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Totals are always derived from the lines here (integer minor units, overflow-checked), never
 * typed in, so an order's total cannot disagree with what it lists.
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-money.h"
#include "custcare-orders-private.h"

G_DEFINE_QUARK (custcare-order-error-quark, custcare_order_error)

static const char *const status_names[CUSTCARE_ORDER_N_STATUSES] = {
  "new", "confirmed", "in-progress", "ready", "shipped", "completed", "cancelled", "returned",
};

/* from × to: the whole pipeline in one table, so the rule is read in one place. */
#define N CUSTCARE_ORDER_N_STATUSES
static const gboolean transitions[N][N] = {
  /*                  new    conf   inprog ready  ship   compl  cancel return */
  /* new */         { FALSE, TRUE,  FALSE, FALSE, FALSE, FALSE, TRUE,  FALSE },
  /* confirmed */   { FALSE, FALSE, TRUE,  FALSE, FALSE, FALSE, TRUE,  FALSE },
  /* in-progress */ { FALSE, FALSE, FALSE, TRUE,  TRUE,  FALSE, TRUE,  FALSE },
  /* ready */       { FALSE, FALSE, FALSE, FALSE, FALSE, TRUE,  TRUE,  TRUE  },
  /* shipped */     { FALSE, FALSE, FALSE, FALSE, FALSE, TRUE,  TRUE,  TRUE  },
  /* completed */   { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE  },
  /* cancelled */   { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE },
  /* returned */    { FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE },
};
#undef N

const char *
custcare_order_status_to_string (CustcareOrderStatus status)
{
  g_return_val_if_fail (status < CUSTCARE_ORDER_N_STATUSES, "new");
  return status_names[status];
}

gboolean
custcare_order_status_from_string (const char          *text,
                                   CustcareOrderStatus *out_status)
{
  for (guint i = 0; text != NULL && i < CUSTCARE_ORDER_N_STATUSES; i++)
    if (g_str_equal (text, status_names[i]))
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
custcare_order_status_get_label (CustcareOrderStatus status)
{
  switch (status)
    {
    case CUSTCARE_ORDER_STATUS_NEW: return _("New");
    case CUSTCARE_ORDER_STATUS_CONFIRMED: return _("Confirmed");
    case CUSTCARE_ORDER_STATUS_IN_PROGRESS: return _("In progress");
    case CUSTCARE_ORDER_STATUS_READY: return _("Ready for pickup");
    case CUSTCARE_ORDER_STATUS_SHIPPED: return _("Shipped");
    case CUSTCARE_ORDER_STATUS_COMPLETED: return _("Completed");
    case CUSTCARE_ORDER_STATUS_CANCELLED: return _("Cancelled");
    case CUSTCARE_ORDER_STATUS_RETURNED: return _("Returned");
    default: return "";
    }
}

const char *
custcare_order_status_get_action_label (CustcareOrderStatus status)
{
  switch (status)
    {
    case CUSTCARE_ORDER_STATUS_CONFIRMED: return _("_Confirm");
    case CUSTCARE_ORDER_STATUS_IN_PROGRESS: return _("_Start Work");
    case CUSTCARE_ORDER_STATUS_READY: return _("_Ready for Pickup");
    case CUSTCARE_ORDER_STATUS_SHIPPED: return _("_Shipped");
    case CUSTCARE_ORDER_STATUS_COMPLETED: return _("Co_mplete");
    case CUSTCARE_ORDER_STATUS_CANCELLED: return _("C_ancel Order");
    case CUSTCARE_ORDER_STATUS_RETURNED: return _("Re_turn…");
    case CUSTCARE_ORDER_STATUS_NEW:
    default: return "";
    }
}

gboolean
custcare_order_status_can_change (CustcareOrderStatus from,
                                  CustcareOrderStatus to)
{
  if (from >= CUSTCARE_ORDER_N_STATUSES || to >= CUSTCARE_ORDER_N_STATUSES)
    return FALSE;
  return transitions[from][to];
}

guint
custcare_order_status_next (CustcareOrderStatus  from,
                            CustcareOrderStatus *out)
{
  guint n = 0;

  for (guint to = 0; to < CUSTCARE_ORDER_N_STATUSES; to++)
    if (custcare_order_status_can_change (from, to))
      out[n++] = to;
  return n;
}

gboolean
custcare_order_status_is_open (CustcareOrderStatus status)
{
  return status == CUSTCARE_ORDER_STATUS_NEW || status == CUSTCARE_ORDER_STATUS_CONFIRMED ||
         status == CUSTCARE_ORDER_STATUS_IN_PROGRESS;
}

/**
 * custcare_order_status_check_change:
 *
 * Returns: %TRUE if an order may move from @from to @to; otherwise %FALSE with a
 *   %CUSTCARE_ORDER_ERROR_ILLEGAL_TRANSITION message that names both states.
 */
gboolean
custcare_order_status_check_change (CustcareOrderStatus   from,
                                    CustcareOrderStatus   to,
                                    GError              **error)
{
  if (custcare_order_status_can_change (from, to))
    return TRUE;

  if (from == to)
    g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_ILLEGAL_TRANSITION,
                 _("The order is already %s."), custcare_order_status_get_label (to));
  else if (from == CUSTCARE_ORDER_STATUS_CANCELLED || from == CUSTCARE_ORDER_STATUS_RETURNED)
    g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_ILLEGAL_TRANSITION,
                 _("An order that is %s cannot become %s: it is closed."),
                 custcare_order_status_get_label (from), custcare_order_status_get_label (to));
  else if (to < from && to <= CUSTCARE_ORDER_STATUS_COMPLETED)
    g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_ILLEGAL_TRANSITION,
                 _("An order that is %s cannot go back to %s."),
                 custcare_order_status_get_label (from), custcare_order_status_get_label (to));
  else
    g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_ILLEGAL_TRANSITION,
                 _("An order that is %s cannot become %s."),
                 custcare_order_status_get_label (from), custcare_order_status_get_label (to));
  return FALSE;
}

const char *
custcare_fulfilment_to_string (CustcareFulfilment fulfilment)
{
  return fulfilment == CUSTCARE_FULFILMENT_DELIVERY ? "delivery" : "pickup";
}

const char *
custcare_fulfilment_get_label (CustcareFulfilment fulfilment)
{
  return fulfilment == CUSTCARE_FULFILMENT_DELIVERY ? _("Delivery") : _("Pickup");
}

/* Lines */

G_DEFINE_BOXED_TYPE (CustcareOrderLine, custcare_order_line, custcare_order_line_copy, custcare_order_line_free)

CustcareOrderLine *
custcare_order_line_new (const char *description,
                         gint64      quantity,
                         gint64      unit_price)
{
  CustcareOrderLine *line = g_new0 (CustcareOrderLine, 1);

  line->description = g_strdup (description != NULL ? description : "");
  line->quantity = quantity;
  line->unit_price = unit_price;
  return line;
}

CustcareOrderLine *
custcare_order_line_copy (const CustcareOrderLine *line)
{
  return custcare_order_line_new (line->description, line->quantity, line->unit_price);
}

void
custcare_order_line_free (CustcareOrderLine *line)
{
  if (line == NULL)
    return;
  g_free (line->description);
  g_free (line);
}

gboolean
custcare_order_line_get_amount (const CustcareOrderLine *line,
                                gint64                  *out_amount)
{
  return custcare_money_multiply (line->unit_price, line->quantity, out_amount);
}

G_DEFINE_BOXED_TYPE (CustcareOrderHistoryEntry, custcare_order_history_entry,
                     custcare_order_history_entry_copy, custcare_order_history_entry_free)

CustcareOrderHistoryEntry *
custcare_order_history_entry_copy (const CustcareOrderHistoryEntry *entry)
{
  CustcareOrderHistoryEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->from_status = g_strdup (entry->from_status);
  copy->to_status = g_strdup (entry->to_status);
  copy->note = g_strdup (entry->note);
  return copy;
}

void
custcare_order_history_entry_free (CustcareOrderHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->from_status);
  g_free (entry->to_status);
  g_free (entry->note);
  g_free (entry);
}

/* The record */

struct _CustcareOrder
{
  GObject             parent_instance;

  gint64              id;
  char               *number;
  gint64              customer_id;
  char               *customer_name;
  gint64              placed_at;
  CustcareOrderStatus status;
  CustcareFulfilment  fulfilment;
  gint64              due_at;
  char               *carrier;
  char               *tracking_number;
  char               *notes;
  char               *currency;
  gint64              discount;
  gint64              points_redeemed;
  gint64              points_value;
  gint64              refunded;
  gint64              completed_at;
  gint64              created_at;
  gint64              updated_at;
  GPtrArray          *lines;
  /* Totals as stored, for summaries read without their lines (lists). */
  gint64              stored_subtotal;
  gint64              stored_total;
  gboolean            lines_loaded;
};

G_DEFINE_FINAL_TYPE (CustcareOrder, custcare_order, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_CUSTOMER_ID,
  PROP_CUSTOMER_NAME,
  PROP_STATUS,
  PROP_DUE_AT,
  PROP_DISCOUNT,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CustcareOrder *
custcare_order_new (void)
{
  return g_object_new (CUSTCARE_TYPE_ORDER, NULL);
}

CustcareOrder *
custcare_order_copy (CustcareOrder *self)
{
  CustcareOrder *copy;

  g_return_val_if_fail (CUSTCARE_IS_ORDER (self), NULL);

  copy = custcare_order_new ();
  copy->id = self->id;
  copy->number = g_strdup (self->number);
  copy->customer_id = self->customer_id;
  copy->customer_name = g_strdup (self->customer_name);
  copy->placed_at = self->placed_at;
  copy->status = self->status;
  copy->fulfilment = self->fulfilment;
  copy->due_at = self->due_at;
  copy->carrier = g_strdup (self->carrier);
  copy->tracking_number = g_strdup (self->tracking_number);
  copy->notes = g_strdup (self->notes);
  copy->currency = g_strdup (self->currency);
  copy->discount = self->discount;
  copy->points_redeemed = self->points_redeemed;
  copy->points_value = self->points_value;
  copy->refunded = self->refunded;
  copy->completed_at = self->completed_at;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->stored_subtotal = self->stored_subtotal;
  copy->stored_total = self->stored_total;
  copy->lines_loaded = self->lines_loaded;
  for (guint i = 0; i < self->lines->len; i++)
    g_ptr_array_add (copy->lines, custcare_order_line_copy (g_ptr_array_index (self->lines, i)));
  return copy;
}

gint64 custcare_order_get_id (CustcareOrder *self) { return self->id; }
const char *custcare_order_get_number (CustcareOrder *self) { return self->number != NULL ? self->number : ""; }
gint64 custcare_order_get_customer_id (CustcareOrder *self) { return self->customer_id; }
const char *custcare_order_get_customer_name (CustcareOrder *self) { return self->customer_name != NULL ? self->customer_name : ""; }
gint64 custcare_order_get_placed_at (CustcareOrder *self) { return self->placed_at; }
CustcareOrderStatus custcare_order_get_status (CustcareOrder *self) { return self->status; }
CustcareFulfilment custcare_order_get_fulfilment (CustcareOrder *self) { return self->fulfilment; }
gint64 custcare_order_get_due_at (CustcareOrder *self) { return self->due_at; }
const char *custcare_order_get_carrier (CustcareOrder *self) { return self->carrier != NULL ? self->carrier : ""; }
const char *custcare_order_get_tracking_number (CustcareOrder *self) { return self->tracking_number != NULL ? self->tracking_number : ""; }
const char *custcare_order_get_notes (CustcareOrder *self) { return self->notes != NULL ? self->notes : ""; }
const char *custcare_order_get_currency (CustcareOrder *self) { return self->currency != NULL ? self->currency : ""; }
gint64 custcare_order_get_discount (CustcareOrder *self) { return self->discount; }
gint64 custcare_order_get_points_redeemed (CustcareOrder *self) { return self->points_redeemed; }
gint64 custcare_order_get_points_value (CustcareOrder *self) { return self->points_value; }
gint64 custcare_order_get_refunded (CustcareOrder *self) { return self->refunded; }
gint64 custcare_order_get_completed_at (CustcareOrder *self) { return self->completed_at; }
gint64 custcare_order_get_created_at (CustcareOrder *self) { return self->created_at; }
gint64 custcare_order_get_updated_at (CustcareOrder *self) { return self->updated_at; }
GPtrArray *custcare_order_get_lines (CustcareOrder *self) { return self->lines; }

void
custcare_order_set_customer_id (CustcareOrder *self,
                                gint64         customer_id)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));

  if (self->customer_id == customer_id)
    return;
  self->customer_id = customer_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}

void
custcare_order_set_placed_at (CustcareOrder *self,
                              gint64         placed_at)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));
  self->placed_at = placed_at;
}

void
custcare_order_set_fulfilment (CustcareOrder      *self,
                               CustcareFulfilment  fulfilment)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));
  self->fulfilment = fulfilment;
}

void
custcare_order_set_due_at (CustcareOrder *self,
                           gint64         due_at)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));

  if (self->due_at == due_at)
    return;
  self->due_at = due_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE_AT]);
}

void
custcare_order_set_carrier (CustcareOrder *self,
                            const char    *carrier)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));
  g_set_str (&self->carrier, carrier);
}

void
custcare_order_set_tracking_number (CustcareOrder *self,
                                    const char    *tracking_number)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));
  g_set_str (&self->tracking_number, tracking_number);
}

void
custcare_order_set_notes (CustcareOrder *self,
                          const char    *notes)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));
  g_set_str (&self->notes, notes);
}

void
custcare_order_set_currency (CustcareOrder *self,
                             const char    *currency)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));
  g_set_str (&self->currency, currency);
}

void
custcare_order_set_discount (CustcareOrder *self,
                             gint64         discount)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));

  if (self->discount == discount)
    return;
  self->discount = discount;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

/* Sums the lines; FALSE when the sum is beyond what CustCare records. */
static gboolean
sum_lines (CustcareOrder *self,
           gint64        *out_subtotal)
{
  gint64 sum = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      gint64 amount;

      if (!custcare_order_line_get_amount (g_ptr_array_index (self->lines, i), &amount) ||
          !custcare_money_add (sum, amount, &sum))
        return FALSE;
    }
  *out_subtotal = sum;
  return TRUE;
}

gint64
custcare_order_get_subtotal (CustcareOrder *self)
{
  gint64 subtotal;

  g_return_val_if_fail (CUSTCARE_IS_ORDER (self), 0);

  if (!self->lines_loaded)
    return self->stored_subtotal;
  return sum_lines (self, &subtotal) ? subtotal : CUSTCARE_MONEY_MAX;
}

gint64
custcare_order_get_total (CustcareOrder *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDER (self), 0);

  if (!self->lines_loaded)
    return self->stored_total;
  /* A discount larger than the goods makes the order free, never a payout. */
  return MAX (0, custcare_order_get_subtotal (self) - self->discount);
}

gint64
custcare_order_get_paid (CustcareOrder *self)
{
  return MAX (0, custcare_order_get_total (self) - self->points_value);
}

gint64
custcare_order_get_refundable (CustcareOrder *self)
{
  return MAX (0, custcare_order_get_paid (self) - self->refunded);
}

/**
 * custcare_order_is_overdue:
 * @now: UTC Unix seconds
 *
 * Past its due date and still in the pipeline (not ready, shipped, completed, cancelled or
 * returned): the shop has not kept its promise yet.
 */
gboolean
custcare_order_is_overdue (CustcareOrder *self,
                           gint64         now)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDER (self), FALSE);

  return self->due_at != 0 && self->due_at < now && custcare_order_status_is_open (self->status);
}

void
custcare_order_add_line (CustcareOrder *self,
                         const char    *description,
                         gint64         quantity,
                         gint64         unit_price)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));

  g_ptr_array_add (self->lines, custcare_order_line_new (description, quantity, unit_price));
  self->lines_loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

void
custcare_order_clear_lines (CustcareOrder *self)
{
  g_return_if_fail (CUSTCARE_IS_ORDER (self));

  g_ptr_array_set_size (self->lines, 0);
  self->lines_loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

gboolean
custcare_order_validate (CustcareOrder  *self,
                         GError        **error)
{
  gint64 subtotal;

  g_return_val_if_fail (CUSTCARE_IS_ORDER (self), FALSE);

  if (self->customer_id <= 0)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                   _("Choose the customer this order is for."));
      return FALSE;
    }
  if (self->lines->len == 0)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                   _("Add at least one line to the order."));
      return FALSE;
    }
  for (guint i = 0; i < self->lines->len; i++)
    {
      CustcareOrderLine *line = g_ptr_array_index (self->lines, i);
      g_autofree char *description = g_strstrip (g_strdup (line->description));

      if (*description == '\0')
        {
          g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                       _("Line %u has no description: say what is being sold."), i + 1);
          return FALSE;
        }
      if (line->quantity <= 0)
        {
          g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                       _("The quantity of “%s” must be at least 1."), line->description);
          return FALSE;
        }
      if (line->unit_price < 0)
        {
          g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                       _("The price of “%s” cannot be negative."), line->description);
          return FALSE;
        }
    }
  if (!sum_lines (self, &subtotal))
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                   _("The order adds up to more money than CustCare can record. Check the quantities and prices."));
      return FALSE;
    }
  if (self->discount < 0)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                   _("A discount cannot be negative."));
      return FALSE;
    }
  if (self->discount > subtotal)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                   _("The discount is larger than the order itself."));
      return FALSE;
    }
  return TRUE;
}

/* Private: filled in by the repository. */

void
_custcare_order_set_stored (CustcareOrder             *self,
                            const CustcareOrderStored *stored)
{
  self->id = stored->id;
  g_set_str (&self->number, stored->number);
  self->customer_id = stored->customer_id;
  g_set_str (&self->customer_name, stored->customer_name);
  self->placed_at = stored->placed_at;
  self->status = stored->status;
  self->fulfilment = stored->fulfilment;
  self->due_at = stored->due_at;
  g_set_str (&self->carrier, stored->carrier);
  g_set_str (&self->tracking_number, stored->tracking_number);
  g_set_str (&self->notes, stored->notes);
  g_set_str (&self->currency, stored->currency);
  self->stored_subtotal = stored->subtotal;
  self->discount = stored->discount;
  self->stored_total = stored->total;
  self->points_redeemed = stored->points_redeemed;
  self->points_value = stored->points_value;
  self->refunded = stored->refunded;
  self->completed_at = stored->completed_at;
  self->created_at = stored->created_at;
  self->updated_at = stored->updated_at;
  /* Until the repository adds the lines, totals are the stored ones. */
  g_ptr_array_set_size (self->lines, 0);
  self->lines_loaded = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_custcare_order_set_lines_loaded (CustcareOrder *self)
{
  self->lines_loaded = TRUE;
}

void
_custcare_order_set_identity (CustcareOrder *self,
                              gint64         id,
                              const char    *number,
                              gint64         placed_at,
                              gint64         created_at)
{
  self->id = id;
  g_set_str (&self->number, number);
  self->placed_at = placed_at;
  self->created_at = created_at;
  self->updated_at = created_at;
  self->status = CUSTCARE_ORDER_STATUS_NEW;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBER]);
}

static void
custcare_order_finalize (GObject *object)
{
  CustcareOrder *self = CUSTCARE_ORDER (object);

  g_free (self->number);
  g_free (self->customer_name);
  g_free (self->carrier);
  g_free (self->tracking_number);
  g_free (self->notes);
  g_free (self->currency);
  g_ptr_array_unref (self->lines);

  G_OBJECT_CLASS (custcare_order_parent_class)->finalize (object);
}

static void
custcare_order_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CustcareOrder *self = CUSTCARE_ORDER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NUMBER: g_value_set_string (value, custcare_order_get_number (self)); break;
    case PROP_CUSTOMER_ID: g_value_set_int64 (value, self->customer_id); break;
    case PROP_CUSTOMER_NAME: g_value_set_string (value, custcare_order_get_customer_name (self)); break;
    case PROP_STATUS: g_value_set_uint (value, self->status); break;
    case PROP_DUE_AT: g_value_set_int64 (value, self->due_at); break;
    case PROP_DISCOUNT: g_value_set_int64 (value, self->discount); break;
    case PROP_TOTAL: g_value_set_int64 (value, custcare_order_get_total (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_order_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CustcareOrder *self = CUSTCARE_ORDER (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER_ID: custcare_order_set_customer_id (self, g_value_get_int64 (value)); break;
    case PROP_DUE_AT: custcare_order_set_due_at (self, g_value_get_int64 (value)); break;
    case PROP_DISCOUNT: custcare_order_set_discount (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_order_class_init (CustcareOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = custcare_order_finalize;
  object_class->get_property = custcare_order_get_property;
  object_class->set_property = custcare_order_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, "", ro);
  properties[PROP_CUSTOMER_ID] = g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CUSTOMER_NAME] = g_param_spec_string ("customer-name", NULL, NULL, "", ro);
  properties[PROP_STATUS] = g_param_spec_uint ("status", NULL, NULL, 0, CUSTCARE_ORDER_N_STATUSES - 1, 0, ro);
  properties[PROP_DUE_AT] = g_param_spec_int64 ("due-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_DISCOUNT] = g_param_spec_int64 ("discount", NULL, NULL, 0, CUSTCARE_MONEY_MAX, 0, rw);
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
custcare_order_init (CustcareOrder *self)
{
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_order_line_free);
  self->lines_loaded = TRUE;
}
