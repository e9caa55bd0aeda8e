"""Packaged Whisper weights are checked against their sha256; the default engine needs no torch."""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.speech.models import PACKAGED_MODELS, ModelNotAvailable, PackagedModel, _join_packaged


def test_every_packaged_model_names_its_sha256() -> None:
    assert all(re.fullmatch(r"[0-9a-f]{64}", model.sha256) for model in PACKAGED_MODELS.values())


def test_joined_weights_with_another_hash_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site" / "fake_whisper_weights"
    (package / "model").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "model" / "model.bin").write_bytes(b"weights")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    parts = (("fake_whisper_weights", "model/model.bin"),)
    wrong = PackagedModel(parts, extra_files=(), sha256=hashlib.sha256(b"other weights").hexdigest())
    with pytest.raises(ModelNotAvailable, match="sha256"):
        _join_packaged(wrong, tmp_path / "refused")
    right = PackagedModel(parts, extra_files=(), sha256=hashlib.sha256(b"weights").hexdigest())
    assert (_join_packaged(right, tmp_path / "ct2") / "model.bin").read_bytes() == b"weights"


def test_the_faster_whisper_engine_loads_without_torch() -> None:
    """`pip install .` has no torch (it is the reference-engine extra): importing the transcriber must not need it."""
    code = "import sys, pipelines.speech.transcriber, pipelines.speech.engines; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0
