"""Complaint themes, their trends and the weekly product-feedback report, as Dagster assets."""


from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import polars as pl

import warehouse.themes as store
from dashboards.reports.product_feedback import report_file_name, report_week
from dashboards.reports.write import write_product_feedback
from pipelines.defs.partitions import call_days, partition_day
from pipelines.defs.resources import Connect, SettingsResource, WarehouseResource
from transforms.redaction.detect import redact_text
from transforms.themes.cluster import ClusterParams
from transforms.themes.documents import build_documents, on_local_day
from transforms.themes.embed import embed_texts
from transforms.themes.faq import faq_candidates
from transforms.themes.trends import emerging_themes, theme_daily
from warehouse import published_dir
from warehouse.connection import one_value
from warehouse.settings import load_settings

if TYPE_CHECKING:
    from transforms.themes.fit import ThemeFit

# transforms.themes.fit is imported where it is used: it pulls in scikit-learn (seconds), which every step process
# of a partitioned backfill would otherwise pay, also those that never cluster or assign.

FULL_REFIT_NEW_SHARE = 0.2  # re-cluster when this share of documents arrived since the last fit
FULL_REFIT_DAYS = 7  # … or when the last full fit is older than this


class ThemesConfig(dg.Config):
    mode: str = "auto"  # auto | full | incremental
    resolution: float | None = None  # Leiden resolution of a full fit; None = chosen from the data (docs/themes.md)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def needs_full_fit(previous: pl.DataFrame, new_documents: int, all_documents: int, run_at: datetime) -> bool:
    """No active themes yet, many new documents, or a stale fit → full re-clustering."""
    active = previous.filter(pl.col("status") == "active")
    if active.height == 0:
        return True
    last_fit = cast(datetime | None, previous["first_seen_at"].max())
    stale = last_fit is None or run_at - last_fit > timedelta(days=FULL_REFIT_DAYS)
    return stale or new_documents >= FULL_REFIT_NEW_SHARE * max(all_documents, 1)


def write_full_fit(conn: duckdb.DuckDBPyConnection, documents: pl.DataFrame, fit: "ThemeFit", run_id: str, run_at: datetime) -> None:
    """Store a full fit: themes (with the FAQ flag), redacted examples, assignments and id events."""
    scored = documents.join(fit.assignments.select("document_id", "theme_id", "similarity"), on="document_id")
    questions = faq_candidates(scored, fit.themes, top=fit.themes.height)["theme_id"]
    store.write_themes(conn, fit.themes.with_columns(is_question=pl.col("theme_id").is_in(questions.implode())), run_at)
    examples = fit.examples.with_columns(pl.col("text").map_elements(redact_text, return_dtype=pl.String))
    store.replace_examples(conn, examples)
    store.upsert_assignments(conn, fit.assignments, run_id, run_at)
    store.write_events(conn, fit.events, run_id, run_at)


def refresh_themes(
    conn: duckdb.DuckDBPyConnection, mode: str, run_at: datetime, resolution: float | None = None
) -> dict[str, int | float | str]:
    """Build documents from core, then re-cluster (full) or assign only the new documents (incremental)."""
    from transforms.themes.fit import assign_documents, fit_themes

    documents = build_documents(*store.read_document_sources(conn))
    if documents.height == 0:
        return {"mode": "skipped (no customer text yet)", "documents": 0}
    previous = store.read_themes(conn)
    new_docs = documents.join(store.read_assigned_ids(conn), on="document_id", how="anti")
    full = mode == "full" or (mode == "auto" and needs_full_fit(previous, new_docs.height, documents.height, run_at))
    run_id = f"themes-{run_at:%Y%m%dT%H%M%S}"
    if full:
        fit = fit_themes(
            documents, embed_texts(documents["text"].to_list()), previous, ClusterParams(resolution=resolution),
            previous_assignments=store.read_assignments(conn),
        )
        write_full_fit(conn, documents, fit, run_id, run_at)
        assignments, events, chosen = fit.assignments, fit.events, {"resolution": round(fit.resolution, 2)}
    else:
        assignments = assign_documents(new_docs, embed_texts(new_docs["text"].to_list()), previous)
        store.upsert_assignments(conn, assignments, run_id, run_at)
        events, chosen = pl.DataFrame(schema={"event": pl.String}), {}
    return {
        "mode": "full" if full else "incremental",
        "documents": documents.height,
        "assigned_now": assignments.height,
        "unassigned_now": assignments["theme_id"].null_count(),
        **chosen,
        **{f"events_{e}": n for e, n in events.group_by("event").len().iter_rows()},
    }


@dg.asset(
    deps=["core_messages", "core_interactions", "core_surveys", "call_transcripts"],
    group_name="themes",
    kinds={"duckdb", "python"},
)
def complaint_themes(config: ThemesConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Recurring complaint themes across tickets, calls and surveys, with stable ids (full fit or incremental).

    Unpartitioned: a full fit clusters the whole corpus. Assigning a day's new documents to these themes is
    ``theme_assignments``, partitioned by day."""
    with warehouse.connect() as conn:
        summary = refresh_themes(conn, config.mode, _now(), config.resolution)
        active = one_value(conn, "select count(*) from themes.themes where status = 'active'")
    return dg.MaterializeResult(metadata={**summary, "active_themes": active})


def assign_pending(connect: Connect, day: str | None, timezone: str, run_at: datetime) -> dict[str, int | str]:
    """Assign documents without a theme yet (only those of local ``day`` when given) to the nearest active theme.

    Themes are not changed: re-clustering is a whole-corpus operation (``complaint_themes``' full fit). Documents are
    built from the whole corpus, since boilerplate is judged corpus-wide, so a day's texts are the same as in an
    unpartitioned run. Embedding holds no connection: parallel day partitions take turns only to read and write.
    """
    from transforms.themes.fit import assign_documents

    with connect() as conn:
        documents = build_documents(*store.read_document_sources(conn))
        pending = on_local_day(documents, day, timezone).join(store.read_assigned_ids(conn), on="document_id", how="anti")
        themes = store.read_themes(conn)
    if themes.filter(pl.col("status") == "active").is_empty():
        return {"mode": "skipped (no themes yet: materialize complaint_themes first)", "pending": pending.height}
    if pending.is_empty():
        return {"mode": "incremental", "pending": 0, "assigned_now": 0, "unassigned_now": 0}
    assignments = assign_documents(pending, embed_texts(pending["text"].to_list()), themes)
    with connect() as conn:
        store.upsert_assignments(conn, assignments, f"themes-{day or 'all'}-{run_at:%Y%m%dT%H%M%S}", run_at)
    return {"mode": "incremental", "pending": pending.height, "assigned_now": assignments.height,
            "unassigned_now": assignments["theme_id"].null_count()}


@dg.asset(
    # After the day's transcripts via conversation_metrics: a partitioned asset cannot depend on another one
    # (call_transcripts) when koe_job runs everything without a partition key.
    deps=[complaint_themes, "core_messages", "core_interactions", "core_surveys", "conversation_metrics"],
    partitions_def=call_days,
    group_name="themes",
    kinds={"duckdb", "python"},
)
def theme_assignments(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, koe_settings: SettingsResource
) -> dg.MaterializeResult:
    """New documents assigned to the existing themes, one local day per partition (no key: every new document)."""
    day = partition_day(context)
    summary = assign_pending(warehouse.connect, day, koe_settings.settings().timezone, _now())
    return dg.MaterializeResult(metadata={"day": day or "all", **summary})


def refresh_trends(conn: duckdb.DuckDBPyConnection, run_at: datetime) -> pl.DataFrame:
    """Rebuild theme_daily (volume, survey scores, cost and customer sentiment) and record this run's emerging
    themes as events; returns the emerging table."""
    documents = build_documents(*store.read_document_sources(conn))
    settings = load_settings()
    costs = store.read_contact_costs(conn, settings.fcr_window_days)
    daily = theme_daily(documents, store.read_assignments(conn), settings.timezone, costs,
                        store.read_contact_sentiment(conn))
    store.replace_daily(conn, daily)
    if daily.height == 0:
        return pl.DataFrame()
    emerging = emerging_themes(daily, as_of=cast(date, daily["day"].max())).filter(pl.col("is_emerging"))
    newly = emerging.filter(~pl.col("theme_id").is_in(store.read_emerging_ids(conn)))  # an event when it starts, once
    events = newly.select("theme_id", event=pl.lit("emerging"), related_theme_id=pl.lit(None, pl.String), similarity="z")
    store.write_events(conn, events, f"trends-{run_at:%Y%m%dT%H%M%S}", run_at)
    store.replace_weekly_and_flags(conn, emerging["theme_id"].to_list())
    return emerging


@dg.asset(deps=[complaint_themes, theme_assignments, "message_sentiment"], group_name="themes",
          kinds={"duckdb", "polars"})
def theme_trends(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Theme volume per day, channel and product, and the themes emerging in the last 7 days."""
    with warehouse.connect() as conn:
        emerging = refresh_trends(conn, _now())
    flagged = emerging["theme_id"].to_list() if emerging.height else []
    return dg.MaterializeResult(metadata={"emerging_themes": ", ".join(flagged) or "none", "emerging": len(flagged)})


@dg.asset(deps=[theme_trends], group_name="themes", kinds={"html", "pdf"})
def product_feedback_report(warehouse: WarehouseResource, koe_settings: SettingsResource) -> dg.MaterializeResult:
    """The product-feedback report (top, growing and emerging themes) of the latest complete week that has data and
    has ended, in Japanese and English, HTML + PDF (a week without data would be an empty report)."""
    settings = koe_settings.settings()
    zone = settings.timezone
    start, end = report_week(warehouse.path or None, datetime.now(ZoneInfo(zone)).date())
    folder = published_dir(warehouse.path or None) / "reports"
    written = {}
    for lang in ("ja", "en"):
        html, pdf = write_product_feedback(warehouse.path or None, start, end, folder / report_file_name(start, lang),
                                           lang, settings.dashboard_url, timezone=zone)  # quotes link there
        written[f"html_{lang}"], written[f"pdf_{lang}"] = dg.MetadataValue.path(str(html)), dg.MetadataValue.path(str(pdf))
    return dg.MaterializeResult(metadata={"period": f"{start} – {end}", **written})


weekly_product_feedback_job = dg.define_asset_job(
    "weekly_product_feedback_job", selection=[complaint_themes, theme_trends, product_feedback_report]
)

weekly_product_feedback_schedule = dg.ScheduleDefinition(
    name="weekly_product_feedback", job=weekly_product_feedback_job, cron_schedule="0 8 * * 1",
    execution_timezone=load_settings().timezone,
)  # Mondays 08:00 in KOE_TIMEZONE, before the product teams' weekly review
