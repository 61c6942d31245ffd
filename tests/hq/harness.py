"""A real ``ocpsc-hq serve`` process on a free loopback port, and a device that talks to it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from ocpsc_field.core.ids import new_id
from ocpsc_field.sync.protocol import (
    DEVICES_PATH,
    ENROLL_PATH,
    EXCHANGE_PATH,
    HEALTH_PATH,
    STREAMS,
    Enrolled,
    EnrollRequest,
    ExchangeRequest,
    WireOp,
    encode_body,
)

ROOT = Path(__file__).resolve().parents[2]
HQ = str(Path(sys.executable).with_name("ocpsc-hq"))
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hq_environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("OCPSC_HQ_")}
    env["OCPSC_HQ_DATA_DIR"] = str(data_dir)
    if database_url:
        env["OCPSC_HQ_DATABASE_URL"] = database_url
    return env


class Agent:
    """The test helper process (``tests/hq/agent.py``) bound to one HQ database."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.hq.agent"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert json.loads(self._line())["ready"]

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the HQ test agent exited")
        return line

    def send(self, request: dict[str, Any]) -> dict[str, Any]:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self._line())

    def command(self, name: str, *args: str) -> str:
        reply = self.send({"command": name, "args": list(args)})
        if not reply["ok"]:
            raise AssertionError(f"{name} failed: {reply['error']}")
        return reply["stdout"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(10)


@dataclass
class Server:
    """One running HQ: its URL, its data folder and database, and a command agent."""

    backend: str
    data_dir: Path
    database_url: str | None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    agent: Agent | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return hq_environment(self.data_dir, self.database_url)

    def start(self, workers: int = 2, threads: int | None = None) -> Server:
        self.log = (self.data_dir / "serve.log").open("ab")
        thread_option = ["--threads", str(threads)] if threads else []
        self.process = subprocess.Popen(
            [HQ, "serve", "--port", str(self.port), "--workers", str(workers), *thread_option],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ocpsc-hq serve exited: {self.log_text()}")
            try:
                if requests.get(self.url + HEALTH_PATH, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError(f"ocpsc-hq did not answer /health: {self.log_text()}")
        self.agent = Agent(self.env)
        return self

    def log_text(self) -> str:
        return (self.data_dir / "serve.log").read_text(errors="replace")

    def stop(self) -> None:
        if self.agent is not None:
            self.agent.close()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if hasattr(self, "log"):
            self.log.close()

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        """The real CLI: ``ocpsc-hq manage ARGS`` against this server's database."""
        return subprocess.run(
            [HQ, "manage", *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def staff(self, organization: str, role: str, password: str) -> str:
        """A coordinator or HQ admin who can log in to the admin."""
        username = f"staff-{uuid.uuid4().hex[:8]}"
        made = self.manage(
            "create_user",
            username,
            "--org",
            organization,
            "--role",
            role,
            OCPSC_HQ_USER_PASSWORD=password,
        )
        assert made.returncode == 0, made.stderr
        return username

    # -- fixtures through the agent -------------------------------------------------------
    def organization(self, prefix: str = "Org") -> str:
        name = f"{prefix} {uuid.uuid4().hex[:8]}"
        self.agent.command("create_organization", name)
        return name

    def user(self, organization: str, role: str = "cbo_staff") -> str:
        username = f"user-{uuid.uuid4().hex[:10]}"
        self.agent.command("create_user", username, "--org", organization, "--role", role)
        return username

    def code(self, username: str, *extra: str) -> str:
        printed = self.agent.command("issue_enrollment_code", username, *extra)
        return printed.strip().splitlines()[-1]

    def counts(self, organization: str) -> dict[str, Any]:
        return json.loads(self.agent.command("record_counts", "--org", organization))

    def device(self, organization: str | None = None, role: str = "cbo_staff") -> Device:
        """A freshly enrolled device of a new user (in a new organization unless given)."""
        organization = organization or self.organization()
        username = self.user(organization, role)
        return Device.enroll(self, self.code(username), organization=organization)


class Device:
    """A field device as HQ sees it: an enrolled token, a journal of ops, and cursors."""

    def __init__(self, server: Server, enrolled: dict[str, Any], organization: str) -> None:
        self.server = server
        self.enrolled = enrolled
        self.id = enrolled["device_id"]
        self.token = enrolled["device_token"]
        self.organization = organization
        self.organization_id = enrolled["organization"]["id"]
        self.local_id = uuid.uuid4().hex[:12]
        self.next_op_id = 1
        self.wall_ms = int(time.time() * 1000)
        self.cursors: dict[str, int] = {}
        self.session = requests.Session()

    @classmethod
    def enroll(cls, server: Server, code: str, organization: str) -> Device:
        body = EnrollRequest(code, device_name="test laptop").to_json()
        response = requests.post(server.url + ENROLL_PATH, json=body, timeout=30)
        assert response.status_code == 201, response.text
        assert Enrolled.from_json(response.json()).organization_name == organization
        return cls(server, response.json(), organization)

    # -- making ops ------------------------------------------------------------------------
    def hlc(self) -> str:
        self.wall_ms += 1
        return f"{self.wall_ms:013d}-0000-{self.local_id}"

    def op(self, kind: str, record_id: str, op: str, fields: dict[str, Any]) -> WireOp:
        made = WireOp(self.next_op_id, kind, record_id, op, 1, self.hlc(), fields)
        self.next_op_id += 1
        return made

    def create(self, kind: str, fields: dict[str, Any], record_id: str | None = None) -> WireOp:
        return self.op(kind, record_id or new_id(), "create", fields)

    def update(self, kind: str, record_id: str, fields: dict[str, Any]) -> WireOp:
        return self.op(kind, record_id, "update", fields)

    # -- talking to HQ ---------------------------------------------------------------------
    def post(self, body: dict[str, Any], *, token: str | None = None) -> requests.Response:
        return self.session.post(
            self.server.url + EXCHANGE_PATH,
            data=encode_body(body),
            headers={
                "Authorization": f"Bearer {token or self.token}",
                "Content-Encoding": "gzip",
                "Accept-Encoding": "gzip",
                "Content-Type": "application/json",
            },
            timeout=60,
        )

    def exchange(
        self,
        ops: list[WireOp] = (),
        *,
        streams: tuple[str, ...] = (),
        page_size: int = 500,
        expect: int = 200,
    ) -> dict[str, Any]:
        """Send ``ops`` and read ``streams`` plus every stream read before, as the app
        does: its cursors tell HQ which changes its edits were based on."""
        cursors = {**self.cursors, **{name: self.cursors.get(name, 0) for name in streams}}
        request = ExchangeRequest(self.id, list(ops), cursors=cursors, page_size=page_size)
        response = self.post(request.to_json())
        assert response.status_code == expect, response.text
        answer = response.json()
        for name, page in answer.get("streams", {}).items():
            self.cursors[name] = page["cursor"]
        return answer

    def pull_all(self, stream: str, page_size: int = 500) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        while True:
            page = self.exchange(streams=(stream,), page_size=page_size)["streams"][stream]
            records.extend(page["records"])
            if not page["has_more"]:
                return records

    def devices(self) -> requests.Response:
        return self.session.get(
            self.server.url + DEVICES_PATH,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )


def states(answer: dict[str, Any]) -> list[str]:
    return [receipt["state"] for receipt in answer["receipts"]]


ALL_STREAMS = STREAMS
