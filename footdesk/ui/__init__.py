"""The Qt shell: widgets and the controller that drives a session. No rules live here."""
