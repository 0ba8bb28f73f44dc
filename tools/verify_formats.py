"""Round-trip the sample annotation through real Label Studio and doccano servers.

Not part of the test run. It needs each server installed in a venv of its own:

    python3 -m venv /tmp/ls && /tmp/ls/bin/pip install label-studio
    python3 -m venv /tmp/dc && /tmp/dc/bin/pip install doccano 'marshmallow<4' 'numpy<2'

then, from the project's venv:

    .venv/bin/python tools/verify_formats.py --label-studio /tmp/ls --doccano /tmp/dc

It builds a database from `annotator init --sample` plus a second annotator (`kim`,
with a skip) and an adjudicator (`lee`), starts each server on 127.0.0.1 with a fresh
data folder, sends our export through the server's REST API (as the tool's own users,
one per annotator), takes the tool's own export back, imports it into a database that
holds the same documents and no decisions, and prints, field by field, how many of
the original decisions came back unchanged. Servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ANNOTATOR = str(Path(sys.executable).parent / "annotator")
REPO = Path(__file__).resolve().parent.parent
PASSWORD = "verify-" + secrets.token_hex(6)
Key = tuple[str, str]


def cli(*args: str) -> str:
    done = subprocess.run([ANNOTATOR, *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"annotator {' '.join(args)} failed:\n{done.stderr}")
    return done.stderr


def decisions(url: str) -> dict[Key, dict[str, Any]]:
    out = subprocess.run(
        [ANNOTATOR, "export", "--db", url], capture_output=True, text=True, check=True
    ).stdout
    lines = [json.loads(x) for x in out.splitlines()]
    return {(x["sentence_id"], x["annotator"]): x for x in lines}


def documents_only(work: Path, name: str) -> str:
    url = f"sqlite:///{work / name}.db"
    cli("init", "--db", url)
    cli("import", "--db", url, str(REPO / "sample_data"))
    return url


def original(work: Path) -> str:
    """The sample annotation (`sample`), a second annotator and an adjudicator."""
    url = f"sqlite:///{work / 'original.db'}"
    cli("init", "--sample", "--db", url)
    lines = list(decisions(url).values())
    extra = []
    for number, line in enumerate(lines[:8]):
        kim = {**line, "annotator": "kim"}
        if number == 1:
            kim.update(decision="skip", statements=[])
        extra.append(kim)
    for line in lines[10:12]:
        extra.append({**line, "annotator": "lee", "role": "adjudicator"})
    path = work / "extra.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in extra), encoding="utf-8")
    cli("import", "--db", url, "--labels", str(path))
    return url


def _statements(line: dict[str, Any], note: bool = False) -> list[tuple[Any, ...]]:
    keys = ("speaker", "claim", "stance", "note") if note else ("speaker", "claim", "stance")
    return [tuple(s.get(k) for k in keys) for s in line["statements"]]


FIELDS: list[tuple[str, Callable[[dict[str, Any], dict[str, Any]], bool]]] = [
    ("decision kind", lambda a, b: a["decision"] == b["decision"]),
    ("role", lambda a, b: a["role"] == b["role"]),
    (
        "statements (speaker, claim, stance)",
        lambda a, b: sorted(_statements(a)) == sorted(_statements(b)),
    ),
    ("statement order", lambda a, b: _statements(a) == _statements(b)),
    (
        "notes",
        lambda a, b: [s[3] for s in _statements(a, True)] == [s[3] for s in _statements(b, True)],
    ),
    ("created_at", lambda a, b: a["created_at"] == b["created_at"]),
    ("updated_at", lambda a, b: a["updated_at"] == b["updated_at"]),
]


def report(
    title: str,
    before: dict[Key, dict[str, Any]],
    after: dict[Key, dict[str, Any]],
    coder: Callable[[str], str],
) -> None:
    print(f"\n{title}")
    found = {key: after.get((key[0], coder(key[1]))) for key in before}
    back = {key: line for key, line in found.items() if line is not None}
    print(f"  {'decision (sentence, coder) back':40} {len(back):4} / {len(before)}")
    for name, same in FIELDS:
        count = sum(1 for key, line in back.items() if same(before[key], line))
        print(f"  {name:40} {count:4} / {len(back)}")
    expected = {(key[0], coder(key[1])) for key in before}
    extra = sorted(set(after) - expected)
    print(f"  {'decisions not in the original':40} {len(extra):4}")
    for key in extra[:5]:
        line = after[key]
        print(f"    {key[1]} on {key[0]}: {line['decision']} {_statements(line)}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(command: list[str], env: dict[str, str], log: Path) -> Iterator[None]:
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # celery's warm shutdown can hang
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


class Api:
    def __init__(self, base: str, auth: str = ""):
        self.base = base
        self.auth = auth

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
    ) -> Any:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if self.auth:
            request.add_header("Authorization", self.auth)
        with urllib.request.urlopen(request, timeout=300) as response:
            payload = response.read()
        if response.headers.get_content_type() == "application/json":
            return json.loads(payload or b"null")
        return payload

    def wait(self, path: str, seconds: float, method: str = "GET", body: Any = None) -> Any:
        deadline = time.monotonic() + seconds
        while True:
            try:
                return self.call(method, path, body)
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(3)


def version(venv: Path, package: str) -> str:
    return subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            f"import importlib.metadata as m; print(m.version({package!r}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


CODERS = ("sample", "kim", "lee")


def label_studio(venv: Path, work: Path, url: str) -> None:
    data, port, token = work / "label-studio", free_port(), secrets.token_hex(20)
    command = [
        str(venv / "bin" / "label-studio"),
        "start",
        "--host",
        "127.0.0.1",
        "-p",
        str(port),
        "-b",
        "--data-dir",
        str(data),
        "--username",
        "admin@example.org",
        "--password",
        PASSWORD,
        "--user-token",
        token,
        "--enable-legacy-api-token",
    ]
    print(f"\nLabel Studio {version(venv, 'label-studio')} on 127.0.0.1:{port}")
    with server(command, {"LABEL_STUDIO_BASE_DATA_DIR": str(data)}, work / "label-studio.log"):
        api = Api(f"http://127.0.0.1:{port}", f"Token {token}")
        api.wait("/health", 900)
        for name in CODERS:  # one Label Studio user per annotator
            api.call("POST", "/api/users", {"email": f"{name}@example.org", "username": name})
        tasks, config = work / "tasks.json", work / "config.xml"
        mapping = [f"--ls-email-map={n}={n}@example.org" for n in CODERS]
        cli(
            "export",
            "--db",
            url,
            "-f",
            "label-studio",
            "-o",
            str(tasks),
            "--config",
            str(config),
            *mapping,
        )
        project = api.call(
            "POST",
            "/api/projects",
            {
                "title": "stance round trip",
                "label_config": config.read_text(encoding="utf-8"),
            },
        )["id"]
        imported = api.call("POST", f"/api/projects/{project}/import", raw=tasks.read_bytes())
        print(
            f"  imported through the API: {imported['task_count']} tasks, "
            f"{imported['annotation_count']} annotations"
        )
        # A new annotation made by the admin in Label Studio, as its editor saves it
        # (one result id per control), on a task that already has one of ours.
        first = api.call("GET", f"/api/tasks?project={project}&page_size=1")["tasks"][0]
        result = [
            {
                "id": f"ed{n}",
                "from_name": c,
                "to_name": "text",
                "type": "choices",
                "origin": "manual",
                "value": {"choices": [v]},
            }
            for n, (c, v) in enumerate(
                (("speaker", "kr_government"), ("claim", "bilateral_talks"), ("stance", "oppose"))
            )
        ]
        api.call("POST", f"/api/tasks/{first['id']}/annotations", {"result": result})
        snapshot = api.call(
            "POST",
            f"/api/projects/{project}/exports",
            {
                "title": "round trip",
                "serialization_options": {"annotations__completed_by": {"only_id": False}},
            },
        )
        while snapshot["status"] not in ("completed", "failed"):
            time.sleep(2)
            snapshot = api.call("GET", f"/api/projects/{project}/exports/{snapshot['id']}")
        exports = {
            "snapshot export (completed_by expanded)": api.call(
                "GET", f"/api/projects/{project}/exports/{snapshot['id']}/download?exportType=JSON"
            ),
            "quick export (completed_by as user id)": api.call(
                "GET", f"/api/projects/{project}/export?exportType=JSON"
            ),
        }
    before = decisions(url)
    for number, (title, payload) in enumerate(exports.items()):
        path = work / f"label-studio-export-{number}.json"
        path.write_bytes(payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        back = documents_only(work, f"back-ls-{number}")
        print(
            cli(
                "import",
                "--db",
                back,
                "--labels",
                str(path),
                "-f",
                "label-studio",
                "--as-decisions",
            )
            .strip()
            .splitlines()[-1]
        )
        report(f"Label Studio, {title}", before, decisions(back), lambda name: name)


def doccano(venv: Path, work: Path, url: str) -> None:
    home, port = work / "doccano", free_port()
    env = {
        "DOCCANO_HOME": str(home),
        "STANDALONE": "True",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "MEDIA_ROOT": str(home / "media"),
    }
    doccano_cli = str(venv / "bin" / "doccano")
    run_env = {**os.environ, **env}
    subprocess.run([doccano_cli, "init"], env=run_env, check=True, capture_output=True)
    for name in ("admin", *CODERS):
        subprocess.run(
            [doccano_cli, "createuser", "--username", name, "--password", PASSWORD],
            env=run_env,
            check=True,
            capture_output=True,
        )
    backend = next((venv / "lib").glob("python3*/site-packages/backend"))
    web = [
        str(venv / "bin" / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--chdir",
        str(backend),
        "config.wsgi",
    ]
    print(f"\ndoccano {version(venv, 'doccano')} on 127.0.0.1:{port}")
    with (
        server(web, env, work / "doccano-web.log"),
        server([doccano_cli, "task"], env, work / "doccano-task.log"),
    ):
        base = f"http://127.0.0.1:{port}"

        def login(name: str) -> Api:
            key = Api(base).wait(
                "/v1/auth/login/", 300, "POST", {"username": name, "password": PASSWORD}
            )["key"]
            return Api(base, f"Token {key}")

        admin = login("admin")
        project = admin.call(
            "POST",
            "/v1/projects",
            {
                "name": "stance round trip",
                "description": "round trip",
                "project_type": "DocumentClassification",
                "resourcetype": "TextClassificationProject",
                "single_class_classification": False,
                "random_order": False,
                "collaborative_annotation": False,
                "tags": [],
            },
        )["id"]
        role = next(r["id"] for r in admin.call("GET", "/v1/roles") if r["name"] == "project_admin")
        users = {u["username"]: u["id"] for u in admin.call("GET", "/v1/users")}
        for name in CODERS:
            admin.call(
                "POST", f"/v1/projects/{project}/members", {"user": users[name], "role": role}
            )
        for name in CODERS:  # each annotator's decisions uploaded by their doccano user
            path = work / f"{name}.jsonl"
            cli("export", "--db", url, "-f", "doccano", "--annotator", name, "-o", str(path))
            coder = login(name)
            boundary = secrets.token_hex(8)
            body = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="filepond"; '
                    f'filename="{path.name}"\r\nContent-Type: application/json\r\n\r\n'
                ).encode()
                + path.read_bytes()
                + f"\r\n--{boundary}--\r\n".encode()
            )
            upload = coder.call(
                "POST",
                "/v1/fp/process/",
                raw=body,
                content_type=f"multipart/form-data; boundary={boundary}",
            )
            task = coder.call(
                "POST",
                f"/v1/projects/{project}/upload",
                {
                    "uploadIds": [upload.decode()],
                    "format": "JSONL",
                    "task": "DocumentClassification",
                    "column_data": "text",
                    "column_label": "label",
                    "delimiter": ",",
                    "encoding": "utf_8",
                },
            )["task_id"]
            status = coder.call("GET", f"/v1/tasks/status/{task}")
            while not status["ready"]:
                time.sleep(2)
                status = coder.call("GET", f"/v1/tasks/status/{task}")
            errors = (status.get("result") or {}).get("error") or []
            print(f"  uploaded {path.name} as doccano user {name}: {len(errors)} error(s)")
        examples = admin.call("GET", f"/v1/projects/{project}/examples?limit=1")["count"]
        print(f"  examples in the project: {examples}")
        task = admin.call(
            "POST", f"/v1/projects/{project}/download", {"format": "JSONL", "exportApproved": False}
        )["task_id"]
        while not admin.call("GET", f"/v1/tasks/status/{task}")["ready"]:
            time.sleep(2)
        archive = work / "doccano-export.zip"
        archive.write_bytes(admin.call("GET", f"/v1/projects/{project}/download?taskId={task}"))
    back = documents_only(work, "back-doccano")
    print(
        cli(
            "import", "--db", back, "--labels", str(archive), "-f", "doccano", "--as-decisions"
        ).strip()
    )
    report(
        "doccano, export zip (one <user>.jsonl per user)",
        decisions(url),
        decisions(back),
        lambda name: name,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label-studio", type=Path, metavar="VENV")
    parser.add_argument("--doccano", type=Path, metavar="VENV")
    parser.add_argument("--work", type=Path, help="folder for databases, exports and logs")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="verify-formats-"))
    work.mkdir(parents=True, exist_ok=True)
    url = original(work)
    before = decisions(url)
    coders = sorted({annotator for _, annotator in before})
    print(f"original: {len(before)} decisions by {', '.join(coders)}; work folder {work}")
    if args.label_studio:
        label_studio(args.label_studio, work, url)
    if args.doccano:
        doccano(args.doccano, work, url)


if __name__ == "__main__":
    main()
