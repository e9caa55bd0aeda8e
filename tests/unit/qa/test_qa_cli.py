from pathlib import Path

import pytest
from typer.testing import CliRunner

import warehouse
from pipelines.cli.main import app
from qa_rubrics import load_all
from tests.unit.qa.warehouse_fixture import insert_cases

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_score_explain_review_dispute_agreement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "w.duckdb")
    monkeypatch.setenv("KOE_WAREHOUSE", path)  # commands without --warehouse must not touch the real one
    with warehouse.connect(path) as conn:
        insert_cases(conn)
    assert "interactions_scored: 5" in _invoke("score", "--warehouse", path)
    assert "interactions_scored: 0" in _invoke("score", "--warehouse", path)

    explained = _invoke("qa", "explain", "JA-GOOD", "--warehouse", path)
    version = {r.id: r.version for r in load_all()}["ja_call_center"]
    assert f"ja_call_center v{version}: score 100.0" in explained
    assert "[0:00] 「お電話ありがとうございます。Koeサポートセンターの田中でございます。」" in explained
    assert "[1:10]" in explained  # お待たせいたしました after the hold
    bad = _invoke("qa", "explain", "JA-BAD", "--warehouse", path)
    assert "「だから、請求のことは知りません。」" in bad and "(must not occur)" in bad
    assert "nothing found for: agent says 「ご本人様確認" in bad
    assert "identity_verification [critical]: " in bad  # rich markup would swallow "[critical]"
    english = _invoke("qa", "explain", "EN-GOOD", "--warehouse", path)
    # the regex as written: "[a-z]" and "[.,!]" kept (rich markup would swallow them)
    assert r"/\b(this is|my name is|my name's|i'm|i am) [a-z]+|\b[a-z]{3,} speaking([.,!]|$)|" in english

    _invoke("qa", "review", "JA-BAD", "--rubric", "ja_call_center", "--reviewer", "qa1",
            "--criterion", "cushion_words", "--answer", "pass", "--comment", "said 恐縮ですが in a garbled turn",
            "--warehouse", path)
    opened = _invoke("qa", "dispute", "open", "JA-BAD", "--rubric", "ja_call_center", "--criterion", "ng_words",
                     "--agent", "A018", "--reason", "だから was part of a quote", "--warehouse", path)
    dispute_id = opened.split()[1]
    decided = _invoke("qa", "dispute", "decide", dispute_id, "--decision", "rejected", "--reviewer", "lead",
                      "--warehouse", path)
    assert "opened" in decided and "rejected" in decided
    table = _invoke("qa", "agreement", "--warehouse", path, "--min-count", "1")
    assert "cushion_words" in table and "0.0" in table
    assert "KASUHARA" in _invoke("qa", "flags", "--warehouse", path)
    sample = _invoke("qa", "sample", "--warehouse", path)
    assert "KASUHARA" in sample and "harassment" in sample and "JA-BAD" not in sample  # JA-BAD was reviewed
