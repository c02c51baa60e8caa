"""The nurses' web page (`generate.py serve`): the same engine behind a small local Flask app."""
