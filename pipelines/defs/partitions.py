"""The daily partitions of the heavy assets: transcription, conversation metrics, QA scoring and theme assignment.

A partition is one local business day: the interactions created on that calendar day in ``KOE_TIMEZONE``
(Asia/Tokyo by default). The day's rows are selected in ``warehouse`` / ``transforms``, never in the asset. A run
without a partition key (``koe_job``, the in-process demo) handles everything pending instead.
"""

from __future__ import annotations

import dagster as dg

from warehouse.settings import load_settings

# Read when the code location loads: a change of KOE_TIMEZONE takes effect when Dagster reloads the definitions.
call_days = dg.DailyPartitionsDefinition(start_date="2024-01-01", timezone=load_settings().timezone, end_offset=1)


def partition_day(context: dg.AssetExecutionContext) -> str | None:
    """The run's day (YYYY-MM-DD), or None when the run has no partition key: then every pending row is in scope."""
    return context.partition_key if context.has_partition_key else None
