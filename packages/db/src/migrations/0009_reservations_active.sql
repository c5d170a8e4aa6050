DROP INDEX `reservations_project_path_idx`;--> statement-breakpoint
DROP INDEX `reservations_project_callsign_idx`;--> statement-breakpoint
CREATE INDEX `reservations_active_expiry_idx` ON `reservations` (`project_key`,`expires_at`,`callsign`,`mode`,`path`,`released_at`) WHERE released_at IS NULL;--> statement-breakpoint
CREATE INDEX `reservations_active_path_idx` ON `reservations` (`project_key`,`path`,`expires_at`) WHERE released_at IS NULL;--> statement-breakpoint
CREATE INDEX `reservations_active_callsign_idx` ON `reservations` (`project_key`,`callsign`,`expires_at`) WHERE released_at IS NULL;