from footdesk.timefmt import clock_text, spoken_duration


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
