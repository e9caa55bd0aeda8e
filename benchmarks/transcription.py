"""Whisper engines on real clips: per-clip WER (English) / CER (Japanese), real-time factor and peak memory;
then Koe's throughput against the raw engine call on the same audio.

Accuracy: each engine runs in its own child process (so peak memory is its own), on the same base weights and
Koe's beam (10). The baseline is openai-whisper (the reference engine), measured in the same run; the ratio is its time over
the engine's. Also: the stereo clip's two channels come back as two speakers, and the demo calls' throughput.

Throughput (issue 8): per engine (faster-whisper, openai-whisper; Koe's default options, model 'base'), on the demo
stereo calls plus the clips of ../shared/data/speech_wer_samples when present, audio hours per wall hour of
(a) Koe's full per-recording path — ``transcribe_pending``, what the ``call_transcripts`` asset runs: sha256, decode,
VAD per channel, the interaction's language, Whisper on speech packed into <= 30 s windows (``--prompt [LANGUAGES]``:
with the decoding prompt for the files decoded in those languages, all without a list), save, merge + hallucination
filters —
and (b) the raw engine call on the same channels with the same weights and decoding options; overhead = Koe/raw - 1
(target <= 10 %), and both transcripts' WER/CER against the clips' references; (c) Koe's path with word timestamps
computed for every window while decoding (``word_timestamps="all"``, what Koe did before it aligned words only where
they are needed), timed in the same rotation (``--no-all-words``: not timed). The raw call runs at Koe's precision
(the same compute type per language) with its fallback sampler seeded before each call, as Koe seeds it. Every pass
is timed (Koe, raw and Koe-all interleaved, the order rotated per file and pass); the report gives the median per file
of the process's CPU seconds (other processes' load does not count) and of wall time, and where each side's CPU goes.
Models are loaded once and excluded on both sides; all paths are warmed up once per language before timing (so Koe's
model for each language's compute type is loaded, as raw's are); then what is loaded is frozen out of the garbage
collector (``gc.freeze``), so the raw loader's ``gc.collect()`` per file does not scan Koe's libraries.

Run: .venv/bin/python benchmarks/transcription.py [--engines ...] [--demo-calls 2]  (about 35 min on 2 free cores)
     .venv/bin/python benchmarks/transcription.py --throughput-only [--throughput-engines faster-whisper] [--repeats 3]
         (faster-whisper about 4 min, openai-whisper about 4x that)
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from unittest import mock

import jiwer
import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech_wer_samples"

from pipelines.speech.audio import DecodedAudio, decode_channels
from pipelines.speech.engines import load_engine
from pipelines.speech.options import Segment, TranscribeOptions, Word
from pipelines.speech.transcriber import transcribe_audio
from warehouse.settings import load_settings, prompt_languages

FP32, INT8 = (("ja", "float32"), ("en", "float32")), (("ja", "int8"), ("en", "int8"))
# The capacity settings run one CTranslate2 thread per process: on a shared machine a second thread spin-waits for
# its sibling, so two threads' CPU time measures the machine's load more than the work (docs/scaling.md).
ONE_THREAD = TranscribeOptions(cpu_threads=1)
ENGINES = {
    "openai-whisper": TranscribeOptions(engine="openai-whisper"),
    "faster-whisper-default": TranscribeOptions(),  # what Koe ships (per-language compute types, options.py)
    "faster-whisper-fp32": replace(ONE_THREAD, compute_types=FP32),
    "faster-whisper-int8": replace(ONE_THREAD, compute_types=INT8),
    "faster-whisper-fp32-greedy": TranscribeOptions(compute_types=FP32, beam_size=1),
    "faster-whisper-batched": replace(ONE_THREAD, compute_types=FP32),  # through BatchedInferencePipeline
}
# int8 is safe for a language when on no clip of it its error (WER en, CER ja) is above fp32's by more than this:
# a mean hides the spontaneous clip (the one like a call) getting worse while a read one gets better
INT8_TOLERANCE = 0.02
BATCHED = {"faster-whisper-batched": 8}  # engine name: batch size
BASELINE = "openai-whisper"
ALIASES = {"faster-whisper": "faster-whisper-default"}  # the default options of each engine


def normalise(text: str, language: str) -> str:
    """Whisper's own normalisers: English spelling/number folding; for Japanese punctuation and spaces removed."""
    from whisper.normalizers import BasicTextNormalizer, EnglishTextNormalizer

    if language == "en":
        return EnglishTextNormalizer()(text)
    return BasicTextNormalizer()(text).replace(" ", "")


def error_rate(reference: str, hypothesis: str, language: str) -> float:
    ref, hyp = normalise(reference, language), normalise(hypothesis, language)
    return jiwer.wer(ref, hyp or "-") if language == "en" else jiwer.cer(ref, hyp or "-")


def _clip_audio(row: dict) -> DecodedAudio:
    audio = decode_channels(SAMPLES / row["file"])
    if row["channel"] == "mix":
        return DecodedAudio(audio.mono()[None, :], audio.source_sample_rate)
    return audio


class _BatchedEngine:
    """Koe's faster-whisper engine with each Whisper call through ``BatchedInferencePipeline`` (its own VAD off:
    Koe's windows are speech already), to measure batched decoding on Koe's path; not a Koe setting (yet)."""

    def __init__(self, engine: Any, batch_size: int) -> None:
        from faster_whisper import BatchedInferencePipeline

        self.engine, self.batch_size = engine, batch_size
        self.pipeline = BatchedInferencePipeline(engine._model(engine.options.compute_type("en")))  # noqa: SLF001
        self.detect_language, self.add_words = engine.detect_language, engine.add_words

    def transcribe(self, audio: np.ndarray, language: str, channel: int, offset: float) -> list[Segment]:
        options = self.engine.options
        segments, _ = self.pipeline.transcribe(
            audio, language=language, beam_size=options.beam_size, batch_size=self.batch_size, vad_filter=False,
            clip_timestamps=[{"start": 0.0, "end": audio.shape[0] / 16_000}],  # the whole window, in seconds
            word_timestamps=options.word_timestamps == "all", condition_on_previous_text=False,
            initial_prompt=options.prompt(language))
        return [Segment(channel, offset + s.start, offset + s.end, s.text.strip(), s.avg_logprob, s.no_speech_prob,
                        s.compression_ratio, tuple(Word(w.word, offset + w.start, offset + w.end)
                                                   for w in s.words or ()), tuple(s.tokens), s.seek)
                        for s in list(segments)]


def _cpu_seconds() -> float:
    """This process's CPU time (every thread: CTranslate2's too) and its finished children's: other processes'
    load on the machine does not count, so audio hours per core-hour hold on a shared machine."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def run_child(name: str, demo_dir: str | None) -> dict:
    """Inside the child: load the engine, transcribe every clip (and the demo calls), report times, CPU time
    (for audio hours per core-hour) and peak RSS."""
    options, cache = ENGINES[name], REPO / "warehouse" / "cache"
    started = time.perf_counter()
    engine = load_engine(options, cache)
    if name in BATCHED:
        engine = _BatchedEngine(engine, BATCHED[name])
    results: dict[str, Any] = {"load_seconds": time.perf_counter() - started, "clips": [], "demo": [],
                               "loadavg_before": os.getloadavg()}
    timed = time.perf_counter()
    rows = list(csv.DictReader((SAMPLES / "manifest.csv").open(encoding="utf-8")))
    # One language per clip: the code-switched clip (ja+en) is no language's figure, and Whisper falls back to
    # sampling on it — it cost as much CPU as the other clips together (the throughput section still times it).
    for row in [r for r in rows if r["channel"] in ("mix", "left") and r["language"] in ("ja", "en")]:
        cpu = _cpu_seconds()
        transcript = transcribe_audio(_clip_audio(row), engine, options)
        by_channel = {c: " ".join(s.text for s in transcript.segments if s.channel == c) for c in (0, 1)}
        results["clips"].append({"file": row["file"], "language": transcript.language, "texts": by_channel,
                                 "seconds": transcript.processing_seconds, "audio": transcript.duration_seconds,
                                 "cpu": _cpu_seconds() - cpu})
    for path in sorted(Path(demo_dir).glob("*.wav")) if demo_dir else []:
        cpu = _cpu_seconds()
        transcript = transcribe_audio(decode_channels(path), engine, options)
        results["demo"].append({"file": path.name, "seconds": transcript.processing_seconds,
                                "audio": transcript.duration_seconds, "language": transcript.language,
                                "cpu": _cpu_seconds() - cpu})
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["wall_seconds"], results["loadavg_after"] = time.perf_counter() - timed, os.getloadavg()
    return results


def write_demo_calls(folder: Path, count: int) -> float:
    """``count`` stereo calls like the demo's (alternating Japanese and English); returns seconds to make them."""
    from pipelines.demo.audio import DemoTurn, write_demo_call

    ja = [DemoTurn("agent", "ja", "お電話ありがとうございます。コエサポートセンターの佐藤でございます。"),
          DemoTurn("customer", "ja", "先週注文した商品がまだ届かないんですが。"),
          DemoTurn("agent", "ja", "大変申し訳ございません。ご注文番号を教えていただけますか。"),
          DemoTurn("customer", "ja", "はい、四五七二です。"),
          DemoTurn("agent", "ja", "確認いたしますので、少々お待ちください。"),
          DemoTurn("customer", "ja", "ありがとうございます、助かりました。")]
    en = [DemoTurn(role, "en", key) for key, (role, _) in (
        ("greeting", ("agent", "")), ("order_late", ("customer", "")), ("ask_order", ("agent", "")),
        ("order_number", ("customer", "")), ("replacement", ("agent", "")), ("thanks", ("customer", "")),
        ("closing", ("agent", "")))]
    started = time.perf_counter()
    for n in range(count):
        write_demo_call(folder / f"call_{n}.wav", ja if n % 2 == 0 else en, agent_channel=n % 2)
    return time.perf_counter() - started


def _child(name: str, demo_dir: str) -> dict | None:
    """One setting in its own process; None (its error printed) when it failed, so the other settings still run."""
    out = subprocess.run([sys.executable, __file__, "--child", name, "--demo-dir", demo_dir],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        print(f"{name} failed (exit {out.returncode}):\n{out.stderr[-3000:]}", flush=True)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(results: dict[str, dict]) -> None:
    manifest = list(csv.DictReader((SAMPLES / "manifest.csv").open(encoding="utf-8")))
    rows = {r["file"]: r for r in manifest if r["channel"] in ("mix", "left")}
    stereo = [r for r in manifest if r["channel"] == "right"]
    clip_rows, engine_rows = [], []
    for name, result in results.items():
        for clip in result["clips"]:
            ref = rows[clip["file"]]
            language = "ja" if ref["language"].startswith("ja") else "en"
            clip_rows.append({"engine": name, "file": clip["file"].removeprefix("audio/"), "metric": "CER" if language == "ja" else "WER",
                              "error": error_rate(ref["reference_text"], clip["texts"]["0"], language),
                              "rtf": clip["seconds"] / clip["audio"], "detected": clip["language"]})
        for clip in [c for c in result["clips"] if c["file"] == stereo[0]["file"]] if stereo else []:
            clip_rows.append({"engine": name, "file": "stereo RIGHT channel", "metric": "WER", "rtf": None,
                              "error": error_rate(stereo[0]["reference_text"], clip["texts"]["1"], "en"),
                              "detected": clip["language"]})
        audio = sum(c["audio"] for c in result["clips"])
        spent = sum(c["seconds"] for c in result["clips"])
        demo_audio, demo_spent = sum(d["audio"] for d in result["demo"]), sum(d["seconds"] for d in result["demo"])
        engine_rows.append({"engine": name, "load_s": result["load_seconds"], "clips_audio_s": audio,
                            "clips_s": spent, "rtf": spent / audio, "demo_audio_s": demo_audio,
                            "demo_s": demo_spent, "demo_rtf": demo_spent / demo_audio if demo_audio else None,
                            "peak_rss_mb": result["peak_rss_mb"]})
    clips, engines = pl.DataFrame(clip_rows), pl.DataFrame(engine_rows)
    baseline = engines.filter(pl.col("engine") == BASELINE)
    if baseline.height:
        engines = engines.with_columns(speedup_vs_openai=baseline["clips_s"].item() / pl.col("clips_s"))
    pl.Config.set_tbl_rows(60).set_tbl_cols(20).set_tbl_width_chars(200).set_float_precision(3)
    print("\nPer clip (error: WER for English, CER for Japanese; lower is better):")
    print(clips.pivot(on="engine", index=["file", "metric"], values="error"))
    print("\nPer clip real-time factor (processing / audio seconds):")
    print(clips.filter(pl.col("rtf").is_not_null()).pivot(on="engine", index="file", values="rtf"))
    print("\nMean error per engine and language:")
    print(clips.group_by("engine", "metric").agg(pl.col("error").mean()).sort("metric", "engine"))
    report_capacity(results, rows)
    print("\nSpeed and memory (baseline: openai-whisper in this run):")
    print(engines)
    _same_words(results)


def report_capacity(results: dict[str, dict], references: dict[str, dict]) -> None:
    """Audio hours per core-hour (the engine process's CPU time, so other work on the machine does not lower it)
    with the error beside it, per engine and language: the clips (language from the manifest) and the demo calls.
    Wall time and the load average are printed beside it; then whether int8 is safe per language."""
    rows = []
    for name, result in results.items():
        for clip in result["clips"]:
            if "cpu" not in clip:
                continue
            ref = references[clip["file"]]
            language = "ja" if ref["language"].startswith("ja") else "en"  # how it is scored: CER for ja and ja+en
            rows.append({"engine": name, "file": clip["file"], "language": ref["language"], "audio": clip["audio"],
                         "cpu": clip["cpu"], "wall": clip["seconds"],
                         "error": error_rate(ref["reference_text"], clip["texts"]["0"], language)})
        rows += [{"engine": name, "file": d["file"], "language": f"demo calls ({d['language']})", "audio": d["audio"], "cpu": d["cpu"],
                  "wall": d["seconds"], "error": None} for d in result["demo"] if "cpu" in d]
    if not rows:
        return
    table = (pl.DataFrame(rows).group_by("engine", "language")
             .agg(audio_s=pl.col("audio").sum(), cpu_s=pl.col("cpu").sum(), wall_s=pl.col("wall").sum(),
                  error=pl.col("error").mean())
             .with_columns(audio_h_per_core_h=pl.col("audio_s") / pl.col("cpu_s"),
                           audio_h_per_wall_h=pl.col("audio_s") / pl.col("wall_s"))
             .with_columns(metric=pl.when(pl.col("language").is_in(["ja", "ja+en"])).then(pl.lit("CER"))
                           .when(pl.col("language") == "en").then(pl.lit("WER")))
             .sort("language", "engine"))
    print("\nCapacity: audio hours per core-hour (the setting's process CPU time, RUSAGE_SELF + RUSAGE_CHILDREN), "
          "error beside it; wall time for comparison (it depends on the other work on the machine):")
    print(table.select("language", "engine", "audio_s", "cpu_s", "audio_h_per_core_h", "metric", "error", "wall_s",
                       "audio_h_per_wall_h"))
    for name, result in results.items():
        if "loadavg_before" in result:
            print(f"{name}: {result['wall_seconds']:.1f} s wall for its clips and calls, load average "
                  f"{result['loadavg_before'][0]:.1f} -> {result['loadavg_after'][0]:.1f} on {os.cpu_count()} cores")
    int8_verdict(pl.DataFrame(rows).filter(pl.col("error").is_not_null()))


def int8_verdict(clips: pl.DataFrame) -> None:
    """Per language: is int8 as accurate as fp32 on every clip (within INT8_TOLERANCE), and does the shipped
    default (``TranscribeOptions().compute_types``, the one place the choice is made) agree?"""
    shipped = dict(TranscribeOptions().compute_types)
    paired = (clips.filter(pl.col("engine") == "faster-whisper-int8").select("file", "language", int8="error")
              .join(clips.filter(pl.col("engine") == "faster-whisper-fp32").select("file", fp32="error"), on="file"))
    for language in ("en", "ja"):
        same = paired.filter(pl.col("language") == language)
        if not same.height:
            continue
        worst = same.select((pl.col("int8") - pl.col("fp32")).max()).item()
        safe = worst <= INT8_TOLERANCE
        follows = (shipped.get(language) == "int8") == safe
        means = same.select(pl.col("int8").mean(), pl.col("fp32").mean()).row(0)
        print(f"int8 for {language}: mean error {means[0]:.3f} vs fp32 {means[1]:.3f}, worst "
              f"clip {worst:+.3f} ({same.height} clips) -> {'safe' if safe else 'NOT safe'} (tolerance "
              f"{INT8_TOLERANCE} per clip); shipped default {shipped.get(language)}: "
              f"{'follows the measurement' if follows else 'DOES NOT follow the measurement'}")


def _same_words(results: dict[str, dict]) -> None:
    if BASELINE not in results or "faster-whisper-fp32" not in results:
        return
    for ref_clip, fw_clip in zip(results[BASELINE]["clips"], results["faster-whisper-fp32"]["clips"], strict=True):
        language = "ja" if (ref_clip["language"] or "en") == "ja" else "en"
        same = normalise(ref_clip["texts"]["0"], language) == normalise(fw_clip["texts"]["0"], language)
        print(f"same words openai-whisper vs faster-whisper fp32 on {ref_clip['file']}: {same}")


# ---------------------------------------------------------------------------------------------------------------
# Throughput: Koe's full per-recording path against the raw engine call on the same audio (issue 8)

THROUGHPUT_ENGINES = {"faster-whisper": ENGINES["faster-whisper-default"], "openai-whisper": ENGINES["openai-whisper"]}
OVERHEAD_TARGET = 0.10
TIMEZONE = "Asia/Tokyo"


def _threads(options: TranscribeOptions) -> int:
    """The threads Koe's engine uses for these options (theirs, else the machine's KOE_WHISPER_CPU_THREADS)."""
    return options.cpu_threads or load_settings().whisper_cpu_threads


def raw_description(name: str, options: TranscribeOptions) -> str:
    """Exactly what the raw baseline does (built from the options it uses, printed with the result)."""
    decode = ("faster_whisper.decode_audio(path, split_stereo=<file is stereo>) (PyAV; the engine's own loader"
              + (", since whisper.load_audio needs the ffmpeg program, absent here" if name == "openai-whisper" else "")
              + "), then for EACH channel of the file, the whole channel (silence included) in one call: ")
    if name == "faster-whisper":
        call = (f"faster_whisper.WhisperModel(<ct2 '{options.model}' folder>, device='cpu', compute_type="
                f"{dict(options.compute_types)}[language], cpu_threads={_threads(options)}).transcribe(channel, "
                f"language=<call language>, beam_size={options.beam_size}, patience={options.patience}, temperature="
                f"{list(options.temperatures)}, log_prob_threshold={options.log_prob_threshold}, "
                "condition_on_previous_text=False), its segment generator consumed, "
                "after ctranslate2.set_random_seed(<Koe's seed>)")
    else:
        call = (f"whisper.load_model(<the same '{options.model}' weights converted to .pt>).transcribe(channel, "
                f"language=<call language>, beam_size={options.beam_size}, patience={options.patience}, best_of=5, "
                f"temperature={options.temperatures}, logprob_threshold={options.log_prob_threshold}, fp16=False, "
                "condition_on_previous_text=False, verbose=None), "
                "after torch.manual_seed(<Koe's seed>)")
    return (decode + call + ". <call language> = the language Koe detects for that recording (taken in an untimed "
            "pass), so the raw call does no language detection: Koe's detection is counted in Koe's overhead.")


KOE_DESCRIPTION = ("pipelines.speech.batch.transcribe_pending (what the call_transcripts asset runs) on a fresh "
                   "warehouse holding only this recording: sha256 of the file, PyAV decode of every channel, Silero "
                   "VAD per channel, the interaction's language (the one the raw call is given; detected only when "
                   "the interaction has none), Whisper on each channel's speech packed into windows of <= 30 s (each "
                   "with the audio around it), decoded without word timestamps; words aligned afterwards only for "
                   "windows with a segment over two speech regions or with something masked (word_timestamps="
                   "'needed'), transcript masked, transcription + segments + audio spans saved, turns merged by time "
                   "with the hallucination filters and written")


class _Stopwatch:
    """Wall seconds, process CPU seconds and calls per named step, filled in by wrapped functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, function: Callable) -> Callable:
        def timed(*args, **kwargs):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.cpu[name] += time.process_time() - cpu
                self.calls[name] += 1

        return timed


class _TimedEngine:
    """Koe's loaded engine with its calls timed (the engine itself is unchanged)."""

    def __init__(self, engine: Any, watch: _Stopwatch) -> None:
        self.detect_language = watch.wrap("language", engine.detect_language)
        self.transcribe = watch.wrap("whisper", engine.transcribe)
        self.add_words = watch.wrap("word alignment", engine.add_words)
        self.rescore = watch.wrap("acoustic check", engine.rescore)


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_now() -> tuple[float, float, float]:
    """(wall, machine busy CPU seconds, this process's CPU seconds)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    times = os.times()
    return time.perf_counter(), (sum(values) - values[3] - values[4]) / _TICKS, times.user + times.system


def _measured(function: Callable[[], object]) -> tuple[object, dict]:
    """Run ``function``; its wall seconds, this process's CPU seconds, the cores it used and the cores everyone else
    used meanwhile."""
    before = _cpu_now()
    value = function()
    after = _cpu_now()
    wall = after[0] - before[0]
    own = after[2] - before[2]
    return value, {"wall": wall, "cpu": own, "own_cores": own / wall,
                   "others_cores": max(0.0, (after[1] - before[1] - own) / wall)}


def throughput_files(demo_dir: Path | None, exclude: list[str] | None = None) -> list[tuple[str, Path]]:
    """(group, path): the generated demo calls, then the shared clips when present (each file once), less
    ``exclude`` (file names)."""
    files = [("demo call", path) for path in sorted(demo_dir.glob("*.wav"))] if demo_dir else []
    if (SAMPLES / "manifest.csv").exists():
        rows = csv.DictReader((SAMPLES / "manifest.csv").open(encoding="utf-8"))
        files += [("clip", SAMPLES / name) for name in dict.fromkeys(row["file"] for row in rows)]
    return [(group, path) for group, path in files if path.name not in (exclude or [])]


def _new_warehouse(template: Path, folder: Path, path: Path, language: str | None) -> Path:
    """A copy of the migrated empty warehouse with one interaction (of ``language``) and its recording (agent on
    channel 0)."""
    import warehouse

    db = folder / "koe.duckdb"
    for old in folder.glob("koe.duckdb*"):
        old.unlink()
    shutil.copy(template, db)
    with warehouse.connect(db) as conn:
        conn.execute("insert into core.interactions (interaction_id, channel, direction, created_at, language)"
                     " values ('i-bench', 'phone', 'inbound', timestamp '2026-11-20 01:00:00', $language)",
                     {"language": language})
        conn.execute("insert into core.recordings (recording_id, interaction_id, path, agent_channel)"
                     " values ('bench', 'i-bench', $path, 0)", {"path": str(path)})
    return db


def _koe_run(path: Path, engine: object, options: TranscribeOptions, cache: Path, template: Path,
             folder: Path, language: str | None) -> dict:
    """Koe's full per-recording path, timed; model loading excluded (the loaded engine is handed in).
    ``language``: the interaction's language in the warehouse (None: Koe detects it)."""
    from pipelines.defs.resources import WarehouseResource
    from pipelines.speech import batch, transcriber

    db = _new_warehouse(template, folder, path, language)  # untimed: the recording arrives in the warehouse
    watch = _Stopwatch()
    with ExitStack() as patches:
        patches.enter_context(mock.patch.object(batch, "load_engine", lambda *_: _TimedEngine(engine, watch)))
        for module, name, step in ((batch, "file_sha256", "sha256"), (batch, "decode_channels", "decode"),
                                   (transcriber, "speech_regions", "vad"), (batch, "merge_turns", "merge+filters")):
            patches.enter_context(mock.patch.object(module, name, watch.wrap(step, getattr(module, name))))
        connect = WarehouseResource(path=str(db)).connect
        result, load = _measured(lambda: batch.transcribe_pending(connect, None, TIMEZONE, options, cache))
    if result.transcribed != 1:
        raise RuntimeError(f"Koe did not transcribe {path}: {result.reasons}")
    import warehouse

    with warehouse.connect(db, read_only=True) as conn:
        segments = conn.execute("select segment_count from core.transcriptions").fetchone()[0]
        texts = dict(conn.execute("select channel::varchar, string_agg(text, ' ' order by start_seconds)"
                                  " from core.transcript_segments group by channel").fetchall())
        stored = conn.execute("select channel, start_seconds, end_seconds, text from core.transcript_segments"
                              " order by segment_no").fetchall()  # Koe's output, to compare two versions of Koe
        turns = [row[0] for row in conn.execute("select text from core.messages where source = 'transcript'"
                                                " order by seq").fetchall()]
    steps, cpu_steps = dict(watch.seconds), dict(watch.cpu)
    steps["warehouse+rest"] = load["wall"] - sum(steps.values())
    cpu_steps["warehouse+rest"] = load["cpu"] - sum(cpu_steps.values())
    return {**load, "audio": result.audio_seconds, "steps": steps, "cpu_steps": cpu_steps,
            "whisper_calls": watch.calls["whisper"],
            "alignments": watch.calls["word alignment"], "checks": watch.calls["acoustic check"],
            "check_seconds": watch.seconds["acoustic check"], "segments": segments, "turns": result.turns_written,
            "texts": texts, "stored_segments": stored, "turn_texts": turns}


class _RawEngine:
    """The engine package called directly: no Koe code between the audio file and the model."""

    def __init__(self, name: str, options: TranscribeOptions, cache: Path) -> None:
        from pipelines.speech.models import ct2_model_dir, openai_whisper_checkpoint

        self.name, self.options = name, options
        if name == "faster-whisper":
            from faster_whisper import WhisperModel

            folder = str(ct2_model_dir(options.model, cache))  # the weights Koe resolved (offline), not re-resolved
            self.models = {kind: WhisperModel(folder, device="cpu", compute_type=kind, cpu_threads=_threads(options))
                           for kind in dict(options.compute_types).values()}
        else:
            import whisper

            self.model = whisper.load_model(openai_whisper_checkpoint(options.model, cache)[0], device="cpu")

    def _seed(self) -> None:
        """The temperature-fallback sampler seeded before each call, as Koe's engines seed it: a window that falls
        back samples the same way in every pass (unseeded, its time varied from pass to pass on the raw side
        only)."""
        if self.name == "faster-whisper":
            import ctranslate2

            ctranslate2.set_random_seed(self.options.seed)
        else:
            import torch

            torch.manual_seed(self.options.seed)

    def run(self, path: Path, stereo: bool, language: str) -> dict:
        from faster_whisper import decode_audio

        watch, segments, texts = _Stopwatch(), 0, {}

        def work() -> None:
            nonlocal segments
            decoded = watch.wrap("decode", decode_audio)(str(path), split_stereo=stereo)
            for number, channel in enumerate(decoded if stereo else [decoded]):
                started, cpu = time.perf_counter(), time.process_time()
                self._seed()
                if self.name == "faster-whisper":
                    model = self.models[self.options.compute_type(language)]
                    generator, _ = model.transcribe(channel, language=language, beam_size=self.options.beam_size,
                                                    patience=self.options.patience,
                                                    temperature=list(self.options.temperatures),
                                                    log_prob_threshold=self.options.log_prob_threshold,
                                                    condition_on_previous_text=False)
                    found = [s.text.strip() for s in generator]
                else:
                    result = self.model.transcribe(channel, language=language, beam_size=self.options.beam_size,
                                                   patience=self.options.patience, best_of=5,
                                                   temperature=self.options.temperatures,
                                                   logprob_threshold=self.options.log_prob_threshold, fp16=False,
                                                   condition_on_previous_text=False, verbose=None)
                    found = [s["text"].strip() for s in result["segments"]]
                segments += len(found)
                texts[str(number)] = " ".join(found)
                watch.seconds["whisper"] += time.perf_counter() - started
                watch.cpu["whisper"] += time.process_time() - cpu
                watch.calls["whisper"] += 1

        _, load = _measured(work)
        steps, cpu_steps = dict(watch.seconds), dict(watch.cpu)
        steps["rest"] = load["wall"] - sum(steps.values())
        cpu_steps["rest"] = load["cpu"] - sum(cpu_steps.values())
        return {**load, "steps": steps, "cpu_steps": cpu_steps, "whisper_calls": watch.calls["whisper"],
                "segments": segments, "texts": texts}


def _facts(path: Path, engine: object, options: TranscribeOptions) -> dict:
    """Untimed: channels, duration, speech Koe's VAD keeps, and the call language Koe detects (for the raw call)."""
    from pipelines.speech.transcriber import _language_sample, _regions

    audio = decode_channels(path)
    regions = _regions(audio, options)
    speech = sum(r.end_sample - r.start_sample for rs in regions for r in rs) / 16_000
    language = engine.detect_language(_language_sample(audio, regions))[0] if speech else None
    return {"channels": audio.channels.shape[0], "audio": audio.duration_seconds, "speech": speech,
            "regions": sum(len(rs) for rs in regions), "language": language}


Decoding = dict[str, Any]  # TranscribeOptions fields changed from the defaults, by name


@dataclass(frozen=True)
class LogProbThreshold:
    value: float | None  # None: no threshold (only looping windows fall back)


def log_prob_threshold(text: str) -> LogProbThreshold:
    """--log-prob-threshold: a number, or ``none`` for no threshold."""
    return LogProbThreshold(None if text.lower() == "none" else float(text))


def _decoding(changed: Decoding) -> Decoding:
    """Decoding changes as the options hold them (JSON gives the temperatures back as a list)."""
    return {name: tuple(value) if isinstance(value, list) else value for name, value in changed.items()}


def koe_options(name: str, prompt: Sequence[str], decoding: Decoding) -> TranscribeOptions:
    """What Koe runs with in production: the engine's options plus, as configured, the rubric phrases checked
    against the audio (KOE_ACOUSTIC_CHECK, transforms.acoustic_check) and, for the languages in ``prompt``, as
    Whisper's initial prompt (configured_options; no KOE_VOCABULARY names here); ``decoding``: options changed from
    the defaults (--temperatures, --beam-size, --patience, --log-prob-threshold; the raw call decodes with the
    same)."""
    from pipelines.speech.options import configured_options
    from warehouse.settings import load_settings

    base = replace(THROUGHPUT_ENGINES[name], **decoding)
    configured = configured_options(base.engine, base.model, (), prompt, load_settings().acoustic_check)
    return replace(base, prompts=configured.prompts, checked_phrases=configured.checked_phrases)


def run_throughput_child(name: str, demo_dir: str | None, repeats: int, exclude: list[str] | None = None,
                         prompt: Sequence[str] = (), all_words: bool = True, decoding: Decoding | None = None) -> dict:
    """Inside the child: load both sides once, warm both up once per language, then time Koe and raw per file (order
    alternated). ``all_words``: also time Koe with every window's words timed while decoding (Koe-all)."""
    import gc

    import warehouse

    options, cache = koe_options(name, prompt, decoding or {}), REPO / "warehouse" / "cache"
    started = time.perf_counter()
    engine = load_engine(options, cache)
    raw = _RawEngine(name, options, cache)
    every = copy.copy(engine)  # the same loaded model, word timestamps for every window while decoding (before)
    every.options = replace(options, word_timestamps="all")
    loaded = time.perf_counter() - started
    files = throughput_files(Path(demo_dir) if demo_dir else None, exclude)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        template = folder / "template" / "empty.duckdb"
        template.parent.mkdir()
        with warehouse.connect(template):  # migrated once, copied for every run
            pass
        facts = {str(path): _facts(path, engine, options) for _, path in files}
        files = [(group, path) for group, path in files if facts[str(path)]["language"]]  # silence: nothing to time
        if len(facts) > len(files):
            print(f"skipped (no speech): {len(facts) - len(files)} files", file=sys.stderr)
        if not files:
            raise RuntimeError("no audio with speech to measure")

        def koe(path: Path) -> dict:  # the interaction's language is known, as in the demo and most exports
            return _koe_run(path, engine, options, cache, template, folder, facts[str(path)]["language"])

        def koe_all_words(path: Path) -> dict:  # before: every window's words timed while decoding
            return _koe_run(path, every, every.options, cache, template, folder, facts[str(path)]["language"])

        def bare(path: Path) -> dict:
            fact = facts[str(path)]
            if fact["channels"] > 2:
                raise RuntimeError(f"{path}: {fact['channels']} channels; the raw baseline splits stereo only")
            return raw.run(path, fact["channels"] == 2, fact["language"])

        sides = [("koe", koe), ("raw", bare)] + ([("koe_all_words", koe_all_words)] if all_words else [])
        for language in dict.fromkeys(facts[str(path)]["language"] for _, path in files):
            # warm-up on the shortest file of each language, not counted: the VAD model, allocator, caches, and Koe's
            # model for that language's compute type (faster-whisper loads it on first use; raw loaded all above)
            warm = min((path for _, path in files if facts[str(path)]["language"] == language),
                       key=lambda path: facts[str(path)]["audio"])
            for _, run in sides:
                run(warm)
        # What is loaded by now (libraries, models) is left out of the collector's work from here on: the raw side's
        # loader (faster_whisper.decode_audio) runs gc.collect() on every file, which in this process also scans
        # Koe's libraries (~70 ms a file for faster-whisper, ~150 ms with torch, against ~5 ms in a process that
        # loads faster-whisper alone) and was counted against raw.
        gc.freeze()
        load_before = os.getloadavg()
        timed: dict[str, dict] = {}
        for repeat in range(repeats):
            for position, (group, path) in enumerate(files):
                shift = (position + repeat) % len(sides)
                runs = {side: run(path) for side, run in sides[shift:] + sides[:shift]}
                print(f"{name} pass {repeat + 1}/{repeats} {path.name}: CPU "
                      + ", ".join(f"{side} {run['cpu']:.1f} s" for side, run in runs.items()), file=sys.stderr, flush=True)
                kept = timed.setdefault(str(path), {"file": path.name, "group": group, **facts[str(path)]})
                for side, run in runs.items():
                    kept.setdefault(f"{side}_runs", []).append(run)
        files_timed = [{**kept, **{side: _median_run(kept[f"{side}_runs"]) for side, _ in sides}}
                       for kept in timed.values()]
        return {"engine": name, "load_seconds": loaded, "repeats": repeats, "files": files_timed, "prompt": list(prompt),
                "decoding": decoding or {}, "excluded": exclude or [], "loadavg_before": load_before, "loadavg_after": os.getloadavg()}


def _median_run(runs: list[dict]) -> dict:
    """One side's run of a file whose CPU seconds are the median of its passes, with the median wall beside it."""
    ordered = sorted(runs, key=lambda run: run["cpu"])
    walls = sorted(run["wall"] for run in runs)
    return {**ordered[(len(ordered) - 1) // 2], "cpu": float(np.median([r["cpu"] for r in runs])),
            "wall": float(np.median(walls)), "cpu_runs": [r["cpu"] for r in runs], "wall_runs": [r["wall"] for r in runs]}


def _share(numerator: float, denominator: float) -> str:
    return f"{100 * (numerator / denominator - 1):+.1f} %"


def report_throughput(result: dict) -> None:
    name, files = result["engine"], result["files"]
    all_words = all("koe_all_words" in f for f in files)
    sides = ("koe", "raw", "koe_all_words") if all_words else ("koe", "raw")
    options = replace(THROUGHPUT_ENGINES[name], **_decoding(result.get("decoding", {})))
    print(f"\n=== Throughput {name} (model '{options.model}', beam {options.beam_size}, same weights and decoding "
          f"options on both sides; models loaded once in {result['load_seconds']:.1f} s, excluded; both sides "
          f"warmed up once per language; median of {result['repeats']} pass(es) per file; Koe, raw"
          f"{' and Koe-all' if all_words else ''} interleaved) ===")
    if result.get("excluded"):
        print(f"Files left out (--exclude): {', '.join(result['excluded'])}")
    print(f"Koe: {KOE_DESCRIPTION}. Decoding prompt (rubric phrases): "
          f"{', '.join(result.get('prompt') or []) or 'off'}. Engine options changed from the defaults (both "
          f"sides): {result.get('decoding') or 'none'}.")
    print(f"raw: {raw_description(name, options)}")
    report_accuracy(files)
    rows = [{"file": f["file"], "group": f["group"], "lang": f["language"], "ch": f["channels"],
             "audio_s": f["audio"], "speech_s": f["speech"], "koe_calls": f["koe"]["whisper_calls"],
             "raw_calls": f["raw"]["whisper_calls"], "aligned": f["koe"].get("alignments", 0),
             "checked": f["koe"].get("checks", 0),
             "koe_cpu": f["koe"]["cpu"], "raw_cpu": f["raw"]["cpu"],
             "cpu_overhead_%": 100 * (f["koe"]["cpu"] / f["raw"]["cpu"] - 1),
             "all_words_cpu": f["koe_all_words"]["cpu"] if all_words else None,
             "koe_wall": f["koe"]["wall"], "raw_wall": f["raw"]["wall"],
             "koe_segs": f["koe"]["segments"], "raw_segs": f["raw"]["segments"]} for f in files]
    pl.Config.set_tbl_rows(60).set_tbl_cols(20).set_tbl_width_chars(200).set_float_precision(2)
    print("Per file (audio_s = recording length; speech_s = what Koe's VAD keeps, all channels; calls = Whisper "
          "transcribe calls; aligned = windows whose words Koe aligned afterwards; checked = windows with stretches checked against the audio (transforms.acoustic_check); *_cpu = median process CPU "
          "seconds, *_wall = median wall seconds; all_words = Koe with every window's words timed while decoding; "
          "segs = segments returned):")
    print(pl.DataFrame(rows))
    groups = [("demo calls", [f for f in files if f["group"] == "demo call"]),
              ("clips", [f for f in files if f["group"] == "clip"])]
    groups = [(label, subset) for label, subset in groups if subset]
    for label, subset in groups + ([("all files", files)] if len(groups) > 1 else []):
        audio = sum(f["audio"] for f in subset)
        koe, raw = sum(f["koe"]["cpu"] for f in subset), sum(f["raw"]["cpu"] for f in subset)
        overhead = koe / raw - 1
        verdict = "met" if overhead <= OVERHEAD_TARGET else "NOT met"
        every = sum(f["koe_all_words"]["cpu"] for f in subset) if all_words else None
        koe_wall, raw_wall = sum(f["koe"]["wall"] for f in subset), sum(f["raw"]["wall"] for f in subset)
        print(f"{name} {label} ({len(subset)} files): audio {audio:.1f} s; CPU (median per file, summed): Koe "
              f"{koe:.1f} s = {audio / koe:.2f} audio h/core h, raw {raw:.1f} s = {audio / raw:.2f} audio h/core h; "
              f"overhead Koe/raw - 1 = {100 * overhead:+.1f} % (target <= {100 * OVERHEAD_TARGET:.0f} %: {verdict}); "
              + (f"Koe with every window's words timed while decoding (before) {every:.1f} s = {_share(every, raw)} "
                 "over raw; " if every is not None else "")
              + f"wall: Koe {koe_wall:.1f} s, raw {raw_wall:.1f} s ({_share(koe_wall, raw_wall)})")
    koe_steps, raw_steps = defaultdict(float), defaultdict(float)
    for f in files:
        for step, seconds in f["koe"]["steps"].items():
            koe_steps[step] += seconds
        for step, seconds in f["raw"]["steps"].items():
            raw_steps[step] += seconds
    koe, raw = sum(f["koe"]["wall"] for f in files), sum(f["raw"]["wall"] for f in files)
    channel_audio, speech = sum(f["audio"] * f["channels"] for f in files), sum(f["speech"] for f in files)
    print("Where Koe's time goes (all files, s): " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(
        koe_steps.items(), key=lambda kv: -kv[1])) + f"; total {koe:.1f}")
    print("Where raw's time goes (all files, s): " + ", ".join(f"{k} {v:.2f}" for k, v in raw_steps.items())
          + f"; total {raw:.1f}")
    for side, label in (("koe", "Koe"), ("raw", "raw")):
        cpu_steps: dict[str, float] = defaultdict(float)
        for f in files:
            for step, seconds in f[side].get("cpu_steps", {}).items():
                cpu_steps[step] += seconds
        total = sum(f[side]["cpu"] for f in files)
        print(f"Where {label}'s CPU goes (all files, process CPU s, median pass per file): " + ", ".join(
            f"{k} {v:.2f}" for k, v in sorted(cpu_steps.items(), key=lambda kv: -kv[1])) + f"; total {total:.1f}")
    koe_whisper = koe_steps["whisper"] + koe_steps["language"]
    print(f"Koe's Whisper (regions + language detection) {koe_whisper:.1f} s vs raw's Whisper {raw_steps['whisper']:.1f}"
          f" s ({_share(koe_whisper, raw_steps['whisper'])}): Koe sends {speech:.1f} s of speech in "
          f"{sum(f['koe']['whisper_calls'] for f in files)} region calls (+ {len(files)} language detections), "
          f"raw sends all {channel_audio:.1f} channel-seconds in {sum(f['raw']['whisper_calls'] for f in files)} "
          f"calls. Koe's own code (everything but Whisper) {koe - koe_whisper:.1f} s = "
          f"{100 * (koe - koe_whisper) / raw:.1f} % of raw's wall.")
    own_code = koe - koe_whisper - raw_steps["decode"] - raw_steps["rest"]
    print(f"Overhead {100 * (koe / raw - 1):+.1f} % = Koe's own code minus raw's decode "
          f"{100 * own_code / raw:+.1f} % + language detection {100 * koe_steps['language'] / raw:+.1f} % + Whisper "
          f"per speech region instead of per whole channel {100 * (koe_steps['whisper'] - raw_steps['whisper']) / raw:+.1f}"
          f" % (each Whisper call encodes at least one padded 30 s window; VAD drops silence)")
    others = [f[side]["others_cores"] for f in files for side in sides]
    own = [f[side]["own_cores"] for f in files for side in sides]
    print(f"Machine load during the timed runs: other processes used {min(others):.2f}-{max(others):.2f} cores "
          f"(mean {sum(others) / len(others):.2f}) of {os.cpu_count()}; this benchmark {sum(own) / len(own):.2f} "
          f"cores; load average before/after {result['loadavg_before'][0]:.2f}/{result['loadavg_after'][0]:.2f}")


def report_accuracy(files: list[dict]) -> None:
    """Koe's transcript and the raw call's against the clips' references (WER en, CER ja), on the same run."""
    if not (SAMPLES / "manifest.csv").exists():
        return
    rows = []
    for ref in csv.DictReader((SAMPLES / "manifest.csv").open(encoding="utf-8")):
        timed = next((f for f in files if f["file"] == Path(ref["file"]).name), None)
        if timed is None:
            continue
        channel = "1" if ref["channel"] == "right" else "0"
        language = "ja" if ref["language"].startswith("ja") else "en"
        koe, raw = (error_rate(ref["reference_text"], timed[side]["texts"].get(channel, ""), language)
                    for side in ("koe", "raw"))
        rows.append({"file": f"{Path(ref['file']).name} {ref['channel']}", "metric": "CER" if language == "ja" else "WER",
                     "koe": koe, "raw": raw, "koe_minus_raw": koe - raw})
    if not rows:
        return
    frame = pl.DataFrame(rows)
    print("Accuracy on the same run (Koe's stored segments vs the raw call's, against the references):")
    print(frame)
    print(frame.group_by("metric").agg(pl.col("koe").mean(), pl.col("raw").mean(),
                                       worse_files=(pl.col("koe_minus_raw") > 1e-9).sum(), files=pl.len()))


def throughput(kinds: list[str], demo_dir: str, repeats: int, exclude: list[str], prompt: Sequence[str] = (),
               all_words: bool = True, decoding: Decoding | None = None) -> None:
    """Each engine in its own child (its threads never compete with the other engine's idle pools)."""
    for name in kinds:
        out = subprocess.run([sys.executable, __file__, "--throughput-child", name, "--demo-dir", demo_dir,
                              "--repeats", str(repeats), "--prompt", ",".join(prompt) or "false",
                              *([] if all_words else ["--no-all-words"]), "--decoding", json.dumps(decoding or {}),
                              "--exclude", *exclude],
                             check=False, stdout=subprocess.PIPE,
                             text=True)  # the child's progress and errors go to stderr as they happen
        if out.returncode:
            print(f"throughput {name} failed (exit {out.returncode}; its error is on stderr)", flush=True)
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"throughput {name}: {json.dumps(result, ensure_ascii=False)}", flush=True)
        report_throughput(result)
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=[*ENGINES, *ALIASES],
                        help="accuracy section; 'faster-whisper' = faster-whisper-fp32 (Koe's default options)")
    parser.add_argument("--demo-calls", type=int, default=2)
    parser.add_argument("--throughput-only", action="store_true", help="only the Koe-vs-raw throughput section")
    parser.add_argument("--no-throughput", action="store_true", help="only the accuracy section")
    parser.add_argument("--throughput-engines", nargs="+", choices=list(THROUGHPUT_ENGINES),
                        help="default: the engine kinds of --engines")
    parser.add_argument("--repeats", type=int, default=1, help="throughput: timed passes, the fastest per file kept")
    parser.add_argument("--exclude", nargs="*", default=[], metavar="FILE",
                        help="throughput: file names to leave out (e.g. a clip that sends an engine into sampling)")
    parser.add_argument("--prompt", nargs="?", const="true", default="false", type=prompt_languages,
                        metavar="LANGUAGES", help="throughput: Koe with the decoding prompt for these languages "
                        "(as KOE_DECODING_PROMPT: ja, ja,en; without a list: all)")
    parser.add_argument("--no-all-words", action="store_true",
                        help="throughput: time Koe and raw only, not Koe-all (every window's words timed while decoding)")
    parser.add_argument("--temperatures", nargs="+", type=float,
                        help="throughput: Whisper's fallback temperatures on both sides (default 0.0 0.2 ... 1.0)")
    parser.add_argument("--beam-size", type=int, help="throughput: beam width on both sides (default 5)")
    parser.add_argument("--patience", type=float, help="throughput: beam patience on both sides (default 1.0)")
    parser.add_argument("--log-prob-threshold", type=log_prob_threshold, metavar="VALUE|none",
                        help="throughput: average log-probability below which a window falls back to sampling, on "
                        "both sides (default -1.0; none: only looping windows fall back)")
    parser.add_argument("--decoding", default="{}", help=argparse.SUPPRESS)  # the four above, to the child
    parser.add_argument("--child")
    parser.add_argument("--throughput-child")
    parser.add_argument("--demo-dir")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.demo_dir)))
        return
    if args.throughput_child:
        print(json.dumps(run_throughput_child(args.throughput_child, args.demo_dir, args.repeats, args.exclude,
                                              args.prompt, not args.no_all_words, _decoding(json.loads(args.decoding)))))
        return
    engines = list(dict.fromkeys(ALIASES.get(name, name) for name in args.engines))
    if not args.throughput_only and not (SAMPLES / "manifest.csv").exists():
        sys.exit(f"{SAMPLES} is not present: nothing to measure (--throughput-only runs on the demo calls alone)")
    with tempfile.TemporaryDirectory() as demo_dir:
        made = write_demo_calls(Path(demo_dir), args.demo_calls)
        print(f"{args.demo_calls} demo calls generated in {made:.1f} s", flush=True)
        if not args.throughput_only:
            results = {}
            for name in engines:  # each result is printed as soon as it exists (a long run can be cut short)
                result = _child(name, demo_dir)
                if result is not None:
                    results[name] = result
                    print(f"{name}: {json.dumps(result, ensure_ascii=False)}", flush=True)
            report(results)
        if not args.no_throughput:
            kinds = args.throughput_engines or list(dict.fromkeys(ENGINES[name].engine for name in engines))
            decoding = {name: value for name, value in (("temperatures", args.temperatures),
                        ("beam_size", args.beam_size), ("patience", args.patience)) if value is not None}
            if args.log_prob_threshold is not None:
                decoding["log_prob_threshold"] = args.log_prob_threshold.value
            throughput(kinds, demo_dir, args.repeats, args.exclude, args.prompt, not args.no_all_words,
                       _decoding(decoding))


if __name__ == "__main__":
    main()
