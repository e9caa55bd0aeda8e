"""Whisper engines on real clips: per-clip WER (English) / CER (Japanese), real-time factor and peak memory.

Each engine runs in its own child process (so peak memory is its own), on the same base weights and beam 5.
The baseline is openai-whisper (the reference engine), measured in the same run; the ratio is its time over the
engine's. Also: the stereo clip's two channels come back as two speakers, and the demo calls' throughput.

Run: .venv/bin/python benchmarks/transcription.py [--engines ...] [--demo-calls 2]  (about 15 min on 2 free cores)
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jiwer
import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech_wer_samples"

from pipelines.speech.audio import DecodedAudio, decode_channels  # noqa: E402
from pipelines.speech.engines import load_engine  # noqa: E402
from pipelines.speech.options import TranscribeOptions  # noqa: E402
from pipelines.speech.transcriber import transcribe_audio  # noqa: E402

ENGINES = {
    "openai-whisper": TranscribeOptions(engine="openai-whisper"),
    "faster-whisper-fp32": TranscribeOptions(),
    "faster-whisper-int8": TranscribeOptions(compute_types=(("ja", "int8"), ("en", "int8"))),
    "faster-whisper-fp32-greedy": TranscribeOptions(beam_size=1),
}
BASELINE = "openai-whisper"


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


def run_child(name: str, demo_dir: str | None) -> dict:
    """Inside the child: load the engine, transcribe every clip (and the demo calls), report times and peak RSS."""
    options, cache = ENGINES[name], REPO / "warehouse" / "cache"
    started = time.perf_counter()
    engine = load_engine(options, cache)
    results = {"load_seconds": time.perf_counter() - started, "clips": [], "demo": []}
    rows = list(csv.DictReader((SAMPLES / "manifest.csv").open(encoding="utf-8")))
    for row in [r for r in rows if r["channel"] in ("mix", "left")]:
        transcript = transcribe_audio(_clip_audio(row), engine, options)
        by_channel = {c: " ".join(s.text for s in transcript.segments if s.channel == c) for c in (0, 1)}
        results["clips"].append({"file": row["file"], "language": transcript.language, "texts": by_channel,
                                 "seconds": transcript.processing_seconds, "audio": transcript.duration_seconds})
    for path in sorted(Path(demo_dir).glob("*.wav")) if demo_dir else []:
        transcript = transcribe_audio(decode_channels(path), engine, options)
        results["demo"].append({"file": path.name, "seconds": transcript.processing_seconds,
                                "audio": transcript.duration_seconds, "language": transcript.language})
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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


def _child(name: str, demo_dir: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", name, "--demo-dir", demo_dir],
                         capture_output=True, text=True, check=True)
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
    print("\nSpeed and memory (baseline: openai-whisper in this run):")
    print(engines)
    _same_words(results)


def _same_words(results: dict[str, dict]) -> None:
    if BASELINE not in results or "faster-whisper-fp32" not in results:
        return
    for ref_clip, fw_clip in zip(results[BASELINE]["clips"], results["faster-whisper-fp32"]["clips"]):
        language = "ja" if (ref_clip["language"] or "en") == "ja" else "en"
        same = normalise(ref_clip["texts"]["0"], language) == normalise(fw_clip["texts"]["0"], language)
        print(f"same words openai-whisper vs faster-whisper fp32 on {ref_clip['file']}: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument("--demo-calls", type=int, default=2)
    parser.add_argument("--child")
    parser.add_argument("--demo-dir")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.demo_dir)))
        return
    if not (SAMPLES / "manifest.csv").exists():
        sys.exit(f"{SAMPLES} is not present: nothing to measure")
    with tempfile.TemporaryDirectory() as demo_dir:
        made = write_demo_calls(Path(demo_dir), args.demo_calls)
        print(f"{args.demo_calls} demo calls generated in {made:.1f} s", flush=True)
        results = {}
        for name in args.engines:  # each result is printed as soon as it exists (a long run can be cut short)
            results[name] = _child(name, demo_dir)
            print(f"{name}: {json.dumps(results[name], ensure_ascii=False)}", flush=True)
        report(results)


if __name__ == "__main__":
    main()
