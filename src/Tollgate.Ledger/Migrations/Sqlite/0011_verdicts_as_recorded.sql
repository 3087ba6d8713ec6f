-- Nothing to change: SQLite's summary and findings are TEXT, kept as the report wrote them. PostgreSQL's step turns
-- its jsonb columns into json, which keeps the text too, so both engines read a verdict back byte for byte.
SELECT 1;
