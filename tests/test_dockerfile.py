"""The Dockerfile and the README's hosting guide agree with the repository (no Docker engine needed)."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def args(name: str) -> list[str]:
    return [rest for word, rest in instructions() if word == name]


def test_base_image_and_user():
    assert args("FROM") == ["python:3.11-slim"]
    users = args("USER")
    assert users and users[-1] not in ("root", "0")
    assert "useradd" in " ".join(args("RUN"))


def test_every_copied_file_exists_and_is_not_docker_ignored():
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()]
    ignored = [p for p in ignored if not p.startswith("#")]
    copies = args("COPY")
    assert copies
    for rest in copies:
        parts = [p for p in shlex.split(rest) if not p.startswith("--")]
        for src in parts[:-1]:
            assert (ROOT / src).exists(), f"Dockerfile copies {src}, which does not exist"
            assert src not in ignored and src.rstrip("/") not in ignored, f"{src} is excluded by .dockerignore"


def test_the_app_it_runs_exists_and_is_served_on_8501():
    cmd = args("CMD")[-1]
    entry = "serve.py" if (ROOT / "serve.py").exists() else "app.py"
    assert f'"{entry}"' in cmd and '"streamlit", "run"' in cmd
    assert "--server.port=8501" in cmd and "--server.address=0.0.0.0" in cmd
    assert args("EXPOSE") == ["8501"]
    copied = " ".join(args("COPY"))
    for needed in (entry, "app.py", "app_pages", "lcdash", "config.yaml", ".streamlit/config.toml", "data"):
        assert needed in copied, f"the image lacks {needed}"


def test_data_volume_health_and_fonts():
    env = " ".join(args("ENV"))
    assert "LCDASH_DB=/data/lcdash.duckdb" in env
    assert args("VOLUME") == ['["/data"]']
    assert "chown lcdash:lcdash /data" in " ".join(args("RUN"))
    health = args("HEALTHCHECK")[0]
    assert "http://127.0.0.1:8501/_stcore/health" in health
    assert "fonts-dejavu-core" in " ".join(args("RUN"))


def test_runtime_requirements_are_cut_at_the_development_marker():
    """The Dockerfile installs requirements.txt up to '# development and tests' (no pytest, Playwright)."""
    run = " ".join(args("RUN"))
    marker = re.search(r"sed '/\^(# [^/]+)/,\$d' requirements.txt", run)
    assert marker, "the Dockerfile no longer filters requirements.txt"
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert marker.group(1) in lines, "requirements.txt lost the marker line the Dockerfile cuts at"
    runtime = lines[: lines.index(marker.group(1))]
    names = {re.split(r"[=<>\[ ]", line)[0].lower() for line in runtime if line and not line.startswith("#")}
    assert {"streamlit", "duckdb", "bcrypt"} <= names
    assert not names & {"pytest", "playwright", "ruff"}


@pytest.mark.parametrize(
    "pattern",
    [".venv", "**/*.duckdb", "**/*.duckdb.wal", ".streamlit/secrets.toml", "**/.lcdash-secret", ".git", "tests"],
)
def test_dockerignore_keeps_secrets_and_databases_out(pattern):
    assert pattern in (ROOT / ".dockerignore").read_text().splitlines()


# ---------------------------------------------------------------- README: Hosting


def hosting() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("## Command line") < text.index("## Hosting"), "Hosting comes after Command line"
    start = text.index("## Hosting")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


@pytest.mark.parametrize(
    "needle",
    [
        "/_stcore/stream",
        "proxy_set_header Upgrade $http_upgrade",
        "proxy_set_header Connection $connection_upgrade",
        "proxy_read_timeout",
        "_streamlit_xsrf",
        "lcdash_session",
        "server.enableXsrfProtection = true",
        "LCDASH_SECRET",
        ".streamlit/secrets.toml",
        "[auth]",
        "redirect_uri",
        "idle_minutes",
        "min_group_size",
        "auth.mode",
        "-v lcdash-data:/data",
        "lcdash backup --out",
        "--wait",
        "upload page",
    ],
)
def test_hosting_guide_covers(needle):
    assert needle in hosting()


def test_proxy_body_size_matches_streamlit_upload_limit():
    streamlit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    mb = streamlit["server"]["maxUploadSize"]
    assert streamlit["server"]["enableXsrfProtection"] is True
    assert f"client_max_body_size {mb}m;" in hosting()
