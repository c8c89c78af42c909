"""Every book page follows the house rules: roles, toc, module shape, no placeholder text."""

import re
from pathlib import Path

import pytest
import yaml

from himoya.paths import course_root
from himoya.roles import ROLES

ROOT = course_root(Path(__file__).parent)
MODULES = ROOT / "modules"
FORBIDDEN = re.compile(r"\b(TODO|TBD|lorem ipsum|placeholder|coming soon)\b", re.IGNORECASE)
# Prose minimums from the content, juvenile-justice, screening and data issues.
MIN_WORDS = {
    "01-foundations": 1500,
    "02-casework": 1500,
    "03-juvenile-justice": 2500,
    "04-psychosocial": 1500,
    "05-families-left-behind": 1500,
    "06-returnees": 1500,
    "07-caseload-data": 1500,
}


def _pages() -> list[Path]:
    return sorted(p for p in MODULES.rglob("*.md") if p.name != "README.md")


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    return yaml.safe_load(match.group(1)) if match else {}


def _toc_files(node) -> list[str]:
    if isinstance(node, dict):
        found = [node[key] for key in ("file", "root") if key in node]
        return found + [f for value in node.values() for f in _toc_files(value)]
    if isinstance(node, list):
        return [f for item in node for f in _toc_files(item)]
    return []


def prose_words(text: str) -> int:
    """Words of prose: front matter, code, directive fences and options, and labels left out.

    Fences are matched in pairs (a closing fence closes the block it belongs to), so prose inside
    admonitions counts and code inside code cells or plain fenced blocks does not.
    """
    text = re.sub(r"^---\n.*?\n---\n", "", text, count=1, flags=re.DOTALL)
    kept: list[str] = []
    stack: list[tuple[str, bool]] = []  # (fence, is code)
    for line in text.splitlines():
        stripped = line.strip()
        fence = re.match(r"^(`{3,}|~{3,}|:{3,})(.*)$", stripped)
        if fence and stack and fence.group(1) == stack[-1][0] and not fence.group(2).strip():
            stack.pop()
            continue
        if fence and not (stack and stack[-1][1]):
            info = fence.group(2).strip()
            is_code = not info.startswith("{") or info.startswith("{code-cell}")
            stack.append((fence.group(1), is_code))
            continue
        if stack and stack[-1][1]:
            continue
        if re.match(r"^\s*:[\w-]+:", line) or re.match(r"^\([\w-]+\)=\s*$", stripped):
            continue
        kept.append(line)
    prose = "\n".join(kept)
    prose = re.sub(r"\{(doc|ref|numref|term)\}`([^`<]*)(<[^>]*>)?`", r"\2", prose)
    return len(re.findall(r"[^\W\d_][\w'\u2019-]*", prose))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(MODULES)))
def test_every_page_names_the_roles_it_serves(page):
    roles = _front_matter(page).get("roles")
    assert isinstance(roles, list), f"{page}: front matter has no `roles:` list"
    assert roles, f"{page}: `roles:` is empty"
    assert set(roles) <= set(ROLES), f"{page}: unknown roles {set(roles) - set(ROLES)}"


def test_no_placeholder_text_anywhere_under_modules():
    hits = []
    for path in sorted(MODULES.rglob("*")):
        if path.is_file() and path.suffix in {".md", ".yml", ".yaml"}:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert hits == []


def test_every_page_is_in_the_toc_and_every_toc_entry_exists():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = set(_toc_files(toc))
    on_disk = {str(p.relative_to(ROOT).with_suffix("")) for p in _pages()}
    assert sorted(listed - on_disk) == [], "toc entries without a page"
    assert sorted(on_disk - listed) == [], "pages missing from _toc.yml"


@pytest.mark.parametrize("slug", sorted(p.name for p in MODULES.iterdir() if p.is_dir()), ids=str)
def test_every_module_landing_page_states_its_time_and_objectives(slug):
    text = (MODULES / slug / "index.md").read_text(encoding="utf-8")
    assert re.search(r"\*\*(Reading time|Time needed):\*\*", text), f"{slug}: no reading time"
    assert re.search(r"^## (Learning objectives|What this module is for)", text, re.M), slug


@pytest.mark.parametrize(("slug", "minimum"), sorted(MIN_WORDS.items()))
def test_module_has_its_minimum_prose_checklist_and_references(slug, minimum):
    folder = MODULES / slug
    words = sum(prose_words(p.read_text(encoding="utf-8")) for p in folder.glob("*.md"))
    assert words >= minimum, f"{slug}: {words} words of prose, needs {minimum}"
    assert (folder / "checklist.md").is_file(), f"{slug}: no checklist.md"
    assert (folder / "references.md").is_file(), f"{slug}: no references.md"


def test_glossary_has_at_least_sixty_terms():
    text = (MODULES / "00-start" / "glossary.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    terms = [row for row in rows[2:] if not set(row) <= set("|-: ")]
    assert len(terms) >= 60, f"glossary has {len(terms)} terms"


@pytest.mark.parametrize("role", sorted(ROLES))
def test_role_path_links_only_to_pages_that_serve_that_role(role):
    page = MODULES / "00-start" / f"path-{role}.md"
    targets = re.findall(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`", page.read_text(encoding="utf-8"))
    assert targets, f"{page.name} links no pages"
    for target in targets:
        linked = (page.parent / f"{target}.md").resolve()
        assert role in _front_matter(linked).get("roles", []), f"{target} does not serve {role}"


def test_prose_word_count_skips_code_and_front_matter():
    sample = "---\nroles: [police]\n---\n(lbl)=\n# Two words\n\n"
    sample += "```{code-cell} ipython3\nx = 1\n```\n"
    assert prose_words(sample) == 2


def test_prose_word_count_keeps_prose_between_and_inside_admonitions():
    sample = "```{admonition} Example\n:class: tip\nOne two three.\n```\n\nFour five.\n\n"
    sample += "```{note}\nSix.\n```\n```python\nignored = True\n```\n"
    assert prose_words(sample) == 6  # the admonition title is not counted


def test_every_case_is_linked_by_its_page_from_the_course_map_and_its_roles_paths():
    from himoya.scenarios import discover, load

    start = MODULES / "00-start"
    course_map = (start / "course-map.md").read_text(encoding="utf-8")
    for path in discover(ROOT):
        scenario = load(path, root=ROOT)
        link = f"{{doc}}`../{scenario.module}/case-{scenario.id}`"
        assert link in course_map, f"course-map.md does not link {scenario.id}"
        for role in scenario.roles:
            page = start / f"path-{role}.md"
            if page.is_file() and role != "supervisor":
                text = page.read_text(encoding="utf-8")
                assert link in text, f"{page.name} does not link {scenario.id}"
                # Named by the page's title (the {doc} link), never by the bare id in quotes.
                assert f'"{scenario.id}"' not in text, f"{page.name} names {scenario.id} by id"


def test_how_to_use_names_the_folders_the_offline_zip_has():
    from himoya.book.bundle import BUNDLE_FOLDERS, BUNDLE_NAME

    text = (MODULES / "00-start" / "how-to-use.md").read_text(encoding="utf-8")
    assert BUNDLE_NAME in text
    assert "START-HERE.html" in text
    for folder in BUNDLE_FOLDERS:
        assert f"`{folder}`" in text, folder
    assert "folder `html`" not in text
