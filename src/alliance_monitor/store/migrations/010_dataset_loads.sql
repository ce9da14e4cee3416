-- Data sets (issue 3): which file of which data set was loaded, so a second load of the same
-- file (same SHA-256 of its content) changes nothing and `datasets list` can say what is loaded.
-- origin: 'bundled' (extract shipped with the package), 'file' (datasets load), 'url' (fetch).
CREATE TABLE dataset_loads (
    dataset VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    location VARCHAR,
    rows_read INTEGER NOT NULL,
    rows_added INTEGER NOT NULL,
    rows_updated INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_bad INTEGER NOT NULL,
    first_year INTEGER,
    last_year INTEGER,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (dataset, sha256));
