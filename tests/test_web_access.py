"""Who may reach the archive through the web app: each test replays an attack on `bahith serve` first.

Host spoofing (DNS rebinding) is tried against a real `bahith serve` on 127.0.0.1; the other
attacks go through Starlette's TestClient, which runs the same application in-process.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from test_web_archive import web_archive  # noqa: F401

from benchmarks.serving import free_port, start_serve, stop_serve
from search.backends import open_backend
from search.web import create_app

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://localhost"
TOKEN = "access-token-for-the-tests-0123456789abcdef"
ATTACKER = "rebind.attacker.example"
CSRF_IN_PAGE = re.compile(r'name="csrf" value="([^"]+)"')


def serve_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAHITH_")}
    env.update(extra)
    return env


@pytest.fixture
def archive_copy(web_archive, tmp_path):  # noqa: F811
    """A copy of the archive: saving a search writes to it."""
    path = tmp_path / "archive.db"
    shutil.copy(web_archive, path)
    return path


def start_server(archive: Path, folder: Path, *args: str, env: dict[str, str] | None = None):
    proc, port, log = start_serve(f"sqlite:///{archive}", *args, env=env or serve_env(),
                                  log_path=folder / f"serve-{len(list(folder.glob('serve-*.log')))}.log")
    return proc, port, log


stop_server = stop_serve


def raw_get(port: int, path: str, host: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    """A GET to 127.0.0.1:port carrying this Host header, as a browser tricked by DNS rebinding sends it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def open_server(web_archive, tmp_path_factory):  # noqa: F811
    """The default: `bahith serve` on loopback with no login, plus one name of its own."""
    folder = tmp_path_factory.mktemp("open-server")
    proc, port, log = start_server(web_archive, folder,
                                   env=serve_env(BAHITH_ALLOWED_HOSTS="archive.newsroom.example"))
    yield port
    stop_server(proc, log)


def test_dns_rebinding_gets_no_archive_from_the_loopback_server(open_server):
    port = open_server
    for path in ("/api/export.jsonl", "/api/stats", "/", "/login"):
        status, headers, body = raw_get(port, path, f"{ATTACKER}:{port}")
        assert status == 400, f"{path} answered {status} to Host {ATTACKER}"
        assert "مفاوضات" not in body and "csrf" not in body
        assert ATTACKER in body and "--allowed-host" in body  # says why, and what the owner can do
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
    for host in (ATTACKER, "evil.localhost", "127.0.0.1.attacker.example", "", "local host"):
        assert raw_get(port, "/api/stats", host)[0] == 400, host
    # the names of this machine, with or without a port, and the one it was given
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost", "LOCALHOST.",
                 "archive.newsroom.example", f"archive.newsroom.example:{port}"):
        status, _, body = raw_get(port, "/api/export.jsonl", host)
        assert status == 200 and "مفاوضات" in body, host


def test_token_from_a_file_never_shows_in_ps(archive_copy, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    token_file.chmod(0o600)
    proc, port, log = start_server(archive_copy, tmp_path, "--auth-file", str(token_file))
    try:
        assert TOKEN not in Path(f"/proc/{proc.pid}/cmdline").read_text(errors="replace")
        assert raw_get(port, "/api/stats", f"127.0.0.1:{port}")[0] == 401
        status, _, body = raw_get(port, "/api/stats", f"127.0.0.1:{port}", {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and '"articles"' in body
        assert raw_get(port, "/api/stats", ATTACKER, {"Authorization": f"Bearer {TOKEN}"})[0] == 400
    finally:
        stop_server(proc, log)


def run_serve(*args: str, timeout: float = 30, **env: str) -> subprocess.CompletedProcess:
    """`bahith serve` that must stop by itself (a refusal); a server that starts instead fails the test."""
    try:
        return subprocess.run([sys.executable, "-m", "search.cli", "serve", *args], env=serve_env(**env),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"bahith serve {' '.join(args)} started a server instead of refusing")


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1"])
def test_serve_refuses_a_public_address_without_a_token(web_archive, host):  # noqa: F811
    for env in ({}, {"BAHITH_AUTH_TOKEN": ""}):
        done = run_serve("--engine", f"sqlite:///{web_archive}", "--host", host, "--port", str(free_port()), **env)
        assert done.returncode != 0
        assert f"refusing to serve on {host} without an access token" in done.stderr
        assert "BAHITH_AUTH_TOKEN" in done.stderr and "127.0.0.1" in done.stderr


def test_serve_refuses_a_short_token_and_says_how_to_make_one(web_archive, tmp_path):  # noqa: F811
    port = str(free_port())
    done = run_serve("--engine", f"sqlite:///{web_archive}", "--port", port, BAHITH_AUTH_TOKEN="nine-char")
    assert done.returncode != 0
    assert "$BAHITH_AUTH_TOKEN" in done.stderr and "9 characters" in done.stderr and "at least 32" in done.stderr
    assert "secrets.token_urlsafe(32)" in done.stderr
    short = tmp_path / "token"
    short.write_text("x" * 31, encoding="utf-8")
    done = run_serve("--engine", f"sqlite:///{web_archive}", "--port", port, "--auth-file", str(short))
    assert done.returncode != 0 and str(short) in done.stderr and "31 characters" in done.stderr


def test_serve_no_longer_takes_the_token_on_the_command_line(web_archive):  # noqa: F811
    done = run_serve("--engine", f"sqlite:///{web_archive}", "--port", str(free_port()), "--auth", TOKEN)
    assert done.returncode != 0
    assert "--auth TOKEN was removed" in done.stderr and "ps" in done.stderr and "--auth-file" in done.stderr


def test_short_token_refused_by_the_app_itself(web_archive):  # noqa: F811
    backend = open_backend(f"sqlite:///{web_archive}", create=False)
    with pytest.raises(ValueError, match=r"9 characters; it needs at least 32 .*secrets\.token_urlsafe\(32\)"):
        create_app(backend, auth_token="s3cret-tk")


@pytest.mark.parametrize("name", ["compose.yml", "compose.opensearch.yml"])
def test_compose_publishes_on_loopback_and_requires_a_token(name):
    compose = yaml.safe_load((ROOT / "docker" / name).read_text(encoding="utf-8"))
    web = compose["services"]["bahith"]
    assert web["ports"], "the web app is published"
    for port in web["ports"]:
        assert str(port).startswith("127.0.0.1:"), f"{name}: {port} is published on every interface"
    for service in compose["services"].values():
        assert all("0.0.0.0" not in str(p) for p in service.get("ports", [])), name
    token = web["environment"]["BAHITH_AUTH_TOKEN"]
    assert token.startswith("${BAHITH_AUTH_TOKEN:?"), f"{name}: compose starts without a token ({token})"


# -- forms: CSRF and Origin ---------------------------------------------------------------------------


@pytest.fixture
def saving_app(archive_copy):
    return create_app(open_backend(f"sqlite:///{archive_copy}", create=False),
                      saved_store_url=f"sqlite:///{archive_copy}")


def saved_count(client: TestClient) -> int:
    return client.get("/saved").text.count('class="saved-run"')


def test_a_planted_csrf_cookie_does_not_pass(saving_app):
    """A sibling subdomain can set cookies for this host; a cookie and form field of its choosing must fail."""
    victim = TestClient(saving_app, base_url=BASE)
    victim.get("/")
    planted = "A" * 43
    for name in ("bahith_csrf", "bahith_browser"):
        victim.cookies.set(name, planted)
    form = {"q": "مفاوضات", "name": "planted", "csrf": planted}
    assert victim.post("/saved", data=form, follow_redirects=False).status_code == 403
    # a token this server signed for another browser does not pass either
    other = TestClient(saving_app, base_url=BASE)
    others_token = CSRF_IN_PAGE.search(other.get("/").text).group(1)
    assert victim.post("/saved", data={**form, "csrf": others_token}, follow_redirects=False).status_code == 403
    assert saved_count(victim) == 0


def test_cross_origin_posts_are_refused_even_with_a_valid_token(saving_app):
    client = TestClient(saving_app, base_url=BASE)
    token = CSRF_IN_PAGE.search(client.get("/").text).group(1)
    form = {"q": "مفاوضات", "name": "cross", "csrf": token}
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "http://evil.localhost"},
                    {"Origin": "http://localhost:8080"}, {"Origin": "http://localhost.evil.example"},
                    {"Origin": "null"}, {"Referer": "https://evil.example/page"}):
        response = client.post("/saved", data=form, headers=headers, follow_redirects=False)
        assert response.status_code == 403, headers
        assert "another site" in response.text
        assert response.headers["x-frame-options"] == "DENY"
    assert saved_count(client) == 0
    same = client.post("/saved", data=form, headers={"Origin": "http://localhost"}, follow_redirects=False)
    assert same.status_code == 303
    referred = client.post("/saved", data={**form, "name": "by-referer"},
                           headers={"Referer": "http://localhost/?q=x"}, follow_redirects=False)
    assert referred.status_code == 303
    assert saved_count(client) == 2


def test_the_csrf_token_is_bound_to_the_signed_in_session(archive_copy):
    """Behind the token a form token belongs to one sign-in: not to a colleague's session, not to this
    browser before it signed in, not to its next sign-in after a logout; planted cookies do not help."""
    app = create_app(open_backend(f"sqlite:///{archive_copy}", create=False), auth_token=TOKEN,
                     saved_store_url=f"sqlite:///{archive_copy}")
    victim = TestClient(app, base_url=BASE)
    before_sign_in = CSRF_IN_PAGE.search(victim.get("/login").text).group(1)
    assert sign_in(victim).status_code == 303
    mine = CSRF_IN_PAGE.search(victim.get("/").text).group(1)
    colleague = TestClient(app, base_url=BASE)
    assert sign_in(colleague).status_code == 303
    theirs = CSRF_IN_PAGE.search(colleague.get("/").text).group(1)
    form = {"q": "مفاوضات", "name": "bound"}
    for token in (before_sign_in, theirs):
        assert victim.post("/saved", data={**form, "csrf": token}, follow_redirects=False).status_code == 403
    planted = "A" * 43  # what a sibling subdomain could set as cookies, and put in its own form
    for name in ("bahith_csrf", "bahith_browser"):
        victim.cookies.set(name, planted)
    assert victim.post("/saved", data={**form, "csrf": planted}, follow_redirects=False).status_code == 403
    assert saved_count(victim) == 0
    assert victim.post("/saved", data={**form, "csrf": mine}, follow_redirects=False).status_code == 303
    assert victim.post("/logout", data={"csrf": mine}, follow_redirects=False).status_code == 303
    assert sign_in(victim).status_code == 303  # a new session: the token of the page left open is dead
    again = victim.post("/saved", data={**form, "name": "again", "csrf": mine}, follow_redirects=False)
    assert again.status_code == 403
    assert saved_count(victim) == 1


# -- sessions and sign-in ---------------------------------------------------------------------------------


def guarded_app(web_archive, access=None):  # noqa: F811
    """The archive behind the access token (`access`: the settings under test, else the defaults)."""
    options = {"access": access} if access is not None else {}
    return create_app(open_backend(f"sqlite:///{web_archive}", create=False), auth_token=TOKEN, **options)


def sign_in(client: TestClient, token: str = TOKEN):
    page = client.get("/login")
    csrf = CSRF_IN_PAGE.search(page.text).group(1)
    return client.post("/login", data={"token": token, "csrf": csrf, "next": "/"}, follow_redirects=False)


def session_cookie(response) -> str:
    return re.search(r"bahith_session=([^;]+)", response.headers["set-cookie"]).group(1)


def test_a_session_dies_on_logout_even_in_a_copied_cookie(web_archive):  # noqa: F811
    app = guarded_app(web_archive)
    client = TestClient(app, base_url=BASE)
    first = session_cookie(sign_in(client))
    again = TestClient(app, base_url=BASE)
    assert session_cookie(sign_in(again)) != first  # random per sign-in, not derived from the token
    thief = TestClient(app, base_url=BASE, cookies={"bahith_session": first})
    assert thief.get("/api/stats").status_code == 200
    csrf = CSRF_IN_PAGE.search(client.get("/").text).group(1)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    stolen = TestClient(app, base_url=BASE, cookies={"bahith_session": first})
    assert stolen.get("/api/stats").status_code == 401
    assert stolen.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert again.get("/api/stats").status_code == 200  # the other browser's session is its own


def test_a_session_expires_idle_and_after_its_absolute_limit(web_archive):  # noqa: F811
    from search.web.security import AccessSettings

    # limits of seconds, not tenths: on a loaded machine one request can take half a second
    idle = TestClient(guarded_app(web_archive, AccessSettings(session_idle=2, session_max=60)), base_url=BASE)
    sign_in(idle)
    assert idle.get("/api/stats").status_code == 200
    time.sleep(3.0)
    assert idle.get("/api/stats").status_code == 401
    busy = TestClient(guarded_app(web_archive, AccessSettings(session_idle=60, session_max=4)), base_url=BASE)
    started = time.monotonic()  # before the sign-in: the session is younger than this clock says
    login = sign_in(busy)
    signed_in = time.monotonic()  # after it: the session is older than this clock says
    assert "max-age=4" in login.headers["set-cookie"].lower()
    while time.monotonic() - started < 2.0:  # kept busy: the idle limit never strikes
        assert busy.get("/api/stats").status_code == 200
        time.sleep(0.2)
    time.sleep(max(0.0, 4.3 - (time.monotonic() - signed_in)))
    # the server forgets it whatever the browser keeps
    busy.cookies.set("bahith_session", session_cookie(login))
    assert busy.get("/api/stats").status_code == 401


def test_token_guessing_is_throttled_per_address(web_archive):  # noqa: F811
    app = guarded_app(web_archive)
    guesser = TestClient(app, base_url=BASE, client=("192.0.2.10", 40000))
    codes = [sign_in(guesser, f"guess-{i:02d}-" + "x" * 30).status_code for i in range(10)]
    assert codes == [401] * 10
    blocked = sign_in(guesser)  # even the right token is not looked at now
    assert blocked.status_code == 429
    wait = int(blocked.headers["retry-after"])
    assert 500 < wait <= 600
    assert "محاولات خاطئة كثيرة" in blocked.text  # the form says so, in the reader's language
    bearer = guesser.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 429 and int(bearer.headers["retry-after"]) > 0
    assert "too many wrong tokens" in bearer.json()["message"]
    # someone else, from another address, signs in as usual
    colleague = TestClient(app, base_url=BASE, client=("192.0.2.11", 40000))
    assert sign_in(colleague).status_code == 303


def test_token_guessing_is_throttled_overall_and_through_the_api(web_archive):  # noqa: F811
    from search.web.security import AccessSettings

    app = guarded_app(web_archive, AccessSettings(login_per_address=100, login_overall=6))
    for i in range(6):  # six addresses, one wrong Bearer token each
        c = TestClient(app, base_url=BASE, client=(f"192.0.2.{20 + i}", 40000))
        assert c.get("/api/stats", headers={"Authorization": f"Bearer wrong-{i}"}).status_code == 401
    fresh = TestClient(app, base_url=BASE, client=("192.0.2.99", 40000))
    assert fresh.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 429
    assert sign_in(fresh).status_code == 429


def test_secure_cookies_behind_tls_and_only_trusted_proxies_are_believed(web_archive):  # noqa: F811
    from search.web.security import AccessSettings

    tls = TestClient(guarded_app(web_archive, AccessSettings(secure_cookies=True)), base_url="https://localhost")
    login = sign_in(tls)
    assert login.status_code == 303
    cookie = login.headers["set-cookie"]
    assert cookie.startswith("__Host-bahith_session=")
    assert all(part in cookie for part in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/"))
    assert "Domain" not in cookie
    assert tls.get("/api/stats").headers["strict-transport-security"].startswith("max-age=")
    # behind TLS a form posted from a plain-http page is another origin
    csrf = CSRF_IN_PAGE.search(tls.get("/").text).group(1)
    assert tls.post("/logout", data={"csrf": csrf}, headers={"Origin": "http://localhost"}).status_code == 403
    out = tls.post("/logout", data={"csrf": csrf}, headers={"Origin": "https://localhost"}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["set-cookie"].startswith("__Host-bahith_session=;")

    app = guarded_app(web_archive, AccessSettings(trusted_proxies=("10.0.0.0/8",)))
    proxied = TestClient(app, base_url=BASE, client=("10.1.2.3", 40000),
                         headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"})
    page = proxied.get("/login")
    assert page.headers["set-cookie"].startswith("__Host-bahith_browser=") and "Secure" in page.headers["set-cookie"]
    assert "strict-transport-security" in page.headers
    spoofed = TestClient(app, base_url=BASE, client=("192.0.2.50", 40000), headers={"X-Forwarded-Proto": "https"})
    page = spoofed.get("/login")
    assert page.headers["set-cookie"].startswith("bahith_browser=") and "Secure" not in page.headers["set-cookie"]
    assert "strict-transport-security" not in page.headers


def test_worker_processes_share_sessions_and_csrf_secret(archive_copy, tmp_path):
    """With --workers 2 each request may land on either process: a sign-in must hold on both."""
    import httpx

    proc, port, log = start_server(archive_copy, tmp_path, "--workers", "2",
                                   env=serve_env(BAHITH_AUTH_TOKEN=TOKEN))
    try:
        # a new connection for every request, so that both workers answer (a kept-alive one stays with one)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True,
                          limits=httpx.Limits(max_keepalive_connections=0)) as browser:
            for _ in range(3):  # the login page and the login post may be served by different workers
                csrf = CSRF_IN_PAGE.search(browser.get("/login").text).group(1)
                login = browser.post("/login", data={"token": TOKEN, "csrf": csrf, "next": "/"},
                                     headers={"Origin": f"http://127.0.0.1:{port}"})
                assert login.status_code == 200 and login.url.path == "/"
            codes = [browser.get("/api/stats").status_code for _ in range(30)]
            assert codes == [200] * 30
            copied = browser.cookies["bahith_session"]
            csrf = CSRF_IN_PAGE.search(browser.get("/").text).group(1)
            assert browser.post("/logout", data={"csrf": csrf}).url.path == "/login"
            browser.cookies.set("bahith_session", copied)  # kept by someone: logged out on every worker
            codes = [browser.get("/api/stats").status_code for _ in range(10)]
            assert codes == [401] * 10
    finally:
        stop_server(proc, log)
