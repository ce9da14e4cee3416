-- Data sets (issue 3): one table per data set with its natural key, countries as ISO3
-- (datasets/countries.py). Loaders upsert by key; indicator_values and dataset_facts are
-- derived from these tables after each load.

-- ATOP alliance-level file: one row per treaty; `provisions` keeps every coded variable.
CREATE TABLE ds_atop_alliances (
    atopid INTEGER PRIMARY KEY, begin_date DATE, end_date DATE, in_effect BOOLEAN,
    bilateral BOOLEAN, provisions JSON NOT NULL);
CREATE TABLE ds_atop_members (
    atopid INTEGER NOT NULL, ccode INTEGER NOT NULL, iso3 VARCHAR,
    PRIMARY KEY (atopid, ccode));
-- ATOP directed dyad-years: obligations of state 1 towards state 2 (0/1).
CREATE TABLE ds_atop_dyads (
    ccode1 INTEGER NOT NULL, ccode2 INTEGER NOT NULL, year INTEGER NOT NULL,
    iso3_1 VARCHAR, iso3_2 VARCHAR, defense TINYINT, offense TINYINT, neutral TINYINT,
    nonagg TINYINT, consul TINYINT, PRIMARY KEY (ccode1, ccode2, year));
-- UN General Assembly ideal points (Bailey, Strezhnev & Voeten); year = 1945 + session.
CREATE TABLE ds_unga (
    ccode INTEGER NOT NULL, session INTEGER NOT NULL, year INTEGER NOT NULL, iso3 VARCHAR,
    n_votes INTEGER, ideal_point DOUBLE, ideal_point_q05 DOUBLE, ideal_point_q95 DOUBLE,
    us_agree DOUBLE, china_agree DOUBLE, russia_agree DOUBLE,
    PRIMARY KEY (ccode, session));
-- SIPRI military expenditure as % of GDP.
CREATE TABLE ds_milex (
    iso3 VARCHAR NOT NULL, year INTEGER NOT NULL, share_gdp DOUBLE,
    PRIMARY KEY (iso3, year));
-- SIPRI arms transfers, trend-indicator values (millions), by supplier and recipient.
CREATE TABLE ds_arms_tiv (
    supplier VARCHAR NOT NULL, recipient VARCHAR NOT NULL, year INTEGER NOT NULL,
    tiv DOUBLE NOT NULL, PRIMARY KEY (supplier, recipient, year));
-- US troops abroad (troopdata, DMDC). `country` is the name as the file gives it, since the
-- file lists some countries under two names in the same year.
CREATE TABLE ds_troops (
    country VARCHAR NOT NULL, year INTEGER NOT NULL, iso3 VARCHAR, ccode INTEGER,
    troops_ad INTEGER, army_ad INTEGER, navy_ad INTEGER, air_force_ad INTEGER,
    marine_corps_ad INTEGER, coast_guard_ad INTEGER, space_force_ad INTEGER,
    total_selected_reserve INTEGER, total_civilian INTEGER,
    PRIMARY KEY (country, year));
-- US bases and sites abroad (Vine, via troopdata).
CREATE TABLE ds_bases (
    iso3 VARCHAR NOT NULL, name VARCHAR NOT NULL, lat DOUBLE, lon DOUBLE, base BOOLEAN,
    lilypad BOOLEAN, funded_site BOOLEAN, PRIMARY KEY (iso3, name));
-- Multinational military exercises (MME). The MMEID is not unique in v7, so the key adds the
-- exercise name and start year. Participants: ISO3 or NATO.
CREATE TABLE ds_mme (
    mme_id VARCHAR NOT NULL, name VARCHAR NOT NULL, start_year INTEGER NOT NULL,
    start_month INTEGER, start_day INTEGER, end_year INTEGER, end_month INTEGER,
    end_day INTEGER, series VARCHAR, location VARCHAR, lat DOUBLE, lon DOUBLE,
    n_participants INTEGER NOT NULL, PRIMARY KEY (mme_id, name, start_year));
CREATE TABLE ds_mme_participants (
    mme_id VARCHAR NOT NULL, name VARCHAR NOT NULL, start_year INTEGER NOT NULL,
    participant VARCHAR NOT NULL, PRIMARY KEY (mme_id, name, start_year, participant));
-- McManus & Nieman signals of US support (the US columns of the file).
CREATE TABLE ds_signals (
    ccode INTEGER NOT NULL, year INTEGER NOT NULL, iso3 VARCHAR, nukes DOUBLE, visits DOUBLE,
    econaid DOUBLE, bit DOUBLE, pact DOUBLE, words DOUBLE, exercises DOUBLE, arms DOUBLE,
    troops DOUBLE, PRIMARY KEY (ccode, year));
-- Pew Global Attitudes: % favourable of `target` among respondents in `country`.
CREATE TABLE ds_pew (
    country VARCHAR NOT NULL, year INTEGER NOT NULL, target VARCHAR NOT NULL,
    pct_favorable DOUBLE, n INTEGER, PRIMARY KEY (country, year, target));
-- US public support for NATO, poll toplines. `question` is the file's note ('' when none):
-- two polls of 2016 share year and poll number and differ only there.
CREATE TABLE ds_nato_opinion (
    year INTEGER NOT NULL, poll INTEGER NOT NULL, question VARCHAR NOT NULL,
    pct_support DOUBLE, pct_oppose DOUBLE, pct_none DOUBLE, elite BOOLEAN, roper_id VARCHAR,
    PRIMARY KEY (year, poll, question));
