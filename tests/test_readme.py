"""Every command the README shows, run as a new user would type it, against the replay server.

The commands run word for word in a copy of the project, with the environment pointing every
crawl at the replay server (``NEWSCRAWL_REPLAY_URL``) and at a crawl state of its own. A command
the README gains without a check here fails :func:`test_every_readme_command_is_checked`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.request import urlopen

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.outlets import OUTLETS
from tests.crawls import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable

    from newscrawl.replay.server import ReplayServer

pytestmark = pytest.mark.e2e

README = (ROOT / "README.md").read_text("utf-8")
BIN = Path(sys.executable).parent
SCRAPYD_URL = "http://127.0.0.1:6800"


def shell_commands() -> list[str]:
    """The commands of the README's ``sh`` blocks, one per line."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def python_blocks() -> list[str]:
    """The README's ``python`` blocks."""
    return re.findall(r"```python\n(.*?)```", README, re.DOTALL)


def starting(*words: str) -> list[str]:
    """The README commands that start with ``words``."""
    return [line for line in shell_commands() if shlex.split(line)[: len(words)] == list(words)]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, replay: ReplayServer) -> Sandbox:
    """A copy of the project to run the commands in, and their environment."""
    home = tmp_path_factory.mktemp("readme")
    project = home / "newscrawl"
    project.mkdir()
    shutil.copytree(ROOT / "newscrawl", project / "newscrawl",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "scrapy.cfg"):
        shutil.copy(ROOT / name, project)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "NEWSCRAWL_REPLAY_URL": replay.url,
        "NEWSCRAWL_STATE_DIR": str(home / "state"),
    }
    return Sandbox(project, env)


class Sandbox:
    """Where and with what environment the README's commands run."""

    def __init__(self, directory: Path, env: dict[str, str]) -> None:
        self.directory = directory
        self.env = env

    def run(self, command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """``command`` through the shell, as typed; fails the test on a non-zero exit."""
        result = subprocess.run(
            command, shell=True, cwd=self.directory, env=self.env, capture_output=True,
            text=True, timeout=timeout, check=False,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        return result


def articles(path: Path) -> list[dict[str, object]]:
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert items, f"{path} is empty"
    assert all(not schema_errors(item) for item in items)
    return items


def test_the_install_command_is_the_one_ci_runs() -> None:
    (install,) = [line for line in shell_commands() if "pip install" in line]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python3 -m venv .venv" in install
    assert "python3 -m venv .venv" in ci
    assert "pip install -e '.[dev]'" in install
    assert "-e '.[dev]'" in ci
    for package in re.findall(r"apt-get install -y ([\w\s-]+?)(?:&&|$)", install)[0].split():
        assert f"install -y -qq {package}" in ci


def test_the_test_command_is_the_one_ci_runs() -> None:
    assert starting("pytest") == ["pytest"]
    assert "`pytest --all`" in README
    assert (ROOT / ".ci" / "run").read_text("utf-8").rstrip().endswith("pytest --all")


def test_the_demo(sandbox: Sandbox) -> None:
    (demo,) = starting("newscrawl", "demo")
    output = sandbox.run(demo, timeout=600).stdout
    items = articles(sandbox.directory / "articles.jsonl")
    assert {item["outlet"] for item in items} == set(OUTLETS) - {"site"}
    assert f"{len(items)} articles written" in output


def test_crawling_an_outlet(sandbox: Sandbox) -> None:
    (crawl,) = [line for line in starting("newscrawl", "crawl")
                if "--replay" not in line and "--source" not in line]
    sandbox.run(crawl)
    target = Path(sandbox.directory, shlex.split(crawl)[shlex.split(crawl).index("-o") + 1])
    assert {item["outlet"] for item in articles(target)} == {"aqnews"}


def test_years_from_the_archives(sandbox: Sandbox, tmp_path: Path) -> None:
    (crawl,) = [line for line in starting("newscrawl", "crawl") if "--source" in line]
    (ccnews,) = starting("newscrawl", "ccnews")
    # A state of their own: the other commands' live crawl of aqnews would be skipped here.
    archives = Sandbox(sandbox.directory, {**sandbox.env, "NEWSCRAWL_STATE_DIR": str(tmp_path)})
    archives.run(crawl)
    target = Path(sandbox.directory, shlex.split(crawl)[shlex.split(crawl).index("-o") + 1])
    captured = articles(target)
    assert {item["outlet"] for item in captured} == {"aqnews"}
    assert {item["archive"]["source"] for item in captured} == {"commoncrawl"}  # type: ignore[index]
    output = archives.run(ccnews).stdout
    out = Path(sandbox.directory, shlex.split(ccnews)[shlex.split(ccnews).index("-o") + 1])
    # aqnews's pages were read from Common Crawl just before: CC-NEWS does not write them again.
    assert sorted(path.parent.name for path in out.glob("*/*.jsonl")) == ["tengrinews"]
    (written,) = out.glob("tengrinews/*.jsonl")
    assert {item["archive"]["source"] for item in articles(written)} == {"ccnews"}  # type: ignore[index]
    assert "skipped/seen" in output


def test_from_an_outlet_to_a_parquet_corpus(sandbox: Sandbox) -> None:
    crawl, export = starting("newscrawl", "crawl", "aqnews", "tengrinews")[0], starting(
        "newscrawl", "export")[0]
    (load,) = starting("python", "-c")
    sandbox.run(crawl)
    sandbox.run(export)
    output = sandbox.run(load).stdout
    assert re.search(r"aqnews\s+\d+", output), output
    assert re.search(r"tengrinews\s+\d+", output), output


def test_scheduling_on_scrapyd(sandbox: Sandbox, tmp_path: Path) -> None:
    deploy, schedule = starting("scrapyd-deploy")[0], starting("newscrawl", "schedule")[0]
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = 6800\n"
        f"items_dir = {home}/items\nlogs_dir = {home}/logs\neggs_dir = {home}/eggs\n"
        f"dbs_dir = {home}/dbs\npoll_interval = 0.5\n"
    )
    log = (home / "scrapyd.log").open("wb")
    # A state of the jobs' own: the crawls above fetched these outlets already.
    env = {**sandbox.env, "NEWSCRAWL_STATE_DIR": str(home / "state")}
    server = subprocess.Popen([BIN / "scrapyd"], cwd=home, env=env, stdout=log, stderr=log)
    try:
        _wait(lambda: _get("/daemonstatus.json")["status"] == "ok", 30)
        sandbox.run(deploy)
        jobs = _scheduled_once(sandbox, schedule)
        _wait(lambda: {job["id"] for job in _get("/listjobs.json?project=newscrawl")[
            "finished"]} >= set(jobs.values()), 240)
        for outlet, job in jobs.items():
            (items,) = (home / "items" / "newscrawl" / outlet).glob(f"{job}.jl")
            assert {item["outlet"] for item in articles(items)} == {outlet}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _scheduled_once(sandbox: Sandbox, command: str) -> dict[str, str]:
    """Run the (periodic) schedule command until its first round is scheduled; its jobs."""
    process = subprocess.Popen(
        command, shell=True, cwd=sandbox.directory, env=sandbox.env, stdout=subprocess.PIPE,
        text=True, start_new_session=True,
    )
    words = shlex.split(command)
    expected = {words[i + 1] for i, word in enumerate(words) if word == "--outlet"}
    jobs: dict[str, str] = {}
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if ": job " in line:
                outlet, job = line.strip().split(": job ")
                jobs[outlet] = job
            if set(jobs) >= expected:
                break
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
    return jobs


def test_the_python_example(sandbox: Sandbox) -> None:
    (example,) = python_blocks()
    script = sandbox.directory / "example.py"
    script.write_text(example, "utf-8")
    output = sandbox.run(f"{sys.executable} {script}").stdout
    lines = output.splitlines()
    assert len([line for line in lines if re.match(r"\d{4}-\d\d-\d\dT", line)]) == 3, output
    assert "'outlet': 'aqnews'" in output


def test_every_readme_command_is_checked() -> None:
    checked = {
        *starting("newscrawl", "demo"), *starting("newscrawl", "crawl"),
        *starting("newscrawl", "export"), *starting("newscrawl", "ccnews"),
        *starting("python", "-c"), *starting("pytest"),
        *starting("scrapyd-deploy"), *starting("newscrawl", "schedule"),
        *(line for line in shell_commands() if "pip install" in line),
    }
    assert set(shell_commands()) == checked
    assert len(python_blocks()) == 1


def _get(path: str) -> dict[str, object]:
    with urlopen(f"{SCRAPYD_URL}{path}", timeout=10) as response:
        return json.load(response)


def _wait(done: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if done():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"not done after {timeout} s")
