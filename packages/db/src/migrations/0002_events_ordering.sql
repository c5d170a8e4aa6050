-- Order is kept by the database itself, for every writer, not only by the EventStore:
-- a project's sequence is gap-free (each insert takes the next one) and a stream's versions are consecutive.
-- The EventStore computes both inside its write transaction; these triggers reject any insert that does not.
CREATE TRIGGER `events_sequence_gap_free` BEFORE INSERT ON `events`
WHEN NEW.`sequence` IS NOT (SELECT COALESCE(MAX(`sequence`), 0) + 1 FROM `events` WHERE `project_key` = NEW.`project_key`)
BEGIN
	SELECT RAISE(ABORT, 'FLEET_SEQUENCE_GAP: an event must take the next sequence of its project');
END;
--> statement-breakpoint
CREATE TRIGGER `events_stream_version_consecutive` BEFORE INSERT ON `events`
WHEN NEW.`stream_version` IS NOT (
	SELECT COALESCE(MAX(`stream_version`), 0) + 1 FROM `events`
	WHERE `project_key` = NEW.`project_key` AND `stream_id` = NEW.`stream_id`
)
BEGIN
	SELECT RAISE(ABORT, 'FLEET_STREAM_VERSION_CONFLICT: an event must take the next version of its stream');
END;
