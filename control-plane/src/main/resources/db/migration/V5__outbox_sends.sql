-- Counts the hand-overs of an outbox row: a transport that redelivers by itself (Pub/Sub) closes the row it
-- sent only if nobody handed it back meanwhile (a launch that has to wait for a slot reopens it).
alter table outbox add column sends integer default 0 not null;
