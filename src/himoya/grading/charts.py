"""The cohort report's charts: matplotlib figures as inline PNG images with alt text.

No pyplot and no global backend switch: every figure is drawn on its own Agg canvas, so importing
or calling this module changes nothing for a notebook that uses matplotlib too.
"""

from __future__ import annotations

import base64
import io
import statistics
from dataclasses import dataclass

from himoya.grading.labels import language, text
from himoya.grading.results import percent_text
from himoya.grading.stats import ItemStat, QuestionStat
from himoya.roles import ROLES, role_label

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
"""Colours that stay distinct for colour-blind readers (Okabe-Ito)."""


@dataclass(frozen=True)
class Chart:
    """A chart as an inline PNG and its alt text."""

    data_uri: str
    """``data:image/png;base64,...``."""
    alt: str
    """What the chart shows, in words."""


def _figure(width: float, height: float):
    """A matplotlib figure on the Agg canvas: no pyplot, no global backend switch."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure, alt: str) -> Chart:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Chart(data_uri=f"data:image/png;base64,{encoded}", alt=alt)


def chart_distributions(distributions: dict[str, list[float]]) -> Chart | None:
    """Histograms of percent scores, one panel per assignment."""
    panels = [(name, values) for name, values in distributions.items() if values]
    if not panels:
        return None
    columns = min(3, len(panels))
    rows = (len(panels) + columns - 1) // columns
    figure = _figure(3.6 * columns, 2.5 * rows)
    axes = figure.subplots(rows, columns, squeeze=False)
    bins = list(range(0, 101, 10))
    parts = []
    for index, (name, values) in enumerate(panels):
        ax = axes[index // columns][index % columns]
        clipped = [min(max(v, 0.0), 100.0) for v in values]
        ax.hist(clipped, bins=bins, color=PALETTE[0], edgecolor="white")
        ax.set_title(name, fontsize=10)
        ax.set_xlim(0, 100)
        ax.set_xlabel(text("chart.axis.percent"))
        ax.set_ylabel(text("chart.axis.trainees"))
        ax.yaxis.get_major_locator().set_params(integer=True)
        parts.append(
            text(
                "chart.distribution.part",
                name=name,
                count=len(values),
                median=statistics.median(values),
            )
        )
    for index in range(len(panels), rows * columns):
        axes[index // columns][index % columns].set_visible(False)
    return _png(figure, text("chart.distribution.alt", parts="; ".join(parts)))


def chart_questions(stats: list[QuestionStat], limit: int = 15) -> Chart | None:
    """Horizontal bars: share correct for the hardest questions."""
    shown = stats[:limit]
    if not shown:
        return None
    figure = _figure(8, 0.35 * len(shown) + 1.2)
    ax = figure.subplots()
    labels = [f"{s.assignment} {s.item}" for s in shown][::-1]
    values = [100 * s.share for s in shown][::-1]
    colours = [PALETTE[4] if v < 50 else PALETTE[0] for v in values]
    ax.barh(labels, values, color=colours)
    ax.set_xlim(0, 100)
    ax.set_xlabel(text("chart.axis.full_points"))
    ax.axvline(50, color="#555555", linewidth=0.8, linestyle="--")
    parts = "; ".join(f"{s.assignment} {s.item} {100 * s.share:.0f}%" for s in shown)
    return _png(figure, text("chart.questions.alt", count=len(shown), parts=parts))


def chart_roles(means: dict[str, dict[str, float]], assignments: list[str]) -> Chart | None:
    """Grouped bars: mean percent per assignment, one bar per role."""
    roles = [r for r in ROLES if means.get(r)]
    if not roles or not assignments:
        return None
    figure = _figure(max(6, 1.3 * len(assignments) + 2), 3.4)
    ax = figure.subplots()
    width = 0.8 / len(roles)
    for index, role in enumerate(roles):
        xs = [i + (index - (len(roles) - 1) / 2) * width for i in range(len(assignments))]
        ys = [means[role].get(a, 0.0) for a in assignments]
        ax.bar(xs, ys, width=width, label=role_label(role, language()), color=PALETTE[index % 6])
    ax.set_xticks(range(len(assignments)))
    ax.set_xticklabels(assignments, rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel(text("chart.axis.mean_percent"))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    parts = [
        f"{role_label(r, language())}: "
        + ", ".join(f"{a} {means[r][a]:.0f}%" for a in assignments if a in means[r])
        for r in roles
    ]
    return _png(figure, text("chart.roles.alt", parts="; ".join(parts)))


def chart_gains(rows: list[tuple[str, float, float]]) -> Chart | None:
    """Per trainee: knowledge-check percent before and after (a line from pre to post)."""
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: r[2] - r[1])
    figure = _figure(8, 0.3 * len(rows) + 1.3)
    ax = figure.subplots()
    for y, (_, pre, post) in enumerate(rows):
        colour = PALETTE[2] if post > pre else PALETTE[4]
        ax.plot([pre, post], [y, y], color=colour, linewidth=2)
    ax.scatter(
        [r[1] for r in rows],
        range(len(rows)),
        color="#777777",
        label=text("chart.before"),
        zorder=3,
    )
    ax.scatter(
        [r[2] for r in rows],
        range(len(rows)),
        color=PALETTE[0],
        label=text("chart.after"),
        zorder=3,
    )
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in rows], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(text("chart.axis.knowledge_check"))
    ax.legend(fontsize=8, loc="lower right")
    gains = [post - pre for _, pre, post in rows]
    alt = text(
        "chart.gains.alt",
        count=len(rows),
        mean=statistics.mean(gains),
        no_gain=sum(g <= 0 for g in gains),
    )
    return _png(figure, alt)


def chart_items(stats: list[ItemStat]) -> Chart | None:
    """Per knowledge-check item: share correct before and after."""
    shown = [s for s in stats if s.p_post is not None or s.p_pre is not None]
    if not shown:
        return None
    figure = _figure(max(6, 0.32 * len(shown) + 1.5), 3.2)
    ax = figure.subplots()
    xs = range(len(shown))
    pre = [100 * s.p_pre if s.p_pre is not None else float("nan") for s in shown]
    post = [100 * s.p_post if s.p_post is not None else float("nan") for s in shown]
    ax.bar([x - 0.2 for x in xs], pre, width=0.4, color="#999999", label=text("chart.before"))
    ax.bar([x + 0.2 for x in xs], post, width=0.4, color=PALETTE[0], label=text("chart.after"))
    ax.set_xticks(list(xs))
    ax.set_xticklabels([s.item for s in shown], rotation=90, fontsize=7)
    ax.set_ylim(0, 100)
    ax.set_ylabel(text("chart.axis.percent_correct"))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    missing = text("chart.not_available")
    parts = "; ".join(
        text(
            "chart.items.part",
            item=s.item,
            before=percent_text(None if s.p_pre is None else 100 * s.p_pre) or missing,
            after=percent_text(None if s.p_post is None else 100 * s.p_post) or missing,
        )
        for s in shown
    )
    return _png(figure, text("chart.items.alt", parts=parts))
