-- Room for the warm lanes' pool types: `cloud-run-worker-pool` is 21 characters.
alter table work_pools alter column type set data type varchar(40);
