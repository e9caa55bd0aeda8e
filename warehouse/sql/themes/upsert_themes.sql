-- Upsert the themes of a fit (registered frame koe_new_themes), keeping each theme's emerging flag and first
-- sighting; $run_at stamps new themes and every theme's last update.
insert or replace into themes.themes
select t.theme_id, t.label, t.keywords_en, t.keywords_ja, t.documents, t.centroid, t.status,
       t.is_question, coalesce(old.emerging, false), coalesce(old.first_seen_at, $run_at), $run_at
from koe_new_themes t left join themes.themes old using (theme_id)
