CREATE TABLE `archive_segments` (
	`project_key` text NOT NULL,
	`first_sequence` integer NOT NULL,
	`last_sequence` integer NOT NULL,
	`compacted_before` integer NOT NULL,
	`event_count` integer NOT NULL,
	`checksum` text NOT NULL,
	`payload` blob NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`project_key`, `first_sequence`)
);
--> statement-breakpoint
CREATE INDEX `archive_segments_project_last_idx` ON `archive_segments` (`project_key`,`last_sequence`);--> statement-breakpoint
CREATE TABLE `compaction_permits` (
	`project_key` text PRIMARY KEY NOT NULL,
	`first_sequence` integer NOT NULL,
	`last_sequence` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `snapshots` (
	`project_key` text NOT NULL,
	`sequence` integer NOT NULL,
	`schema_version` integer NOT NULL,
	`checksum` text NOT NULL,
	`row_count` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`project_key`, `sequence`)
);
