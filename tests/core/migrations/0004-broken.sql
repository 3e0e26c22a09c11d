-- A migration that fails half-way: the first statements succeed, then one breaks. Nothing of it
-- may remain.
CREATE TABLE half_done (x);
UPDATE customers SET notes = 'overwritten by a broken migration';
INSERT INTO no_such_table VALUES (1);
