/* custcare-interaction-timeline.c — one customer's interactions, newest first, paged on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer with years of calls can have thousands of interactions. The model knows how many
 * there are (an index-only count) but reads rows only when a view asks for them, a page at a time,
 * each page continuing from the last row of the one before (keyset paging), so a page deep in the
 * history costs what the first one does. It reloads itself when interactions change.
 */
#define G_LOG_DOMAIN "custcare-interactions"

#include "config.h"

#include "custcare-interaction-timeline.h"

struct _CustcareInteractionTimeline
{
  GObject        parent_instance;

  CustcareStore *store;
  gint64         customer_id;
  gulong         watch_id;
  guint          n_items;
  GPtrArray     *loaded;        /* the first rows, newest first */
  guint          reload_idle;
};

enum {
  PROP_0,
  PROP_CUSTOMER_ID,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CustcareInteractionTimeline, custcare_interaction_timeline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return CUSTCARE_TYPE_INTERACTION;
}

static guint
get_n_items (GListModel *model)
{
  return CUSTCARE_INTERACTION_TIMELINE (model)->n_items;
}

static gboolean
load_next_page (CustcareInteractionTimeline *self)
{
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GError) error = NULL;
  CustcareInteraction *last = self->loaded->len > 0 ? g_ptr_array_index (self->loaded, self->loaded->len - 1) : NULL;

  page = custcare_interactions_list_page (self->store, self->customer_id, last,
                                          CUSTCARE_INTERACTION_TIMELINE_PAGE_SIZE, &error);
  if (page == NULL)
    {
      g_warning ("Could not read interactions: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (self->loaded, g_object_ref (g_ptr_array_index (page, i)));
  return page->len > 0;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CustcareInteractionTimeline *self = CUSTCARE_INTERACTION_TIMELINE (model);

  if (position >= self->n_items)
    return NULL;
  while (position >= self->loaded->len)
    if (!load_next_page (self))
      return NULL;
  return g_object_ref (g_ptr_array_index (self->loaded, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/**
 * custcare_interaction_timeline_reload:
 *
 * Reads the count again and forgets loaded rows; views re-read what they show.
 */
void
custcare_interaction_timeline_reload (CustcareInteractionTimeline *self)
{
  g_autoptr (GError) error = NULL;
  guint old_n_items;

  g_return_if_fail (CUSTCARE_IS_INTERACTION_TIMELINE (self));

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  old_n_items = self->n_items;
  g_ptr_array_set_size (self->loaded, 0);
  self->n_items = custcare_interactions_count (self->store, self->customer_id, &error);
  if (error != NULL)
    g_warning ("Could not count interactions: %s", error->message);
  /* Read the first page now, so the view does not hit the database once per visible row. */
  if (self->n_items > 0)
    load_next_page (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CustcareInteractionTimeline *self = user_data;

  self->reload_idle = 0;
  custcare_interaction_timeline_reload (self);
  return G_SOURCE_REMOVE;
}

/* Changes arrive in the middle of whoever made them; reload once things have settled. */
static void
interactions_changed_cb (gpointer user_data)
{
  CustcareInteractionTimeline *self = user_data;

  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload_idle_cb, self);
}

static void
custcare_interaction_timeline_dispose (GObject *object)
{
  CustcareInteractionTimeline *self = CUSTCARE_INTERACTION_TIMELINE (object);

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  if (self->watch_id != 0 && self->store != NULL)
    custcare_interactions_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_interaction_timeline_parent_class)->dispose (object);
}

static void
custcare_interaction_timeline_finalize (GObject *object)
{
  CustcareInteractionTimeline *self = CUSTCARE_INTERACTION_TIMELINE (object);

  g_clear_pointer (&self->loaded, g_ptr_array_unref);

  G_OBJECT_CLASS (custcare_interaction_timeline_parent_class)->finalize (object);
}

static void
custcare_interaction_timeline_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  CustcareInteractionTimeline *self = CUSTCARE_INTERACTION_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_interaction_timeline_class_init (CustcareInteractionTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = custcare_interaction_timeline_dispose;
  object_class->finalize = custcare_interaction_timeline_finalize;
  object_class->get_property = custcare_interaction_timeline_get_property;

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
custcare_interaction_timeline_init (CustcareInteractionTimeline *self)
{
  self->loaded = g_ptr_array_new_with_free_func (g_object_unref);
}

CustcareInteractionTimeline *
custcare_interaction_timeline_new (CustcareStore *store,
                                   gint64         customer_id)
{
  CustcareInteractionTimeline *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_INTERACTION_TIMELINE, NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;
  self->watch_id = custcare_interactions_watch (store, interactions_changed_cb, self);
  custcare_interaction_timeline_reload (self);
  return self;
}

gint64
custcare_interaction_timeline_get_customer_id (CustcareInteractionTimeline *self)
{
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION_TIMELINE (self), 0);
  return self->customer_id;
}

guint
custcare_interaction_timeline_get_n_loaded (CustcareInteractionTimeline *self)
{
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION_TIMELINE (self), 0);
  return self->loaded->len;
}
