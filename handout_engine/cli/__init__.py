"""The command line's parts beside generate.py (which holds the commands): a front end on the engine's surface.

options.py  the shared options, each defined once
run.py      a batch from the command line: progress line, problems as the user's flags, exit status
signing.py  the sign, verify and demo-keys commands
"""
