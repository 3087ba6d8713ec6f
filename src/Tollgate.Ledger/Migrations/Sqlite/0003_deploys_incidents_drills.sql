-- Times are Unix milliseconds (UTC): compact, sortable, and read a million rows without parsing text.
CREATE TABLE deploys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    deploy_key  TEXT    NOT NULL UNIQUE,
    service     TEXT    NOT NULL,
    environment TEXT    NOT NULL,
    version     TEXT    NOT NULL,
    intent      TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    artifact_id TEXT,
    remediates  TEXT,
    source      TEXT    NOT NULL
);
CREATE INDEX deploys_by_target ON deploys (service, environment, started_at);

CREATE TABLE deploy_changes (
    deploy_id    INTEGER NOT NULL REFERENCES deploys (id),
    change_id    TEXT    NOT NULL,
    committed_at INTEGER,
    PRIMARY KEY (deploy_id, change_id)
);

CREATE TABLE changes (
    change_id    TEXT PRIMARY KEY,
    committed_at INTEGER NOT NULL
);

CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_key TEXT    NOT NULL UNIQUE,
    service      TEXT    NOT NULL,
    environment  TEXT    NOT NULL,
    detected_at  INTEGER NOT NULL,
    resolved_at  INTEGER,
    caused_by    TEXT,
    artifact_id  TEXT
);

CREATE TABLE delivery_events (
    event_id    TEXT PRIMARY KEY,
    type        TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL
);

CREATE TABLE drills (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    service     TEXT    NOT NULL,
    ok          INTEGER NOT NULL,
    duration_ms INTEGER,
    at          INTEGER NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX drills_by_service ON drills (service, at);
