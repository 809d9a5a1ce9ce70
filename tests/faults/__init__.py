"""Real processes in the faults people meet: missing system libraries, legacy locales, odd paths."""
