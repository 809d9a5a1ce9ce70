"""The person's language in Qt: QLocale's day and month names and decimal sign
for footdesk.i18n (the one home of how a date is written), Qt's own words (a
dialog's Cancel, the file dialog) from the catalogs Qt ships, and the layout's
direction.

QtCore only, so the terminal writes its dates with the same names as the
window without loading a widget.
"""

from __future__ import annotations

from footdesk.i18n import ENGLISH_FORMATS, PSEUDO, Formats, Language, set_formats

_kept: list[object] = []
"""The installed QTranslator: Qt keeps only a pointer to it."""


def qt_locale_name(language: Language) -> str:
    """The locale QLocale is made from: the pseudo-locale writes dates in English."""
    return "en_GB" if language.code == PSEUDO else language.code


def formats_for(language: Language) -> Formats:
    """The day and month names and the decimal sign QLocale has for ``language``."""
    if language.code in ("en", PSEUDO):
        return ENGLISH_FORMATS
    from PySide6.QtCore import QLocale

    locale = QLocale(qt_locale_name(language))
    short = QLocale.FormatType.ShortFormat
    long = QLocale.FormatType.LongFormat
    return Formats(
        weekdays_short=tuple(locale.dayName(day, short) for day in range(1, 8)),
        weekdays=tuple(locale.dayName(day, long) for day in range(1, 8)),
        months_short=tuple(locale.monthName(month, short) for month in range(1, 13)),
        months=tuple(locale.monthName(month, long) for month in range(1, 13)),
        decimal_point=locale.decimalPoint() or ".",
    )


def use_formats(language: Language) -> None:
    """Dates and numbers written from now on in ``language`` (the terminal's commands)."""
    set_formats(formats_for(language))


def apply_to_application(language: Language) -> None:
    """The running QApplication speaks ``language``: footdesk's dates and numbers,
    Qt's own words, QLocale's default (spin boxes, the calendar) and, for a
    right-to-left language, the mirrored layout."""
    from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
    from PySide6.QtWidgets import QApplication

    use_formats(language)
    QLocale.setDefault(QLocale(qt_locale_name(language)))
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for translator in _kept:
        app.removeTranslator(translator)  # type: ignore[arg-type]
    _kept.clear()
    if language.code not in ("en", PSEUDO):
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(language.code), "qtbase", "_", folder):
            app.installTranslator(translator)
            _kept.append(translator)
    direction = Qt.LayoutDirection.RightToLeft if language.right_to_left else Qt.LayoutDirection.LeftToRight
    app.setLayoutDirection(direction)
