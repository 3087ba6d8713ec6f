CREATE TABLE model_versions (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text        NOT NULL,
    version         text        NOT NULL,
    artifact_digest text        NOT NULL,
    artifact_path   text,
    code_commit     text,
    params          jsonb,
    metrics         jsonb,
    run_id          text,
    source          text        NOT NULL,
    registered_at   timestamptz NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE model_datasets (
    model_version_id bigint NOT NULL REFERENCES model_versions (id),
    digest           text   NOT NULL,
    path             text   NOT NULL,
    kind             text   NOT NULL,
    bytes            bigint,
    files            bigint,
    PRIMARY KEY (model_version_id, digest, path)
);
CREATE INDEX model_datasets_by_digest ON model_datasets (digest);

CREATE TABLE model_stages (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name    text        NOT NULL,
    version text        NOT NULL,
    stage   text        NOT NULL,
    at      timestamptz NOT NULL,
    actor   text        NOT NULL,
    reason  text        NOT NULL
);
CREATE INDEX model_stages_by_name ON model_stages (name, at);

CREATE TABLE model_aliases (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name    text        NOT NULL,
    alias   text        NOT NULL,
    version text,
    at      timestamptz NOT NULL,
    source  text        NOT NULL
);
CREATE INDEX model_aliases_by_name ON model_aliases (name, alias, at);
