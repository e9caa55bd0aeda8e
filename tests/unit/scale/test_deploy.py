"""The deployment examples in deploy/ load with the real Dagster schema where this machine has the package."""

import shutil
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster._core.instance.config import dagster_instance_config

from pipelines.backfill import daily_backfill_job, transcription_backfill_job

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def test_instance_config_validates_and_caps_pools_at_one_writer(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    shutil.copy(DEPLOY / "dagster.yaml", tmp_path / "dagster.yaml")
    config, _ = dagster_instance_config(str(tmp_path))
    assert config["concurrency"]["pools"]["default_limit"] == 1
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 2


def test_local_backfill_run_config_is_valid_for_the_partitioned_jobs() -> None:
    run_config = yaml.safe_load((DEPLOY / "run_config" / "multiprocess_backfill.yaml").read_text())
    dg.validate_run_config(transcription_backfill_job(), run_config)
    dg.validate_run_config(daily_backfill_job(), run_config)


def test_celery_run_config_is_valid_for_the_write_once_job() -> None:
    pytest.importorskip("dagster_celery", reason="the optional extra `cluster` is not installed")
    from pipelines.cluster import cluster_job

    run_config = yaml.safe_load((DEPLOY / "run_config" / "celery_backfill.yaml").read_text())
    assert dg.validate_run_config(cluster_job("celery"), run_config)["execution"]["celery"]["include"] == [
        "pipelines.defs.cluster"]


@pytest.mark.parametrize("name, required", [("k8s_backfill.yaml", {"job_namespace", "max_concurrent", "env_vars"})])
def test_distributed_executor_examples_parse(name: str, required: set[str]) -> None:
    """dagster-k8s is not installed here, so only the shape is checked."""
    config = yaml.safe_load((DEPLOY / "run_config" / name).read_text())["execution"]["config"]
    assert required <= set(config)
