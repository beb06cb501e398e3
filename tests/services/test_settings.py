from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from warehouse_app.settings import (
    Settings,
    StationSettings,
    load_settings,
    save_settings,
)


def test_settings_survive_a_save_and_a_load(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(
        station=replace(
            StationSettings(), serial_scanner="/dev/ttyACM0", wedge_gap_ms=50
        )
    )

    save_settings(settings, path)

    assert load_settings(path) == settings


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_a_setting_of_the_wrong_kind_is_refused_with_where_and_what(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[station]\nwedge_gap_ms = "fast"\n', encoding="utf-8")

    with pytest.raises(
        ValueError, match=r"\[station\] wedge_gap_ms = 'fast' should be a whole number"
    ):
        load_settings(path)
