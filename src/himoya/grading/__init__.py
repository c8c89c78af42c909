"""Trainer workflow: a cohort workspace around nbgrader.

nbgrader is the grading engine (generate_assignment, autograde, generate_feedback and its
gradebook). This package adds what an offline workshop needs around it: roster checks, USB zips,
offline collection, parallel resumable autograding that survives broken notebooks, feedback that
never shows hidden tests, a cohort report and certificates.
"""
