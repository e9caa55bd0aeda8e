"""Page layouts. A page module only lays out components; its callbacks live in dashboards/callbacks/.

Routing is explicit (not Dash Pages' global registry) so several apps can live in one process (tests) and so
the same path → page table drives both the router and the server-side guard (auth.page_for_path).
"""

from __future__ import annotations

from dash import html

from dashboards import auth
from dashboards.i18n import t
from dashboards.pages import agents, interaction, overview, qa, staffing, themes

LAYOUTS = {"overview": overview.layout, "agents": agents.layout, "staffing": staffing.layout, "qa": qa.layout,
           "interaction": interaction.layout, "themes": themes.layout}
FILTERED_PAGES = {"overview", "agents", "staffing", "qa"}  # pages the global filter bar applies to


def render(path: str, role: str, lang: str) -> html.Div:
    """The layout for ``path``, or a refusal the guard should already have sent."""
    page = auth.page_for_path(path)
    if page is None:
        return html.Div(t("not_found", lang), className="empty")
    if not auth.may_see(role, page):
        return html.Div(t("forbidden", lang), className="empty")
    if page == "interaction":
        return interaction.layout(lang, interaction_id=path.rstrip("/").split("/")[-1])
    return LAYOUTS[page](lang)
