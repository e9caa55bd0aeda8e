-- Product teams' controls over themes (issue 19), in the dashboard's app store: a name of their own, a merge into
-- another theme, and "tracked" with the backlog item it is tracked in. Keyed by the stable theme ids
-- (transforms/themes/stable_ids.py), so they hold across re-fits; applied when themes are shown
-- (transforms/themes/controls.py), never written into the warehouse's themes.
create table if not exists theme_controls (
    theme_id     text primary key,
    name         text,                 -- shown instead of the keywords label
    merged_into  text,                 -- shown (and counted) as part of this theme
    backlog_url  text,                 -- set = tracked
    updated_by   text not null,
    updated_at   text not null default (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);
