-- Schema version 2: an import can be reverted with its opening points.
--
-- An import may give its new customers opening loyalty balances (ledger rows of kind 'opening'
-- with the batch's import_batch_id). The ledger stays append-only for everything else; the one
-- delete now allowed is that of an opening row of an import batch already marked reverted, for a
-- customer who has no other points history (so the balance goes to zero, never below, and no
-- point the customer earned or spent is touched). custcare_import_revert() sets reverted_at
-- first, in the same transaction.
DROP TRIGGER loyalty_ledger_no_delete;

CREATE TRIGGER loyalty_ledger_no_delete BEFORE DELETE ON loyalty_ledger
  WHEN NOT (OLD.kind = 'opening' AND OLD.import_batch_id IS NOT NULL
            AND (SELECT reverted_at FROM import_batches WHERE id = OLD.import_batch_id) IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM loyalty_ledger l
                             WHERE l.customer_id = OLD.customer_id
                               AND NOT (l.kind = 'opening' AND l.import_batch_id IS OLD.import_batch_id)))
BEGIN
  SELECT RAISE (ABORT, 'Loyalty points history cannot be deleted.');
END;
