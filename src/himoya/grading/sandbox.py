"""The sandbox every graded notebook runs in: bubblewrap, a private folder, limits, warm kernels.

A trainee's notebook is code, and grading runs it. Without a sandbox it runs with the trainer's
rights: it can read the hidden tests in ``source/``, rewrite a gradebook, delete the workspace or
reach a server. Here each notebook's kernel runs under `bubblewrap
<https://github.com/containers/bubblewrap>`_ (Debian's ``bubblewrap``: no daemon, nothing to
download) and sees only:

* Python, its site-packages and the ``himoya`` package, read-only;
* the course's shipped datasets, read-only (``load_dataset`` finds them through ``HIMOYA_ROOT``);
* its own folder on the grading machine (under ``/var/tmp``): a copy of the assignment's files
  (never a notebook: the autograded notebook there holds the hidden tests), its connection file
  and its ZeroMQ sockets (IPC transport: Unix sockets, so the kernel needs no network at all);
  the folder is closed for writing once the kernel has made its sockets;
* an in-memory ``/tmp`` and ``/dev/shm`` of limited size, holding its home and working folder
  (``/tmp/home``, where the launcher copies the assignment's files), its own ``/proc``, a minimal
  ``/dev``; everything else is read-only, the sandbox's own root included.

It has no network (``--unshare-net``: only its own empty loopback), sees no other process
(``--unshare-pid``; everything it starts dies with it), and runs as an unprivileged user with no
capabilities: when grading runs as root, as a user id of its own per worker (not a real user: its
process limit counts only its own processes), otherwise as the trainer inside a user namespace.
Limits on memory, processes and file size are set, and every place but the in-memory folders is
closed for writing (Landlock), before any trainee code runs (:mod:`himoya.grading.kernel`); the
kernel manager kills a kernel whose notebook runs out of time, and refuses messages from the
kernel larger than :data:`MAX_MESSAGE_MB` (the executor, :mod:`himoya.grading.preprocessors`,
keeps at most a budget of output per notebook).

Each worker forks its kernels from a warm kernel template (:mod:`himoya.grading.template`) in a
sandbox of the same kind, unless that cannot start; then every kernel starts afresh.

Where bubblewrap is missing or cannot make namespaces, grading falls back to running kernels
without it, and says once what is then not protected (:data:`NOT_PROTECTED`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Bool, Integer, List, Unicode, default

from himoya.grading.labels import english
from himoya.grading.processes import end_sandbox_processes, own_tasks, tree_cpu

COURSE = "/run/course"
"""A minimal course root inside the sandbox: ``datasets/`` and the two marker files."""

LAUNCHER = "himoya.grading.kernel"
"""The module a grading kernelspec runs (``python -m himoya.grading.kernel``)."""

HOME = "/tmp/home"
"""A sandboxed kernel's home and working folder (on the sandbox's in-memory ``/tmp``)."""

MAX_MESSAGE_MB = 32
"""Largest message the grader accepts from a kernel (a bigger one is dropped, see ZeroMQ's
``MAXMSGSIZE``): a notebook cannot make the grading worker hold gigabytes of output at once."""

UID_BASE = 2_100_000_000
"""Kernels of a grading run as root get the user id ``UID_BASE + worker pid`` (not a real user)."""

NOT_PROTECTED = (
    "notebooks are graded WITHOUT the sandbox ({reason}): a notebook's code runs with your rights "
    "and can read the hidden tests and other trainees' files, change the gradebook, delete files "
    "and use the network; only the memory, file-size and time limits apply. Install bubblewrap "
    "(apt-get install bubblewrap) to grade safely."
)


@dataclass(frozen=True)
class Limits:
    """What one graded notebook may use (``cohort.yml``; the cell time is nbgrader's)."""

    memory_mb: int = 1536
    """Address space of each process of the kernel, in megabytes."""
    processes: int = 64
    """Processes and threads the kernel may have at once (its own user's count)."""
    file_size_mb: int = 64
    """Largest file it may write; its in-memory home and ``/tmp`` together hold twice this."""
    notebook_seconds: int = 600
    """Wall-clock time for the whole notebook, start-up included."""
    cell_seconds: int = 30
    """nbgrader's ``Execute.timeout`` (per cell), from ``nbgrader_config.py``."""

    @classmethod
    def from_settings(cls, settings: dict, *, cell_seconds: int) -> Limits:
        """Limits from a cohort's ``cohort.yml`` (missing keys keep their defaults)."""
        default = cls()
        return cls(
            memory_mb=int(settings.get("kernel_memory_mb", default.memory_mb)),
            processes=int(settings.get("kernel_processes", default.processes)),
            file_size_mb=int(settings.get("kernel_file_size_mb", default.file_size_mb)),
            notebook_seconds=int(settings.get("notebook_seconds", default.notebook_seconds)),
            cell_seconds=int(cell_seconds),
        )

    def fingerprint(self) -> str:
        """Changes whenever a limit changes: a notebook graded under other limits is regraded."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- is bubblewrap usable here? ------------------------------------------------------------------


def _holds_course_files(path: Path) -> bool:
    """True for a course folder or a cohort workspace (hidden tests, gradebooks, rosters)."""
    markers = ("_toc.yml", "exercises", "cohort.yml", "gradebook.db", "grading")
    return any((path / marker).exists() for marker in markers)


def _readonly_paths() -> list[Path]:
    """Python, its site-packages, and the folder holding the ``himoya`` package.

    A folder that also holds the course or a workspace (say a virtual environment made in the
    course folder itself) is never bound whole: only its ``bin``, ``lib`` and ``lib64`` (or, for
    the package, the ``himoya`` folder).
    """
    import himoya

    package = Path(himoya.__file__).resolve().parent
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    paths.add(Path(sys.executable).resolve().parent.parent)
    paths.add(package.parent)
    wanted: set[Path] = set()
    for path in paths:
        if not _holds_course_files(path):
            wanted.add(path)
        elif path == package.parent:
            wanted.add(package)
        else:
            wanted.update(path / name for name in ("bin", "lib", "lib64"))
    kept: list[Path] = []
    for path in sorted(wanted, key=lambda p: len(p.parts)):
        if path == Path("/") or not path.is_dir():
            continue
        if any(path.is_relative_to(other) for other in kept):
            continue
        kept.append(path)
    return kept


def _ancestors(paths: list[Path]) -> list[Path]:
    seen: list[Path] = []
    for path in paths:
        for parent in reversed(path.parents):
            if parent != Path("/") and parent not in seen:
                seen.append(parent)
    return seen


def sandbox_uid() -> int | None:
    """The user id kernels of this process run as, or None to keep our own (not root)."""
    return UID_BASE + os.getpid() if os.geteuid() == 0 else None


def bwrap_prefix(
    *,
    kernel_dir: Path,
    datasets: Path | None,
    limits: Limits,
    uid: int | None,
    template: bool = False,
) -> list[str]:
    """The bubblewrap command line that runs a kernel (the kernel's own argv follows it).

    ``kernel_dir`` is bound read-write at the same path (Unix socket paths must match on both
    sides); the kernel starts in ``/tmp`` (the launcher makes its home, :data:`HOME`, there).
    With ``template=True`` it runs a warm kernel template (:mod:`himoya.grading.template`)
    instead: as process 1 of the sandbox, with ``kernel_dir`` holding every notebook's folder.
    """
    bwrap = shutil.which("bwrap") or "bwrap"
    shm_size = str(limits.file_size_mb * 1024 * 1024)
    tmp_size = str(2 * limits.file_size_mb * 1024 * 1024)  # the largest file, and the home
    args = [bwrap, "--die-with-parent", "--new-session"]
    args += ["--as-pid-1"] if template else []
    if uid is None:
        # Not root: a user namespace of our own, in which we have no capabilities, and no
        # further one (``--unshare-all`` alone only tries a user namespace, and bubblewrap 0.8
        # then refuses ``--disable-userns``).
        args += ["--unshare-all", "--unshare-user", "--disable-userns"]
    else:
        # Root: bubblewrap sets up the mounts, then ``setpriv`` drops to an unprivileged user
        # of this worker's own (bubblewrap drops every other capability).
        args += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
        args += ["--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", str(host.readlink()), f"/{name}"]
        elif host.is_dir():
            args += ["--ro-bind", str(host), f"/{name}"]
    # The in-memory /tmp first: a Python environment or course that lives under /tmp (a clone in
    # /tmp) is bound read-only on top of it below, instead of being hidden by it.
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--perms", "1777", "--size", tmp_size, "--tmpfs", "/tmp"]
    args += ["--perms", "1777", "--size", shm_size, "--tmpfs", "/dev/shm"]
    readonly = [p for p in _readonly_paths() if not p.is_relative_to("/usr")]
    # bubblewrap makes missing parents of a mount point private (0700): make them 0755.
    for parent in _ancestors([*readonly, kernel_dir]):
        if not any(parent.is_relative_to(p) for p in readonly):
            args += ["--perms", "0755", "--dir", str(parent)]
    for path in readonly:
        args += ["--ro-bind", str(path), str(path)]
    for name in ("localtime", "nsswitch.conf", "fonts", "mime.types", "ssl/certs"):
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    if datasets is not None:
        args += ["--perms", "0755", "--dir", "/run", "--perms", "0755", "--dir", COURSE]
        args += ["--ro-bind", str(datasets), f"{COURSE}/datasets"]
        for marker in ("_config.yml", "_toc.yml"):
            args += ["--ro-bind-try", str(datasets.parent / marker), f"{COURSE}/{marker}"]
    args += ["--bind", str(kernel_dir), str(kernel_dir)]
    # Nothing else is writable: not the sandbox's own root and /dev (in-memory, of no size limit,
    # and, without root, owned by the kernel's user), nor what a warm template keeps between two
    # notebooks (only /tmp and /dev/shm, which it empties).
    args += ["--remount-ro", "/dev", "--remount-ro", "/"]
    args += ["--chdir", "/" if template else "/tmp", "--clearenv"]
    env = sandbox_env(home=Path(HOME), course=COURSE if datasets is not None else None)
    for key, value in env.items():
        args += ["--setenv", key, value]
    args.append("--")
    if uid is not None:
        args += [
            shutil.which("setpriv") or "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--no-new-privs",
            "--bounding-set=-all",
            "--inh-caps=-all",
        ]
    return args


def sandbox_env(*, home: Path, tmp: str = "/tmp", course: str | None = COURSE) -> dict:
    """The kernel's whole environment (inside the sandbox, or in the unprotected fallback)."""
    env = {
        "HOME": str(home),
        "TMPDIR": tmp,
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "IPYTHONDIR": f"{tmp}/.ipython",
        "MPLCONFIGDIR": f"{tmp}/.matplotlib",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        # One thread per numerical library: grading already runs one kernel per core.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if course:
        env["HIMOYA_ROOT"] = course
    return env


def copy_files(source: Path, target: Path) -> None:
    """Copy a notebook's folder for its kernel: files and folders, no links, no notebooks; every
    one readable by the kernel's user, none writable by it."""
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o755)
    for item in sorted(source.rglob("*")):
        if item.is_symlink() or item.suffix == ".ipynb":
            continue
        destination = target / item.relative_to(source)
        if item.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            destination.chmod(0o755)
        elif item.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item, destination)
            destination.chmod(0o644)


def kernel_folder(prefix: str, parent: Path | None = None) -> Path:
    """A new, short-named folder for a kernel or a template on this machine (Unix socket paths
    must stay under 108 bytes): in ``parent``, else in ``/var/tmp``, which a sandbox never has
    writable beneath its in-memory ``/tmp`` (where that is missing, the temporary folder). A
    top-level folder's name holds this process's id: folders of grading processes that were
    killed (``/var/tmp`` outlives a restart) are removed the first time this process makes one."""
    if parent is not None:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    base = Path("/var/tmp" if os.access("/var/tmp", os.W_OK | os.X_OK) else tempfile.gettempdir())
    _remove_left_behind(base)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=base))


@functools.cache
def _remove_left_behind(base: Path) -> None:
    for folder in base.glob("h[kz]-*"):
        owner = folder.name.removeprefix("hk-probe-").removeprefix("hk-").removeprefix("hz-")
        owner = owner.split("-")[0]
        if not owner.isdigit() or folder.is_symlink() or folder.stat().st_uid != os.geteuid():
            continue
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, another user's
            continue


@functools.cache
def sandbox_problem() -> str:
    """Why kernels cannot be sandboxed here ("" when bubblewrap works)."""
    if not sys.platform.startswith("linux"):
        return "bubblewrap needs Linux"
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "setpriv (util-linux) is not installed"
    kernel_dir = kernel_folder("hk-probe-")
    try:
        uid = sandbox_uid()
        kernel_dir.chmod(0o755)
        command = bwrap_prefix(kernel_dir=kernel_dir, datasets=None, limits=Limits(), uid=uid)
        probe = "import himoya.grading.kernel, traitlets, zmq"
        result = subprocess.run(
            [*command, sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"bubblewrap could not start: {error}"
    finally:
        shutil.rmtree(kernel_dir, ignore_errors=True)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        return f"bubblewrap could not start a kernel: {lines[-1] if lines else result.returncode}"
    return ""


# --- warm kernels: the host side of the kernel template ----------------------------------------


def limit_args(limits: Limits, processes: int) -> list[str]:
    """The launcher's limit options (``processes``: the absolute ``RLIMIT_NPROC`` to set)."""
    return [
        "--memory-mb",
        str(limits.memory_mb),
        "--processes",
        str(processes),
        "--file-size-mb",
        str(limits.file_size_mb),
    ]


class KernelTemplate:
    """A warm kernel template (:mod:`himoya.grading.template`) in its own sandbox.

    One per grading worker: it forks one notebook's kernel at a time, in the folder the worker
    prepares for it under :attr:`root` (the only host folder the template's sandbox can write).
    """

    def __init__(
        self,
        *,
        limits: Limits,
        datasets: Path | None,
        uid: int | None,
        preload: tuple[str, ...] = (),
    ) -> None:
        self.uid = uid
        # The worker makes each notebook's folder here; the template's user may pass through,
        # not list it or write in it (when grading runs as root).
        self.root = kernel_folder("hz-")
        self.root.chmod(0o711)
        processes = limits.processes if uid is not None else own_tasks() + limits.processes
        command = [
            *bwrap_prefix(
                kernel_dir=self.root,
                datasets=datasets,
                limits=limits,
                uid=uid,
                template=True,
            ),
            sys.executable,
            "-I",
            "-m",
            "himoya.grading.template",
            *limit_args(limits, processes),
            "--preload",
            ",".join(preload),
            str(self.root),
        ]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._buffer = b""
        self._exit: int | None = None
        self._ready = False
        self.last_cpu = 0.0

    def wait_ready(self) -> None:
        """Wait until the template has imported its modules (it starts doing so at once)."""
        if not self._ready:
            message = self._read(timeout=180)
            if not message.get("ready"):
                self.close()
                raise RuntimeError("the kernel template did not start")
            self._ready = True

    def _read(self, timeout: float | None) -> dict:
        """The template's next message ({} when none came in ``timeout`` seconds)."""
        import select

        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.process.stdout], [], [], wait)
            if not ready:
                return {}
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                return {"exited": -1, "gone": True}
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def start(self, request: dict) -> int:
        """Fork a kernel for one notebook; return its process id in the sandbox."""
        self.wait_ready()
        self._exit = None
        self.process.stdin.write((json.dumps({"start": request}) + "\n").encode())
        self.process.stdin.flush()
        message = self._read(timeout=60)
        if "pid" not in message:
            raise RuntimeError("the kernel template did not start a kernel")
        return int(message["pid"])

    def exit_code(self, timeout: float = 0.0) -> int | None:
        """The kernel's exit code once it is gone and the sandbox is clean, else None."""
        if self._exit is None:
            message = self._read(timeout=timeout)
            if "exited" in message:
                self._exit = int(message["exited"])
                self.last_cpu = float(message.get("cpu", 0.0))
        return self._exit

    def kill(self) -> None:
        """End the running kernel (and everything it started)."""
        if self.alive and self._exit is None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.write(b'{"kill": true}\n')
                self.process.stdin.flush()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        shutil.rmtree(self.root, ignore_errors=True)


_TEMPLATES: dict[tuple, KernelTemplate] = {}


def kernel_template(
    limits: Limits, datasets: Path | None, uid: int | None, preload: tuple[str, ...] = ()
) -> KernelTemplate:
    """This process's kernel template for these limits (started on first use, restarted if gone)."""
    key = (limits, datasets, uid, preload)
    template = _TEMPLATES.get(key)
    if template is None or not template.alive:
        if template is not None:
            template.close()
        template = _TEMPLATES[key] = KernelTemplate(
            limits=limits, datasets=datasets, uid=uid, preload=preload
        )
        close_at_exit()
    return template


_CLOSING_AT_EXIT: set[int] = set()


def close_at_exit() -> None:
    """Run :func:`close_templates` when this process ends (once per process, forks included)."""
    import multiprocessing.util

    if os.getpid() in _CLOSING_AT_EXIT:
        return
    _CLOSING_AT_EXIT.add(os.getpid())
    # Pool workers end without running atexit; this runs when the worker ends.
    multiprocessing.util.Finalize(None, close_templates, exitpriority=10)


def prestart_template(kernel_config: dict) -> None:
    """Start this process's kernel template for a grading worker's kernel settings."""
    manager = SandboxKernelManager(
        **{k: v for k, v in kernel_config.items() if SandboxKernelManager.class_traits().get(k)}
    )
    with contextlib.suppress(OSError, RuntimeError):
        kernel_template(*manager.template_key())


def close_templates() -> None:
    """Stop this process's kernel templates and remove their folders; when grading runs as root,
    wait until no process of this worker's sandbox user is left (see :func:`end_sandbox_processes`).
    """
    for template in _TEMPLATES.values():
        template.close()
    _TEMPLATES.clear()
    uid = sandbox_uid()
    if uid is not None:
        end_sandbox_processes(uid)


class TemplateProvisioner(LocalProvisioner):
    """A kernel provisioner whose kernel is forked by a :class:`KernelTemplate`."""

    def __init__(self, *, template: KernelTemplate, folder: Path, **kwargs) -> None:
        super().__init__(**kwargs)
        self.template = template
        self.folder = folder
        self._running = False

    @property
    def has_process(self) -> bool:
        return self._running

    async def launch_kernel(self, cmd: list[str], **kwargs):
        # The kernel's own arguments: what follows the launcher module, without the limits
        # (the template already has them).
        from himoya.grading.kernel import parse_limits

        _, argv = parse_limits(cmd[cmd.index(LAUNCHER) + 1 :])
        course = COURSE if getattr(self.parent, "datasets", "") else None
        request = {
            "files": str(self.folder / "files"),
            "sockets": str(self.folder),
            "env": sandbox_env(home=Path(HOME), course=course),
            "argv": argv,
        }
        self.pid = self.template.start(request)
        self._running = True
        return self.connection_info

    async def poll(self) -> int | None:
        if not self._running:
            return self.template.exit_code()
        code = self.template.exit_code()
        return code

    async def wait(self) -> int | None:
        while (code := self.template.exit_code(timeout=0.05)) is None:
            await asyncio.sleep(0)
        self._running = False
        return code

    async def send_signal(self, signum: int) -> None:
        if signum in (signal.SIGKILL, signal.SIGTERM):
            self.template.kill()

    async def kill(self, restart: bool = False) -> None:
        self.template.kill()

    async def terminate(self, restart: bool = False) -> None:
        self.template.kill()

    async def cleanup(self, restart: bool = False) -> None:
        if self._running:
            self.template.kill()
            await self.wait()


# --- the kernel manager ------------------------------------------------------------------------

LIMIT_EVENTS: list[str] = []
"""Limits a kernel of this process hit (read and cleared by the grading worker)."""
TIMES: dict[str, float] = {}
"""When the last kernel of this process was launched, answered and was shut down (profiling)."""
WARM_PROBLEMS: list[str] = []
"""Why this process could not start a kernel template (it then starts each kernel afresh)."""


class SandboxKernelManager(AsyncKernelManager):
    """Starts each kernel in a bubblewrap sandbox, talking to it over Unix sockets.

    nbclient (through nbgrader's ``Execute``) creates one manager per notebook and calls
    ``start_kernel(cwd=<the notebook's folder>)``. The kernel gets a folder of its own: a short
    path under the system's temporary folder (Unix socket paths must stay under 108 bytes)
    holding its connection file, its sockets and its home, a copy of the notebook folder's files
    except notebooks (the autograded notebook there holds the hidden tests).
    """

    sandbox = Bool(True, help="Run kernels in bubblewrap (False: the unprotected fallback)").tag(
        config=True
    )
    memory_mb = Integer(Limits.memory_mb).tag(config=True)
    processes = Integer(Limits.processes).tag(config=True)
    file_size_mb = Integer(Limits.file_size_mb).tag(config=True)
    notebook_seconds = Integer(Limits.notebook_seconds).tag(config=True)
    datasets = Unicode("", help="The course's datasets folder, bound read-only").tag(config=True)
    warm = Bool(True, help="Fork kernels from a warm kernel template (with the sandbox)").tag(
        config=True
    )
    preload = List(Unicode(), help="Modules the kernel template imports besides ipykernel").tag(
        config=True
    )
    kernels_dir = Unicode("", help="The only folder to look for kernelspecs in").tag(config=True)

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self):
        from jupyter_client.kernelspec import KernelSpecManager

        if self.kernels_dir:
            # Only the grading kernelspec's folder (the default list also imports IPython).
            return KernelSpecManager(kernel_dirs=[self.kernels_dir])
        return KernelSpecManager(data_dir=self.data_dir)

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)
        self._kernel_dir: Path | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._killing: asyncio.Future | None = None

    @property
    def limits(self) -> Limits:
        return Limits(
            memory_mb=self.memory_mb,
            processes=self.processes,
            file_size_mb=self.file_size_mb,
            notebook_seconds=self.notebook_seconds,
        )

    def _uid(self) -> int | None:
        return sandbox_uid() if self.sandbox else None

    def client(self, **kwargs):
        """A client whose sockets drop any message from the kernel over :data:`MAX_MESSAGE_MB`."""
        import zmq

        client = super().client(**kwargs)
        client.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_MB * 1024 * 1024)
        return client

    def template_key(self) -> tuple:
        """The arguments of :func:`kernel_template` for this manager's settings."""
        datasets = Path(self.datasets) if self.datasets else None
        return self.limits, datasets, self._uid(), tuple(self.preload)

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        # jupyter_client polls a killed kernel every 0.1 s; ours is gone at once.
        await super()._async_wait(pollinterval=pollinterval)

    async def _async_pre_start_kernel(self, **kw):
        TIMES.clear()
        TIMES["launch"] = time.perf_counter()
        uid = self._uid()
        template = self._template() if self.sandbox and self.warm else None
        TIMES["warm"] = float(template is not None)
        folder = kernel_folder("n", template.root) if template else kernel_folder("hk-")
        self._kernel_dir = folder
        # Sandboxed, the kernel copies the files into its in-memory home (himoya.grading.kernel);
        # unprotected, they are its home.
        home = folder / ("files" if self.sandbox else "home")
        copy_files(Path(kw.pop("cwd", None) or Path.cwd()), home)
        folder.chmod(0o755)
        if uid is not None:  # its sockets, until it has made them (close_kernel_dir)
            os.chown(folder, uid, uid)
        self.connection_file = str(folder / "kernel.json")
        self.ip = str(folder / "k")
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        kw["cwd"] = str(home)
        course = COURSE if self.datasets else None
        if template is not None:
            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            self.provisioner = TemplateProvisioner(
                template=template,
                folder=folder,
                kernel_id=self.kernel_id,
                kernel_spec=self.kernel_spec,
                parent=self,
            )
        elif self.sandbox:
            kw["env"] = {}  # bubblewrap sets the kernel's environment (--clearenv)
        else:
            course = str(Path(self.datasets).parent) if self.datasets else None
            kw["env"] = sandbox_env(home=home, tmp=str(home), course=course)
        return await super()._async_pre_start_kernel(**kw)

    def _template(self) -> KernelTemplate | None:
        """This worker's kernel template, or None (then each kernel starts afresh)."""
        try:
            template = kernel_template(*self.template_key())
            template.wait_ready()
            return template
        except (OSError, RuntimeError) as error:
            WARM_PROBLEMS.append(str(error))
            self.warm = False
            return None

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        # The connection file is private to us until the kernel, another user, must read it.
        Path(self.connection_file).chmod(0o644)
        if isinstance(self.provisioner, TemplateProvisioner):
            return cmd
        if LAUNCHER in cmd:
            processes = self.processes if self._uid() is not None else own_tasks() + self.processes
            at = cmd.index(LAUNCHER) + 1
            files = ["--files", str(self._kernel_dir / "files")] if self.sandbox else []
            cmd[at:at] = [*limit_args(self.limits, processes), *files]
        if not self.sandbox:
            return cmd
        prefix = bwrap_prefix(
            kernel_dir=self._kernel_dir,
            datasets=Path(self.datasets) if self.datasets else None,
            limits=self.limits,
            uid=self._uid(),
        )
        return [*prefix, *cmd]

    async def _async_post_start_kernel(self, **kw):
        await super()._async_post_start_kernel(**kw)
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self.notebook_seconds, self._time_is_up)

    def _time_is_up(self) -> None:
        LIMIT_EVENTS.append(english("reason.notebook_seconds", seconds=self.notebook_seconds))
        self._timer = None
        self._killing = asyncio.ensure_future(self._async_kill_kernel())

    def close_kernel_dir(self) -> None:
        """Stop the kernel from creating files next to its sockets (once they all exist)."""
        TIMES["ready"] = time.perf_counter()
        if self._kernel_dir is not None and self._uid() is not None:
            os.chown(self._kernel_dir, 0, 0)
            self._kernel_dir.chmod(0o755)

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        TIMES["done"] = time.perf_counter()
        if not isinstance(self.provisioner, TemplateProvisioner):
            TIMES["cpu_kernel"] = tree_cpu(getattr(self.provisioner, "pid", None))
        await super()._async_shutdown_kernel(now=now, restart=restart)
        if isinstance(self.provisioner, TemplateProvisioner):
            TIMES["cpu_kernel"] = self.provisioner.template.last_cpu

    shutdown_kernel = _async_shutdown_kernel

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        TIMES.setdefault("done", time.perf_counter())
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._created_context and not restart:
            # The kernel is gone: nothing left to send, so closing its sockets need not linger.
            self.context.destroy(linger=0)
            self._created_context = False
        await super()._async_cleanup_resources(restart=restart)
        if self._kernel_dir is not None:
            shutil.rmtree(self._kernel_dir, ignore_errors=True)
            self._kernel_dir = None

    cleanup_resources = _async_cleanup_resources
