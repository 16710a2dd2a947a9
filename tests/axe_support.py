"""axe-core (from the npm registry, pinned) for the browser tests: fetched once with `npm pack` into a git-ignored
cache, evaluated in the page through Playwright (DevTools evaluation, so the page's CSP stays on)."""

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest

AXE_VERSION = "4.14.1"
CACHE = Path(__file__).resolve().parents[1] / ".cache" / f"axe-core-{AXE_VERSION}"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    """axe.min.js of the pinned version; skips (with the reason) only where npm or the registry is unavailable."""
    script = CACHE / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: install Node.js (apt-get install npm) to run the axe-core checks")
        with tempfile.TemporaryDirectory() as tmp:
            packed = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--silent", "--pack-destination", tmp],
                                    capture_output=True, text=True, timeout=120)
            if packed.returncode != 0:
                pytest.skip(f"npm could not fetch axe-core@{AXE_VERSION}: {packed.stderr.strip()[:200]}")
            tarball = Path(tmp) / packed.stdout.strip().splitlines()[-1]
            with tarfile.open(tarball) as tar:
                member = tar.extractfile("package/axe.min.js")
                assert member is not None
                data = member.read()
        CACHE.mkdir(parents=True, exist_ok=True)
        script.with_suffix(".tmp").write_bytes(data)
        script.with_suffix(".tmp").replace(script)
    return script.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page as it is now: [{"id", "impact", "help", "nodes": [selector, …]}]."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;void 0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [", ".join(n["target"]) for n in v["nodes"]][:5]} for v in result["violations"]]


