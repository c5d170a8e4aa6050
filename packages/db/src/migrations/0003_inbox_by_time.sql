ALTER TABLE `message_recipients` ADD `sent_at` text;--> statement-breakpoint
CREATE INDEX `message_recipients_project_callsign_sent_idx` ON `message_recipients` (`project_key`,`callsign`,`sent_at`);