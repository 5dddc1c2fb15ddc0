"""Fixtures: a real `featurestore serve` on a demo lake, started once per test session.

The CLI jar comes from FEATURESTORE_CLI_JAR (the Maven build sets it) or functions/local/target; Java from
JAVA_HOME. The lake gets the sample sources (3,000 customers) and two published versions of customer/acme and
one of alltypes/lab (tests/config: every field type, with nulls in each). Nothing is skipped: a missing jar or
Java fails the session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests

REPO = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent


def java() -> str:
    home = os.environ.get("JAVA_HOME")
    exe = Path(home, "bin", "java") if home else shutil.which("java")
    if not exe or not Path(exe).exists():
        pytest.fail("Cannot start featurestore serve: no Java (set JAVA_HOME to a JDK >= 21)", pytrace=False)
    return str(exe)


def cli_jar() -> Path:
    jar = Path(os.environ.get("FEATURESTORE_CLI_JAR", REPO / "functions/local/target/featurestore-cli.jar"))
    if not jar.is_file():
        pytest.fail(f"Cannot start featurestore serve: no CLI jar at {jar} (build it: mvn -pl functions/local -am package)",
                    pytrace=False)
    return jar


def cli(*args: str, lake: Path, config: Path, timeout: int = 300) -> str:
    command = [java(), "--enable-native-access=ALL-UNNAMED", "-jar", str(cli_jar()), *args,
               "--lake", str(lake), "--config", str(config)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {done.returncode}: {done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's config plus the alltypes group."""
    target = tmp_path_factory.mktemp("config")
    shutil.copytree(REPO / "config", target, dirs_exist_ok=True)
    shutil.copytree(HERE / "config", target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="session")
def lake(tmp_path_factory: pytest.TempPathFactory, config_dir: Path) -> Path:
    lake = tmp_path_factory.mktemp("lake")
    cli("sources", "--customers", "3000", lake=lake, config=config_dir)
    cli("calculate", "customer", "--org", "acme", lake=lake, config=config_dir)
    cli("calculate", "customer", "--org", "acme", lake=lake, config=config_dir)
    cli("calculate", "alltypes", lake=lake, config=config_dir)
    return lake


@pytest.fixture(scope="session")
def server(lake: Path, config_dir: Path) -> Iterator[str]:
    """The URL of a `featurestore serve` over the lake; stopped at the end of the session."""
    port = free_port()
    log = open(lake.parent / "serve.log", "w")
    process = subprocess.Popen([java(), "--enable-native-access=ALL-UNNAMED", "-jar", str(cli_jar()), "serve",
                                "--port", str(port), "--lake", str(lake), "--config", str(config_dir)],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            requests.get(url + "/groups", timeout=5)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"serve did not start: {(lake.parent / 'serve.log').read_text()}")
            time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def fs(server: str):
    from featurestore import FeatureStore

    with FeatureStore(server, org="acme") as store:
        yield store


@pytest.fixture
def customer(fs):
    return fs.get_group("customer")
