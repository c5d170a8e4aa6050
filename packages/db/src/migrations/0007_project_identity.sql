CREATE TABLE `project_identity` (
	`project_key` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`created_root` text NOT NULL
);
