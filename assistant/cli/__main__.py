"""`python -m assistant.cli`: the `goldenthread` command."""
from assistant.cli import app

app()
