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


def test_a_channel_must_write_at_least_one_order_per_transaction(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[channels.webshop]\norders_per_transaction = 0\n", "utf-8")

    with pytest.raises(
        ValueError,
        match=r"\[channels.webshop\] orders_per_transaction = 0 should be 1 or more",
    ):
        load_settings(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            '[staton]\ndepot = "NORTH"\n',
            "Unknown table [staton] in {path} (did you mean [station]?); known"
            " tables: [dealer], [station], [printers], [channels.NAME], [service].",
        ),
        (
            '[channel.webshop]\ninbox = "/srv/shop/in"\n',
            "Unknown table [channel.webshop] in {path} (did you mean"
            " [channels.webshop]?)",
        ),
        (
            'depot = "NORTH"\n',
            "Unknown key depot at the top of {path}, outside any table",
        ),
    ],
)
def test_a_misspelled_table_is_refused_with_the_known_ones(
    tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ValueError) as refused:
        load_settings(path)

    assert words.format(path=path) in str(refused.value)


def test_a_misspelled_key_is_refused_with_the_table_and_the_known_keys(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[channels.webshop]\ninbx = "/srv/shop/in"\n', encoding="utf-8")

    with pytest.raises(ValueError) as refused:
        load_settings(path)

    assert str(refused.value).startswith(
        f"Unknown key inbx in [channels.webshop] of {path} (did you mean inbox?);"
        " known keys: inbox, errors, archive, profile,"
    )


def test_a_misspelled_station_key_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[station]\ndepto = "NORTH"\n', encoding="utf-8")

    with pytest.raises(ValueError, match=r"Unknown key depto in \[station\] of "):
        load_settings(path)


def test_a_settings_file_saved_as_windows_1252_says_save_it_as_utf8(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[dealer]\nname = "Landtechnik Müller"\n', encoding="cp1252")

    with pytest.raises(ValueError) as refused:
        load_settings(path)

    message = str(refused.value)
    assert f"Settings file {path} is not UTF-8: byte 0xfc on line 2" in message
    assert "save it as UTF-8" in message
