"""Entry point of the frozen SafeHaven bundle (the same as `python -m safehaven`)."""

import sys

# The bundle folder may be read-only (Program Files, /opt, a signed .app): never write bytecode
# next to the migration scripts that Alembic loads from source.
sys.dont_write_bytecode = True

from safehaven.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
