/* custcare-order-hooks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include "custcare-order-hooks.h"
#include "custcare-store-private.h"

typedef struct
{
  CustcareOrderHook hook;
  gpointer          user_data;
  GDestroyNotify    destroy;
} HookEntry;

static void
hook_entry_free (gpointer data)
{
  HookEntry *entry = data;

  if (entry->destroy != NULL)
    entry->destroy (entry->user_data);
  g_free (entry);
}

static GPtrArray *
get_hooks (CustcareStore *store)
{
  GPtrArray *hooks = g_object_get_data (G_OBJECT (store), "custcare-order-hooks");

  if (hooks == NULL)
    {
      hooks = g_ptr_array_new_with_free_func (hook_entry_free);
      g_object_set_data_full (G_OBJECT (store), "custcare-order-hooks", hooks,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  return hooks;
}

/**
 * custcare_store_add_order_hook:
 *
 * Registers @hook to run inside the transaction of every order status change made through
 * @store (for instance, to queue a message in the outbox).
 */
void
custcare_store_add_order_hook (CustcareStore     *store,
                               CustcareOrderHook  hook,
                               gpointer           user_data,
                               GDestroyNotify     destroy)
{
  HookEntry *entry;

  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (hook != NULL);

  entry = g_new0 (HookEntry, 1);
  entry->hook = hook;
  entry->user_data = user_data;
  entry->destroy = destroy;
  g_ptr_array_add (get_hooks (store), entry);
}

gboolean
_custcare_order_hooks_run (CustcareStore                 *store,
                           const CustcareOrderTransition *transition,
                           GError                       **error)
{
  GPtrArray *hooks;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (_custcare_store_in_transaction (store), FALSE);

  if (!_custcare_loyalty_order_transition (store, transition, error))
    return FALSE;

  hooks = get_hooks (store);
  for (guint i = 0; i < hooks->len; i++)
    {
      HookEntry *entry = g_ptr_array_index (hooks, i);

      if (!entry->hook (store, transition, entry->user_data, error))
        return FALSE;
    }

  return TRUE;
}
