"""Page layouts. A page module only lays out components; its callbacks live in dashboards/callbacks/.

Routing is explicit (not Dash Pages' global registry) so several apps can live in one process (tests) and so
the same path → page table drives both the router and the server-side guard (auth.page_for_path).
"""

from __future__ import annotations

from collections.abc import Callable

from dash import html

from dashboards import auth
from dashboards.i18n import t
from dashboards.pages import agents, coaching, contact_types, follow, interaction, overview, qa, staffing, themes

LAYOUTS: dict[str, Callable[[str], html.Div]] = {"overview": overview.layout, "agents": agents.layout, "staffing": staffing.layout, "qa": qa.layout,
           "interaction": interaction.layout, "themes": themes.layout, "outbound": contact_types.outbound,
           "selfservice": contact_types.self_service, "customers": contact_types.customers}
FILTERED_PAGES = {"overview", "agents", "staffing", "qa", "search", "outbound", "selfservice", "themes"}  # pages the global filter bar applies to


def render(path: str, role: str, lang: str) -> html.Div:
    """The layout for ``path``, or a refusal the guard should already have sent."""
    page = auth.page_for_path(path)
    if page is None:
        return html.Div(t("not_found", lang), className="empty")
    if not auth.may_see(role, page):
        return html.Div(t("forbidden", lang), className="empty")
    if page == "interaction":  # /interactions/ID, or /interactions/ID/calibration/SESSION (blind scoring)
        parts = path.strip("/").split("/")
        session = parts[3] if len(parts) == 4 and parts[2] == "calibration" else ""
        return interaction.layout(lang, interaction_id=parts[1] if len(parts) > 1 else "", role=role,
                                  calibration=session)
    if page == "qa":
        return qa.layout(lang, role)
    if page == "search":
        return follow.layout(lang, role)
    if page == "agents":  # the coaching part (status, pass-rate change, an agent's acknowledgement) below the page
        return html.Div([agents.layout(lang), coaching.layout(lang, role)])
    return LAYOUTS[page](lang)
