"""The browser enforces our Content-Security-Policy, and the journeys' violation check would see a breach."""

import pytest

from tests.browser.conftest import csp_violations_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_injected_inline_script_is_refused_and_reported(browser, live_server):
    context = browser.new_context()
    console: list[str] = []
    context.on("console", lambda message: console.append(message.text))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.injected = true";
        document.head.appendChild(s);
        const d = document.createElement("div");
        d.setAttribute("style", "color: red");
        document.body.appendChild(d);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    context.close()
    assert len(csp_violations_in(console)) == 2, console
