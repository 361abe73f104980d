"""`python -m safehaven` runs the command line."""

import sys

from safehaven.cli import main

sys.exit(main())
