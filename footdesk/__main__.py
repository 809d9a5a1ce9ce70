import sys

try:
    from footdesk.cli import main
except BaseException as error:  # Ctrl+C while footdesk loads: quiet, like at any other moment
    if isinstance(error, KeyboardInterrupt) or isinstance(error.__context__, KeyboardInterrupt):
        sys.exit(130)
    raise

sys.exit(main())
