"""DNA: the database DNA 3 opens, read with DNA's own queries, and DNA's event list.

The SQL below is the text of the queries DNA 3.0 runs when it opens a database and
when its exporter (and so rDNA) reads statements: `Sql.java` in leifeld/dna
(`getVersion`, `authenticate`, `getCoders`, `getTableDocuments`, `getStatementTypes`,
`getEntities`, `getStatements`). They are applied unchanged to the file we write.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine

from exports.dna_db import jasypt_digest
from tests.export_helpers import label_sample, run

# Sql.getVersion(); DNA refuses a database whose version does not start with "3.0".
DNA_VERSION = "SELECT Value FROM SETTINGS WHERE Property = 'version';"
# Sql.authenticate(): the stored jasypt digest the coder's password is checked against.
DNA_PASSWORD = "SELECT Password FROM CODERS WHERE ID = ?;"
# Sql.getCoders()
DNA_CODERS = "SELECT * FROM CODERS;"
DNA_CODER_RELATIONS = "SELECT * FROM CODERRELATIONS WHERE Coder = ?;"
# Sql.getTableDocuments(new int[0]): the document table of DNA's main window.
DNA_DOCUMENT_TABLE = (
    "SELECT DOCUMENTS.ID, Title, Author, Source, Section, Type, Notes, Date, "
    "CODERS.ID AS CoderId, Name AS CoderName, Red, Green, Blue, "
    "COALESCE(Frequency, 0) AS Frequency "
    "FROM DOCUMENTS LEFT JOIN "
    "(SELECT DocumentId, COUNT(DocumentId) AS Frequency FROM STATEMENTS GROUP BY DocumentId) "
    "AS C ON C.DocumentId = DOCUMENTS.ID "
    "LEFT JOIN CODERS ON CODERS.ID = DOCUMENTS.Coder"
)
# Sql.getStatementTypes()
DNA_STATEMENT_TYPES = "SELECT * FROM STATEMENTTYPES;"
DNA_TYPE_VARIABLES = "SELECT * FROM VARIABLES WHERE StatementTypeId = ?;"
# Sql.getEntities(variableIds, true)
DNA_ENTITIES = (
    "SELECT ID, Value, Red, Green, Blue, ChildOf, (SELECT COUNT(ID) FROM DATASHORTTEXT "
    "WHERE DATASHORTTEXT.VariableId = ENTITIES.VariableId AND Entity = ENTITIES.ID) AS Count "
    "FROM ENTITIES WHERE VariableId = ?;"
)
DNA_ENTITY_ATTRIBUTES = (
    "SELECT AttributeVariable, AttributeValue FROM ATTRIBUTEVALUES AS AVAL INNER JOIN "
    "ATTRIBUTEVARIABLES AS AVAR ON AVAL.AttributeVariableId = AVAR.ID WHERE EntityId = ?;"
)
# Sql.getStatements(...) for statement type 1 without filters: q1, q3, q4a-d, q5.
DNA_STATEMENTS = (
    "SELECT STATEMENTS.ID AS StatementId, StatementTypeId, "
    "STATEMENTTYPES.Label AS StatementTypeLabel, STATEMENTTYPES.Red AS StatementTypeRed, "
    "STATEMENTTYPES.Green AS StatementTypeGreen, STATEMENTTYPES.Blue AS StatementTypeBlue, "
    "Start, Stop, STATEMENTS.Coder AS CoderId, CODERS.Name AS CoderName, "
    "CODERS.Red AS CoderRed, CODERS.Green AS CoderGreen, CODERS.Blue AS CoderBlue, "
    "DocumentId, DOCUMENTS.Date AS Date, "
    "SUBSTRING(DOCUMENTS.Text, Start + 1, Stop - Start) AS Text "
    "FROM STATEMENTS "
    "INNER JOIN CODERS ON STATEMENTS.Coder = CODERS.ID "
    "INNER JOIN STATEMENTTYPES ON STATEMENTS.StatementTypeId = STATEMENTTYPES.ID "
    "INNER JOIN DOCUMENTS ON DOCUMENTS.ID = STATEMENTS.DocumentId "
    "AND STATEMENTTYPES.ID = 1 "
    "ORDER BY DOCUMENTS.DATE ASC;"
)
DNA_VARIABLES = "SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = 1;"
DNA_SHORT_TEXT = (
    "SELECT DATASHORTTEXT.StatementId, VARIABLES.ID AS VariableId, ENTITIES.ID AS EntityId, "
    "ENTITIES.Value AS Value, ENTITIES.Red AS Red, ENTITIES.Green AS Green, "
    "ENTITIES.Blue AS Blue, ENTITIES.ChildOf AS ChildOf FROM DATASHORTTEXT "
    "INNER JOIN VARIABLES ON VARIABLES.ID = DATASHORTTEXT.VariableId "
    "INNER JOIN ENTITIES ON ENTITIES.VariableId = VARIABLES.ID "
    "AND ENTITIES.ID = DATASHORTTEXT.Entity "
    "INNER JOIN STATEMENTS ON STATEMENTS.ID = DATASHORTTEXT.StatementId "
    "INNER JOIN DOCUMENTS ON DOCUMENTS.ID = STATEMENTS.DocumentId "
    "WHERE VARIABLES.StatementTypeId = 1 ORDER BY 1, 2 ASC;"
)
DNA_OTHER_DATA = {
    table: (
        f"SELECT {table}.StatementId, VARIABLES.ID AS VariableId, {table}.Value FROM {table} "
        f"INNER JOIN VARIABLES ON VARIABLES.ID = {table}.VariableId "
        f"INNER JOIN STATEMENTS ON STATEMENTS.ID = {table}.StatementId "
        "INNER JOIN DOCUMENTS ON DOCUMENTS.ID = STATEMENTS.DocumentId "
        "WHERE VARIABLES.StatementTypeId = 1 ORDER BY 1, 2 ASC;"
    )
    for table in ("DATALONGTEXT", "DATABOOLEAN", "DATAINTEGER")
}
DNA_ATTRIBUTES = (
    "SELECT ATTRIBUTEVALUES.EntityId, AttributeVariable, AttributeValue FROM ATTRIBUTEVALUES "
    "INNER JOIN ATTRIBUTEVARIABLES ON ATTRIBUTEVARIABLES.ID = AttributeVariableId "
    "INNER JOIN VARIABLES ON VARIABLES.ID = ATTRIBUTEVARIABLES.VariableId "
    "WHERE VARIABLES.StatementTypeId = 1;"
)


def _export_database(engine: Engine, db_url: str, tmp_path: Path) -> sqlite3.Connection:
    label_sample(engine)
    target = tmp_path / "corpus.dna"
    result = run("export", "--db", db_url, "-f", "dna", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "exported 3 DNA statements (dna)" in result.stderr
    assert "1 neutral statement(s) left out" in result.stderr
    assert "DNA coders: 2=bob, 3=ann" in result.stderr
    assert not list(tmp_path.glob("*.part"))  # no temporary file left
    db = sqlite3.connect(target)
    db.row_factory = sqlite3.Row
    return db


def _jasypt_matches(password: str, digest: str) -> bool:
    """jasypt's StandardByteDigester.matches: the salt is the digest's first 16 bytes."""
    raw = base64.b64decode(digest)
    assert len(raw) == 16 + hashlib.sha256().digest_size
    return jasypt_digest(password, raw[:16]) == digest


def test_dna_opens_the_database(sample_engine: Engine, db_url: str, tmp_path: Path) -> None:
    db = _export_database(sample_engine, db_url, tmp_path)
    assert db.execute(DNA_VERSION).fetchone()["Value"].startswith("3.0")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    coders = {row["ID"]: row for row in db.execute(DNA_CODERS)}
    assert {i: row["Name"] for i, row in coders.items()} == {1: "Admin", 2: "bob", 3: "ann"}
    for coder_id in coders:
        # rDNA's dna_openDatabase() defaults to coderPassword = "".
        assert _jasypt_matches("", db.execute(DNA_PASSWORD, (coder_id,)).fetchone()[0])
        assert not _jasypt_matches("x", db.execute(DNA_PASSWORD, (coder_id,)).fetchone()[0])
        others = {row["OtherCoder"] for row in db.execute(DNA_CODER_RELATIONS, (coder_id,))}
        assert others == set(coders) - {coder_id}
    types = {row["ID"]: row["Label"] for row in db.execute(DNA_STATEMENT_TYPES)}
    assert types == {1: "DNA Statement", 2: "NPF Story Element", 3: "Annotation"}
    variables = {row["Variable"]: row["DataType"] for row in db.execute(DNA_TYPE_VARIABLES, (1,))}
    assert variables == {
        "person": "short text",
        "organization": "short text",
        "concept": "short text",
        "agreement": "boolean",
        "stance": "short text",
        "score": "integer",
        "note": "long text",
    }
    documents = db.execute(DNA_DOCUMENT_TABLE).fetchall()
    assert sorted(row["Frequency"] for row in documents) == [1, 2]
    assert all(row["CoderName"] == "Admin" and row["Date"] % 86_400 == 0 for row in documents)
    assert all(row["Notes"].startswith("stance-annotator document d_") for row in documents)
    organizations = {row["Value"]: row["Count"] for row in db.execute(DNA_ENTITIES, (2,))}
    assert organizations == {"Japanese government": 1, "Japan": 2}
    japan = db.execute("SELECT ID FROM ENTITIES WHERE VariableId = 2 AND Value = 'Japan'")
    attributes = dict(db.execute(DNA_ENTITY_ATTRIBUTES, (japan.fetchone()[0],)).fetchall())
    assert attributes == {"Type": "side", "Alias": "", "Notes": ""}


def test_dna_exporter_reads_every_statement(
    sample_engine: Engine, db_url: str, tmp_path: Path
) -> None:
    db = _export_database(sample_engine, db_url, tmp_path)
    statements = {row["StatementId"]: row for row in db.execute(DNA_STATEMENTS)}
    assert len(statements) == 3
    names = {row["ID"]: row["Variable"] for row in db.execute(DNA_VARIABLES)}
    values: dict[int, dict[str, object]] = {i: {} for i in statements}
    for row in db.execute(DNA_SHORT_TEXT):
        values[row["StatementId"]][names[row["VariableId"]]] = row["Value"]
    for query in DNA_OTHER_DATA.values():
        for row in db.execute(query):
            values[row["StatementId"]][names[row["VariableId"]]] = row["Value"]
    # DNA builds a statement from every variable of its type: none may be missing.
    assert all(set(v) == set(names.values()) for v in values.values())
    suga = next(
        values[i] for i, s in statements.items() if s["CoderName"] == "ann" and values[i]["person"]
    )
    assert suga == {
        "person": "Yoshihide Suga",
        "organization": "Japan",
        "concept": "The rulings breach international law",
        "agreement": 1,
        "stance": "Support",
        "score": 1,
        "note": 'said "firmly"; [bold] ünïcode',
    }
    opposed = next(values[i] for i, s in statements.items() if s["CoderName"] == "bob")
    assert (opposed["agreement"], opposed["score"]) == (0, -1)
    with sample_engine.connect() as connection:
        texts = {row[0] for row in connection.exec_driver_sql("SELECT text FROM sentence")}
    # DNA shows a statement as the document text between Start and Stop: our sentence.
    assert {s["Text"] for s in statements.values()} <= texts
    attributes: dict[int, set[str]] = {}
    for row in db.execute(DNA_ATTRIBUTES):
        attributes.setdefault(row["EntityId"], set()).add(row["AttributeVariable"])
    # As DNA's addStatement does: each person, organization and concept entity gets an
    # (empty) value for every attribute variable of its variable.
    entities = db.execute("SELECT ID FROM ENTITIES WHERE VariableId IN (1, 2, 3)").fetchall()
    assert {row["ID"]: attributes.get(row["ID"]) for row in entities} == {
        row["ID"]: {"Type", "Alias", "Notes"} for row in entities
    }


def test_dna_needs_a_file(sample_engine: Engine, db_url: str) -> None:
    result = run("export", "--db", db_url, "-f", "dna")
    assert result.exit_code == 2
    assert "--format dna writes a DNA database file: give -o FILE" in result.stderr


def test_dna_event_list_is_dna_s_own(sample_engine: Engine, db_url: str) -> None:
    label_sample(sample_engine)
    result = run("export", "--db", db_url, "-f", "dna-csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert lines[0] == (
        '"statement_id";"time";"person";"organization";"concept";"agreement";'
        '"start_position";"stop_position";"text";"coder";"document_id";"document_title";'
        '"document_author";"document_source";"document_section";"document_type"'
    )
    assert len(lines) == 4 and lines[-1]  # DNA writes no newline after the last row
    suga = next(line for line in lines if "breach" in line).split(";")
    # Export order is by document date: bob's statement comes first, then ann's two.
    assert suga[0] == "3" and suga[1].endswith(" 00:00:00")
    assert suga[2:6] == [
        '"Yoshihide Suga"',
        '"Japan"',
        '"The rulings breach international law"',
        "1",
    ]
    assert suga[9] == "3" and suga[6].isdigit() and suga[7].isdigit()
    assert all(line.count(";") == 15 for line in lines)  # no separator inside a field


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R (Rscript) is not installed")
def test_r_reads_the_event_list(sample_engine: Engine, db_url: str, tmp_path: Path) -> None:
    label_sample(sample_engine)
    with sample_engine.begin() as connection:  # a quote and a semicolon in the text
        connection.exec_driver_sql(
            "UPDATE sentence SET text = text || ' \"so\"; it''s' WHERE id = "
            "(SELECT sentence_id FROM decision WHERE annotator = 'bob' AND kind = 'statements')"
        )
    target = tmp_path / "events.csv"
    assert run("export", "--db", db_url, "-f", "dna-csv", "-o", str(target)).exit_code == 0
    script = (
        f'a <- read.csv("{target}", sep = ";"); b <- read.csv2("{target}", dec = ".");'
        'cat(nrow(a), ncol(a), nrow(b), sum(a$agreement), a$person[3], "\\n");'
        'cat(grepl("it\'s", a$text[1]), "\\n")'
    )
    out = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["3 16 3 2 Yoshihide Suga ", "TRUE "]
