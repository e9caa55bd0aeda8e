"""How a QA verdict is shown: the score headline per rubric group, and each criterion with the rubric's own wording,
the effective answer beside the machine's, what was missing (or what broke the rule) and evidence that seeks the
recording. Words come from the rubric (labels, descriptions) and i18n; no internal id is shown."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboards.components import data_attributes
from dashboards.figures import said_if_empty
from dashboards.i18n import t
from dashboards.queries.qa import Verdict, criterion_of
from transforms.qa.expectation import shortfalls

GROUPS = ("agent_scorecard", "customer_conduct")  # agent behaviour first, customer harassment (カスハラ) apart


def mm_ss(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def _label(verdict: Verdict, row: dict, lang: str) -> tuple[str, str]:
    """(criterion name, description) in ``lang`` from the rubric version it was scored with."""
    criterion = criterion_of(verdict.rubrics, row["rubric_id"], row["rubric_version"], row["criterion_id"])
    if criterion is None:
        return row["criterion_id"].replace("_", " "), ""
    description = getattr(criterion.description, lang) if criterion.description else ""
    return getattr(criterion.label, lang), description


def criterion_names(verdict: Verdict, lang: str) -> dict[str, str]:
    """"rubric_id:criterion_id" → the criterion's name in ``lang`` (for dropdowns and lists)."""
    return {f"{r['rubric_id']}:{r['criterion_id']}": _label(verdict, r, lang)[0]
            for r in verdict.criteria.iter_rows(named=True)}


def _score_text(score: float | None, lang: str) -> str:
    return f"{score:.1f}" if score is not None else t("qa_no_score", lang)


def headline(verdict: Verdict, lang: str) -> html.Div:
    """Per rubric group: the effective score with the machine's beside it when they differ, and a banner for a
    critical fail (score 0, with the failed item and why) or for customer harassment."""
    blocks = []
    for row in verdict.scores.iter_rows(named=True):
        rubric = next((m for (rid, _), m in verdict.rubrics.items() if rid == row["rubric_id"]), None)
        name = getattr(rubric.label, lang) if rubric else row["rubric_id"]
        failed = verdict.criteria.filter((pl.col("rubric_id") == row["rubric_id"]) & (pl.col("answer") == "fail"))
        parts = [html.Span(t(f"qa_group_{row['kind']}", lang), className="qa-group"),
                 html.Span(t("qa_score_headline", lang).format(rubric=name, score=_score_text(row["score"], lang)),
                           className="qa-score", id=f"interaction-score-{row['kind']}")]
        if row["auto_score"] != row["score"]:
            parts.append(html.Span(t("qa_machine_score", lang).format(score=_score_text(row["auto_score"], lang)),
                                   className="qa-machine"))
        block: list[Component] = [html.Div(parts, className="qa-headline-row")]
        if row["kind"] == "agent_scorecard" and row["critical_failed"]:
            critical = failed.filter(pl.col("critical"))
            names = "、".join(_label(verdict, r, lang)[0] for r in critical.iter_rows(named=True))
            block.append(html.P(t("qa_critical_banner", lang).format(criteria=names), className="banner critical",
                                id="interaction-critical-banner"))
        if row["kind"] == "customer_conduct" and not failed.is_empty():
            names = "、".join(_label(verdict, r, lang)[0] for r in failed.iter_rows(named=True))
            block.append(html.P(t("qa_harassment_banner", lang).format(criteria=names), className="banner harassment"))
        blocks.append(html.Div(block, className=f"qa-headline {row['kind']}"))
    return html.Div(blocks)


def _evidence(row: dict, lang: str) -> list[html.Li]:
    items = []
    for hit in (row["evidence"] or [])[:3]:
        if not hit.get("quote"):
            continue
        seek = []
        if hit.get("offset_seconds") is not None:
            at = mm_ss(hit["offset_seconds"])
            seek = [html.Button(at, className="seek", title=t("qa_seek", lang).format(at=at),
                                **data_attributes(seek=f"{hit['offset_seconds']:.2f}"))]
        items.append(html.Li([*seek, html.Q(hit["quote"])], className="forbidden" if hit.get("negated") else ""))
    return items


def _explanation(verdict: Verdict, row: dict, lang: str) -> list[html.Li]:
    """For a fail or partial: what was expected and not found, or what was found against the rule."""
    criterion = criterion_of(verdict.rubrics, row["rubric_id"], row["rubric_version"], row["criterion_id"])
    if criterion is None or row["answer"] not in ("fail", "partial"):
        return []
    found = {hit["detector_id"] for hit in (row["evidence"] or [])}
    return [html.Li([html.Strong(t(f"qa_{gap.kind}", lang) + ": "), html.Span(gap.text, className="rule")],
                    className=f"shortfall {gap.kind}") for gap in shortfalls(criterion, found, lang)]


def _answer_cell(row: dict, lang: str) -> html.Td:
    parts: list[Component] = [html.Span(t(f"answer_{row['answer']}", lang), className=f"answer answer-{row['answer']}")]
    if row["source"] in ("review", "dispute", "suggestion"):
        parts.append(html.Small(t(f"qa_source_{row['source']}", lang).format(by=row.get("by") or ""),
                                className="source"))
    if row["auto_answer"] != row["answer"]:
        parts.append(html.Small(t("qa_machine_said", lang).format(answer=t(f"answer_{row['auto_answer']}", lang)),
                                className="machine"))
    return html.Td(parts)


def criteria_table(verdict: Verdict, lang: str, blind: bool = False) -> html.Div:
    """Criteria grouped (agent behaviour, customer conduct); in a blind calibration only the rubric's wording."""
    sections = []
    for group in GROUPS:
        rows = verdict.criteria.filter(pl.col("kind") == group).sort("rubric_id", "section_id", "criterion_id")
        if rows.is_empty():
            continue
        body = []
        for row in rows.iter_rows(named=True):
            name, description = _label(verdict, row, lang)
            title = [html.Strong(name), html.Small(f" · {t('qa_critical', lang)}", className="critical")
                     if row["critical"] else "", html.Div(description, className="description")]
            if blind:
                body.append(html.Tr([html.Td(title)]))
                continue
            detail = html.Ul(_explanation(verdict, row, lang) + _evidence(row, lang), className="evidence-list")
            body.append(html.Tr([html.Td(title), _answer_cell(row, lang), html.Td(detail)],
                                id=f"interaction-criterion-{row['rubric_id']}-{row['criterion_id']}",
                                className=f"criterion verdict-{row['answer']}"))
        sections.append(html.Div([html.H4(t(f"qa_group_{group}", lang)), html.Table(body, className="criteria")],
                                 className=f"criteria-group {group}"))
    return html.Div(sections)


def names_from_rubrics(models: dict, lang: str) -> dict[str, str]:
    """"rubric_id:criterion_id" → the criterion's name in ``lang`` (the newest version's wording)."""
    names: dict[str, str] = {}
    for (rubric_id, _), rubric in sorted(models.items()):
        for _, criterion in rubric.criteria():
            names[f"{rubric_id}:{criterion.id}"] = getattr(criterion.label, lang)
    return names


def unique_labels(agent_names: dict[str, str]) -> dict[str, str]:
    """Agent id → label for a chart axis or a list: the name, with the id added where two agents share a name."""
    taken = list(agent_names.values())
    return {agent_id: name if taken.count(name) == 1 else f"{name} ({agent_id})" for agent_id, name in agent_names.items()}


def pass_rate_heatmap(rates: pl.DataFrame, names: dict[str, str], agent_labels: dict[str, str],
                      lang: str) -> dict | go.Figure:
    """Agents (rows, by name) × criteria (columns), colour = effective pass rate; customdata carries the keys a click
    needs (the agent's id, the criterion). Without rates: an empty chart that says so (empty_states says why)."""
    if rates.is_empty():
        return said_if_empty(go.Figure(layout={"height": 320, "template": "plotly_white"}), lang)
    rates = rates.with_columns(key=pl.concat_str("rubric_id", pl.lit(":"), "criterion_id"))
    keys = sorted(rates["key"].unique().to_list())
    agents = sorted(rates["agent_id"].unique().to_list())
    cell = {(a, k): (p, n) for a, k, p, n in rates.select("agent_id", "key", "pass_rate", "answered").iter_rows()}
    z = [[cell.get((a, k), (None, 0))[0] for k in keys] for a in agents]
    custom = [[[a, k] for k in keys] for a in agents]
    return {"data": [{"type": "heatmap", "z": z, "x": [names.get(k, k) for k in keys],
                      "y": [agent_labels.get(a, a) for a in agents],
                      "customdata": custom, "colorscale": [[0, "#cf222e"], [0.5, "#f2cc60"], [1, "#1a7f37"]], "zmin": 0, "zmax": 100,
                      "hovertemplate": "%{y} · %{x}: %{z:.0f}%<extra></extra>",
                      "colorbar": {"title": {"text": "%"}}}],
            "layout": {"height": max(300, 22 * len(agents) + 160), "margin": {"l": 60, "r": 20, "t": 10, "b": 40},
                       "xaxis": {"tickangle": -30, "automargin": True}, "yaxis": {"automargin": True}}}
