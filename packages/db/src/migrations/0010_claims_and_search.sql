CREATE TABLE `dependencies` (
	`project_key` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`depends_on` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`project_key`, `kind`, `item_id`, `depends_on`)
);
--> statement-breakpoint
CREATE INDEX `dependencies_project_target_idx` ON `dependencies` (`project_key`,`kind`,`depends_on`);--> statement-breakpoint
ALTER TABLE `sorties` ADD `priority` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
CREATE INDEX `sorties_project_status_priority_idx` ON `sorties` (`project_key`,`status`,`priority`,`created_at`);--> statement-breakpoint
-- Added by hand (drizzle-kit cannot express an FTS5 virtual table): the message search projection, fed by
-- `message_sent` like the other projection tables, with the messages already stored indexed once here.
CREATE VIRTUAL TABLE `message_search` USING fts5(`project_key` UNINDEXED, `message_id` UNINDEXED, `subject`, `body`, tokenize = 'unicode61 remove_diacritics 2');--> statement-breakpoint
INSERT INTO `message_search` (`project_key`, `message_id`, `subject`, `body`) SELECT `project_key`, `message_id`, `subject`, `body` FROM `messages`;
