import pytest

from dashboards import auth


def test_passwords_are_hashed_with_argon2id_and_verified() -> None:
    hashed = auth.hash_password("correct horse")
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed
    assert auth.verify_password(hashed, "correct horse")
    assert not auth.verify_password(hashed, "wrong")
    assert not auth.verify_password("not-a-hash", "correct horse")


@pytest.mark.parametrize(("path", "page"), [
    ("/", "overview"), ("/agents", "agents"), ("/staffing/", "staffing"), ("/interactions/I1", "interaction"),
    ("/themes", "themes"), ("/qa", "qa"), ("/admin", None), ("/_dash-layout", None),
])
def test_page_for_path(path: str, page: str | None) -> None:
    assert auth.page_for_path(path) == page


def _body(outputs: list, pathname: str | None = None) -> dict:
    inputs = [{"id": "shell-url", "property": "pathname", "value": pathname}] if pathname else []
    return {"outputs": outputs, "inputs": inputs}


@pytest.mark.parametrize(("role", "outputs", "pathname", "allowed"), [
    ("manager", [{"id": "overview-kpis", "property": "children"}], None, True),
    ("product", [{"id": "overview-kpis", "property": "children"}], None, False),
    ("product", [{"id": "themes-table", "property": "data"}], None, True),
    ("agent", {"id": "staffing-chart", "property": "figure"}, None, False),
    ("agent", [{"id": "interaction-status", "property": "children"}], None, True),
    ("qa", [{"id": "shell-content", "property": "children"}], "/staffing", False),
    ("qa", [{"id": "shell-content", "property": "children"}], "/qa", True),
    ("product", [{"id": "filters-channel", "property": "options"}], "/themes", True),
    ("manager", [{"id": "unknown-thing", "property": "children"}], None, False),
    ("manager", [], None, False),
    ("qa", [{"id": {"type": "staffing-row", "index": 1}, "property": "children"}], None, False),
])
def test_callbacks_are_allowed_by_output_prefix_and_router_path(role: str, outputs: object, pathname: str | None,
                                                                allowed: bool) -> None:
    assert auth.callback_allowed(role, _body(outputs, pathname)) is allowed
