-- The model registry: versions with their training datasets by content digest, and stages and aliases as
-- append-only events. Times are Unix milliseconds (UTC), as in 0003.
CREATE TABLE model_versions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL,
    version         TEXT    NOT NULL,
    artifact_digest TEXT    NOT NULL,
    artifact_path   TEXT,
    code_commit     TEXT,
    params          TEXT,
    metrics         TEXT,
    run_id          TEXT,
    source          TEXT    NOT NULL,
    registered_at   INTEGER NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE model_datasets (
    model_version_id INTEGER NOT NULL REFERENCES model_versions (id),
    digest           TEXT    NOT NULL,
    path             TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    bytes            INTEGER,
    files            INTEGER,
    PRIMARY KEY (model_version_id, digest, path)
);
-- "What did this dataset train": by digest, without scanning versions.
CREATE INDEX model_datasets_by_digest ON model_datasets (digest);

CREATE TABLE model_stages (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    name    TEXT    NOT NULL,
    version TEXT    NOT NULL,
    stage   TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    reason  TEXT    NOT NULL
);
CREATE INDEX model_stages_by_name ON model_stages (name, at);

CREATE TABLE model_aliases (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    name    TEXT    NOT NULL,
    alias   TEXT    NOT NULL,
    version TEXT,
    at      INTEGER NOT NULL,
    source  TEXT    NOT NULL
);
CREATE INDEX model_aliases_by_name ON model_aliases (name, alias, at);
