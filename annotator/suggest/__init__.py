"""Suggestions: proposed statements for a sentence, never saved unless accepted."""

from annotator.suggest.base import suggest
from annotator.suggest.proposal import Proposal
from annotator.suggest.training import maybe_retrain

__all__ = ["Proposal", "maybe_retrain", "suggest"]
