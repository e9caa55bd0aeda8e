-- Complaint themes (issue 5): schema `themes`. Written by pipelines/defs/themes.py via warehouse/themes.py.
create schema if not exists themes;

-- One row per theme id ever issued. Ids are stable across re-clusterings (matched by centroid cosine) and never
-- reused; a theme that merged into another or disappeared keeps its row with status merged|retired.
create table if not exists themes.themes (
    theme_id       varchar primary key,      -- T0001, T0002, …
    label          varchar,                  -- 'charged twice, refund / 二重請求・返金'
    keywords_en    varchar[],                -- c-TF-IDF keywords, best first
    keywords_ja    varchar[],
    documents      bigint not null,          -- documents assigned at the last full fit
    centroid       float[],                  -- unit-length mean USE embedding (512-d)
    status         varchar not null,         -- active | merged | retired
    is_question    boolean not null default false,  -- FAQ candidate (question-like documents dominate)
    emerging       boolean not null default false,  -- flagged by the last theme_trends run
    first_seen_at  timestamp not null,       -- run that created the id
    updated_at     timestamp not null
);

-- Representative examples (closest to the centroid, redacted), 3 per theme.
create table if not exists themes.theme_examples (
    theme_id        varchar not null,
    rank            integer not null,
    interaction_id  varchar not null,
    language        varchar,
    text            varchar not null,
    similarity      double,
    primary key (theme_id, rank)
);

-- Latest theme of every document (interaction, or unlinked survey). theme_id null = unassigned (noise).
create table if not exists themes.theme_assignments (
    interaction_id  varchar primary key,
    theme_id        varchar,
    similarity      double,                  -- cosine to the theme centroid
    method          varchar not null,        -- fit | incremental
    run_id          varchar not null,
    assigned_at     timestamp not null
);

-- Additive daily counts (day in JST); theme_id 'unassigned' holds unclaimed documents so day totals add up.
create table if not exists themes.theme_daily (
    day             date not null,
    theme_id        varchar not null,
    channel         varchar not null,
    product         varchar not null,
    documents       bigint not null,
    csat_sum        double not null,
    csat_n          bigint not null,
    nps_promoters   bigint not null,
    nps_detractors  bigint not null,
    nps_n           bigint not null,
    primary key (day, theme_id, channel, product)
);

-- Weekly roll-up of theme_daily (week = Monday, JST) for the dashboard's Themes page (docs/dashboard.md contract).
create table if not exists themes.theme_weekly (
    week      date not null,
    theme_id  varchar not null,
    contacts  bigint not null,
    primary key (week, theme_id)
);

-- What happened to ids at each run: new | kept | split | merged | retired | emerging.
create table if not exists themes.theme_events (
    run_id            varchar not null,
    event_at          timestamp not null,
    theme_id          varchar not null,
    event             varchar not null,
    related_theme_id  varchar,               -- split: the theme it split from; merged: the theme it merged into
    similarity        double,                -- centroid cosine behind the decision (z-score for emerging)
    primary key (run_id, theme_id, event)
);
