"""web_browser.py: the web console in headless Chromium (Debian's chromium and
chromium-driver through python3-selenium) against a real `loa web` and `loa watch`: an
editor logs in with the keyboard, submits a bulletin, hears its preview (the audio element
loads and has the MP3's duration) and sees the guessed word highlighted; an approver
approves it, finds it in the week's calendar, withdraws it and sees it gone. Screenshots at
390 px and at desktop width are kept under the build folder (web-screenshots/).
Exits 77 (skipped) with the reason when Chromium, its driver or Selenium is missing."""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webstation import PASSWORD, Station, station_today, wait_until  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:
    webdriver = None

if not CHROMIUM or not DRIVER or webdriver is None:
    print("web_browser: skipped: %s is not installed" % (
        "chromium" if not CHROMIUM else "chromium-driver" if not DRIVER else "python3-selenium"))
    sys.exit(77)

SHOTS = os.path.join(os.environ.get("LOA_BUILD_DIR", "build"), "web-screenshots")
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def browser(profile):
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required",
              "--lang=vi", "--user-data-dir=" + profile, "--window-size=390,844"]:
        o.add_argument(a)
    d = webdriver.Chrome(service=Service(DRIVER), options=o)
    d.set_page_load_timeout(30)
    return d


def wait_css(d, css, seconds=30, what=None):
    return wait_until(seconds, what or css, lambda: (d.find_elements(By.CSS_SELECTOR, css) or [None])[0])


def shot(d, name, width, height=900):
    d.execute_script("document.getElementById('toast').classList.remove('show')")
    d.set_window_size(width, height)
    time.sleep(0.3)   # the layout settles after a resize; nothing is asserted on it
    total = d.execute_script("return Math.max(document.body.scrollHeight, 600)")
    d.set_window_size(width, min(total + 140, 2400))
    path = os.path.join(SHOTS, name)
    d.save_screenshot(path)
    print("  screenshot", path, file=sys.stderr)


def login(d, st, user):
    d.get(st.url("/"))
    u = wait_css(d, "#user")
    u.clear()
    u.send_keys(user)
    p = d.find_element(By.CSS_SELECTOR, "#password")
    p.send_keys(PASSWORD, Keys.ENTER)          # the keyboard alone logs in
    wait_until(20, "the pages after login", lambda: d.find_element(By.ID, "nav").is_displayed())


def logout(d):
    d.find_element(By.ID, "logout").click()
    wait_css(d, "#user")


def state_text(d):
    # read in the page: the page redraws itself, an element found before may be gone
    return d.execute_script("var e = document.querySelector('#state .badge'); return e ? e.textContent : ''")


def run(st, d):
    os.makedirs(SHOTS, exist_ok=True)
    tomorrow = station_today() + datetime.timedelta(days=1)

    print("== an editor logs in and submits a bulletin", file=sys.stderr)
    login(d, st, "lan")
    shot(d, "hom-nay-390.png", 390)
    d.get(st.url("/#gui"))
    text = wait_css(d, "#f-text")
    text.send_keys("Ông QWZ mời bà con thôn Đông dự họp tại nhà văn hóa lúc 19 giờ.\n"
                   "Đề nghị các hộ đến đúng giờ.")
    d.find_element(By.ID, "f-title").send_keys("Họp dân thôn Đông")
    # a date field's typing order depends on the locale: set its value as the picker does
    d.execute_script("document.getElementById('f-from').value = arguments[0];"
                     "document.getElementById('f-to').value = arguments[0];", tomorrow.isoformat())
    d.find_element(By.CSS_SELECTOR, "input[name=slot][value=sang]").click()
    shot(d, "gui-390.png", 390)
    d.find_element(By.ID, "send").click()
    wait_until(20, "the preview page", lambda: "#nghe/" in d.current_url)
    bid = d.current_url.split("#nghe/", 1)[1]
    check(bid.startswith("web-"), bid)

    print("== it builds; the preview plays the MP3 with its duration; the guessed word is marked", file=sys.stderr)
    player = wait_css(d, "#player", 60, "the audio player (the bulletin built)")
    wait_until(20, "the audio's metadata", lambda: d.execute_script("return arguments[0].readyState", player) >= 1)
    dur = d.execute_script("return arguments[0].duration", player)
    mp3 = os.path.join(st.root, "out", bid + ".mp3")
    want = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", mp3],
                                capture_output=True, text=True, check=True).stdout)
    check(abs(dur - want) < 0.15, "the player's duration %.3f, the MP3's %.3f" % (dur, want))
    check(d.execute_script("return arguments[0].error", player) is None, "the audio element has an error")
    marks = d.find_elements(By.CSS_SELECTOR, "#reading mark.guess")
    check([m.text for m in marks] == ["QWZ"], [m.text for m in marks])
    check("abbreviation" in marks[0].get_attribute("title"), marks[0].get_attribute("title"))
    check(d.find_element(By.CSS_SELECTOR, "#reading .finding a").get_attribute("href").endswith("#tu-dien/QWZ"),
          "the link to fix the word")
    check(state_text(d) == "Chờ duyệt", "state " + state_text(d))
    check(not d.find_elements(By.ID, "approve"), "an editor sees the approve button")
    shot(d, "nghe-thu-390.png", 390)
    shot(d, "nghe-thu-desktop.png", 1280)
    logout(d)

    print("== an approver approves it and finds it in the calendar", file=sys.stderr)
    d.set_window_size(1280, 900)
    login(d, st, "hoa")
    d.get(st.url("/#nghe/" + bid))
    wait_css(d, "#approve").click()
    wait_until(20, "the approved state", lambda: state_text(d) == "Đã duyệt, sẽ phát")
    check(d.find_elements(By.CSS_SELECTOR, "#airings li"), "its airings")
    d.get(st.url("/#lich-phat/" + tomorrow.isoformat()))
    item = wait_css(d, "#week a[data-id='%s']" % bid, 20, "the bulletin in the calendar")
    check("Họp dân thôn Đông" in item.text, item.text)
    shot(d, "lich-phat-desktop.png", 1280)
    shot(d, "lich-phat-390.png", 390)
    d.set_window_size(1280, 900)

    print("== withdrawn from its page; gone from the calendar", file=sys.stderr)
    item = wait_css(d, "#week a[data-id='%s']" % bid)
    item.click()
    wait_css(d, "#withdraw").click()
    d.switch_to.alert.accept()
    wait_until(20, "the withdrawn state", lambda: state_text(d) == "Đã rút")
    d.get(st.url("/#lich-phat/" + tomorrow.isoformat()))
    wait_css(d, "#week")
    wait_until(10, "the calendar without it",
               lambda: not d.find_elements(By.CSS_SELECTOR, "#week a[data-id='%s']" % bid))
    d.get(st.url("/#hom-nay"))
    wait_css(d, "#countdown")
    shot(d, "hom-nay-desktop.png", 1280)
    d.get(st.url("/#tu-dien/QWZ"))
    wait_css(d, "#l-key")
    check(d.find_element(By.ID, "l-key").get_attribute("value") == "QWZ", "the word to fix is filled in")
    shot(d, "tu-dien-390.png", 390)
    # the login page asks /api/me first and is told 401: that is how it knows to ask
    logs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE" and
            not ("/api/me" in e.get("message", "") and "401" in e.get("message", ""))]
    check(not logs, "errors in the page: %r" % logs)


def main():
    st = Station("web-browser")
    profile = tempfile.mkdtemp(prefix="loa-e2e-chromium-")
    d = None
    try:
        d = browser(profile)
        run(st, d)
    except Exception:
        if d:
            try:
                os.makedirs(SHOTS, exist_ok=True)
                d.save_screenshot(os.path.join(SHOTS, "failure.png"))
            except Exception:
                pass
        for log in ("web.log", "watch.log"):
            with open(os.path.join(st.dir, log)) as f:
                sys.stderr.write("---- %s\n%s" % (log, f.read()[-3000:]))
        raise
    finally:
        if d:
            d.quit()
        shutil.rmtree(profile, ignore_errors=True)
        st.close()
    print("web_browser: %d checks passed" % checks)


if __name__ == "__main__":
    main()
