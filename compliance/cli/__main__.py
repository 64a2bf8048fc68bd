"""`python -m compliance.cli`: the same as the `compliance` command."""
from __future__ import annotations

import sys

from compliance.cli.main import main

sys.exit(main())
