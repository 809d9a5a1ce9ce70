"""footdesk: a desktop timer for a short daily foot routine that eases lower back pain."""

__version__ = "0.1.0"

# footdesk's public identity: the AppStream component id, the desktop entry's
# file name (without ".desktop") and the installed icon's name. The per-user
# folders keep the plain name "footdesk" (see paths.py).
APP_ID = "io.github.footdesk.footdesk"
