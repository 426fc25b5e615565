"""Drill D4, hostile input: see run.py."""
from drills.hostile.run import main  # noqa: F401 (the tool's entry point)
