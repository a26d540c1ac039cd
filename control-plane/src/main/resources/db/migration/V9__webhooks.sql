-- Webhooks: POST /hooks/{slug} starts a run of a deployment when the request is signed with the webhook's secret.
-- The deployment is named, not referenced: a webhook outlives deleting its deployment and deploying it again
-- (a delivery meanwhile is refused naming the deployment). The secret is stored encrypted (webhooks.WebhookSecrets:
-- v1:<nonce>:<ciphertext>), as checking an HMAC needs the secret itself. The template is JSON text, null for none;
-- timeout_seconds is set for a synchronous webhook only.
create table webhooks (
    id              uuid primary key,
    slug            varchar(40) not null,
    deployment_name varchar(200) not null,
    mode            varchar(20) not null,
    header_name     varchar(100) not null,
    secret          varchar(300) not null,
    template        text,
    sync            boolean not null,
    timeout_seconds integer,
    enabled         boolean not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    constraint webhooks_slug unique (slug)
);

-- The deliveries a webhook has turned into runs, by the id their sender gives them, so that a retry of one answers
-- with its run instead of starting another. Written in the transaction that inserts the run. A delivery goes with its
-- run (retention of finished runs deletes both) and with its webhook.
create table webhook_deliveries (
    webhook_id  uuid not null references webhooks (id) on delete cascade,
    delivery_id varchar(200) not null,
    flow_run_id uuid not null references flow_runs (id) on delete cascade,
    created_at  timestamp with time zone not null,
    constraint webhook_deliveries_pk primary key (webhook_id, delivery_id)
);
create index webhook_deliveries_run on webhook_deliveries (flow_run_id);
