-- Dashboards and data sources created or updated from a file of the provisioning directory
-- (DASHBOARDS_DIR) name that file here; the editor and the API refuse changes to them (PROVISIONED),
-- the file is where they change. NULL (as every row had before) means made in Lookout itself.
ALTER TABLE dashboard ADD COLUMN provisioned_from VARCHAR(255);
ALTER TABLE data_source ADD COLUMN provisioned_from VARCHAR(255);
