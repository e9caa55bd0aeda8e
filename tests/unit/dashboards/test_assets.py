from pathlib import Path

import dagster as dg

import warehouse
from pipelines.defs.dashboard import dashboard_marts, published_marts, qa_ui_reviews
from pipelines.defs.resources import SettingsResource, WarehouseResource
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse
from warehouse import app_store


def test_dashboard_assets_build_marts_import_ui_reviews_and_publish(tmp_path: Path) -> None:
    db = tmp_path / "koe.duckdb"
    build_fake_warehouse(db, 200)
    snapshot = tmp_path / "published" / "dashboard.duckdb"
    snapshot.unlink()
    app_store.add_override(app_store.app_store_path(db), "I0000003", "ja_call_center", "closing_greeting", "fail", "", "qa1")
    result = dg.materialize(
        [dashboard_marts, qa_ui_reviews, published_marts],
        resources={"warehouse": WarehouseResource(path=str(db)), "koe_settings": SettingsResource()},
    )
    assert result.success
    published = result.asset_materializations_for_node("published_marts")[0].metadata
    assert published["core.interactions"].value == 200
    assert result.asset_materializations_for_node("qa_ui_reviews")[0].metadata["reviews"].value == 1
    assert warehouse.query(snapshot, "select count(*) from marts.arrivals_interval").item() > 0
    assert warehouse.query(db, "select count(*) from qa.reviews").item() == 1
