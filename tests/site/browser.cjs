// The browser test of `steward site`, run by tests/site.rs: a real headless Chromium
// (Debian's `chromium`) driven by puppeteer-core, with axe-core for accessibility.
//
//   node tests/site/browser.cjs TOOLS_DIR SITE_DIR EXPECTED_JSON SHOTS_DIR
//
// TOOLS_DIR holds node_modules with puppeteer-core and axe-core (scripts/site-tools.sh).
// EXPECTED_JSON: {"budget": <steward report budget --format json>, "tools": <steward report
// tools --format json>, "department": "ID", "policy": "PAGE", "clause": "ID", "pages": {KIND:
// PATH}}. Every request is intercepted: anything but the site's own files (file:// inside
// SITE_DIR, or the local server started here) fails the test. Prints one line per check and
// exits 1 when any failed.
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

const [toolsDir, siteDir, expectedPath, shotsDir] = process.argv.slice(2).map((p) => path.resolve(p));
const puppeteer = require(path.join(toolsDir, "node_modules", "puppeteer-core"));
const axeSource = fs.readFileSync(path.join(toolsDir, "node_modules", "axe-core", "axe.min.js"), "utf8");
const expected = JSON.parse(fs.readFileSync(expectedPath, "utf8"));
const site = fs.realpathSync(siteDir);
const siteUrl = "file://" + site + "/";
fs.mkdirSync(shotsDir, { recursive: true });

const failures = [];
function check(ok, what) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failures.push(what);
}

// A static server for the site under a sub path, as GitHub Pages serves a project site.
const prefix = "/org-policies/";
function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    const file = path.join(site, decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!file.startsWith(site + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".ics": "text/calendar" };
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function main() {
  const server = await serve();
  const httpBase = `http://127.0.0.1:${server.address().port}${prefix}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "steward-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.STEWARD_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const outside = [];
  const violations = [];
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    const local = (url.startsWith("file://") && decodeURIComponent(new URL(url).pathname).startsWith(site + "/")) ||
      url.startsWith(httpBase) || url === `http://127.0.0.1:${server.address().port}/favicon.ico`;
    if (local) { request.continue(); } else { outside.push(url); request.abort(); }
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.log("Refused to load " + e.blockedURI + " (Content Security Policy: " + e.violatedDirective + ")");
    });
  });
  const open = async (relative, base = siteUrl) => {
    await page.goto(base + relative, { waitUntil: "load" });
  };

  // The overview, with the stylesheet and the script of the site loaded under its CSP.
  await open("index.html");
  check((await page.$eval("h1", (h) => h.textContent.length)) > 0, "the overview has a heading");
  check((await page.$eval("html", (h) => h.lang)) === "en", "the page says its language");
  check((await page.evaluate(() => getComputedStyle(document.body).margin)) === "0px", "the stylesheet applies (file://)");
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  check(csp.includes("default-src 'none'") && !csp.includes("unsafe"), "the overview has a strict Content-Security-Policy");

  // Filter the tools by a department: the script runs under the CSP.
  await open("tools/index.html");
  check(await page.$eval("form[data-table]", (f) => !f.hidden), "the filter form is shown (the script ran)");
  const all = expected.tools.tools.length;
  check((await page.$$eval("#_tools tbody tr", (rows) => rows.length)) === all, `the registry lists all ${all} tools`);
  await page.select("#_department", expected.department);
  const wanted = expected.tools.tools.filter((t) => t.department === expected.department).map((t) => t.id).sort();
  const shown = await page.$$eval("#_tools tbody tr:not([hidden]) th a", (links) => links.map((a) => a.getAttribute("href").replace(/^.*\//, "").replace(/\.html$/, "")));
  check(JSON.stringify([...shown].sort()) === JSON.stringify(wanted), `filtering by ${expected.department} shows exactly its ${wanted.length} tools`);
  check((await page.$eval("[data-count]", (p) => p.textContent)) === `Showing ${wanted.length} of ${all} tools.`, "the count of shown tools is announced");
  await page.select("#_department", "");
  await page.click("#_missing");
  const missing = expected.tools.tools.filter((t) => !t.owner || !t.exit_plan).length;
  check((await page.$$eval("#_tools tbody tr:not([hidden])", (rows) => rows.length)) === missing, `"missing owner or exit plan" shows ${missing} tools`);
  await page.click("#_missing");
  // Sort by yearly cost, largest first (two clicks: ascending, then descending).
  const costButton = (await page.$$("#_tools thead th .sort"))[5];
  await costButton.click();
  await costButton.click();
  const firstCost = await page.$eval("#_tools tbody tr td[data-value]", (td) => parseFloat(td.getAttribute("data-value")));
  const maxCost = Math.max(...expected.tools.tools.map((t) => (t.cost && t.cost.per_year) || 0));
  check(firstCost === maxCost, `sorting by yearly cost puts the dearest tool (${maxCost}) first`);
  await page.screenshot({ path: path.join(shotsDir, "tools.png"), fullPage: true });

  // Follow a tool to its page.
  await page.select("#_department", expected.department);
  const first = await page.$eval("#_tools tbody tr:not([hidden]) th a", (a) => ({ href: a.href, name: a.textContent }));
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#_tools tbody tr:not([hidden]) th a")]);
  check(page.url() === first.href && (await page.$eval("h1", (h) => h.textContent)) === first.name, `the link leads to ${first.name}'s page`);

  // Follow a policy to a clause's anchor.
  await open("policies/index.html");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`main a[href$="/${expected.policy}"]`)]);
  await page.click(`#${expected.clause} .permalink a`);
  check(new URL(page.url()).hash === `#${expected.clause}`, `the clause link's address ends in #${expected.clause}`);
  check(await page.$eval(`#${expected.clause}`, (li) => li.matches(":target") && li.querySelector("h3") !== null), "the clause is the page's target");

  // The budget chart's table holds the numbers of `steward report budget --format json`.
  await open(expected.pages.budget);
  const rows = await page.$$eval(".figure table", (tables) => Array.from(tables[0].tBodies[0].rows).map((r) => ({
    key: r.getAttribute("data-key"),
    values: Array.from(r.cells).slice(1).map((c) => c.getAttribute("data-value")),
  })));
  const fromReport = expected.budget.departments.map((d) => ({
    key: d.department,
    values: [d.allocation, d.planned, d.left].map((v) => (v === null ? "" : String(v))),
  }));
  check(JSON.stringify(rows) === JSON.stringify(fromReport), "the allocation chart's table matches `steward report budget --format json`");
  const bars = await page.$$eval(".figure svg", (svgs) => svgs[0].querySelectorAll("rect").length);
  check(bars === 2 * fromReport.length, "the chart draws a bar for the allocation and one for the plan of each department");
  check(await page.$eval(".figure svg", (s) => s.getAttribute("role") === "img" && s.querySelector("title") && s.querySelector("desc") && true), "the chart has a title and a description");

  // Every kind of page: axe-core finds no WCAG 2.1 A or AA violation; a screenshot of each.
  for (const [kind, relative] of Object.entries(expected.pages)) {
    await open(relative);
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"], preload: false }));
    const found = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    check(found.length === 0, `axe-core: no violation on the ${kind} page${found.length ? ": " + found.join("; ") : ""}`);
    await page.screenshot({ path: path.join(shotsDir, `${kind}.png`), fullPage: true });
  }

  // The print stylesheet hides navigation.
  await open("index.html");
  await page.emulateMediaType("print");
  check((await page.$eval("nav", (n) => getComputedStyle(n).display)) === "none", "the print stylesheet hides the navigation");
  await page.emulateMediaType("screen");

  // Under a sub path over HTTP, as on GitHub Pages: relative links, the script and the CSP.
  await open("tools/index.html", httpBase);
  check(await page.$eval("form[data-table]", (f) => !f.hidden), "over HTTP under a sub path, the script runs");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("nav a[href='../budgets/index.html']")]);
  check(page.url() === httpBase + "budgets/index.html", "navigation links stay under the sub path");

  check(outside.length === 0, `no request left the site${outside.length ? ": " + outside.join(", ") : ""}`);
  check(violations.length === 0, `the Content-Security-Policy blocked nothing${violations.length ? ": " + violations.join("; ") : ""}`);
  await browser.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(`${failures.length ? "FAILED" : "passed"}: ${failures.length} of the checks failed`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
