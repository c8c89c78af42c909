"""Make ``constraints.txt``: the exact versions of everything Himoya installs, tested together.

It resolves ``pyproject.toml`` (the package and the extras named with ``--extras``) from the
package index in a new, empty virtual environment, so nothing already installed on this machine
leaks in, and writes ``pip freeze`` of that environment. ``make lock`` runs it; ``make course``
and ``make test`` install with ``pip install -c constraints.txt``, so a laptop prepared next year
gets these versions, not whatever is newest then.

    python3 tools/lock.py --extras "test" --output constraints.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extras", default="test", help="extras to lock, comma or space separated")
    parser.add_argument("--output", type=Path, default=ROOT / "constraints.txt")
    args = parser.parse_args()
    extras = ",".join(part for part in args.extras.replace(",", " ").split() if part)
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    with tempfile.TemporaryDirectory(prefix="himoya-lock-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True
        )
        print(f"resolving {target} in a new environment (this takes a few minutes)")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", target], check=True)
        frozen = subprocess.run(
            [str(python), "-m", "pip", "freeze", "--exclude-editable"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pins = sorted(
        (line for line in frozen.splitlines() if "==" in line and not line.startswith("himoya")),
        key=str.lower,
    )
    header = [
        "# The versions Himoya was tested with. Made by `make lock` (tools/lock.py): do not edit",
        "# by hand. `make course` and `make test` install with `pip install -c constraints.txt`.",
        f"# Extras locked: {extras or '(none)'}. Python {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, {dt.date.today().isoformat()}.",
    ]
    args.output.write_text("\n".join([*header, *pins]) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({len(pins)} packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
