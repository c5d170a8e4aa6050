CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`project_key` text NOT NULL,
	`sequence` integer NOT NULL,
	`type` text NOT NULL,
	`stream_id` text NOT NULL,
	`stream_version` integer NOT NULL,
	`timestamp` text NOT NULL,
	`data` text NOT NULL,
	`metadata` text,
	`schema_version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_project_type_sequence_idx` ON `events` (`project_key`,`type`,`sequence`);--> statement-breakpoint
CREATE INDEX `events_project_timestamp_idx` ON `events` (`project_key`,`timestamp`);--> statement-breakpoint
CREATE UNIQUE INDEX `events_project_sequence_unique` ON `events` (`project_key`,`sequence`);--> statement-breakpoint
CREATE UNIQUE INDEX `events_project_stream_version_unique` ON `events` (`project_key`,`stream_id`,`stream_version`);--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`project_key` text NOT NULL,
	`checkpoint_id` text NOT NULL,
	`callsign` text NOT NULL,
	`sortie_id` text,
	`mission_id` text,
	`summary` text NOT NULL,
	`state` text NOT NULL,
	`files_modified` text,
	`created_at` text NOT NULL,
	`restored_at` text,
	`restored_by` text,
	PRIMARY KEY(`project_key`, `checkpoint_id`)
);
--> statement-breakpoint
CREATE INDEX `checkpoints_project_callsign_created_idx` ON `checkpoints` (`project_key`,`callsign`,`created_at`);--> statement-breakpoint
CREATE INDEX `checkpoints_project_sortie_created_idx` ON `checkpoints` (`project_key`,`sortie_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `missions` (
	`project_key` text NOT NULL,
	`mission_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_by` text,
	`summary` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`completed_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`project_key`, `mission_id`)
);
--> statement-breakpoint
CREATE TABLE `sorties` (
	`project_key` text NOT NULL,
	`sortie_id` text NOT NULL,
	`mission_id` text,
	`title` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`assigned_to` text,
	`progress` integer DEFAULT 0 NOT NULL,
	`blocked_reason` text,
	`result` text,
	`files` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`completed_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`project_key`, `sortie_id`)
);
--> statement-breakpoint
CREATE INDEX `sorties_project_mission_idx` ON `sorties` (`project_key`,`mission_id`);--> statement-breakpoint
CREATE INDEX `sorties_project_status_idx` ON `sorties` (`project_key`,`status`);--> statement-breakpoint
CREATE INDEX `sorties_project_assigned_idx` ON `sorties` (`project_key`,`assigned_to`);--> statement-breakpoint
CREATE TABLE `work_orders` (
	`project_key` text NOT NULL,
	`work_order_id` text NOT NULL,
	`sortie_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`assigned_to` text,
	`result` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`completed_at` text,
	PRIMARY KEY(`project_key`, `work_order_id`)
);
--> statement-breakpoint
CREATE INDEX `work_orders_project_sortie_idx` ON `work_orders` (`project_key`,`sortie_id`);--> statement-breakpoint
CREATE TABLE `cursors` (
	`project_key` text NOT NULL,
	`consumer` text NOT NULL,
	`position` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`project_key`, `consumer`)
);
--> statement-breakpoint
CREATE TABLE `locks` (
	`project_key` text NOT NULL,
	`resource` text NOT NULL,
	`lock_id` text NOT NULL,
	`callsign` text NOT NULL,
	`fencing_token` integer NOT NULL,
	`acquired_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`released_at` text,
	PRIMARY KEY(`project_key`, `resource`)
);
--> statement-breakpoint
CREATE TABLE `message_recipients` (
	`project_key` text NOT NULL,
	`message_id` text NOT NULL,
	`callsign` text NOT NULL,
	`read_at` text,
	`acked_at` text,
	PRIMARY KEY(`project_key`, `message_id`, `callsign`)
);
--> statement-breakpoint
CREATE INDEX `message_recipients_project_callsign_read_idx` ON `message_recipients` (`project_key`,`callsign`,`read_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`project_key` text NOT NULL,
	`message_id` text NOT NULL,
	`thread_id` text,
	`from_callsign` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`importance` text DEFAULT 'normal' NOT NULL,
	`ack_required` integer DEFAULT false NOT NULL,
	`sent_at` text NOT NULL,
	PRIMARY KEY(`project_key`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `messages_project_thread_sent_idx` ON `messages` (`project_key`,`thread_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `pilots` (
	`project_key` text NOT NULL,
	`callsign` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`program` text,
	`model` text,
	`task_description` text,
	`ttl_ms` integer DEFAULT 300000 NOT NULL,
	`spawned_by` text,
	`registered_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`deregistered_at` text,
	`last_compacted_at` text,
	PRIMARY KEY(`project_key`, `callsign`)
);
--> statement-breakpoint
CREATE INDEX `pilots_project_status_idx` ON `pilots` (`project_key`,`status`);--> statement-breakpoint
CREATE TABLE `reservations` (
	`project_key` text NOT NULL,
	`reservation_id` text NOT NULL,
	`path` text NOT NULL,
	`callsign` text NOT NULL,
	`mode` text DEFAULT 'exclusive' NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`released_at` text,
	`conflicting` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`project_key`, `reservation_id`, `path`)
);
--> statement-breakpoint
CREATE INDEX `reservations_project_path_idx` ON `reservations` (`project_key`,`path`);--> statement-breakpoint
CREATE INDEX `reservations_project_callsign_idx` ON `reservations` (`project_key`,`callsign`);--> statement-breakpoint
CREATE TABLE `threads` (
	`project_key` text NOT NULL,
	`thread_id` text NOT NULL,
	`subject` text NOT NULL,
	`created_by` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` text NOT NULL,
	`last_activity_at` text NOT NULL,
	`message_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_key`, `thread_id`)
);
