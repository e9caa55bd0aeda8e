-- Call transcription (docs/transcription.md). Audio is keyed by content: a recording is transcribed once per
-- (sha256, engine, model, options_hash). Turns go to core.messages with source = 'transcript'.
create table if not exists core.transcriptions (
    sha256                varchar not null,
    engine                varchar not null,   -- faster-whisper | openai-whisper
    model                 varchar not null,
    options_hash          varchar not null,   -- decoding options that change the words (beam, VAD, compute type)
    recording_id          varchar,            -- the recording it was first made for (same audio may recur)
    status                varchar not null,   -- transcribed | quarantined
    reason                varchar,            -- why quarantined
    language              varchar,            -- ja | en, detected once per call; null when nothing was said
    language_probability  double,
    duration_seconds      double,
    channels              integer,
    speech_seconds        double,             -- audio sent to Whisper after voice-activity gating
    processing_seconds    double,
    segment_count         integer,
    transcribed_at        timestamp not null,
    primary key (sha256, engine, model, options_hash)
);

create table if not exists core.transcript_segments (
    sha256             varchar not null,
    engine             varchar not null,
    model              varchar not null,
    options_hash       varchar not null,
    segment_no         integer not null,      -- order by start time, from 1
    channel            integer not null,
    start_seconds      double not null,
    end_seconds        double not null,
    text               varchar not null,      -- as Whisper wrote it; the hallucination filter runs downstream
    avg_logprob        double,
    no_speech_prob     double,
    compression_ratio  double,
    primary key (sha256, engine, model, options_hash, segment_no)
);

create table if not exists core.conversation_metrics (
    recording_id                 varchar primary key,
    interaction_id               varchar,
    language                     varchar,
    duration_seconds             double,
    agent_talk_seconds           double,
    customer_talk_seconds        double,
    agent_talk_ratio             double,       -- agent / (agent + customer) talk
    silence_seconds              double,       -- nobody talking
    silence_ratio                double,
    longest_silence_seconds      double,       -- longest pause between two utterances
    hold_count                   integer,      -- silences >= 10 s plus music/hold marks
    hold_seconds                 double,
    overlap_count                integer,      -- one party starts while the other talks (>= 0.3 s)
    overlap_seconds              double,
    agent_interruptions          integer,      -- overlaps started by the agent
    customer_interruptions       integer,
    agent_speaking_rate          double,
    customer_speaking_rate       double,
    speaking_rate_unit           varchar,      -- chars_per_minute (ja) | words_per_minute (en)
    time_to_first_agent_seconds  double,
    customer_sentiment_start     double,       -- -1..1, first customer turns
    customer_sentiment_end       double,       -- -1..1, last customer turns
    computed_at                  timestamp not null
);
