-- Data sets (issue 3): which version of each data set's derivation rules produced its rows in
-- indicator_values / dataset_facts. When a release changes the rules (the module's
-- DERIVE_VERSION), the next build derives them again from the stored tables, without a reload.
CREATE TABLE dataset_derivations (
    dataset VARCHAR PRIMARY KEY,
    version INTEGER NOT NULL,
    derived_at TIMESTAMP NOT NULL DEFAULT current_timestamp);
