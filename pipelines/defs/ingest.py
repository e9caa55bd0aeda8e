"""Landing files (the raw layer) → core (typed, deduplicated) tables, one asset pair per input kind."""


import dagster as dg

from pipelines.defs.metadata import table_metadata
from pipelines.defs.resources import SettingsResource, WarehouseResource
from pipelines.ingest.files import InputLimits
from pipelines.ingest.landing import LOAD_ORDER, ingest_landing_kind
from warehouse.checks import table_shape

_UPSTREAM = {"messages": ["core_interactions"], "surveys": ["core_interactions"], "recordings": ["core_interactions"]}


def _load_asset(kind: str) -> dg.AssetsDefinition:
    @dg.multi_asset(
        name=f"load_{kind}",
        specs=[
            dg.AssetSpec(f"raw_{kind}", group_name="raw", kinds={"file"},
                         description=f"The {kind} landing files as they arrived (the raw layer: files, archived by"
                                     " sha256 when KOE_ARCHIVE_DIR is set; core rows keep load id and file row)."),
            dg.AssetSpec(f"core_{kind}", group_name="core", kinds={"duckdb"},
                         deps=[f"raw_{kind}", *_UPSTREAM.get(kind, [])],
                         description=f"Typed {kind}, one row per natural key; bad rows go to quarantine."),
        ],
        pool="duckdb",  # long writes to the one DuckDB file (deploy/dagster.yaml limits the pool to 1)
    )
    def load(context: dg.AssetExecutionContext, warehouse: WarehouseResource, koe_settings: SettingsResource):
        settings = koe_settings.settings()
        with warehouse.connect() as conn:
            results = ingest_landing_kind(conn, settings.landing_dir, kind, on_file=lambda r: context.log.info(str(r)),
                                          keep_original=settings.keep_original_text,
                                          names_of=settings.redact_names_of,
                                          audio_root=settings.resolved_audio_root,
                                          limits=InputLimits.from_settings(settings),
                                          archive=settings.archive_dir)
            core = table_shape(conn, f"core.{kind}")
        metadata = {
            "files_loaded": sum(r.status == "loaded" for r in results),
            "files_skipped_unchanged": sum(r.status == "skipped_unchanged" for r in results),
            "files_failed": sum(r.status == "failed" for r in results),
            "files_refused_by_mapping": sum(r.status == "refused" for r in results),
            "rows_loaded": sum(r.rows_loaded for r in results),
            "rows_quarantined": sum(r.rows_quarantined for r in results),
        }
        yield dg.MaterializeResult(asset_key=f"raw_{kind}", metadata=metadata)
        yield dg.MaterializeResult(asset_key=f"core_{kind}", metadata={**metadata, **table_metadata(core)})

    return load


load_assets = [_load_asset(kind) for kind in LOAD_ORDER]
