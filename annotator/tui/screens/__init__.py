"""Screens of the annotation TUI; modal ones return typed results through dismiss()."""
