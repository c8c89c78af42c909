"""``python -m himoya.cli``: the same as the ``himoya`` command."""

import sys

from himoya.cli import main

sys.exit(main())
