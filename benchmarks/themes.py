"""Theme clustering quality and speed. Run: .venv/bin/python benchmarks/themes.py [--skip-bertopic] [--skip-scale]

1. Quality against labels (banking77 train, 10,003 queries / 77 intents; NLU++ utterances with exactly one intent,
   label = domain:intent): NMI, ARI, unassigned share and time for Koe (kNN graph + Leiden) and for BERTopic
   0.17 with its default settings (UMAP 5-d + HDBSCAN min_cluster_size=10) on the same USE embeddings.
   The unassigned bucket counts as one cluster in NMI/ARI for both (BERTopic's topic −1 likewise).
2. Stable ids: re-fit on the same data; fit on 90 % then on 100 % with the first fit as `previous`.
3. Scale: 100,000 documents (the real embeddings above plus jittered copies, renormalised) clustered in a
   child process; wall time and peak RSS. Embedding throughput is measured on the real texts.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms.themes.cluster import ClusterParams, cluster_embeddings  # noqa: E402
from transforms.themes.embed import embed_texts  # noqa: E402
from transforms.themes.fit import fit_themes  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def datasets() -> dict[str, tuple[list[str], list[str]]]:
    banking = pl.read_csv(DATA / "banking77_train" / "train.csv")
    lines = (DATA / "nlupp_banking_hotels" / "nlupp.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [{k: row[k] for k in ("domain", "text", "intents")} for row in map(json.loads, lines)]
    nlupp = pl.DataFrame(rows).filter(pl.col("intents").list.len() == 1)
    nlupp_labels = nlupp.select(pl.col("domain") + ":" + pl.col("intents").list.first())
    return {
        "banking77": (banking["text"].to_list(), banking["category"].to_list()),
        "nlupp": (nlupp["text"].to_list(), nlupp_labels.to_series().to_list()),
    }


def scores(labels: list[str], predicted: np.ndarray) -> dict[str, float]:
    return {
        "nmi": normalized_mutual_info_score(labels, predicted),
        "ari": adjusted_rand_score(labels, predicted),
        "unassigned": float(np.mean(predicted == -1)),
        "themes": int(len(set(predicted.tolist()) - {-1})),
    }


RESOLUTIONS = (2.0, 1.0)  # 2.0 = Koe's default; 1.0 = coarser themes


def _fmt(values: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in values.items())


def run_koe(embeddings: np.ndarray, resolution: float = 1.0) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    labels = cluster_embeddings(embeddings, ClusterParams(resolution=resolution))
    return labels, time.perf_counter() - start


def bertopic_available() -> bool:
    """BERTopic is a benchmark-only dependency (see docs/themes.md for the install line)."""
    try:
        import bertopic  # noqa: F401
    except ImportError as missing:
        print(f"BERTopic baseline skipped: {missing}")
        return False
    return True


def run_bertopic(texts: list[str], embeddings: np.ndarray) -> tuple[np.ndarray, float]:
    from bertopic import BERTopic

    start = time.perf_counter()
    topics, _ = BERTopic().fit_transform(texts, embeddings=embeddings)
    return np.asarray(topics), time.perf_counter() - start


def stability(texts: list[str], embeddings: np.ndarray) -> dict[str, float]:
    """Share of ids reproduced on the same data, and kept after adding 10 % more documents."""
    docs = pl.DataFrame({"document_id": [f"d{i:06d}" for i in range(len(texts))], "text": texts, "language": "en"})
    first = fit_themes(docs, embeddings)
    again = fit_themes(docs, embeddings, previous=first.themes, previous_assignments=first.assignments)
    same = float((first.assignments["theme_id"] == again.assignments["theme_id"]).fill_null(True).mean())
    rng = np.random.default_rng(0)
    base = np.sort(rng.choice(len(texts), int(len(texts) * 0.9), replace=False))
    part = fit_themes(docs[base], embeddings[base])
    full = fit_themes(docs, embeddings, previous=part.themes, previous_assignments=part.assignments)
    events = full.events.group_by("event").len()
    kept = dict(events.iter_rows()).get("kept", 0)
    before = part.assignments.select("document_id", before="theme_id")
    after = full.assignments.join(before, on="document_id").drop_nulls("before")
    return {
        "same_data_doc_ids_equal": same,
        "themes_kept_after_+10%": kept / max(part.themes.height, 1),
        "docs_keeping_id_after_+10%": float((after["theme_id"] == after["before"]).fill_null(False).mean()),
    }


def scale_child(path: str) -> None:
    embeddings = np.load(path)
    start = time.perf_counter()
    labels = cluster_embeddings(embeddings)
    print(json.dumps({"seconds": time.perf_counter() - start, "themes": int(labels.max() + 1),
                      "unassigned": float(np.mean(labels == -1)),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))  # fmt: skip


def scale(real: np.ndarray, n: int = 100_000) -> dict[str, float]:
    rng = np.random.default_rng(1)
    picks = real[rng.integers(0, len(real), n - len(real))]
    jittered = picks + rng.normal(0, 0.02, picks.shape).astype(np.float32)
    big = np.vstack([real, jittered / np.linalg.norm(jittered, axis=1, keepdims=True)]).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        np.save(f"{tmp}/e.npy", big)
        out = subprocess.run([sys.executable, __file__, "--scale-child", f"{tmp}/e.npy"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(skip_bertopic: bool, skip_scale: bool) -> None:
    all_embeddings = []
    for name, (texts, labels) in datasets().items():
        start = time.perf_counter()
        embeddings = embed_texts(texts)
        rate = len(texts) / (time.perf_counter() - start)
        all_embeddings.append(embeddings)
        print(f"\n== {name}: {len(texts)} documents, {len(set(labels))} labels; USE embedding {rate:.0f} docs/s")
        runs = {f"koe r={r}": run_koe(embeddings, r) for r in RESOLUTIONS}
        if not skip_bertopic and bertopic_available():
            runs["bertopic"] = run_bertopic(texts, embeddings)
        for method, (predicted, seconds) in runs.items():
            print(f"{method:<10} {_fmt(scores(labels, predicted))}  {seconds:.1f} s")
        if "bertopic" in runs:
            base = scores(labels, runs["bertopic"][0])
            for r in RESOLUTIONS:
                mine = scores(labels, runs[f"koe r={r}"][0])
                print(f"ratio koe r={r} / bertopic: NMI {mine['nmi'] / base['nmi']:.2f}, ARI {mine['ari'] / base['ari']:.2f}, "
                      f"time {runs[f'koe r={r}'][1] / runs['bertopic'][1]:.2f}")  # fmt: skip
        print(f"stable ids {_fmt(stability(texts, embeddings))}")
    if not skip_scale:
        print(f"\n== scale: 100,000 documents (clustering only) {_fmt(scale(np.vstack(all_embeddings)))}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--scale-child":
        scale_child(sys.argv[2])
    else:
        main("--skip-bertopic" in sys.argv, "--skip-scale" in sys.argv)
