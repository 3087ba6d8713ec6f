CREATE TABLE verdicts (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    kind        text        NOT NULL,
    subject     text        NOT NULL,
    digest      text        NOT NULL,
    verdict     text        NOT NULL,
    exit_code   integer     NOT NULL,
    reason      text        NOT NULL DEFAULT '',
    summary     jsonb       NOT NULL,
    findings    jsonb       NOT NULL
);
CREATE INDEX verdicts_by_digest ON verdicts (digest);
CREATE INDEX verdicts_by_kind_time ON verdicts (kind, recorded_at);

CREATE TABLE approvals (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    digest      text        NOT NULL,
    approved_by text        NOT NULL,
    reason      text        NOT NULL,
    subject     text        NOT NULL
);
CREATE INDEX approvals_by_digest ON approvals (digest);
