"""Which source each field of the top proposal comes from, measured on held-out documents.

The documents are split into folds (`training.folds`); each fold is proposed for by a
model trained on the other folds, and by the rules. Then, field by field (no claim,
speaker, claim, stance), the three uses (rules, rules then model, model) are tried with
the other fields kept at their current choice, and the cheapest wins; ties go to the
rules, then to rules-then-model. Every field costs the keystrokes of the keystroke
model (`scoring.keystrokes`), "no claim" included: a right "no claim" saves nothing
(`n` is one key either way) and a wrong one loses the pre-filled statement, which is
why the model only overrules the rules' "no claim" and adds none (`combine.py`).
Rounds repeat until no field changes (at most MAX_ROUNDS), so each field's figures are
measured against the final choice of the others."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.suggest.combine import FIELD_NAMES, RULES_ONLY, FieldChoice, Use, combine
from annotator.suggest.corpus import Gold
from annotator.suggest.index import CodebookIndex
from annotator.suggest.proposal import Proposal
from annotator.suggest.scoring import keystrokes, last_speakers

MAX_ROUNDS = 3
PREFERENCE = (Use.rules, Use.fill, Use.model)  # order of preference among equal costs


@dataclass(frozen=True)
class Measured:
    """The choice and the held-out keystrokes behind it."""

    choice: FieldChoice
    # Per field, the keys with each use (the other fields as chosen).
    keys: dict[str, dict[str, int]]
    keys_rules: int  # every field from the rules (the model not used)
    keys_chosen: int
    sentences: int  # held-out decisions scored

    @classmethod
    def nothing_held_out(cls) -> Measured:
        """With a single document nothing can be held out: the model is not used."""
        return cls(RULES_ONLY, {}, 0, 0, 0)

    def as_dict(self) -> dict[str, object]:
        return {
            "choice": self.choice.as_dict(),
            "keys": self.keys,
            "keys_rules": self.keys_rules,
            "keys_chosen": self.keys_chosen,
            "sentences": self.sentences,
        }

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Measured:
        """As `as_dict` wrote it (JSON in the model file); KeyError or ValueError when not."""
        return cls(
            FieldChoice.from_dict(values["choice"]),
            {
                str(name): {str(use): int(cost) for use, cost in per_use.items()}
                for name, per_use in values["keys"].items()
            },
            int(values["keys_rules"]),
            int(values["keys_chosen"]),
            int(values["sentences"]),
        )


@dataclass(frozen=True)
class HeldOut:
    """One held-out decision with what each source proposed for it."""

    gold: Gold
    rules: list[Proposal]
    model: list[Proposal]
    previous_speaker: str | None


def held_out(
    golds: Sequence[Gold],
    texts: dict[str, str],
    rules: dict[str, list[Proposal]],
    index: CodebookIndex,
    groups: Sequence[set[str]],
) -> list[HeldOut]:
    """Every decision of the held-out folds, proposed for by a model trained without it."""
    from annotator.suggest.model import SuggestModel

    previous = last_speakers(golds)
    result = []
    for group in groups:
        model = SuggestModel.fit([g for g in golds if g.document_id not in group], texts)
        scored = [g for g in golds if g.document_id in group]
        predicted = (
            model.propose([texts[g.sentence_id] for g in scored], index)
            if model
            else [[] for _ in scored]
        )
        for gold, guess in zip(scored, predicted, strict=True):
            result.append(
                HeldOut(
                    gold,
                    rules.get(gold.sentence_id, []),
                    guess,
                    previous[(gold.sentence_id, gold.annotator)],
                )
            )
    return result


class Costs:
    """Keystrokes of each choice on the held-out decisions, each choice computed once."""

    def __init__(self, items: Sequence[HeldOut]) -> None:
        self.items = items
        self.known: dict[FieldChoice, int] = {}

    def of(self, choice: FieldChoice) -> int:
        if choice not in self.known:
            self.known[choice] = sum(
                keystrokes(
                    item.gold, combine([], item.rules, item.model, choice), item.previous_speaker
                )[0]
                for item in self.items
            )
        return self.known[choice]

    def field(self, name: str, choice: FieldChoice) -> dict[str, int]:
        """The field's keys with each use, the other fields as in `choice`."""
        return {use.value: self.of(choice.with_field(name, use)) for use in PREFERENCE}


def choose(items: Sequence[HeldOut]) -> Measured:
    """The per-field choice that costs least on the held-out decisions."""
    if not items:
        return Measured.nothing_held_out()
    costs = Costs(items)
    choice = RULES_ONLY
    keys: dict[str, dict[str, int]] = {}
    for _ in range(MAX_ROUNDS):
        changed = False
        for name in FIELD_NAMES:
            keys[name] = costs.field(name, choice)
            best = min(PREFERENCE, key=lambda use: (keys[name][use.value], PREFERENCE.index(use)))
            if best is not getattr(choice, name):  # cheaper, or as cheap and preferred
                choice, changed = choice.with_field(name, best), True
        if not changed:  # so every field's figures were measured against the final choice
            break
    else:
        keys = {name: costs.field(name, choice) for name in FIELD_NAMES}
    return Measured(
        choice=choice,
        keys=keys,
        keys_rules=costs.of(RULES_ONLY),
        keys_chosen=costs.of(choice),
        sentences=len(items),
    )
