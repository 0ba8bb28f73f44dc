"""A DNA 3 database (`--format dna`): the SQLite file the Discourse Network Analyzer
3 opens (File > Open database) and rDNA reads (`dna_openDatabase("corpus.dna")`).

The tables, columns and constraints are those DNA 3.0 creates for SQLite
(`Sql.createTables` in leifeld/dna), with DNA's default contents (settings, the Admin
coder, the statement types "DNA Statement", "NPF Story Element" and "Annotation" and
their variables and attribute variables). On top of that, written the way DNA's own
`addCoder`, `addDocuments` and `addStatement` write them:

- one coder per annotator (ids from 2, DNA's Admin is 1), coder relations between
  every pair, and the same password for all: the empty one, which is also rDNA's
  default (`coderPassword = ""`); DNA stores it as a jasypt `StrongPasswordEncryptor`
  digest, computed here the same way;
- one document per document with statements: the full text, title, source, the date
  as seconds since 1970 (UTC), and our document id and URL in `Notes`;
- one "DNA Statement" per statement (see `exports.dna_model`): the sentence as
  start/stop offsets in the document text, `person`, `organization`, `concept` as
  entities (with empty `Type`/`Alias`/`Notes` attribute values, `Type` filled with the
  speaker's codebook kind), `agreement` as a boolean; three variables added to the
  type carry the rest: `stance` (short text: the stance label), `score` (integer: the
  stance score, rounded), `note` (long text: the annotator's note).

The file is built under a temporary name in the target's folder and renamed over the
target only when complete.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from exports.dna_model import ADMIN_CODER_ID, DnaCounts, DnaStatement, dna_statements
from exports.records import DecisionRecord
from models.tables import Document

DNA_VERSION = "3.0.11.5"  # the DNA release whose schema this follows
DNA_DATE = "2025-02-05"

_PERMISSIONS = (
    "AddDocuments",
    "EditDocuments",
    "DeleteDocuments",
    "ImportDocuments",
    "AddStatements",
    "EditStatements",
    "DeleteStatements",
    "EditAttributes",
    "EditRegex",
    "EditStatementTypes",
    "EditCoders",
    "EditCoderRelations",
    "ViewOthersDocuments",
    "EditOthersDocuments",
    "ViewOthersStatements",
    "EditOthersStatements",
)


def _flag(name: str, default: int = 0) -> str:
    return f"{name} INTEGER NOT NULL CHECK ({name} BETWEEN 0 AND 1) DEFAULT {default}"


def _color(name: str) -> str:
    return f"{name} INTEGER NOT NULL DEFAULT 0 CHECK ({name} BETWEEN 0 AND 255)"


def _short(name: str, default: str | None = "''") -> str:
    fallback = f" DEFAULT {default}" if default is not None else ""
    return f"{name} TEXT NOT NULL{fallback} CHECK (LENGTH({name}) < 191)"


def _rgb() -> str:
    return ", ".join(_color(c) for c in ("Red", "Green", "Blue"))


SCHEMA = (
    "CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL)",
    "CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, " + _short("Name", None) + f", {_rgb()}, "
    "Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0, "
    "FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14, "
    + _short("Password", None)
    + ", PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300, "
    + ", ".join(
        [_flag("ColorByCoder"), _flag("PopupDecoration"), _flag("PopupAutoComplete", 1)]
        + [_flag(f"Permission{p}", 1) for p in _PERMISSIONS]
    )
    + ")",
    "CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, "
    + _short("Title", None)
    + ", Text TEXT NOT NULL, Coder INTEGER, "
    + ", ".join(_short(c) for c in ("Author", "Source", "Section"))
    + ", Notes TEXT NOT NULL DEFAULT '', "
    + _short("Type")
    + ", Date INTEGER NOT NULL, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE)",
    f"CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, {_short('Label', None)}, "
    f"{_rgb()})",
    f"CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, {_short('Variable', None)}, "
    "DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR "
    "DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text', "
    "StatementTypeId INTEGER, "
    "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, "
    "UNIQUE (Variable, StatementTypeId))",
    "CREATE TABLE VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, "
    "TargetVariableId INTEGER, CHECK (TargetVariableId != SourceVariableId), "
    "FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    f"CREATE TABLE REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), {_rgb()})",
    "CREATE TABLE CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, "
    "Coder INTEGER CHECK(Coder > 0), OtherCoder INTEGER CHECK(OtherCoder > 0), "
    + ", ".join(
        f"{p} INTEGER NOT NULL DEFAULT 1 CHECK({p} BETWEEN 0 AND 1)"
        for p in ("viewStatements", "editStatements", "viewDocuments", "editDocuments")
    )
    + ", CHECK (Coder != OtherCoder), "
    "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE)",
    "CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, "
    "DocumentId INTEGER, Start INTEGER NOT NULL CHECK(Start >= 0), "
    "Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER, CHECK (Start < Stop), "
    "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE)",
    *(
        f"CREATE TABLE {table}(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
        f"VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT {default}, "
        "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
        "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
        "UNIQUE (StatementId, VariableId))"
        for table, default in (("DATABOOLEAN", 1), ("DATAINTEGER", 0))
    ),
    "CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, "
    "Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), "
    + ", ".join(f"{c} INTEGER CHECK ({c} BETWEEN 0 AND 255)" for c in ("Red", "Green", "Blue"))
    + ", ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value), "
    "FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    "CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
    "VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "UNIQUE (StatementId, VariableId))",
    "CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
    "VariableId INTEGER NOT NULL, Value TEXT DEFAULT '', "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "UNIQUE (StatementId, VariableId))",
    "CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, "
    f"VariableId INTEGER NOT NULL, {_short('AttributeVariable', None)}, "
    "UNIQUE(VariableId, AttributeVariable), "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE)",
    "CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL, "
    f"AttributeVariableId INTEGER NOT NULL, {_short('AttributeValue')}, "
    "UNIQUE (EntityId, AttributeVariableId), "
    "FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE)",
)

# DNA's default statement types and variables, with the ids DNA gives them.
STATEMENT_TYPES = (
    (1, "DNA Statement", (239, 208, 51)),
    (2, "NPF Story Element", (100, 200, 190)),
    (3, "Annotation", (211, 211, 211)),
)
VARIABLES = (
    (1, "person", "short text", 1),
    (2, "organization", "short text", 1),
    (3, "concept", "short text", 1),
    (4, "agreement", "boolean", 1),
    (5, "narrator", "short text", 2),
    (6, "victim", "short text", 2),
    (7, "villain", "short text", 2),
    (8, "plot", "short text", 2),
    (9, "hero", "short text", 2),
    (10, "policy solution", "short text", 2),
    (11, "note", "long text", 3),
    # Ours, added to "DNA Statement" as DNA's "add variable" would.
    (12, "stance", "short text", 1),
    (13, "score", "integer", 1),
    (14, "note", "long text", 1),
)
ATTRIBUTES = ("Type", "Alias", "Notes")
EPOCH = dt.date(1970, 1, 1)
CODER_COLORS = ((0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233))


def jasypt_digest(password: str, salt: bytes | None = None) -> str:
    """jasypt's `StrongPasswordEncryptor` digest, which DNA checks coder passwords
    against: base64(salt + SHA-256 iterated 100,000 times over salt + UTF-8 of the
    NFC-normalised password), with a 16-byte random salt."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.sha256(salt + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    for _ in range(100_000 - 1):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def _defaults(db: sqlite3.Connection, password: str) -> None:
    db.executemany(
        "INSERT INTO SETTINGS (Property, Value) VALUES (?, ?)",
        (("version", DNA_VERSION), ("date", DNA_DATE)),
    )
    db.execute(
        "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?, 'Admin', 255, 255, "
        "0, ?)",
        (ADMIN_CODER_ID, password),
    )
    db.executemany(
        "INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (?, ?, ?, ?, ?)",
        ((i, label, *rgb) for i, label, rgb in STATEMENT_TYPES),
    )
    db.executemany(
        "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, ?)",
        VARIABLES,
    )
    db.executemany(
        "INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (?, ?)",
        ((variable, attribute) for attribute in ATTRIBUTES for variable in (1, 2, 3)),
    )


class _Builder:
    """Fills the tables as DNA's addCoder, addDocuments and addStatement do."""

    def __init__(self, db: sqlite3.Connection, engine: Engine, password: str):
        self.db = db
        self.engine = engine
        self.password = password
        self.coders: set[int] = {ADMIN_CODER_ID}
        self.documents: set[int] = set()
        self.entities: dict[tuple[int, str], int] = {}
        self.attributes = {
            (variable, name): attribute_id
            for attribute_id, variable, name in db.execute(
                "SELECT ID, VariableId, AttributeVariable FROM ATTRIBUTEVARIABLES"
            )
        }

    def coder(self, coder_id: int, name: str) -> None:
        if coder_id in self.coders:
            return
        rgb = CODER_COLORS[(coder_id - 2) % len(CODER_COLORS)]
        self.db.execute(
            "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?, ?, ?, ?, ?, ?)",
            (coder_id, name[:190], *rgb, self.password),
        )
        for other in sorted(self.coders):
            self.db.executemany(
                "INSERT INTO CODERRELATIONS (Coder, OtherCoder) VALUES (?, ?)",
                ((coder_id, other), (other, coder_id)),
            )
        self.coders.add(coder_id)

    def document(self, s: DnaStatement) -> None:
        if s.document_number in self.documents:
            return
        with Session(self.engine) as session:
            text = session.exec(
                select(col(Document.text)).where(Document.id == s.document_id)
            ).one()
        notes = f"stance-annotator document {s.document_id}"
        if s.document_url:
            notes += f"\n{s.document_url}"
        midnight = (s.date - EPOCH).days * 86_400  # DNA: seconds since 1970 (UTC)
        self.db.execute(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, "
            "Date) VALUES (?, ?, ?, ?, '', ?, '', ?, '', ?)",
            (
                s.document_number,
                s.document_title[:190],
                text,
                ADMIN_CODER_ID,
                s.document_source[:190],
                notes,
                midnight,
            ),
        )
        self.documents.add(s.document_number)

    def entity(self, variable: int, value: str, kind: str) -> int:
        value = value[:190]
        key = (variable, value)
        if key not in self.entities:
            cursor = self.db.execute(
                "INSERT INTO ENTITIES (VariableId, Value, Red, Green, Blue) VALUES (?, ?, 0, 0, 0)",
                key,
            )
            entity_id = cursor.lastrowid
            assert entity_id is not None
            self.entities[key] = entity_id
            for attribute in ATTRIBUTES:
                attribute_id = self.attributes.get((variable, attribute))
                if attribute_id is not None:
                    self.db.execute(
                        "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, "
                        "AttributeValue) VALUES (?, ?, ?)",
                        (entity_id, attribute_id, kind[:190] if attribute == "Type" else ""),
                    )
        return self.entities[key]

    def statement(self, s: DnaStatement) -> None:
        self.coder(s.coder_id, s.coder)
        self.document(s)
        self.db.execute(
            "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) "
            "VALUES (?, 1, ?, ?, ?, ?)",
            (s.statement_id, s.document_number, s.start, s.stop, s.coder_id),
        )
        short = (
            (1, s.person, "person" if s.person else ""),
            (2, s.organization, s.organization_kind),
            (3, s.concept, "claim"),
            (12, s.stance, "stance"),
        )
        self.db.executemany(
            "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
            ((s.statement_id, v, self.entity(v, value, kind)) for v, value, kind in short),
        )
        self.db.execute(
            "INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, ?)",
            (s.statement_id, s.agreement),
        )
        self.db.execute(
            "INSERT INTO DATAINTEGER (StatementId, VariableId, Value) VALUES (?, 13, ?)",
            (s.statement_id, round(s.score)),
        )
        self.db.execute(
            "INSERT INTO DATALONGTEXT (StatementId, VariableId, Value) VALUES (?, 14, ?)",
            (s.statement_id, s.note),
        )


@contextlib.contextmanager
def _temporary_database(target: Path) -> Iterator[sqlite3.Connection]:
    folder = target.parent if str(target.parent) else Path()
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(fd)
    temp = Path(name)
    try:
        db = sqlite3.connect(temp)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            with db:
                yield db
        finally:
            db.close()
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_dna_database(
    engine: Engine, records: Iterable[DecisionRecord], target: Path
) -> DnaCounts:
    """Write the whole DNA database to `target` (replaced only when complete)."""
    counts = DnaCounts()
    password = jasypt_digest("")
    with _temporary_database(target) as db:
        for statement in SCHEMA:
            db.execute(statement)
        _defaults(db, password)
        builder = _Builder(db, engine, password)
        for s in dna_statements(records, counts):
            builder.statement(s)
    return counts
