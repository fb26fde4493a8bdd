"""Pages per client: a browser (its signed cookie) is held to a few, an address to a class's worth."""
from explorables.hardening import (
    ADDRESS_PAGE_BURST,
    ADDRESS_SESSIONS,
    PAGE_BURST,
    PAGES_PER_MINUTE,
    SESSIONS_PER_CLIENT,
    ClientLimits,
)

NAT = "203.0.113.7"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def open_page(limits, browser, address, live):
    """Opens one page (a session) if admitted; the refusal, or None."""
    why = limits.admit(browser, address, live)
    if why is None:
        sid = f"session-{len(limits._owners)}"
        limits.opened(sid, browser, address)
        live.append(sid)
    return why


def test_a_class_of_60_behind_one_nat_address_is_not_refused():
    """The class opens the site and a lesson at the same moment (two pages each, no cookie yet),
    then, within the minute, each student reloads once and opens another lesson, all from one
    address: none refused, and the 240 pages held are within the address's cap."""
    limits, live = ClientLimits(clock=Clock()), []
    assert [open_page(limits, None, NAT, live) for _ in range(120)] == [None] * 120
    refused = []
    for i in range(60):
        limits.clock.now += 1.0
        refused += [open_page(limits, f"visitor:{i:016x}", NAT, live) for _ in range(2)]
    assert refused == [None] * 120 and len(live) == 240 <= ADDRESS_SESSIONS


def test_one_browser_is_held_to_its_own_allowance_and_leaves_the_others_theirs():
    limits, live = ClientLimits(clock=Clock()), []
    me = "visitor:00000000000000aa"
    assert [open_page(limits, me, NAT, live) for _ in range(PAGE_BURST)] == [None] * PAGE_BURST
    why, wait = open_page(limits, me, NAT, live)
    assert why == "pages" and 0 < wait <= 60 / PAGES_PER_MINUTE
    assert open_page(limits, "visitor:00000000000000bb", NAT, live) is None  # a classmate still gets in
    for _ in range(SESSIONS_PER_CLIENT - PAGE_BURST):
        limits.clock.now += 60 / PAGES_PER_MINUTE
        assert open_page(limits, me, NAT, live) is None
    limits.clock.now += 60
    assert open_page(limits, me, NAT, live) == ("sessions", None)  # tokens again, but 12 pages held
    live.remove(next(sid for sid, owner in limits._owners.items() if owner[0] == me))  # a tab closed
    assert open_page(limits, me, NAT, live) is None


def test_a_cookieless_client_is_held_to_the_address_allowance():
    limits, live = ClientLimits(clock=Clock()), []
    answers = [open_page(limits, None, "198.51.100.1", live) for _ in range(ADDRESS_PAGE_BURST + 1)]
    assert answers[:-1] == [None] * ADDRESS_PAGE_BURST and answers[-1][0] == "pages"
    assert open_page(limits, None, "198.51.100.2", live) is None  # another address is not held back
    limits.clock.now += 3600
    live.clear()
    limits = ClientLimits(address_sessions=5, clock=limits.clock)
    assert [open_page(limits, None, NAT, live) for _ in range(6)][-1] == ("network", None)


def test_a_limit_of_0_is_no_limit():
    limits, live = ClientLimits(0, 0, 0, 0, 0, 0, clock=Clock()), []
    assert all(open_page(limits, "visitor:1", NAT, live) is None for _ in range(500))
