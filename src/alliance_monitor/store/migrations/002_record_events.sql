-- The curated event record (knowledge/data/events): one row per sourced deed, with the day it
-- became public (its earliest report) for point-in-time assessments.
CREATE TABLE record_events (
    id VARCHAR PRIMARY KEY, event_date DATE NOT NULL, known_from DATE NOT NULL,
    source VARCHAR NOT NULL, target VARCHAR, category VARCHAR NOT NULL, doc JSON NOT NULL);
