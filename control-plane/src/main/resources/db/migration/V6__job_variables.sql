-- A deployment's job variables: what its runs change of their work pool's base job template (JSON text, as
-- every JSON column here). Deployments stored before this column have none.
alter table deployments add column job_variables text default '{}' not null;
