import sys

from footdesk.cli import main

sys.exit(main())
