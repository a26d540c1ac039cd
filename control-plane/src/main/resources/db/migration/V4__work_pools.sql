-- Work pools: where runs go, with a concurrency limit (null: none) and a paused flag. The default pool
-- `local` is created by the control plane at start, with its limit from runway.local-pool.concurrency-limit.
create table work_pools (
    name              varchar(100) primary key,
    type              varchar(20) not null,
    base_job_template text not null,
    concurrency_limit integer,
    paused            boolean not null,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null
);

-- A pool's runs are found through their deployment.
create index deployments_work_pool on deployments (work_pool);
