CREATE TABLE verdicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    verdict     TEXT    NOT NULL,
    exit_code   INTEGER NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    summary     TEXT    NOT NULL,
    findings    TEXT    NOT NULL
);
CREATE INDEX verdicts_by_digest ON verdicts (digest);
CREATE INDEX verdicts_by_kind_time ON verdicts (kind, recorded_at);

CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    digest      TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    reason      TEXT NOT NULL,
    subject     TEXT NOT NULL
);
CREATE INDEX approvals_by_digest ON approvals (digest);
