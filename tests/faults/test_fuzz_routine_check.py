"""``footdesk routine check`` on hostile files (issue 29, defect 14): every
problem at once, never a traceback, each as clear as the one a load reports,
and none at all exactly when the file loads."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from footdesk.routine import RoutineError, parse_routine, routine_problems
from tests.faults.test_fuzz_routines import check_error, routine_files


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(routine_files())
def test_every_problem_is_clear_and_none_means_it_loads(text: str) -> None:
    problems = routine_problems(text, "received.toml")
    try:
        parse_routine(text, "received.toml")
    except RoutineError as first:
        assert problems, "a file that does not load has at least one problem"
        for problem in problems:
            check_error(problem, "received.toml")
        assert len({str(problem) for problem in problems}) == len(problems), "each said once"
        assert str(first) in {str(problem) for problem in problems} or len(problems) > 1
        return
    assert problems == []
