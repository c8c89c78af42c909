"""Write the generated datasets to a folder (``himoya datasets generate``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from himoya.datasets.generate import dataset_texts
from himoya.datasets.schema import DEFAULT_SEED
from himoya.templating import render


@dataclass(frozen=True)
class GeneratedFile:
    """One file written by :func:`write_datasets`."""

    path: Path
    """Where it was written."""
    rows: int | None
    """Data rows (without the header) for a CSV file; ``None`` for ``datapackage.json``."""


@dataclass(frozen=True)
class GenerateResult:
    """What :func:`write_datasets` wrote."""

    directory: Path
    """The folder the files were written to."""
    seed: int
    """The seed they were generated from."""
    files: tuple[GeneratedFile, ...]
    """Every file written, in name order."""

    def _repr_html_(self) -> str:
        return render("datasets/written.html.j2", result=self)


def write_datasets(*, out: Path, seed: int = DEFAULT_SEED) -> GenerateResult:
    """Generate every file for ``seed`` and write it into ``out`` (created if needed)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, text in dataset_texts(seed=seed).items():
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        rows = text.count("\n") - 1 if name.endswith(".csv") else None
        files.append(GeneratedFile(path=path, rows=rows))
    return GenerateResult(directory=out, seed=seed, files=tuple(files))
