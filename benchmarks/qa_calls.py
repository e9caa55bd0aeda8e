"""QA on calls that tells the truth (issue 18): synthesized telephone calls with known scripts and a known verdict
per criterion, transcribed by Koe, scored on the transcript and on the script; agreement per criterion and language.

Calls: for each language, ``--calls`` calls (default 8) built from one script whose every criterion has a pass and
a fail variant (the fail variant leaves the phrase out, says something else, or uses an NG word); the first call
passes everything, the second fails everything, the others draw each criterion's variant at random (seeded), so
every criterion is seen passing and failing. Japanese is spoken by pyopenjtalk-plus (agent and a lower customer
voice); English by espeak-ng (WHISPER.md: the ``espeak-ng`` program, ``apt-get install espeak-ng``).

Telephone channel: agent on the left, customer on the right, each resampled to 8 kHz, band-limited to 300–3400 Hz,
with line noise at 30 dB SNR, written as G.711 μ-law (libsndfile's ULAW) — what a PBX export looks like.

Transcribed by Koe's path (``transcribe_audio`` → ``redact_transcript`` → ``merge_turns``, what the
``call_transcripts`` asset runs), then scored with the shipped rubrics (``score_interactions``), under:
  before    Whisper once per speech region, language detected, no prompt; phrases matched as written
            (exact + rapidfuzz partial ratio), no sound matching
  matching  the same transcripts; phrases also matched by sound (transforms.qa.sounds)
  decoding  regions packed into ≤ 30 s windows, the call's language given, no prompt; sound matching (Koe's default)
  after     as decoding, with the names and rubric phrases as Whisper's initial prompt (KOE_DECODING_PROMPT=true)
The script's verdict is the same rubric on the script's text. Agreement = share of (call, criterion) pairs where the
transcript's verdict equals the script's. CER (Japanese) / WER (English) of the transcript against the script.

Run: .venv/bin/python benchmarks/qa_calls.py [--calls 8] [--languages ja en] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from unittest import mock

import numpy as np
import polars as pl
import soundfile
from scipy import signal

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from pipelines.speech.audio import decode_channels, resample_mono  # noqa: E402
from pipelines.speech.engines import load_engine  # noqa: E402
from pipelines.speech.options import TranscribeOptions  # noqa: E402
from pipelines.speech.transcriber import transcribe_audio  # noqa: E402
from qa_rubrics import load_rubric, rubric_folder  # noqa: E402
from transforms.decoding_prompt import decoding_prompts  # noqa: E402
from transforms.qa import detectors  # noqa: E402
from transforms.qa.scoring import score_interactions  # noqa: E402
from transforms.redaction.transcript import redact_transcript  # noqa: E402
from transforms.transcripts import merge_turns  # noqa: E402

PHONE_RATE = 8000
LINE_SNR_DB = 30.0
PAUSE_SECONDS, HOLD_SECONDS = 0.6, 3.0
VOCABULARY = ["Koe", "Koeサポートセンター", "Koe support", "佐藤", "Emma"]

# (criterion, role, pass text, fail text); None = say nothing. "{hold}" marks the hold pause after the turn.
Line = tuple[str | None, str, str | None, str | None]
JA_SCRIPT: list[Line] = [
    ("opening_greeting", "agent", "お電話ありがとうございます。Koeサポートセンターの佐藤でございます。", "はい、もしもし。"),
    (None, "customer", "アプリにログインできません。", None),
    ("identity_verification", "agent", "ご本人様確認のため、お名前と生年月日をお願いいたします。", None),
    ("identity_verification", "customer", "山田花子です。生年月日は1985年4月12日です。", None),
    ("apology_empathy", "agent", "ご迷惑をおかけして申し訳ございません。", "そうですか。"),
    ("paraphrase_confirmation", "agent", "アプリにログインできないということでございますね。", None),
    ("paraphrase_confirmation", "customer", "はい、そうです。", None),
    ("cushion_words", "agent", "恐れ入りますが、パスワードの再設定をお試しいただけますでしょうか。", "パスワードの再設定を試してください。"),
    (None, "customer", "試しましたが、だめでした。", None),
    ("hold_etiquette", "agent", "確認いたしますので、少々お待ちいただけますでしょうか。{hold}", "少々お待ちください。{hold}"),
    ("hold_etiquette", "agent", "お待たせいたしました。", "確認しました。"),
    ("solution_offered", "agent", "再設定のご案内をメールでお送りいたします。", "また後で試してみてください。"),
    ("ng_words", "agent", None, "それは知りません。"),
    (None, "customer", "わかりました。ありがとうございます。", None),
    ("closing_greeting", "agent", "本日は佐藤が承りました。お電話ありがとうございました。", "では、失礼します。"),
]
EN_SCRIPT: list[Line] = [
    ("greeting", "agent", "Thank you for calling Koe support. My name is Emma.", "Hello, support."),
    ("compliance_disclosure", "agent", "This call may be recorded for quality and training purposes.", None),
    (None, "customer", "Hi. I can't log in to the app.", None),
    ("identity_verification", "agent", "For verification, could you please confirm your full name and date of birth?", None),
    ("identity_verification", "customer", "It's Jane Smith, born April twelfth, nineteen eighty five.", None),
    ("active_listening", "agent", "Just to confirm, you're saying you can't log in to the app.", None),
    ("active_listening", "customer", "Yes, that's right.", None),
    ("empathy", "agent", "I'm sorry to hear that.", "Okay."),
    ("hold_etiquette", "agent", "May I place you on a brief hold while I check?{hold}", "Wait, I'm putting you on hold.{hold}"),
    ("hold_etiquette", "agent", "Thank you for holding.", "Right."),
    ("resolution_offered", "agent", "I will send you a password reset link now.", "You can try again later."),
    ("next_steps", "agent", "You will receive an email within two business days.", None),
    ("prohibited_language", "agent", None, "Calm down, that's not my problem."),
    (None, "customer", "Okay, thank you.", None),
    ("closing", "agent", "Is there anything else I can help you with? Thank you for calling, have a great day.", "Okay, bye."),
]
SCRIPTS = {"ja": JA_SCRIPT, "en": EN_SCRIPT}
RUBRICS = [load_rubric(rubric_folder() / f"{name}.yaml") for name in ("ja_call_center", "en_call_center")]


@dataclass(frozen=True)
class Call:
    call_id: str
    language: str
    verdicts: dict[str, str]  # criterion -> intended pass/fail
    turns: list[tuple[str, str, bool]]  # role, text, hold after


def make_calls(language: str, count: int, seed: int = 18) -> list[Call]:
    """Call 0 passes every criterion, call 1 fails every one, the rest draw each criterion's variant at random."""
    script = SCRIPTS[language]
    criteria = list(dict.fromkeys(c for c, *_ in script if c))
    rng = random.Random(seed)
    calls = []
    for n in range(count):
        passing = {c: (n == 0) if n < 2 else rng.random() < 0.5 for c in criteria}
        turns = []
        for criterion, role, pass_text, fail_text in script:
            text = pass_text if criterion is None or passing[criterion] else fail_text
            if text:
                turns.append((role, text.replace("{hold}", ""), "{hold}" in text))
        calls.append(Call(f"{language}{n}", language, {c: "pass" if ok else "fail" for c, ok in passing.items()}, turns))
    return calls


def _speak(text: str, role: str, language: str, rate: int) -> np.ndarray:
    if language == "ja":
        import pyopenjtalk

        wave, source = pyopenjtalk.tts(text, half_tone=0.0 if role == "agent" else -4.0)
        return resample_mono((wave / 32768.0).astype(np.float32), source, rate)
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("English calls need the espeak-ng program (apt-get install espeak-ng); or --languages ja")
    with tempfile.NamedTemporaryFile(suffix=".wav") as out:
        voice = ["-v", "en-us", "-p", "50"] if role == "agent" else ["-v", "en-us+m3", "-p", "30"]
        subprocess.run([espeak, *voice, "-s", "155", "-w", out.name, text], check=True)
        audio, source = soundfile.read(out.name, dtype="float32")
    return resample_mono(audio, source, rate)


def telephone(channel: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """8 kHz, 300–3400 Hz, line noise at LINE_SNR_DB (the μ-law step is the file's encoding)."""
    band = signal.butter(4, [300, 3400], btype="bandpass", fs=PHONE_RATE, output="sos")
    voice = signal.sosfilt(band, channel).astype(np.float32)
    speech_power = float(np.mean(voice[np.abs(voice) > 1e-3] ** 2)) if np.any(np.abs(voice) > 1e-3) else 1e-6
    noise = rng.normal(0, np.sqrt(speech_power / 10 ** (LINE_SNR_DB / 10)), len(voice)).astype(np.float32)
    return np.clip(voice + signal.sosfilt(band, noise).astype(np.float32), -1, 1)


def write_call(call: Call, path: Path, rng: np.random.Generator) -> list[dict]:
    """The stereo μ-law file (agent left) and the script as timed messages."""
    rate, cursor = 16000, int(0.5 * 16000)
    clips = [(role, text, hold, _speak(text, role, call.language, rate)) for role, text, hold in call.turns]
    total = cursor + sum(len(c) + int((PAUSE_SECONDS + HOLD_SECONDS * h) * rate) for _, _, h, c in clips)
    stereo, script = np.zeros((2, total), dtype=np.float32), []
    for role, text, hold, clip in clips:
        channel = 0 if role == "agent" else 1
        stereo[channel, cursor : cursor + len(clip)] = 0.7 * clip / max(1e-6, float(np.abs(clip).max()))
        script.append({"role": role, "text": text, "at": cursor / rate, "end": (cursor + len(clip)) / rate})
        cursor += len(clip) + int((PAUSE_SECONDS + HOLD_SECONDS * hold) * rate)
    phone = np.stack([telephone(resample_mono(ch, rate, PHONE_RATE), rng) for ch in stereo], axis=1)
    soundfile.write(path, phone, PHONE_RATE, subtype="ULAW")
    return script


def _frames(call: Call, messages: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
    interactions = pl.DataFrame([{"interaction_id": call.call_id, "channel": "phone", "language": call.language,
                                  "created_at": None, "agent_id": "A001", "hold_seconds": 0.0, "transfers": 0}],
                                schema_overrides={"created_at": pl.Datetime("us")})
    rows = [{"interaction_id": call.call_id, "message_id": f"{call.call_id}-{i}", "seq": i, "role": m["role"],
             "sent_at": None, "offset_seconds": float(m["at"]), "end_offset_seconds": float(m["end"]), "text": m["text"]}
            for i, m in enumerate(messages, start=1)]
    return interactions, pl.DataFrame(rows, schema_overrides={"sent_at": pl.Datetime("us")})


def verdicts(call: Call, messages: list[dict], sound_matching: bool = True) -> dict[str, str]:
    no_sounds = mock.patch.object(detectors, "sound_matches", lambda phrases, texts: {})
    with no_sounds if not sound_matching else nullcontext():
        scored = score_interactions(RUBRICS, *_frames(call, messages))
    return {c: a for c, a in scored.answers.select("criterion_id", "answer").iter_rows() if c in call.verdicts}


def transcript_messages(path: Path, call: Call, engine: object, options: TranscribeOptions,
                        language: str | None) -> tuple[list[dict], str, float]:
    """Koe's path: transcribe, mask, merge into role-attributed turns. Returns turns, the text and seconds taken."""
    transcript = transcribe_audio(decode_channels(path), engine, options, language)
    recording = pl.DataFrame({"recording_id": [call.call_id], "channels": [transcript.channels],
                              "agent_channel": [0], "language": [transcript.language]})
    segments = redact_transcript(transcript.segments_frame().with_columns(recording_id=pl.lit(call.call_id)),
                                 recording).segments
    turns = merge_turns(segments, recording)
    messages = [{"role": t["role"], "text": t["text"], "at": t["start_seconds"], "end": t["end_seconds"]}
                for t in turns.to_dicts() if t["role"] in ("agent", "customer")]
    return messages, " ".join(s.text for s in transcript.segments), transcript.processing_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=8)
    parser.add_argument("--languages", nargs="+", default=["ja", "en"])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--decodings", nargs="+", default=["before", "decoding", "after"],
                        choices=["before", "decoding", "after"], help="which transcriptions to make (before also "
                        "gives 'matching')")
    args = parser.parse_args()
    from transcription import error_rate  # benchmarks/transcription.py: Whisper's normalisers + jiwer

    base = TranscribeOptions()
    decodings = {
        "before": (replace(base, window_seconds=0), False),
        "decoding": (base, True),
        "after": (replace(base, prompts=decoding_prompts(base.languages, VOCABULARY, RUBRICS)), True),
    }
    decodings = {name: decodings[name] for name in args.decodings}
    engine = load_engine(base, REPO / "warehouse" / "cache")
    rows, calls_out, rng = [], [], np.random.default_rng(18)
    with tempfile.TemporaryDirectory() as folder:
        for language in args.languages:
            for call in make_calls(language, args.calls):
                path = Path(folder) / f"{call.call_id}.wav"
                script = write_call(call, path, rng)
                on_script = verdicts(call, script)
                reference = " ".join(m["text"] for m in script)
                record = {"call": call.call_id, "language": language, "intended": call.verdicts, "script": on_script,
                          "audio_seconds": sf_seconds(path), "runs": {}}
                for name, (options, known_language) in decodings.items():
                    messages, text, seconds = transcript_messages(path, call, engine, options,
                                                                  language if known_language else None)
                    runs = {name: verdicts(call, messages)} if name != "before" else {
                        "before": verdicts(call, messages, sound_matching=False), "matching": verdicts(call, messages)}
                    for run, got in runs.items():
                        record["runs"][run] = {"verdicts": got, "error": error_rate(reference, text, language),
                                               "seconds": seconds, "text": text}
                        rows += [{"language": language, "run": run, "criterion": c, "call": call.call_id,
                                  "agree": got.get(c) == on_script[c], "script": on_script[c], "transcript": got.get(c)}
                                 for c in call.verdicts]
                calls_out.append(record)
                print(f"{call.call_id}: done ({record['audio_seconds']:.0f} s audio)", file=sys.stderr, flush=True)
    report(pl.DataFrame(rows), calls_out)
    if args.json:
        args.json.write_text(json.dumps(calls_out, ensure_ascii=False, indent=1), encoding="utf-8")


def sf_seconds(path: Path) -> float:
    return soundfile.info(path).duration


RUNS = ["before", "matching", "decoding", "after"]


def report(rows: pl.DataFrame, calls: list[dict]) -> None:
    pl.Config.set_tbl_rows(100)
    pl.Config.set_tbl_formatting("MARKDOWN")
    intended = sum(c["intended"][k] == c["script"][k] for c in calls for k in c["intended"])
    total = sum(len(c["intended"]) for c in calls)
    print(f"\nscript verdicts equal to the intended ones: {intended}/{total}")
    per = rows.group_by("language", "criterion", "run").agg(pl.col("agree").mean().round(3)).pivot(
        "run", index=["language", "criterion"], values="agree").sort("language", "criterion")
    print("\nAgreement with the script's verdict, per criterion (share of calls):")
    print(per.select("language", "criterion", *[r for r in RUNS if r in per.columns]))
    overall = rows.group_by("language", "run").agg(agreement=pl.col("agree").mean().round(3),
                                                   pairs=pl.len())
    errors = pl.DataFrame([{"language": c["language"], "run": run, "error": r["error"], "seconds": r["seconds"],
                            "audio": c["audio_seconds"]} for c in calls for run, r in c["runs"].items()])
    summary = overall.join(errors.group_by("language", "run").agg(
        error=pl.col("error").mean().round(3), rtf=(pl.col("seconds").sum() / pl.col("audio").sum()).round(3)),
        on=["language", "run"])
    worst = rows.group_by("language", "run", "criterion").agg(pl.col("agree").mean()).group_by("language", "run").agg(
        worst_criterion=pl.col("agree").min().round(3))
    print("\nPer language (error: CER for ja, WER for en; rtf: transcription seconds / audio seconds):")
    print(summary.join(worst, on=["language", "run"]).sort("language", pl.col("run").replace_strict(
        {r: i for i, r in enumerate(RUNS)}, return_dtype=pl.Int32)))
    last = [r for r in RUNS if r in rows["run"].unique().to_list()][-1]
    disagreements = rows.filter(~pl.col("agree") & (pl.col("run") == last))
    print(f"\nDisagreements, {last} (call, criterion, script → transcript):")
    print(disagreements.select("call", "criterion", "script", "transcript") if disagreements.height else "none")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\ntotal {time.perf_counter() - started:.0f} s", file=sys.stderr)
