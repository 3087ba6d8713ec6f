CREATE TABLE deploys (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deploy_key  text        NOT NULL UNIQUE,
    service     text        NOT NULL,
    environment text        NOT NULL,
    version     text        NOT NULL,
    intent      text        NOT NULL,
    result      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    artifact_id text,
    remediates  text,
    source      text        NOT NULL
);
CREATE INDEX deploys_by_target ON deploys (service, environment, started_at);

CREATE TABLE deploy_changes (
    deploy_id    bigint NOT NULL REFERENCES deploys (id),
    change_id    text   NOT NULL,
    committed_at timestamptz,
    PRIMARY KEY (deploy_id, change_id)
);

CREATE TABLE changes (
    change_id    text PRIMARY KEY,
    committed_at timestamptz NOT NULL
);

CREATE TABLE incidents (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_key text        NOT NULL UNIQUE,
    service      text        NOT NULL,
    environment  text        NOT NULL,
    detected_at  timestamptz NOT NULL,
    resolved_at  timestamptz,
    caused_by    text,
    artifact_id  text
);

CREATE TABLE delivery_events (
    event_id    text PRIMARY KEY,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL
);

CREATE TABLE drills (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service     text        NOT NULL,
    ok          boolean     NOT NULL,
    duration_ms bigint,
    at          timestamptz NOT NULL,
    detail      text        NOT NULL
);
CREATE INDEX drills_by_service ON drills (service, at);
