"""The parts behind ``AppModel``, each with one job and no Qt.

``appmodel.AppModel`` is the facade the window, the terminal and the tests
drive; it builds these parts and wires their observers:

- ``plumbing``: observers, the shell's timer as named wake-ups, notices said once
- ``shelf``: the routine library and the routine as it will run (one home)
- ``runner``: the running session and its fan-out (cues, announcements, the recorder)
- ``keeper``: the history file: opening, writing, waiting writes tried again, closing
- ``recovery``: what a crash or a damaged file left (resume offer, moved-aside files)
- ``review``: the week, the trend and the exports, read from the history
- ``corrections``: correcting the record (a session deleted, a rating changed, a part marked done, undo)
- ``reminders``: the daily reminder's memory and answers

The parts do not import each other except through ``plumbing`` and the
protocols they are handed (an import-linter contract keeps it so): the
facade is the one place that knows all of them.
"""
