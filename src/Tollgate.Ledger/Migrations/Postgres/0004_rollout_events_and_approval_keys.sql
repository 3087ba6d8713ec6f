-- tollgate serve: controller events recorded once per rollout revision (Flagger's checksum) and event, however many
-- replicas receive them; approvals recorded once per digest, approver and reason, however often they are sent.
CREATE TABLE rollout_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    controller  text        NOT NULL,
    namespace   text        NOT NULL,
    name        text        NOT NULL,
    checksum    text        NOT NULL,
    event_key   text        NOT NULL,
    phase       text        NOT NULL,
    event_type  text        NOT NULL,
    message     text        NOT NULL,
    occurred_at timestamptz,
    UNIQUE (controller, namespace, name, checksum, event_key)
);

-- Null for approvals recorded before this step: they stay as they were.
ALTER TABLE approvals ADD COLUMN approval_key text;
CREATE UNIQUE INDEX approvals_once ON approvals (approval_key);

CREATE INDEX verdicts_by_subject ON verdicts (subject, id);
