-- Resolutions that arrived before their incident (pagers and relays deliver out of order): kept here, the latest by its
-- own time, and applied when the incident is recorded, so a resolution is never lost to the order of delivery.
CREATE TABLE incident_resolutions (
    incident_key TEXT    PRIMARY KEY,
    resolved_at  INTEGER NOT NULL
);
