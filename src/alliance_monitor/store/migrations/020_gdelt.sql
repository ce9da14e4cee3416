-- GDELT and PLOVER event files (issue 4). Written only by alliance_monitor.ingest.events_files.
-- No primary keys on the big tables: natural keys are enforced by the importer (anti-joins
-- within the zone-map-pruned id range), which keeps bulk loads fast and indexes out of memory.
CREATE TABLE gdelt_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE SEQUENCE event_file_ids START 1;
-- One row per imported file (its content hash is the idempotency key).
CREATE TABLE event_files (
    file_id INTEGER PRIMARY KEY, sha256 VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL,
    path VARCHAR, kind VARCHAR NOT NULL, size BIGINT NOT NULL, rows_read BIGINT NOT NULL,
    rows_added BIGINT NOT NULL, rows_unchanged BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL, imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp);
-- Rows that could not be read: wrong column count, bad date, non-UTF-8, non-numeric, ...
CREATE TABLE event_quarantine (
    file_id INTEGER NOT NULL, file VARCHAR NOT NULL, line BIGINT, reason VARCHAR NOT NULL,
    detail VARCHAR, raw VARCHAR);
-- CAMEO codes with Goldstein value, quad class and PLOVER category (ingest/data/cameo_plover.tsv).
CREATE TABLE cameo_codes (
    code VARCHAR PRIMARY KEY, description VARCHAR NOT NULL, goldstein DOUBLE NOT NULL,
    quad TINYINT NOT NULL, plover VARCHAR, plover_mode VARCHAR);
-- GDELT 1.0 and 2.0 events: every source column (snake_case), then the derived columns.
-- Country codes: actor*_country_code are CAMEO 3-letter codes, *_geo_country_code FIPS 10-4.
CREATE TABLE gdelt_events (
    global_event_id BIGINT NOT NULL, event_date DATE NOT NULL, month_year INTEGER,
    year INTEGER, fraction_date DOUBLE,
    actor1_code VARCHAR, actor1_name VARCHAR, actor1_country_code VARCHAR,
    actor1_known_group_code VARCHAR, actor1_ethnic_code VARCHAR, actor1_religion1_code VARCHAR,
    actor1_religion2_code VARCHAR, actor1_type1_code VARCHAR, actor1_type2_code VARCHAR,
    actor1_type3_code VARCHAR,
    actor2_code VARCHAR, actor2_name VARCHAR, actor2_country_code VARCHAR,
    actor2_known_group_code VARCHAR, actor2_ethnic_code VARCHAR, actor2_religion1_code VARCHAR,
    actor2_religion2_code VARCHAR, actor2_type1_code VARCHAR, actor2_type2_code VARCHAR,
    actor2_type3_code VARCHAR,
    is_root_event TINYINT, event_code VARCHAR NOT NULL, event_base_code VARCHAR,
    event_root_code VARCHAR, quad_class TINYINT NOT NULL, goldstein_scale DOUBLE,
    num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, avg_tone DOUBLE,
    actor1_geo_type TINYINT, actor1_geo_fullname VARCHAR, actor1_geo_country_code VARCHAR,
    actor1_geo_adm1_code VARCHAR, actor1_geo_adm2_code VARCHAR, actor1_geo_lat DOUBLE,
    actor1_geo_long DOUBLE, actor1_geo_feature_id VARCHAR,
    actor2_geo_type TINYINT, actor2_geo_fullname VARCHAR, actor2_geo_country_code VARCHAR,
    actor2_geo_adm1_code VARCHAR, actor2_geo_adm2_code VARCHAR, actor2_geo_lat DOUBLE,
    actor2_geo_long DOUBLE, actor2_geo_feature_id VARCHAR,
    action_geo_type TINYINT, action_geo_fullname VARCHAR, action_geo_country_code VARCHAR,
    action_geo_adm1_code VARCHAR, action_geo_adm2_code VARCHAR, action_geo_lat DOUBLE,
    action_geo_long DOUBLE, action_geo_feature_id VARCHAR,
    date_added TIMESTAMP NOT NULL, source_url VARCHAR,
    gdelt_version TINYINT NOT NULL,  -- 1 or 2
    actor1 VARCHAR,                  -- model actor id: ISO3 country or NATO
    actor2 VARCHAR,
    plover VARCHAR,                  -- PLOVER category of event_code (NULL for CAMEO 01/02)
    lag_days INTEGER,                -- days between event_date and date_added
    noise VARCHAR,                   -- first noise rule that removes the row; NULL = kept
    file_id INTEGER NOT NULL);
-- GDELT 2.0 mentions (one row per article mentioning an event).
CREATE TABLE gdelt_mentions (
    global_event_id BIGINT NOT NULL, event_time TIMESTAMP, mention_time TIMESTAMP NOT NULL,
    mention_type TINYINT, mention_source_name VARCHAR, mention_identifier VARCHAR,
    sentence_id INTEGER, actor1_char_offset INTEGER, actor2_char_offset INTEGER,
    action_char_offset INTEGER, in_raw_text TINYINT, confidence SMALLINT,
    mention_doc_len INTEGER, mention_doc_tone DOUBLE, mention_doc_translation_info VARCHAR,
    extras VARCHAR, file_id INTEGER NOT NULL);
