-- Backups pgdrill did not make (pgdrill verify --file), taken in for one verification under profile
-- 'external': never a drill or restore candidate, never any configured profile's retention.
ALTER TABLE backups DROP CONSTRAINT backups_kind_check;
ALTER TABLE backups ADD CONSTRAINT backups_kind_check CHECK (kind IN ('scheduled', 'manual', 'pre-restore', 'external'));
