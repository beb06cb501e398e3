"""Profiles declared in TOML: the hosted shop's export, and a shop's own."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.integrations.order_files import (
    fake_masters,
    hosted_shop_text,
    ten_hosted_orders,
)
from warehouse_app.integrations.declared_profile import ProfileFileError
from warehouse_app.integrations.profiles import SETTLED, TRAILER, profile, profiles


def _local(text: str) -> datetime:
    at = datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return at.astimezone().replace(tzinfo=None)


def test_native_online_retail_and_hosted_shop_are_known(tmp_path: Path) -> None:
    known = profiles(tmp_path)

    assert {"native", "online-retail", "hosted-shop"} <= set(known)
    assert known["native"].completeness == TRAILER
    assert known["hosted-shop"].completeness == SETTLED


def test_the_hosted_shop_export_becomes_ten_whole_orders(tmp_path: Path) -> None:
    path = tmp_path / "orders_export.csv"
    path.write_text(hosted_shop_text(ten_hosted_orders()), encoding="utf-8")

    result = profile("hosted-shop", tmp_path).read(path, fake_masters(), "utf-8")

    assert [o.shop_order_no for o in result.orders] == [
        f"#{n}" for n in range(1001, 1011)
    ]
    assert result.rows_read == 19
    assert result.rejections == []
    by_number = {o.shop_order_no: o for o in result.orders}
    first = by_number["#1001"]
    assert first.customer_account == "17850"
    assert first.ordered_at == _local("2026-12-04 08:01:12")
    assert (first.ship_name, first.ship_town, first.ship_postcode) == (
        "Pennine & Co",
        "Carlisle",
        "CA16 5UP",
    )
    assert first.country == "GB"
    assert by_number["#1002"].customer_account is None
    assert by_number["#1002"].lines[0].part_number == "00123"
    assert by_number["#1003"].customer_account == "13047"
    assert by_number["#1003"].delivery_method == "collect"
    assert len(by_number["#1005"].lines) == 5
    assert by_number["#1005"].lines[2].unit_price == Decimal("12.50")
    assert by_number["#1004"].ship_address2 == "Bolton"


def test_a_hosted_shop_row_with_an_unknown_sku_holds_only_its_order(
    tmp_path: Path,
) -> None:
    orders = ten_hosted_orders()
    orders[4]["lines"][1] = ("NOT-A-PART", 1, "10.95", "MYSTERY")  # type: ignore[index]
    path = tmp_path / "orders_export.csv"
    path.write_text(hosted_shop_text(orders), encoding="utf-8")

    result = profile("hosted-shop", tmp_path).read(path, fake_masters(), "utf-8")

    assert len(result.orders) == 9
    cause = result.rejections[1]
    assert cause.reason == "unknown part"
    assert (cause.field, cause.value) == ("Lineitem sku", "NOT-A-PART")
    assert result.rows_read == sum(len(o.lines) for o in result.orders) + len(
        result.rejections
    )


def test_a_hosted_shop_order_outside_the_order_limits_holds_only_itself(
    tmp_path: Path,
) -> None:
    orders = ten_hosted_orders()
    orders[1]["lines"] = [("00123", 2, "12.50505", "GREASE NIPPLE M8")]
    orders[2]["at"] = "1899-12-04 08:17:45 +0000"
    orders[5]["lines"] = [("22423", 100_000, "99999999", "REGENCY CAKESTAND")]
    path = tmp_path / "orders_export.csv"
    path.write_text(hosted_shop_text(orders), encoding="utf-8")

    result = profile("hosted-shop", tmp_path).read(path, fake_masters(), "utf-8")

    assert len(result.orders) == 7
    assert sorted(result.held) == ["#1002", "#1003", "#1006"]
    assert result.held["#1002"].field == "Lineitem price"
    assert "more than 4 decimal places" in result.held["#1002"].message
    assert "between the years 2000 and 2100" in result.held["#1003"].message
    assert result.held["#1006"].reason == "order too large"
    assert result.rows_read == sum(len(o.lines) for o in result.orders) + len(
        result.rejections
    )


def test_a_new_shop_layout_is_a_toml_file_not_code(tmp_path: Path) -> None:
    (tmp_path / "farm_shop.toml").write_text(
        'name = "farm-shop"\n'
        'delimiter = ";"\n'
        "[columns]\n"
        'order_no = "Order"\n'
        'ordered_at = "Date"\n'
        'part_number = "Code"\n'
        'quantity = "Qty"\n'
        'unit_price = "Price"\n'
        'account = "Account"\n',
        encoding="utf-8",
    )
    path = tmp_path / "farm.csv"
    path.write_text(
        "Order;Date;Code;Qty;Price;Account\r"
        "F-1;2026-12-04T10:00:00;00123;2;12.50;17850\r"
        "F-1;2026-12-04T10:00:00;71053;1;3.39;17850\r",
        encoding="utf-8",
    )

    result = profile("farm-shop", tmp_path).read(path, fake_masters(), "utf-8")

    assert [
        (o.shop_order_no, o.customer_account, len(o.lines)) for o in result.orders
    ] == [("F-1", "17850", 2)]
    assert result.orders[0].lines[0].part_number == "00123"


def test_a_profile_missing_a_column_says_which(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text(
        '[columns]\norder_no = "Order"\n', encoding="utf-8"
    )

    with pytest.raises(ProfileFileError, match="missing ordered_at, part_number"):
        profiles(tmp_path)


def test_an_unknown_profile_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Known profiles: hosted-shop, native"):
        profile("shopify2", tmp_path)
