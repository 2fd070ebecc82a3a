"""shopgen serve: a real HTTP server on 127.0.0.1 that rebuilds on change and reloads tabs."""

from __future__ import annotations

import json
import os
import socket
import struct
import time
import urllib.error
import urllib.request

import pytest

from shopgen.serve import DevServer

LAMP = "products/led-desk-lamp-with-usb-c-port-dimmable/"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def wait_for(predicate, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def dev(store):
    logs = []
    server = DevServer(store.root, port=0, log=logs.append)
    url = server.start()
    server.logs = logs
    yield server, url
    server.stop()


def test_serves_the_site_with_the_reload_script(dev, store):
    server, url = dev
    status, html = get(url + LAMP)
    assert status == 200 and "<h1>LED Desk Lamp with USB-C Port, Dimmable</h1>" in html
    assert '<script src="/__shopgen/reload.js"></script>' in html
    status = json.loads(get(url + "__shopgen/status")[1])
    assert status["version"] == 1 and status["errors"] == [] and status["title"].startswith("The last change")
    assert "location.reload()" in get(url + "__shopgen/reload.js")[1]
    assert get(url + "no/such/page/")[0] == 404
    # never in what `shopgen build` writes, and never into public/
    assert not os.path.exists(store.out)
    store.build()
    assert "reload.js" not in store.read(LAMP + "index.html")


def test_rebuilds_after_a_change_and_lints_the_edited_listing(dev, store):
    server, url = dev
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp with USB-C Port, Glare-Free"
            )
        }
    )
    assert wait_for(lambda: server.status()["version"] == 2)
    status, html = get(url + "products/led-desk-lamp-with-usb-c-port-glare-free/")
    assert status == 200 and "<h1>LED Desk Lamp with USB-C Port, Glare-Free</h1>" in html
    # only what shows the lamp was rendered again, not the whole site
    rendered = [line for line in server.logs if line.startswith("Rendered ")]
    assert rendered and rendered[-1].startswith("Rendered ") and " of 14 pages" in rendered[-1]
    assert int(rendered[-1].split()[1]) < 13
    assert wait_for(lambda: any(line.startswith("catalog/lamp.yaml: score ") for line in server.logs))


def test_a_broken_file_shows_errors_and_keeps_the_last_good_site(dev, store):
    server, url = dev
    store.write({"catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace("price: 39.90", "price: ten")})
    assert wait_for(lambda: server.status()["errors"])
    (error,) = server.status()["errors"]
    assert error.startswith("catalog/lamp.yaml:12:8: error: 'price' must be a number like 19.99, got 'ten'")
    status, html = get(url + LAMP)
    assert status == 200 and "$29.90" in html  # the last good page
    store.write({"catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace("price: ten", "price: 39.90")})
    # fixed: the errors go (and the overlay with them); the site is the one already served, so no reload
    assert wait_for(lambda: server.status()["errors"] == [] and server.status()["version"] == 1)
    assert wait_for(lambda: any(line.startswith("Nothing to rebuild") for line in server.logs))


def test_after_an_edit_only_the_changed_files_warnings_are_printed(store, monkeypatch):
    """A big store has thousands of warnings: serve prints them after its first build (at most
    SHOWN_PER_CODE of a kind), then after each edit only the changed files' ones and how many there are."""
    from shopgen import serve

    lamp = store.source("catalog/lamp.yaml")
    store.write({"catalog/lamp.yaml": lamp.replace("title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED")})
    warnings = store.build().warnings
    logs: list[str] = []
    server = DevServer(store.root, log=logs.append, search=False)
    server._lint_changed = lambda changed: None  # the edited listing's lint findings: another test's
    assert server.rebuild()
    assert [line for line in logs if ": warning: " in line] == [d.format() for d in warnings]
    assert any(line.startswith("catalog/lamp.yaml:2:8: warning:") and "[SG104]" in line for line in logs)
    logs.clear()
    store.write({"catalog/kettle.yaml": store.source("catalog/kettle.yaml").replace("price: ", "price: 1", 1)})
    assert server.rebuild(["catalog/kettle.yaml"])
    assert not any(": warning: " in line for line in logs)
    assert f"The store has {len(warnings)} warnings (shopgen lint lists them all)." in logs
    logs.clear()
    monkeypatch.setattr(serve, "SHOWN_PER_CODE", 0)
    server._report_warnings(warnings, None)
    assert logs == [f"... and 1 more like {d.code}" for d in sorted(warnings, key=lambda d: d.code)]


def test_issue_22_a_request_the_browser_aborts_prints_no_traceback(dev, capfd):
    server, url = dev
    with open(os.path.join(server.out, "big.bin"), "wb") as fh:
        fh.write(b"x" * 32_000_000)  # more than the socket buffers hold: the server is still writing
    host, port = server.httpd.server_address[:2]
    for _ in range(3):
        sock = socket.create_connection((host, port))
        sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(100)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, as a tab closing
        sock.close()
    for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "Connection reset by peer")):
        try:
            raise error
        except OSError:
            server.httpd.handle_error(None, ("127.0.0.1", 1))
    assert get(url)[0] == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err
