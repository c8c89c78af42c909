#!/bin/bash
# Trainer profile: turn the formgrader on for this server only (user level config).
if [ "${HIMOYA_ROLE:-}" = "trainer" ]; then
  jupyter server extension enable --user nbgrader.server_extensions.formgrader >/dev/null
  jupyter labextension enable --level=user @jupyter/nbgrader:formgrader >/dev/null
fi
