/* test-loyalty-model.c — the loyalty rules as a plain in-memory model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written from the rules in DESIGN.md and custcare-loyalty.h, not from the code: points are a list
 * of events per customer, spending takes from the soonest-expiring points, and refunds are settled
 * against per-order counters. The property test checks the real ledger against this after every
 * step. Everything here is arrays and integers; nothing touches SQLite.
 */
#include "config.h"

#include <string.h>

#include "test-loyalty-model.h"

#define NEVER G_MAXINT64

typedef struct
{
  int    owner;
  gint64 delta;
  gint64 expires_at;  /* NEVER if these points never lapse */
} Event;

typedef struct
{
  gint64 expires_at;
  gint64 remaining;
} Held;

typedef struct
{
  int    merged_into;  /* -1 if not merged */
} Customer;

typedef struct
{
  int      customer;
  char     status[16];
  gint64   total;
  gint64   points_redeemed;
  gint64   points_value;
  gint64   refunded;
  gint64   completed_at;   /* 0 if never completed */
  gint64   earned;
  gboolean has_earn;
  gint64   taken;
  gint64   redeemed;
  gint64   restored;
} Order;

struct _Model
{
  gint64  earn_points, earn_spend, redeem_points, redeem_value, expiry_months;
  gint64  now;
  gint64  watermark;
  GArray *events;     /* in the order they happened */
  GArray *customers;
  GArray *orders;
};

static const struct { gint64 min_spend, multiplier_pct; } tiers[] = {
  { 150000, 150 }, { 50000, 125 }, { 0, 100 },
};

static gint64
add_months (gint64 when,
            int    months)
{
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_utc (when);
  g_autoptr (GDateTime) end = g_date_time_add_months (start, months);

  return g_date_time_to_unix (end);
}

Model *
model_new (gint64 earn_points,
           gint64 earn_spend,
           gint64 redeem_points,
           gint64 redeem_value,
           gint64 expiry_months)
{
  Model *model = g_new0 (Model, 1);

  model->earn_points = earn_points;
  model->earn_spend = earn_spend;
  model->redeem_points = redeem_points;
  model->redeem_value = redeem_value;
  model->expiry_months = expiry_months;
  model->watermark = G_MININT64;
  model->events = g_array_new (FALSE, FALSE, sizeof (Event));
  model->customers = g_array_new (FALSE, FALSE, sizeof (Customer));
  model->orders = g_array_new (FALSE, TRUE, sizeof (Order));
  return model;
}

void
model_free (Model *model)
{
  g_array_unref (model->events);
  g_array_unref (model->customers);
  g_array_unref (model->orders);
  g_free (model);
}

void
model_set_now (Model  *model,
               gint64  now)
{
  model->now = now;
}

void
model_set_watermark (Model  *model,
                     gint64  watermark)
{
  model->watermark = watermark;
}

static Order *
get_order (Model *model,
           int    order)
{
  return &g_array_index (model->orders, Order, order);
}

gint64
model_balance (Model *model,
               int    customer)
{
  gint64 sum = 0;

  for (guint i = 0; i < model->events->len; i++)
    {
      Event *e = &g_array_index (model->events, Event, i);
      if (e->owner == customer)
        sum += e->delta;
    }
  return sum;
}

static void
append (Model  *model,
        int     owner,
        gint64  delta,
        gint64  expires_at)
{
  Event e = { owner, delta, expires_at };

  g_assert_cmpint (delta, !=, 0);
  g_array_append_val (model->events, e);
  g_assert_cmpint (model_balance (model, owner), >=, 0);
}

/* How many points of each lapse date the customer still holds, sorted by date: every debit takes
 * from the earliest date first. */
static GArray *
holdings (Model *model,
          int    customer)
{
  GArray *held = g_array_new (FALSE, FALSE, sizeof (Held));

  for (guint i = 0; i < model->events->len; i++)
    {
      Event *e = &g_array_index (model->events, Event, i);

      if (e->owner != customer)
        continue;
      if (e->delta > 0)
        {
          Held lot = { e->expires_at, e->delta };
          guint at = 0;

          while (at < held->len && g_array_index (held, Held, at).expires_at <= lot.expires_at)
            at++;
          g_array_insert_val (held, at, lot);
        }
      else
        {
          gint64 need = -e->delta;

          for (guint j = 0; j < held->len && need > 0; j++)
            {
              Held *lot = &g_array_index (held, Held, j);
              gint64 used = MIN (need, lot->remaining);

              lot->remaining -= used;
              need -= used;
            }
        }
    }
  return held;
}

static gint64
lapsed (Model *model,
        int    customer)
{
  g_autoptr (GArray) held = NULL;
  gint64 sum = 0;

  if (model->expiry_months <= 0)
    return 0;
  held = holdings (model, customer);
  for (guint j = 0; j < held->len; j++)
    if (g_array_index (held, Held, j).expires_at <= model->now)
      sum += g_array_index (held, Held, j).remaining;
  return MIN (sum, model_balance (model, customer));
}

static void
expire (Model *model,
        int    customer)
{
  gint64 amount = lapsed (model, customer);

  if (amount > 0)
    append (model, customer, -amount, NEVER);
}

int
model_add_customer (Model *model)
{
  Customer c = { -1 };

  g_array_append_val (model->customers, c);
  return model->customers->len - 1;
}

gboolean
model_is_merged (Model *model,
                 int    customer)
{
  return g_array_index (model->customers, Customer, customer).merged_into >= 0;
}

int
model_add_order (Model  *model,
                 int     customer,
                 gint64  total)
{
  Order o = { 0 };

  o.customer = customer;
  o.total = total;
  strcpy (o.status, "new");
  g_array_append_val (model->orders, o);
  return model->orders->len - 1;
}

static gint64
paid (const Order *o)
{
  return MAX (o->total - o->points_value, 0);
}

/* Earned points to take back and spent points to give back, given the refunds so far. */
static void
owed (const Order *o,
      gint64      *take,
      gint64      *give)
{
  gint64 p = paid (o);

  if (strcmp (o->status, "cancelled") == 0 || (strcmp (o->status, "returned") == 0 && p == 0) ||
      (p > 0 && o->refunded >= p))
    {
      *take = o->earned;
      *give = o->redeemed;
    }
  else if (p > 0)
    {
      /* take = ceil (earned × refunded / paid); give = floor (redeemed × refunded / paid) */
      *take = o->earned * o->refunded / p + (o->earned * o->refunded % p != 0);
      *give = o->redeemed * o->refunded / p;
    }
  else
    *take = *give = 0;
}

static void
settle_take (Model *model,
             Order *o)
{
  gint64 take, give, want, bal;

  owed (o, &take, &give);
  want = take - o->taken;
  if (want <= 0)
    return;
  expire (model, o->customer);
  bal = model_balance (model, o->customer);
  if (MIN (want, bal) > 0)
    {
      append (model, o->customer, -MIN (want, bal), NEVER);
      o->taken += MIN (want, bal);
    }
}

static void
settle (Model *model,
        Order *o)
{
  gint64 take, give;

  owed (o, &take, &give);
  if (give > o->restored)
    {
      append (model, o->customer, give - o->restored, NEVER);
      o->restored = give;
    }
  settle_take (model, o);
}

static void
earn (Model *model,
      int    index)
{
  Order *o = get_order (model, index);
  gint64 since = add_months (model->now, -12);
  gint64 spend = 0, multiplier = 100, points;

  if (o->has_earn)
    return;
  for (guint i = 0; i < model->orders->len; i++)
    {
      Order *other = get_order (model, i);

      if ((int) i != index && other->customer == o->customer && other->completed_at > since &&
          other->completed_at <= model->now)
        spend += MAX (other->total - other->points_value - other->refunded, 0);
    }
  for (guint t = 0; t < G_N_ELEMENTS (tiers); t++)
    if (spend >= tiers[t].min_spend)
      {
        multiplier = tiers[t].multiplier_pct;
        break;
      }

  points = paid (o) * model->earn_points * multiplier / (model->earn_spend * 100);
  if (points <= 0)
    return;
  append (model, o->customer, points,
          model->expiry_months > 0 ? add_months (model->now, (int) model->expiry_months) : NEVER);
  o->earned = points;
  o->has_earn = TRUE;

  /* Points still owed on earlier refunds come out of these, oldest order first. */
  for (guint i = 0; i < model->orders->len; i++)
    {
      Order *other = get_order (model, i);

      if (other->customer == o->customer && other->has_earn &&
          (other->refunded > 0 || strcmp (other->status, "cancelled") == 0 ||
           strcmp (other->status, "returned") == 0))
        settle_take (model, other);
    }
}

void
model_change_status (Model      *model,
                     int         order,
                     const char *to_status,
                     gint64      refund)
{
  Order *o = get_order (model, order);

  g_strlcpy (o->status, to_status, sizeof o->status);
  o->refunded += refund;
  if (strcmp (to_status, "completed") == 0)
    {
      o->completed_at = model->now;
      earn (model, order);
    }
  settle (model, get_order (model, order));
}

void
model_rerun (Model *model,
             int    order)
{
  if (strcmp (get_order (model, order)->status, "completed") == 0)
    earn (model, order);
  settle (model, get_order (model, order));
}

gboolean
model_redeem_would_accept (Model  *model,
                           int     order,
                           gint64  points)
{
  Order *o = get_order (model, order);
  gint64 value;

  if (points <= 0 || strcmp (o->status, "completed") == 0 || strcmp (o->status, "cancelled") == 0 ||
      strcmp (o->status, "returned") == 0)
    return FALSE;
  value = points * model->redeem_value / model->redeem_points;
  return value > 0 && o->points_value + value <= o->total &&
         model_balance (model, o->customer) - lapsed (model, o->customer) >= points;
}

gboolean
model_redeem (Model  *model,
              int     order,
              gint64  points)
{
  Order *o = get_order (model, order);
  gint64 value;

  if (points <= 0 || strcmp (o->status, "completed") == 0 || strcmp (o->status, "cancelled") == 0 ||
      strcmp (o->status, "returned") == 0)
    return FALSE;
  value = points * model->redeem_value / model->redeem_points;
  if (value <= 0 || o->points_value + value > o->total)
    return FALSE;
  if (model_balance (model, o->customer) - lapsed (model, o->customer) < points)
    return FALSE;

  expire (model, o->customer);
  append (model, o->customer, -points, NEVER);
  o->redeemed += points;
  o->points_redeemed += points;
  o->points_value += value;
  return TRUE;
}

gboolean
model_adjust (Model  *model,
              int     customer,
              gint64  delta)
{
  if (delta == 0)
    return FALSE;
  if (delta < 0)
    {
      if (model_balance (model, customer) - lapsed (model, customer) + delta < 0)
        return FALSE;
      expire (model, customer);
    }
  append (model, customer, delta, NEVER);
  return TRUE;
}

void
model_merge (Model *model,
             int    from,
             int    into)
{
  for (guint i = 0; i < model->events->len; i++)
    if (g_array_index (model->events, Event, i).owner == from)
      g_array_index (model->events, Event, i).owner = into;
  for (guint i = 0; i < model->orders->len; i++)
    if (get_order (model, i)->customer == from)
      get_order (model, i)->customer = into;
  g_array_index (model->customers, Customer, from).merged_into = into;
}

/* The daily pass looks at customers holding points that lapsed since the previous pass. */
void
model_expiry_pass (Model *model)
{
  if (model->expiry_months <= 0)
    return;
  for (guint c = 0; c < model->customers->len; c++)
    {
      gboolean due = FALSE;

      for (guint i = 0; i < model->events->len; i++)
        {
          Event *e = &g_array_index (model->events, Event, i);

          if (e->owner == (int) c && e->expires_at != NEVER && e->expires_at > model->watermark &&
              e->expires_at <= model->now)
            due = TRUE;
        }
      if (due)
        expire (model, c);
    }
  model->watermark = MAX (model->watermark, model->now);
}

int
model_order_customer (Model *model,
                      int    order)
{
  return get_order (model, order)->customer;
}

const char *
model_order_status (Model *model,
                    int    order)
{
  return get_order (model, order)->status;
}

gint64
model_order_paid (Model *model,
                  int    order)
{
  return paid (get_order (model, order));
}

gint64
model_order_refunded (Model *model,
                      int    order)
{
  return get_order (model, order)->refunded;
}

gint64
model_order_total (Model *model,
                   int    order)
{
  return get_order (model, order)->total;
}

gint64
model_order_points_value (Model *model,
                          int    order)
{
  return get_order (model, order)->points_value;
}

void
model_order_points (Model  *model,
                    int     order,
                    gint64 *earned,
                    gint64 *taken,
                    gint64 *redeemed,
                    gint64 *restored)
{
  Order *o = get_order (model, order);

  *earned = o->earned;
  *taken = o->taken;
  *redeemed = o->redeemed;
  *restored = o->restored;
}
