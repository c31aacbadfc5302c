"""The cache of validated packs: used when valid, rebuilt when anything is off."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placecli import folders
from placecli.cli import app
from placecli.errors import ContentError
from placecli.packs import cache, pack
from placecli.packs.locate import PackSource, read_packs

from .conftest import CONCEPTS, MakePack, within

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = pack.load_sources


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("packs-*.json"))


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*paths: object) -> None:
        raise AssertionError("the pack was parsed, not taken from the cache")

    monkeypatch.setattr(pack, "load_sources", refuse)


def test_second_load_comes_from_the_cache(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache_dir = make_pack(), tmp_path / "cache"
    first = cache.load_packs_cached([folder], cache_dir)
    assert len(entries(cache_dir)) == 1
    forbid_parsing(monkeypatch)
    assert cache.load_packs_cached([folder], cache_dir) == first


def test_an_edit_invalidates_even_with_the_same_size_and_mtime(
    make_pack: MakePack, tmp_path: Path
) -> None:
    folder, cache_dir = make_pack(), tmp_path / "cache"
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "Alpha idea"
    concepts = folder / "concepts.yaml"
    stat = concepts.stat()
    concepts.write_text(CONCEPTS.replace("Alpha idea", "Alpha IDEA"), encoding="utf-8")
    os.utime(concepts, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert concepts.stat().st_size == stat.st_size
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "Alpha IDEA"


def test_a_new_file_invalidates(make_pack: MakePack, tmp_path: Path) -> None:
    folder, cache_dir = make_pack(), tmp_path / "cache"
    cache.load_packs_cached([folder], cache_dir)
    (folder / "terms.yaml").write_text("terms:\n  - id: t\n    term: T\n    definition: D\n")
    assert [t.id for t in cache.load_packs_cached([folder], cache_dir).terms] == ["t"]


def test_never_used_across_versions(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache_dir = make_pack(), tmp_path / "cache"
    cache.load_packs_cached([folder], cache_dir)
    [old_entry] = entries(cache_dir)
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    key = cache.fingerprint(read_packs([folder]))
    assert key is not None and key not in old_entry.name
    # Even an entry renamed to the new key is refused: its header names the old version.
    old_entry.rename(cache_dir / f"packs-{key}.json")
    parsed: list[object] = []

    def parse(paths: Sequence[PackSource], beneath: Sequence[PackSource] = ()) -> object:
        parsed.append(paths)
        return ORIGINAL(paths, beneath)

    monkeypatch.setattr(pack, "load_sources", parse)
    cache.load_packs_cached([folder], cache_dir)
    assert parsed, "the old version's entry was used"


def valid_entry(make_pack: MakePack, cache_dir: Path) -> tuple[Path, Path, bytes]:
    folder = make_pack()
    cache.load_packs_cached([folder], cache_dir)
    [entry] = entries(cache_dir)
    return folder, entry, entry.read_bytes()


def forge(raw: bytes, change: object) -> bytes:
    """Change the body and give it a matching checksum, as a deliberate forger would."""
    header_line, _, body = raw.partition(b"\n")
    data = json.loads(body)
    assert callable(change)
    change(data)
    new_body = json.dumps(data).encode()
    header = json.loads(header_line)
    header["checksum"] = cache.checksum(new_body)
    return json.dumps(header).encode() + b"\n" + new_body


CORRUPTIONS = {
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "random-bytes": lambda raw: bytes(range(256)) * 4,
    "not-utf8": lambda raw: b"\xff\xfe" + raw,
    "wrong-checksum": lambda raw: raw.replace(b"Alpha idea", b"Alpha IDEA"),
    "deep-json": lambda raw: raw.split(b"\n")[0] + b"\n" + b"[" * 100_000,
    "forged-wrong-type": lambda raw: forge(raw, lambda d: d["concepts"][0].update(title=42)),
    "forged-extra-field": lambda raw: forge(raw, lambda d: d["concepts"][0].update(evil=1)),
    "forged-dangling-ref": lambda raw: forge(
        raw, lambda d: d["concepts"][0].update(related=["nowhere"])
    ),
    "forged-duplicate-id": lambda raw: forge(
        raw, lambda d: d["concepts"].append(dict(d["concepts"][0]))
    ),
    "forged-escape": lambda raw: forge(
        raw, lambda d: d["concepts"][0].update(title="\x1b]0;owned\x07Alpha idea")
    ),
    "forged-c1-raw": lambda raw: raw.replace(b"Alpha idea", "\x9b2J".encode() + b"Alpha idea"),
    "forged-bidi": lambda raw: forge(
        raw, lambda d: d["concepts"][0].update(title="Alpha \u202eaedi")
    ),
    "forged-bad-date": lambda raw: forge(
        raw,
        lambda d: d.update(
            source={
                "title": "t",
                "authors": [],
                "publication": None,
                "published": "2009-13-45",
                "url": None,
            }
        ),
    ),
}


@pytest.mark.parametrize("corrupt", list(CORRUPTIONS.values()), ids=list(CORRUPTIONS))
def test_a_damaged_or_forged_entry_is_ignored_and_rebuilt(
    make_pack: MakePack, tmp_path: Path, corrupt: object
) -> None:
    cache_dir = tmp_path / "cache"
    folder, entry, good = valid_entry(make_pack, cache_dir)
    assert callable(corrupt)
    entry.write_bytes(corrupt(good))
    assert cache.read_entry(entry, entry.name.removeprefix("packs-").removesuffix(".json")) is None
    loaded = cache.load_packs_cached([folder], cache_dir)
    assert [c.title for c in loaded.concepts] == ["Alpha idea", "Beta idea"]
    assert entry.read_bytes() == good  # rebuilt as it should be


def test_broken_packs_are_never_cached(make_pack: MakePack, tmp_path: Path) -> None:
    folder, cache_dir = make_pack({"concepts.yaml": "concepts: [\n"}), tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(ContentError):
            cache.load_packs_cached([folder], cache_dir)
    assert entries(cache_dir) == []


def test_an_unwritable_cache_is_not_an_error(make_pack: MakePack, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cache.load_packs_cached([make_pack()], blocker / "cache").id == "test-pack"


def test_old_entries_are_pruned(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    folder, cache_dir = make_pack(), tmp_path / "cache"
    for n in range(4):
        (folder / "extra.yaml").write_text(
            f"terms:\n  - id: t{n}\n    term: T\n    definition: D\n"
        )
        cache.load_packs_cached([folder], cache_dir)
    assert len(entries(cache_dir)) == 2


def test_the_cli_caches_under_xdg_cache_home(
    runner: CliRunner, make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    result = runner.invoke(app, ["validate", str(make_pack())])
    assert result.exit_code == 0
    assert len(entries(tmp_path / "xdg" / "place")) == 1
    monkeypatch.setenv("PLACE_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other"))
    assert runner.invoke(app, ["summary"]).exit_code == 0
    assert not (tmp_path / "other").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is for Linux")
@pytest.mark.parametrize("xdg", [None, "", "/somewhere/cache", "relative/cache"])
def test_the_cache_folder_is_where_platformdirs_puts_it(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_cache_dir

    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert folders.cache_folder(os.environ) == user_cache_dir("place", appauthor=False)


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "not/absolute")
    assert folders.cache_folder(os.environ) is None


def forged_title(raw: bytes) -> bytes:
    return forge(raw, lambda d: d["concepts"][0].update(title="FORGED"))


def test_a_forged_entry_in_a_shared_folder_is_not_read(make_pack: MakePack, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    folder, entry, good = valid_entry(make_pack, cache_dir)
    entry.write_bytes(forged_title(good))
    # What the cache trusts: a folder only this user can write. There, a well-formed
    # entry is believed (README: whoever can write as you can edit your packs too) ...
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "FORGED"
    for mode in (0o777, 0o770, 0o722):
        cache_dir.chmod(mode)  # ... but not in a folder others may write
        assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "Alpha idea"
        assert entry.read_bytes() == forged_title(good)  # nor written to


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs chown")
def test_a_folder_or_entry_owned_by_someone_else_is_not_read(
    make_pack: MakePack, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    folder, entry, good = valid_entry(make_pack, cache_dir)
    entry.write_bytes(forged_title(good))
    os.chown(entry, 65534, 65534)
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "Alpha idea"
    entry.unlink()
    cache.load_packs_cached([folder], cache_dir)
    entry.write_bytes(forged_title(good))
    os.chown(cache_dir, 65534, 65534)
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "Alpha idea"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_or_device_entry_neither_hangs_nor_is_read(
    make_pack: MakePack, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    folder, entry, _ = valid_entry(make_pack, cache_dir)
    entry.unlink()
    os.mkfifo(entry)
    load = lambda: cache.load_packs_cached([folder], cache_dir)  # noqa: E731
    assert within(10, load).concepts[0].title == "Alpha idea"
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert within(10, load).concepts[0].title == "Alpha idea"


def test_the_key_is_made_from_the_bytes_parsed(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file replaced while it is loaded, then put back with `cp -p`: what is shown is
    always what was on disk when it was read."""
    folder, cache_dir = make_pack(), tmp_path / "cache"
    concepts = folder / "concepts.yaml"
    old = tmp_path / "old-concepts.yaml"
    shutil.copy2(concepts, old)

    def swap_then_parse(packs: Sequence[PackSource], beneath: Sequence[PackSource] = ()) -> object:
        concepts.write_text(CONCEPTS.replace("Alpha idea", "New idea"), encoding="utf-8")
        return ORIGINAL(packs, beneath)

    monkeypatch.setattr(pack, "load_sources", swap_then_parse)
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "Alpha idea"
    monkeypatch.setattr(pack, "load_sources", ORIGINAL)
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "New idea"
    shutil.copy2(old, concepts)  # cp -p: the old bytes and the old times
    assert cache.load_packs_cached([folder], cache_dir).concepts[0].title == "Alpha idea"
    shutil.copy2(tmp_path / "old-concepts.yaml", concepts)


def test_the_key_covers_the_validator(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stricter place of the same version re-validates: the key covers its source."""
    code = tmp_path / "placecli"
    shutil.copytree(Path(cache.__file__).parent, code, ignore=shutil.ignore_patterns("__py*"))
    monkeypatch.setattr(cache, "__file__", str(code / "cache.py"))
    packs = read_packs([make_pack()])
    before = cache.fingerprint(packs)
    schema = code / "schema.py"
    schema.write_text(schema.read_text() + "\n# a new rule\n")
    assert before is not None and cache.fingerprint(packs) not in (before, None)
    schema.unlink()
    assert cache.fingerprint(packs) not in (before, None)


def test_the_cache_folder_is_private_and_home_is_never_created(
    make_pack: MakePack, tmp_path: Path
) -> None:
    folder = make_pack()
    cache_dir = tmp_path / "home" / ".cache" / "place"
    cache.load_packs_cached([folder], cache_dir)  # no home folder: no cache
    assert not (tmp_path / "home").exists()
    (tmp_path / "home").mkdir()
    cache.load_packs_cached([folder], cache_dir)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_dir.parent.stat().st_mode) == 0o700
    assert len(entries(cache_dir)) == 1


def test_a_pack_named_many_times_is_read_once(
    make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from placecli.packs import locate

    folder = make_pack()
    reads: list[str] = []
    original = locate.read_pack

    def counted(name: str) -> PackSource:
        reads.append(name)
        return original(name)

    monkeypatch.setattr(locate, "read_pack", counted)
    aliases = [folder, folder / "pack.yaml", tmp_path / "." / "pack", folder / ".." / "pack"]
    loaded = cache.load_packs_cached(aliases * 250, tmp_path / "cache")
    assert reads == [str(folder)]
    assert [c.id for c in loaded.concepts] == ["alpha", "beta"]


def test_a_warm_validate_takes_the_report_and_builds_no_pack(
    runner: CliRunner, make_pack: MakePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = make_pack()
    first = runner.invoke(app, ["validate", str(folder), "--strict"])
    assert first.exit_code == 1  # the test pack's concepts have no questions: warnings

    def refuse(self: object) -> None:
        raise AssertionError("the pack was built, not the report taken from the cache")

    monkeypatch.setattr(cache.Cached, "pack", refuse)
    again = runner.invoke(app, ["validate", str(folder), "--strict"])
    assert (again.exit_code, again.stdout, again.stderr) == (1, first.stdout, first.stderr)


@pytest.mark.parametrize(
    "body",
    [
        b'{"counts": {"concepts": 1}, "warnings": []}',
        b'{"counts": {"concepts": 1, "questions": 0, "prompts": 0, "terms": "0"}, "warnings": []}',
        b'{"counts": {"concepts": 1, "questions": 0, "prompts": 0, "terms": 0}, "warnings": [1]}',
        b"not json",
    ],
    ids=["missing-counts", "text-count", "bad-warning", "not-json"],
)
def test_a_damaged_or_forged_report_is_ignored(
    runner: CliRunner,
    make_pack: MakePack,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: bytes,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = make_pack()
    first = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    (report,) = (tmp_path / "xdg" / "place").glob("report-*.json")
    header = json.loads(report.read_bytes().partition(b"\n")[0])
    header["checksum"] = cache.checksum(body)  # a forger can compute the checksum too
    report.write_bytes(json.dumps(header).encode() + b"\n" + body)
    again = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout) == json.loads(first.stdout)
