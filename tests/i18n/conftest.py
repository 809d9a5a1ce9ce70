"""The tests of footdesk's languages share one pseudo-locale fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from footdesk.i18n import ENGLISH, PSEUDO, use_language


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every text through the pseudo-locale, in this process and in what the terminal's
    commands choose from (cli chooses the language again); English after."""
    monkeypatch.setenv("LANGUAGE", PSEUDO)
    use_language(PSEUDO)
    try:
        yield
    finally:
        use_language(ENGLISH)
