"""Bahith as a user installs it: a wheel built from the checkout, installed away from the source tree.

The templates and the index mappings live in the top-level `templates/` and `mappings/` folders but
ship inside the package (`search.templates`, `search.mappings`); these tests install the wheel
into fresh environments (a plain install, then `pip install --user` with the web and OpenSearch
extras) with HOME and the working folder in a temporary directory, and use it like a user would.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest

from search.extras import EXTRAS

ROOT = Path(__file__).resolve().parents[1]
OPENSEARCH = os.environ.get("BAHITH_TEST_OPENSEARCH", "").rstrip("/")


def test_every_subpackage_of_search_ships_in_the_wheel():
    """pyproject lists the packages (so templates/ and mappings/ can be mapped into search.*): a new
    folder of search/ left out of the list would be missing from every non-editable install."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "search").rglob("__init__.py")}
    assert on_disk - listed == set(), f"add these to [tool.setuptools] packages in pyproject.toml: {on_disk - listed}"
    assert {"search.templates", "search.mappings"} <= listed


def test_extras_name_the_modules_pyproject_installs():
    """The extra a missing module's message names is the one pyproject defines for it."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert set(EXTRAS) <= set(extras)
    assert "bahith[web,opensearch]" in extras["all"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, f"{done.args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _serve_and_fetch(bahith: str, env: dict[str, str], cwd: Path) -> str:
    """Start `bahith serve` on a free loopback port and return the search page's HTML."""
    port = _free_port()
    server = subprocess.Popen([bahith, "serve", "--port", str(port)], env=env, cwd=cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"bahith serve exited {server.returncode}:\n{server.stdout.read()}")
            try:
                status, html = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("bahith serve did not answer within 60 s")
                time.sleep(0.3)
        assert status == 200, html[:500]
        css_status, css = _get(f"http://127.0.0.1:{port}/static/style.css")
        assert css_status == 200 and css.strip()
        return html
    finally:
        server.terminate()
        server.wait(timeout=20)


def _delete_indices(alias: str) -> None:
    with urllib.request.urlopen(f"{OPENSEARCH}/_cat/indices/{alias}*?format=json", timeout=10) as r:
        names = [row["index"] for row in json.load(r)]
    for name in names:
        urllib.request.urlopen(urllib.request.Request(f"{OPENSEARCH}/{name}", method="DELETE"), timeout=30).close()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _ok(_run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
              "-w", str(out)], dict(os.environ), out))
    built = list(out.glob("bahith-*.whl"))
    assert len(built) == 1, built
    with zipfile.ZipFile(built[0]) as whl:
        names = set(whl.namelist())
    for folder in ("templates", "mappings"):
        shipped = {f"search/{folder}/{p.relative_to(ROOT / folder).as_posix()}"
                   for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
        assert shipped - names == set(), f"missing from the wheel: {sorted(shipped - names)}"
    assert not [n for n in names if n.startswith("tools/") or "__pycache__" in n]  # build tools stay out
    return built[0]


@pytest.fixture
def user_env(tmp_path) -> tuple[dict[str, str], Path]:
    """HOME, the user base and the working folder in a temporary directory; pip's cache kept."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "BAHITH_ENGINE", "BAHITH_TEMPLATES"}}
    env.update(HOME=str(home), PYTHONUSERBASE=str(home / ".local"), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")))
    env.pop("PYTHONNOUSERSITE", None)
    return env, work


def _venv(path: Path, env: dict[str, str], system_site: bool = False) -> Path:
    base = getattr(sys, "_base_executable", sys.executable)
    _ok(_run([base, "-m", "venv", *(["--system-site-packages"] if system_site else []), str(path)], env, path.parent))
    return path / "bin" / "python"


@pytest.mark.slow
def test_plain_install_indexes_and_searches_and_names_the_missing_extras(wheel, user_env, tmp_path):
    """Without extras: the SQLite archive works end to end; `serve` and an OpenSearch URL say which extra."""
    env, work = user_env
    python = _venv(tmp_path / "plain", env)
    _ok(_run([str(python), "-m", "pip", "install", "-q", str(wheel)], env, work))
    bahith = str(tmp_path / "plain" / "bin" / "bahith")
    shutil.copytree(ROOT / "examples" / "sample-archive", work / "archive")
    _ok(_run([bahith, "index", "archive"], env, work))
    found = json.loads(_ok(_run([bahith, "search", "مفاوضات فيينا", "--json"], env, work)))
    assert found["total"] >= 1
    # the same through `python -m search`
    assert json.loads(_ok(_run([str(python), "-m", "search", "stats", "--json"], env, work)))["articles"] >= 1

    served = _run([bahith, "serve", "--port", str(_free_port())], env, work, timeout=60)
    assert served.returncode == 1
    assert "pip install 'bahith[web]'" in served.stderr, served.stderr
    if OPENSEARCH:
        alias = f"bahith-pkgtest-{uuid.uuid4().hex[:8]}"
        env_os = {**env, "BAHITH_ENGINE": f"opensearch+{OPENSEARCH}/{alias}"}
        init = _run([bahith, "engine", "init"], env_os, work, timeout=60)
        assert init.returncode == 1
        assert "pip install 'bahith[opensearch]'" in init.stderr, init.stderr


@pytest.mark.slow
def test_user_install_serves_pages_and_creates_a_search_server_index(wheel, user_env, tmp_path):
    """`pip install --user 'bahith[all]'`: the templates and mappings come from the installed package."""
    env, work = user_env
    python = _venv(tmp_path / "sys", env, system_site=True)  # a --user install needs a visible user site
    _ok(_run([str(python), "-m", "pip", "install", "-q", "--user", f"{wheel}[all]"], env, work))
    bahith = str(Path(env["PYTHONUSERBASE"]) / "bin" / "bahith")
    location = _ok(_run([str(python), "-c", "import search; print(search.__file__)"], env, work))
    assert location.startswith(env["PYTHONUSERBASE"]), location  # not the checkout
    shutil.copytree(ROOT / "examples" / "sample-archive", work / "archive")
    _ok(_run([bahith, "index", "archive"], env, work))

    html = _serve_and_fetch(bahith, env, work)
    assert "<form" in html and 'dir="rtl"' in html

    if not OPENSEARCH:
        pytest.skip("BAHITH_TEST_OPENSEARCH is not set: the search-server half needs a real OpenSearch")
    alias = f"bahith-pkgtest-{uuid.uuid4().hex[:8]}"
    env_os = {**env, "BAHITH_ENGINE": f"opensearch+{OPENSEARCH}/{alias}"}
    try:
        _ok(_run([bahith, "engine", "init"], env_os, work, timeout=120))
        status = json.loads(_ok(_run([bahith, "engine", "status", "--json"], env_os, work, timeout=60)))
        assert status["reindex_needed"] is False, status  # built from the packaged, current mappings
        with urllib.request.urlopen(f"{OPENSEARCH}/{alias}/_mapping", timeout=10) as r:
            mapping = next(iter(json.load(r).values()))["mappings"]
        assert mapping["_meta"]["bahith_mapping"] == "articles"
    finally:
        _delete_indices(alias)
