-- Core schema: the curated knowledge base and the generic indicator table.
-- Every entity keeps its validated JSON document (`doc`) next to flat columns for queries.
CREATE TABLE kb_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE sources (
    id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, author VARCHAR, publisher VARCHAR,
    published DATE, url VARCHAR, kind VARCHAR NOT NULL, doc JSON NOT NULL);
CREATE TABLE actors (
    id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    name_de VARCHAR NOT NULL, doc JSON NOT NULL);
CREATE TABLE offices (
    actor_id VARCHAR NOT NULL, role VARCHAR NOT NULL, office_of VARCHAR NOT NULL,
    start_date DATE NOT NULL, end_date DATE);
CREATE TABLE alliances (
    id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    name_de VARCHAR NOT NULL, members VARCHAR[] NOT NULL, doc JSON NOT NULL);
CREATE TABLE institutions (
    id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    alliances VARCHAR[] NOT NULL, start_date DATE, end_date DATE, doc JSON NOT NULL);
CREATE TABLE units (id VARCHAR PRIMARY KEY, dimension VARCHAR NOT NULL, doc JSON NOT NULL);
CREATE TABLE attributes (id VARCHAR PRIMARY KEY, dimension VARCHAR NOT NULL, doc JSON NOT NULL);
CREATE TABLE facts (
    id VARCHAR PRIMARY KEY, subject VARCHAR NOT NULL, attribute VARCHAR NOT NULL,
    about VARCHAR, value_num DOUBLE, value_text VARCHAR, unit VARCHAR,
    valid_from DATE, valid_to DATE, source_ref VARCHAR NOT NULL, status VARCHAR NOT NULL,
    file VARCHAR, doc JSON NOT NULL);
CREATE TABLE perceptions (
    country VARCHAR NOT NULL, topic VARCHAR NOT NULL, threat_level INTEGER NOT NULL,
    priority_rank INTEGER NOT NULL, doc JSON NOT NULL, PRIMARY KEY (country, topic));
-- Yearly indicator values from data sets and event series, one row per indicator, subject
-- (alliance id or ISO3 country) and year. Filled by the data-set loaders and series builders.
CREATE TABLE indicator_values (
    indicator VARCHAR NOT NULL, subject VARCHAR NOT NULL, year INTEGER NOT NULL,
    value DOUBLE, unit VARCHAR, dataset VARCHAR NOT NULL, source_ref VARCHAR NOT NULL,
    note VARCHAR, PRIMARY KEY (indicator, subject, year));
-- Facts derived from data sets (e.g. ATOP treaty provisions): same shape as `facts`, written by
-- the data-set loaders, never touched by the knowledge-base build.
CREATE TABLE dataset_facts (
    id VARCHAR PRIMARY KEY, subject VARCHAR NOT NULL, attribute VARCHAR NOT NULL,
    about VARCHAR, value_num DOUBLE, value_text VARCHAR, unit VARCHAR,
    valid_from DATE, valid_to DATE, source_ref VARCHAR NOT NULL, status VARCHAR NOT NULL,
    file VARCHAR, doc JSON NOT NULL);
