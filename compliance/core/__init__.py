"""The shared core every layer may use: errors, input problems, dates, severities."""
