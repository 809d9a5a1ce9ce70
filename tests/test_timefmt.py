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
    [(0, "0 seconds"), (1, "1 second"), (60, "1 minute"), (125, "2 minutes 5 seconds"), (3599.6, "60 minutes")],
)
def test_durations_in_words_for_screen_readers(seconds, words):
    assert duration_in_words(seconds) == words
