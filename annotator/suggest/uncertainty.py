"""How sure the model is about a sentence, for the "least sure first" queue order
(Prodigy's prefer_uncertain).

Sureness is the probability the model gives its own best decision for the sentence:
either "no claim" (p_none), or its most likely claim among the codebook's,
(1 - p_none) × p(claim). It lies between 0 and 1; a low value means the model finds
several decisions about as likely (a sentence worth a coder's decision most). Only the
no-claim and claim classifiers are applied, with matrix arithmetic on a batch of
sentences at a time: no proposals are built."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from annotator.suggest.index import CodebookIndex

if TYPE_CHECKING:
    from annotator.suggest.model import SuggestModel


def sureness(model: SuggestModel, texts: Sequence[str], index: CodebookIndex) -> np.ndarray:
    """Per text, the probability of the model's best decision (see the module)."""
    if not texts:
        return np.zeros(0)
    matrix = model.words.transform(texts)
    none_classes = model.no_claim.classes
    none = model.no_claim.probabilities(model.no_claim.scores(matrix))
    p_none = none[:, none_classes.index("yes")] if "yes" in none_classes else np.zeros(len(texts))
    claims = model.claim.probabilities(model.claim.scores(matrix))
    known = [i for i, claim in enumerate(model.claim.classes) if claim in index.claim_labels]
    best_claim = claims[:, known].max(axis=1) if known else np.zeros(len(texts))
    result: np.ndarray = np.maximum(p_none, (1.0 - p_none) * best_claim)
    return result
