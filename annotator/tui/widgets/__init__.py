"""Widgets of the annotation screen; each renders frozen data, never markup from data."""
