"""nbexchange configuration for Himoya on Zero to JupyterHub (mounted at
/etc/config/nbexchange_config.py in the nbexchange pod; see deploy/README.md).

nbexchange asks a "user handler" who is calling and in which course with which role. Here the
answer comes from JupyterHub groups, as in nbgrader's multiple-courses setup: ``nbgrader-<course>``
makes a Student of that course, ``formgrade-<course>`` an Instructor (a trainer). A request names
its course (``course_id``); a user in no group of that course is refused.
"""

import os
import sys

from jupyterhub.services.auth import HubAuth
from nbexchange.handlers.auth.user_handler import BaseUserHandler

# himoya_exchange_roles.py is mounted beside this file (traitlets sets __file__).
sys.path.insert(0, os.path.dirname(__file__))  # noqa: F821
from himoya_exchange_roles import course_role  # noqa: E402


class HimoyaUserHandler(BaseUserHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub_auth = HubAuth()

    def get_current_user(self, request):
        model = self.hub_auth.get_user(request)
        if not model:
            return None
        wanted = (request.query_arguments.get("course_id") or [b""])[0].decode()
        found = course_role(model.get("groups", []), wanted)
        if found is None:
            return None
        course, role = found
        return {
            "name": model["name"],
            "full_name": model["name"],
            "course_id": course,
            "course_title": course,
            "course_role": role,
            "org_id": 1,
        }


c = get_config()  # noqa: F821
c.NbExchange.user_plugin_class = HimoyaUserHandler
c.NbExchange.base_url = "/services/nbexchange/"
c.NbExchange.base_storage_location = "/var/lib/nbexchange/courses"
c.NbExchange.db_url = os.environ["NBEX_DB_URL"]
