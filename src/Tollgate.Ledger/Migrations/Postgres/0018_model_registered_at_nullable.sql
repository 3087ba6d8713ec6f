-- A version's registration time may be unknown (an MLflow version without creation_timestamp): NULL, where it was
-- stored as 1970-01-01, which made a version really sent with 0 read as unknown too. Rows an import stored at 1970
-- stay so: a version without a time and one sent with 0 were stored alike, so they cannot be told apart.
ALTER TABLE model_versions ALTER COLUMN registered_at DROP NOT NULL;
