"""The only place the dashboard reads data: functions over a short-lived read-only snapshot connection.

Every callback opens one connection with ``open_snapshot`` (connect, query, close), so a newly published
snapshot is seen by the next click and no connection is ever held (see docs/dashboard.md).
"""

from dashboards.queries.agents import agent_table, agent_totals, agent_trend, qa_score_distribution
from dashboards.queries.base import Filters, open_snapshot, present_tables
from dashboards.queries.interactions import interaction_detail, interactions_list
from dashboards.queries.names import agent_display_names, with_agent_names
from dashboards.queries.overview import (
    arrival_heatmap,
    data_as_of,
    data_coverage,
    filter_options,
    kpi_summary,
    volume_by_channel,
)
from dashboards.queries.qa import criteria_for, review_queue
from dashboards.queries.staffing import REALTIME_CHANNELS, arrival_profile, channel_aht
from dashboards.queries.themes import theme_detail, themes_table

__all__ = [
    "REALTIME_CHANNELS", "Filters", "agent_display_names", "agent_table", "agent_totals", "agent_trend",
    "arrival_heatmap", "arrival_profile", "channel_aht", "criteria_for", "data_as_of", "data_coverage",
    "filter_options",
    "interaction_detail", "interactions_list", "kpi_summary", "open_snapshot", "present_tables",
    "qa_score_distribution", "review_queue", "theme_detail", "themes_table", "volume_by_channel",
    "with_agent_names",
]
