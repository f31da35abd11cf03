"""The device board in Chromium: a lost delta is repaired by a resync; a browser still drawing gets
what changed meanwhile in one message; the list view is remembered."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from pidash.ui.components.device_board import ACK_WAIT_SECONDS, IN_FLIGHT
from pidash.ui.live import VALUES_SPACING_SECONDS
from tests.browser.support import (
    DashboardProcess,
    camera_card,
    camera_state,
    fleet_macs,
    force_device_failure,
    open_session,
    session_on_screen,
    sim_call,
    stop_session,
    wait_discovered,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


def board_call(page: Page, method: str, arg: object) -> None:
    page.evaluate(
        """([method, arg]) => {
          const el = document.querySelector('.pd-device-board');
          getElement(Number(el.id.slice(1)))[method](arg);
        }""",
        [method, arg],
    )


def test_a_board_that_missed_a_delta_asks_for_every_row_again(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "Resync-WiFi")

    # The browser loses its rows (as if messages were lost), then sees a delta it cannot apply.
    board_call(page, "apply", {"base": 0, "version": 0, "rows": [], "reset": True})
    expect(camera_state(page, macs[0])).to_have_count(0)
    board_call(page, "apply", {"base": 7, "version": 8, "rows": [], "reset": False})
    for mac in macs:  # the resync brought every camera back, in the state the Pi reported
        expect(camera_state(page, mac)).to_have_text("Discovered")
    assert "device board resync" in dashboard.log_text()

    page.get_by_role("button", name="Provision all").click()
    for mac in macs:  # and later deltas apply on top of the resynced rows
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=30_000)
    stop_session(page)


# The page draws no frame until told (its animation-frame callbacks are held), and keeps the
# messages its board is sent: each a list of deltas, [version, rows] each.
HOLD_FRAMES = """() => {
  window.pdFrames = [];
  window.pdDraw = window.requestAnimationFrame;
  window.requestAnimationFrame = (callback) => window.pdFrames.push(callback);
  window.pdDeltas = [];
  const board = getElement(Number(document.querySelector('.pd-device-board').id.slice(1)));
  const apply = board.apply;
  board.apply = (...deltas) => {
    window.pdDeltas.push(deltas.map((delta) => [delta.version, delta.rows.length]));
    apply(...deltas);
  };
}"""
DRAW_FRAMES = """() => {
  window.requestAnimationFrame = window.pdDraw;
  for (const callback of window.pdFrames.splice(0)) callback(performance.now());
}"""


def messages_sent(page: Page) -> list[list[list[int]]]:
    """The messages the held page's board was sent (``HOLD_FRAMES``)."""
    messages: list[list[list[int]]] = page.evaluate("window.pdDeltas")
    return messages


def test_a_board_still_drawing_gets_what_changed_meanwhile_in_one_message(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "Ack-WiFi")
    page.wait_for_timeout(500)  # the discovery's last delta acknowledged
    page.evaluate(HOLD_FRAMES)
    other = page.context.new_page()  # another browser, drawing as usual
    other.goto(dashboard.url)
    wait_discovered(other, macs)

    other.get_by_role("button", name="Provision all").click()
    for mac in macs:  # the other browser follows every change as it comes
        expect(camera_state(other, mac)).to_have_text("Verified", timeout=30_000)
    page.wait_for_timeout(1000)
    # The page that has not drawn got the batch's first messages, IN_FLIGHT at most, and nothing
    # since: the dashboard waits for it to draw (not a queue of messages it cannot keep up with).
    held = messages_sent(page)
    assert 1 <= len(held) <= IN_FLIGHT, held
    assert [camera_state(page, mac).inner_text() for mac in macs] != ["Verified"] * len(macs)

    page.evaluate(DRAW_FRAMES)  # it draws, and acknowledges: every delta since comes in one message
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Verified")
    sent = messages_sent(page)
    versions = [version for message in sent for version, _rows in message]
    assert len(sent) == len(held) + 1 and len(sent[-1]) > 1, sent
    assert versions == list(range(versions[0], versions[0] + len(versions))), sent  # none lost, none twice
    other.close()
    stop_session(page)


def test_a_board_that_never_acknowledges_gets_what_changed_after_the_wait(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    """An acknowledgement that never comes (lost as the page's network dropped, or a frozen page)
    holds a browser back for ``ACK_WAIT_SECONDS`` at most: then what changed since goes, though
    nothing changes any more (the batch, at speed 20, is over within a second or two)."""
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "Lost-ack-WiFi")
    page.wait_for_timeout(500)
    page.evaluate(HOLD_FRAMES)  # no acknowledgement will come

    page.get_by_role("button", name="Provision all").click()
    for mac in macs:  # the wait's end sent the rest, with no change to prompt it
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=ACK_WAIT_SECONDS * 3000)
    sent = messages_sent(page)
    assert len(sent) >= 2, sent
    versions = [version for message in sent for version, _rows in message]
    assert versions == list(range(versions[0], versions[0] + len(versions))), sent  # none lost, none twice
    assert "device board: no acknowledgement of version" in dashboard.log_text()
    page.evaluate(DRAW_FRAMES)
    stop_session(page)


def test_the_list_view_is_remembered_and_filters(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "List-WiFi")
    page.get_by_role("button", name="List", exact=True).click()
    expect(page.get_by_role("table", name="Cameras")).to_be_visible()
    expect(page.get_by_role("table", name="Cameras").get_by_role("status")).to_have_count(len(macs))

    page.reload()
    expect(page.get_by_role("table", name="Cameras")).to_be_visible()  # remembered by this browser
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Discovered")
    page.get_by_label("Show cameras").select_option("verified")
    expect(page.get_by_role("table", name="Cameras").get_by_role("status")).to_have_count(0)
    # "waiting" in the legend is the cameras not started; the filter's wider set has its own name
    expect(page.get_by_label("Show cameras").locator("option[value=waiting]")).to_have_text(
        f"Not done yet ({len(macs)})"
    )
    page.get_by_label("Show cameras").select_option("all")
    page.get_by_role("button", name="Cards", exact=True).click()
    expect(page.get_by_role("list", name="Cameras")).to_be_visible()
    stop_session(page)


# Keeps the rendered tree of the card of a MAC (Vue's internal instance, reached from the board):
# a card that renders again gets a new tree.
WATCH_CARD_RENDERS = """(mac) => {
  const board = getElement(Number(document.querySelector('.pd-device-board').id.slice(1)));
  const find = (vnode) => {
    if (!vnode) return null;
    if (vnode.component) {
      const props = vnode.component.props || {};
      return props.row && props.row.mac === mac ? vnode.component : find(vnode.component.subTree);
    }
    for (const child of Array.isArray(vnode.children) ? vnode.children : []) {
      const found = find(child);
      if (found) return found;
    }
    return null;
  };
  window.pdCard = find(board.$.subTree);
  window.pdCardTree = window.pdCard.subTree;
}"""


def countdown(text: str) -> int:
    found = re.search(r"Provision in (\d+) s", text)
    assert found, text
    return int(found.group(1))


def test_a_countdown_counts_down_without_rendering_its_card_and_the_button_comes_back_when_due(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    target = macs[2]
    open_session(page, dashboard.url, macs, "Countdown-WiFi")
    fault = {"method": "POST", "path_prefix": "/api/v1/provisioning/batch/", "code": "CIRCUIT_OPEN"}
    sim_call(module_sim, "PUT", "/_sim/faults", {"next_errors": [{**fault, "count": 1, "retry_after_seconds": 6}]})
    card = camera_card(page, target)
    card.get_by_role("button", name=f"Provision {target}").click()
    expect(card.get_by_role("alert")).to_contain_text("CIRCUIT_OPEN")
    button = card.get_by_role("button", name=f"Provision {target}")
    expect(button).to_be_disabled()
    expect(card.locator(".q-spinner")).to_have_count(0)  # the refusal's last change has been rendered

    page.evaluate(WATCH_CARD_RENDERS, target)
    first = countdown(button.inner_text())
    expect(button).to_have_text(re.compile(rf"Provision in [0-{max(0, first - 2)}] s"), timeout=5_000)
    expect(button).to_be_disabled()
    # the seconds went by on the button, and the card itself did not render for them
    assert page.evaluate("() => window.pdCard.subTree === window.pdCardTree")

    expect(button).to_be_enabled(timeout=10_000)  # due: the card renders once and the button is back
    expect(button).not_to_contain_text(" in ")
    sim_call(module_sim, "POST", "/_sim/reset-faults")
    button.click()  # and it works
    expect(camera_state(page, target)).to_have_text("Verified", timeout=30_000)
    stop_session(page)


def test_a_board_whose_acknowledgement_was_lost_offline_catches_up_when_it_reconnects(
    page: Page, browser: Browser, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    """The page draws while its network is down: its acknowledgement is lost (socket.io sends it
    before NiceGUI's handshake, which drops it). When it is back, with the batch over and no change
    left to come, it shows the Pi's final states all the same (it stayed on its last message)."""
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "Offline-WiFi")
    page.wait_for_timeout(500)
    page.evaluate(HOLD_FRAMES)
    watcher = browser.new_context()  # another browser, which stays online
    other = watcher.new_page()
    other.goto(dashboard.url)
    wait_discovered(other, macs)

    page.get_by_role("button", name="Provision all").click()
    for mac in macs:  # the batch is over
        expect(camera_state(other, mac)).to_have_text("Verified", timeout=30_000)
    held = messages_sent(page)
    assert 1 <= len(held) <= IN_FLIGHT, held
    page.context.set_offline(True)
    expect(page.locator("#popup")).to_have_attribute("aria-hidden", "false")  # NiceGUI saw it go
    page.evaluate(DRAW_FRAMES)  # it draws and acknowledges, with no network
    page.wait_for_timeout(300)
    page.context.set_offline(False)
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=ACK_WAIT_SECONDS * 3000)
    assert "device board resync: the browser reconnected" in dashboard.log_text()
    watcher.close()
    stop_session(page)


def test_closed_pages_free_what_they_held(
    browser: Browser, module_sim: SimProcess, dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    """Within a minute of the reconnect timeout, nothing of a closed page is left: no client, no
    store subscription, no binding (a binding from a plain object was kept for ever), no task
    (a page's ``ui.timer`` slept out its 10-minute interval first, holding the page) and no tab
    storage (each tab's was kept for the key's maximum age, 12 h, even without a key)."""
    dash = dashboard_factory(
        module_sim.url, api_key=module_sim.api_key, extra_env={"PIDASH_RECONNECT_TIMEOUT_SECONDS": "2"}
    )

    def pages() -> dict[str, int]:
        body: dict[str, dict[str, int]] = httpx.get(dash.url + "/healthz", timeout=10).json()
        return body["pages"]

    def settled(expected: dict[str, int] | None) -> dict[str, int]:
        """The counts once no page is left and, given ``expected``, once they equal them; the last
        counts read after 90 s otherwise. The start-up check's fetch of / is a page too, one that
        never connects: NiceGUI prunes it about 60 s after the start."""
        deadline = time.monotonic() + 90
        now = pages()
        while time.monotonic() < deadline and (now["open"] or (expected is not None and now != expected)):
            time.sleep(0.5)
            now = pages()
        return now

    before = settled(None)
    context = browser.new_context()
    for path in ["/", "/kiosk"] * 4:
        page = context.new_page()
        page.goto(dash.url + path)
        expect(page.get_by_label("Provisioning feed status")).to_be_visible()
    opened = pages()
    assert opened["open"] >= before["open"] + 8
    assert opened["store_subscriptions"] > before["store_subscriptions"]
    assert opened["bindings"] > before["bindings"]
    assert opened["tab_storages"] >= before["tab_storages"] + 8  # a tab each
    context.close()
    # every page, its device board, subscriptions, bindings and timers were let go, and the tabs'
    # storages (they held no key: NiceGUI would keep them 12 h)
    assert settled(before) == before


# Counts NiceGUI's `update` messages per element id (each one renders the page's whole element tree
# again in this browser), and keeps the element vnode the board renders its cards in.
WATCH_PAGE_RENDERS = r"""() => {
  window.pdUpdates = {};
  window.pdCalls = [];  // [ms, carries a call (the board's delta, an alert)] per message of pidash.ui.live
  window.socket.onAny((event, message) => {
    if (event === 'run_javascript' && message.code.startsWith('for (const [i, m, a] of JSON.parse(')) {
      const valuesAlone = /^for \(const \[i, m, a\] of JSON\.parse\("\[\[\d+,\\"set\\"/.test(message.code);
      window.pdCalls.push([performance.now(), !valuesAlone]);
    }
    if (event !== 'update') return;
    for (const id of Object.keys(message)) if (id !== '_id') window.pdUpdates[id] = (window.pdUpdates[id] || 0) + 1;
  });
  const root = document.querySelector('.pd-device-board');
  const find = (instance) => {
    const tree = instance.subTree;
    if (tree.el === root && !tree.component) return instance;
    return tree.component ? find(tree.component) : null;
  };
  window.pdBoard = find(getElement(Number(root.id.slice(1))).$);
}"""


def test_camera_events_render_no_page_wide_update_and_a_page_wide_render_skips_the_board(
    page: Page, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    open_session(page, dashboard.url, macs, "Quiet-WiFi")
    page.evaluate(WATCH_PAGE_RENDERS)

    page.get_by_role("button", name="Provision all").click()
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text(re.compile("Verified|Failed"), timeout=30_000)
    # the counts, the progress bar and the button's count followed every camera...
    verified = page.get_by_role("status").filter(has_text="Verified").count()
    expect(page.get_by_role("progressbar", name="Overall progress")).to_have_attribute(
        "aria-valuenow", f"{verified / len(macs):g}"
    )
    expect(page.get_by_role("button", name="Provision all")).to_contain_text("Provision all (0)")
    # ...without NiceGUI updates: one element sent again and again would be one that follows the
    # cameras (each update renders every element of the page again in this browser)
    updates: dict[str, int] = page.evaluate("window.pdUpdates")
    assert max(updates.values(), default=0) <= 3, updates

    # a page-wide render (what an update causes) does not render the board and its cards again
    page.evaluate("() => { window.pdBoardTree = window.pdBoard.subTree; mounted_app.$forceUpdate(); }")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.pdBoard.subTree === window.pdBoardTree")
    stop_session(page)


def test_a_card_far_from_view_keeps_its_name_state_and_buttons_and_shows_its_details_when_near(
    browser: Browser, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    macs = fleet_macs(module_sim)
    with session_on_screen(
        browser, dashboard.url, macs, viewport={"width": 420, "height": 300}, ssid="Far-WiFi"
    ) as page:  # a phone held sideways
        # the first and last cards on the page (in discovery order, which the fleet's may not be)
        cards = page.locator(".pd-device-card")
        expect(cards).to_have_count(len(macs))
        first, last = cards.first, cards.last
        last_mac = str(last.get_attribute("aria-label")).removeprefix("Camera ")
        first.evaluate("(card) => card.scrollIntoView({ block: 'start' })")
        expect(first.locator(".pd-step-label")).to_have_count(5)  # the steps, signal, firmware
        # the last card, screens below: its name, state and buttons, for a screen reader or a
        # keyboard; its details only once it is near the viewport
        expect(last.get_by_role("status")).to_have_text("Discovered")
        expect(last.get_by_role("button", name=f"Provision {last_mac}")).to_be_enabled()
        expect(last.locator(".pd-step-label")).to_have_count(0)
        expect(last.get_by_text(re.compile("Firmware "))).to_have_count(0)

        last.scroll_into_view_if_needed()
        expect(last.locator(".pd-step-label")).to_have_count(5)
        expect(last.get_by_text(re.compile("Firmware "))).to_have_count(1)
        last.get_by_role("button", name=f"Provision {last_mac}").click()
        expect(last.get_by_role("status")).to_have_text(re.compile("Verified|Failed"), timeout=30_000)
        stop_session(page)


# Every card's height each time its state label, its details (near the viewport or not) or its height
# changes, as [mac, label, near, height in px or null while its chunk is skipped, far from view].
RECORD_HEIGHTS = """() => {
  window.pdHeights = [];
  const record = () => {
    for (const card of document.querySelectorAll('.pd-device-card')) {
      const label = card.querySelector('[role=status]').textContent.trim();
      const mac = card.getAttribute('aria-label').slice(7);
      const near = card.querySelector('.pd-step-label') !== null;
      // a card in a chunk the browser skips (far from view) is not laid out: it has no size
      const height = card.checkVisibility({ contentVisibilityAuto: true }) ? card.getBoundingClientRect().height : null;
      const last = window.pdHeights.findLast((h) => h[0] === mac);
      if (!last || last[1] !== label || last[2] !== near || last[3] !== height) {
        window.pdHeights.push([mac, label, near, height]);
      }
    }
  };
  record();
  const grid = document.querySelector('.pd-device-list');
  new MutationObserver(record).observe(grid, { subtree: true, childList: true, characterData: true, attributes: true });
}"""


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_a_card_keeps_its_size_as_its_state_changes(
    browser: Browser, dashboard: DashboardProcess, module_sim: SimProcess, viewport: ViewportSize
) -> None:
    """Nothing moves under a technician's finger as cameras walk their states (the buttons stay where
    they were), and a browser redraws the cards that changed instead of every card after them; on a
    phone's narrow cards too."""
    macs = fleet_macs(module_sim)
    failing = macs[0]
    force_device_failure(module_sim, failing)
    with session_on_screen(browser, dashboard.url, macs, viewport=viewport, ssid="Steady-WiFi") as page:
        page.evaluate(RECORD_HEIGHTS)
        page.get_by_role("button", name="Provision all").click()
        expect(camera_state(page, failing)).to_have_text("Failed", timeout=30_000)
        for other in macs[1:]:
            expect(camera_state(page, other)).to_have_text(re.compile("Verified|Discovered"), timeout=30_000)
        expect(camera_card(page, failing).get_by_test_id("device-reason")).not_to_be_empty()

        heights: list[list[object]] = page.evaluate("() => window.pdHeights")
        # a card near the viewport shows its details (taller): its size may change with that, never
        # with its state
        by_card: dict[tuple[str, bool], list[tuple[str, float | None]]] = {}
        for seen_mac, label, near, height in heights:
            by_card.setdefault((str(seen_mac), bool(near)), []).append(
                (str(label), None if height is None else float(str(height)))
            )
        assert any(len({label for label, _ in seen}) >= 3 for seen in by_card.values()), by_card
        assert {label for (mac, _), seen in by_card.items() if mac == failing for label, _ in seen} >= {
            "Discovered",
            "Failed",
        }
        assert sum(any(h is not None for _, h in seen) for seen in by_card.values()) >= 3, by_card
        for card, seen in by_card.items():
            sizes = {height for _, height in seen if height is not None}
            assert len(sizes) <= 1, f"Camera {card} changed its size: {seen}"

        # A touch screen has no tooltip: a tap on the failure's reason shows all of it, another folds it.
        # Skipped, the card has one line for it (the other says so), which the reason overflows.
        failed_card = camera_card(page, failing)
        failed_card.get_by_role("button", name=re.compile("^Skip ")).click()
        expect(failed_card.get_by_text("Skipped in this batch")).to_be_visible()
        reason = failed_card.get_by_test_id("device-reason")
        box = failed_card.locator(".pd-card-status")  # the button that opens the reason
        overflows = "(el) => el.scrollHeight > el.clientHeight + 1"
        assert reason.evaluate(overflows)
        folded = box.evaluate("(el) => el.getBoundingClientRect().height")
        assert folded >= 44  # a finger's target
        box.click()
        expect(box).to_have_attribute("aria-expanded", "true")
        assert not box.evaluate(overflows)  # the box shows the whole reason
        assert box.evaluate("(el) => el.getBoundingClientRect().height") > folded
        box.click()
        expect(box).to_have_attribute("aria-expanded", "false")
        assert reason.evaluate(overflows)
        stop_session(page)


# Per chunk of the board: its number of grid columns as laid out, and the MACs of its cards.
CHUNKS = """() => [...document.querySelectorAll('.pd-device-chunk')].map((chunk) => [
  getComputedStyle(chunk).gridTemplateColumns.split(' ').filter(Boolean).length,
  [...chunk.querySelectorAll('.pd-device-card')].map((card) => card.getAttribute('aria-label').slice(7)),
])"""


def test_cards_go_in_chunks_of_four_whole_rows_that_follow_the_screen_width(
    browser: Browser, dashboard: DashboardProcess, module_sim: SimProcess
) -> None:
    """The browser checks a chunk, not every card, for what is near the view and what it may skip;
    to assistive technology every card is still an item of the one list "Cameras"."""
    macs = fleet_macs(module_sim)
    with session_on_screen(
        browser, dashboard.url, macs, viewport={"width": 1280, "height": 900}, ssid="Chunk-WiFi"
    ) as page:
        cameras = page.get_by_role("list", name="Cameras")
        expect(cameras.get_by_role("listitem")).to_have_count(len(macs))

        def chunks(columns: int) -> list[int]:
            """The chunks' sizes once the grid has ``columns`` columns (the board measures them)."""
            page.wait_for_function(
                f"""() => {{
                  const chunks = ({CHUNKS})();
                  return chunks.every(([c]) => c === {columns})
                    && chunks.slice(0, -1).every(([_, macs]) => macs.length === {columns * 4});
                }}"""
            )
            found: list[tuple[int, list[str]]] = page.evaluate(CHUNKS)
            assert sorted(mac for _, chunk in found for mac in chunk) == sorted(macs)  # each card once
            return [len(chunk) for _, chunk in found]

        def expected(size: int) -> list[int]:
            return [size] * (len(macs) // size) + ([len(macs) % size] if len(macs) % size else [])

        columns = page.evaluate(f"() => ({CHUNKS})()[0][0]")
        assert columns >= 2  # a desktop's width
        assert chunks(columns) == expected(columns * 4)
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: one column, four cards a chunk
        phone = chunks(1)
        assert phone == expected(4) and len(phone) > 1
        expect(cameras.get_by_role("listitem")).to_have_count(len(macs))
        stop_session(page)


@pytest.fixture(scope="module")
def busy_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimProcess, DashboardProcess]]:
    """30 cameras at 20x time: bursts of events, each changing the session's counts."""
    root = tmp_path_factory.mktemp("busy")
    sim = SimProcess(root / "sim", devices=30, failure_rate=0.0, speed=20.0)
    dash = DashboardProcess(sim.url, root / "dash", api_key=sim.api_key)
    try:
        sim.start()
        dash.start()
        yield sim, dash
    finally:
        dash.stop()
        sim.stop()


def test_values_alone_are_spaced_and_a_delta_takes_them_along(
    page: Page, busy_site: tuple[SimProcess, DashboardProcess]
) -> None:
    """The session's counts, progress and time left go at most every VALUES_SPACING_SECONDS when they
    travel alone (they changed with every camera event: twice as many messages as the board's deltas
    during a 500-camera batch), and the page still ends on the right counts."""
    sim, dash = busy_site
    macs = fleet_macs(sim)
    open_session(page, dash.url, macs, "Busy-WiFi")
    page.evaluate(WATCH_PAGE_RENDERS)
    page.get_by_role("button", name="Provision all").click()
    for mac in macs:
        expect(camera_state(page, mac)).to_have_text("Verified", timeout=60_000)
    expect(page.get_by_role("progressbar", name="Overall progress")).to_have_attribute("aria-valuenow", "1")
    calls: list[tuple[float, bool]] = page.evaluate("window.pdCalls")
    alone = [at for at, with_call in calls if not with_call]
    assert len(alone) >= 3 and sum(with_call for _, with_call in calls) >= 3, calls
    gaps = [b - a for a, b in itertools.pairwise(alone)]
    # sent VALUES_SPACING_SECONDS apart at least; arrivals jitter on a busy machine (a message held
    # up, the next on time: one gap of 67 ms seen), so the median of the gaps is what is checked
    assert sorted(gaps)[len(gaps) // 2] >= VALUES_SPACING_SECONDS * 1000 * 0.8, gaps
    stop_session(page)
