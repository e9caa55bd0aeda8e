-- The transcriptions made with this $engine and $model under the options that apply to the language each was decoded
-- in: language $languages[i] has the options hash $options_hashes[i] (a null language: audio never decoded, such as a
-- quarantined file). A language without a decoding prompt keeps the hash it had before prompts were per language
-- (TranscribeOptions.options_hash), so prompting one language leaves the others' transcriptions current.
select t.*
from core.transcriptions t
join (select unnest($languages::varchar[]) as language, unnest($options_hashes::varchar[]) as options_hash) k
  on k.options_hash = t.options_hash and k.language is not distinct from t.language
where t.engine = $engine and t.model = $model
