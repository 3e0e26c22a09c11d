-- Schema version 3: phone numbers get their own search index.
--
-- Until now `customer_search` held every digit suffix of every number (so "010 2030" was a prefix
-- match of "5550102030"), and each suffix carried the table's three prefix-index entries: about
-- two thirds of the index's size and of the time a big import spent building it. A trigram index
-- matches any run of three or more digits inside a number with one entry per digit, which is the
-- same answer for what a receptionist types, at a fraction of the cost.
--
-- customer_search keeps everything else, with the same tokenizer and prefix indexes; both are
-- contentless and rebuilt here from the tables, which hold the text.
DROP TABLE customer_search;

CREATE VIRTUAL TABLE customer_search USING fts5 (
  name, company, emails, tags, notes,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

-- One row per customer with a phone (rowid = customer id): the digits of each of their numbers,
-- separated by blanks (what is typed to search has no blanks, so no match spans two numbers).
CREATE VIRTUAL TABLE customer_phone_search USING fts5 (
  digits,
  content = '', contentless_delete = 1,
  tokenize = 'trigram'
);

INSERT INTO customer_search (rowid, name, company, emails, tags, notes)
SELECT c.id,
       c.given_name || ' ' || c.family_name || ' ' || c.display_name,
       c.company,
       (SELECT group_concat (address, ' ') FROM customer_emails WHERE customer_id = c.id),
       (SELECT group_concat (t.name, ' ') FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
         WHERE ct.customer_id = c.id),
       c.notes
  FROM customers c ORDER BY c.id;

INSERT INTO customer_phone_search (rowid, digits)
SELECT customer_id, group_concat (digits, ' ') FROM customer_phones GROUP BY customer_id ORDER BY customer_id;

-- The last seven digits of each number: the duplicate check finds "+44 20 7946 0001" from
-- "020 7946 0001" (the same number, stored with its country code) through this, without the search
-- index. Seven is MIN_PHONE_DIGITS, the fewest a number needs for that check.
CREATE INDEX customer_phones_by_tail ON customer_phones (substr (digits, -7));

INSERT INTO customer_search (customer_search) VALUES ('optimize');
INSERT INTO customer_phone_search (customer_phone_search) VALUES ('optimize');
