"""What the annotation screen shows: pre-annotations, rules and model merged, with the
top proposal (the one that pre-fills the form) assembled field by field.

For each field (no claim, speaker, claim, stance) a `FieldChoice` says whose value the
top proposal takes: the rules', the model's, or the rules' with the model filling in
where the rules have none ("fill"). `choice.py` measures which is best on documents the
model was not trained on; this module only applies it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from annotator.suggest.proposal import Proposal, merge


class Use(StrEnum):
    rules = "rules"
    fill = "fill"  # the rules' value, and the model's where the rules have none
    model = "model"


FIELD_NAMES = ("no_claim", "speaker", "claim", "stance")


@dataclass(frozen=True)
class FieldChoice:
    """Whose value each field of the top proposal takes."""

    no_claim: Use = Use.rules
    speaker: Use = Use.rules
    claim: Use = Use.rules
    stance: Use = Use.rules

    @property
    def uses_model(self) -> bool:
        return any(use is not Use.rules for use in asdict(self).values())

    def with_field(self, name: str, use: Use) -> FieldChoice:
        return replace(self, **{name: use})

    def as_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name).value) for name in FIELD_NAMES}

    @classmethod
    def from_dict(cls, values: dict[str, str]) -> FieldChoice:
        return cls(**{name: Use(values[name]) for name in FIELD_NAMES})

    def describe(self) -> str:
        """ "speaker from the model, claim rules then model" (or "rules only")."""
        phrases = {Use.model: "from the model", Use.fill: "rules then model"}
        parts = [
            "no claim where the model agrees"
            if (name, use) == ("no_claim", Use.model)
            else f"{name.replace('_', ' ')} {phrases[use]}"
            for name, use in ((n, getattr(self, n)) for n in FIELD_NAMES)
            if use is not Use.rules
        ]
        return ", ".join(parts) or "rules only"


RULES_ONLY = FieldChoice()


def _pick(use: Use, from_rules: str | None, from_model: str | None) -> str | None:
    if use is Use.rules:
        return from_rules
    if use is Use.model:
        return from_model
    return from_rules if from_rules is not None else from_model


def top_proposal(
    rules: list[Proposal], model: list[Proposal], choice: FieldChoice
) -> Proposal | None:
    """The proposal that pre-fills the form, or None when no source proposes anything."""
    rule_none = rules[0] if rules and rules[0].no_claim else None
    model_none = model[0] if model and model[0].no_claim else None
    if choice.no_claim is Use.rules:
        none = rule_none
    elif choice.no_claim is Use.model:
        # The model overrules the rules' "no claim" where it finds a claim; it adds none
        # of its own: a "no claim" over a proposed statement saves no key (`n` is one key
        # either way) and loses the statement's pre-fill wherever there is a statement.
        none = rule_none if model_none is not None else None
    else:  # the rules' verdict where they propose anything, else the model's
        none = rule_none if rules else model_none
    if none is not None:
        return none
    rule = next((p for p in rules if not p.no_claim), None)
    guess = next((p for p in model if not p.no_claim), None)
    # A new speaker (not in the codebook) is a speaker: the model, which knows only the
    # codebook's, fills it only where the model is chosen for the speaker.
    new = rule.new_speaker if rule and choice.speaker is not Use.model else None
    speaker = (
        None
        if new
        else _pick(
            choice.speaker, rule.speaker_id if rule else None, guess.speaker_id if guess else None
        )
    )
    claim = _pick(choice.claim, rule.claim_id if rule else None, guess.claim_id if guess else None)
    if speaker is None and new is None and claim is None:
        return None
    # A stance belongs to its claim: each source's stance counts only for the same claim.
    rule_stance = rule.stance_id if rule and claim and rule.claim_id == claim else None
    model_stance = next(
        (p.stance_id for p in model if not p.no_claim and claim and p.claim_id == claim), None
    )
    stance = _pick(choice.stance, rule_stance, model_stance)
    fields = (speaker, claim, stance)
    for source in (rule, guess):
        if (
            source
            and (source.speaker_id, source.claim_id, source.stance_id) == fields
            and source.new_speaker == new
        ):
            return source
    if rule is None:
        assert guess is not None
        return replace(guess, speaker_id=speaker, claim_id=claim, stance_id=stance)
    if guess is None:
        return replace(rule, speaker_id=speaker, claim_id=claim, stance_id=stance, new_speaker=new)
    taken = [
        name
        for name, value, own in (
            ("speaker", speaker, rule.speaker_id),
            ("claim", claim, rule.claim_id),
            ("stance", stance, rule.stance_id),
        )
        if value != own
    ]
    # The rule's marked words stay only while they still point at what is shown.
    spans_hold = (rule.new_speaker is None or new is not None) and all(
        own is None or value == own
        for value, own in ((speaker, rule.speaker_id), (claim, rule.claim_id))
    )
    return Proposal(
        f"{rule.source}+{guess.source}",
        max(rule.confidence, guess.confidence),
        f"{rule.reason}; {' and '.join(taken)} from {guess.reason}",
        speaker_id=speaker,
        claim_id=claim,
        stance_id=stance,
        spans=rule.spans if spans_hold else (),
        new_speaker=new,
    )


def combine(
    stored: list[Proposal],
    rules: list[Proposal],
    model: list[Proposal],
    choice: FieldChoice = RULES_ONLY,
) -> list[Proposal]:
    """Pre-annotations, then the top proposal assembled per `choice`, best first among
    them (pre-annotations lead among equals); then every other proposal of the rules and
    (when `choice` uses it) the model, best first.

    Only the top proposal pre-fills the form, and an empty field costs as much as a wrong
    one: so the top takes each field from the source that fills it best."""
    if not choice.uses_model:
        model = []
    first = top_proposal(rules, model, choice)
    # Every pre-annotation stays, even where two tools agree: each is its own evidence.
    seen = {p.key for p in stored}
    if first is not None and first.key not in seen:
        lead = [*stored, first]
        seen.add(first.key)
    else:
        lead = list(stored)
    rest = [p for p in merge(rules, model) if p.key not in seen]
    return sorted(lead, key=lambda p: -p.confidence) + rest
