"""Spoken personal data through the real Whisper path (issue 13): synthesized calls in which the customer says a
name, phone number, birth date, card number, address and マイナンバー; recall and precision per type on the masked
transcript, and the fraction of each spoken span silenced in the served (masked) audio.

Japanese is synthesized with pyopenjtalk-plus; English with espeak-ng (`apt-get install espeak-ng`; without it the
English calls are skipped and the run says so). Each customer answer is synthesized piece by piece, so the exact
time of every spoken value is known. The calls go through what the pipeline runs: ``transcribe_pending`` (decode,
VAD, Whisper, transcript masking, ``core.audio_redaction_spans``) and ``write_masked_recordings`` (the copies the
dashboard serves), on a fresh warehouse. The demo's own recorded calls are run the same way to count how much
non-personal speech is masked.

Run: .venv/bin/python benchmarks/spoken_pii.py [--calls 3] [--held-out 2] [--no-demo-calls] [--model base]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
import soundfile
from stdnum.jp import in_ as my_number

import warehouse
from pipelines.demo.audio import write_demo_call
from pipelines.demo.recordings import EN_CALLS, JA_COMPLAINTS, call_turns
from pipelines.speech.audio import DecodedAudio, decode_channels, resample_mono
from pipelines.speech.batch import transcribe_pending
from pipelines.speech.masking import write_masked_recordings
from pipelines.speech.options import TranscribeOptions, WordTimestamps

RATE = 16_000
LEAD, PAUSE, GAP = 0.5, 0.6, 0.06  # seconds: before the first turn, between turns, between pieces of one turn
STRUCTURED = ("PHONE", "DOB", "CARD", "ADDRESS", "MY_NUMBER")
TARGET_STRUCTURED, TARGET_NAME, TARGET_FALSE_MASKS = 0.95, 0.90, 0.02
MASK = re.compile(r"\[([A-Z_]+)\]")
KANA_DIGITS = dict(zip("0123456789", ["ゼロ", "イチ", "ニー", "サン", "ヨン", "ゴー", "ロク", "ナナ", "ハチ", "キュー"], strict=True))
EN_DIGITS = dict(zip("0123456789", ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"], strict=True))

# Per call: name, phone, birth date (ja, en), card (Luhn-valid), address (ja, en), first 11 digits of a My Number.
PEOPLE = [
    ("山田花子", "Jane Smith", "090-1234-5678", "1985年4月12日", "March 3, 1985", "4111111111111111",
     "東京都新宿区西新宿2丁目8番1号", "123 Main Street, Springfield", "12345678901"),
    ("佐藤健一", "Robert Brown", "080-9876-5432", "1972年11月3日", "July 21, 1972", "5500000000000004",
     "大阪府大阪市北区梅田3丁目1番1号", "42 Oak Avenue, Portland", "98765432109"),
    ("鈴木美咲", "Emily Clark", "070-3333-4444", "1990年1月25日", "January 25, 1990", "4012888888881881",
     "神奈川県横浜市西区みなとみらい2丁目3番5号", "77 Pine Road, Denver", "31415926535"),
    ("高橋大輔", "Michael Davis", "090-5555-0199", "1968年6月30日", "June 30, 1968", "378282246310005",
     "愛知県名古屋市中区栄4丁目1番8号", "5 Elm Street, Austin", "27182818284"),
]


@dataclass
class Turn:
    role: str
    pieces: list[tuple[str, str | None]]  # (text, entity type or None)


@dataclass
class Call:
    call_id: str
    language: str
    turns: list[Turn]
    spans: list[tuple[str, float, float]] = field(default_factory=list)  # (type, start, end) of each spoken value
    turn_times: list[tuple[str, float, float, set[str]]] = field(default_factory=list)  # role, start, end, types


def _spoken_digits(digits: str, language: str, groups: tuple[int, ...]) -> str:
    words = KANA_DIGITS if language == "ja" else EN_DIGITS
    out, at = [], 0
    for size in groups:
        part = digits[at:at + size]
        out.append(("" if language == "ja" else " ").join(words[d] for d in part))
        at += size
    return ("、" if language == "ja" else ", ").join(out)


def _card_groups(card: str) -> tuple[int, ...]:
    return (4, 6, 5) if len(card) == 15 else (4, 4, 4, 4)


def ja_call(n: int) -> Call:
    name, _, phone, dob, _, card, address, _, first11 = PEOPLE[n % len(PEOPLE)]
    number = first11 + str(my_number.calc_check_digit(first11))
    a = lambda text: Turn("agent", [(text, None)])  # noqa: E731
    return Call(f"ja{n}", "ja", [
        a("お電話ありがとうございます。コエサポートセンターの佐藤でございます。"),
        Turn("customer", [("請求内容について確認したいことがあります。", None)]),
        a("ご本人様確認のため、お名前をお願いいたします。"),
        Turn("customer", [(name, "NAME"), ("です。", None)]),
        a("ご登録のお電話番号をお願いいたします。"),
        Turn("customer", [("電話番号は", None), (phone, "PHONE"), ("です。", None)]),
        a("生年月日をお願いいたします。"),
        Turn("customer", [("生年月日は", None), (dob, "DOB"), ("です。", None)]),
        a("お支払いのカード番号をお願いいたします。"),
        Turn("customer", [("カード番号は", None), (_spoken_digits(card, "ja", _card_groups(card)), "CARD"),
                          ("です。", None)]),
        a("ご住所をお願いいたします。"),
        Turn("customer", [("住所は", None), (address, "ADDRESS"), ("です。", None)]),
        a("最後にマイナンバーをお願いいたします。"),
        Turn("customer", [("マイナンバーは", None), (_spoken_digits(number, "ja", (4, 4, 4)), "MY_NUMBER"),
                          ("です。", None)]),
        a("ありがとうございます。確認が取れました。"),
        Turn("customer", [("よろしくお願いします。", None)]),
    ])


def en_call(n: int) -> Call:
    _, name, phone, _, dob, card, _, address, first11 = PEOPLE[n % len(PEOPLE)]
    us_phone = ["4155550132", "2125550147", "3125550178", "6175550190"][n % 4]
    number = first11 + str(my_number.calc_check_digit(first11))
    a = lambda text: Turn("agent", [(text, None)])  # noqa: E731
    return Call(f"en{n}", "en", [
        a("Thank you for calling Koe support, this is Emma speaking."),
        Turn("customer", [("Hi, I have a question about my bill.", None)]),
        a("Can I have your full name, please?"),
        Turn("customer", [("It's", None), (name, "NAME"), (".", None)]),
        a("What is the phone number on the account?"),
        Turn("customer", [("My phone number is", None), (_spoken_digits(us_phone, "en", (3, 3, 4)), "PHONE")]),
        a("And your date of birth?"),
        Turn("customer", [("I was born on", None), (dob, "DOB")]),
        a("What is the card number?"),
        Turn("customer", [("The card number is", None), (_spoken_digits(card, "en", _card_groups(card)), "CARD")]),
        a("And your address?"),
        Turn("customer", [("My address is", None), (address, "ADDRESS")]),
        a("Finally, your My Number, please."),
        Turn("customer", [("My Number is", None), (_spoken_digits(number, "en", (4, 4, 4)), "MY_NUMBER")]),
        a("Thank you. You are verified."),
        Turn("customer", [("Great, thanks.", None)]),
    ])


# Held-out calls (written before the rules they measure were changed; not tuned on): other people, other wording of
# every request and answer, values given without a lead-in, two values in one turn. Reported on their own.
HELD_OUT_PEOPLE = [
    ("中村優子", "Sarah Johnson", "1979年8月15日", "October 9, 1981", "4242424242424242",
     "埼玉県さいたま市浦和区高砂1丁目2番3号", "918 Lakeview Drive, Seattle", "80246813579", "08024681357",
     "6465550123"),
    ("伊藤誠", "David Wilson", "昭和55年3月7日", "February 14, 1975", "5105105105105100",
     "福岡県福岡市博多区博多駅前3丁目4番5号", "3305 Maple Court, Columbus", "13572468024", "09011112222",
     "5035550166"),
]


def ja_held_out(n: int) -> Call:
    name, _, dob, _, card, address, _, first11, phone, _ = HELD_OUT_PEOPLE[n % len(HELD_OUT_PEOPLE)]
    number = first11 + str(my_number.calc_check_digit(first11))
    a = lambda text: Turn("agent", [(text, None)])  # noqa: E731
    card_read = _spoken_digits(card, "ja", _card_groups(card))
    phone_read = _spoken_digits(phone, "ja", (3, 4, 4))
    if n % 2 == 0:
        return Call(f"jaH{n}", "ja", [
            a("お電話ありがとうございます。コエカスタマーセンター、担当の田中です。"),
            Turn("customer", [("解約の手続きをしたいのですが。", None)]),
            a("恐れ入りますが、ご契約者様のお名前をフルネームでお伺いできますか。"),
            Turn("customer", [("はい、", None), (name, "NAME"), ("です。", None)]),
            a("ありがとうございます。続いて生年月日をお願いします。"),
            Turn("customer", [(dob, "DOB"), ("です。", None)]),
            a("ご連絡先のお電話番号を教えていただけますか。"),
            Turn("customer", [(phone_read, "PHONE"), ("です。", None)]),
            a("お支払いに使われているクレジットカードの番号をお願いします。"),
            Turn("customer", [(card_read, "CARD"), ("です。", None)]),
            a("現在のご住所を教えてください。"),
            Turn("customer", [(address, "ADDRESS"), ("です。", None)]),
            a("マイナンバーカードの番号をお伺いします。"),
            Turn("customer", [(_spoken_digits(number, "ja", (4, 4, 4)), "MY_NUMBER"), ("です。", None)]),
            a("確認いたしました。少々お待ちください。"),
            Turn("customer", [("はい、お願いします。", None)]),
        ])
    return Call(f"jaH{n}", "ja", [
        a("はい、コエサポート窓口の木村が承ります。"),
        Turn("customer", [("住所の変更をお願いしたいです。", None)]),
        a("かしこまりました。ご本人確認のため、お名前と生年月日をお願いいたします。"),
        Turn("customer", [(name, "NAME"), ("と申します。", None), (dob, "DOB"), ("生まれです。", None)]),
        a("ありがとうございます。お電話番号を頂戴できますか。"),
        Turn("customer", [("えっと、", None), (phone_read, "PHONE"), ("です。", None)]),
        a("新しいご住所をお願いいたします。"),
        Turn("customer", [("はい、", None), (address, "ADDRESS"), ("になります。", None)]),
        a("お引き落としのカード番号もお願いします。"),
        Turn("customer", [(card_read, "CARD"), ("です。", None)]),
        a("最後に個人番号をお願いいたします。"),
        Turn("customer", [("はい、", None), (_spoken_digits(number, "ja", (4, 4, 4)), "MY_NUMBER"), ("です。", None)]),
        a("ありがとうございました。変更を承りました。"),
        Turn("customer", [("はい、そうです。ありがとうございます。", None)]),
    ])


def en_held_out(n: int) -> Call:
    _, name, _, dob, card, _, address, first11, _, phone = HELD_OUT_PEOPLE[n % len(HELD_OUT_PEOPLE)]
    number = first11 + str(my_number.calc_check_digit(first11))
    a = lambda text: Turn("agent", [(text, None)])  # noqa: E731
    card_read = _spoken_digits(card, "en", _card_groups(card))
    phone_read = _spoken_digits(phone, "en", (3, 3, 4))
    if n % 2 == 0:
        return Call(f"enH{n}", "en", [
            a("Thanks for calling Koe, my name is Liam, how can I help?"),
            Turn("customer", [("I'd like to update my payment details.", None)]),
            a("Sure. Who am I speaking with today?"),
            Turn("customer", [("This is", None), (name, "NAME"), (".", None)]),
            a("Thank you. Can you confirm your date of birth?"),
            Turn("customer", [("Sure, it's", None), (dob, "DOB"), (".", None)]),
            a("And the best number to reach you?"),
            Turn("customer", [(phone_read, "PHONE"), (".", None)]),
            a("What's the long number on the front of the card?"),
            Turn("customer", [("Okay, it's", None), (card_read, "CARD"), (".", None)]),
            a("What's your mailing address?"),
            Turn("customer", [(address, "ADDRESS"), (".", None)]),
            a("And your individual number for the tax form?"),
            Turn("customer", [(_spoken_digits(number, "en", (4, 4, 4)), "MY_NUMBER"), (".", None)]),
            a("Thanks, please hold for a moment."),
            Turn("customer", [("Yes, that's right, no problem.", None)]),
        ])
    return Call(f"enH{n}", "en", [
        a("Koe customer care, Olivia speaking."),
        Turn("customer", [("Hello, I want to change my address.", None)]),
        a("For security purposes, can you give me your name and date of birth?"),
        Turn("customer", [("Yes,", None), (name, "NAME"), (", born", None), (dob, "DOB"), (".", None)]),
        a("What is the mobile number on file?"),
        Turn("customer", [("Sure,", None), (phone_read, "PHONE"), (".", None)]),
        a("Can I get the new billing address?"),
        Turn("customer", [("It's", None), (address, "ADDRESS"), (".", None)]),
        a("Please read me the card number."),
        Turn("customer", [("Okay,", None), (card_read, "CARD"), (".", None)]),
        a("And finally your personal number."),
        Turn("customer", [("It is", None), (_spoken_digits(number, "en", (4, 4, 4)), "MY_NUMBER"), (".", None)]),
        a("Thank you, the address is updated."),
        Turn("customer", [("Great, thank you.", None)]),
    ])


def _trim(audio: np.ndarray) -> np.ndarray:
    """Drop the synthesizer's leading and trailing silence (so a piece's span is where it is spoken)."""
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    return audio[loud[0]:loud[-1] + 1] if loud.size else audio[:0]


def synthesize(text: str, language: str, role: str) -> np.ndarray:
    if language == "ja":
        import pyopenjtalk

        wave, rate = pyopenjtalk.tts(text, half_tone=-4.0 if role == "customer" else 0.0)
        return _trim(resample_mono((wave / 32768.0).astype(np.float32), rate, RATE))
    with tempfile.NamedTemporaryFile(suffix=".wav") as out:
        voice = "en-us+f3" if role == "customer" else "en-us"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", out.name, text], check=True, capture_output=True)
        audio, rate = soundfile.read(out.name, dtype="float32")
    return _trim(resample_mono(audio, rate, RATE))


def write_call(call: Call, path: Path) -> None:
    """A stereo WAV (agent left, customer right); fills the call's spoken-value spans and turn times."""
    rendered = []
    for turn in call.turns:
        clips, spans, at = [], [], 0
        for text, kind in turn.pieces:
            clip = synthesize(text, call.language, turn.role)
            if kind:
                spans.append((kind, at, at + len(clip)))
            clips.append(clip)
            at += len(clip) + int(GAP * RATE)
        rendered.append((turn, np.concatenate([np.concatenate([c, np.zeros(int(GAP * RATE), np.float32)])
                                               for c in clips]), spans))
    total = int(LEAD * RATE) + sum(len(c) + int(PAUSE * RATE) for _, c, _ in rendered)
    stereo, cursor = np.zeros((total, 2), np.float32), int(LEAD * RATE)
    for turn, clip, spans in rendered:
        stereo[cursor:cursor + len(clip), 0 if turn.role == "agent" else 1] = clip
        call.spans += [(kind, (cursor + s) / RATE, (cursor + e) / RATE) for kind, s, e in spans]
        call.turn_times.append((turn.role, cursor / RATE, (cursor + len(clip)) / RATE, {k for k, _, _ in spans}))
        cursor += len(clip) + int(PAUSE * RATE)
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, np.clip(stereo, -1, 1), RATE, subtype="PCM_16")


def saved_transcript(folder: Path, audio: DecodedAudio) -> Path:
    """Where ``keep_transcripts`` saves Whisper's output for this audio."""
    return folder / (hashlib.sha256(np.ascontiguousarray(audio.channels).tobytes()).hexdigest()[:24] + ".pkl")


def keep_transcripts(folder: Path) -> None:
    """Save what Whisper wrote for each recording in ``folder`` (keyed by the audio's hash) and reuse it on a later
    run: the masking rules are then scored again on the same Whisper output, without the engine. Everything after
    the engine (masking, turns, audio spans, served copies) runs as in the pipeline."""
    from pipelines.speech import batch

    folder.mkdir(parents=True, exist_ok=True)
    transcribe = batch.transcribe_audio

    def cached(audio, engine, options, language=None, words_wanted=None):  # noqa: ANN001, ANN202 - transcribe_audio's
        path = saved_transcript(folder, audio)
        if path.exists():
            return pickle.loads(path.read_bytes())  # noqa: S301 - our own file, written below
        transcript = transcribe(audio, engine, options, language, words_wanted)
        path.write_bytes(pickle.dumps(transcript))
        return transcript

    batch.transcribe_audio = cached
    load = batch.load_engine

    class LazyEngine:
        """The engine, loaded only when a recording has no saved transcript."""

        def __init__(self, *args: object) -> None:
            self._args, self._engine = args, None

        def __getattr__(self, name: str) -> object:
            self._engine = self._engine or load(*self._args)
            return getattr(self._engine, name)

    batch.load_engine = LazyEngine


def run_pipeline(
    root: Path, calls: dict[str, Path], model: str, word_timestamps: WordTimestamps = "needed"
) -> tuple[Path, float]:
    """Transcribe and mask ``calls`` (id -> WAV) the way the job does; returns (warehouse file, seconds)."""
    db = root / "koe.duckdb"
    with warehouse.connect(db) as conn:
        for call_id, path in calls.items():
            conn.execute("insert into core.interactions (interaction_id, channel, direction, created_at)"
                         " values ($id, 'phone', 'inbound', now()::timestamp)", {"id": call_id})
            conn.execute("insert into core.recordings (recording_id, interaction_id, path, agent_channel)"
                         " values ($id, $id, $path, 0)", {"id": call_id, "path": str(path)})
    start = time.perf_counter()
    connect = lambda: warehouse.connect(db)  # noqa: E731
    # the default warehouse's cache: the weights are joined/converted there once, not per run
    options = TranscribeOptions(model=model, word_timestamps=word_timestamps)
    result = transcribe_pending(connect, None, "Asia/Tokyo", options, warehouse.cache_dir())
    write_masked_recordings(connect, root, root / "published" / "recordings")
    print(f"  transcribed {result.transcribed}, quarantined {result.quarantined}, audio {result.audio_seconds:.0f} s,"
          f" Whisper RTF {result.realtime_factor or 0:.2f}")
    return db, time.perf_counter() - start


def _silenced_fraction(original: np.ndarray, served: np.ndarray, start: float, end: float) -> float:
    """Share of the voiced 10 ms frames of a span (in the original) that are silent in the served copy."""
    size = RATE // 100
    a, b = int(start * RATE) // size * size, int(end * RATE) // size * size
    before = original[a:b].reshape(-1, size)
    after = served[a:b].reshape(-1, size)
    voiced = np.sqrt((before**2).mean(axis=1)) > 0.01
    silent = np.sqrt((after**2).mean(axis=1)) < 1e-3
    return float((voiced & silent).sum() / max(voiced.sum(), 1))


def _set(call: Call) -> str:
    return "held-out" if "H" in call.call_id else "main"


def score(db: Path, root: Path, calls: list[Call], paths: dict[str, Path]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per gold value: found in the masked transcript, silenced fraction; per mask: true or false)."""
    turns = warehouse.query(db, "select interaction_id, role, offset_seconds, end_offset_seconds, text"
                                " from core.messages where source = 'transcript'")
    served = warehouse.query(db, "select recording_id, file_name from core.masked_recordings")
    files = dict(served.iter_rows())
    gold_rows, mask_rows = [], []
    for call in calls:
        original, _ = soundfile.read(paths[call.call_id], dtype="float32")
        masked, _ = soundfile.read(root / "published" / "recordings" / files[call.call_id], dtype="float32") \
            if call.call_id in files else (np.ones_like(original), 0)
        own = turns.filter(pl.col("interaction_id") == call.call_id)
        for kind, start, end in call.spans:
            near = own.filter((pl.col("role") == "customer") & (pl.col("offset_seconds") < end + 0.5)
                              & (pl.col("end_offset_seconds") > start - 0.5))
            found = any(f"[{kind}]" in text for text in near["text"])
            gold_rows.append({"call": call.call_id, "set": _set(call), "language": call.language, "type": kind,
                              "found": found,
                              "silenced": _silenced_fraction(original[:, 1], masked[:, 1], start, end),
                              "text": " | ".join(near["text"])})
        for row in own.iter_rows(named=True):
            overlapping = [types for _, s, e, types in call.turn_times
                           if s < row["end_offset_seconds"] + 0.5 and e > row["offset_seconds"] - 0.5]
            expected = set().union(*overlapping) if overlapping else set()
            for kind in MASK.findall(row["text"]):
                mask_rows.append({"call": call.call_id, "set": _set(call), "language": call.language, "type": kind,
                                  "true": kind in expected or (kind == "POSTAL_CODE" and "ADDRESS" in expected)})
    return pl.DataFrame(gold_rows), pl.DataFrame(mask_rows, schema={"call": pl.String, "set": pl.String,
                                                                   "language": pl.String, "type": pl.String,
                                                                   "true": pl.Boolean})


def per_type(gold: pl.DataFrame, masks: pl.DataFrame) -> pl.DataFrame:
    recall = gold.group_by("set", "language", "type").agg(
        pl.len().alias("spoken"), pl.col("found").mean().alias("recall"),
        pl.col("silenced").mean().alias("silenced_mean"), pl.col("silenced").min().alias("silenced_min"))
    precision = masks.group_by("set", "language", "type").agg(pl.len().alias("masks"),
                                                              pl.col("true").mean().alias("precision"))
    return recall.join(precision, on=["set", "language", "type"], how="left").sort("set", "language", "type")


def demo_false_masks(root: Path, model: str) -> None:
    """The demo's recorded calls: non-personal speech masked (text tokens and audio seconds)."""
    calls = [{"interaction_id": f"D{n}", "language": "ja", "contact_reason": reason}
             for n, reason in enumerate(list(JA_COMPLAINTS)[:2])]
    calls += [{"interaction_id": f"E{n}", "language": "en", "contact_reason": reason} for n, reason in enumerate(EN_CALLS)]
    paths = {}
    for call in calls:
        paths[call["interaction_id"]] = root / "audio" / f"{call['interaction_id']}.wav"
        write_demo_call(paths[call["interaction_id"]], call_turns(call, "佐藤" if call["language"] == "ja" else "Emma"))
    db, seconds = run_pipeline(root, paths, model)
    turns = warehouse.query(db, "select interaction_id, text from core.messages where source = 'transcript'")
    tokens = masked = 0
    for interaction_id, text in turns.iter_rows():
        found = MASK.findall(text)
        plain = MASK.sub("", text)
        count = len(plain.split()) if interaction_id.startswith("E") else len(re.sub(r"\W", "", plain))
        tokens += count + len(found)
        # The Japanese demo call's customer gives her name and birth date on purpose: those masks are true.
        masked += sum(1 for kind in found if not (interaction_id.startswith("D") and kind in ("NAME", "DOB")))
    spans = warehouse.query(db, "select interaction_id, entity_type, end_seconds - start_seconds as s"
                                " from core.audio_redaction_spans")
    print(f"\ndemo calls ({len(calls)}: {len(paths) - 2} ja, 2 en; {seconds:.0f} s): non-personal tokens masked"
          f" {masked}/{tokens} = {masked / max(tokens, 1):.2%} (target <= {TARGET_FALSE_MASKS:.0%});"
          f" audio spans {spans.height} ({spans['s'].sum():.1f} s): "
          + ", ".join(f"{r[0]} {r[1]}" for r in spans.select("interaction_id", "entity_type").iter_rows()))


def _false_masks(texts: list[tuple[str, str]], identity_answer: re.Pattern[str]) -> tuple[int, int]:
    """(non-personal tokens masked, tokens) in (language, masked text) pairs: a Japanese token is a character, an
    English one a word; NAME/DOB masks in the identity-check answer (``identity_answer``) are true ones."""
    tokens = masked = 0
    for language, text in texts:
        found = MASK.findall(text)
        plain = MASK.sub("", text)
        tokens += (len(re.sub(r"\W", "", plain)) if language == "ja" else len(plain.split())) + len(found)
        masked += sum(1 for kind in found if not (identity_answer.search(text) and kind in ("NAME", "DOB")))
    return masked, tokens


def demo_warehouse_false_masks(db: Path) -> None:
    """The Whisper segments a demo warehouse stored, masked again by the current code: non-personal tokens masked.

    Cheaper than ``demo_false_masks`` (no Whisper run): the segments are what Whisper wrote for the demo's recorded
    calls, already masked by the code that stored them, so the count is of the masks both put there.
    """
    from transforms.redaction.transcript import redact_transcript

    segments = warehouse.query(db, (
        "select t.recording_id, t.language, s.channel, s.start_seconds, s.end_seconds, s.text, s.avg_logprob,"
        " s.no_speech_prob, s.compression_ratio from core.transcript_segments s join core.transcriptions t"
        " using (sha256, engine, model, options_hash) where t.status = 'transcribed'"))
    recordings = warehouse.query(db, "select r.recording_id, t.channels, r.agent_channel from core.recordings r"
                                     " join core.transcriptions t using (recording_id) where t.status = 'transcribed'")
    masked = redact_transcript(segments, recordings).segments
    pairs = list(zip(masked["language"].to_list(), masked["text"].to_list(), strict=True))
    false, tokens = _false_masks(pairs, re.compile(r"\[NAME\]です"))
    print(f"\ndemo warehouse {db} ({recordings.height} recorded calls, {masked.height} Whisper segments, masked"
          f" again): non-personal tokens masked {false}/{tokens} = {false / max(tokens, 1):.2%}"
          f" (target <= {TARGET_FALSE_MASKS:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=3, help="synthesized calls per language")
    parser.add_argument("--held-out", type=int, default=2, help="held-out calls per language (reported apart)")
    parser.add_argument("--demo-calls", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--model", default="base")
    parser.add_argument("--word-timestamps", choices=["needed", "all"], default="needed",
                        help="'all': every window's words timed while decoding (Koe before issue 18's alignment)")
    parser.add_argument("--transcripts", type=Path, help="save Whisper's output per call here; reuse it when there"
                        " (re-scores the masking rules on the same Whisper output)")
    parser.add_argument("--saved-only", action="store_true", help="with --transcripts: only the calls whose Whisper"
                        " output is saved there (no engine run)")
    parser.add_argument("--dump", type=Path, help="write every transcript turn (masked) of the calls to this CSV")
    parser.add_argument("--demo-warehouse", type=Path, help="also count false masks on this warehouse's stored"
                        " Whisper segments of the demo's calls, masked again (no Whisper run)")
    parser.add_argument("--only-demo-warehouse", action="store_true", help="just that count")
    args = parser.parse_args()
    if args.transcripts:
        keep_transcripts(args.transcripts)
    if args.demo_warehouse:
        demo_warehouse_false_masks(args.demo_warehouse)
        if args.only_demo_warehouse:
            return
    english = shutil.which("espeak-ng") is not None
    calls = [ja_call(n) for n in range(args.calls)] + [ja_held_out(n) for n in range(args.held_out)]
    if english:
        calls += [en_call(n) for n in range(args.calls)] + [en_held_out(n) for n in range(args.held_out)]
    if not english:
        print("espeak-ng not installed: English calls skipped (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "calls"
        paths = {call.call_id: root / "audio" / f"{call.call_id}.wav" for call in calls}
        started = time.perf_counter()
        for call in calls:
            write_call(call, paths[call.call_id])
        if args.transcripts and args.saved_only:
            calls = [c for c in calls if saved_transcript(args.transcripts, decode_channels(paths[c.call_id])).exists()]
            paths = {c.call_id: paths[c.call_id] for c in calls}
            print("calls with a saved transcript:", ", ".join(paths))
        audio = sum(soundfile.info(p).duration for p in paths.values())
        print(f"synthesized {len(calls)} calls, {audio:.0f} s of audio, in {time.perf_counter() - started:.1f} s")
        db, seconds = run_pipeline(root, paths, args.model, args.word_timestamps)
        gold, masks = score(db, root, calls, paths)
        if args.dump:
            warehouse.query(db, "select interaction_id, role, offset_seconds, text from core.messages"
                                " where source = 'transcript' order by interaction_id, offset_seconds").write_csv(args.dump)
        pl.Config.set_tbl_rows(60).set_tbl_cols(-1).set_tbl_hide_dataframe_shape(True).set_fmt_str_lengths(120).set_tbl_width_chars(200)
        print(f"\nWhisper {args.model} path on {len(calls)} calls ({seconds:.0f} s). Per language and type"
              " (recall: the spoken value is masked with its type in the customer's turn; silenced: share of the"
              " value's voiced 10 ms frames silent in the served audio):")
        table = per_type(gold, masks)
        print(table)
        overall = per_type(gold.with_columns(language=pl.lit("all")), masks.with_columns(language=pl.lit("all")))
        print(overall)
        missed = gold.filter(~pl.col("found"))
        if missed.height:
            print("\nmissed values (what Whisper wrote, masked):")
            print(missed.select("call", "type", "text"))
        false = masks.filter(~pl.col("true"))
        if false.height:
            print("\nmasks where no value of that type was said:")
            print(false)
        for part in overall["set"].unique(maintain_order=True):
            structured = overall.filter(pl.col("type").is_in(STRUCTURED) & (pl.col("set") == part))
            name = overall.filter((pl.col("type") == "NAME") & (pl.col("set") == part))
            print(f"\ntargets ({part}): structured recall >= {TARGET_STRUCTURED}: "
                  f"{bool((structured['recall'] >= TARGET_STRUCTURED).all())}; names after a request >= "
                  f"{TARGET_NAME}: {bool((name['recall'] >= TARGET_NAME).all())}")
        if args.demo_calls:
            demo_false_masks(Path(tmp) / "demo", args.model)


if __name__ == "__main__":
    main()
