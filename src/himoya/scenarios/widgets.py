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

import io
from pathlib import Path
from typing import Any

from himoya.scenarios import engine
from himoya.scenarios.html import static_player
from himoya.scenarios.loader import load
from himoya.scenarios.model import Scenario, paragraphs
from himoya.templating import render
from himoya.ui import fill, ui_strings


def _piece(part: str, **data: Any) -> str:
    """One HTML piece of the player (template ``scenarios/live.html.j2``)."""
    return render("scenarios/live.html.j2", part=part, ui=ui_strings("player"), fill=fill, **data)


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
    axes.set_xlabel(ui_strings("player")["score_axis"])
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
        ui = ui_strings("player")
        self._ui = ui
        # Shared layout and style models: each widget would otherwise get its own, and every
        # model is saved with the executed page (about 1 KB each), though the book never uses it.
        self._plain = widgets.Layout()
        self._wide = widgets.Layout(width="100%", height="auto")
        from ipywidgets.widgets.widget_string import HTMLStyle

        self._html_style = HTMLStyle()
        self._button_style = widgets.ButtonStyle()
        self.header = self._html(
            _piece(
                "header",
                title=scenario.title,
                notice=scenario.fictional_notice,
                content_note=scenario.content_note,
            )
        )
        self.status = self._html()
        self.feedback = self._html()
        self.text = self._html()
        self.choice_box = widgets.VBox(layout=self._wide)
        self.end_box = widgets.VBox(layout=self._plain)
        self.back_button = self._button(ui["back"], tooltip=ui["back_tip"])
        self.restart_button = self._button(ui["restart"], tooltip=ui["restart_tip"])
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
        ui = self._ui
        status = (
            fill(ui["finished_one" if made == 1 else "finished_other"], n=made)
            if finished
            else fill(ui["made_so_far"], n=made)
        )
        self.status.value = _piece("status", status=status)
        if state.path:
            step = state.path[-1]
            self.feedback.value = _piece(
                "feedback",
                label=step.label,
                feedback=paragraphs(step.feedback),
                citations=self._citations(step.refs),
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
        heading = ui["what_next"] if state.path else ui["the_case"]
        self.text.value = _piece("scene", heading=heading, text=paragraphs(node.text))
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
        top = _piece(
            "end_top",
            kind=self._ui[f"kind_{ending.kind}"],
            ending=ending,
            ending_text=paragraphs(ending.text),
            standards=paragraphs(ending.standards),
            citations=self._citations(ending.refs),
            steps=result.steps,
        )
        chart = widgets.Image(
            value=score_chart_png(result.scores),
            format="png",
            layout=widgets.Layout(max_width="30rem"),
        )
        bottom = _piece("end_bottom", questions=result.questions, cited=result.cited)
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
