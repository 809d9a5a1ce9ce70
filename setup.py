"""Compiles the translations (footdesk/locale/*/LC_MESSAGES/footdesk.po) into
the .mo files gettext reads, as part of every build: into the wheel, and for
an editable install (pip install -e .) beside the .po files, so the binaries
are made, never committed. Everything else is in pyproject.toml."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).resolve().parent / "packaging"))
from catalogs import LOCALE, compile_catalogs


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_catalogs(LOCALE)
        else:
            compile_catalogs(LOCALE, Path(self.build_lib) / "footdesk" / "locale")


setup(cmdclass={"build_py": BuildWithCatalogs})
