"""A model learnt from the decisions in the database: TF-IDF and logistic regression.

One classifier per field: whether the sentence holds no claim, which claim, which
speaker, and which stance given the claim. It proposes alongside the rules only once it
has shown, on documents it was not trained on, that it saves keystrokes over the rules
alone (`training.py`)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from annotator.suggest.corpus import Gold
from annotator.suggest.index import CodebookIndex
from annotator.suggest.proposal import Proposal

SOURCE = "model:logreg"
MIN_DECISIONS = 10
# A second claim is proposed when the model gives it at least this share of the first's.
SECOND_CLAIM = 0.5
MIN_CONFIDENCE = 0.15  # below this a claim the model proposes is noise on screen


@dataclass(frozen=True)
class _Field:
    """A classifier, or the one label seen when training had a single class."""

    classifier: LogisticRegression | None
    constant: str | None

    @classmethod
    def fit(cls, features: Any, labels: list[str]) -> _Field:
        if len(set(labels)) < 2:
            return cls(None, labels[0] if labels else None)
        classifier = LogisticRegression(max_iter=1000, C=10.0)
        # One BLAS thread: on a busy machine, threads waiting for each other make these
        # small fits twenty times slower, and the annotation screen keeps its core.
        with threadpool_limits(1), warnings.catch_warnings():
            # Few examples per class is the normal state of a model that learns as
            # labels come in; scikit-learn's "looks like regression" warning is noise.
            warnings.filterwarnings("ignore", "The number of unique classes", UserWarning)
            classifier.fit(features, labels)
        return cls(classifier, None)

    def ranked(self, features: Any) -> list[list[tuple[str, float]]]:
        """Per row, the labels with their probabilities, most likely first.

        Computed from the coefficients directly: scikit-learn's input validation costs
        more than the arithmetic for the one sentence the annotation screen asks about."""
        if self.classifier is None:
            label = self.constant
            return [[(label, 1.0)] if label else [] for _ in range(features.shape[0])]
        classes = [str(c) for c in self.classifier.classes_]
        scores = np.asarray(features @ self.classifier.coef_.T) + self.classifier.intercept_
        if len(classes) == 2:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            probabilities = np.column_stack([1.0 - positive, positive])
        else:
            scores -= scores.max(axis=1, keepdims=True)
            exp = np.exp(scores)
            probabilities = exp / exp.sum(axis=1, keepdims=True)
        rows = []
        for row in probabilities:
            order = np.argsort(-row)
            rows.append([(classes[i], float(row[i])) for i in order])
        return rows


@dataclass(frozen=True)
class SuggestModel:
    words: TfidfVectorizer
    claim_ids: tuple[str, ...]  # the claim one-hot columns the stance classifier sees
    no_claim: _Field
    claim: _Field
    speaker: _Field
    stance: _Field
    decisions: int

    @classmethod
    def fit(cls, golds: Sequence[Gold], texts: dict[str, str]) -> SuggestModel | None:
        """Train on decisions; None when there are too few to learn from."""
        if len(golds) < MIN_DECISIONS or not any(g.statements for g in golds):
            return None
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        matrix = words.fit_transform([texts[g.sentence_id] for g in golds])
        with_claims = [i for i, g in enumerate(golds) if g.statements]
        rows = [i for i in with_claims for _ in golds[i].statements]
        triples = [t for i in with_claims for t in golds[i].statements]
        claim_ids = tuple(sorted({t[1] for t in triples}))
        return cls(
            words=words,
            claim_ids=claim_ids,
            no_claim=_Field.fit(matrix, ["yes" if g.no_claim else "no" for g in golds]),
            claim=_Field.fit(matrix[rows], [t[1] for t in triples]),
            speaker=_Field.fit(matrix[rows], [t[0] for t in triples]),
            stance=_Field.fit(
                _with_claims(matrix[rows], [t[1] for t in triples], claim_ids),
                [t[2] for t in triples],
            ),
            decisions=len(golds),
        )

    def propose(self, texts: Sequence[str], index: CodebookIndex) -> list[list[Proposal]]:
        """Proposals for each sentence, best first, limited to the codebook in force."""
        if not texts:
            return []
        matrix = self.words.transform(list(texts))
        no_claim = self.no_claim.ranked(matrix)
        claims = self.claim.ranked(matrix)
        speakers = self.speaker.ranked(matrix)
        result = []
        for row in range(len(texts)):
            p_none = dict(no_claim[row]).get("yes", 0.0)
            speaker = next(((s, p) for s, p in speakers[row] if s in index.actors), None)
            top = [(c, p) for c, p in claims[row] if c in index.claim_labels][:2]
            proposals = []
            for rank, (claim_id, p_claim) in enumerate(top):
                if rank and p_claim < SECOND_CLAIM * top[0][1]:
                    break
                stance = self.stance.ranked(_with_claims(matrix[row], [claim_id], self.claim_ids))[
                    0
                ]
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
