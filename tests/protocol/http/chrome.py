# SPDX-License-Identifier: GPL-2.0-only
"""Headless Chromium through Selenium, as Debian ships them (chromium,
chromium-driver, python3-selenium): for the Handsets page test and the
demo's screenshot.  Runs as root, hence --no-sandbox."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def headless(width=1280, height=900):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage",
              "--window-size=%d,%d" % (width, height)):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                            options=opts)
