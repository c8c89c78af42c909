# nbgrader configuration for a Himoya cohort workspace.
#
# `himoya cohort init DIR --roster roster.csv` copies this file into DIR and appends the
# workspace's own root and database; you can also use it by hand with plain nbgrader commands run
# inside the workspace. See grading/README.md for the whole offline workflow.
c = get_config()  # noqa: F821  (nbgrader injects get_config)

# One course id for every Himoya cohort; the workspace folder tells cohorts apart.
c.CourseDirectory.course_id = "himoya"

# Never copy these into releases or submissions. Exercise specs hold the answers and live in
# exercises/specs/, outside the assignment folders, but are ignored here as well for safety.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "*.yml",
    "*.md",
    ".DS_Store",
]

# What a trainee sees in place of a solution. Plain words, not `raise NotImplementedError()`,
# which confuses people who are not programmers.
c.ClearSolutions.code_stub = {"python": "# Type your answer here (replace this line)"}
c.ClearSolutions.text_stub = "Type your answer here (double-click to edit)."

# Grading: a cell may run for 30 seconds at most; a stuck cell is interrupted and the rest of the
# notebook still runs (it costs only that answer).
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True

# A trainee who deleted a test cell gets it back instead of "needs manual grading" forever.
c.OverwriteCells.add_missing_cells = True

# Huge outputs (a print in a loop) are cut so feedback stays readable.
c.LimitOutput.max_lines = 300
c.LimitOutput.max_traceback = 40

# Workshops run in Tajikistan.
c.Exchange.timezone = "Asia/Dushanbe"
