# SPDX-License-Identifier: GPL-2.0-only
"""`make demo`: a PNG of the Handsets page the VM served (scripts/demo.sh
took its HTML out of the VM), taken with headless Chromium.  The page is
shown from a file with the installed stylesheet beside it and without its
script (there is no event stream to follow in a file).

usage: screenshot.py PAGE.html STYLESHEET.css OUT.png"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "protocol", "http"))
from chrome import headless  # noqa: E402

page, css, png = sys.argv[1:4]
d = os.path.dirname(os.path.abspath(png))
html = open(page, encoding="utf-8").read()
html = re.sub(r"<script[^>]*></script>", "", html)
html = html.replace('href="/static/handsets.css"', 'href="handsets.css"')
shutil.copy(css, os.path.join(d, "handsets.css"))
local = os.path.join(d, "handsets-page.local.html")
open(local, "w", encoding="utf-8").write(html)

drv = headless(1280, 800)
try:
    drv.get("file://" + local)
    h = drv.execute_script("return document.documentElement.scrollHeight")
    # the whole page, not the first screenful
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": max(400, min(int(h) + 16, 4000)),
        "deviceScaleFactor": 1, "mobile": False})
    drv.save_screenshot(png)
finally:
    drv.quit()
print("Handsets page screenshot: " + png)
