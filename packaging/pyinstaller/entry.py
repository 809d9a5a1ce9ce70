"""What the bundled footdesk runs: the same entry point as the installed command."""

import sys

from footdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
