ALTER TABLE `pilots` ADD `worktree` text;--> statement-breakpoint
ALTER TABLE `pilots` ADD `branch` text;