-- Every emergency restore run is its own incident: runs of one target share a workflow id (one at a time),
-- so the record is keyed by the run's restore id. Records written before keep their workflow id as theirs.
ALTER TABLE incidents ADD COLUMN restore_id text;
UPDATE incidents SET restore_id = coalesce(record->>'restoreId', workflow_id);
ALTER TABLE incidents ALTER COLUMN restore_id SET NOT NULL;
ALTER TABLE incidents DROP CONSTRAINT incidents_pkey;
ALTER TABLE incidents ADD PRIMARY KEY (restore_id);
CREATE INDEX incidents_by_target ON incidents (target_profile, incident_time DESC);
