/* custcare-interactions.c — calls, visits and messages with a customer, and follow-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline pages with keysets on (occurred_at, id) over the interactions_by_customer index, so
 * the thousandth page costs what the first does. Open follow-ups are read through the partial
 * index interactions_open_follow_ups: the WHERE clauses below repeat its condition word for word
 * so SQLite can use it.
 */
#define G_LOG_DOMAIN "custcare-interactions"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-interactions.h"
#include "custcare-store-private.h"

/* The "Done" list looks back this far, through the interactions_by_time index, so it stays cheap
 * however long the shop's history is. */
#define DONE_LOOKBACK_SECONDS (90 * 24 * 3600)
#define MAX_TEXT_LENGTH (64 * 1024)

struct _CustcareInteraction
{
  GObject            parent_instance;

  gint64             id;
  gint64             customer_id;
  char              *customer_name;
  gint64             occurred_at;
  CustcareChannel    channel;
  CustcareDirection  direction;
  char              *subject;
  char              *notes;
  CustcareOutcome    outcome;
  int                satisfaction;
  gint64             order_id;
  gint64             duration;
  gint64             follow_up_due_at;
  gint64             follow_up_done_at;
  gint64             created_at;
  gint64             updated_at;
};

G_DEFINE_FINAL_TYPE (CustcareInteraction, custcare_interaction, G_TYPE_OBJECT)
G_DEFINE_QUARK (custcare-interaction-error-quark, custcare_interaction_error)

static const char *channel_names[] = { "phone", "email", "in-person", "chat", "social", "letter", "other" };
static const char *direction_names[] = { "inbound", "outbound" };
static const char *outcome_names[] = {
  "resolved", "follow-up", "no-answer", "left-message", "complaint", "information", "sale", "other"
};

G_STATIC_ASSERT (G_N_ELEMENTS (channel_names) == CUSTCARE_N_CHANNELS);
G_STATIC_ASSERT (G_N_ELEMENTS (direction_names) == CUSTCARE_N_DIRECTIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (outcome_names) == CUSTCARE_N_OUTCOMES);

static gboolean
lookup_name (const char  *text,
             const char **names,
             guint        n_names,
             guint       *out_index)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (g_str_equal (text, names[i]))
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
custcare_channel_to_string (CustcareChannel channel)
{
  g_return_val_if_fail (channel < CUSTCARE_N_CHANNELS, "other");
  return channel_names[channel];
}

gboolean
custcare_channel_from_string (const char      *text,
                              CustcareChannel *out_channel)
{
  guint i;

  if (!lookup_name (text, channel_names, CUSTCARE_N_CHANNELS, &i))
    return FALSE;
  *out_channel = i;
  return TRUE;
}

const char *
custcare_channel_get_label (CustcareChannel channel)
{
  switch (channel)
    {
    case CUSTCARE_CHANNEL_PHONE: return _("Phone");
    case CUSTCARE_CHANNEL_EMAIL: return _("Email");
    case CUSTCARE_CHANNEL_IN_PERSON: return _("In person");
    case CUSTCARE_CHANNEL_CHAT: return _("Chat");
    case CUSTCARE_CHANNEL_SOCIAL: return _("Social media");
    case CUSTCARE_CHANNEL_LETTER: return _("Letter");
    case CUSTCARE_CHANNEL_OTHER:
    default: return _("Other");
    }
}

const char *
custcare_channel_get_icon_name (CustcareChannel channel)
{
  switch (channel)
    {
    case CUSTCARE_CHANNEL_PHONE: return "call-start-symbolic";
    case CUSTCARE_CHANNEL_EMAIL: return "mail-unread-symbolic";
    case CUSTCARE_CHANNEL_IN_PERSON: return "avatar-default-symbolic";
    case CUSTCARE_CHANNEL_CHAT: return "chat-bubbles-text-symbolic";
    case CUSTCARE_CHANNEL_SOCIAL: return "emblem-shared-symbolic";
    case CUSTCARE_CHANNEL_LETTER: return "mail-send-symbolic";
    case CUSTCARE_CHANNEL_OTHER:
    default: return "document-edit-symbolic";
    }
}

const char *
custcare_direction_to_string (CustcareDirection direction)
{
  g_return_val_if_fail (direction < CUSTCARE_N_DIRECTIONS, "inbound");
  return direction_names[direction];
}

gboolean
custcare_direction_from_string (const char        *text,
                                CustcareDirection *out_direction)
{
  guint i;

  if (!lookup_name (text, direction_names, CUSTCARE_N_DIRECTIONS, &i))
    return FALSE;
  *out_direction = i;
  return TRUE;
}

const char *
custcare_direction_get_label (CustcareDirection direction)
{
  return direction == CUSTCARE_DIRECTION_OUTBOUND ? _("Outgoing") : _("Incoming");
}

const char *
custcare_outcome_to_string (CustcareOutcome outcome)
{
  g_return_val_if_fail (outcome < CUSTCARE_N_OUTCOMES, "other");
  return outcome_names[outcome];
}

gboolean
custcare_outcome_from_string (const char      *text,
                              CustcareOutcome *out_outcome)
{
  guint i;

  if (!lookup_name (text, outcome_names, CUSTCARE_N_OUTCOMES, &i))
    return FALSE;
  *out_outcome = i;
  return TRUE;
}

const char *
custcare_outcome_get_label (CustcareOutcome outcome)
{
  switch (outcome)
    {
    case CUSTCARE_OUTCOME_RESOLVED: return _("Resolved");
    case CUSTCARE_OUTCOME_FOLLOW_UP: return _("Needs follow-up");
    case CUSTCARE_OUTCOME_NO_ANSWER: return _("No answer");
    case CUSTCARE_OUTCOME_LEFT_MESSAGE: return _("Left a message");
    case CUSTCARE_OUTCOME_COMPLAINT: return _("Complaint");
    case CUSTCARE_OUTCOME_INFORMATION: return _("Information given");
    case CUSTCARE_OUTCOME_SALE: return _("Sale");
    case CUSTCARE_OUTCOME_OTHER:
    default: return _("Other");
    }
}

const char *
custcare_follow_up_state_get_label (CustcareFollowUpState state)
{
  switch (state)
    {
    case CUSTCARE_FOLLOW_UP_OVERDUE: return _("Overdue");
    case CUSTCARE_FOLLOW_UP_DUE_TODAY: return _("Due Today");
    case CUSTCARE_FOLLOW_UP_UPCOMING: return _("Upcoming");
    case CUSTCARE_FOLLOW_UP_DONE:
    default: return _("Done");
    }
}

/* The record. */

static void
custcare_interaction_finalize (GObject *object)
{
  CustcareInteraction *self = CUSTCARE_INTERACTION (object);

  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->notes, g_free);

  G_OBJECT_CLASS (custcare_interaction_parent_class)->finalize (object);
}

static void
custcare_interaction_class_init (CustcareInteractionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = custcare_interaction_finalize;
}

static void
custcare_interaction_init (CustcareInteraction *self)
{
  self->customer_name = g_strdup ("");
  self->subject = g_strdup ("");
  self->notes = g_strdup ("");
  self->duration = -1;
}

CustcareInteraction *
custcare_interaction_new (void)
{
  return g_object_new (CUSTCARE_TYPE_INTERACTION, NULL);
}

CustcareInteraction *
custcare_interaction_copy (CustcareInteraction *self)
{
  CustcareInteraction *copy;

  g_return_val_if_fail (CUSTCARE_IS_INTERACTION (self), NULL);

  copy = custcare_interaction_new ();
  copy->id = self->id;
  copy->customer_id = self->customer_id;
  g_set_str (&copy->customer_name, self->customer_name);
  copy->occurred_at = self->occurred_at;
  copy->channel = self->channel;
  copy->direction = self->direction;
  g_set_str (&copy->subject, self->subject);
  g_set_str (&copy->notes, self->notes);
  copy->outcome = self->outcome;
  copy->satisfaction = self->satisfaction;
  copy->order_id = self->order_id;
  copy->duration = self->duration;
  copy->follow_up_due_at = self->follow_up_due_at;
  copy->follow_up_done_at = self->follow_up_done_at;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  return copy;
}

#define GETTER(type, field, default_value)                                       \
  type                                                                           \
  custcare_interaction_get_##field (CustcareInteraction *self)                   \
  {                                                                              \
    g_return_val_if_fail (CUSTCARE_IS_INTERACTION (self), default_value);        \
    return self->field;                                                          \
  }

GETTER (gint64, id, 0)
GETTER (gint64, customer_id, 0)
GETTER (const char *, customer_name, NULL)
GETTER (gint64, occurred_at, 0)
GETTER (CustcareChannel, channel, CUSTCARE_CHANNEL_PHONE)
GETTER (CustcareDirection, direction, CUSTCARE_DIRECTION_INBOUND)
GETTER (const char *, subject, NULL)
GETTER (const char *, notes, NULL)
GETTER (CustcareOutcome, outcome, CUSTCARE_OUTCOME_RESOLVED)
GETTER (int, satisfaction, 0)
GETTER (gint64, order_id, 0)
GETTER (gint64, duration, -1)
GETTER (gint64, follow_up_due_at, 0)
GETTER (gint64, follow_up_done_at, 0)
GETTER (gint64, created_at, 0)
GETTER (gint64, updated_at, 0)

#undef GETTER

#define SETTER(type, field)                                                      \
  void                                                                           \
  custcare_interaction_set_##field (CustcareInteraction *self,                   \
                                    type                 value)                  \
  {                                                                              \
    g_return_if_fail (CUSTCARE_IS_INTERACTION (self));                           \
    self->field = value;                                                         \
  }

SETTER (gint64, customer_id)
SETTER (gint64, occurred_at)
SETTER (CustcareChannel, channel)
SETTER (CustcareDirection, direction)
SETTER (CustcareOutcome, outcome)
SETTER (int, satisfaction)
SETTER (gint64, order_id)
SETTER (gint64, duration)
SETTER (gint64, follow_up_done_at)

#undef SETTER

void
custcare_interaction_set_follow_up_due_at (CustcareInteraction *self,
                                           gint64               due_at)
{
  g_return_if_fail (CUSTCARE_IS_INTERACTION (self));

  self->follow_up_due_at = due_at;
  if (due_at == 0)
    self->follow_up_done_at = 0;
}

void
custcare_interaction_set_subject (CustcareInteraction *self,
                                  const char          *subject)
{
  g_return_if_fail (CUSTCARE_IS_INTERACTION (self));
  g_set_str (&self->subject, subject != NULL ? subject : "");
}

void
custcare_interaction_set_notes (CustcareInteraction *self,
                                const char          *notes)
{
  g_return_if_fail (CUSTCARE_IS_INTERACTION (self));
  g_set_str (&self->notes, notes != NULL ? notes : "");
}

gboolean
custcare_interaction_validate (CustcareInteraction  *self,
                               GError              **error)
{
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION (self), FALSE);

  if (self->customer_id <= 0)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("Choose the customer this interaction was with."));
      return FALSE;
    }
  if (self->satisfaction != 0 && (self->satisfaction < 1 || self->satisfaction > 5))
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("A satisfaction rating is from 1 to 5 stars."));
      return FALSE;
    }
  if (self->duration < -1)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("A call cannot last less than no time at all."));
      return FALSE;
    }
  if (self->follow_up_due_at < 0 || self->occurred_at < 0)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("That date is not valid."));
      return FALSE;
    }
  if (self->follow_up_done_at != 0 && self->follow_up_due_at == 0)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("Only a follow-up with a due date can be marked done."));
      return FALSE;
    }
  if (!g_utf8_validate (self->subject, -1, NULL) || !g_utf8_validate (self->notes, -1, NULL))
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("The notes contain text that is not valid."));
      return FALSE;
    }
  if (strlen (self->subject) > MAX_TEXT_LENGTH || strlen (self->notes) > MAX_TEXT_LENGTH)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("The notes are too long: keep them under 64,000 characters."));
      return FALSE;
    }
  return TRUE;
}

/* Change watchers: a hook list hung on the store, so every view of the same database hears about
 * changes whichever part of the app made them. */

static void
free_watchers (GHookList *hooks)
{
  g_hook_list_clear (hooks);
  g_free (hooks);
}

static GHookList *
get_watchers (CustcareStore *store,
              gboolean       create)
{
  GHookList *hooks = g_object_get_data (G_OBJECT (store), "custcare-interactions-watchers");

  if (hooks == NULL && create)
    {
      hooks = g_new0 (GHookList, 1);
      g_hook_list_init (hooks, sizeof (GHook));
      g_object_set_data_full (G_OBJECT (store), "custcare-interactions-watchers", hooks,
                              (GDestroyNotify) free_watchers);
    }
  return hooks;
}

static void
notify_changed (CustcareStore *store)
{
  GHookList *hooks = get_watchers (store, FALSE);

  if (hooks != NULL)
    g_hook_list_invoke (hooks, FALSE);
}

gulong
custcare_interactions_watch (CustcareStore                  *store,
                             CustcareInteractionsChangedFunc func,
                             gpointer                        user_data)
{
  GHookList *hooks;
  GHook *hook;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);
  g_return_val_if_fail (func != NULL, 0);

  hooks = get_watchers (store, TRUE);
  hook = g_hook_alloc (hooks);
  hook->func = (gpointer) func;
  hook->data = user_data;
  g_hook_append (hooks, hook);
  return hook->hook_id;
}

void
custcare_interactions_unwatch (CustcareStore *store,
                               gulong         watch_id)
{
  GHookList *hooks;

  g_return_if_fail (CUSTCARE_IS_STORE (store));

  if ((hooks = get_watchers (store, FALSE)) != NULL)
    g_hook_destroy (hooks, watch_id);
}

/* The repository. */

#define CUSTOMER_NAME_SQL                                                                        \
  "CASE WHEN c.display_name <> '' THEN c.display_name"                                          \
  " WHEN trim (c.given_name || ' ' || c.family_name) <> '' THEN trim (c.given_name || ' ' || c.family_name)" \
  " ELSE c.company END"

#define INTERACTION_COLUMNS                                                                      \
  "i.id, i.customer_id, " CUSTOMER_NAME_SQL ", i.occurred_at, i.channel, i.direction, i.subject,"  \
  " i.notes, i.outcome, i.satisfaction, i.order_id, i.duration_seconds, i.follow_up_due_at,"     \
  " i.follow_up_done_at, i.created_at, i.updated_at"

#define INTERACTION_FROM " FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id "

static gint64
column_int (CustcareStmt *stmt,
            int           column,
            gint64        null_value)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? null_value : sqlite3_column_int64 (stmt, column);
}

static const char *
column_text (CustcareStmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static CustcareInteraction *
interaction_from_row (CustcareStmt *stmt)
{
  CustcareInteraction *self = custcare_interaction_new ();
  guint value;

  self->id = column_int (stmt, 0, 0);
  self->customer_id = column_int (stmt, 1, 0);
  g_set_str (&self->customer_name, column_text (stmt, 2));
  self->occurred_at = column_int (stmt, 3, 0);
  self->channel = lookup_name (column_text (stmt, 4), channel_names, CUSTCARE_N_CHANNELS, &value)
                    ? value : CUSTCARE_CHANNEL_OTHER;
  self->direction = lookup_name (column_text (stmt, 5), direction_names, CUSTCARE_N_DIRECTIONS, &value)
                      ? value : CUSTCARE_DIRECTION_INBOUND;
  g_set_str (&self->subject, column_text (stmt, 6));
  g_set_str (&self->notes, column_text (stmt, 7));
  self->outcome = lookup_name (column_text (stmt, 8), outcome_names, CUSTCARE_N_OUTCOMES, &value)
                    ? value : CUSTCARE_OUTCOME_OTHER;
  self->satisfaction = column_int (stmt, 9, 0);
  self->order_id = column_int (stmt, 10, 0);
  self->duration = column_int (stmt, 11, -1);
  self->follow_up_due_at = column_int (stmt, 12, 0);
  self->follow_up_done_at = column_int (stmt, 13, 0);
  self->created_at = column_int (stmt, 14, 0);
  self->updated_at = column_int (stmt, 15, 0);
  return self;
}

static GPtrArray *
collect_rows (CustcareStore  *store,
              CustcareStmt   *stmt,
              GError        **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, interaction_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
bind_nullable (CustcareStmt *stmt,
               int           index,
               gint64        value,
               gint64        null_value)
{
  if (value == null_value)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

static gboolean
check_references (CustcareStore        *store,
                  CustcareInteraction  *interaction,
                  GError              **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT (SELECT count(*) FROM customers WHERE id = ?1),"
                                  " (?2 IS NULL OR EXISTS (SELECT 1 FROM orders WHERE id = ?2))",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, interaction->customer_id);
  bind_nullable (stmt, 2, interaction->order_id, 0);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  if (sqlite3_column_int64 (stmt, 0) == 0)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND,
                           _("This customer no longer exists."));
      return FALSE;
    }
  if (sqlite3_column_int64 (stmt, 1) == 0)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND,
                           _("The linked order no longer exists."));
      return FALSE;
    }
  return TRUE;
}

/* customers.last_interaction_at is kept by an INSERT trigger; edits and deletes can move it back. */
static gboolean
refresh_last_interaction (CustcareStore  *store,
                          gint64          customer_id,
                          GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  stmt = _custcare_store_prepare (store,
                                  "UPDATE customers SET last_interaction_at ="
                                  " (SELECT max (occurred_at) FROM interactions WHERE customer_id = ?1)"
                                  " WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  return _custcare_store_step_done (store, stmt, error);
}

static void
bind_fields (CustcareStmt        *stmt,
             CustcareInteraction *interaction)
{
  sqlite3_bind_int64 (stmt, 1, interaction->customer_id);
  sqlite3_bind_int64 (stmt, 2, interaction->occurred_at);
  sqlite3_bind_text (stmt, 3, channel_names[interaction->channel], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, direction_names[interaction->direction], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, interaction->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, interaction->notes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, outcome_names[interaction->outcome], -1, SQLITE_STATIC);
  bind_nullable (stmt, 8, interaction->satisfaction, 0);
  bind_nullable (stmt, 9, interaction->order_id, 0);
  bind_nullable (stmt, 10, interaction->duration, -1);
  bind_nullable (stmt, 11, interaction->follow_up_due_at, 0);
  bind_nullable (stmt, 12, interaction->follow_up_done_at, 0);
  sqlite3_bind_int64 (stmt, 13, interaction->created_at);
  sqlite3_bind_int64 (stmt, 14, interaction->updated_at);
}

/* Inserts with @id (0: a new one). Runs inside the caller's transaction. */
static gint64
insert_row (CustcareStore        *store,
            CustcareInteraction  *interaction,
            gint64                id,
            GError              **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO interactions (customer_id, occurred_at, channel, direction,"
                                  " subject, notes, outcome, satisfaction, order_id, duration_seconds,"
                                  " follow_up_due_at, follow_up_done_at, created_at, updated_at, id)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                  error);
  if (stmt == NULL)
    return 0;
  bind_fields (stmt, interaction);
  bind_nullable (stmt, 15, id, 0);
  if (!_custcare_store_step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_custcare_store_get_db (store));
}

static gboolean
validate_interaction (CustcareInteraction  *interaction,
                      GError              **error)
{
  return custcare_interaction_validate (interaction, error);
}

/**
 * custcare_interactions_add:
 *
 * Stores a new interaction; an occurred-at of 0 means now. Sets the record's id and times.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
custcare_interactions_add (CustcareStore        *store,
                           CustcareInteraction  *interaction,
                           GError              **error)
{
  gint64 now, id;
  gint64 occurred_at;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION (interaction), 0);

  if (!validate_interaction (interaction, error))
    return 0;

  now = _custcare_store_now (store);
  occurred_at = interaction->occurred_at;
  if (interaction->occurred_at == 0)
    interaction->occurred_at = now;
  interaction->created_at = interaction->updated_at = now;

  if (!custcare_store_begin (store, error))
    goto failed;
  if (!check_references (store, interaction, error) ||
      (id = insert_row (store, interaction, 0, error)) == 0 ||
      !custcare_store_commit (store, error))
    {
      custcare_store_rollback (store);
      goto failed;
    }

  interaction->id = id;
  notify_changed (store);
  return id;

failed:
  interaction->occurred_at = occurred_at;
  interaction->created_at = interaction->updated_at = 0;
  return 0;
}

static gint64
get_customer_of (CustcareStore  *store,
                 gint64          id,
                 GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  stmt = _custcare_store_prepare (store, "SELECT customer_id FROM interactions WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND,
                         _("This interaction was deleted in the meantime."));
  else
    _custcare_store_set_error (store, rc, error);
  return 0;
}

gboolean
custcare_interactions_update (CustcareStore        *store,
                              CustcareInteraction  *interaction,
                              GError              **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 old_customer_id;
  gint64 updated_at;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION (interaction), FALSE);
  g_return_val_if_fail (interaction->id > 0, FALSE);

  if (!validate_interaction (interaction, error))
    return FALSE;
  if (interaction->occurred_at == 0)
    interaction->occurred_at = _custcare_store_now (store);
  updated_at = interaction->updated_at;
  interaction->updated_at = _custcare_store_now (store);

  if (!custcare_store_begin (store, error))
    goto failed;
  if ((old_customer_id = get_customer_of (store, interaction->id, error)) == 0 ||
      !check_references (store, interaction, error))
    goto rollback;

  stmt = _custcare_store_prepare (store,
                                  "UPDATE interactions SET customer_id = ?1, occurred_at = ?2, channel = ?3,"
                                  " direction = ?4, subject = ?5, notes = ?6, outcome = ?7, satisfaction = ?8,"
                                  " order_id = ?9, duration_seconds = ?10, follow_up_due_at = ?11,"
                                  " follow_up_done_at = ?12, updated_at = ?14 WHERE id = ?15",
                                  error);
  if (stmt == NULL)
    goto rollback;
  bind_fields (stmt, interaction);
  sqlite3_bind_null (stmt, 13);
  sqlite3_bind_int64 (stmt, 15, interaction->id);
  if (!_custcare_store_step_done (store, stmt, error) ||
      !refresh_last_interaction (store, interaction->customer_id, error) ||
      (old_customer_id != interaction->customer_id && !refresh_last_interaction (store, old_customer_id, error)) ||
      !custcare_store_commit (store, error))
    goto rollback;

  notify_changed (store);
  return TRUE;

rollback:
  custcare_store_rollback (store);
failed:
  interaction->updated_at = updated_at;
  return FALSE;
}

/**
 * custcare_interactions_delete:
 * @out_undo: (out) (optional): the row as it was, for custcare_interactions_restore()
 */
gboolean
custcare_interactions_delete (CustcareStore         *store,
                              gint64                 id,
                              CustcareInteraction  **out_undo,
                              GError               **error)
{
  g_autoptr (CustcareInteraction) before = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (!custcare_store_begin (store, error))
    return FALSE;
  if ((before = custcare_interactions_get (store, id, error)) == NULL)
    goto rollback;
  stmt = _custcare_store_prepare (store, "DELETE FROM interactions WHERE id = ?1", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_custcare_store_step_done (store, stmt, error) ||
      !refresh_last_interaction (store, before->customer_id, error) ||
      !custcare_store_commit (store, error))
    goto rollback;

  if (out_undo != NULL)
    *out_undo = g_steal_pointer (&before);
  notify_changed (store);
  return TRUE;

rollback:
  custcare_store_rollback (store);
  return FALSE;
}

/**
 * custcare_interactions_restore:
 * @undo: what custcare_interactions_delete() returned
 *
 * Puts a deleted interaction back, with its id and times, unless something else took the id in the
 * meantime; then it comes back under a new id, which is set on @undo.
 */
gboolean
custcare_interactions_restore (CustcareStore        *store,
                               CustcareInteraction  *undo,
                               GError              **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gboolean id_taken;
  gint64 id;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION (undo), FALSE);

  if (!validate_interaction (undo, error) || !custcare_store_begin (store, error))
    return FALSE;
  if (!check_references (store, undo, error))
    goto rollback;
  stmt = _custcare_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM interactions WHERE id = ?1)", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, undo->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _custcare_store_set_error (store, sqlite3_errcode (_custcare_store_get_db (store)), error);
      goto rollback;
    }
  id_taken = sqlite3_column_int (stmt, 0) != 0;
  _custcare_stmt_reset (stmt);

  if ((id = insert_row (store, undo, id_taken ? 0 : undo->id, error)) == 0 ||
      !refresh_last_interaction (store, undo->customer_id, error) ||
      !custcare_store_commit (store, error))
    goto rollback;

  undo->id = id;
  notify_changed (store);
  return TRUE;

rollback:
  custcare_store_rollback (store);
  return FALSE;
}

CustcareInteraction *
custcare_interactions_get (CustcareStore  *store,
                           gint64          id,
                           GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store, "SELECT " INTERACTION_COLUMNS INTERACTION_FROM "WHERE i.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return interaction_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND,
                         _("This interaction was deleted in the meantime."));
  else
    _custcare_store_set_error (store, rc, error);
  return NULL;
}

guint
custcare_interactions_count (CustcareStore  *store,
                             gint64          customer_id,
                             GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);

  stmt = _custcare_store_prepare (store, "SELECT count(*) FROM interactions WHERE customer_id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _custcare_store_set_error (store, rc, error);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * custcare_interactions_list_page:
 * @after: (nullable): the last interaction of the previous page, or %NULL for the first page
 *
 * Returns: (transfer full) (element-type CustcareInteraction): up to @limit interactions of the
 *   customer, newest first, or %NULL with @error set
 */
GPtrArray *
custcare_interactions_list_page (CustcareStore        *store,
                                 gint64                customer_id,
                                 CustcareInteraction  *after,
                                 guint                 limit,
                                 GError              **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (after == NULL || CUSTCARE_IS_INTERACTION (after), NULL);

  /* Two statements rather than "?2 IS NULL OR ...", which would hide the range from the planner. */
  if (after == NULL)
    stmt = _custcare_store_prepare (store,
                                    "SELECT " INTERACTION_COLUMNS INTERACTION_FROM
                                    "WHERE i.customer_id = ?1"
                                    " ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?4",
                                    error);
  else
    stmt = _custcare_store_prepare (store,
                                    "SELECT " INTERACTION_COLUMNS INTERACTION_FROM
                                    "WHERE i.customer_id = ?1 AND (i.occurred_at, i.id) < (?2, ?3)"
                                    " ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?4",
                                    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 2, after->occurred_at);
      sqlite3_bind_int64 (stmt, 3, after->id);
    }
  sqlite3_bind_int64 (stmt, 4, limit);
  return collect_rows (store, stmt, error);
}

gboolean
custcare_interactions_get_satisfaction (CustcareStore  *store,
                                        gint64          customer_id,
                                        double         *out_average,
                                        guint          *out_count,
                                        int            *out_latest,
                                        GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  stmt = _custcare_store_prepare (store,
                                  "SELECT coalesce (avg (satisfaction), 0), count (satisfaction),"
                                  " (SELECT satisfaction FROM interactions WHERE customer_id = ?1"
                                  "  AND satisfaction IS NOT NULL ORDER BY occurred_at DESC, id DESC LIMIT 1)"
                                  " FROM interactions WHERE customer_id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  if (out_average != NULL)
    *out_average = sqlite3_column_double (stmt, 0);
  if (out_count != NULL)
    *out_count = sqlite3_column_int64 (stmt, 1);
  if (out_latest != NULL)
    *out_latest = column_int (stmt, 2, 0);
  return TRUE;
}

/* Follow-ups. */

static GTimeZone *
ref_zone (GTimeZone *tz)
{
  return tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();
}

/**
 * custcare_follow_up_get_day:
 * @out_start: (out): the UTC time the local day containing @now began
 * @out_end: (out): the UTC time the next local day begins
 *
 * Days are not always 24 hours: on a daylight saving change they have 23 or 25.
 */
void
custcare_follow_up_get_day (gint64     now,
                            GTimeZone *tz,
                            gint64    *out_start,
                            gint64    *out_end)
{
  g_autoptr (GTimeZone) zone = ref_zone (tz);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  int year, month, day;

  g_date_time_get_ymd (local, &year, &month, &day);
  start = g_date_time_new (zone, year, month, day, 0, 0, 0);
  end = g_date_time_add_days (start, 1);
  /* A zone whose clocks jump at midnight has no 00:00 on that day; GLib moves it forward, which
   * is still the first moment of the day. */
  if (out_start != NULL)
    *out_start = g_date_time_to_unix (start);
  if (out_end != NULL)
    *out_end = g_date_time_to_unix (end);
}

CustcareFollowUpState
custcare_follow_up_get_state (gint64     due_at,
                              gint64     done_at,
                              gint64     now,
                              GTimeZone *tz)
{
  gint64 start, end;

  if (done_at != 0)
    return CUSTCARE_FOLLOW_UP_DONE;
  custcare_follow_up_get_day (now, tz, &start, &end);
  if (due_at < start)
    return CUSTCARE_FOLLOW_UP_OVERDUE;
  if (due_at < end)
    return CUSTCARE_FOLLOW_UP_DUE_TODAY;
  return CUSTCARE_FOLLOW_UP_UPCOMING;
}

/**
 * custcare_follow_up_due_for_date:
 *
 * Returns: when a follow-up picked for a calendar date falls due: that day at
 *   %CUSTCARE_FOLLOW_UP_HOUR in @tz, as UTC seconds; 0 for an invalid date
 */
gint64
custcare_follow_up_due_for_date (GTimeZone *tz,
                                 int        year,
                                 int        month,
                                 int        day)
{
  g_autoptr (GTimeZone) zone = ref_zone (tz);
  g_autoptr (GDateTime) due = NULL;

  if (!g_date_valid_dmy (day, month, year))
    return 0;
  due = g_date_time_new (zone, year, month, day, CUSTCARE_FOLLOW_UP_HOUR, 0, 0);
  return due != NULL ? g_date_time_to_unix (due) : 0;
}

gint64
custcare_follow_up_snooze_until (CustcareSnooze  snooze,
                                 gint64          now,
                                 GTimeZone      *tz)
{
  g_autoptr (GTimeZone) zone = ref_zone (tz);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autoptr (GDateTime) later = NULL;
  int year, month, day;

  if (snooze == CUSTCARE_SNOOZE_ONE_HOUR)
    return now + 3600;

  /* Calendar days, not 86,400-second steps, so a DST change does not shift the hour. */
  later = g_date_time_add_days (local, snooze == CUSTCARE_SNOOZE_NEXT_WEEK ? 7 : 1);
  g_date_time_get_ymd (later, &year, &month, &day);
  return custcare_follow_up_due_for_date (zone, year, month, day);
}

GPtrArray *
custcare_follow_ups_list (CustcareStore          *store,
                          CustcareFollowUpState   state,
                          GTimeZone              *tz,
                          guint                   limit,
                          GError                **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 now, start, end;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (state < CUSTCARE_N_FOLLOW_UP_STATES, NULL);

  now = _custcare_store_now (store);
  custcare_follow_up_get_day (now, tz, &start, &end);

  switch (state)
    {
    case CUSTCARE_FOLLOW_UP_OVERDUE:
      stmt = _custcare_store_prepare (store,
                                      "SELECT " INTERACTION_COLUMNS INTERACTION_FROM
                                      "WHERE i.follow_up_due_at IS NOT NULL AND i.follow_up_done_at IS NULL"
                                      " AND i.follow_up_due_at < ?1"
                                      " ORDER BY i.follow_up_due_at, i.id LIMIT ?3",
                                      error);
      break;
    case CUSTCARE_FOLLOW_UP_DUE_TODAY:
      stmt = _custcare_store_prepare (store,
                                      "SELECT " INTERACTION_COLUMNS INTERACTION_FROM
                                      "WHERE i.follow_up_due_at IS NOT NULL AND i.follow_up_done_at IS NULL"
                                      " AND i.follow_up_due_at >= ?1 AND i.follow_up_due_at < ?2"
                                      " ORDER BY i.follow_up_due_at, i.id LIMIT ?3",
                                      error);
      break;
    case CUSTCARE_FOLLOW_UP_UPCOMING:
      stmt = _custcare_store_prepare (store,
                                      "SELECT " INTERACTION_COLUMNS INTERACTION_FROM
                                      "WHERE i.follow_up_due_at IS NOT NULL AND i.follow_up_done_at IS NULL"
                                      " AND i.follow_up_due_at >= ?2"
                                      " ORDER BY i.follow_up_due_at, i.id LIMIT ?3",
                                      error);
      break;
    case CUSTCARE_FOLLOW_UP_DONE:
    default:
      stmt = _custcare_store_prepare (store,
                                      "SELECT " INTERACTION_COLUMNS INTERACTION_FROM
                                      "WHERE i.occurred_at >= ?4 AND i.follow_up_done_at IS NOT NULL"
                                      " ORDER BY i.follow_up_done_at DESC, i.id DESC LIMIT ?3",
                                      error);
      break;
    }
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, now - DONE_LOOKBACK_SECONDS);
  return collect_rows (store, stmt, error);
}

gboolean
custcare_follow_ups_count (CustcareStore  *store,
                           GTimeZone      *tz,
                           guint           out_counts[CUSTCARE_N_FOLLOW_UP_STATES],
                           GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 now, start, end;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  now = _custcare_store_now (store);
  custcare_follow_up_get_day (now, tz, &start, &end);
  stmt = _custcare_store_prepare (store,
                                  "SELECT"
                                  " (SELECT count(*) FROM interactions WHERE follow_up_due_at IS NOT NULL"
                                  "   AND follow_up_done_at IS NULL AND follow_up_due_at < ?1),"
                                  " (SELECT count(*) FROM interactions WHERE follow_up_due_at IS NOT NULL"
                                  "   AND follow_up_done_at IS NULL AND follow_up_due_at >= ?1 AND follow_up_due_at < ?2),"
                                  " (SELECT count(*) FROM interactions WHERE follow_up_due_at IS NOT NULL"
                                  "   AND follow_up_done_at IS NULL AND follow_up_due_at >= ?2),"
                                  " (SELECT count(*) FROM interactions WHERE occurred_at >= ?3"
                                  "   AND follow_up_done_at IS NOT NULL)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  sqlite3_bind_int64 (stmt, 3, now - DONE_LOOKBACK_SECONDS);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  for (guint i = 0; i < CUSTCARE_N_FOLLOW_UP_STATES; i++)
    out_counts[i] = sqlite3_column_int64 (stmt, i);
  return TRUE;
}

GPtrArray *
custcare_follow_ups_list_due_between (CustcareStore  *store,
                                      gint64          from,
                                      gint64          to,
                                      GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store,
                                  "SELECT " INTERACTION_COLUMNS INTERACTION_FROM
                                  "WHERE i.follow_up_due_at IS NOT NULL AND i.follow_up_done_at IS NULL"
                                  " AND i.follow_up_due_at > ?1 AND i.follow_up_due_at <= ?2"
                                  " ORDER BY i.follow_up_due_at, i.id",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  return collect_rows (store, stmt, error);
}

gint64
custcare_follow_ups_next_due (CustcareStore  *store,
                              gint64          after,
                              GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);

  stmt = _custcare_store_prepare (store,
                                  "SELECT min (follow_up_due_at) FROM interactions"
                                  " WHERE follow_up_due_at IS NOT NULL AND follow_up_done_at IS NULL"
                                  " AND follow_up_due_at > ?1",
                                  error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, after);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _custcare_store_set_error (store, rc, error);
      return 0;
    }
  return column_int (stmt, 0, 0);
}

static gboolean
update_follow_up (CustcareStore  *store,
                  const char     *sql,
                  gint64          id,
                  gint64          value,
                  GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  if (!custcare_store_begin (store, error))
    return FALSE;
  stmt = _custcare_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_nullable (stmt, 2, value, 0);
  sqlite3_bind_int64 (stmt, 3, _custcare_store_now (store));
  if (!_custcare_store_step_done (store, stmt, error))
    goto rollback;
  if (sqlite3_changes (_custcare_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND,
                           _("This follow-up was deleted in the meantime."));
      goto rollback;
    }
  if (!custcare_store_commit (store, error))
    goto rollback;
  notify_changed (store);
  return TRUE;

rollback:
  custcare_store_rollback (store);
  return FALSE;
}

/**
 * custcare_follow_ups_set_done:
 * @done: %TRUE to mark the follow-up done now, %FALSE to open it again
 */
gboolean
custcare_follow_ups_set_done (CustcareStore  *store,
                              gint64          id,
                              gboolean        done,
                              GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  return update_follow_up (store,
                           "UPDATE interactions SET follow_up_done_at = ?2, updated_at = ?3"
                           " WHERE id = ?1 AND follow_up_due_at IS NOT NULL",
                           id, done ? _custcare_store_now (store) : 0, error);
}

/**
 * custcare_follow_ups_snooze:
 * @due_at: the new due time (see custcare_follow_up_snooze_until())
 *
 * Moves the follow-up to @due_at and opens it again if it was done.
 */
gboolean
custcare_follow_ups_snooze (CustcareStore  *store,
                            gint64          id,
                            gint64          due_at,
                            GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (due_at <= 0)
    {
      g_set_error_literal (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID,
                           _("That date is not valid."));
      return FALSE;
    }
  return update_follow_up (store,
                           "UPDATE interactions SET follow_up_due_at = ?2, follow_up_done_at = NULL,"
                           " updated_at = ?3 WHERE id = ?1",
                           id, due_at, error);
}
