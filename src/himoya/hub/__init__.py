"""The workshop JupyterHub: one cohort (or several) on the trainer's laptop, on a local network.

``himoya hub init DIR`` makes one unprivileged OS account and a PIN per trainee of the cohort
workspace DIR, login accounts for the trainers, printable trainee cards and the trainees' Python
environment; ``himoya hub start DIR`` runs JupyterHub and its proxy in the foreground;
``himoya hub remove DIR`` deletes the accounts and their data after the workshop. The pieces:

* ``settings`` — ``DIR/hub/hub.json``, the account list and the PIN files;
* ``accounts`` — OS accounts (``useradd``/``userdel``), private homes, a private workspace;
* ``environment`` — the trainees' Python environment, world-readable, from Debian's Python;
* ``auth`` — the JupyterHub authenticator: hashed PINs, lockout after repeated wrong PINs;
* ``spawner`` — each trainee's server under their own uid, with a memory limit;
* ``hubconfig`` — JupyterHub's configuration (groups, roles, formgrader service, culler);
* ``exchange`` — releasing, collecting and returning feedback through nbgrader's exchange;
* ``cards`` — the printable trainee cards (PDF);
* ``run`` — ``init``, ``start``, ``remove``.
"""

from himoya.hub.settings import HubError

__all__ = ["HubError"]
