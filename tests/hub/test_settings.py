"""Names on the hub, PIN files and the cards (no root needed)."""

import subprocess

import pytest

from himoya.hub.cards import Card, cards_html, write_cards
from himoya.hub.settings import HubError, check_prefix, read_secrets, username_for, write_secrets


def test_login_and_os_account_are_the_roster_id_in_lower_case_with_the_prefix():
    assert username_for("KUL-07", "") == "kul-07"
    assert username_for("BKH_01", "t-") == "t-bkh_01"


def test_an_id_that_cannot_be_an_account_name_says_what_to_do():
    with pytest.raises(HubError, match=r"start with a letter.*--prefix"):
        username_for("07-KUL", "")
    with pytest.raises(HubError, match="longer than 32"):
        username_for("A" * 30, "hub-")
    with pytest.raises(HubError, match="--prefix"):
        check_prefix("Bad Prefix")


def test_pin_files_are_private_and_read_back(tmp_path):
    path = tmp_path / "pins.csv"
    write_secrets(path, "pin", {"KUL-07": "123456", "KUL-08": "654321"})
    assert path.stat().st_mode & 0o077 == 0
    assert read_secrets(path, "pin") == {"KUL-07": "123456", "KUL-08": "654321"}


def test_a_bad_pin_file_names_the_row(tmp_path):
    path = tmp_path / "pins.csv"
    path.write_text("id,pin\nKUL-07,123456\nKUL-08,12\n", encoding="utf-8")
    with pytest.raises(HubError, match=r"pins.csv:3:"):
        read_secrets(path, "pin")
    path.write_text("name,code\n", encoding="utf-8")
    with pytest.raises(HubError, match=r"pins.csv:1: the columns must be id,pin"):
        read_secrets(path, "pin")


def test_cards_escape_names_and_show_address_id_and_pin():
    page = cards_html(
        [Card("KUL-07", "482913", "<b>Фарҳод</b> Қодиров")],
        address="http://192.168.8.10:8000/",
        wifi="himoya-workshop",
    )
    assert "&lt;b&gt;Фарҳод&lt;/b&gt; Қодиров" in page
    for text in ("http://192.168.8.10:8000/", "KUL-07", "482913", "himoya-workshop"):
        assert text in page


def test_cards_pdf_has_one_card_per_trainee_in_tajik_script(tmp_path):
    cards = [Card(f"KUL-{n:02d}", f"{n:06d}", f"Ҷамшед Раҳимов {n}") for n in range(1, 10)]
    pdf = write_cards(tmp_path / "cards.pdf", cards, address="http://10.1.1.1:8000/")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           2" in pages  # six cards a page
    assert "Ҷамшед Раҳимов 9" in text
    assert "000009" in text
    assert pdf.stat().st_mode & 0o077 == 0


def test_hub_commands_say_plainly_that_they_need_root(monkeypatch, capsys):
    from himoya.cli import main

    monkeypatch.setattr("os.geteuid", lambda: 1000)
    assert main(["hub", "init", "some-cohort"]) == 1
    message = capsys.readouterr().err
    assert "hub init needs administrator rights" in message
    assert "sudo" in message
    assert main(["cohort", "collect", "some-cohort", "--from-hub"]) == 1
    assert "administrator rights" in capsys.readouterr().err


def test_a_hub_error_is_a_user_error_and_the_cli_prints_one_line(tmp_path, capsys):
    from himoya.cli import main
    from himoya.errors import UserError

    assert issubclass(HubError, UserError)
    # As root: the half-given certificate is refused; otherwise: "needs administrator rights".
    code = main(["hub", "start", str(tmp_path), "--ssl-cert", str(tmp_path / "cert.pem")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("himoya: error: ")
    assert "--ssl-key" in err or "administrator rights" in err
