-- A stand-in for a future migration: adds a column and back-fills it from existing rows.
ALTER TABLE customers ADD COLUMN preferred_channel TEXT NOT NULL DEFAULT '';
UPDATE customers SET preferred_channel = 'phone' WHERE id IN (SELECT customer_id FROM customer_phones);
