-- Events are immutable: the database itself aborts every UPDATE and DELETE on the log, and any insert of an
-- id already stored (`INSERT OR REPLACE` would otherwise delete the old row without firing a DELETE trigger).
CREATE TRIGGER `events_no_update` BEFORE UPDATE ON `events`
BEGIN
	SELECT RAISE(ABORT, 'events are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `events_no_delete` BEFORE DELETE ON `events`
BEGIN
	SELECT RAISE(ABORT, 'events are immutable');
END;

--> statement-breakpoint
CREATE TRIGGER `events_no_replace` BEFORE INSERT ON `events`
WHEN EXISTS (SELECT 1 FROM `events` WHERE `id` = NEW.`id`)
BEGIN
	SELECT RAISE(ABORT, 'events are immutable');
END;
