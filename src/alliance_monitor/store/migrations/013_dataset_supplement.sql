-- Curated supplement (datasets/supplement.py): hand-entered, sourced yearly values for years
-- after a data set's last year. One row per indicator, subject and year; `published` is the
-- source's publication date (the value is known from then), `source` its citation as JSON
-- (publisher, title, published, url, locator). The rows reach indicator_values only where the
-- data set itself has no value (an official figure wins).
CREATE TABLE supplement_values (
    dataset VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    published DATE NOT NULL,
    source JSON NOT NULL,
    note VARCHAR,
    file VARCHAR NOT NULL,
    "row" INTEGER NOT NULL,
    PRIMARY KEY (indicator, subject, year));
CREATE TABLE supplement_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
