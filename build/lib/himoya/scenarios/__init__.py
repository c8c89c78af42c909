"""Case simulations: load and validate scenario files, play them, print them.

- :func:`load` reads ``modules/*/cases/<id>.yml`` (or a path) into a :class:`Scenario`;
  :func:`check` validates files and :func:`discover` lists the shipped ones.
- :func:`start`, :func:`choices`, :func:`choose`, :func:`back`, :func:`restart`,
  :func:`is_finished` and :func:`debrief` play a scenario as pure state transitions.
- :func:`play` shows the live ipywidgets player in JupyterLab and the static HTML player in the
  built book; :func:`static_player` gives that HTML alone; :func:`gamebook` the paper version.

The scenario format is described in ``modules/README.md``.
"""

from himoya.scenarios.engine import (
    Debrief,
    State,
    Step,
    back,
    choices,
    choose,
    debrief,
    is_finished,
    restart,
    start,
)
from himoya.scenarios.gamebook import gamebook
from himoya.scenarios.html import static_player
from himoya.scenarios.loader import (
    MIN_DECISIONS,
    MIN_ENDINGS,
    Problem,
    Report,
    ScenarioError,
    check,
    discover,
    load,
    read,
)
from himoya.scenarios.model import Choice, Ending, Node, Reference, Scenario
from himoya.scenarios.widgets import LivePlayer, play

__all__ = [
    "MIN_DECISIONS",
    "MIN_ENDINGS",
    "Choice",
    "Debrief",
    "Ending",
    "LivePlayer",
    "Node",
    "Problem",
    "Reference",
    "Report",
    "Scenario",
    "ScenarioError",
    "State",
    "Step",
    "back",
    "check",
    "choices",
    "choose",
    "debrief",
    "discover",
    "gamebook",
    "is_finished",
    "load",
    "play",
    "read",
    "restart",
    "start",
    "static_player",
]
