-- Coded events (issue 5). One row per real-world event; each report of it is a mention.
-- `series/` reads event_id, event_date, source, target, category, mode, quad, confidence, disputed.
CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,        -- 'ev:' + hash of the first mention's key
    event_date DATE,
    source VARCHAR NOT NULL,             -- ISO3, NATO or IP4
    target VARCHAR,
    category VARCHAR NOT NULL,           -- one of the 16 PLOVER categories
    mode VARCHAR,
    quad INTEGER,                        -- 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
    confidence DOUBLE NOT NULL,          -- highest mention confidence
    disputed BOOLEAN NOT NULL DEFAULT FALSE,
    topic VARCHAR,                       -- alliance topic the event is about (nato_summit, exercises, …)
    polarity INTEGER,                    -- +1 the deed happens/affirmed, -1 refused/cancelled/cut
    mentions INTEGER NOT NULL DEFAULT 1,
    sources INTEGER NOT NULL DEFAULT 1,  -- distinct outlets among the mentions
    updated_at TIMESTAMP DEFAULT current_timestamp);
CREATE INDEX events_date ON events (event_date);
CREATE TABLE event_mentions (
    event_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    sentence VARCHAR NOT NULL,           -- the evidence: the sentence text
    span_start INTEGER NOT NULL,         -- character span of the sentence in the document text
    span_end INTEGER NOT NULL,
    mention_date DATE,
    confidence DOUBLE NOT NULL,
    reported BOOLEAN NOT NULL DEFAULT FALSE,  -- attributed speech ("X said …", "laut …")
    PRIMARY KEY (event_id, doc_id, span_start));
CREATE TABLE event_signals (
    event_id VARCHAR NOT NULL,
    alliance VARCHAR NOT NULL,
    criterion VARCHAR NOT NULL,
    direction INTEGER NOT NULL,
    rule VARCHAR NOT NULL,               -- id of the signal rule in coding/data/signals.yaml
    PRIMARY KEY (event_id, alliance, criterion, direction));
-- Contradicting reports: both events stay, both are flagged `disputed`, and this table links them.
CREATE TABLE event_disputes (
    event_id VARCHAR NOT NULL,
    other_event_id VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY (event_id, other_event_id));
