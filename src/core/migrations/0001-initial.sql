-- CustCare schema, version 1: every table of the product, so that later features add behaviour
-- rather than reshape storage. Times are UTC Unix seconds; money is integer minor units (cents);
-- points are integers.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE import_batches (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('csv', 'vcard')),
  source_name TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  row_count   INTEGER NOT NULL DEFAULT 0,
  reverted_at INTEGER
);

CREATE TABLE customers (
  id                   INTEGER PRIMARY KEY,
  given_name           TEXT NOT NULL DEFAULT '',
  family_name          TEXT NOT NULL DEFAULT '',
  -- A single name ("Corner Bakery", "Madonna") when there is no given/family split.
  display_name         TEXT NOT NULL DEFAULT '',
  -- Maintained by the code: what the list sorts on (family name first, case-folded).
  sort_name            TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
  company              TEXT NOT NULL DEFAULT '',
  address_street       TEXT NOT NULL DEFAULT '',
  address_locality     TEXT NOT NULL DEFAULT '',
  address_region       TEXT NOT NULL DEFAULT '',
  address_postal_code  TEXT NOT NULL DEFAULT '',
  address_country      TEXT NOT NULL DEFAULT '',
  birthday_year        INTEGER CHECK (birthday_year IS NULL OR birthday_year BETWEEN 1850 AND 2200),
  birthday_month       INTEGER CHECK (birthday_month IS NULL OR birthday_month BETWEEN 1 AND 12),
  birthday_day         INTEGER CHECK (birthday_day IS NULL OR birthday_day BETWEEN 1 AND 31),
  notes                TEXT NOT NULL DEFAULT '',
  preferences          TEXT NOT NULL DEFAULT '',
  marketing_consent    INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
  marketing_consent_at INTEGER,
  do_not_contact       INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
  archived             INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  -- Denormalised for the list and the churn report; kept by triggers below.
  last_interaction_at  INTEGER,
  last_order_at        INTEGER,
  merged_into_id       INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  erased_at            INTEGER,
  import_batch_id      INTEGER REFERENCES import_batches (id) ON DELETE SET NULL
);
CREATE INDEX customers_by_name ON customers (archived, sort_name, id);
CREATE INDEX customers_by_last_contact ON customers (archived, last_interaction_at, id);
CREATE INDEX customers_by_created ON customers (archived, created_at, id);
CREATE INDEX customers_by_batch ON customers (import_batch_id) WHERE import_batch_id IS NOT NULL;

CREATE TABLE customer_phones (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL DEFAULT 0,
  label       TEXT NOT NULL DEFAULT '',
  number      TEXT NOT NULL,
  -- The number as digits only, so a caller matches however the number was typed.
  digits      TEXT NOT NULL
);
CREATE INDEX customer_phones_by_customer ON customer_phones (customer_id, position);
CREATE INDEX customer_phones_by_digits ON customer_phones (digits);

CREATE TABLE customer_emails (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL DEFAULT 0,
  label       TEXT NOT NULL DEFAULT '',
  address     TEXT NOT NULL COLLATE NOCASE
);
CREATE INDEX customer_emails_by_customer ON customer_emails (customer_id, position);
CREATE INDEX customer_emails_by_address ON customer_emails (address);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
);

CREATE TABLE customer_tags (
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  tag_id      INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (customer_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX customer_tags_by_tag ON customer_tags (tag_id, customer_id);

-- Search index over everything a receptionist may type. Contentless (the text lives in the tables
-- above) with delete support, so a customer's row can be replaced when they change. The phone column
-- holds each number's digit suffixes, which turns "010 2030" into a prefix match of "5550102030".
CREATE VIRTUAL TABLE customer_search USING fts5 (
  name, company, emails, phones, tags, notes,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,
  customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
  placed_at       INTEGER NOT NULL,
  status          TEXT NOT NULL DEFAULT 'new' CHECK (status IN
                    ('new', 'confirmed', 'in-progress', 'ready', 'shipped', 'completed', 'cancelled', 'returned')),
  fulfilment      TEXT NOT NULL DEFAULT 'pickup' CHECK (fulfilment IN ('pickup', 'delivery')),
  due_at          INTEGER,
  carrier         TEXT NOT NULL DEFAULT '',
  tracking_number TEXT NOT NULL DEFAULT '',
  notes           TEXT NOT NULL DEFAULT '',
  currency        TEXT NOT NULL DEFAULT '',
  subtotal        INTEGER NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  discount        INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  total           INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
  -- Points spent on this order and the money they stood for.
  points_redeemed INTEGER NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0),
  points_value    INTEGER NOT NULL DEFAULT 0 CHECK (points_value >= 0),
  refunded        INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  completed_at    INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, placed_at);
CREATE INDEX orders_by_status ON orders (status, placed_at);
CREATE INDEX orders_by_placed ON orders (placed_at, id);
-- Overdue and due-soon lists only ever look at orders still in the pipeline.
CREATE INDEX orders_open_by_due ON orders (due_at)
  WHERE due_at IS NOT NULL AND status IN ('new', 'confirmed', 'in-progress');
CREATE INDEX orders_completed_by_customer ON orders (customer_id, completed_at, total)
  WHERE completed_at IS NOT NULL;

CREATE TABLE order_items (
  id          INTEGER PRIMARY KEY,
  order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL,
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  unit_price  INTEGER NOT NULL CHECK (unit_price >= 0)
);
CREATE INDEX order_items_by_order ON order_items (order_id, position);

CREATE TABLE order_status_history (
  id          INTEGER PRIMARY KEY,
  order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  changed_at  INTEGER NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  actor       TEXT NOT NULL DEFAULT '',
  refund      INTEGER NOT NULL DEFAULT 0 CHECK (refund >= 0)
);
CREATE INDEX order_status_history_by_order ON order_status_history (order_id, changed_at, id);
CREATE TRIGGER order_status_history_no_update BEFORE UPDATE ON order_status_history
BEGIN
  SELECT RAISE (ABORT, 'The status history of an order cannot be changed.');
END;

CREATE TABLE interactions (
  id                INTEGER PRIMARY KEY,
  customer_id       INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  occurred_at       INTEGER NOT NULL,
  channel           TEXT NOT NULL DEFAULT 'phone' CHECK (channel IN
                      ('phone', 'email', 'in-person', 'chat', 'social', 'letter', 'other')),
  direction         TEXT NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
  subject           TEXT NOT NULL DEFAULT '',
  notes             TEXT NOT NULL DEFAULT '',
  outcome           TEXT NOT NULL DEFAULT 'resolved' CHECK (outcome IN
                      ('resolved', 'follow-up', 'no-answer', 'left-message', 'complaint', 'information', 'sale',
                       'other')),
  satisfaction      INTEGER CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
  order_id          INTEGER REFERENCES orders (id) ON DELETE SET NULL,
  duration_seconds  INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  follow_up_due_at  INTEGER,
  follow_up_done_at INTEGER,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX interactions_by_customer ON interactions (customer_id, occurred_at, id);
CREATE INDEX interactions_open_follow_ups ON interactions (follow_up_due_at)
  WHERE follow_up_due_at IS NOT NULL AND follow_up_done_at IS NULL;
CREATE INDEX interactions_by_time ON interactions (occurred_at);

CREATE TRIGGER interactions_touch_customer AFTER INSERT ON interactions
BEGIN
  UPDATE customers SET last_interaction_at = NEW.occurred_at
   WHERE id = NEW.customer_id AND (last_interaction_at IS NULL OR last_interaction_at < NEW.occurred_at);
END;

CREATE TRIGGER orders_touch_customer AFTER INSERT ON orders
BEGIN
  UPDATE customers SET last_order_at = NEW.placed_at
   WHERE id = NEW.customer_id AND (last_order_at IS NULL OR last_order_at < NEW.placed_at);
END;

-- The loyalty ledger is append-only: a balance is the sum of its rows, and history is never edited.
-- The only change allowed is moving rows to another customer when two customers are merged.
CREATE TABLE loyalty_ledger (
  id              INTEGER PRIMARY KEY,
  customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
  created_at      INTEGER NOT NULL,
  delta           INTEGER NOT NULL CHECK (delta <> 0),
  kind            TEXT NOT NULL CHECK (kind IN
                    ('earn', 'redeem', 'refund', 'restore', 'expire', 'adjust', 'opening')),
  order_id        INTEGER REFERENCES orders (id) ON DELETE RESTRICT,
  reason          TEXT NOT NULL DEFAULT '',
  -- For earned points: when they lapse, if expiry is enabled.
  expires_at      INTEGER,
  import_batch_id INTEGER REFERENCES import_batches (id) ON DELETE RESTRICT,
  CHECK (kind <> 'adjust' OR length(trim(reason)) > 0)
);
-- Covering index: a balance is an index-only sum.
CREATE INDEX loyalty_ledger_balance ON loyalty_ledger (customer_id, delta);
CREATE INDEX loyalty_ledger_by_customer ON loyalty_ledger (customer_id, created_at, id);
CREATE INDEX loyalty_ledger_by_order ON loyalty_ledger (order_id) WHERE order_id IS NOT NULL;

CREATE TRIGGER loyalty_ledger_no_delete BEFORE DELETE ON loyalty_ledger
BEGIN
  SELECT RAISE (ABORT, 'Loyalty points history cannot be deleted.');
END;

CREATE TRIGGER loyalty_ledger_no_update BEFORE UPDATE ON loyalty_ledger
  WHEN NEW.id IS NOT OLD.id OR NEW.created_at IS NOT OLD.created_at OR NEW.delta IS NOT OLD.delta
    OR NEW.kind IS NOT OLD.kind OR NEW.order_id IS NOT OLD.order_id OR NEW.reason IS NOT OLD.reason
    OR NEW.expires_at IS NOT OLD.expires_at OR NEW.import_batch_id IS NOT OLD.import_batch_id
BEGIN
  SELECT RAISE (ABORT, 'Loyalty points history cannot be changed.');
END;

CREATE TRIGGER loyalty_ledger_never_negative BEFORE INSERT ON loyalty_ledger
  WHEN NEW.delta < 0
   AND (SELECT coalesce (sum (delta), 0) FROM loyalty_ledger WHERE customer_id = NEW.customer_id) + NEW.delta < 0
BEGIN
  SELECT RAISE (ABORT, 'Not enough loyalty points for this.');
END;

CREATE TABLE loyalty_tiers (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  -- Spend over the last 12 months, in minor units, from which the tier applies.
  min_spend        INTEGER NOT NULL UNIQUE CHECK (min_spend >= 0),
  -- Earn multiplier in percent: 100 = 1x, 150 = 1.5x.
  multiplier_pct   INTEGER NOT NULL DEFAULT 100 CHECK (multiplier_pct > 0)
);
INSERT INTO loyalty_tiers (name, min_spend, multiplier_pct) VALUES
  ('Bronze', 0, 100), ('Silver', 50000, 125), ('Gold', 150000, 150);

CREATE TABLE message_templates (
  id      TEXT PRIMARY KEY CHECK (id IN
            ('order-confirmed', 'order-ready', 'order-shipped', 'thank-you', 'follow-up')),
  subject TEXT NOT NULL,
  body    TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  customer_id     INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  order_id        INTEGER REFERENCES orders (id) ON DELETE SET NULL,
  template_id     TEXT,
  purpose         TEXT NOT NULL DEFAULT 'transactional' CHECK (purpose IN ('transactional', 'marketing')),
  to_address      TEXT NOT NULL,
  to_name         TEXT NOT NULL DEFAULT '',
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'discarded')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  message_id      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_by_customer ON outbox (customer_id, created_at);
