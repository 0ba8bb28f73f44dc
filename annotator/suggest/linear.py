"""TF-IDF features and logistic regression reduced to plain arrays.

scikit-learn fits them; what is kept and stored is only vocabulary, weights and
labels. So a model file holds no pickled code (opening a shared database folder cannot
run anything), survives scikit-learn upgrades, and predicting one sentence skips
scikit-learn's input validation, which costs more than the arithmetic."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from scipy import sparse

_SETTINGS: dict[str, Any] = {"ngram_range": (1, 2), "sublinear_tf": True, "min_df": 1}


# scikit-learn is imported where a model is fitted or first applied, not with this module:
# every `annotator` command imports the suggestion package, and scikit-learn takes a second.
@cache
def _analyser() -> Callable[[str], list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyser: Callable[[str], list[str]] = TfidfVectorizer(**_SETTINGS).build_analyzer()
    return analyser


@dataclass(frozen=True)
class Words:
    """Word and word-pair TF-IDF (sublinear term frequency, L2-normalised rows)."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str]) -> Words:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(**_SETTINGS).fit(texts)
        vocabulary = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
        return cls(vocabulary, np.asarray(vectorizer.idf_, dtype=np.float64))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Rows of (1 + log count) × idf, L2-normalised: the terms are counted in Python,
        the arithmetic is done on the whole batch at once."""
        vocabulary, analyse = self.vocabulary, _analyser()
        columns: list[int] = []
        pointers = [0]
        for text in texts:
            columns.extend(i for i in map(vocabulary.get, analyse(text)) if i is not None)
            pointers.append(len(columns))
        matrix = sparse.csr_matrix(
            (np.ones(len(columns)), np.array(columns, dtype=np.int64), np.array(pointers)),
            shape=(len(texts), len(self.idf)),
        )
        matrix.sum_duplicates()  # counts per term, indices sorted
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf[matrix.indices]
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
        return matrix

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {f"{prefix}.terms": np.array(terms, dtype=str), f"{prefix}.idf": self.idf}

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> Words:
        terms = [str(t) for t in arrays[f"{prefix}.terms"]]
        return cls({t: i for i, t in enumerate(terms)}, np.asarray(arrays[f"{prefix}.idf"]))


@dataclass(frozen=True)
class Linear:
    """A fitted logistic regression, or the single label seen (empty weights)."""

    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray

    @classmethod
    def fit(cls, features: Any, labels: list[str]) -> Linear:
        if len(set(labels)) < 2:
            return cls(tuple(labels[:1]), np.zeros((0, 0)), np.zeros(0))
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        classifier = LogisticRegression(max_iter=1000, C=10.0)
        # One BLAS thread: on a busy machine, threads waiting for each other make these
        # small fits twenty times slower, and the annotation screen keeps its core.
        with threadpool_limits(1), warnings.catch_warnings():
            # Few examples per class is the normal state of a model that learns as
            # labels come in; scikit-learn's "looks like regression" warning is noise.
            warnings.filterwarnings("ignore", "The number of unique classes", UserWarning)
            classifier.fit(features, labels)
        return cls(
            tuple(str(c) for c in classifier.classes_),
            np.asarray(classifier.coef_, dtype=np.float64),
            np.asarray(classifier.intercept_, dtype=np.float64),
        )

    def ranked(self, features: Any) -> list[list[tuple[str, float]]]:
        """Per row, the labels with their probabilities, most likely first."""
        return self.rank(self.scores(features))

    def scores(self, features: Any, extra: Any = None) -> np.ndarray:
        """Raw scores per row and class. Extra columns beyond `features` (such as a
        one-hot claim) can be added as `extra`, their weight rows, without building a
        wider matrix."""
        if len(self.classes) < 2:
            return np.zeros((features.shape[0], 0))
        width = features.shape[1]
        result = np.asarray(features @ self.coef[:, :width].T) + self.intercept
        return result if extra is None else result + extra

    def extra_weights(self, column: int) -> np.ndarray:
        """The weights of feature column `column` for each class (zero when unknown)."""
        if len(self.classes) < 2 or not 0 <= column < self.coef.shape[1]:
            return np.zeros(self.coef.shape[0])
        return np.asarray(self.coef[:, column])

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        """Per row, the probability of each class (in `classes` order) given its scores."""
        if len(self.classes) < 2:
            return np.ones((scores.shape[0], len(self.classes)))
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        shifted = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        result: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def rank(self, scores: np.ndarray) -> list[list[tuple[str, float]]]:
        if len(self.classes) < 2:
            return [[(label, 1.0) for label in self.classes] for _ in range(scores.shape[0])]
        probabilities = self.probabilities(scores)
        return [
            [(self.classes[i], float(row[i])) for i in np.argsort(-row)] for row in probabilities
        ]

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}.classes": np.array(self.classes, dtype=str),
            f"{prefix}.coef": self.coef,
            f"{prefix}.intercept": self.intercept,
        }

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> Linear:
        return cls(
            tuple(str(c) for c in arrays[f"{prefix}.classes"]),
            np.asarray(arrays[f"{prefix}.coef"]),
            np.asarray(arrays[f"{prefix}.intercept"]),
        )
