"""``himoya cohort collect``: returned notebooks into nbgrader's ``submitted/`` layout, offline.

Inputs are zip files or folders, for example the ``RETURN`` folder of a USB stick. A notebook
is matched to a trainee when its file name starts with a roster id
(``KUL-07_03-juvenile-justice.ipynb``) or when it sits in a folder named after the id
(``KUL-07/03-juvenile-justice.ipynb``), and to an assignment by its notebook name. Every
input file is first copied, read-only, into ``collected/<batch>/``; nothing already in
``submitted/`` is overwritten unless ``replace`` is set, and everything that could not be
placed is listed with the reason.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from himoya.grading.labels import printable
from himoya.grading.roster import read_roster
from himoya.grading.workspace import CohortError, open_workspace

_SEPARATORS = ("_", "-", " ", ".")


@dataclass(frozen=True)
class Placed:
    """A notebook placed in ``submitted/``."""

    trainee: str
    assignment: str
    notebook: str
    origin: str


@dataclass(frozen=True)
class Skipped:
    """An input file that was not placed, with the reason."""

    origin: str
    reason: str


@dataclass
class CollectResult:
    """What one ``collect`` call did."""

    batch: Path
    """Folder holding the read-only copies of this batch's inputs."""
    placed: list[Placed] = field(default_factory=list)
    unchanged: list[Placed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per input file, for the terminal (file names written out: a name on a
        trainee's stick may hold control characters)."""
        out = [
            f"placed: {p.trainee} {p.assignment}/{p.notebook}.ipynb  <- {p.origin}"
            for p in self.placed
        ]
        out += [f"unchanged (already collected): {p.origin}" for p in self.unchanged]
        out += [f"NOT placed: {s.origin}: {s.reason}" for s in self.skipped]
        return [printable(line) for line in out]


def _read_only(path: Path) -> None:
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        if item.is_file() and not item.is_symlink():
            item.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def _match_trainee(parts: tuple[str, ...], ids: dict[str, str]) -> tuple[str | None, str]:
    """Return (trainee id, notebook stem) for a path inside an input."""
    name = PurePosixPath(parts[-1]).stem
    for candidate in sorted(ids, key=len, reverse=True):
        starts = name.lower().startswith(candidate) and len(name) > len(candidate)
        if starts and name[len(candidate)] in _SEPARATORS:
            return ids[candidate], name[len(candidate) + 1 :].strip()
    for folder in reversed(parts[:-1]):
        if folder.lower() in ids:
            return ids[folder.lower()], name
    return None, name


def collect(*, directory: Path, sources: list[Path], replace: bool = False) -> CollectResult:
    """Collect notebooks from zips and folders into ``submitted/``."""
    workspace = open_workspace(directory)
    missing = [str(s) for s in sources if not Path(s).exists()]
    if missing:
        raise CohortError(f"not found: {', '.join(missing)}")
    ids = {t.id.lower(): t.id for t in read_roster(workspace.roster_file)}
    notebooks = {
        notebook: assignment
        for assignment in workspace.assignments()
        for notebook in workspace.notebooks(assignment)
    }
    stamp = datetime.now(UTC)
    batch = workspace.collected / stamp.strftime("%Y%m%d-%H%M%S-%f")
    batch.mkdir(parents=True)
    result = CollectResult(batch=batch)
    candidates: list[tuple[str, tuple[str, ...], bytes]] = []
    with tempfile.TemporaryDirectory(prefix="himoya-collect-") as tmp:
        for number, source in enumerate(map(Path, sources)):
            kept = batch / f"{number:02d}-{source.name}"
            if source.is_dir():
                # Links are copied as links and never followed: a returned "notebook" that is a
                # link to source/ or a gradebook on this laptop would else be read and graded.
                shutil.copytree(source, kept, symlinks=True)
                root = kept
            elif zipfile.is_zipfile(source):
                shutil.copy2(source, kept)
                root = Path(tmp) / f"{number:02d}"
                try:
                    _safe_extract(source, root)
                except (zipfile.BadZipFile, CohortError) as error:
                    result.skipped.append(Skipped(str(source), f"unreadable zip: {error}"))
                    continue
            else:
                shutil.copy2(source, kept)
                root = None
            _read_only(kept)
            files = (
                [source]
                if root is None
                else sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink())
            )
            for file in files:
                relative = (file.name,) if root is None else file.relative_to(root).parts
                origin = f"{source}" if root is None else f"{source}/{'/'.join(relative)}"
                if any(part.startswith(".") or part == "__MACOSX" for part in relative):
                    continue
                if root is not None and file.is_symlink():
                    result.skipped.append(Skipped(origin, "a link, not a file (not followed)"))
                    continue
                if file.suffix.lower() != ".ipynb":
                    result.skipped.append(Skipped(origin, "not a notebook (.ipynb)"))
                    continue
                candidates.append((origin, relative, file.read_bytes()))
    seen: dict[tuple[str, str], list[tuple[str, bytes]]] = {}
    for origin, relative, data in candidates:
        trainee, stem = _match_trainee(relative, ids)
        if trainee is None:
            result.skipped.append(
                Skipped(origin, "no trainee id from the roster in the file or folder name")
            )
            continue
        if stem not in notebooks:
            hint = ""
            base = stem.split("-Copy")[0].split(" (")[0]
            if base in notebooks:
                hint = f" (looks like a copy of {base}.ipynb: rename it)"
            result.skipped.append(
                Skipped(origin, f"{stem}.ipynb is not a notebook of any assignment{hint}")
            )
            continue
        seen.setdefault((trainee, stem), []).append((origin, data))
    for (trainee, stem), copies in sorted(seen.items()):
        if len({hashlib.sha256(d).hexdigest() for _, d in copies}) > 1:
            for origin, _ in copies:
                result.skipped.append(
                    Skipped(
                        origin,
                        f"{trainee} handed in {stem}.ipynb more than once, with "
                        "different contents; keep one and collect again",
                    )
                )
            continue
        origin, data = copies[0]
        assignment = notebooks[stem]
        folder = workspace.submitted / trainee / assignment
        target = folder / f"{stem}.ipynb"
        placed = Placed(trainee, assignment, stem, origin)
        if target.exists():
            if target.read_bytes() == data:
                result.unchanged.append(placed)
                continue
            if not replace:
                result.skipped.append(
                    Skipped(
                        origin,
                        f"{trainee} already has a different {stem}.ipynb in "
                        "submitted/ (kept; use --replace to take the new copy)",
                    )
                )
                continue
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".ipynb.part")
        partial.write_bytes(data)
        partial.replace(target)
        (folder / "timestamp.txt").write_text(
            stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC") + "\n", encoding="utf-8"
        )
        result.placed.append(placed)
    return result


def _safe_extract(archive: Path, target: Path) -> None:
    target.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zf:
        for member in zf.infolist():
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts:
                raise CohortError(f"{archive}: unsafe path in zip: {member.filename}")
            if member.file_size > 50 * 1024 * 1024:
                raise CohortError(f"{archive}: {member.filename} is larger than 50 MB")
        zf.extractall(target)
