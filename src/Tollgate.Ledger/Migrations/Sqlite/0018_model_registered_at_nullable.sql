-- A version's registration time may be unknown (an MLflow version without creation_timestamp): NULL, where it was
-- stored as 0 (1970-01-01), which made a version really sent with 0 read as unknown too. SQLite cannot drop NOT NULL in
-- place, and rebuilding the table would drop model_versions under model_datasets' foreign key: the column is copied
-- into a new nullable one, dropped, and the new one takes its name. Rows an import stored at 0 stay 0: a version
-- without a time and one sent with 0 were stored alike, so they cannot be told apart.
ALTER TABLE model_versions ADD COLUMN registered_at_or_null INTEGER;
UPDATE model_versions SET registered_at_or_null = registered_at;
ALTER TABLE model_versions DROP COLUMN registered_at;
ALTER TABLE model_versions RENAME COLUMN registered_at_or_null TO registered_at;
