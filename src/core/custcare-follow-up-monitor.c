/* custcare-follow-up-monitor.c — tells the app when a promised follow-up falls due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reminders come from the database, not from a service: the monitor asks for the soonest open
 * follow-up and arms one GLib timeout for it (or for local midnight, when "today" changes, or
 * CUSTCARE_FOLLOW_UP_MONITOR_MAX_SLEEP, whichever comes first). When it wakes it reports every
 * follow-up that fell due since the last check, exactly once, and arms the next timeout. Changes
 * made through custcare-interactions re-arm it at once.
 *
 * On start it reports the follow-ups already due, with the "at-start" flag set, so the app can
 * remind the user once of what was missed while it was closed.
 */
#define G_LOG_DOMAIN "custcare-follow-ups"

#include "config.h"

#include "custcare-follow-up-monitor.h"
#include "custcare-store-private.h"

struct _CustcareFollowUpMonitor
{
  GObject        parent_instance;

  CustcareStore *store;
  GTimeZone     *tz;
  gulong         watch_id;
  guint          timeout_id;
  guint          changed_idle;
  /* Everything due at or before this time has been reported. */
  gint64         reported_until;
  gint64         day_start;
  gint64         next_wakeup;
  gboolean       running;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_TIME_ZONE,
  PROP_RUNNING,
  PROP_NEXT_WAKEUP,
  N_PROPS
};

enum {
  FOLLOW_UP_DUE,
  DAY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CustcareFollowUpMonitor, custcare_follow_up_monitor, G_TYPE_OBJECT)

static void schedule (CustcareFollowUpMonitor *self,
                      gint64                   now);

static void
report_due (CustcareFollowUpMonitor *self,
            gint64                   now,
            gboolean                 at_start)
{
  g_autoptr (GPtrArray) due = NULL;
  g_autoptr (GError) error = NULL;

  due = custcare_follow_ups_list_due_between (self->store, self->reported_until, now, &error);
  if (due == NULL)
    {
      /* Try again on the next wake-up rather than losing these reminders. */
      g_warning ("Could not read follow-ups: %s", error->message);
      return;
    }
  self->reported_until = now;

  g_object_ref (self);
  for (guint i = 0; i < due->len && self->running; i++)
    g_signal_emit (self, signals[FOLLOW_UP_DUE], 0, g_ptr_array_index (due, i), at_start);
  g_object_unref (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  CustcareFollowUpMonitor *self = user_data;

  self->timeout_id = 0;
  custcare_follow_up_monitor_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (CustcareFollowUpMonitor *self,
          gint64                   now)
{
  g_autoptr (GError) error = NULL;
  gint64 next_due, day_end, wakeup;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!self->running)
    return;

  custcare_follow_up_get_day (now, self->tz, NULL, &day_end);
  wakeup = MIN (day_end, now + CUSTCARE_FOLLOW_UP_MONITOR_MAX_SLEEP);
  next_due = custcare_follow_ups_next_due (self->store, now, &error);
  if (error != NULL)
    g_warning ("Could not read follow-ups: %s", error->message);
  else if (next_due != 0 && next_due < wakeup)
    wakeup = next_due;
  wakeup = MAX (wakeup, now + 1);

  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((wakeup - now) * 1000),
                                         timeout_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timeout_id),
                            "[custcare] follow-up reminder");
  if (self->next_wakeup != wakeup)
    {
      self->next_wakeup = wakeup;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_WAKEUP]);
    }
}

/**
 * custcare_follow_up_monitor_check:
 *
 * Reports follow-ups that fell due since the last check and re-arms the timeout. Runs by itself;
 * call it to catch up at once (after resuming from suspend, or in tests after moving the clock).
 */
void
custcare_follow_up_monitor_check (CustcareFollowUpMonitor *self)
{
  gint64 now, day_start;

  g_return_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self));

  if (!self->running)
    return;

  g_object_ref (self);
  now = _custcare_store_now (self->store);
  report_due (self, now, FALSE);

  custcare_follow_up_get_day (now, self->tz, &day_start, NULL);
  if (self->running && day_start != self->day_start)
    {
      self->day_start = day_start;
      g_signal_emit (self, signals[DAY_CHANGED], 0);
    }
  schedule (self, now);
  g_object_unref (self);
}

static gboolean
changed_idle_cb (gpointer user_data)
{
  CustcareFollowUpMonitor *self = user_data;

  self->changed_idle = 0;
  custcare_follow_up_monitor_check (self);
  return G_SOURCE_REMOVE;
}

static void
interactions_changed_cb (gpointer user_data)
{
  CustcareFollowUpMonitor *self = user_data;

  if (self->running && self->changed_idle == 0)
    self->changed_idle = g_idle_add (changed_idle_cb, self);
}

/**
 * custcare_follow_up_monitor_start:
 *
 * Reports the follow-ups already due (#CustcareFollowUpMonitor::follow-up-due with at-start set),
 * then watches for the next ones.
 */
void
custcare_follow_up_monitor_start (CustcareFollowUpMonitor *self)
{
  gint64 now;

  g_return_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self));

  if (self->running)
    return;

  g_object_ref (self);
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  self->watch_id = custcare_interactions_watch (self->store, interactions_changed_cb, self);

  now = _custcare_store_now (self->store);
  custcare_follow_up_get_day (now, self->tz, &self->day_start, NULL);
  self->reported_until = G_MININT64;
  report_due (self, now, TRUE);
  if (self->reported_until == G_MININT64)
    self->reported_until = now;
  schedule (self, now);
  g_object_unref (self);
}

void
custcare_follow_up_monitor_stop (CustcareFollowUpMonitor *self)
{
  g_return_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->changed_idle, g_source_remove);
  if (self->watch_id != 0)
    custcare_interactions_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  self->next_wakeup = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_WAKEUP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
custcare_follow_up_monitor_get_running (CustcareFollowUpMonitor *self)
{
  g_return_val_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self), FALSE);
  return self->running;
}

gint64
custcare_follow_up_monitor_get_next_wakeup (CustcareFollowUpMonitor *self)
{
  g_return_val_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self), 0);
  return self->next_wakeup;
}

CustcareStore *
custcare_follow_up_monitor_get_store (CustcareFollowUpMonitor *self)
{
  g_return_val_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self), NULL);
  return self->store;
}

/**
 * custcare_follow_up_monitor_get_time_zone:
 *
 * Returns: (transfer none) (nullable): the zone whose midnight starts a new day, or %NULL for the
 *   user's local zone
 */
GTimeZone *
custcare_follow_up_monitor_get_time_zone (CustcareFollowUpMonitor *self)
{
  g_return_val_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self), NULL);
  return self->tz;
}

void
custcare_follow_up_monitor_set_time_zone (CustcareFollowUpMonitor *self,
                                          GTimeZone               *tz)
{
  g_return_if_fail (CUSTCARE_IS_FOLLOW_UP_MONITOR (self));

  if (self->tz == tz)
    return;
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz != NULL ? g_time_zone_ref (tz) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
  if (self->running)
    custcare_follow_up_monitor_check (self);
}

static void
custcare_follow_up_monitor_dispose (GObject *object)
{
  CustcareFollowUpMonitor *self = CUSTCARE_FOLLOW_UP_MONITOR (object);

  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->changed_idle, g_source_remove);
  if (self->watch_id != 0 && self->store != NULL)
    custcare_interactions_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  g_clear_object (&self->store);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (custcare_follow_up_monitor_parent_class)->dispose (object);
}

static void
custcare_follow_up_monitor_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  CustcareFollowUpMonitor *self = CUSTCARE_FOLLOW_UP_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->tz);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_NEXT_WAKEUP:
      g_value_set_int64 (value, self->next_wakeup);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_follow_up_monitor_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  CustcareFollowUpMonitor *self = CUSTCARE_FOLLOW_UP_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_TIME_ZONE:
      custcare_follow_up_monitor_set_time_zone (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_follow_up_monitor_class_init (CustcareFollowUpMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = custcare_follow_up_monitor_dispose;
  object_class->get_property = custcare_follow_up_monitor_get_property;
  object_class->set_property = custcare_follow_up_monitor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CUSTCARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL, G_TYPE_TIME_ZONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_WAKEUP] =
    g_param_spec_int64 ("next-wakeup", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CustcareFollowUpMonitor::follow-up-due:
   * @interaction: the interaction whose follow-up fell due
   * @at_start: %TRUE when it was already due when the monitor started
   */
  signals[FOLLOW_UP_DUE] =
    g_signal_new ("follow-up-due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CUSTCARE_TYPE_INTERACTION, G_TYPE_BOOLEAN);

  /**
   * CustcareFollowUpMonitor::day-changed:
   *
   * Local midnight passed: what is "today", "overdue" and "upcoming" moved.
   */
  signals[DAY_CHANGED] =
    g_signal_new ("day-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
custcare_follow_up_monitor_init (CustcareFollowUpMonitor *self)
{
}

CustcareFollowUpMonitor *
custcare_follow_up_monitor_new (CustcareStore *store)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  return g_object_new (CUSTCARE_TYPE_FOLLOW_UP_MONITOR, "store", store, NULL);
}
