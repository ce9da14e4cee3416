-- PLOVER / POLECAT JSON records, one row per (actor, recipient) pair of a record (issue 4).
CREATE TABLE plover_events (
    record_id VARCHAR NOT NULL, dyad INTEGER NOT NULL, event_date DATE NOT NULL,
    actor1 VARCHAR, actor1_code VARCHAR, actor1_sector VARCHAR,
    actor2 VARCHAR, actor2_code VARCHAR, actor2_sector VARCHAR,
    category VARCHAR NOT NULL, mode VARCHAR, context VARCHAR, quad TINYINT NOT NULL,
    score DOUBLE, text VARCHAR, url VARCHAR, noise VARCHAR, file_id INTEGER NOT NULL);
