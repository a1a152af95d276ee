-- Closing an incident names where its lessons go (第56条5・6, 第165条; docs/incidents.md "完了"): the 年度
-- whose 情報セキュリティポリシーの見直し takes them in, or a change request (申請) filed for the 再発防止策.
-- Checked when the incident is closed (src/domain/incidents/incident_follow_up.c): the 年度 is not before
-- the incident's and its review is not yet held; the request exists and is still alive. follow_up stays
-- the free-text note beside the link.
ALTER TABLE incidents ADD COLUMN review_fiscal_year INTEGER
  CHECK (review_fiscal_year IS NULL OR review_fiscal_year BETWEEN 2000 AND 2100);
ALTER TABLE incidents ADD COLUMN change_request_id INTEGER REFERENCES requests(id);

-- Owned by policydocs (src/domain/policydocs): which 年度 have their review recorded and when it was
-- held; an incident's closure is checked against it. The review's text stays private.
CREATE VIEW policy_reviews_v AS
  SELECT id, fiscal_year, reviewed_on FROM policy_reviews;
