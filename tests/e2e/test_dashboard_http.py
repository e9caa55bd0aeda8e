"""Each role is refused, at the HTTP level, what it must not see (pages, callbacks, recordings), plus CSRF and sessions."""

from pathlib import Path

import pytest

from dashboards.app import create_app
from tests.e2e.dashboard_client import USERS, add_users, call, sign_in
from tests.unit.dashboards.fake_warehouse import build_fake_warehouse

pytestmark = pytest.mark.e2e
PAGES = ("/", "/agents", "/staffing", "/qa", "/interactions/I0000003", "/themes")
SEES = {
    "manager": {"/", "/agents", "/staffing", "/qa", "/interactions/I0000003", "/themes"},
    "qa": {"/agents", "/qa", "/interactions/I0000003"},
    "agent": {"/agents", "/qa", "/interactions/I0000003"},
    "product": {"/themes"},
}
FILTERS = {"filters-dates.start_date": "2026-10-05", "filters-dates.end_date": "2026-10-18"}
CALLBACKS = {  # output fragment -> the page it belongs to
    "overview-kpis.children": "/", "agents-table.rowData": "/agents", "staffing-chart.figure": "/staffing",
    "qa-queue.rowData": "/qa", "interaction-header.children": "/interactions/I0000003", "themes-table.rowData": "/themes",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("http") / "koe.duckdb"
    build_fake_warehouse(db, 400)
    dash_app = create_app(db, app_db=db.parent / "app.sqlite")
    add_users(db.parent / "app.sqlite")
    return dash_app


def test_anonymous_requests_are_sent_to_sign_in_or_refused(app) -> None:
    client = app.server.test_client()
    for path in (*PAGES, "/recordings/I0000003"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login"), path
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 401, path
    assert call(client, app, "overview-kpis.children", FILTERS).status_code == 401


@pytest.mark.parametrize("role", list(USERS))
def test_each_role_gets_only_its_pages(app, role: str) -> None:
    client = app.server.test_client()
    assert sign_in(client, USERS[role][0]).status_code == 302
    for path in PAGES:
        status = client.get(path).status_code
        if path == "/" and role != "manager":
            assert status == 302, role  # sent to the role's home page
        else:
            assert status == (200 if path in SEES[role] else 403), (role, path)


@pytest.mark.parametrize("role", list(USERS))
def test_the_feedback_report_is_for_managers_and_product(app, role: str) -> None:
    reports = app.server.config["KOE"].snapshot_path.parent / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "product_feedback_2026-10-19_en.html").write_text("<h1>feedback</h1>", encoding="utf-8")
    (reports / "product_feedback_2026-11-23_en.html").write_text("<h1>no data</h1>", encoding="utf-8")  # after the data
    client = app.server.test_client()
    sign_in(client, USERS[role][0])
    response = client.get("/reports/product-feedback?lang=en")
    assert response.status_code == (200 if role in {"manager", "product"} else 403)
    assert response.status_code != 200 or b"feedback" in response.data  # the latest complete week with data
    assert client.get("/reports/product-feedback?lang=ja").status_code in {403, 404}


@pytest.mark.parametrize("role", list(USERS))
def test_each_role_gets_only_its_callbacks(app, role: str) -> None:
    client = app.server.test_client()
    sign_in(client, USERS[role][0])
    values = {**FILTERS, "shell-lang.value": "en", "interaction-id.data": "I0000003",
              "staffing-channel.value": "phone", "staffing-weekday.value": 1}  # the staffing page's own choices
    for fragment, page in CALLBACKS.items():
        status = call(client, app, fragment, values).status_code
        assert status == (200 if page in SEES[role] else 403), (role, fragment, status)
    router = call(client, app, "shell-content.children", {"shell-url.pathname": "/staffing", "shell-lang.value": "en"})
    assert router.status_code == (200 if role == "manager" else 403)


def test_an_agent_cannot_open_someone_elses_interaction_or_override(app) -> None:
    client = app.server.test_client()
    sign_in(client, "aiko")  # agent A007; I0000003 belongs to another agent
    other = call(client, app, "interaction-header.children", {"interaction-id.data": "I0000003", "shell-lang.value": "en"})
    assert other.status_code == 200 and "You may not see this interaction" in other.get_data(as_text=True)
    assert "請求" not in other.get_data(as_text=True)
    assert client.get("/recordings/I0000003").status_code == 404
    override = call(client, app, "interaction-status.children", {
        "interaction-id.data": "I0000006", "interaction-save.n_clicks": 1, "interaction-criterion.value": "ja_call_center:closing",
        "interaction-answer.value": "pass", "shell-lang.value": "en"})
    assert "You may not see this page" in override.get_data(as_text=True)


def test_callbacks_need_the_sessions_csrf_token(app) -> None:
    client = app.server.test_client()
    sign_in(client, "mika")
    assert call(client, app, "overview-kpis.children", FILTERS, csrf="").status_code == 403
    assert call(client, app, "overview-kpis.children", FILTERS, csrf="forged").status_code == 403
    assert call(client, app, "overview-kpis.children", FILTERS).status_code == 200


def test_sign_in_rejects_bad_passwords_and_foreign_redirects(app) -> None:
    client = app.server.test_client()
    assert sign_in(client, "mika", "wrong-password").status_code == 401
    assert client.get("/agents").status_code == 302
    response = sign_in(client, "mika", next_path="//evil.example/")
    assert response.status_code == 302 and response.location == "/"
    cookie = client.get_cookie("koe_session")
    assert cookie.http_only and cookie.same_site == "Strict"


def test_sign_out_ends_the_session(app) -> None:
    client = app.server.test_client()
    sign_in(client, "quinn")
    token = client.get_cookie("_csrf_token").value
    client.get("/logout")
    assert client.get("/qa").status_code == 302
    assert call(client, app, "qa-queue.rowData", FILTERS, csrf=token).status_code == 401


def test_expired_sessions_are_refused(tmp_path: Path, app) -> None:
    expired = create_app(tmp_path / "koe.duckdb", app_db=app.server.config["KOE"].app_db, session_ttl_seconds=-1)
    client = expired.server.test_client()
    assert sign_in(client, "mika").status_code == 302
    assert client.get("/").status_code == 302


def test_security_headers_on_every_response(app) -> None:
    client = app.server.test_client()
    for response in (client.get("/login"), client.get("/")):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
