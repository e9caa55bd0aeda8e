"""Callbacks, one module per page, each registering on the given app (no global callback registry)."""

from __future__ import annotations

import dash

from dashboards.callbacks import agents, interaction, overview, qa, shell, staffing, themes


def register_all(app: dash.Dash) -> None:
    for module in (shell, overview, agents, staffing, qa, interaction, themes):
        module.register(app)
