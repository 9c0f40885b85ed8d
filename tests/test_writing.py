"""The one atomic file writer, write_atomically: the whole file or nothing, never over a file unless asked,
permissions as the umask gives them, and the process umask left alone."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from savingsmodel.files.writing import write_atomically

TEXT = '# £48,000 a post\nreference = "SCS4-1"\n'


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("overwrite", [True, False])
def test_writes_the_text_exactly_as_utf8_with_newlines(tmp_path: Path, overwrite: bool) -> None:
    target = tmp_path / "a.toml"
    write_atomically(target, TEXT, overwrite=overwrite)
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert names(tmp_path) == ["a.toml"]  # no temporary file left


def test_takes_a_path_as_text(tmp_path: Path) -> None:
    write_atomically(str(tmp_path / "a.toml"), TEXT, overwrite=False)
    assert (tmp_path / "a.toml").read_text(encoding="utf-8") == TEXT


def test_overwrites_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("# my own notes\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomically(target, TEXT, overwrite=False)
    assert target.read_text(encoding="utf-8") == "# my own notes\n"
    assert names(tmp_path) == ["mine.toml"]
    write_atomically(target, TEXT, overwrite=True)
    assert target.read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == ["mine.toml"]


def test_refuses_a_link_or_a_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    (tmp_path / "folder.toml").mkdir()
    for name in ("dangling.toml", "folder.toml"):
        with pytest.raises(FileExistsError):
            write_atomically(tmp_path / name, TEXT, overwrite=False)
    assert names(tmp_path) == ["dangling.toml", "folder.toml"]
    assert not (tmp_path / "nowhere.toml").exists()


def test_loses_a_race_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Another writer makes the file between the check and the link: the link refuses, and nothing is left.
    def taken(source: object, target: object) -> None:
        raise FileExistsError(errno.EEXIST, "File exists", str(target))

    monkeypatch.setattr(os, "link", taken)
    with pytest.raises(FileExistsError):
        write_atomically(tmp_path / "race.toml", TEXT, overwrite=False)
    assert names(tmp_path) == []


def test_without_hard_links_renames_a_new_file_into_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", unsupported)
    write_atomically(tmp_path / "a.toml", TEXT, overwrite=False)
    assert (tmp_path / "a.toml").read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == ["a.toml"]


def no_space(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("overwrite", [True, False])
def test_a_failure_to_flush_leaves_the_target_as_it_was_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    target = tmp_path / "a.toml"
    if overwrite:
        target.write_text("# the old file\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomically(target, TEXT, overwrite=overwrite)
    assert names(tmp_path) == (["a.toml"] if overwrite else [])
    if overwrite:
        assert target.read_text(encoding="utf-8") == "# the old file\n"


def test_a_failure_to_rename_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.toml"
    target.write_text("# the old file\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomically(target, TEXT, overwrite=True)
    assert target.read_text(encoding="utf-8") == "# the old file\n"
    assert names(tmp_path) == ["a.toml"]


def test_a_failure_to_link_or_rename_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "link", no_space)
    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomically(tmp_path / "a.toml", TEXT, overwrite=False)
    assert names(tmp_path) == []


def test_an_interruption_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "a.toml", TEXT, overwrite=False)
    assert names(tmp_path) == []


def test_a_missing_folder_is_an_os_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "no" / "such" / "a.toml", TEXT, overwrite=False)
    assert names(tmp_path) == []


def test_overwriting_keeps_the_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    target.write_text("", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(target, TEXT, overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_never_touches_the_process_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reading the umask means setting it (os.umask), for every thread of the process: the writer must not.
    def forbidden(mask: int) -> int:
        raise AssertionError("write_atomically changed the process umask")

    monkeypatch.setattr(os, "umask", forbidden)
    write_atomically(tmp_path / "a.toml", TEXT, overwrite=False)
    write_atomically(tmp_path / "a.toml", TEXT, overwrite=True)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
@pytest.mark.parametrize("overwrite", [True, False])
def test_a_new_files_permissions_follow_the_umask(tmp_path: Path, umask: int, mode: int, overwrite: bool) -> None:
    # In a child process: a test must not change this process's umask either.
    target = tmp_path / "a.toml"
    code = (
        "import os, sys\n"
        "from savingsmodel.files.writing import write_atomically\n"
        f"os.umask({umask})\n"
        f"write_atomically(sys.argv[1], 'x = 1\\n', overwrite={overwrite})\n"
        f"print(os.umask({umask}))\n"  # and the umask is still what the process set
    )
    done = subprocess.run(  # noqa: S603 - this Python, fixed code
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=True
    )
    assert int(done.stdout) == umask
    assert stat.S_IMODE(target.stat().st_mode) == mode
