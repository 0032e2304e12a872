"""Schemathesis against the OpenAPI description: no generated request may make the server fail (5xx).

The app is built at import time because schemathesis reads the schema while pytest collects; the
archive it serves is the web tests' own small archive, written to a temporary folder.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from test_web_archive import build_archive

from search.backends import open_backend
from search.web import create_app
from search.web.security import AccessSettings

_folder = Path(tempfile.mkdtemp(prefix="bahith-schema-"))
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
app = create_app(open_backend(f"sqlite:///{build_archive(_folder / 'archive.db')}", create=False), export_cap=50,
                 access=AccessSettings(allowed_hosts=("testserver",)))  # the name schemathesis's client sends
schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_on_generated_requests(case):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.text[:300]}"
    content_type = response.headers["content-type"]
    content_type = (content_type[0] if isinstance(content_type, list) else content_type).split(";")[0]
    assert content_type in (
        "application/json", "text/csv", "application/x-ndjson", "application/atom+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), content_type
