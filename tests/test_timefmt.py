import pytest

from footdesk.timefmt import clock_text, duration_in_words, spoken_duration


def test_clock_text_rounds_up_so_zero_is_never_shown_with_time_left():
    assert clock_text(120) == "2:00"
    assert clock_text(119.001) == "2:00"
    assert clock_text(0.2) == "0:01"
    assert clock_text(0) == "0:00"
    assert clock_text(-3) == "0:00"
    assert clock_text(1800) == "30:00"


def test_spoken_duration():
    assert spoken_duration(300) == "5 min"
    assert spoken_duration(90) == "1 min 30 s"
    assert spoken_duration(45) == "45 s"
    assert spoken_duration(0) == "0 s"


def test_parse_duration_reads_what_people_type():
    from footdesk.timefmt import could_become_duration, parse_duration

    assert parse_duration("1:30") == 90
    assert parse_duration(" 1:5 ") == 65
    assert parse_duration("90") == 90
    assert parse_duration("0:45") == 45
    for unfinished in ("", "1:", ":30", "1:60", "a", "1:2:3", "-5"):
        assert parse_duration(unfinished) is None
    assert could_become_duration("1:") and could_become_duration("") and not could_become_duration("1:2:3")
    assert not could_become_duration("abc")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (60, "1 minute"),
        (125, "2 minutes 5 seconds"),
        (3599.6, "59 minutes 59 seconds"),
    ],
)
def test_durations_in_words_for_screen_readers(seconds, words):
    assert duration_in_words(seconds) == words


def test_time_done_is_rounded_down_to_the_second_everywhere():
    """Issue 29, defect 3: 6.347 s of the left foot is "6 s" and "0:06", never
    "0:07"; a checkpoint at 10.003 s is at 0:10. A countdown still rounds up."""
    from footdesk.timefmt import done_clock_text, minutes_text, seconds_done

    assert seconds_done(6.347) == 6 and seconds_done(9.9999999) == 10 and seconds_done(-1) == 0
    assert done_clock_text(6.347) == "0:06" and done_clock_text(10.003) == "0:10" and done_clock_text(24.02) == "0:24"
    assert spoken_duration(6.347) == "6 s" and spoken_duration(89.9) == "1 min 29 s"
    assert duration_in_words(6.347) == "6 seconds"
    assert clock_text(6.347) == "0:07"  # time left on a clock: never 0:00 with time left
    assert minutes_text(119.9) == "1 min"


def test_under_a_minute_is_said_in_seconds_not_zero_minutes():
    """Issue 29, defect 7."""
    from footdesk.timefmt import minutes_in_words, minutes_text

    assert minutes_text(30.4) == "30 s" and minutes_text(0) == "0 min" and minutes_text(60) == "1 min"
    assert minutes_in_words(30.4) == "30 seconds" and minutes_in_words(1) == "1 second"
    assert minutes_in_words(0) == "0 minutes"
    assert minutes_in_words(61) == "1 minute" and minutes_in_words(750) == "12 minutes"


@pytest.mark.parametrize(
    ("total", "done", "words"),
    [
        (195, 0, "3 min 15 s of exercise left"),  # what the home screen says: "3 min 15 s of exercise"
        (195, 59.9, "3 min 15 s of exercise left"),
        (195, 60, "2 min 15 s of exercise left"),
        (195, 130, "1 min 15 s of exercise left"),
        (195, 140, "Under a minute of exercise left"),
        (195, 195, ""),
        (480, 0.5, "8 min of exercise left"),  # whole minutes, as they always read
        (480, 60.5, "7 min of exercise left"),
    ],
)
def test_exercise_left_starts_at_the_routines_total_and_moves_once_a_minute(total, done, words):
    """Issue 29, defect 18: an own routine of 3 min 15 s is not "4 min" on its first screen."""
    from footdesk.timefmt import exercise_left_text

    assert exercise_left_text(total, done) == words


def test_time_done_reads_rounded_down_at_each_edge():
    from footdesk.timefmt import done_clock_text, minutes_in_words, minutes_text

    assert [done_clock_text(s) for s in (59.9, 60, 125.7)] == ["0:59", "1:00", "2:05"]
    assert [minutes_text(s) for s in (0, 1, 59.9, 60, 125)] == ["0 min", "1 s", "59 s", "1 min", "2 min"]
    assert [minutes_in_words(s) for s in (1, 30, 60, 61, 120)] == [
        "1 second", "30 seconds", "1 minute", "1 minute", "2 minutes"
    ]  # fmt: skip


def test_exercise_left_at_the_edges_of_the_last_minute():
    from footdesk.timefmt import exercise_left_text

    assert exercise_left_text(100, 100) == ""
    assert exercise_left_text(100, 99) == "Under a minute of exercise left"  # a second is still left
    assert exercise_left_text(120, 60) == "Under a minute of exercise left"  # exactly a minute
    assert exercise_left_text(121, 60) == "1 min 1 s of exercise left"  # a second more than a minute
