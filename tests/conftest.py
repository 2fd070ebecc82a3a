"""Shared fixtures: small stores written into tmp_path, and the demo stores built once per session."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap

import pytest
from PIL import Image

from shopgen import build, messages

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASIC = os.path.join(ROOT, "tests", "stores", "basic")
TODAY = dt.date(2026, 11, 22)

# Tests read English messages whatever the developer's locale; tests of the language choice set their own.
os.environ.pop("SHOPGEN_LANG", None)
os.environ["LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_messages():
    """Every test starts and ends in English, even after a command that switched to another language."""
    messages.use("en")
    yield
    messages.use("en")


def write_files(root, files: dict[str, str | bytes]) -> None:
    """Write `{relative path: text}` into `root`; text is dedented. `.jpg`/`.png` values of "IMAGE" make photos."""
    for rel, content in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if content == "IMAGE":
            make_image(path)
        elif isinstance(content, bytes):
            with open(path, "wb") as fh:
                fh.write(content)
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(textwrap.dedent(content).lstrip("\n"))


def make_image(path, size=(640, 480), color=(200, 120, 60)) -> None:
    im = Image.new("RGB", size, (240, 240, 235))
    im.paste(color, (size[0] // 4, size[1] // 4, 3 * size[0] // 4, 3 * size[1] // 4))
    im.save(path, "PNG" if path.endswith(".png") else "JPEG")


@pytest.fixture
def store(tmp_path):
    """A copy of tests/stores/basic that a test may change; returns a helper object."""
    root = tmp_path / "store"
    shutil.copytree(BASIC, root)
    return Store(str(root))


class Store:
    def __init__(self, root: str):
        self.root = root
        self.out = os.path.join(root, "public")

    def write(self, files: dict[str, str | bytes]) -> Store:
        write_files(self.root, files)
        return self

    def append(self, rel: str, text: str) -> Store:
        with open(os.path.join(self.root, rel), "a", encoding="utf-8") as fh:
            fh.write(textwrap.dedent(text).lstrip("\n"))
        return self

    def build(self, **kw):
        kw.setdefault("today", TODAY)
        return build(self.root, **kw)

    def source(self, rel: str) -> str:
        """A store file's text."""
        with open(os.path.join(self.root, rel), encoding="utf-8") as fh:
            return fh.read()

    def read(self, rel: str) -> str:
        """A built file's text."""
        with open(os.path.join(self.out, rel), encoding="utf-8") as fh:
            return fh.read()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The repository's demo store built once: (output folder, BuildResult)."""
    out = tmp_path_factory.mktemp("demo") / "public"
    result = build(ROOT, out=str(out), today=TODAY)
    return str(out), result


@pytest.fixture(scope="session")
def zh_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("zh") / "public"
    result = build(os.path.join(ROOT, "examples", "zh-store"), out=str(out), today=TODAY)
    return str(out), result


def pytest_terminal_summary(terminalreporter):
    """Report how many generated hostile stores the property-based suite built."""
    import sys

    module = sys.modules.get("test_hostile")
    if module and module.CASES["stores"]:
        c = module.CASES
        terminalreporter.write_line(
            f"hostile input: {c['stores']} generated stores, {c['built']} built, "
            f"{c['rejected']} rejected with path:line errors, 0 crashes"
        )
