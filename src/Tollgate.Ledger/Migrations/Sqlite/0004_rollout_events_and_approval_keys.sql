-- tollgate serve: controller events recorded once per rollout revision (Flagger's checksum) and event, however many
-- replicas receive them; approvals recorded once per digest, approver and reason, however often they are sent.
CREATE TABLE rollout_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT    NOT NULL,
    controller  TEXT    NOT NULL,
    namespace   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    checksum    TEXT    NOT NULL,
    event_key   TEXT    NOT NULL,
    phase       TEXT    NOT NULL,
    event_type  TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    occurred_at TEXT,
    UNIQUE (controller, namespace, name, checksum, event_key)
);

-- Null for approvals recorded before this step: they stay as they were.
ALTER TABLE approvals ADD COLUMN approval_key TEXT;
CREATE UNIQUE INDEX approvals_once ON approvals (approval_key);

CREATE INDEX verdicts_by_subject ON verdicts (subject, id);
