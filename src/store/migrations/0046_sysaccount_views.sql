-- Published views of sysaccounts (src/domain/sysaccounts; docs/architecture.md "Table ownership"): the
-- self-check answers its 第83条・第84条 items from them (src/domain/evaluation/selfcheck_ids.c), since
-- sysaccounts depends on evaluation and cannot be called from it. What the imports and the reviews
-- hold, read-only; nothing else of sysaccounts is published.

-- Every imported account list: when, and how many IDs it held.
CREATE VIEW sysaccount_snapshots_v AS
  SELECT id, system_id, id_count, imported_at FROM sysaccount_snapshots;

-- The IDs of each system's latest list: the IDs it has now. Driven from the snapshot, so that a
-- system's IDs are found through sysaccount_snapshots_system and the (snapshot_id, login_id) key.
CREATE VIEW sysaccount_current_ids_v AS
  SELECT sn.system_id, x.snapshot_id, x.login_id, x.holder_name, x.last_login, x.enabled, x.privileged
  FROM sysaccount_snapshots sn JOIN sysaccount_ids x ON x.snapshot_id = sn.id
  WHERE sn.id = (SELECT max(id) FROM sysaccount_snapshots s2 WHERE s2.system_id = sn.system_id);

-- Each ID of each access-review campaign (第83条(3)) with its campaign and its progress: none (kept or
-- undecided), done (recorded by hand, or the system's latest import after the decision shows the ID
-- gone, disabled or its privilege changed; lgsec's own account disabled) or pending. The one
-- declaration of the rule: sysacct_review.c's pages read it from here too.
CREATE VIEW access_review_items_v AS
  SELECT i.id, i.review_id, r.title AS review_title, r.opened_on, r.due_on, r.state AS review_state,
         i.system_id, i.login_id, i.holder_name, i.privileged, i.findings, i.decision, i.decided_at,
         CASE WHEN i.decision IS NULL OR i.decision = 'keep' THEN 'none'
              WHEN i.done_at IS NOT NULL THEN 'done'
              WHEN i.system_id = 0 AND EXISTS (SELECT 1 FROM accounts_v a WHERE a.login_id = i.login_id
                   AND a.disabled_at IS NOT NULL) THEN 'done'
              WHEN i.system_id > 0 AND EXISTS (SELECT 1 FROM sysaccount_snapshots sn WHERE sn.system_id = i.system_id
                   AND sn.imported_at > i.decided_at
                   AND sn.id = (SELECT max(id) FROM sysaccount_snapshots WHERE system_id = i.system_id)
                   AND NOT EXISTS (SELECT 1 FROM sysaccount_ids x WHERE x.snapshot_id = sn.id
                       AND x.login_id = i.login_id AND x.enabled = 1
                       AND (i.decision = 'remove' OR x.privileged = i.privileged)))
              THEN 'done' ELSE 'pending' END AS progress
  FROM access_review_items i JOIN access_reviews r ON r.id = i.review_id;
