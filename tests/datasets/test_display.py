"""Labels in words for shown tables and charts; the data themselves are unchanged."""

import pandas as pd

from himoya.datasets import readable
from himoya.datasets.display import label


def test_labels_become_words():
    assert label("service_received") == "service received"
    assert label("per_1000_children") == "per 1,000 children"
    assert label("on_time_percent") == "on time (%)"
    assert label(2024) == 2024


def test_readable_relabels_a_crosstab_and_keeps_its_numbers():
    data = pd.DataFrame(
        {"household": ["parent_abroad", "both_parents"], "risk_level": ["high", "low"]}
    )
    table = pd.crosstab(data["household"], data["risk_level"])
    shown = readable(table)
    assert list(shown.index) == ["both parents", "parent abroad"]
    assert shown.index.name == "household"
    assert shown.columns.name == "risk level"
    assert shown.to_numpy().tolist() == table.to_numpy().tolist()
    assert list(table.index) == ["both_parents", "parent_abroad"]  # the original is untouched


def test_readable_relabels_a_series():
    counts = pd.Series([3, 1], index=["child_marriage_risk", "neglect"], name="main_concern")
    shown = readable(counts)
    assert list(shown.index) == ["child marriage risk", "neglect"]
    assert shown.name == "main concern"
