/* custcare-customer-summary.c — one row of the customer list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a list row shows, and the sort keys the list model pages by. Immutable: a changed
 * customer is a new summary after the model reloads.
 */
#define G_LOG_DOMAIN "custcare-customer"

#include "config.h"

#include "custcare-customer-summary.h"

struct _CustcareCustomerSummary
{
  GObject  parent_instance;

  gint64   id;
  char    *title;
  char    *subtitle;
  char    *sort_name;
  gint64   last_interaction_at;
  gint64   created_at;
  gboolean archived;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_ARCHIVED,
  PROP_LAST_INTERACTION_AT,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CustcareCustomerSummary, custcare_customer_summary, G_TYPE_OBJECT)

static void
custcare_customer_summary_finalize (GObject *object)
{
  CustcareCustomerSummary *self = CUSTCARE_CUSTOMER_SUMMARY (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->sort_name);

  G_OBJECT_CLASS (custcare_customer_summary_parent_class)->finalize (object);
}

static void
custcare_customer_summary_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  CustcareCustomerSummary *self = CUSTCARE_CUSTOMER_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_SUBTITLE: g_value_set_string (value, self->subtitle); break;
    case PROP_ARCHIVED: g_value_set_boolean (value, self->archived); break;
    case PROP_LAST_INTERACTION_AT: g_value_set_int64 (value, self->last_interaction_at); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_customer_summary_class_init (CustcareCustomerSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = custcare_customer_summary_finalize;
  object_class->get_property = custcare_customer_summary_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, ro);
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_INTERACTION_AT] = g_param_spec_int64 ("last-interaction-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
custcare_customer_summary_init (CustcareCustomerSummary *self)
{
}

CustcareCustomerSummary *
_custcare_customer_summary_new (gint64      id,
                                const char *title,
                                const char *subtitle,
                                const char *sort_name,
                                gboolean    archived,
                                gint64      last_interaction_at,
                                gint64      created_at)
{
  CustcareCustomerSummary *self = g_object_new (CUSTCARE_TYPE_CUSTOMER_SUMMARY, NULL);

  self->id = id;
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->sort_name = g_strdup (sort_name);
  self->archived = archived;
  self->last_interaction_at = last_interaction_at;
  self->created_at = created_at;
  return self;
}

gint64
custcare_customer_summary_get_id (CustcareCustomerSummary *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_SUMMARY (self), 0);
  return self->id;
}

const char *
custcare_customer_summary_get_title (CustcareCustomerSummary *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_SUMMARY (self), NULL);
  return self->title;
}

const char *
custcare_customer_summary_get_subtitle (CustcareCustomerSummary *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_SUMMARY (self), NULL);
  return self->subtitle;
}

const char *
custcare_customer_summary_get_sort_name (CustcareCustomerSummary *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_SUMMARY (self), NULL);
  return self->sort_name;
}

gboolean
custcare_customer_summary_get_archived (CustcareCustomerSummary *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_SUMMARY (self), FALSE);
  return self->archived;
}

gint64
custcare_customer_summary_get_last_interaction_at (CustcareCustomerSummary *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_SUMMARY (self), 0);
  return self->last_interaction_at;
}

gint64
custcare_customer_summary_get_created_at (CustcareCustomerSummary *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_SUMMARY (self), 0);
  return self->created_at;
}
