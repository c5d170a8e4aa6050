-- Compaction (packages/events, specs §7) moves events covered by a snapshot into `archive_segments`. The log
-- stays immutable for everything else: a DELETE on `events` aborts unless a compaction permit covers the row.
-- A permit exists only inside the compaction's own write transaction (inserted before its DELETE, removed
-- after it), so no other statement can ever use one. `events_no_update` is unchanged. With
-- `recursive_triggers = ON` the implicit delete of `INSERT OR REPLACE` still fires this trigger (no permit:
-- abort).
DROP TRIGGER `events_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `events_no_delete` BEFORE DELETE ON `events`
WHEN NOT EXISTS (
	SELECT 1 FROM `compaction_permits` AS `p`
	WHERE `p`.`project_key` = OLD.`project_key`
		AND OLD.`sequence` BETWEEN `p`.`first_sequence` AND `p`.`last_sequence`
)
BEGIN
	SELECT RAISE(ABORT, 'events are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `archive_segments_no_update` BEFORE UPDATE ON `archive_segments`
BEGIN
	SELECT RAISE(ABORT, 'archived events are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `archive_segments_no_delete` BEFORE DELETE ON `archive_segments`
BEGIN
	SELECT RAISE(ABORT, 'archived events are immutable');
END;
