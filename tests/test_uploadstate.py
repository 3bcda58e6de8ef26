"""What the upload page keeps per file across reruns (lcdash.uploadstate): each costly step once,
and the file off the server's disk once it is saved, removed or unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from lcdash import preview, uploadstate
from lcdash.ingest import ImportResult
from lcdash.mapping import load_mapping
from lcdash.uploads import Uploads

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
GOOD = (
    "community,wave,respondent_id,stakeholder_type,level,value_cycle,score\nLC A,2025-1,r1,student,micro,immediate,4\n"
)


@pytest.fixture
def stashed(tmp_path):
    uploads = Uploads(tmp_path / "uploads", "s1")
    yield uploads
    uploads.close()


def _files(stashed: Uploads) -> list[Path]:
    return sorted(stashed.directory.glob("*")) if stashed.directory.exists() else []


def test_a_file_is_stashed_and_inspected_once(stashed):
    calls = []

    def data() -> bytes:
        calls.append(1)
        return GOOD.encode()

    entry: dict = {}
    assert uploadstate.open_upload(entry, stashed, data, "good.csv") is None
    ins = entry["inspection"]
    assert uploadstate.open_upload(entry, stashed, data, "good.csv") is None  # the next rerun
    assert calls == [1] and entry["inspection"] is ins and ins.columns[0] == "community"
    assert _files(stashed) == [entry["path"]]
    uploadstate.forget(entry, stashed)
    assert _files(stashed) == []


def test_an_unreadable_file_leaves_the_disk_and_is_not_read_again(stashed):
    entry: dict = {}
    error = uploadstate.open_upload(entry, stashed, lambda: b"\x00\x01\x02binary", "x.csv")
    assert error is not None and "path" not in entry and _files(stashed) == []
    assert uploadstate.open_upload(entry, stashed, lambda: pytest.fail("read again"), "x.csv") is error


def test_files_removed_from_the_uploader_are_forgotten(stashed):
    entries: dict[str, dict] = {"a": {}, "b": {}}
    for fid, entry in entries.items():
        uploadstate.open_upload(entry, stashed, GOOD.encode, f"{fid}.csv")
    kept = entries["b"]["path"]
    uploadstate.drop_removed(entries, stashed, {"b"})
    assert list(entries) == ["b"] and _files(stashed) == [kept]


def test_distinct_answers_are_asked_once_per_set_of_columns(stashed, monkeypatch):
    entry: dict = {}
    uploadstate.open_upload(entry, stashed, GOOD.encode, "good.csv")
    asked = []
    real = preview.distinct_values
    monkeypatch.setattr(preview, "distinct_values", lambda source, cols: asked.append(cols) or real(source, cols))
    ins = entry["inspection"]
    assert uploadstate.distinct(entry, ins, ["score"]) == ["4"]
    assert uploadstate.distinct(entry, ins, ["score"]) == ["4"]
    assert uploadstate.distinct(entry, ins, []) == []  # no columns: nothing to ask
    assert asked == [["score"]]


def test_the_check_key_changes_with_what_the_check_depends_on(config):
    settings = {"mapping": None, "community": None, "wave": None, "skip_invalid": False}
    key = uploadstate.check_key(settings, None)
    assert uploadstate.check_key(dict(settings), None) == key
    mapping = load_mapping(EXAMPLES / "qualtrics.mapping.yaml", config)
    for change in ({"community": "LC A"}, {"wave": "w1"}, {"skip_invalid": True}, {"mapping": mapping}):
        assert uploadstate.check_key({**settings, **change}, None) != key
    assert uploadstate.check_key(settings, ("LC A",)) != key  # another user's scope


class _Recorded:
    def __init__(self):
        self.calls = []

    def execute(self, sql, params):
        self.calls.append(params)


def test_only_a_new_batch_of_a_recognised_questionnaire_is_recorded():
    class Known:
        qid, version = "lc-q", 3

    con = _Recorded()
    uploadstate.record_questionnaire(con, {"questionnaire": Known()}, ImportResult("f.csv", 7, 10))
    uploadstate.record_questionnaire(con, {"questionnaire": Known()}, ImportResult("f.csv", 7, 0, already=True))
    uploadstate.record_questionnaire(con, {"questionnaire": None}, ImportResult("f.csv", 8, 10))
    assert con.calls == [[7, "lc-q", 3]]


def test_the_widget_key_of_a_file_is_short_and_stable():
    assert uploadstate.file_key("x" * 200) == uploadstate.file_key("x" * 200)
    assert len(uploadstate.file_key("abc")) == 10 and uploadstate.file_key("abc") != uploadstate.file_key("abd")
