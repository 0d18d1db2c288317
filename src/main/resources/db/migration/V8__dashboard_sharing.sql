-- Who may see and edit a dashboard beyond the roles: directory groups, as one JSON document kept as
-- text so that both databases store it alike: {"view": [...], "edit": [...]}. NULL (as every
-- dashboard had before) means everyone the roles allow.
ALTER TABLE dashboard ADD COLUMN sharing TEXT;
