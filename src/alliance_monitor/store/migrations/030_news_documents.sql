-- News documents (issue 5): one row per ingested article, feed entry or text. Natural keys: the
-- normalised-content hash (never two rows with the same text) and the URL where there is one.
CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,          -- 'doc:' + first 16 hex digits of content_hash
    url VARCHAR,                         -- canonical address (URL or feed-entry link), if any
    item VARCHAR NOT NULL,               -- what was ingested: path, URL, 'feed#n' or '-'
    kind VARCHAR NOT NULL,               -- text | html | feed-entry
    outlet VARCHAR,
    language VARCHAR,                    -- ISO 639-1, detected offline (lingua)
    published DATE,
    title VARCHAR,
    author VARCHAR,
    encoding VARCHAR,
    text VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL UNIQUE,
    ingested_at TIMESTAMP DEFAULT current_timestamp);
CREATE INDEX documents_url ON documents (url);
-- Items an ingest run could not use, with the reason; the batch went on without them.
CREATE TABLE ingest_bad_items (
    item VARCHAR PRIMARY KEY,
    reason VARCHAR NOT NULL,
    recorded_at TIMESTAMP DEFAULT current_timestamp);
