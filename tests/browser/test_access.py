"""Who may do what, in Chromium against real processes (issue 13).

The dashboards here are configured as on a site's LAN while binding to loopback only:
``PIDASH_ANONYMOUS`` is set explicitly (so there is no local mode), ``PIDASH_API_KEY`` is the
simulator's key, and the trusted kiosk network includes or excludes 127.0.0.1.
"""

from __future__ import annotations

import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from pidash.auth.access import NO_ACCOUNT
from tests.browser.access_support import PASSWORDS, add_account, add_crew, audit_rows, emit_event, sign_in
from tests.browser.contrast import contrast_failures
from tests.browser.support import (
    DashboardProcess,
    answer_confirm,
    expect_error,
    session_card,
    sim_call,
    start_session,
    stop_session,
)
from tests.support.processes import SimProcess

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(module_sim: SimProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardProcess]:
    """The Pi key configured, anonymous visitors get nothing, three operators (ada, tom, vic)."""
    workdir = tmp_path_factory.mktemp("site")
    add_crew(workdir)
    dash = DashboardProcess(
        module_sim.url, workdir, api_key=module_sim.api_key, extra_env={"PIDASH_ANONYMOUS": "none"}
    ).start()
    yield dash
    dash.stop()


def door_state(sim: SimProcess) -> str:
    data = sim_call(sim, "GET", "/api/v1/door/status")["data"]
    return str(data.get("door", data)["state"])


def test_anonymous_gets_only_the_sign_in_page(page: Page, site: DashboardProcess) -> None:
    for path in ("/", "/door", "/config", "/allowlist", "/users", "/audit", "/kiosk"):
        page.goto(site.url + path)
        expect(page).to_have_url(re.compile(r"/login\?next=" + re.escape(path) + "$"))
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(page.get_by_role("button", name="Start session")).to_have_count(0)
        expect(page.get_by_role("button", name="Open door")).to_have_count(0)
        expect(page.get_by_text("Continue without signing in")).to_have_count(0)


def test_viewer_cannot_act_even_through_the_socket(page: Page, site: DashboardProcess, module_sim: SimProcess) -> None:
    sign_in(page, site.url, "vic")
    expect(page.get_by_role("button", name="Start session")).to_be_disabled()
    expect(page.get_by_test_id("gate-reason").first).to_have_text(
        "Your role (viewer) may not run provisioning sessions: a technician or above may."
    )
    page.goto(site.url + "/door")
    expect(page.get_by_role("button", name="Open door")).to_be_disabled()
    expect(page.get_by_test_id("gate-reason")).to_have_text(
        "Your role (viewer) may not open or close the door: an admin or above may."
    )
    # a forged click on the disabled button: NiceGUI drops events of disabled elements
    emit_event(page, page.get_by_test_id("door-close"), "click")
    page.goto(site.url + "/config")
    expect(page.get_by_test_id("config-edit").first).to_be_disabled()
    expect(page.get_by_role("button", name="Reveal mqtt.password")).to_be_disabled()  # secrets stay masked

    page.goto(site.url + "/allowlist")
    expect(page.get_by_role("button", name="Add device")).to_be_disabled()
    mac = sim_call(module_sim, "GET", "/api/v1/provisioning/allowlist")["data"]["entries"][0]["mac"]
    expect(page.get_by_label(f"Remove {mac}")).to_be_disabled()
    # a row's button is disabled in the browser only (one element for every row): the handler runs and is refused
    emit_event(page, page.get_by_label(f"Remove {mac}"), "click", mac)
    answer_confirm(page, "Remove")
    expect_error(page, "NOT_ALLOWED")
    entries = sim_call(module_sim, "GET", "/api/v1/provisioning/allowlist")["data"]["entries"]
    assert mac in [e["mac"] for e in entries]
    rows = [r for r in audit_rows(site.workdir) if r["action"] == "allowlist.remove"]
    assert rows and rows[-1]["actor"] == "vic" and rows[-1]["role"] == "viewer"
    assert rows[-1]["outcome"].startswith("refused:") and rows[-1]["target"] == mac
    assert not any(r["action"].startswith("door.") for r in audit_rows(site.workdir))


def test_anonymous_viewer_cannot_act_even_through_the_socket(
    page: Page, module_sim: SimProcess, dashboard_factory: Callable[..., DashboardProcess], tmp_path: Path
) -> None:
    """``PIDASH_ANONYMOUS=viewer`` with the Pi key configured: the key does not act for anonymous visitors."""
    workdir = tmp_path / "lan-viewer"
    add_account(workdir, "ada", "admin", PASSWORDS["ada"])
    dash = dashboard_factory(
        module_sim.url, workdir=workdir, api_key=module_sim.api_key, extra_env={"PIDASH_ANONYMOUS": "viewer"}
    )
    page.goto(dash.url + "/")
    expect(page.get_by_test_id("operator")).to_have_text("Not signed in (viewer)")
    start = page.get_by_role("button", name="Start session")
    expect(start).to_be_disabled()
    expect(page.get_by_test_id("gate-reason").first).to_have_text(
        "Sign in as technician or above to run provisioning sessions."
    )
    assert contrast_failures(page) == []  # the notice is read, not guessed at
    page.get_by_label("Wi-Fi network (SSID)").fill("Factory-WiFi")
    page.get_by_label("Wi-Fi password").fill("correct-horse-42")
    page.get_by_label("Wi-Fi password").press("Enter")  # as the disabled button: nothing
    emit_event(page, start, "click")  # dropped: NiceGUI ignores events of a disabled element
    page.goto(dash.url + "/door")
    expect(page.get_by_role("button", name="Open door")).to_be_disabled()
    emit_event(page, page.get_by_test_id("door-close"), "click")
    page.goto(dash.url + "/allowlist")
    mac = sim_call(module_sim, "GET", "/api/v1/provisioning/allowlist")["data"]["entries"][-1]["mac"]
    page.get_by_label("MAC address").fill("AA:BB:CC:DD:EE:77")
    page.get_by_label("MAC address").press("Enter")  # Add device is disabled: nothing
    emit_event(page, page.get_by_label(f"Remove {mac}"), "click", mac)  # reaches the handler
    answer_confirm(page, "Remove")
    expect_error(page, "NOT_ALLOWED")
    entries = sim_call(module_sim, "GET", "/api/v1/provisioning/allowlist")["data"]["entries"]
    assert mac in [e["mac"] for e in entries]
    page.goto(dash.url + "/")
    expect(session_card(page)).to_be_hidden()  # no session was started
    rows = audit_rows(workdir)
    assert [(r["actor"], r["role"], r["action"]) for r in rows] == [("anonymous", "viewer", "allowlist.remove")]
    assert rows[0]["outcome"].startswith("refused: Sign in as admin")


def test_a_page_left_open_after_sign_out_is_refused(
    context: BrowserContext, site: DashboardProcess, module_sim: SimProcess
) -> None:
    door, other = context.new_page(), context.new_page()
    for _ in range(3):
        sign_in(door, site.url, "ada", next_path="/door")
        expect(door.get_by_role("button", name="Open door")).to_be_enabled()
        other.goto(site.url + "/monitoring")  # the same browser signs out in another tab
        other.get_by_role("button", name="Sign out").click()
        expect(other).to_have_url(re.compile(r"/login"))
        try:  # the button is stale; the handler checks again
            door.get_by_role("button", name="Open door").click(timeout=5_000)
            break
        except PlaywrightTimeoutError:  # every open tab re-reads its sign-in each 30 s: this one had
            expect(door.get_by_role("button", name="Open door")).to_be_disabled()
            assert door_state(module_sim) == "closed"
    else:
        pytest.fail("the open tab was refreshed before each of three clicks")
    answer_confirm(door, "Open door")
    expect_error(door, "NOT_ALLOWED")
    expect(door.get_by_role("alert").filter(has_text="NOT_ALLOWED")).to_contain_text("Sign in as admin")
    assert door_state(module_sim) == "closed"
    last = audit_rows(site.workdir)[-1]
    assert (last["actor"], last["action"]) == ("anonymous", "door.open")
    assert last["outcome"].startswith("refused:")


def test_sign_in_never_leaves_for_another_site(page: Page, site: DashboardProcess) -> None:
    # a tab or newline in ?next= is dropped by the browser: "/\t/evil" would be "//evil"
    for sneaky in ("/%09/evil.invalid/phish", "/%0A/evil.invalid/x"):
        sign_in(page, site.url, "tom", next_path=sneaky)
        assert page.url == site.url + "/"
        page.context.clear_cookies()


def test_technician_provisions_but_cannot_open_the_door(page: Page, site: DashboardProcess) -> None:
    sign_in(page, site.url, "tom")
    expect(page.get_by_test_id("operator")).to_have_text("tom (technician)")
    start_session(page)
    page.goto(site.url + "/door")
    expect(page.get_by_role("button", name="Open door")).to_be_disabled()
    expect(page.get_by_test_id("gate-reason")).to_have_text(
        "Your role (technician) may not open or close the door: an admin or above may."
    )
    page.goto(site.url + "/")
    stop_session(page)
    mine = [r for r in audit_rows(site.workdir) if r["actor"] == "tom" and r["action"].startswith("session.")]
    assert [(r["action"], r["outcome"]) for r in mine] == [("session.start", "ok"), ("session.stop", "ok")]
    assert all(re.fullmatch(r"[0-9a-f-]{36}", r["correlation_id"]) for r in mine)
    assert {r["role"] for r in mine} == {"technician"}


def test_admin_opens_the_door_and_exports_the_audit(page: Page, site: DashboardProcess, module_sim: SimProcess) -> None:
    sign_in(page, site.url, "ada", next_path="/door")
    page.get_by_role("button", name="Open door").click()
    answer_confirm(page, "Open door")
    expect(page.get_by_test_id("door-state")).to_have_text("Open")
    assert door_state(module_sim) == "open"
    page.get_by_role("button", name="Close door").click()
    expect(page.get_by_test_id("door-state")).to_have_text("Closed")
    page.goto(site.url + "/config")
    expect(page.get_by_test_id("config-edit").first).to_be_enabled()

    page.goto(site.url + "/audit")
    table = page.get_by_label("Audit entries")
    expect(table).to_contain_text("door.open")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    text = Path(download.value.path()).read_text()
    assert text.startswith("at,actor,role,action,target,outcome,correlation_id,address")
    assert re.search(r"ada,admin,door\.open,10 s,ok,[0-9a-f-]{36},127\.0\.0\.1", text)
    assert "sign-in" in text
    for secret in [*PASSWORDS.values(), "$argon2", module_sim.api_key or "-"]:
        assert secret not in text
        assert secret not in site.log_text()
        assert secret not in page.content()


def wait_for_sign_in_rows(workdir: Path, count: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while len([r for r in audit_rows(workdir) if r["action"] == "sign-in"]) < count:
        assert time.monotonic() < deadline, f"fewer than {count} sign-in attempts audited"
        time.sleep(0.1)


def test_sixth_wrong_password_is_refused_unchecked(
    page: Page,
    context: BrowserContext,
    module_sim: SimProcess,
    dashboard_factory: Callable[..., DashboardProcess],
    tmp_path: Path,
) -> None:
    workdir = tmp_path / "throttled"
    add_account(workdir, "ada", "admin", PASSWORDS["ada"])
    dash = dashboard_factory(module_sim.url, workdir=workdir, extra_env={"PIDASH_ANONYMOUS": "none"})
    page.goto(dash.url + "/login")
    problem = page.get_by_test_id("login-problem")
    for attempt in range(5):
        page.get_by_label("Name", exact=True).fill("ada")
        page.get_by_label("Password", exact=True).fill(f"wrong-password-{attempt}")
        page.get_by_role("button", name="Sign in").click()
        wait_for_sign_in_rows(workdir, attempt + 1)
        expect(problem).to_have_text("Wrong name or password.")
        expect(page.get_by_label("Password", exact=True)).to_have_value("")
    page.get_by_label("Name", exact=True).fill("ada")
    page.get_by_label("Password", exact=True).fill(PASSWORDS["ada"])  # right, but not even checked
    page.get_by_label("Password", exact=True).press("Enter")  # as Sign in
    expect(problem).to_contain_text("Too many failed sign-ins for this account or from this address. Try again in")
    expect(page).to_have_url(re.compile(r"/login"))

    rows = [r for r in audit_rows(workdir) if r["action"] == "sign-in"]
    assert [r["outcome"] for r in rows] == ["failed: Wrong name or password."] * 5 + ["refused: throttled, not checked"]
    assert {r["actor"] for r in rows} == {"ada"}
    data = b"".join(p.read_bytes() for p in (workdir / ".pidash").iterdir() if p.is_file())
    for secret in [PASSWORDS["ada"], *(f"wrong-password-{i}" for i in range(5))]:
        assert secret.encode() not in data
        assert secret not in dash.log_text()
    session = [c for c in context.cookies() if c["name"] == "session"]
    assert session and session[0]["httpOnly"] and session[0]["sameSite"] == "Lax"
    assert "ada" not in session[0]["value"]
    assert stat.S_IMODE((workdir / ".pidash" / "storage_secret").stat().st_mode) == 0o600


def test_kiosk_from_a_trusted_address_only(
    page: Page, module_sim: SimProcess, dashboard_factory: Callable[..., DashboardProcess]
) -> None:
    env = {"PIDASH_ANONYMOUS": "none"}
    trusted = dashboard_factory(module_sim.url, extra_env={**env, "PIDASH_TRUSTED_NETWORKS": "127.0.0.1/32"})
    page.goto(trusted.url + "/kiosk")
    expect(page.get_by_role("main", name="Kiosk")).to_be_visible()
    page.goto(trusted.url + "/door")  # nothing else is granted by address
    expect(page).to_have_url(re.compile(r"/login\?next=/door$"))

    elsewhere = dashboard_factory(module_sim.url, extra_env={**env, "PIDASH_TRUSTED_NETWORKS": "10.0.0.0/8"})
    page.goto(elsewhere.url + "/kiosk")
    expect(page).to_have_url(re.compile(r"/login\?next=/kiosk$"))
    expect(page.get_by_role("main", name="Kiosk")).to_have_count(0)
    # no account yet on a LAN-style dashboard: the page and the log say how to make one
    expect(page.get_by_test_id("no-account")).to_have_text(str(NO_ACCOUNT))
    assert "pidash user add NAME --role admin" in elsewhere.log_text()


def test_admin_adds_an_operator_who_then_signs_in(page: Page, site: DashboardProcess) -> None:
    sign_in(page, site.url, "ada", next_path="/users")
    card = page.get_by_label("Add an operator")
    card.get_by_label("Name", exact=True).fill("newbie")
    card.get_by_label("Password", exact=True).fill("newbie-pass-123")
    card.get_by_label("Password again", exact=True).fill("newbie-pass-12X")
    page.get_by_role("button", name="Add operator").click()
    expect_error(page, "INVALID_INPUT")
    expect(page.get_by_text("The two passwords differ.")).to_be_visible()
    card.get_by_label("Password", exact=True).fill("newbie-pass-123")
    card.get_by_label("Password again", exact=True).fill("newbie-pass-123")
    page.get_by_role("button", name="Add operator").click()
    expect(page.get_by_test_id("account-newbie")).to_be_visible()
    assert "newbie-pass-123" not in page.content()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))  # the sign-out's own navigation ends first
    sign_in(page, site.url, "newbie", password="newbie-pass-123")
    expect(page.get_by_test_id("operator")).to_have_text("newbie (technician)")
    page.goto(site.url + "/users")
    expect(page.get_by_test_id("gate-reason")).to_contain_text("Your role (technician) may not manage operators")
    expect(page.get_by_test_id("account-ada")).to_have_count(0)
    adds = [(r["actor"], r["target"], r["outcome"]) for r in audit_rows(site.workdir) if r["action"] == "users.add"]
    assert adds == [("ada", "newbie", "failed: The two passwords differ."), ("ada", "newbie", "ok")]
    assert "newbie-pass-12" not in site.log_text()
