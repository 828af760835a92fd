# SPDX-License-Identifier: GPL-2.0-only
"""The Handsets page in a real browser (headless Chromium driven by
Selenium), with a real softphone: prints TAP lines.

Loads the page, checks its sections, then starts baresip (config dir
given) and times how long after baresip's "200 OK" the open page shows
the row of its handset as "registered until ..." without a reload, the
same after baresip quits (unregisters), then a ua-profile SUBSCRIBE from
a MAC one digit off a configured one (a shell command given) must show
the discovered device and the typo warning.  Also: the page and the JSON
agree, filtering and sorting work, a phone-sized window needs no
sideways scrolling.  A screenshot is saved when asked."""
import argparse
import json
import subprocess
import sys
import time
import urllib.request

from selenium.webdriver.common.by import By

from chrome import headless

ap = argparse.ArgumentParser()
ap.add_argument("--url", required=True)
ap.add_argument("--baresip-dir", required=True)
ap.add_argument("--baresip-out", required=True)
ap.add_argument("--user-id", default="101")
ap.add_argument("--subscribe-cmd", required=True)
ap.add_argument("--typo-mac", required=True)
ap.add_argument("--screenshot")
ap.add_argument("--live-limit", type=float, default=1.0)
args = ap.parse_args()

failed = 0


def result(good, desc, note=None):
    global failed
    print(("ok - " if good else "not ok - ") + desc, flush=True)
    if not good:
        failed += 1
        if note:
            for line in str(note).splitlines():
                print("#   " + line)


def status_of(drv, uid):
    # one script call: the event stream may swap <main> between two calls
    return drv.execute_script(
        "const e = document.querySelector("
        "'#sip tr[data-user-id=\"' + arguments[0] + '\"] td.status');"
        "return e ? e.textContent : null;", uid)


def text_of(drv, sel):
    return drv.execute_script(
        "const e = document.querySelector(arguments[0]);"
        "return e ? e.textContent : '';", sel)


def wait(pred, limit, step=0.02):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


drv = headless()
drv.set_page_load_timeout(20)
phone = None
try:
    drv.get(args.url + "/")
    result(drv.title == "Handsets", "the browser loads the Handsets page",
           drv.title)
    heads = [h.text for h in drv.find_elements(By.TAG_NAME, "h2")]
    for s in ("SIP Handsets", "Discovered Devices", "Warnings",
              "Analog Handsets", "Ports without a handset"):
        result(any(h.startswith(s) for h in heads),
               "the page shows the section " + s, heads)
    logs = [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    result(not logs, "no errors in the browser console (CSP, script)", logs)
    live = wait(lambda: text_of(drv, "#live") == "live", 5)
    result(live, "the script opened the live event stream")

    # Marks the document: a reload would lose it.
    drv.execute_script("window.handsetsMark = 42;")

    before = status_of(drv, args.user_id)
    result(before == "not registered",
           "handset %s is listed as not registered" % args.user_id, before)

    out = open(args.baresip_out, "wb")
    phone = subprocess.Popen(["baresip", "-f", args.baresip_dir],
                             stdin=subprocess.PIPE, stdout=out,
                             stderr=subprocess.STDOUT)

    def registered_line():
        return "200 OK" in open(args.baresip_out, errors="replace").read()

    ok = wait(registered_line, 20)
    t_ok = time.monotonic()
    w_ok = time.time()
    result(ok, "baresip registers (200 OK)")
    shown = wait(lambda: (status_of(drv, args.user_id) or "")
                 .startswith("registered until"), 10)
    delay = time.monotonic() - t_ok
    print("# row shown as registered %.3f s after baresip's 200 OK" % delay)
    upd = drv.find_element(By.ID, "live").get_attribute("data-updated")
    print("# the page's last update came %.3f s after the 200 OK"
          % (int(upd) / 1000.0 - w_ok))
    result(shown and delay <= args.live_limit,
           "the open page shows %s registered within %.1f s, no reload"
           % (args.user_id, args.live_limit),
           "%.3f s: %s" % (delay, status_of(drv, args.user_id)))
    result(drv.execute_script("return window.handsetsMark") == 42,
           "the page was not reloaded")

    # The page and the JSON agree, row by row.
    doc = json.load(urllib.request.urlopen(args.url + "/api/v1/handsets"))
    hs = doc.get("handsets", doc.get("sip_handsets", []))
    agree = True
    for h in hs:
        st = status_of(drv, h["user_id"]) or ""
        if h.get("registered"):
            want = h["expires"][:10] + " " + h["expires"][11:19]
            agree &= st == "registered until " + want
        else:
            agree &= st == "not registered"
    result(bool(hs) and agree, "the page and /api/v1/handsets agree",
           json.dumps(hs)[:400])

    # Filter and sort, as a person would use them.
    f = drv.find_element(By.ID, "filter")
    f.send_keys("alice")
    vis = [r.get_attribute("data-user-id") for r in
           drv.find_elements(By.CSS_SELECTOR, "#sip tbody tr")
           if r.is_displayed()]
    result(vis == ["102"], "filtering by text keeps the matching row", vis)
    f.clear()
    f.send_keys(" ")
    f.clear()
    drv.execute_script("arguments[0].dispatchEvent(new Event('input'))", f)
    th = drv.find_element(By.CSS_SELECTOR, "#sip th:first-child")
    th.click()
    th = drv.find_element(By.CSS_SELECTOR, "#sip th:first-child")
    th.click()
    ids = [r.get_attribute("data-user-id") for r in
           drv.find_elements(By.CSS_SELECTOR, "#sip tbody tr")]
    result(ids == sorted(ids, key=int, reverse=True),
           "sorting by User ID, descending, on a second click", ids)

    if args.screenshot:
        drv.save_screenshot(args.screenshot)
        print("# screenshot: " + args.screenshot)

    # Unregister: baresip quits and sends Expires 0.
    phone.stdin.write(b"q\n")
    phone.stdin.flush()
    t_q = time.monotonic()
    gone = wait(lambda: status_of(drv, args.user_id) == "not registered",
                10)
    delay = time.monotonic() - t_q
    print("# row shown as not registered %.3f s after baresip quit" % delay)
    result(gone and delay <= args.live_limit + 1.0,
           "after baresip quits, the open page shows %s not registered"
           % args.user_id, "%.3f s" % delay)
    phone.wait(10)
    phone = None

    # A device one digit off a configured MAC: discovered, and warned.
    subprocess.run(args.subscribe_cmd, shell=True, timeout=30)
    typo = args.typo_mac.lower()
    seen = wait(lambda: typo in text_of(drv, "#discovered").lower(), 3)
    result(seen, "the discovered device %s appears live" % typo)
    warn = wait(lambda: typo in text_of(drv, "#warnings").lower(), 3)
    result(warn and "probable typo" in text_of(drv, "#warnings"),
           "the typo warning naming %s appears live" % typo,
           text_of(drv, "#warnings"))

    # A phone's screen: no sideways scrolling.
    drv.set_window_size(390, 844)
    time.sleep(0.3)
    sw = drv.execute_script("return document.documentElement.scrollWidth")
    iw = drv.execute_script("return window.innerWidth")
    result(sw <= iw, "on a phone-sized window the page fits its width",
           "%s > %s" % (sw, iw))
except Exception:  # noqa: BLE001 - any failure is one "not ok" line
    import traceback
    result(False, "the browser session goes on to its end",
           traceback.format_exc())
finally:
    if phone:
        phone.kill()
    drv.quit()

sys.exit(0)
