"""A model learnt from the decisions in the database: TF-IDF and logistic regression.

One classifier per field: whether the sentence holds no claim, which claim, which
speaker, and which stance given the claim. It proposes alongside the rules only once it
has shown, on documents it was not trained on, that it saves keystrokes over the rules
alone (`training.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from annotator.suggest.corpus import Gold
from annotator.suggest.index import CodebookIndex
from annotator.suggest.linear import Linear, Words
from annotator.suggest.proposal import Proposal

SOURCE = "model:logreg"
MIN_DECISIONS = 10
# A second claim is proposed when the model gives it at least this share of the first's.
SECOND_CLAIM = 0.5
MIN_CONFIDENCE = 0.15  # below this a claim the model proposes is noise on screen


@dataclass(frozen=True)
class SuggestModel:
    words: Words
    claim_ids: tuple[str, ...]  # the claim one-hot columns the stance classifier sees
    no_claim: Linear
    claim: Linear
    speaker: Linear
    stance: Linear
    decisions: int

    @classmethod
    def fit(cls, golds: Sequence[Gold], texts: dict[str, str]) -> SuggestModel | None:
        """Train on decisions; None when there are too few to learn from."""
        if len(golds) < MIN_DECISIONS or not any(g.statements for g in golds):
            return None
        sentences = [texts[g.sentence_id] for g in golds]
        try:
            words = Words.fit(sentences)
        except ValueError:  # no word in any sentence (only numbers or punctuation)
            return None
        matrix = words.transform(sentences)
        with_claims = [i for i, g in enumerate(golds) if g.statements]
        rows = [i for i in with_claims for _ in golds[i].statements]
        triples = [t for i in with_claims for t in golds[i].statements]
        claim_ids = tuple(sorted({t[1] for t in triples}))
        return cls(
            words=words,
            claim_ids=claim_ids,
            no_claim=Linear.fit(matrix, ["yes" if g.no_claim else "no" for g in golds]),
            claim=Linear.fit(matrix[rows], [t[1] for t in triples]),
            speaker=Linear.fit(matrix[rows], [t[0] for t in triples]),
            stance=Linear.fit(
                _with_claims(matrix[rows], [t[1] for t in triples], claim_ids),
                [t[2] for t in triples],
            ),
            decisions=len(golds),
        )

    FIELDS = ("no_claim", "claim", "speaker", "stance")

    def arrays(self) -> dict[str, np.ndarray]:
        """The model as named arrays of numbers and strings (no pickled objects)."""
        arrays = self.words.arrays("words")
        for name in self.FIELDS:
            arrays.update(getattr(self, name).arrays(name))
        arrays["claim_ids"] = np.array(self.claim_ids, dtype=str)
        arrays["decisions"] = np.array(self.decisions)
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Any) -> SuggestModel:
        fields = {name: Linear.from_arrays(arrays, name) for name in cls.FIELDS}
        return cls(
            words=Words.from_arrays(arrays, "words"),
            claim_ids=tuple(str(c) for c in arrays["claim_ids"]),
            decisions=int(arrays["decisions"]),
            **fields,
        )

    def propose(self, texts: Sequence[str], index: CodebookIndex) -> list[list[Proposal]]:
        """Proposals for each sentence, best first, limited to the codebook in force."""
        if not texts:
            return []
        matrix = self.words.transform(texts)
        stance_scores = self.stance.scores(matrix)
        claim_column = {c: matrix.shape[1] + i for i, c in enumerate(self.claim_ids)}
        no_claim = self.no_claim.ranked(matrix)
        claims = self.claim.ranked(matrix)
        speakers = self.speaker.ranked(matrix)
        result = []
        for row in range(len(texts)):
            p_none = dict(no_claim[row]).get("yes", 0.0)
            speaker = _named_speaker(speakers[row], texts[row], index)
            top = [(c, p) for c, p in claims[row] if c in index.claim_labels][:2]
            proposals = []
            for rank, (claim_id, p_claim) in enumerate(top):
                if rank and p_claim < SECOND_CLAIM * top[0][1]:
                    break
                extra = self.stance.extra_weights(claim_column.get(claim_id, -1))
                stance = self.stance.rank(stance_scores[row : row + 1] + extra)[0]
                stance_id, p_stance = stance[0] if stance else (None, 0.0)
                reason = f"model: claim p={p_claim:.2f}"
                if speaker:
                    reason += f", speaker p={speaker[1]:.2f}"
                if stance_id:
                    reason += f", stance p={p_stance:.2f}"
                proposals.append(
                    Proposal(
                        SOURCE,
                        round((1 - p_none) * p_claim, 3),
                        f"{reason}; trained on {self.decisions} decisions",
                        speaker_id=speaker[0] if speaker else None,
                        claim_id=claim_id,
                        stance_id=stance_id,
                    )
                )
            if p_none >= 0.5:
                proposals.append(
                    Proposal(
                        SOURCE,
                        round(p_none, 3),
                        f"model: no claim p={p_none:.2f}; trained on {self.decisions} decisions",
                        no_claim=True,
                    )
                )
            kept = [p for p in proposals if p.confidence >= MIN_CONFIDENCE]
            result.append(sorted(kept, key=lambda p: -p.confidence))
        return result


def _named_speaker(
    ranked: list[tuple[str, float]], text: str, index: CodebookIndex
) -> tuple[str, float] | None:
    """The speaker the model proposes: of the codebook's actors the sentence names, the
    one it finds likeliest (the first named where it knows none of them). A speaker the
    sentence does not name is left to the rules' attribution and carry-over: the
    words of a sentence say what is claimed far better than who claims it."""
    named = list(dict.fromkeys(m.actor_id for m in index.mentions(text)))
    if not named:
        return next(((s, p) for s, p in ranked if s in index.actors), None)
    probability = dict(ranked)
    best = max(named, key=lambda actor: probability.get(actor, 0.0))
    return best, probability.get(best, 0.0)


def _with_claims(matrix: Any, claim_ids: Sequence[str], columns: tuple[str, ...]) -> Any:
    """Word features plus a one-hot column for the claim: stance depends on both."""
    position = {claim_id: i for i, claim_id in enumerate(columns)}
    one_hot = sparse.csr_matrix(
        (
            [1.0 for c in claim_ids if c in position],
            (
                [r for r, c in enumerate(claim_ids) if c in position],
                [position[c] for c in claim_ids if c in position],
            ),
        ),
        shape=(len(claim_ids), len(columns)),
    )
    return sparse.hstack([matrix, one_hot], format="csr")
