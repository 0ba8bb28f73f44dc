"""Suggestions: proposed statements for a sentence, never saved unless accepted."""

from annotator.suggest.base import Proposal, suggest

__all__ = ["Proposal", "suggest"]
