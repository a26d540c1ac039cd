-- A launch is reserved with a time, and recorded with the time its infrastructure started: an attempt
-- reserved by a control plane that died before starting it is launched again once the lease runs out,
-- and the never-claimed timeout counts from the start of the infrastructure, not from PENDING.
alter table flow_runs add column launch_reserved_at timestamp with time zone;
alter table flow_runs add column launched_at timestamp with time zone;

-- The outbox row stays until the launch is recorded; a dispatch sent but not launched is sent again
-- after deliver_after.
alter table outbox add column deliver_after timestamp with time zone;
