"""mtaudit's command-line interface: arguments in, engine calls, reports and exit codes out."""
