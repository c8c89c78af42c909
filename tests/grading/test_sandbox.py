"""The kernel sandbox on its own: what a kernel sees, fresh or forked from a warm template, where
it may write, and that one notebook's kernel never sees what the previous one left."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from traitlets.config import Config

from himoya.grading import sandbox
from himoya.grading.sandbox import Limits, SandboxKernelManager, close_templates, sandbox_problem

HOSTILE = Path(__file__).parent / "hostile"

KERNEL = "himoya-test-grader"


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    """A kernelspec folder for the grading launcher, as ``cohort grade`` installs one."""
    if sandbox_problem():
        pytest.fail(f"the grading sandbox is not usable here: {sandbox_problem()}")
    folder = tmp_path_factory.mktemp("kernels") / KERNEL
    folder.mkdir()
    spec = {
        "argv": [sys.executable, "-m", "himoya.grading.kernel", "-f", "{connection_file}"],
        "display_name": "test",
        "language": "python",
        "interrupt_mode": "message",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    yield folder.parent
    close_templates()


def run(cells: list[str], folder: Path, kernels: Path, *, warm: bool) -> list[str]:
    """Run code cells in one sandboxed kernel started in ``folder``; return each cell's text."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    config = Config()
    config.SandboxKernelManager.warm = warm
    config.SandboxKernelManager.kernels_dir = str(kernels)
    config.SandboxKernelManager.processes = 40
    client = NotebookClient(
        nb,
        kernel_manager_class=SandboxKernelManager,
        kernel_name=KERNEL,
        config=config,
        resources={"metadata": {"path": str(folder)}},
        timeout=60,
        allow_errors=True,
        shutdown_kernel="immediate",
    )
    client.execute()
    out = []
    for cell in nb.cells:
        texts = [o.get("text", "") or f"{o.get('ename')}: {o.get('evalue')}" for o in cell.outputs]
        out.append("".join(texts).strip())
    return out


@pytest.fixture
def handin(tmp_path):
    """A notebook's folder as nbgrader leaves it: the (autograded) notebook and a data file."""
    folder = tmp_path / "autograded" / "T01" / "mini"
    folder.mkdir(parents=True)
    (folder / "mini.ipynb").write_text('{"hidden": "### BEGIN HIDDEN TESTS"}', encoding="utf-8")
    (folder / "cases.csv").write_text("id\n1\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("warm", [False, True], ids=["fresh", "warm"])
def test_a_kernel_sees_its_files_but_not_the_notebook_nor_the_grader(handin, kernels, warm):
    cwd, listing, outside, user = run(
        [
            "import os; print(os.getcwd())",
            "print(sorted(os.listdir('.')))",
            f"print(os.path.exists({str(handin.parent.parent)!r}),"
            " os.path.exists('/root/.bashrc'))",
            "print(os.getuid(), os.environ.get('HOME'))",
        ],
        handin,
        kernels,
        warm=warm,
    )
    assert listing == "['cases.csv']"  # the autograded notebook holds the hidden tests
    assert outside == "False False"
    uid, home = user.split()
    assert home == cwd
    if os.geteuid() == 0:
        assert int(uid) >= sandbox.UID_BASE


@pytest.mark.parametrize("warm", [False, True], ids=["fresh", "warm"])
def test_a_kernel_has_no_network(handin, kernels, warm):
    (local,) = run(
        [
            "import socket\n"
            "for address in [('127.0.0.1', 22), ('1.1.1.1', 53)]:\n"
            "    try:\n"
            "        socket.create_connection(address, timeout=2); print('connected')\n"
            "    except OSError as error:\n"
            "        print(type(error).__name__)"
        ],
        handin,
        kernels,
        warm=warm,
    )
    assert local.split() == ["ConnectionRefusedError", "OSError"]


def test_a_warm_kernel_sees_nothing_the_previous_notebook_left(handin, kernels):
    """Notebook A leaves files in its home, /tmp and /dev/shm, a variable and a process; the
    next notebook from the same template finds none of them."""
    (started,) = run(
        [
            "import os, subprocess, sys\n"
            "secret = 'A'\n"
            "open('left.txt', 'w').write('A')\n"
            "open('/tmp/left.txt', 'w').write('A')\n"
            "open('/dev/shm/left', 'w').write('A')\n"
            "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
            "print(child.pid)"
        ],
        handin,
        kernels,
        warm=True,
    )
    home, tmp, shm, variable, processes = run(
        [
            "import os; print(sorted(os.listdir('.')))",
            "print(sorted(os.listdir('/tmp')))",
            "print(os.listdir('/dev/shm'))",
            "print('secret' in globals())",
            "print([p for p in os.listdir('/proc')"
            " if p.isdigit() and p not in ('1', str(os.getpid()))])",
        ],
        handin,
        kernels,
        warm=True,
    )
    assert started.isdigit()
    assert home == "['cases.csv']"
    assert "left.txt" not in tmp
    assert shm == "[]"
    assert variable == "False"
    assert processes == "[]"  # only the template (process 1) and this kernel


def answer_cell(name: str) -> str:
    """The attack in a hostile fixture's first answer cell."""
    nb = nbformat.read(HOSTILE / f"{name}.ipynb", as_version=4)
    return next(c.source for c in nb.cells if c.metadata["nbgrader"].get("grade_id") == "q1-answer")


LOOK_FOR_WHAT_WAS_LEFT = """
import builtins, os, pathlib, resource, sys
def kernel_folders():
    found = set()
    for line in open("/proc/net/unix").read().splitlines()[1:]:
        fields = line.split()
        if len(fields) > 7 and fields[-1].startswith("/"):
            found.add(pathlib.Path(fields[-1]).parent)
    return sorted(found)
places = [pathlib.Path.cwd(), *kernel_folders(), *(f.parent for f in kernel_folders())]
places += map(pathlib.Path, ("/tmp", "/dev/shm", "/var/tmp", "/", "/etc", "/run"))
found = [str(p) for p in places if os.path.exists(p / "himoya-hostile-left-behind")]
found += [n for n in ("himoya_hostile_left_behind",) if hasattr(builtins, n) or n in sys.modules]
print(found, resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY)
"""


def test_a_warm_kernel_finds_nothing_a_hostile_notebook_left(handin, kernels):
    """``leave-state-for-the-next-notebook`` writes files wherever it can (its home, its
    kernel's folder and the template's, /tmp, /dev/shm, /var/tmp, /, /etc, /run), adds names to
    builtins and sys.modules and patches the launcher so that limits are no longer set; the
    next kernel of the same template finds none of it, and has its limits."""
    (left,) = run([answer_cell("leave-state-for-the-next-notebook")], handin, kernels, warm=True)
    (found,) = run([LOOK_FOR_WHAT_WAS_LEFT], handin, kernels, warm=True)
    assert "left files in [" in left
    assert found == "[] True"


@pytest.mark.parametrize("warm", [False, True], ids=["fresh", "warm"])
def test_a_kernel_writes_only_in_its_in_memory_folders(handin, kernels, warm):
    """Its home is in the sandbox's in-memory /tmp (the files copied there), which holds twice
    the file-size limit with /tmp; its kernel folder on the disk, the sandbox's root and /var/tmp
    take nothing."""
    (home, outside) = run(
        [
            "import os; print(os.getcwd(), os.environ['HOME'], sorted(os.listdir('.')),"
            " os.statvfs('.').f_blocks * os.statvfs('.').f_frsize >> 20)",
            answer_cell("leave-state-for-the-next-notebook"),
        ],
        handin,
        kernels,
        warm=warm,
    )
    assert home == "/tmp/home /tmp/home ['cases.csv'] 128"
    assert outside.endswith("left files in ['/tmp/home', '/tmp', '/dev/shm']")


@pytest.mark.parametrize("warm", [False, True], ids=["fresh", "warm"])
def test_a_kernel_holds_no_file_of_the_grader_open(handin, kernels, warm):
    """Every open file a kernel starts with is its own (its sockets, pipes, its history in /tmp)
    or /dev/null: nothing of the grading worker or the template leaks in through a descriptor."""
    (files,) = run(
        [
            "import os\n"
            "paths = set()\n"
            "for fd in os.listdir('/proc/self/fd'):\n"
            "    try:\n"
            "        paths.add(os.readlink(f'/proc/self/fd/{fd}'))\n"
            "    except OSError:\n"
            "        pass\n"
            "print(sorted(p for p in paths if p.startswith('/')))"
        ],
        handin,
        kernels,
        warm=warm,
    )
    paths = ast.literal_eval(files)
    assert all(path == "/dev/null" or path.startswith("/tmp/") for path in paths), paths


CLOSED = """
import os, sys
from pathlib import Path
from himoya.grading.kernel import restrict_writes
scratch, sockets, other = map(Path, sys.argv[1:4])
print(restrict_writes(sockets, scratch=(str(scratch),)))
for path in (scratch / "note.txt", sockets / "note.txt", other / "note.txt"):
    try:
        path.write_text("x")
        print(path.parent.name, "written")
    except OSError as error:
        print(path.parent.name, type(error).__name__)
"""


def test_restricted_writes_hold_even_for_root(tmp_path):
    """Landlock closes every place but the scratch folders to a kernel for good, whatever its
    user may write: this matters when grading does not run as root (the kernel is then the
    trainer's own user, who owns its folder). Even root, here, writes only in ``scratch``."""
    folders = [tmp_path / name for name in ("scratch", "sockets", "other")]
    for folder in folders:
        folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CLOSED, *map(str, folders)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.split("\n")
    if lines[0] == "False":
        pytest.skip("this system has no Landlock")
    assert lines[1:4] == ["scratch written", "sockets PermissionError", "other PermissionError"]


def test_the_sandbox_of_a_trainer_without_root_starts(tmp_path):
    """Graded as a normal user, the kernel runs in a user namespace of its own and may make no
    further one; bubblewrap 0.8 (Debian 12) refused the command line that asked for this without
    ``--unshare-user``, so grading without root always fell back to no sandbox at all."""
    kernel_dir = tmp_path / "kernel"
    kernel_dir.mkdir()
    command = sandbox.bwrap_prefix(kernel_dir=kernel_dir, datasets=None, limits=Limits(), uid=None)
    probe = (
        "import ctypes, os\n"
        "print(ctypes.CDLL(None, use_errno=True).unshare(0x10000000), ctypes.get_errno())"
    )
    result = subprocess.run(
        [*command, sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "-1"  # no user namespace inside it


def test_the_folders_of_a_killed_grading_process_are_removed():
    """Kernel folders live in /var/tmp, which outlives a restart: a grading process killed with
    its kernels running leaves them; the next one removes those of processes that are gone."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    left = sandbox.kernel_folder("hz-")  # ours, as a worker makes it
    (left.parent / f"hz-{gone.pid}-left").mkdir()
    (left.parent / f"hz-{gone.pid}-left" / "kernel.json").write_text("{}", encoding="utf-8")
    sandbox._remove_left_behind.cache_clear()
    made = sandbox.kernel_folder("hk-")
    try:
        assert not (left.parent / f"hz-{gone.pid}-left").exists()
        assert left.is_dir()  # this process is alive
        assert made.name.startswith(f"hk-{os.getpid()}-")
    finally:
        for folder in (left, made, left.parent / f"hz-{gone.pid}-left"):
            shutil.rmtree(folder, ignore_errors=True)


def test_limits_change_the_fingerprint():
    base = Limits()
    changed = [
        Limits(memory_mb=1000),
        Limits(processes=10),
        Limits(file_size_mb=1),
        Limits(notebook_seconds=5),
        Limits(cell_seconds=3),
    ]
    assert len({base.fingerprint(), *(limit.fingerprint() for limit in changed)}) == 6
    assert Limits.from_settings({"kernel_memory_mb": 1000}, cell_seconds=30) == changed[0]


def test_a_python_environment_inside_the_course_folder_is_not_bound_whole(tmp_path, monkeypatch):
    course = tmp_path / "course"
    for folder in ("exercises/mini", "bin", "lib/python3/site-packages"):
        (course / folder).mkdir(parents=True)
    (course / "_toc.yml").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "prefix", str(course))
    paths = sandbox._readonly_paths()
    assert course not in paths
    assert course / "lib" in paths
    assert not any(p == course / "exercises" or course / "exercises" in p.parents for p in paths)
