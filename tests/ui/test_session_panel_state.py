"""What the live session's header says (``panel_state``), from a store fed plain contract data."""

from __future__ import annotations

from pidash.contract.provisioning import SessionData
from pidash.i18n import translator
from pidash.orchestrator import SessionChanged
from pidash.store.feeds import PROVISIONING_FEED
from pidash.ui.components.session_panel import panel_state, shared_panel_state
from tests.store.test_store import NOW, device, loaded, session

EN, DE = translator("en"), translator("de")


def test_the_header_counts_and_words_follow_the_summary_in_the_page_language() -> None:
    store = loaded(states=["verified", "failed", "discovered"])
    state = panel_state(store.summary, DE)
    assert state["counts"] == {"discovered": 3, "provisioned": 1, "verified": 1, "failed": 1}
    assert state["progressLabel"] == "1 von 3 bestätigt"
    assert state["bar"]["now"] == f"{1 / 3:g}"
    assert state["legend"][0].startswith("1 ") and state["asOf"] == "" and state["left"]


def test_polling_is_the_pi_confirming_what_is_shown_so_nothing_says_it_is_old() -> None:
    store = loaded()
    store.set_feed_state(PROVISIONING_FEED, "polling")  # the Pi answered 204: polled instead
    store.flush(NOW)
    state = panel_state(store.summary, EN)
    assert (state["asOf"], state["left"]) == ("", "5:00 left")
    store.set_feed_state(PROVISIONING_FEED, "reconnecting")
    store.flush(NOW)
    state = panel_state(store.summary, EN)
    assert state["asOf"].startswith("Last known state, as of ") and state["left"] == ""


def test_a_timeout_warning_without_a_known_time_still_warns() -> None:
    store = loaded()
    no_expiry = session(expires_in=None)
    store.replace_session(SessionData(session=no_expiry, devices=[device("AA:BB:CC:DD:EE:01")]))
    store.apply_event(SessionChanged(no_expiry, timeout_warning=True))
    store.flush(NOW)
    assert store.summary.time_remaining == ""
    assert panel_state(store.summary, EN)["warning"] == "This session times out soon."
    assert panel_state(store.summary, DE)["warning"] == "Diese Sitzung läuft bald ab."


def test_pages_of_a_language_share_one_state_per_change() -> None:
    store = loaded()
    first = shared_panel_state(store.summary, EN)
    assert shared_panel_state(store.summary, EN) is first  # a second page: no new work
    assert first == panel_state(store.summary, EN)
    german = shared_panel_state(store.summary, DE)
    assert german is not first and german["progressLabel"] == panel_state(store.summary, DE)["progressLabel"]
    other = loaded(states=["verified", "verified", "failed"])  # another store's summary never gets this one's state
    assert shared_panel_state(other.summary, EN)["counts"]["verified"] == 2

    store.replace_session(SessionData(session=session(), devices=[device("AA:BB:CC:DD:EE:01", "verified")]))
    store.flush(NOW)
    after = shared_panel_state(store.summary, EN)
    assert after is not first and after["counts"]["verified"] == 1
    assert first["counts"]["verified"] == 0  # the state pages already hold is never changed in place


def test_the_legend_accounts_for_every_camera_found() -> None:
    """Cameras not on the allowlist (and skipped ones) are named in the legend when there are any."""
    store = loaded(states=["verified", "discovered", "discovered"])
    assert [x for x in panel_state(store.summary, EN)["legend"] if x] == [
        "1 verified",
        "0 in progress",
        "0 failed",
        "2 waiting",
    ]
    unlisted = [device("AA:BB:CC:DD:EE:0" + str(i), "discovered", allowlisted=False) for i in (7, 8)]
    store.replace_session(SessionData(session=session(), devices=[device("AA:BB:CC:DD:EE:01", "verified"), *unlisted]))
    store.flush(NOW)
    assert [x for x in panel_state(store.summary, DE)["legend"] if x][-1] == "2 nicht auf der Freigabeliste"
    assert "2 not on the allowlist" in panel_state(store.summary, EN)["legend"]
