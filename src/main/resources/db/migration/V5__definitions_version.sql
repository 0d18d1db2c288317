-- One counter for every change to the definitions (dashboards, panels, data sources), raised in
-- the transaction of the change. Instances compare it with the version of the definitions they hold
-- in memory: a cheap check that tells them when to read the definitions again.
CREATE TABLE definitions_version (
	id INT PRIMARY KEY CONSTRAINT definitions_version_single_row CHECK (id = 1),
	version BIGINT NOT NULL
);

INSERT INTO definitions_version (id, version) VALUES (1, 1);
