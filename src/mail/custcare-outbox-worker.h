/* custcare-outbox-worker.h — sends what is in the outbox, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_OUTBOX_WORKER (custcare_outbox_worker_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOutboxWorker, custcare_outbox_worker, CUSTCARE, OUTBOX_WORKER, GObject)

/* The worker of @store: created, hooked into order status changes and started on first use,
 * stopped when the store goes away. Returns NULL (with a warning) if no second connection could
 * be opened. */
CustcareOutboxWorker *custcare_outbox_worker_get_for_store (CustcareStore        *store);
CustcareOutboxWorker *custcare_outbox_worker_new           (CustcareStore        *store);
gboolean              custcare_outbox_worker_start         (CustcareOutboxWorker *self,
                                                            GError              **error);
/* Look at the outbox now (a message was queued or retried) instead of at the next due time. */
void                  custcare_outbox_worker_wake          (CustcareOutboxWorker *self);
/* Stops sending and waits for the thread; a message being sent is queued again next time. */
void                  custcare_outbox_worker_stop          (CustcareOutboxWorker *self);

G_END_DECLS
