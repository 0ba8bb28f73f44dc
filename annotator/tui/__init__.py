"""The annotation TUI (Textual). Nothing outside this package imports Textual."""
