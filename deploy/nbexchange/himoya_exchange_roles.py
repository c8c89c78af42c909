"""Which cohort and role a JupyterHub user has in nbexchange, from their groups.

Kept free of nbexchange and JupyterHub imports so that it is tested on its own
(tests/hub/test_deploy.py); ``nbexchange_config.py`` beside it uses it.
"""

from __future__ import annotations

STUDENT_PREFIX = "nbgrader-"
INSTRUCTOR_PREFIX = "formgrade-"


def course_role(groups: list[str], wanted: str = "") -> tuple[str, str] | None:
    """(course id, "Instructor" or "Student") for the course asked for, or the user's only one.

    A trainer who is also in the trainees' group of a course is an Instructor. Returns None when
    the user is in no group of the course asked for, or asks for none and has several courses.
    """
    roles: dict[str, str] = {}
    for group in groups:
        if group.startswith(INSTRUCTOR_PREFIX) and len(group) > len(INSTRUCTOR_PREFIX):
            roles[group[len(INSTRUCTOR_PREFIX) :]] = "Instructor"
        elif group.startswith(STUDENT_PREFIX) and len(group) > len(STUDENT_PREFIX):
            roles.setdefault(group[len(STUDENT_PREFIX) :], "Student")
    if wanted:
        return (wanted, roles[wanted]) if wanted in roles else None
    if len(roles) == 1:
        return next(iter(roles.items()))
    return None
