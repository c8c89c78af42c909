"""Trainer workflow: a cohort workspace around nbgrader.

nbgrader is the grading engine (generate_assignment, autograde, generate_feedback and its
gradebook). This package adds what an offline workshop needs around it: roster checks, USB zips,
offline collection, parallel resumable autograding that survives broken notebooks, feedback that
never shows hidden tests, a cohort report and certificates.
"""

import sys

# jsonschema (imported by nbformat and nbgrader) loads the optional package rfc3987-syntax, which
# builds its IRI grammar when imported: about 4 s of CPU in every process that grades, reports or
# writes feedback, for the "iri" format check that none of them uses. They go without it (unless
# it was loaded already). Trainees' notebooks never import this package.
sys.modules.setdefault("rfc3987_syntax", None)
