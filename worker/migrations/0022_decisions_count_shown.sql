-- An offer decision counts what it showed for the bandit (offer_kind_stats.shown, per segment and kind)
-- in the statement that records it: the tracking page view records one per answer with offers, and D1
-- runs queries one at a time, so one statement instead of two takes a query off every such page view.
-- Whatever writes a decision row (the worker, the demo's history) no longer adds its shown counts itself.
-- A copy of decision rows made with INSERT (a move between databases) counts them again: copy
-- offer_kind_stats as it is and the decisions with this trigger dropped, or subtract.
CREATE TRIGGER offer_decisions_count_shown AFTER INSERT ON offer_decisions
WHEN NEW.offers <> '[]'
BEGIN
  INSERT INTO offer_kind_stats (store_id, segment, kind, shown, clicked)
    SELECT NEW.store_id, NEW.segment, json_extract(o.value, '$.kind'), count(*), 0
    FROM json_each(NEW.offers) o
    GROUP BY json_extract(o.value, '$.kind')
  ON CONFLICT (store_id, segment, kind) DO UPDATE SET shown = shown + excluded.shown;
END;
