"""Koe is Apache-2.0 and its runtime dependencies are permissive; docs/licenses.md lists them (scripts/licenses.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))
from licenses import allowed, runtime_distributions  # noqa: E402


def test_every_runtime_licence_is_allowed_and_the_list_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "licenses.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("licence", ["GPL-3.0-or-later", "GNU General Public License v2 or later (GPLv2+)",
                                     "MIT AND GPL-2.0-only", "AGPL-3.0", "UNKNOWN"])
def test_copyleft_and_unknown_licences_are_refused(licence: str) -> None:
    assert not allowed(licence)


@pytest.mark.parametrize("licence", [
    "MIT", "BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0", "Apache-2.0 OR GPL-2.0",
    "Apache Software License; BSD License", "Zope Public License", "GNU Lesser General Public License v2 or later (LGPLv2+)",
])
def test_permissive_licences_are_accepted(licence: str) -> None:
    assert allowed(licence)


def test_runtime_dependencies_exclude_the_extras_and_the_test_tools() -> None:
    runtime = set(runtime_distributions())
    assert {"dagster", "faster-whisper", "graspologic-native", "pydantic-settings"} <= runtime
    assert not runtime & {"torch", "openai-whisper", "pyopenjtalk-plus", "pytest", "jiwer", "scikit-learn",
                          "igraph", "krippendorff"}
