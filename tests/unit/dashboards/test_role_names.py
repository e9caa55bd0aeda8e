"""The top bar names the signed-in user's role in the page's language (マネージャー / Manager), never its code."""

from __future__ import annotations

import pytest

from dashboards.auth import HOME, PAGE_ROLES
from dashboards.i18n import t


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_role_has_a_name_in_both_languages(lang: str) -> None:
    roles = set(HOME).union(*PAGE_ROLES.values())
    names = {role: t(f"role_{role}", lang) for role in roles}
    assert not [role for role, name in names.items() if name.startswith("role_") or name == role], names
