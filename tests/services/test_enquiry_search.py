"""The one search box: part numbers, their starts, barcodes, words, supersessions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy import text as sql

from station.cli import main
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part
from warehouse_app.services.enquiry.search import PartSearch, SearchRefused
from warehouse_app.services.reconcile import SEARCH, reconcile

LANTERN = "2748708148843"  # part 71053


@pytest.fixture
def search(orders_db: Database) -> PartSearch:
    return PartSearch(orders_db)


def numbers(hits: list) -> list[str]:
    return [hit.part_number for hit in hits]


def test_an_exact_part_number_comes_first_with_free_stock_bin_and_price(
    search: PartSearch,
) -> None:
    first = search.search("71053", "MAIN")[0]

    # 97 on hand from the stock file, 6 allocated to the imported orders.
    assert (first.part_number, first.description) == ("71053", "WHITE METAL LANTERN")
    assert (first.on_hand, first.allocated, first.free) == (97, 6, 91)
    assert (first.bin, str(first.price)) == ("A-2-4-B", "5.8400")
    assert search.search("71053", "NORTH")[0].free == 22


def test_the_start_of_a_part_number_finds_every_part_it_begins(
    search: PartSearch,
) -> None:
    hits = search.search("7105", "MAIN")

    assert "71053" in numbers(hits)
    assert all(number.startswith("7105") for number in numbers(hits))
    assert numbers(hits) == sorted(numbers(hits))


def test_a_scanned_barcode_finds_its_part_in_any_of_its_forms(
    search: PartSearch,
) -> None:
    for code in (LANTERN, f"0{LANTERN}"):
        assert numbers(search.search(code, "MAIN"))[:1] == ["71053"]


def test_every_word_given_must_be_in_the_description_in_any_case_and_order(
    search: PartSearch,
) -> None:
    hits = search.search("lantern METAL white", "MAIN")

    assert "71053" in numbers(hits)
    for hit in hits:
        for word in ("LANTERN", "METAL", "WHITE"):
            assert word in hit.description.upper()


def test_four_words_are_refused_with_what_to_type_instead(search: PartSearch) -> None:
    with pytest.raises(SearchRefused, match="at most 3 words"):
        search.search("white metal hanging lantern", "MAIN")
    assert search.search("   ", "MAIN") == []


def test_wildcards_typed_in_the_box_are_taken_as_they_are(search: PartSearch) -> None:
    assert search.search("%", "MAIN") == []
    assert search.search("_", "MAIN") == []


def test_digits_are_a_part_number_and_a_word_that_starts_none_is_a_description(
    search: PartSearch,
) -> None:
    # "3" starts 137 part numbers, and is in 139 descriptions: not searched.
    digits = search.search("3", "MAIN", limit=1000)
    # "POST" is a charge code: the word finds it, not descriptions holding it.
    word = search.search("post", "MAIN", limit=1000)

    assert len(digits) == 137
    assert all(hit.part_number.startswith("3") for hit in digits)
    assert numbers(word) == ["POST"]
    assert "POST" in " ".join(h.description for h in search.search("postage", "MAIN"))


def test_pages_laid_end_to_end_are_the_whole_result(search: PartSearch) -> None:
    whole = search.search("heart", "MAIN", limit=1000)
    paged = [
        hit
        for start in range(0, 300, 7)
        for hit in search.search("heart", "MAIN", 7, start)
    ]

    assert len(whole) == 282 and paged == whole


def test_a_barcode_comes_before_part_numbers_that_start_with_its_digits(
    masters_db: Database,
) -> None:
    with masters_db.unit_of_work() as uow:
        for suffix in ("A", "B"):
            uow.session.add(
                Part(
                    part_number=f"{LANTERN}{suffix}",
                    description="LANTERN SPARE GLASS",
                    group_code="LIGHTING",
                    retail_price=Decimal("1.00"),
                    vat_code="S",
                )
            )
        uow.commit()
    search = PartSearch(masters_db)

    pages = [numbers(search.search(LANTERN, "MAIN", 1, start)) for start in range(4)]

    assert pages == [["71053"], [f"{LANTERN}A"], [f"{LANTERN}B"], []]


def test_searching_an_old_number_offers_the_part_that_replaces_it(
    search: PartSearch,
) -> None:
    hit = search.search("10002", "MAIN")[0]
    chain = search.supersession(hit.part_number, "MAIN")

    assert hit.superseded_by == "10080"
    assert chain is not None and chain.text == "10002 -> 10080"
    assert chain.replacement is not None and chain.problem == ""
    assert (chain.replacement.part_number, chain.replacement.free) == ("10080", 110)
    assert search.supersession("10080", "MAIN") is None


def test_a_supersession_chain_that_loops_is_shown_as_far_as_it_goes(
    masters_db: Database,
) -> None:
    with masters_db.unit_of_work() as uow:
        replacing = uow.session.get(Part, "10080")
        assert replacing is not None
        replacing.superseded_by = "10002"
        uow.commit()

    chain = PartSearch(masters_db).supersession("10002", "MAIN")

    assert chain is not None and chain.chain == ("10002", "10080")
    assert chain.replacement is None
    assert "loops back to 10002" in chain.problem


def test_a_replacing_part_missing_from_the_parts_list_is_said_so(
    masters_db: Database,
) -> None:
    with masters_db.unit_of_work() as uow:
        old = uow.session.get(Part, "10080")
        assert old is not None
        old.superseded_by = "NO-SUCH"
        uow.commit()

    chain = PartSearch(masters_db).supersession("10002", "MAIN")

    assert chain is not None and chain.chain == ("10002", "10080", "NO-SUCH")
    assert "NO-SUCH, which is not in the parts list" in chain.problem


@pytest.mark.parametrize("common", [1, 2000], ids=["common words", "rare words"])
def test_the_word_index_finds_the_same_parts_as_reading_every_description(
    orders_db: Database,
    search: PartSearch,
    common: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Words found in `common` descriptions or more are read off the part table.
    monkeypatch.setattr("warehouse_app.services.enquiry.search.COMMON", common)
    with orders_db.reading() as session:
        descriptions = dict(
            session.execute(select(Part.part_number, Part.description)).all()
        )
    for text in ("lantern", "HEART t", "of", "cake 3", "10%", "t-light holder"):
        words = text.upper().split()
        wanted = sorted(
            number
            for number, description in descriptions.items()
            if all(word in description.upper() for word in words)
        )
        found = numbers(search.search(text, "MAIN", limit=5000))

        assert sorted(found) == wanted, text


def test_a_changed_description_is_found_by_its_new_words_only(
    masters_db: Database,
) -> None:
    with masters_db.unit_of_work() as uow:
        part = uow.session.get(Part, "71053")
        assert part is not None
        part.description = "GALVANISED STORM LAMP"
        uow.commit()

    search = PartSearch(masters_db)

    assert numbers(search.search("storm lamp", "MAIN")) == ["71053"]
    assert "71053" not in numbers(search.search("metal lantern", "MAIN"))


def test_a_stale_word_index_never_shows_a_wrong_part_and_check_rebuilds_it(
    masters_db: Database,
) -> None:
    # The index goes stale as after a VACUUM that renumbered rows: a
    # description changed while the trigger that keeps it was not there.
    with masters_db.unit_of_work() as uow:
        session = uow.session
        session.execute(sql("DROP TRIGGER part_words_update"))
        part = session.get(Part, "71053")
        assert part is not None
        part.description = "GALVANISED STORM LAMP"
        session.flush()
        session.execute(
            sql(
                "CREATE TRIGGER part_words_update AFTER UPDATE OF description"
                " ON part BEGIN INSERT INTO part_words(part_words, rowid,"
                " description) VALUES ('delete', old.rowid, old.description);"
                " INSERT INTO part_words(rowid, description)"
                " VALUES (new.rowid, new.description); END"
            )
        )
        uow.commit()
    search = PartSearch(masters_db)

    # The index reads each description from the part itself to check a word,
    # so a stale index misses parts but never shows a wrong one.
    assert "71053" not in numbers(search.search("LANTERN", "MAIN"))
    assert "71053" not in numbers(search.search("STORM LAMP", "MAIN"))
    [stale] = [d for d in reconcile(masters_db) if d.check == SEARCH]
    assert "--repair-search" in stale.detail

    refused = CliRunner().invoke(main, ["--db", masters_db.url, "check"])
    repaired = CliRunner().invoke(
        main, ["--db", masters_db.url, "check", "--repair-search"]
    )

    assert refused.exit_code == 1 and "search index" in refused.output
    assert repaired.exit_code == 0, repaired.output
    assert "Index of description words built again." in repaired.output
    assert reconcile(masters_db) == []
    assert numbers(search.search("STORM LAMP", "MAIN")) == ["71053"]
