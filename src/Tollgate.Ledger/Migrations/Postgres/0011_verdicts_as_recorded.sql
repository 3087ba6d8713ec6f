-- A verdict's summary and findings are kept as the report wrote them (json keeps the text: key order, as SQLite's
-- TEXT does), so `tollgate verdicts ID` and GET /api/v1/verdicts/ID print the same bytes on both engines. jsonb
-- re-ordered keys (shortest first) and dropped the report's order for good: rows recorded before this step keep
-- jsonb's order, read as they are. Queries use json's functions (json_array_elements, ->>) or cast to jsonb.
ALTER TABLE verdicts
    ALTER COLUMN summary TYPE json USING summary::json,
    ALTER COLUMN findings TYPE json USING findings::json;
