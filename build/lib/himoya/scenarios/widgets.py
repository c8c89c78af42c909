"""The live player: ipywidgets in JupyterLab, with the static player for the built book.

``play("case-id")`` returns a :class:`LivePlayer`. In a kernel it shows the text, one button per
offered choice, the feedback after each choice, Back and Restart, and at the end the path, a bar
chart of the scores and the debrief questions. Its ``_repr_mimebundle_`` gives both the widget and
the static HTML player: JupyterLab shows the live widget, the built book (which prefers
``text/html``) shows the static one.

ipywidgets and matplotlib are imported only when a player is made, and matplotlib only through its
object interface (no ``pyplot``, no backend switching).
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

from himoya.scenarios import engine
from himoya.scenarios.html import static_player
from himoya.scenarios.loader import load
from himoya.scenarios.model import Scenario, paragraphs

_KIND_LABELS = {"good": "Good outcome", "mixed": "Mixed outcome", "harmful": "Harmful outcome"}
_CSS = """<style>
.himoya-live .himoya-choice { white-space: normal !important; text-align: left !important;
  height: auto !important; min-height: 2.4em; padding: 0.35em 0.8em !important;
  line-height: 1.35 !important; }
.himoya-live .himoya-feedback { border-left: 4px solid #0b4f8a; background: #eef4fa;
  color: #1b1b1b; padding: 0.3em 0.8em; margin: 0.4em 0; }
.himoya-live .himoya-kind { font-weight: bold; }
</style>"""


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _paras(text: str) -> str:
    return "".join(f"<p>{_esc(para)}</p>" for para in paragraphs(text))


def score_chart_png(scores: tuple[tuple[str, int], ...]) -> bytes:
    """A small horizontal bar chart of the dimension scores, as PNG bytes."""
    from matplotlib.figure import Figure

    names = [name.replace("_", " ").capitalize() for name, _ in scores]
    values = [value for _, value in scores]
    limit = max([3, *(abs(value) for value in values)])
    figure = Figure(figsize=(4.8, 0.6 + 0.45 * len(values)), dpi=100)
    axes = figure.subplots()
    colours = ["#1d6b35" if value >= 0 else "#a11a1a" for value in values]
    axes.barh(names[::-1], values[::-1], color=colours[::-1])
    axes.axvline(0, color="#1b1b1b", linewidth=1)
    axes.set_xlim(-limit - 0.5, limit + 0.5)
    axes.set_xlabel("score (above zero is better for the child)")
    for y, value in enumerate(values[::-1]):
        axes.annotate(
            f"{value:+d}",
            (value, y),
            xytext=(4 if value >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
        )
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class LivePlayer:
    """A scenario played with ipywidgets; ``widget`` is the box to display.

    The buttons are attributes so code (and tests) can press them: ``choice_buttons[i].click()``,
    ``back_button.click()``, ``restart_button.click()``. :meth:`choose`, :meth:`back` and
    :meth:`restart` do the same directly.
    """

    def __init__(self, scenario: Scenario) -> None:
        import ipywidgets as widgets

        self._widgets = widgets
        self.scenario = scenario
        """The scenario being played."""
        self.state = engine.start(scenario)
        """The current :class:`~himoya.scenarios.engine.State`."""
        notice = f"<p><em>{_esc(scenario.fictional_notice)}</em></p>"
        if scenario.content_note:
            notice += f"<p><strong>Content note:</strong> {_esc(scenario.content_note)}</p>"
        # Shared layout and style models: each widget would otherwise get its own, and every
        # model is saved with the executed page (about 1 KB each), though the book never uses it.
        self._plain = widgets.Layout()
        self._wide = widgets.Layout(width="100%", height="auto")
        from ipywidgets.widgets.widget_string import HTMLStyle

        self._html_style = HTMLStyle()
        self._button_style = widgets.ButtonStyle()
        self.header = self._html(f"{_CSS}<h3>Case simulation: {_esc(scenario.title)}</h3>{notice}")
        self.status = self._html()
        self.feedback = self._html()
        self.text = self._html()
        self.choice_box = widgets.VBox(layout=self._wide)
        self.end_box = widgets.VBox(layout=self._plain)
        self.back_button = self._button("← Back", tooltip="Undo the last choice")
        self.restart_button = self._button("↺ Restart", tooltip="Start again")
        self.back_button.on_click(lambda _button: self.back())
        self.restart_button.on_click(lambda _button: self.restart())
        self.choice_buttons: tuple[Any, ...] = ()
        """The buttons of the choices offered now, in order."""
        self.widget = widgets.VBox(
            [
                self.header,
                self.status,
                self.feedback,
                self.text,
                self.choice_box,
                self.end_box,
                widgets.HBox([self.back_button, self.restart_button], layout=self._plain),
            ],
            layout=widgets.Layout(max_width="46rem"),
        )
        """The ipywidgets box that shows the player."""
        self.widget.add_class("himoya-live")
        self._render()

    def _html(self, value: str = "") -> Any:
        return self._widgets.HTML(value, layout=self._plain, style=self._html_style)

    def _button(self, description: str, *, tooltip: str, layout: Any = None) -> Any:
        return self._widgets.Button(
            description=description,
            tooltip=tooltip,
            layout=layout or self._plain,
            style=self._button_style,
        )

    # -- actions ---------------------------------------------------------------------------------

    def choose(self, index: int) -> engine.State:
        """Make the ``index``-th offered choice (0-based) and show what follows."""
        self.state = engine.choose(self.state, index)
        self._render()
        return self.state

    def back(self) -> engine.State:
        """Undo the last choice (does nothing at the start)."""
        if self.state.path:
            self.state = engine.back(self.state)
            self._render()
        return self.state

    def restart(self) -> engine.State:
        """Start the case again."""
        self.state = engine.restart(self.state)
        self._render()
        return self.state

    def debrief(self) -> engine.Debrief:
        """The debrief of the run so far."""
        return engine.debrief(self.state)

    # -- display ---------------------------------------------------------------------------------

    def _citations(self, refs: tuple[str, ...]) -> str:
        return "; ".join(self.scenario.reference(ref).citation for ref in refs)

    def _render(self) -> None:
        state = self.state
        made = len(state.path)
        finished = engine.is_finished(state)
        plural = "choice" if made == 1 else "choices"
        self.status.value = (
            f"<p>Finished after {made} {plural}.</p>"
            if finished
            else f"<p>Choices made so far: {made}.</p>"
        )
        if state.path:
            step = state.path[-1]
            self.feedback.value = (
                f"<div class='himoya-feedback'><p><strong>You chose:</strong> {_esc(step.label)}"
                f"</p>{_paras(step.feedback)}<p><small>Source: {_esc(self._citations(step.refs))}"
                "</small></p></div>"
            )
        else:
            self.feedback.value = ""
        self.back_button.disabled = not state.path
        if finished:
            self.text.value = ""
            self.choice_buttons = ()
            self.choice_box.children = ()
            self.end_box.children = self._end_screen()
            return
        node = engine.current_node(state)
        heading = "What happens next" if state.path else "The case"
        self.text.value = (
            f"<h4>{heading}</h4>{_paras(node.text)}<p><strong>What do you do?</strong></p>"
        )
        buttons = []
        for index, choice in enumerate(engine.choices(state)):
            button = self._button(choice.label, tooltip=choice.label, layout=self._wide)
            button.add_class("himoya-choice")
            button.on_click(lambda _button, index=index: self.choose(index))
            buttons.append(button)
        self.choice_buttons = tuple(buttons)
        self.choice_box.children = self.choice_buttons
        self.end_box.children = ()

    def _end_screen(self) -> tuple[Any, ...]:
        widgets = self._widgets
        result = engine.debrief(self.state)
        ending = result.ending
        assert ending is not None  # only called at an ending
        top = (
            f"<h4>The end of the case</h4><p class='himoya-kind'>"
            f"{_esc(_KIND_LABELS.get(ending.kind, ending.kind))}: {_esc(ending.title)}</p>"
            f"{_paras(ending.text)}<h4>What the standards say</h4>{_paras(ending.standards)}"
            f"<p><small>Source: {_esc(self._citations(ending.refs))}</small></p>"
            "<h4>Your path</h4><ol>"
            + "".join(
                f"<li>{_esc(step.label)}<br><em>{_esc(step.feedback)}</em></li>"
                for step in result.steps
            )
            + "</ol><h4>Scores</h4>"
        )
        chart = widgets.Image(
            value=score_chart_png(result.scores),
            format="png",
            layout=widgets.Layout(max_width="30rem"),
        )
        bottom = "<h4>Questions for discussion</h4><ol>"
        bottom += "".join(f"<li>{_esc(question)}</li>" for question in result.questions)
        bottom += "</ol><h4>Standards cited in this case</h4><ul>"
        bottom += "".join(f"<li>{_esc(ref.citation)}</li>" for ref in result.cited)
        bottom += "</ul>"
        return (self._html(top), chart, self._html(bottom))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/html"] = static_player(self.scenario)
        bundle["text/plain"] = (
            f"Case simulation: {self.scenario.title} ({self.scenario.id}; "
            f"{len(self.scenario.nodes)} nodes, {len(self.scenario.endings)} endings)"
        )
        return bundle

    def __repr__(self) -> str:
        return f"<LivePlayer {self.scenario.id!r} at {self.state.node!r}>"


def play(path_or_id: Path | str | Scenario, *, root: Path | None = None) -> LivePlayer:
    """Play a scenario: by id (``modules/*/cases/<id>.yml``), by file path, or a loaded one.

    Displayed in JupyterLab, the result is the live ipywidgets player; in the built book it is
    the static HTML player. ``root`` is the course root (default: found from here).
    """
    scenario = path_or_id if isinstance(path_or_id, Scenario) else load(path_or_id, root=root)
    return LivePlayer(scenario)
