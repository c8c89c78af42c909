"""JupyterHub configuration file of the workshop hub (``jupyterhub -f`` this file).

``himoya hub start`` runs JupyterHub with it; everything it sets comes from the runtime file that
``hub start`` writes (``HIMOYA_HUB_RUNTIME``). See ``himoya/hub/hubconfig.py``.
"""

import os

from himoya.hub.hubconfig import configure

configure(get_config(), os.environ["HIMOYA_HUB_RUNTIME"])  # noqa: F821 (JupyterHub's get_config)
