"""The live player: ipywidgets driven in-process and through a real kernel."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from himoya.scenarios import LivePlayer, load, play

HERE = Path(__file__).parent
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def player() -> LivePlayer:
    return play(HERE / "flags.yml")


def _button(player: LivePlayer, label_start: str):
    """The choice button whose label starts with ``label_start`` (choices are shuffled)."""
    (button,) = (b for b in player.choice_buttons if b.description.startswith(label_start))
    return button


def test_bundle_holds_the_live_widget_and_the_static_player(player):
    bundle = player._repr_mimebundle_()
    assert bundle[WIDGET_MIME]["model_id"] == player.widget.model_id
    assert 'class="himoya-player"' in bundle["text/html"]
    assert bundle["text/plain"].startswith("Case simulation: Consent before the plan")


def test_buttons_drive_the_player(player):
    shown = [button.description for button in player.choice_buttons]
    assert shown == [choice.label for choice in player.scenario.node("intake").choices]
    assert sorted(shown) == [
        "Explain your role and ask the aunt and Nigina for consent.",
        "Start the assessment without asking.",
    ]
    assert player.back_button.disabled
    _button(player, "Explain your role").click()
    assert player.state.node == "visit"
    assert player.state.flags == {"consent"}
    assert "You chose:" in player.feedback.value
    assert "Asking first respects their rights" in player.feedback.value
    assert "art. 12, 1989" in player.feedback.value
    player.back_button.click()
    assert player.state.node == "intake"
    assert player.feedback.value == ""
    _button(player, "Start the assessment").click()
    player.restart_button.click()
    assert player.state.path == ()


def test_end_screen_shows_path_chart_and_debrief_questions(player):
    for label in (
        "Start the assessment",
        "Talk only with the aunt",
        "Keep the plan",
        "Tell the school",
        "Close the case",
        "Tell her to come home",
    ):
        _button(player, label).click()
    assert player.state.node == "harmed"
    assert player.choice_buttons == ()
    top, chart, bottom = player.end_box.children
    assert "Harmful outcome" in top.value
    assert "<ol><li>Start the assessment without asking." in top.value
    assert chart.format == "png"
    assert bytes(chart.value).startswith(b"\x89PNG")
    assert "What would you say to the mother instead?" in bottom.value
    assert player.debrief().ending.id == "harmed"


def test_markup_in_the_scenario_is_escaped_in_the_widgets():
    live = play(load(HERE / "script-in-text.yml"))
    assert "<script>alert(1)" not in live.text.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in live.text.value


def test_importing_the_package_loads_neither_widgets_nor_matplotlib():
    code = (
        "import sys, himoya.scenarios\n"
        "names = ('ipywidgets', 'matplotlib', 'matplotlib.pyplot')\n"
        "loaded = [name for name in names if name in sys.modules]\n"
        "print(loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_play_in_a_real_kernel_clicks_a_button_and_changes_the_state(tmp_path):
    path = HERE / "valid-minimal.yml"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            f"from himoya.scenarios import play\nplayer = play({str(path)!r})\nplayer"
        ),
        nbformat.v4.new_code_cell(
            "before = player.state.node\n"
            "(button,) = [b for b in player.choice_buttons if b.description.startswith('Stay')]\n"
            "button.click()\n"
            "print('moved', before, '->', player.state.node, sorted(player.state.flags))"
        ),
    ]
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    shown = notebook.cells[0].outputs
    assert len(shown) == 1
    assert shown[0].output_type == "execute_result"
    assert WIDGET_MIME in shown[0].data
    assert 'class="himoya-player"' in shown[0].data["text/html"]
    printed = "".join(out.get("text", "") for out in notebook.cells[1].outputs)
    assert printed.strip() == "moved found -> uncle ['family_called']"
