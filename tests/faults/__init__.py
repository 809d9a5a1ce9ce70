"""Real processes in the faults people meet: another user on the machine, missing system
libraries, a legacy locale, a home folder whose name is not UTF-8."""
