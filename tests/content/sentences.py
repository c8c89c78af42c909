"""Sentences of prose in the course's pages and scenarios, for the readability rule.

Many trainees read the course in their second language, so issue 13 asks for no sentence over
40 words in modules 01-06 and an average under 20. This module finds the prose sentences of a
MyST page (front matter, code cells, raw blocks, tables, headings, block quotes, labels, directive
options and URLs left out; prose inside admonitions kept) or of a scenario file (node texts,
choice labels and feedback, ending texts and standards, debrief questions).

Run it as a script to list the long sentences of a module while you rewrite:

    python tests/content/sentences.py modules/01-foundations [--limit 40]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

LIMIT = 40
"""No sentence may have more words than this."""

AVERAGE = 20
"""The average sentence length a module aims to stay under."""

FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})(.*)$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
ROLE = re.compile(r"\{(?:doc|ref|numref|term)\}`([^`<]*?)\s*(?:<[^>]*>)?`")
URL = re.compile(r"<?https?://[^\s<>]*[^\s<>.,;:)]>?")
# A sentence ends at . ? or ! (with any closing quotes or brackets) before a space and a
# capital letter, an opening quote or bracket, or the end of the block. "art. 23", "No. 29" and
# "para. 5" are followed by a digit or a small letter, so they do not end a sentence.
END = re.compile(r"[.?!][\"'\u201d\u2019)\]*_]*(?=\s+[\"'\u201c\u2018(\[*_]*[A-Z\u0400-\u04ff])")
ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|cf|etc|op|No|Nos|art|arts|para|paras|p|pp)\.$")
WORD = re.compile(r"[^\W_][\w'\u2019./()/-]*")


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose and where it was found."""

    text: str
    """The sentence, with MyST markup and URLs removed and its lines joined."""
    where: str
    """The file and line (pages) or node and field (scenarios) it comes from."""

    @property
    def words(self) -> int:
        """Number of words: runs of letters or digits (a citation such as 37(b) is one word)."""
        return len(WORD.findall(self.text))


def split_sentences(block: str) -> list[str]:
    """Split one paragraph or list item into sentences."""
    text = URL.sub("", ROLE.sub(r"\1", block))
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for match in END.finditer(text):
        candidate = text[start : match.end()].strip()
        if ABBREVIATION.search(candidate):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if WORD.search(piece)]


def _page_blocks(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs and list items of prose, each with the line number where it starts."""
    lines = text.splitlines()
    first = 0
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], 1):
            if line.strip() == "---":
                first = number + 1
                break
    stack: list[tuple[str, bool]] = []  # open fences: (fence, holds code)
    block: list[str] = []
    block_start = 0

    def flush() -> Iterator[tuple[int, str]]:
        if block:
            yield block_start, " ".join(block)
            block.clear()

    for number in range(first, len(lines)):
        line = lines[number]
        stripped = line.strip()
        fence = FENCE.match(stripped)
        if fence and stack and fence.group(1) == stack[-1][0] and not fence.group(2).strip():
            yield from flush()
            stack.pop()
            continue
        if fence and not (stack and stack[-1][1]):
            yield from flush()
            info = fence.group(2).strip()
            holds_code = not info.startswith("{") or info.startswith(("{code-cell}", "{raw}"))
            stack.append((fence.group(1), holds_code))
            continue
        if stack and stack[-1][1]:
            continue
        skip = (
            not stripped
            or stripped.startswith(("#", "|", ">", "<!--"))
            or re.match(r"^:[\w-]+:", stripped)
            or re.match(r"^\([\w-]+\)=$", stripped)
        )
        if skip:
            yield from flush()
            continue
        if LIST_ITEM.match(line):
            yield from flush()
            line = LIST_ITEM.sub("", line)
        if not block:
            block_start = number + 1
        block.append(line.strip())
    yield from flush()


def page_sentences(path: Path, *, root: Path | None = None) -> list[Sentence]:
    """The prose sentences of one MyST page."""
    name = str(path.relative_to(root)) if root else str(path)
    found: list[Sentence] = []
    for line, block in _page_blocks(path.read_text(encoding="utf-8")):
        found += [Sentence(text, f"{name}:{line}") for text in split_sentences(block)]
    return found


def scenario_sentences(path: Path, *, root: Path | None = None) -> list[Sentence]:
    """The sentences a trainee reads in one scenario file (not its reference notes)."""
    name = str(path.relative_to(root)) if root else str(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    parts: list[tuple[str, str]] = [("summary", data.get("summary", ""))]
    for node_id, node in data.get("nodes", {}).items():
        parts.append((f"node {node_id}: text", node.get("text", "")))
        for number, choice in enumerate(node.get("choices", []), 1):
            for field in ("label", "feedback"):
                parts.append((f"node {node_id}: choice {number} {field}", choice.get(field, "")))
    for ending_id, ending in data.get("endings", {}).items():
        for field in ("text", "standards"):
            parts.append((f"ending {ending_id}: {field}", ending.get(field, "")))
        for number, question in enumerate(ending.get("debrief", []), 1):
            parts.append((f"ending {ending_id}: debrief {number}", question))
    found: list[Sentence] = []
    for where, text in parts:
        for paragraph in re.split(r"\n\s*\n", str(text)):
            found += [Sentence(s, f"{name}: {where}") for s in split_sentences(paragraph)]
    return found


def module_sentences(folder: Path, *, root: Path | None = None) -> list[Sentence]:
    """Every prose sentence of a module's pages (its scenarios are checked on their own)."""
    found: list[Sentence] = []
    for page in sorted(folder.glob("*.md")):
        found += page_sentences(page, root=root)
    return found


def too_long(sentences: list[Sentence], limit: int = LIMIT) -> list[Sentence]:
    """The sentences with more than ``limit`` words."""
    return [s for s in sentences if s.words > limit]


def average(sentences: list[Sentence]) -> float:
    """Mean number of words per sentence (0 for no sentences)."""
    return sum(s.words for s in sentences) / len(sentences) if sentences else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List the long sentences of pages or scenarios.")
    parser.add_argument("paths", nargs="+", type=Path, help="module folders, pages or scenarios")
    parser.add_argument("--limit", type=int, default=LIMIT, help="longest allowed sentence")
    args = parser.parse_args(argv)
    status = 0
    for path in args.paths:
        if path.is_dir():
            sentences = module_sentences(path)
            for scenario in sorted(path.glob("cases/*.yml")):
                sentences += scenario_sentences(scenario)
        elif path.suffix in {".yml", ".yaml"}:
            sentences = scenario_sentences(path)
        else:
            sentences = page_sentences(path)
        long = too_long(sentences, args.limit)
        for sentence in long:
            print(f"{sentence.where}: {sentence.words} words: {sentence.text}")
        print(
            f"{path}: {len(sentences)} sentences, average {average(sentences):.1f} words, "
            f"{len(long)} over {args.limit}"
        )
        status = status or int(bool(long))
    return status


if __name__ == "__main__":
    sys.exit(main())
