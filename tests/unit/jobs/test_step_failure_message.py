"""`koe run` / `koe demo` name why a step failed, not only Dagster's wrapper message."""

import dagster as dg

from pipelines.runner import _root_cause


@dg.op
def _fails() -> None:
    raise ValueError("kpi_daily: a BC date came back as a string")


@dg.job
def _failing_job() -> None:
    _fails()


def test_the_printed_reason_is_the_innermost_error() -> None:
    result = _failing_job.execute_in_process(raise_on_error=False)
    failure = next(event for event in result.all_events if event.is_step_failure)
    assert "Error occurred while executing op" in failure.step_failure_data.error.message
    assert _root_cause(failure.step_failure_data.error) == "ValueError: kpi_daily: a BC date came back as a string"


def test_no_error_recorded() -> None:
    assert _root_cause(None) == "no error recorded"
