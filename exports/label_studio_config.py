"""The Label Studio labeling config that matches our tasks, built from the codebook.

One `Choices` control per field of a statement (`speaker`, `claim`, `stance`), each
choice showing the codebook's name and storing its id (`alias`), a `decision` control
for "no claim", and a `note` text area: the controls our tasks' results name. Write it
with `annotator export --format label-studio --config FILE` and paste it into the
project's Settings > Labeling Interface > Code (or send it as `label_config` when
creating the project through the API).
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from models.tables import Actor, ClaimType, DecisionKind, Stance


def _choices(name: str, header: str, choices: list[tuple[str, str]]) -> list[str]:
    lines = [
        f"  <Header value={quoteattr(header)}/>",
        f'  <Choices name="{name}" toName="text" choice="single" showInline="true">',
    ]
    lines += [
        f"    <Choice value={quoteattr(label)} alias={quoteattr(i)}/>" for i, label in choices
    ]
    lines.append("  </Choices>")
    return lines


def labeling_config(engine: Engine) -> str:
    with Session(engine) as session:
        speakers = session.exec(
            select(Actor.id, Actor.name)
            .where(col(Actor.active))
            .order_by(col(Actor.position), col(Actor.id))
        ).all()
        claims = session.exec(
            select(ClaimType.id, ClaimType.label)
            .where(col(ClaimType.active))
            .order_by(col(ClaimType.position), col(ClaimType.id))
        ).all()
        stances = session.exec(
            select(Stance.id, Stance.label)
            .where(col(Stance.active))
            .order_by(col(Stance.position), col(Stance.id))
        ).all()
    lines = ["<View>", '  <Text name="text" value="$text"/>']
    lines += _choices("speaker", "Speaker", [(i, n) for i, n in speakers])
    lines += _choices("claim", "Claim", [(i, n) for i, n in claims])
    lines += _choices("stance", "Stance", [(i, n) for i, n in stances])
    lines += _choices("decision", "Or", [(DecisionKind.no_claim.value, "No claim")])
    lines += [
        '  <TextArea name="note" toName="text" placeholder="Note" rows="2" maxSubmissions="1" '
        'editable="true"/>',
        "</View>",
    ]
    return "\n".join(lines) + "\n"
