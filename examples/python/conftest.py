"""Fixtures: wh-sim's listener (a process, driven only over its HTTP control plane) and the app under test.

WH_SIM is the command that runs wh-sim (default: the repository's own, `node ../../bin/wh-sim.cjs`);
nothing here is a wh-sim package for Python: the control plane is plain HTTP and JSON.
"""

import json
import os
import re
import shlex
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import stripe
from werkzeug.serving import make_server

from app import create_app

HERE = Path(__file__).resolve().parent
WH_SIM = shlex.split(os.environ.get("WH_SIM", f"node {HERE.parent.parent / 'bin' / 'wh-sim.cjs'}"))


class ControlPlane:
    """wh-sim's control plane: /_wh-sim/api/v1/<operation>, JSON in and out (see docs/control-plane.md)."""

    def __init__(self, url):
        self.url = url

    def call(self, method, operation, body=None, **query):
        address = f"{self.url}/_wh-sim/api/v1/{operation}"
        if query:
            address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(address, data=data, method=method, headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{operation}: {error.code} {error.read().decode()}") from None

    def trigger(self, **body):
        return self.call("POST", "trigger", body)

    def requests(self, **query):
        return self.call("GET", "requests", **query)["requests"]

    def wait(self, **body):
        return self.call("POST", "wait", body)

    def reset(self, *providers):
        return self.call("POST", "reset", {"providers": list(providers)} if providers else {})

    def secrets(self):
        return {s["provider"]: s for s in self.call("GET", "secrets")["secrets"]}


@pytest.fixture(scope="session")
def app_server():
    """The app under test on a free port; configured once the listener is up."""
    settings = {}
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, settings, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def wh_sim(app_server):
    """`wh-sim listen`, relaying what it verified to the app; the app calls Stripe back at it."""
    app, settings, app_url = app_server
    home = tempfile.mkdtemp(prefix="wh-sim-python-")
    listener = subprocess.Popen(
        [*WH_SIM, "listen", "--port", "0", "--forward-to", f"{app_url}/webhook"],
        env={**os.environ, "WH_SIM_HOME": home, "NO_COLOR": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = None
    for line in listener.stderr:
        found = re.search(r"listening on (http://[\d.]+:\d+)", line)
        if found:
            url = found.group(1)
            break
    assert url, "wh-sim listen did not start"
    threading.Thread(target=lambda: [None for _ in listener.stderr], daemon=True).start()
    control = ControlPlane(url)
    # The app is configured from the listener: the secret it signs with, and the Stripe API at its URL.
    settings.update(webhook_secret=control.secrets()["stripe"]["secret"], api_key="sk_test_python_example")
    stripe.api_base = url
    stripe.api_key = settings["api_key"]
    yield control
    listener.terminate()
    listener.wait(timeout=10)


@pytest.fixture(autouse=True)
def clean(wh_sim, app_server):
    """Each test starts clean: the listener forgets what it received and what its Stripe API learnt."""
    wh_sim.reset()
    app_server[0].config["handled"].clear()
    yield
