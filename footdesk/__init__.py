"""footdesk: a desktop timer for a short daily foot routine that eases lower back pain."""

__version__ = "0.1.0"

APP_ID = "io.github.footdesk.footdesk"
