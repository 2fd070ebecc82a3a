"""Every page of both demo stores is valid HTML5, checked by the W3C Nu HTML Checker (vnu.jar).

The checker comes from the npm package vnu-jar (`npm ci` in the repository root) and needs Java.
Outside CI the test is skipped when either is missing; in CI (CI=true) a missing checker fails it.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = os.environ.get("VNU_JAR", os.path.join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"))


def test_demo_pages_are_valid_html(demo_site, zh_site):
    if not (os.path.isfile(VNU) and shutil.which("java")):
        if os.environ.get("CI"):
            pytest.fail(f"the HTML checker is missing: {VNU} (run npm ci) or java")
        pytest.skip("vnu.jar or java not installed (npm ci; apt-get install default-jre-headless)")
    folders = [demo_site[0], zh_site[0]]
    res = subprocess.run(
        ["java", "-jar", VNU, "--skip-non-html", *folders], capture_output=True, text=True, timeout=300, check=False
    )
    assert res.returncode == 0, res.stderr[:5000]
    assert res.stderr.strip() == ""
