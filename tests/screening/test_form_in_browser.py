"""The book's screening forms score in the browser exactly as ``score()`` does.

The forms carry their instrument's rules as JSON (generated from the YAML) and ``scorer.js``
applies them. Hypothesis draws hundreds of answer sets per instrument (with blanks, and ages that
switch cut-offs and add notes); chromium and Python score each one and must agree on every field,
or fail with the same message. A smaller sample is also answered on the page itself, to check
that the form shows what the scorer computed, in the words of ``ScreeningResult``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from himoya.book.light_pages import drop_repeated_blocks
from himoya.screening import instrument_ids, load_instrument, score
from himoya.screening.printable import form_fragment

pytestmark = pytest.mark.browser

IDS = instrument_ids()


@pytest.fixture(scope="module")
def forms_page(browser, tmp_path_factory):
    """One page with the four interactive forms, every non-local request blocked; as on the
    book's page, the stylesheet and the scorer are there once (``drop_repeated_blocks``)."""
    body = drop_repeated_blocks("".join(form_fragment(ident, interactive=True) for ident in IDS))
    assert body.count("window.HimoyaScreening =") == 1
    page_file = tmp_path_factory.mktemp("forms") / "forms.html"
    page_file.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>forms</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []
    page.route(
        lambda url: not url.startswith(("file:", "data:")),
        lambda route: (blocked.append(route.request.url), route.abort()),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    yield page
    page.close()
    assert blocked == []
    assert errors == []


JS_SCORE = """([ident, answers, age]) => {
  const root = document.querySelector(`[data-instrument="${ident}"]`);
  const rules = JSON.parse(root.querySelector("script.hs-rules").textContent).rules;
  return HimoyaScreening.score(rules, answers, age);
}"""


def _python(ident: str, answers: dict, age: int | None) -> dict:
    try:
        data = score(ident, answers, age=age).to_dict()
    except ValueError as error:
        return {"error": str(error)}
    data.pop("not_a_diagnosis")
    return data


@st.composite
def answer_sets(draw, ident: str):
    instrument = load_instrument(ident)
    values = st.sampled_from(instrument.values)
    answers = {item.id: draw(values) for item in instrument.items}
    # Usually complete, sometimes with a few blanks (some instruments allow them, none allow many).
    for item_id in draw(st.sets(st.sampled_from([i.id for i in instrument.items]), max_size=4)):
        answers[item_id] = None
    age = draw(st.none() | st.integers(min_value=0, max_value=120) | st.integers(10, 19))
    return answers, age


def for_answer_sets(ident: str, count: int, check) -> None:
    """Call ``check(answers, age)`` on ``count`` generated answer sets, the same ones every run."""

    @settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(answer_sets(ident))
    def run(example):
        check(*example)

    run()


@pytest.mark.parametrize("ident", IDS)
def test_random_answer_sets_score_the_same_in_chromium_and_python(ident, forms_page):
    seen = {"scored": 0, "refused": 0}

    def check(answers, age):
        browser_result = forms_page.evaluate(JS_SCORE, [ident, answers, age])
        python_result = _python(ident, answers, age)
        assert browser_result == python_result
        seen["refused" if "error" in python_result else "scored"] += 1

    for_answer_sets(ident, 300, check)
    # Both branches were exercised: scored results and refusals (too many blanks).
    assert seen["scored"] >= 100
    assert seen["refused"] >= 10


def _answers_with_total(instrument, total: int) -> dict:
    """Answers (every item answered) whose scored items add up to ``total``."""
    top = max(instrument.values)
    answers = {}
    left = total
    for item in instrument.items:
        value = min(top, left) if item.scored else 0
        answers[item.id] = value
        left -= value
    return answers


def boundary_cases(ident: str) -> list[tuple[dict, int | None]]:
    """Totals at and next to every cut-off and band edge, at ages at and next to every age limit."""
    instrument = load_instrument(ident)
    edges = {c.min_total for c in instrument.cutoffs} | {b.min for b in instrument.bands}
    totals = sorted(
        {t for edge in edges for t in (edge - 1, edge, edge + 1) if 0 <= t <= instrument.max_total}
    )
    limits = [c.min_age for c in instrument.cutoffs] + [c.max_age for c in instrument.cutoffs]
    limits += [instrument.age_min, instrument.age_max]
    ages = sorted(
        {a for limit in limits if limit is not None for a in (limit - 1, limit, limit + 1)}
    )
    return [
        (_answers_with_total(instrument, total), age) for total in totals for age in [None, *ages]
    ]


JS_SCORE_MANY = """([ident, cases]) => {
  const root = document.querySelector(`[data-instrument="${ident}"]`);
  const rules = JSON.parse(root.querySelector("script.hs-rules").textContent).rules;
  return cases.map(([answers, age]) => HimoyaScreening.score(rules, answers, age));
}"""


@pytest.mark.parametrize("ident", IDS)
def test_cutoff_and_age_edges_score_the_same_in_chromium_and_python(ident, forms_page):
    cases = boundary_cases(ident)
    assert len(cases) >= 20
    browser_results = forms_page.evaluate(JS_SCORE_MANY, [ident, cases])
    python_results = [_python(ident, answers, age) for answers, age in cases]
    assert browser_results == python_results


JS_ANSWER = """([ident, answers, age]) => {
  const root = document.querySelector(`[data-instrument="${ident}"]`);
  root.querySelector("form").reset();
  for (const [item, value] of Object.entries(answers)) {
    if (value === null) continue;
    root.querySelector(`li[data-item="${item}"] input[value="${value}"]`).checked = true;
  }
  root.querySelector("input[name=age]").value = age === null ? "" : String(age);
  root.querySelector("input[name=age]").dispatchEvent(new Event("input", {bubbles: true}));
  const out = root.querySelector(".hs-result");
  return {
    scored: root.getAttribute("data-scored"),
    rows: Array.from(out.querySelectorAll("tr")).map(
      tr => [tr.querySelector("th").textContent, tr.querySelector("td").textContent]),
    flags: Array.from(out.querySelectorAll(".hs-red-flag li")).map(li => li.textContent),
    action: out.querySelector(".hs-action")?.textContent ?? null,
    notes: Array.from(out.querySelectorAll(".hs-notes li")).map(li => li.textContent),
    error: out.querySelector(".hs-error")?.textContent ?? null,
  };
}"""


@pytest.mark.parametrize("ident", IDS)
def test_the_form_on_the_page_shows_the_result_in_the_words_of_score(ident, forms_page):
    def check(answers, age):
        shown = forms_page.evaluate(JS_ANSWER, [ident, answers, age])
        expected = _python(ident, answers, age)
        if "error" in expected:
            assert shown["scored"] == "false"
            assert shown["error"] == f"Cannot score yet: {expected['error']}"
            return
        result = score(ident, answers, age=age)
        assert shown["scored"] == "true"
        assert shown["rows"] == [list(row) for row in result.result_rows()]
        assert shown["flags"] == list(result.flags)
        assert shown["action"] == f"What to do next: {result.action}"
        assert shown["notes"] == list(result.notes)

    for_answer_sets(ident, 25, check)
