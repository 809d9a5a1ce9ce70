"""Mutation testing of footdesk's pure core: which small faults would the tests miss?

    python -m tests.mutate footdesk/week.py               # its own tests and the related core tests
    python -m tests.mutate footdesk/week.py --jobs 2      # two mutants at a time
    python -m tests.mutate footdesk/week.py --list        # the mutants only, nothing run
    python -m tests.mutate footdesk/week.py --tests tests/test_week.py   # other tests

Each mutant is one small change to the module's syntax tree: a comparison
turned (``<`` to ``<=``, ``==`` to ``!=``, ``in`` to ``not in``), an
arithmetic or boolean operator swapped, a number moved by one, a string
changed, ``True``/``False`` swapped, ``not`` dropped, an assigned value
replaced by ``None``, ``break``/``continue`` swapped. Docstrings and type
annotations are left alone. A mutant is killed when the tests fail (or run
far past the unmutated run's time: an endless loop); it survives when they
pass, which points at a missing test, or at a change nobody could observe
(an equivalent mutant: those judged so are listed in ``EQUIVALENT`` with the
reason, and left out of the score).

Not part of the test run: it takes minutes per module. The tests run in a
child forked from a process that has already imported pytest and the
libraries, with the mutant put in ``sys.modules`` before anything imports
the module; nothing is written to the source tree.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import signal
import sys
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

RELATED_TESTS: dict[str, list[str]] = {
    "footdesk/timefmt.py": ["tests/test_timefmt.py", "tests/test_report.py", "tests/test_cues.py"],
    "footdesk/week.py": ["tests/test_week.py", "tests/test_report.py", "tests/test_appmodel.py"],
    "footdesk/cues.py": ["tests/test_cues.py", "tests/test_programmes.py", "tests/test_session.py"],
    "footdesk/session.py": [
        "tests/test_session.py",
        "tests/test_programmes.py",
        "tests/test_cues.py",
        "tests/test_history.py",
    ],
    "footdesk/records.py": [
        "tests/test_records.py",
        "tests/test_week.py",
        "tests/test_report.py",
        "tests/test_history.py",
        "tests/faults/test_history_input.py",
    ],
    "footdesk/reminder.py": [
        "tests/test_reminder.py",
        "tests/platform/test_reminder.py",
        "tests/test_settings.py",
        "tests/test_appstate.py",
    ],
    "footdesk/pictures.py": ["tests/test_pictures.py", "tests/test_builtin_pictures.py"],
}
"""Each module's own tests first (a mutant usually dies there, and -x stops
at the first failure), then the core tests that use it."""

_STATE_TEXT = (
    "this day state's text is never shown, stored or looked up: views compare it by identity "
    "(the texts of done, partial, rest and missed are keys of the week's colours, and test_week holds them)"
)
_SUNDAY_CHECK = (
    "parse_week adds days to a Monday only to refuse the calendar's last week: 9999-W52 (Monday 27 December) "
    "overflows with 5, 6 or 8 days and 9999-W51 with none of them, so they never differ"
)
_ENUM_TEXT = "the state's text is never shown, stored or looked up: every reader compares states by identity"
_ALIAS = "a type alias read only in annotations, which `from __future__ import annotations` never evaluates"
_PAUSED_FROM = "paused_from is set exactly while the state is PAUSED (set by _pause, cleared by _resume and _enter)"
_LAST_SEEN = (
    "`self._last_seen_us or 0` right after the tick that set it: the two differ only when the clock reads "
    "exactly 0 µs, by one microsecond"
)
# session.py: why each of these cannot be told apart
_S1 = (
    "a tip's set number: every other phase is made with its own, and an untimed step has one set "
    "(sets is refused on it)"
)
_S2 = "sides[+1] is sides[-1]: a per-side step lists left and right once each"
_S3 = "_start_running gives counted_in every time"
_S4 = "`reps or 1` where a cycle exists, which needs reps"
_S5 = "int() of a positive quotient floors it as // does"
_S6 = "nothing compares or hashes sessions: the model holds one and asks it"
_S7 = "every Session is made with its options"
_S8 = "start() sets it again before anything reads it"
_S9 = "`seconds or 0` of a timed phase, which has seconds"
_S10 = "next_whole is a multiple of a second: > 0, >= 0 (it adds the deadline again) and > 1 agree"
_S11 = (
    "a candidate at now itself is dropped either way (thresholds not ahead give now, which c > now drops, "
    "and nothing else lands on now)"
)
_S12 = "a wake-up one or two microseconds after now: both are at once to a timer counting milliseconds"
_S13 = "its one reader, cues.next_cue_in, takes only moments after now"
_S14 = "an equal time clamped to itself is the same time"
_S15 = "after the tick a control starts with, the state is FINISHED exactly when the tick reported RoutineFinished"
_S16 = "no time passed: every marker compares strictly, so nothing is reported either way"
_S17 = "a clock's microseconds are whole seconds (even): halving is exact"
_S18 = "shown_now is a whole number: it is below x exactly when below ceil(x)"
_S19 = (
    "a rep tempo is whole seconds (the countdown wakes on each anyway) and the settings' tempo has equal "
    "halves, where up - down gives the same moments"
)
_S20 = "thresholds are multiples of half a second: none is at 0 < t <= 1 us"
_S21 = "the settings give a tempo of 0 (off) or 2 to 10 seconds"
_S22 = "with no guide (or one stage) the stage is only compared with itself; a running clock is never 0 s long"
_S23 = "idle, the index is 0, so index / len is 0.0 as well"
_S24 = "the cursor was just set to 0 by _enter; 1 us of a clock that reports half-seconds and up changes nothing"
_S26 = "_begin and _start_running set the cursor again before any clock reports (a tip or a wait has none)"
_S25 = "an assertion that holds whichever way it is combined"
# pictures.py
_GIVEN_INKS = "every PictureFacts is made by check_picture_bytes, which gives inks"
_LAST_PART = "rsplit's maxsplit of 1 or 2: the part after the last '}' is the same, and only it is taken"
_NO_LENGTH = "a width or viewBox not given, read as 'XXXX': neither that nor '' is a length or four numbers"
_ALWAYS_GIVEN = "a default no caller relies on: the summaries are only made by summarize_week and trend, which give it"

EQUIVALENT: dict[str, dict[str, str]] = {
    "footdesk/timefmt.py": {},
    "footdesk/week.py": {
        "DayState: 'today' -> 'XXtodayXX'": _STATE_TEXT,
        "DayState: 'upcoming' -> 'XXupcomingXX'": _STATE_TEXT,
        "DayState: 'before-start' -> 'XXbefore-startXX'": _STATE_TEXT,
        "parse_week: WEEK_DAYS - 1 [-] -> +": _SUNDAY_CHECK,
        "parse_week: 1 -> 2": _SUNDAY_CHECK,
        "<module>: PartKey = tuple[str, str, str | None] -> ... = None": _ALIAS,
        "<module>: TimesADay = Mapping[str, int] -> ... = None": _ALIAS,
        "part_totals: 0 -> 1 (2)": (
            "`run.planned_s or 0` on a timed run: a run is timed exactly when it has planned seconds "
            "(StepRun.timed), and a step has at least 5"
        ),
        "DaySummary: parts: tuple[PartTotal, ...] = () -> ... = None": _ALWAYS_GIVEN,
        "WeekSummary: goal_days: int = DEFAULT_GOAL_DAYS -> ... = None": _ALWAYS_GIVEN,
        "WeekSummary: times_a_day: int = 1 -> ... = None": _ALWAYS_GIVEN,
        "WeekSummary: 1 -> 2": _ALWAYS_GIVEN,
        "WeekSummary.completed_today: self.today is None or self.routine is None [or] -> and": (
            "with a day and no routine, a Counter of routine ids answers 0 for None as the guard does"
        ),
        "WeekPoint: started: bool = True -> ... = None": _ALWAYS_GIVEN,
        "WeekPoint: True -> False (2)": _ALWAYS_GIVEN,
        "_day_state: day > today [>] -> >=": "the line before returns TODAY when day == today",
    },
    "footdesk/cues.py": {
        "_side_switched: 'other' -> 'XXotherXX'": "the session reports a side switch only into a phase with a side",
        "next_cue_in: moment > now [>] -> >=": (
            "no moment equals now: coming_moments keeps only thresholds still ahead, and at the deadline itself "
            "the count-in (three seconds before it) has already returned 0"
        ),
        "voice_lines: '' -> 'XXXX' (2)": "`text or ''` where _spoken gave a cue, which it does only for a text",
        "announcement_for: 0 -> 1": "`seconds or 0` of a rest, and a rest between sets exists only when it has seconds",
    },
    "footdesk/session.py": {
        'State: IDLE = "idle" -> ... = None': _ENUM_TEXT,
        "State: 'idle' -> 'XXidleXX'": _ENUM_TEXT,
        "State: 'tip' -> 'XXtipXX'": _ENUM_TEXT,
        'State: TIP = "tip" -> ... = None': _ENUM_TEXT,
        'State: READY = "ready" -> ... = None': _ENUM_TEXT,
        "State: 'ready' -> 'XXreadyXX'": _ENUM_TEXT,
        'State: GET_READY = "get-ready" -> ... = None': _ENUM_TEXT,
        "State: 'get-ready' -> 'XXget-readyXX'": _ENUM_TEXT,
        'State: RUNNING = "running" -> ... = None': _ENUM_TEXT,
        "State: 'running' -> 'XXrunningXX'": _ENUM_TEXT,
        'State: PAUSED = "paused" -> ... = None': _ENUM_TEXT,
        "State: 'paused' -> 'XXpausedXX'": _ENUM_TEXT,
        'State: FINISHED = "finished" -> ... = None': _ENUM_TEXT,
        "State: 'finished' -> 'XXfinishedXX'": _ENUM_TEXT,
        "PauseReason: 'person' -> 'XXpersonXX'": _ENUM_TEXT,
        "PauseReason: 'clock-jump' -> 'XXclock-jumpXX'": _ENUM_TEXT,
        "Phase: set_number: int = 1 -> ... = None": _S1,
        "Phase: 1 -> 2": _S1,
        "Phase.last_of_step: -1 -> +1": _S2,
        "PhaseStarted: True -> False (2)": _S3,
        "PhaseStarted: counted_in: bool = True -> ... = None": _S3,
        "<module>: Event = ( RoutineStarted | TipShown | WaitingToStart | GetReadyStarted | PhaseSt -> ... = None": _ALIAS,  # noqa: E501
        "Snapshot.rep: 1 -> 2": _S4,
        "Snapshot.rep: elapsed // sum(cycle) [//] -> /": _S5,
        "Snapshot.clock_state: self.state is State.PAUSED and self.paused_from [and] -> or": _PAUSED_FROM,
        "Session: False -> True": _S6,
        "Session: options: SessionOptions = field(default_factory=SessionOptions) -> ... = None": _S7,
        "Session.__post_init__: self._index = 0 -> ... = None": _S8,
        "Session.__post_init__: 0 -> 1": _S8,
        "Session.__post_init__: self._first_index = 0 -> ... = None": _S8,
        "Session.__post_init__: 0 -> 1 (2)": _S8,
        "Session.__post_init__: self._cursor_us = 0 -> ... = None": _S8,
        "Session.__post_init__: 0 -> 1 (3)": _S8,
        "Session.__post_init__: self._entered_at_us = 0 -> ... = None": _S8,
        "Session.__post_init__: 0 -> 1 (4)": _S8,
        "Session.snapshot: 0 -> 1": _S9,
        "Session.next_wakeup: next_whole > 0 [>] -> >=": _S10,
        "Session.next_wakeup: 0 -> 1": _S10,
        "Session.next_wakeup: threshold > elapsed [>] -> >=": _S11,
        "Session.next_wakeup: c > now_us [>] -> >=": _S11,
        "Session.next_wakeup: 1 -> 2 (2)": _S12,
        "Session.coming_moments: t > elapsed [>] -> >=": _S13,
        "Session.toggle: 0 -> 1": _LAST_SEEN,
        "Session.back: 0 -> 1": _LAST_SEEN,
        "Session.stop: 0 -> 1": _LAST_SEEN,
        "Session.tick: now_us < last [<] -> <=": _S14,
        "Session._finished_by: any(isinstance(event, RoutineFinished) for event in events) or self._state is St [or] -> and": _S15,  # noqa: E501
        "Session._clamped: now_us < self._last_seen_us [<] -> <=": _S14,
        "Session._report_progress: current <= previous [<=] -> <": _S16,
        "Session._report_progress: clock.total_us // 2 [//] -> /": _S17,
        "Session._report_progress: -(clock.total_us - previous) // _US [//] -> /": _S18,
        "Session._thresholds_us: total_us // 2 [//] -> /": _S17,
        "Session._thresholds_us: up + down [+] -> - (2)": _S19,
        "Session._thresholds_us: 0 < t < total_us [<] -> <=": _S20,
        "Session._thresholds_us: 0 < t < total_us [<] -> <= (2)": _S20,
        "Session._thresholds_us: 0 -> 1 (2)": _S20,
        "Session._beat_us: 0 -> 1 (2)": _S21,
        "Session._stage_at: 0 -> 1": _S22,
        "Session._stage_at: 0 -> 1 (2)": _S22,
        "Session._stage_at: 0 -> 1 (3)": _S22,
        "Session._phase_fraction: self._state is State.IDLE or not self.phases [or] -> and": _S23,
        "Session._begin: 0 -> 1 (2)": _S24,
        "Session._start_running: 0 -> 1": _S9,
        "Session._start_running: 0 -> 1 (2)": _S24,
        "Session._resume: self._clock is not None and self._clock.remaining_us_when_paused is not None [and] -> or": _S25,  # noqa: E501
        "Session._state_of_clock: self._state is State.PAUSED and self._paused_from [and] -> or": _PAUSED_FROM,
        "Session._enter: self._cursor_us = 0 -> ... = None": _S26,
        "Session._enter: 0 -> 1": _S26,
    },
    "footdesk/records.py": {},
    "footdesk/reminder.py": {
        "next_reminder: 0 -> 1": "the default of times_done: every caller gives it (next_reminder_text, snoozed_text)",
        "next_reminder: now.time() < moment [<] -> <=": (
            "at a time's very moment its reminder is either due (answered as now before the list is made) or "
            "already shown or done, which the list leaves out by its number"
        ),
    },
    "footdesk/pictures.py": {
        "PictureFacts: True -> False": "nothing assigns to or hashes the facts: the model keeps them in a dict",
        "PictureFacts: inks: bool = False -> ... = None": _GIVEN_INKS,
        "PictureFacts: False -> True": _GIVEN_INKS,
        "_jpeg: 215 -> 216": "0xD8 in the restarts' range: it is stepped over as a start of image just before",
        "_jpeg: 207 -> 208": "0xD0 in the frame headers' range: a restart, stepped over before the range is asked",
        "_webp: 25 -> 26": "a fifth byte adds bits from 32 up, which neither side's 14 bits (0 to 27) reach",
        "_svg: 1 -> 2": _LAST_PART,
        "_svg: 1 -> 2 (3)": _LAST_PART,
        "_svg_size: '' -> 'XXXX'": _NO_LENGTH,
        "_svg_size: '' -> 'XXXX' (2)": _NO_LENGTH,
    },
}
"""Mutants judged equivalent, by key (see ``Mutant.key``): what they change
cannot be observed from outside the module. The reason is the value."""


@dataclass
class Mutant:
    number: int
    line: int
    scope: str  # the function or class it is in
    before: str
    after: str
    apply: Callable[[], Callable[[], None]]  # changes the tree; returns the undo

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the file: no line number."""
        return f"{self.scope}: {self.before} -> {self.after}"


_SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult,
    ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr, ast.LShift: ast.RShift, ast.RShift: ast.LShift,
    ast.And: ast.Or, ast.Or: ast.And, ast.USub: ast.UAdd,
}  # fmt: skip
_SYMBOL = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is",
    ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
    ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.BitOr: "|", ast.BitAnd: "&",
    ast.LShift: "<<", ast.RShift: ">>", ast.And: "and", ast.Or: "or", ast.USub: "-", ast.UAdd: "+",
}  # fmt: skip


def _set(node: ast.AST, field: str, value: object) -> Callable[[], Callable[[], None]]:
    def apply() -> Callable[[], None]:
        old = getattr(node, field)
        setattr(node, field, value)
        return lambda: setattr(node, field, old)

    return apply


def _set_item(items: list, index: int, value: object) -> Callable[[], Callable[[], None]]:
    def apply() -> Callable[[], None]:
        old = items[index]
        items[index] = value
        return lambda: items.__setitem__(index, old)

    return apply


def _skipped(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated: docstrings and annotations."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                skip.add(id(value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            skip.add(id(node.value))  # attribute docstrings
        annotations: list[ast.AST | None] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotations.append(node.returns)
        if isinstance(node, ast.arg):
            annotations.append(node.annotation)
        if isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
        for annotation in annotations:
            if annotation is not None:
                skip.update(id(inner) for inner in ast.walk(annotation))
    return skip


def _scopes(tree: ast.Module) -> dict[int, str]:
    """Each node's enclosing function or class, as a dotted name."""
    scope_of: dict[int, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{scope}.{child.name}" if scope else child.name
            scope_of[id(child)] = inner
            visit(child, inner)

    visit(tree, "")
    return scope_of


def mutants(tree: ast.Module, source: str) -> list[Mutant]:
    skip = _skipped(tree)
    scope_of = _scopes(tree)
    found: list[Mutant] = []

    def add(node: ast.AST, before: str, after: str, apply: Callable[[], Callable[[], None]]) -> None:
        line = getattr(node, "lineno", 0)
        found.append(Mutant(len(found) + 1, line, scope_of.get(id(node), "") or "<module>", before, after, apply))

    def text(node: ast.AST) -> str:
        segment = ast.get_source_segment(source, node) or ast.unparse(node)
        return " ".join(segment.split())[:80]

    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                if type(op) in _SWAPS:
                    new = _SWAPS[type(op)]()
                    before = f"{text(node)} [{_SYMBOL[type(op)]}]"
                    add(node, before, _SYMBOL[type(new)], _set_item(node.ops, index, new))
        elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _SWAPS:
            new = _SWAPS[type(node.op)]()
            add(node, f"{text(node)} [{_SYMBOL[type(node.op)]}]", _SYMBOL[type(new)], _set(node, "op", new))
        elif isinstance(node, ast.BoolOp):
            new = _SWAPS[type(node.op)]()
            add(node, f"{text(node)} [{_SYMBOL[type(node.op)]}]", _SYMBOL[type(new)], _set(node, "op", new))
        elif isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):  # not x -> not not x: the test without its not
                add(node, text(node), "without not", _set(node, "operand", ast.UnaryOp(ast.Not(), node.operand)))
            elif type(node.op) in _SWAPS:
                new = _SWAPS[type(node.op)]()
                add(node, text(node), f"{_SYMBOL[type(new)]}{text(node.operand)}", _set(node, "op", new))
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                add(node, repr(value), repr(not value), _set(node, "value", not value))
            elif isinstance(value, int | float):
                add(node, repr(value), repr(value + 1), _set(node, "value", value + 1))
            elif isinstance(value, str):
                add(node, repr(value)[:60], f"'XX{value[:20]}XX'", _set(node, "value", f"XX{value}XX"))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                add(node, text(node), "... = None", _set(node, "value", ast.Constant(None)))
        elif isinstance(node, ast.Break | ast.Continue):
            parent_lists = [
                (parent, field, items)
                for parent in ast.walk(tree)
                for field, items in ast.iter_fields(parent)
                if isinstance(items, list) and any(item is node for item in items)
            ]
            for _parent, _field, items in parent_lists:
                index = next(i for i, item in enumerate(items) if item is node)
                other = ast.Continue() if isinstance(node, ast.Break) else ast.Break()
                ast.copy_location(other, node)
                add(node, type(node).__name__.lower(), type(other).__name__.lower(), _set_item(items, index, other))
    found.sort(key=lambda m: (m.line, m.number))
    seen: dict[str, int] = {}
    for number, mutant in enumerate(found, 1):
        mutant.number = number
        seen[mutant.key] = seen.get(mutant.key, 0) + 1
        if seen[mutant.key] > 1:  # the same change twice in one place: told apart by order
            mutant.after += f" ({seen[mutant.key]})"
    return found


def _compile(tree: ast.Module, path: Path) -> types.CodeType:
    fixed = ast.fix_missing_locations(copy.deepcopy(tree))
    return compile(fixed, str(path), "exec", dont_inherit=True)


def _install(module_name: str, path: Path, code: types.CodeType) -> None:
    """The mutant as the module, for everything that imports it after this."""
    import importlib.util

    module = types.ModuleType(module_name)
    module.__file__ = str(path)
    module.__spec__ = importlib.util.spec_from_file_location(module_name, path)
    package, _, leaf = module_name.rpartition(".")
    module.__package__ = package
    sys.modules[module_name] = module
    exec(code, module.__dict__)
    if package:
        __import__(package)
        setattr(sys.modules[package], leaf, module)


def _run_tests(module_name: str, path: Path, code: types.CodeType, tests: list[str], verbose: bool) -> None:
    """In the forked child: the mutant in place, then pytest; never returns."""
    try:
        if not verbose:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
        _install(module_name, path, code)
        import pytest

        code_out = pytest.main([*tests, "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts="])
        os._exit(int(code_out))
    except BaseException:  # noqa: BLE001 - a mutant that breaks the import is killed
        os._exit(99)


def _prepare_parent() -> None:
    """What every child needs and does not depend on the module: imported once."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import hypothesis
    import pytest  # noqa: F401

    hypothesis.settings.register_profile("mutate", database=None, deadline=None, derandomize=True)
    hypothesis.settings.load_profile("mutate")
    import importlib

    for name in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"):  # the conftest's window fixtures
        try:
            importlib.import_module(name)
        except ImportError:
            break


def _spawn(run: Callable[[], None]) -> int:
    pid = os.fork()
    if pid == 0:
        run()
    return pid


def run_all(
    module_name: str, path: Path, tree: ast.Module, chosen: list[Mutant], tests: list[str], jobs: int, verbose: bool
) -> Iterator[tuple[Mutant, str, float]]:
    """Each mutant's outcome: killed, survived or timeout (counted as killed)."""
    start = time.monotonic()
    baseline = _spawn(lambda: _run_tests(module_name, path, _compile(tree, path), tests, verbose))
    _, status = os.waitpid(baseline, 0)
    took = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the tests fail without any mutant ({' '.join(tests)}): fix them first")
    limit = max(10.0, 5 * took)
    print(f"unmutated: {took:.1f} s; a mutant whose tests run past {limit:.0f} s is taken as killed", flush=True)
    pending = list(chosen)
    running: dict[int, tuple[Mutant, float]] = {}
    while pending or running:
        while pending and len(running) < jobs:
            mutant = pending.pop(0)
            undo = mutant.apply()
            try:
                code = _compile(tree, path)
            except (SyntaxError, ValueError, TypeError):
                undo()
                yield mutant, "killed", 0.0  # does not even compile
                continue
            undo()
            pid = _spawn(lambda code=code: _run_tests(module_name, path, code, tests, verbose))
            running[pid] = (mutant, time.monotonic())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for child, (mutant, began) in list(running.items()):
                if now - began > limit:
                    os.kill(child, signal.SIGKILL)
                    os.waitpid(child, 0)
                    del running[child]
                    yield mutant, "timeout", now - began
            time.sleep(0.01)
            continue
        mutant, began = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        yield mutant, "survived" if code == 0 else "killed", time.monotonic() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="a file of footdesk's core, e.g. footdesk/week.py")
    parser.add_argument("--tests", nargs="+", help="test files to run (default: the module's own and related)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at a time (default 1)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--only", type=int, nargs="+", metavar="N", help="only these mutant numbers")
    parser.add_argument("--line", type=int, nargs="+", metavar="L", help="only the mutants on these lines")
    parser.add_argument("--verbose", action="store_true", help="show pytest's output for each mutant")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    relative = Path(args.module).resolve().relative_to(REPO).as_posix()
    path = REPO / relative
    module_name = relative.removesuffix(".py").replace("/", ".")
    tests = args.tests or [t for t in RELATED_TESTS.get(relative, []) if (REPO / t).exists()]
    if not tests:
        parser.error(f"no tests known for {relative}: name them with --tests")
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    everything = mutants(tree, source)
    chosen = [
        m for m in everything if (not args.only or m.number in args.only) and (not args.line or m.line in args.line)
    ]
    if args.list:
        for m in chosen:
            print(f"#{m.number:<4} line {m.line:<4} {m.key}")
        return 0
    sys.path.insert(0, str(REPO))
    _prepare_parent()
    equivalent = EQUIVALENT.get(relative, {})
    print(f"{relative}: {len(chosen)} mutants, tests: {' '.join(tests)}", flush=True)
    outcomes: dict[str, int] = {"killed": 0, "timeout": 0, "survived": 0, "equivalent": 0}
    survivors: list[Mutant] = []
    judged: list[Mutant] = []
    for mutant, outcome, _took in run_all(module_name, path, tree, chosen, tests, args.jobs, args.verbose):
        counted_as = outcome
        if outcome == "survived" and mutant.key in equivalent:
            counted_as = "equivalent"
            judged.append(mutant)
        elif outcome == "survived":
            survivors.append(mutant)
            print(f"  survived #{mutant.number} line {mutant.line}: {mutant.key}", flush=True)
        outcomes[counted_as] += 1
    killed = outcomes["killed"] + outcomes["timeout"]
    counted = len(chosen) - outcomes["equivalent"]
    score = 100 * killed / counted if counted else 100.0
    print(
        f"{relative}: {score:.1f} % of {counted} non-equivalent mutants killed "
        f"({outcomes['killed']} failed, {outcomes['timeout']} timed out, {len(survivors)} survived, "
        f"{outcomes['equivalent']} equivalent as judged)"
    )
    for mutant in sorted(judged, key=lambda m: m.number):
        print(f"  equivalent #{mutant.number} line {mutant.line}: {mutant.key}\n      {equivalent[mutant.key]}")
    stale = set(equivalent) - {m.key for m in everything}
    for key in sorted(stale):
        print(f"  no longer a mutant (remove from EQUIVALENT): {key}")
    return 0 if not survivors else 1


if __name__ == "__main__":
    sys.exit(main())
