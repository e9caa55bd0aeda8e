"""benchmarks/run_all.py: figures are copied from each benchmark's output; re-running one keeps the others."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
import run_all  # noqa: E402


@pytest.fixture
def benchmarks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "benchmarks"
    folder.mkdir()
    (folder / "fast.py").write_text("print('koe: 2.0 s  baseline: 1.0 s  ratio 2.00x')\n")
    (folder / "broken.py").write_text("import sys\nprint('half way 50 %')\nsys.exit(3)\n")
    monkeypatch.setattr(run_all, "BENCHMARKS", folder)
    monkeypatch.setattr(run_all, "ROOT", tmp_path)
    monkeypatch.setattr(run_all, "ARGUMENTS", {})
    return folder


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str) -> None:
    monkeypatch.setattr(sys, "argv", ["run_all.py", *argv])
    run_all.main()


def test_each_benchmark_keeps_its_last_run(benchmarks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(monkeypatch, "--only", "fast", "--scale", "quick")
    _run(monkeypatch, "--only", "broken")
    text = (benchmarks / "RESULTS.md").read_text()
    assert "| fast | quick |" in text and "koe: 2.0 s  baseline: 1.0 s  ratio 2.00x" in text
    assert "| broken | full |" in text and "failed (exit 3)" in text and "half way 50 %" in text


def test_a_full_run_starts_afresh(benchmarks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(monkeypatch, "--only", "fast")
    (benchmarks / "fast.py").unlink()
    _run(monkeypatch)
    assert "| fast |" not in (benchmarks / "RESULTS.md").read_text()
