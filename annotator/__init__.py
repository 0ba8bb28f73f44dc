"""Stance Annotator: keyboard-first claims annotation and stance-over-time reports."""

__version__ = "0.1.0"
