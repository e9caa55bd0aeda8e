-- Keyword verification by acoustic rescoring (transforms.acoustic_check): a phrase the audio fits at least as well as
-- the text Whisper wrote for it (heard: what Whisper wrote; phrase: the rubric phrase or configured name; delta: how
-- much more likely the model finds the phrase version, natural log). Per segment as transcribed, per transcript turn
-- as QA reads it; empty for chats, tickets and segments with nothing checked.
alter table core.transcript_segments add column if not exists alternatives struct(heard varchar, phrase varchar, delta double)[];
alter table core.messages add column if not exists alternatives struct(heard varchar, phrase varchar, delta double)[];
