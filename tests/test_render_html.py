"""perfeval.render.html: the self-contained HTML report, checked as text and in a real headless browser.

The browser tests drive the system's Chromium (Debian: chromium, chromium-driver; .ci/run installs
them) through selenium; they are skipped, saying why, only where no browser is installed.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest

from perfeval.api import audit_files, score_files, validate_files
from perfeval.render.html import render_html

from .conftest import EXAMPLES, SEED

ACTUALS = EXAMPLES / "tongnan-shebao-2026.actuals.yaml"
EVIL = '<script>alert("x")</script>&<img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def results():
    return {"validate": validate_files([str(SEED)]), "score": score_files(str(SEED), str(ACTUALS)),
            "audit": audit_files([str(EXAMPLES / "audit")])}


class _Stub:
    """A validate-like result whose every text field carries markup."""

    kind = "validate"

    def rows(self):
        return [{"severity": "error", "code": "weights.sum", "title": EVIL, "table": EVIL, "project": EVIL,
                 "indicator": EVIL, "file": EVIL, "line": 3, "cell": None, "message": EVIL}]

    def to_json(self, summary_only=False):
        return {"findings": [], "summary": {"error": 1, "warning": 0, "info": 0, "files": 1},
                "groups": [{"department": EVIL, "implementer": EVIL, "tables": 1, "error": 1},
                           {"department": "b", "implementer": "c", "tables": 1}],
                "unreadable": [{"file": EVIL, "problems": [EVIL]}]}


def test_every_piece_of_user_text_is_escaped():
    page = render_html("validate", _Stub())
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;") >= 9
    assert page.count("<script>") == 1  # the page's own filter script


@pytest.mark.parametrize("kind", ["validate", "score", "audit"])
def test_self_contained_in_chinese(results, kind):
    page = render_html(kind, results[kind])
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # nothing fetched from anywhere
    assert "@import" not in page and "url(" not in page
    assert "@media print" in page


def test_refuses_an_unknown_kind(results):
    with pytest.raises(ValueError):
        render_html("show", results["validate"])


# -- in a browser -----------------------------------------------------------------------------------

def _browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[test]')")
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.skip("no headless browser: install Debian's chromium and chromium-driver (see .ci/run)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1600"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = _browser()
    driver.set_page_load_timeout(10)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(results, tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for kind, result in results.items():
        path = folder / f"{kind}.html"
        path.write_text(render_html(kind, result), encoding="utf-8")
        out[kind] = path.as_uri()
    return out


def _console_problems(browser):
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def _open(browser, url):
    browser.get_log("browser")  # drop what earlier pages said
    browser.get(url)
    assert _console_problems(browser) == []


def _tiles(browser):
    from selenium.webdriver.common.by import By

    return {t.get_attribute("data-key"): t.find_element(By.CLASS_NAME, "value").text
            for t in browser.find_elements(By.CSS_SELECTOR, "#summary .tile")}


def _visible(browser):
    """The findings rows the browser actually lays out (a hidden row has no client rects)."""
    return browser.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('tr.finding'),"
        " function(r){return r.getClientRects().length>0;});")


def test_a_console_error_would_be_seen(browser, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>", encoding="utf-8")
    browser.get_log("browser")
    browser.get(broken.as_uri())
    assert any("undefinedFunction" in entry["message"] for entry in _console_problems(browser))


def test_validate_page_counts_and_filters(browser, pages, results):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    data = results["validate"].to_json()
    summary = data["summary"]
    _open(browser, pages["validate"])
    assert _tiles(browser) == {"错误": str(summary["error"]), "警告": str(summary["warning"]),
                               "提示": str(summary["info"]), "文件": "1"}
    total = len(data["findings"])
    assert len(_visible(browser)) == total and browser.find_element(By.ID, "shown-count").text == str(total)

    browser.find_element(By.CSS_SELECTOR, 'input.severity[value="info"]').click()  # hide 提示
    assert len(_visible(browser)) == summary["error"] + summary["warning"]
    Select(browser.find_element(By.ID, "filter-code")).select_by_value("budget.sum")
    budget_sum = sum(1 for f in data["findings"] if f["code"] == "budget.sum")
    assert len(_visible(browser)) == budget_sum == int(browser.find_element(By.ID, "shown-count").text)
    assert {r.get_attribute("data-code") for r in _visible(browser)} == {"budget.sum"}
    Select(browser.find_element(By.ID, "filter-code")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-table")).select_by_value("附件 12-4")
    in_table = [f for f in data["findings"] if f["table"] == "附件 12-4" and f["severity"] != "info"]
    assert len(_visible(browser)) == len(in_table) > 0
    assert {r.find_elements(By.TAG_NAME, "td")[3].text for r in _visible(browser)} == {"附件 12-4"}


def test_score_page_shows_the_json_numbers(browser, pages, results):
    from selenium.webdriver.common.by import By

    data = results["score"].to_json()
    _open(browser, pages["score"])
    tiles = _tiles(browser)
    assert tiles["平均分"] == data["summary"]["mean_display"] == "97.45"
    assert {g: tiles[g] for g in data["summary"]["by_grade"]} == {g: str(n) for g, n in data["summary"]["by_grade"].items()}
    cards = browser.find_elements(By.CSS_SELECTOR, "article.card")
    assert [(c.get_attribute("data-project"), c.find_element(By.CLASS_NAME, "total").text,
             c.find_element(By.CLASS_NAME, "grade").text) for c in cards] == \
        [(p["project_code"], p["total_display"], p["grade"]) for p in data["projects"]]
    bars = {b.get_attribute("data-label"): int(b.get_attribute("data-count"))
            for b in browser.find_elements(By.CSS_SELECTOR, "#chart-grades .bar")}
    assert bars == data["summary"]["by_grade"]
    histogram = {b.get_attribute("data-label"): int(b.get_attribute("data-count"))
                 for b in browser.find_elements(By.CSS_SELECTOR, "#chart-scores .bar")}
    assert sum(histogram.values()) == 17 and histogram["90–100"] == 17
    first = cards[0]
    first.find_element(By.TAG_NAME, "summary").click()  # the detail opens: the indicator scores as in the JSON
    shown = [td.text for td in first.find_elements(By.CSS_SELECTOR, "td.score")]
    project = data["projects"][0]
    assert shown == [i["score_display"] for i in project["indicators"]] + [project["execution"]["score_display"]]


def test_audit_page_shows_differences_and_filters(browser, pages, results):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    data = results["audit"].to_json()
    _open(browser, pages["audit"])
    tiles = _tiles(browser)
    assert (tiles["错误"], tiles["自评表"], tiles["有错误的自评表"]) == (
        str(data["summary"]["error"]), str(data["summary"]["sheets"]), str(data["summary"]["sheets_with_errors"]))
    claimed = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "article.card .claimed")]
    rescored = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "article.card .rescored")]
    assert claimed == [s["claimed_total_display"] or "—" for s in data["sheets"]]
    assert rescored == [s["rescored_total_display"] or "—" for s in data["sheets"]]
    largest = browser.find_elements(By.CSS_SELECTOR, "table.differences tbody tr")
    assert len(largest) == len(data["overview"]["largest_differences"])
    top = data["overview"]["largest_differences"][0]
    assert Decimal(largest[0].find_element(By.CSS_SELECTOR, "td.diff").text) == Decimal(top["difference"])
    frequent = browser.find_elements(By.CSS_SELECTOR, "#frequent tbody tr")
    assert frequent[0].find_element(By.TAG_NAME, "code").text == data["overview"]["frequent_codes"][0]["code"]
    for box in ("warning", "info"):
        browser.find_element(By.CSS_SELECTOR, f'input.severity[value="{box}"]').click()
    assert len(_visible(browser)) == data["summary"]["error"]
    Select(browser.find_element(By.ID, "filter-code")).select_by_value("rescore.over")
    assert len(_visible(browser)) == sum(1 for f in data["findings"] if f["code"] == "rescore.over")
