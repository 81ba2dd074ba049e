// The dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core (no browser
// download), against serve.mjs with both real servers behind their gateways. Skips, saying why, where
// no Chromium is installed; CI installs it (.ci/run). A screenshot of each view goes to test-artifacts/.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { isAlive, startProcess, type RunningProcess } from "@polyrpc/devkit";
import { chromium, type Browser, type Page } from "playwright-core";

const chromiumPath = process.env["POLYRPC_CHROMIUM"] ?? "/usr/bin/chromium";
const here = fileURLToPath(new URL("..", import.meta.url));
const artifacts = `${here}test-artifacts`;
// A report with known cells, so that the matrix is checked whether or not the user has run ./dev.sh main
// (their interop/report/report.json is neither read nor touched).
const reportFixture = `${here}src/testdata/interop-report.json`;
const skip = existsSync(chromiumPath)
  ? !existsSync(`${here}dist/index.html`)
    ? "apps/dashboard/dist is missing: run pnpm build first"
    : undefined
  : `no Chromium at ${chromiumPath} (apt-get install chromium, or set POLYRPC_CHROMIUM)`;
if (skip !== undefined) console.log(`# skipping the browser tests: ${skip}`);

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe("serve.mjs options", () => {
  it("rejects an unknown option with polyrpc: dashboard: and exit 1", () => {
    const result = spawnSync(process.execPath, ["serve.mjs", "--bogus"], { cwd: here, encoding: "utf8", timeout: 30_000 });
    assert.deepEqual([result.status, result.stderr], [1, "polyrpc: dashboard: unknown option --bogus\n"]);
  });
});

describe("serve.mjs --report", { skip: existsSync(`${here}dist/index.html`) ? undefined : "apps/dashboard/dist is missing: run pnpm build first" }, () => {
  it("refuses a report file that does not exist, naming it", async () => {
    const child = spawn(process.execPath, ["serve.mjs", "--port", "0", "--report", "no-such-report.json"], { cwd: here, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    assert.equal(code, 1);
    assert.equal(stderr, "polyrpc: dashboard: --report no-such-report.json: no such file\n");
  });
});

describe("the dashboard in Chromium", { skip }, () => {
  let serve: RunningProcess;
  let url: string;
  let serverPids: number[] = [];
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    serve = startProcess(process.execPath, ["serve.mjs", "--port", "0", "--report", reportFixture], { cwd: here, label: "serve.mjs", lineStreams: "both" });
    try {
      // It prints the servers' pids on stderr, then its address on stdout: both lines are waited for, in
      // whichever order the two pipes deliver them.
      const pids = await serve.waitForLine(/^polyrpc: ts server .*\(pid (\d+)\), py server .*\(pid (\d+)\)$/, 60_000);
      serverPids = [Number(pids.match[1]), Number(pids.match[2])];
      url = (await serve.waitForLine(/^dashboard on (http:\/\/127\.0\.0\.1:\d+\/)$/, 60_000)).match[1]!;
    } catch (e) {
      throw new Error(`serve.mjs did not start: ${(e as Error).message}\n${serve.output()}`);
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    await page.goto(url);
  });
  after(async () => {
    await browser?.close();
    serve?.kill("SIGKILL");
    for (const pid of serverPids) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  });

  const tab = (id: string) => page.locator(`nav button[data-tab="${id}"]`).click();
  const useBackend = (impl: "ts" | "py") => page.locator(`input[name="backend"][value="${impl}"]`).check();
  const shot = (name: string) => page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true });

  it("shows both servers SERVING", async () => {
    await page
      .getByTestId("health-ts")
      .getByText(/SERVING \(\d+ ms\)/)
      .waitFor();
    await page
      .getByTestId("health-py")
      .getByText(/SERVING \(\d+ ms\)/)
      .waitFor();
  });

  for (const impl of ["ts", "py"] as const) {
    it(`Indicator (${impl}): a MACD row per trading day, the chart drawn, and INVALID_ARGUMENT for a bad date`, async () => {
      await useBackend(impl);
      await tab("indicator");
      await page.getByTestId("macd-start").fill("2023-01-02");
      await page.getByTestId("macd-end").fill("2023-01-31");
      await page.getByTestId("macd-submit").click();
      await page
        .getByTestId("macd-summary")
        .getByText(`from the ${impl === "ts" ? "TypeScript" : "Python"} server`)
        .waitFor();
      const rows = page.getByTestId("macd-rows").locator("tr");
      // The seed's price data has a bar for every weekday: 22 in January 2023.
      assert.equal(await rows.count(), 22);
      assert.equal(await page.getByTestId("macd-summary").textContent(), `22 trading days from the ${impl === "ts" ? "TypeScript" : "Python"} server`);
      const first = await rows.first().locator("td").allTextContents();
      assert.equal(first[0], "2023-01-02");
      assert.equal(await rows.last().locator("td").first().textContent(), "2023-01-31");
      assert.equal(first.length, 8);
      assert.ok(
        first.slice(1).every((v) => /^-?\d+\.\d{4}$/.test(v)),
        first.join(" "),
      );
      assert.equal((await page.getByTestId("macd-chart").locator("canvas").count()) > 0, true);
      assert.equal(await page.getByTestId("indicator-error").textContent(), "");
      if (impl === "ts") await shot("indicator");
      await page.getByTestId("macd-start").fill("2023-02-30");
      await page.getByTestId("macd-submit").click();
      await page.getByTestId("indicator-error").getByText("INVALID_ARGUMENT").waitFor();
      // The server's google.rpc.BadRequest crosses the grpc-web proxy and is shown decoded under the message.
      const badDate = 'invalid start_date: "2023-02-30" is not a date in YYYY-MM-DD form';
      assert.equal(
        await page.getByTestId("indicator-error").textContent(),
        `INVALID_ARGUMENT: ${badDate}\ndetail google.rpc.BadRequest ${JSON.stringify({ fieldViolations: [{ field: "start_date", description: badDate }] })}`,
      );
      assert.equal(await rows.count(), 0);
      if (impl === "ts") await shot("indicator-error");
    });

    it(`IndicatorGraph (${impl}): streams the chart in the chosen chunk size, verifies sha256 and shows a PNG of the requested size`, async () => {
      await useBackend(impl);
      await tab("graph");
      await page.getByTestId("graph-width").fill("640");
      await page.getByTestId("graph-height").fill("320");
      await page.getByTestId("graph-chunk-size").selectOption("16384");
      await page.getByTestId("graph-submit").click();
      await page.locator('[data-testid="graph-status"][data-verified="true"]').waitFor();
      const status = (await page.getByTestId("graph-status").textContent())!;
      assert.match(status, /^\d+ bytes in \d+ chunks of 16384, sha256 verified \([0-9a-f]{16}…\), 640×320 PNG$/);
      const size = await page.getByTestId("graph-image").evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
      assert.deepEqual(size, [640, 320]);
      const progress = await page.getByTestId("graph-progress").evaluate((p: HTMLProgressElement) => [p.value, p.max]);
      assert.equal(progress[0], progress[1]);
      const bytes = Number(/^(\d+) bytes/.exec(status)![1]);
      const chunks = Number(/in (\d+) chunks/.exec(status)![1]);
      assert.equal(chunks, Math.ceil(bytes / 16384));
      if (impl === "ts") await shot("indicator-graph");
    });

    it(`Contact (${impl}): the push feed grows, stops on Stop, and tellResult acknowledges what came`, async () => {
      await useBackend(impl);
      await tab("contact");
      const items = page.getByTestId("feed").locator("li");
      const before = await items.count();
      await page.getByTestId("feed-start").click();
      await page.getByTestId("feed-state").getByText("streaming").waitFor();
      await items.nth(before + 2).waitFor({ timeout: 15_000 });
      await page.getByTestId("feed-stop").click();
      await page.getByTestId("feed-state").getByText("stopped").waitFor();
      const stopped = await items.count();
      assert.ok(stopped >= before + 3);
      for (const text of (await items.allTextContents()).slice(before)) assert.match(text, new RegExp(`${impl}: 任务:\\d+$`));
      // The servers push every 0.5 s: 1.5 s without a new item means the stream really ended.
      await page.waitForTimeout(1500);
      assert.equal(await items.count(), stopped);
      await page.getByTestId("feed-ack").click();
      await page
        .getByTestId("feed-acks")
        .getByText(/^acknowledged \d+ tasks$/)
        .waitFor();
      assert.ok(Number(/\d+/.exec((await page.getByTestId("feed-acks").textContent())!)![0]) >= 3);
      if (impl === "ts") await shot("contact");
    });

    it(`RouteGuide (${impl}): 100 features plotted, and GetFeature by position`, async () => {
      await useBackend(impl);
      await tab("routeguide");
      await page.getByTestId("features-submit").click();
      await page.getByTestId("features-count").getByText("100 features").waitFor();
      assert.ok((await page.getByTestId("features-chart").locator("canvas").count()) > 0);
      await page.getByTestId("point-lat").fill("409146138");
      await page.getByTestId("point-lng").fill("-746188906");
      await page.getByTestId("feature-submit").click();
      await page.getByTestId("feature-name").getByText("Berkshire Valley Management Area Trail, Jefferson, NJ, USA (409146138, -746188906)").waitFor();
      if (impl === "ts") await shot("route-guide");
    });

    it(`Greeter and FirstMsg (${impl}): the forms show the replies and the server's error`, async () => {
      await useBackend(impl);
      await tab("forms");
      await page.getByTestId("greeter-name").fill(`browser ${impl}`);
      await page.getByTestId("greeter-submit").click();
      await page.getByTestId("greeter-reply").getByText(`Hello, browser ${impl}`).waitFor();
      await page.getByTestId("firstmsg-body").fill("");
      await page.getByTestId("firstmsg-submit").click();
      await page.getByTestId("firstmsg-reply").getByText('{"code": 500, "data": "failure"}').waitFor();
      await page.getByTestId("firstmsg-body").fill("{oops");
      await page.getByTestId("firstmsg-submit").click();
      await page.getByTestId("forms-error").getByText("INVALID_ARGUMENT").waitFor();
      const badBody = 'invalid body: not valid JSON: "{oops"';
      assert.equal(
        await page.getByTestId("forms-error").textContent(),
        `INVALID_ARGUMENT: ${badBody}\ndetail google.rpc.BadRequest ${JSON.stringify({ fieldViolations: [{ field: "body", description: badBody }] })}`,
      );
      if (impl === "ts") await shot("forms");
    });
  }

  it("renders the interop report as its matrix", async () => {
    await tab("interop");
    const summary = page.getByTestId("interop-summary");
    await summary.getByText(/^generated /).waitFor();
    assert.equal(await summary.textContent(), "generated 2026-01-02T03:04:05.000Z: 2 pass, 1 known-failure, 1 fail, 1 skipped");
    const table = page.getByTestId("interop-table");
    assert.deepEqual(await table.locator("thead th").allTextContents(), ["case", "ts server × py client", "py server × ts client"]);
    const rows = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => [td.textContent, td.className, td.title])));
    assert.deepEqual(rows, [
      [
        ["greeter.say_hello", "", ""],
        ["pass 12 ms", "pass", ""],
        ["pass 9 ms", "pass", ""],
      ],
      [
        ["official.custom_metadata", "", ""],
        ["known-failure 31 ms", "known-failure", "a known failure, for the test"],
        ["fail 7 ms", "fail", "expected trailer x-grpc-test-echo-trailing-bin"],
      ],
      [
        ["official.ping_pong", "", ""],
        ["", "", ""],
        ["skipped 0 ms", "skipped", ""],
      ],
    ]);
    await shot("interop");
  });

  it("logged no console errors", () => {
    // The gRPC errors above are answers (HTTP 200 with a status), so none of them may show up here.
    assert.deepEqual(consoleErrors, []);
  });

  it("stops the servers and exits 0 on SIGTERM", async () => {
    await browser.close();
    serve.kill("SIGTERM");
    assert.equal(await serve.exited, 0);
    for (const pid of serverPids) assert.equal(isAlive(pid), false, `server pid ${pid} still running`);
  });
});
