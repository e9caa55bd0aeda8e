-- Categories and alerts from the rules in rules/*.yaml (transforms/rules.py, pipelines/defs/rules.py; docs/rules.md).
create schema if not exists rules;

-- The rules as last evaluated: a rule whose content changed is evaluated again over every contact.
create table if not exists rules.rule_versions (
    rule_id         varchar primary key,
    version         integer not null,
    content_hash    varchar not null,
    evaluated_at    timestamp not null
);

-- A contact tagged by a rule. Rebuilt for the contacts a run evaluates; a contact that stops matching loses the tag.
create table if not exists rules.contact_categories (
    interaction_id  varchar not null,
    rule_id         varchar not null,
    category        varchar not null,       -- the rule's category id (its label is in the rule)
    rule_version    integer not null,
    evidence        varchar,                -- what matched: a quoted turn, a metric, a flag
    evidence_seq    integer,                -- the matching turn, when there is one
    tagged_at       timestamp not null,
    primary key (interaction_id, rule_id)
);

-- An alert, raised once per rule and subject (a contact, or a queue's interval for KPI rules): alert_key is
-- rule_id || ':' || subject, so a second run that finds the same thing raises nothing new.
create table if not exists rules.alerts (
    alert_key       varchar primary key,
    rule_id         varchar not null,
    rule_version    integer not null,
    subject         varchar not null,       -- interaction id, or "<queue>@<interval start>"
    interaction_id  varchar,
    severity        varchar not null,       -- info | warning | critical
    roles           varchar[] not null,     -- whose inbox it appears in
    email           boolean not null,       -- the rule sends it by e-mail / webhook too
    webhook         boolean not null,
    title_ja        varchar not null,
    title_en        varchar not null,
    evidence        varchar,
    evidence_seq    integer,
    link            varchar not null,       -- dashboard path of the evidence, e.g. /interactions/I000123?turn=4
    raised_at       timestamp not null
);

-- One row per alert, channel (email | webhook) and target once it was accepted there: never sent twice.
create table if not exists rules.deliveries (
    alert_key       varchar not null,
    channel         varchar not null,
    target          varchar not null,
    delivered_at    timestamp not null,
    primary key (alert_key, channel, target)
);
