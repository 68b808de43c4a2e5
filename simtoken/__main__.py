"""``python -m simtoken``: the same as the ``simtoken`` command."""

import sys

from simtoken.cli import main

sys.exit(main())
