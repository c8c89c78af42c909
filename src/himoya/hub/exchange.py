"""nbgrader's exchange on the hub: release, collect into the cohort workflow, return feedback.

Releasing and returning feedback are nbgrader's own ``release_assignment`` and
``release_feedback``. Collecting is Himoya's: a submission in the exchange is named after the
trainee's OS account (``kul-07+03-juvenile-justice+<time>+<random>``), and the workspace knows
trainees by their roster id (``KUL-07``); every submission is first copied, read-only, into
``collected/<batch>-hub/``, the newest one per trainee and assignment then goes into
``submitted/<id>/<assignment>/`` with nbgrader's own timestamp and secret (so feedback finds its
way back), and a submission whose folder is not owned by the trainee it names is refused.
"""

from __future__ import annotations

import os
import pwd
import shutil
import warnings
from datetime import UTC, datetime
from pathlib import Path

from himoya.grading.collect import CollectResult, Placed, Skipped, _read_only
from himoya.grading.workspace import Workspace, nbgrader_api, open_workspace
from himoya.hub.accounts import require_root
from himoya.hub.settings import HubError, HubSettings, load_settings, read_accounts


def exchange_api(workspace: Workspace, settings: HubSettings, **overrides):
    """nbgrader's API for the workspace, pointed at the hub's exchange and course id."""
    return nbgrader_api(
        workspace,
        **{
            "Exchange.root": settings.exchange,
            "Exchange.path_includes_course": True,
            "CourseDirectory.course_id": settings.course_id,
            **overrides,
        },
    )


def prepare_exchange(settings: HubSettings) -> Path:
    """Create the exchange root: everybody may enter and write, nobody may delete others' files."""
    root = Path(settings.exchange)
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o1777)
    for parent in root.parents:
        if parent.stat().st_mode & 0o001 == 0:
            raise HubError(
                f"{parent}: trainees cannot enter this folder, so they cannot reach the exchange "
                f"{root}; choose another --exchange folder (default /srv/himoya/exchange)"
            )
    return root


def publish(workspace: Workspace, settings: HubSettings) -> list[str]:
    """Release every assignment of ``release/`` to the exchange (again: latest version wins)."""
    prepare_exchange(settings)
    api = exchange_api(workspace, settings, **{"ExchangeReleaseAssignment.force": True})
    released = []
    folders = sorted(workspace.release.iterdir()) if workspace.release.is_dir() else []
    for folder in folders:
        if not folder.is_dir() or not any(folder.glob("*.ipynb")):
            continue
        result = api.release_assignment(folder.name)
        if not result["success"]:
            lines = (result.get("error") or result.get("log") or "").strip().splitlines()
            raise HubError(
                f"{folder.name}: nbgrader could not release it to the exchange: "
                f"{lines[-1] if lines else 'unknown error'}"
            )
        released.append(folder.name)
    return released


def _parse_entry(name: str) -> tuple[str, str, str] | None:
    parts = name.rsplit("+", 3)
    if len(parts) == 4:
        return parts[0], parts[1], parts[2]
    parts = name.rsplit("+", 2)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def _when(stamp: str) -> datetime:
    from nbgrader.utils import parse_utc

    return parse_utc(stamp)


def _give_to(owner: str, paths: list[Path]) -> None:
    """Hand files the collection made (as root) to the workspace's owner."""
    try:
        entry = pwd.getpwnam(owner)
    except KeyError:
        return
    if entry.pw_uid == 0:
        return
    for top in paths:
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def collect_from_hub(*, directory: Path) -> CollectResult:
    """Every submission in the hub's exchange into ``submitted/`` (newest per trainee)."""
    require_root("cohort collect --from-hub")
    workspace = open_workspace(directory)
    settings = load_settings(workspace)
    trainees = {a.username: a.id for a in read_accounts(workspace) if a.kind == "trainee"}
    inbound = Path(settings.exchange) / settings.course_id / "inbound"
    if not inbound.is_dir():
        raise HubError(f"{inbound}: no exchange inbox (start the hub once: `himoya hub start`)")
    notebooks = {a: set(workspace.notebooks(a)) for a in workspace.assignments()}
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    batch = workspace.collected / f"{stamp}-hub"
    batch.mkdir(parents=True)
    result = CollectResult(batch=batch)
    newest: dict[tuple[str, str], tuple[datetime, str, Path]] = {}
    for entry in sorted(inbound.iterdir()):
        origin = f"exchange:{entry.name}"
        parsed = _parse_entry(entry.name) if entry.is_dir() else None
        if parsed is None or entry.is_symlink():
            result.skipped.append(Skipped(origin, "not a submission folder of nbgrader"))
            continue
        username, assignment, timestamp = parsed
        kept = batch / entry.name
        # Links stay links, never followed: this runs as root, and a trainee can put a link to
        # any file of this machine in the exchange.
        shutil.copytree(entry, kept, symlinks=True)
        _read_only(kept)
        ident = trainees.get(username)
        if ident is None:
            result.skipped.append(Skipped(origin, f"{username} is not a trainee of this cohort"))
            continue
        owner = pwd.getpwuid(entry.stat().st_uid).pw_name if entry.stat().st_uid else "root"
        if owner != username:
            result.skipped.append(
                Skipped(origin, f"handed in under {username}'s name by {owner}: not placed")
            )
            continue
        if assignment not in notebooks:
            result.skipped.append(Skipped(origin, f"{assignment} is not an assignment here"))
            continue
        try:
            when = _when(timestamp)
        except (ValueError, OverflowError):
            result.skipped.append(Skipped(origin, f"unreadable time stamp {timestamp!r}"))
            continue
        key = (ident, assignment)
        if key not in newest or when > newest[key][0]:
            newest[key] = (when, timestamp, kept)
    placed_folders = []
    for (ident, assignment), (when, timestamp, kept) in sorted(newest.items()):
        folder = workspace.submitted / ident / assignment
        stamp_file = folder / "timestamp.txt"
        if stamp_file.is_file():
            try:
                current = _when(stamp_file.read_text(encoding="utf-8").strip())
            except (ValueError, OverflowError):
                current = None
            if current is not None and current >= when:
                for nb in sorted(notebooks[assignment]):
                    if (kept / f"{nb}.ipynb").is_file():
                        result.unchanged.append(
                            Placed(ident, assignment, nb, f"exchange:{kept.name}")
                        )
                continue
        handed = sorted(
            p
            for p in kept.glob("*.ipynb")
            if p.stem in notebooks[assignment] and p.is_file() and not p.is_symlink()
        )
        if not handed:
            result.skipped.append(
                Skipped(f"exchange:{kept.name}", "no notebook of the assignment in it")
            )
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.ipynb"):
            old.unlink()  # the earlier hand-in stays in collected/
        for notebook in handed:
            shutil.copyfile(notebook, folder / notebook.name)
            result.placed.append(Placed(ident, assignment, notebook.stem, f"exchange:{kept.name}"))
        stamp_file.write_text(timestamp + "\n", encoding="utf-8")
        secret = kept / "submission_secret.txt"
        if secret.is_file() and not secret.is_symlink():
            shutil.copyfile(secret, folder / "submission_secret.txt")
        placed_folders.append(workspace.submitted / ident)
    _give_to(settings.owner, [batch, *placed_folders])
    return result


def return_feedback(*, directory: Path) -> list[str]:
    """Put every feedback page of a hub submission into the exchange; lines saying what was done.

    A page is returned only when it was made from the submission now in ``submitted/`` (same
    time stamp): feedback on an older hand-in never reaches a newer one.
    """
    require_root("cohort feedback --to-hub")
    workspace = open_workspace(directory)
    settings = load_settings(workspace)
    api = exchange_api(workspace, settings)
    lines: list[str] = []
    if not workspace.feedback.is_dir():
        raise HubError(f"{workspace.feedback}: no feedback yet (run `himoya cohort feedback`)")
    for folder in sorted(p for p in workspace.feedback.glob("*/*") if p.is_dir()):
        ident, assignment = folder.parent.name, folder.name
        pages = sorted(folder.glob("*.html"))
        submitted = workspace.submitted / ident / assignment
        secret = submitted / "submission_secret.txt"
        if not pages:
            continue
        if not secret.is_file():
            lines.append(f"not returned: {ident} {assignment}: not handed in through the hub")
            continue
        current = (submitted / "timestamp.txt").read_text(encoding="utf-8").strip()
        made_for = folder / "timestamp.txt"
        if made_for.is_file() and made_for.read_text(encoding="utf-8").strip() != current:
            lines.append(
                f"not returned: {ident} {assignment}: a newer hand-in is waiting "
                "(run `himoya cohort grade` and `himoya cohort feedback` first)"
            )
            continue
        (folder / "timestamp.txt").write_text(current + "\n", encoding="utf-8")
        shutil.copyfile(secret, folder / "submission_secret.txt")
        with warnings.catch_warnings():
            # nbgrader 0.9.6 passes a misspelt ``authentictor=`` to the exchange class, which
            # traitlets reports as a DeprecationWarning, and reads timestamp.txt without closing
            # it (a ResourceWarning); the feedback is released all the same.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", ResourceWarning)
            result = api.release_feedback(assignment, student_id=ident)
        if not result["success"]:
            text = (result.get("error") or result.get("log") or "").strip().splitlines()
            raise HubError(
                f"{ident} {assignment}: nbgrader could not return feedback: "
                f"{text[-1] if text else 'unknown error'}"
            )
        lines.append(f"returned: {ident} {assignment} ({len(pages)} page(s))")
    return lines
