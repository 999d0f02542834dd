// The built sample kit behind real web servers, each configured with the file neokit writes
// for it (deploy.server in neokit.yaml), under a sub-path: pages load with the strict
// Content-Security-Policy and no console errors or CSP violations, files have their content
// types and cache headers, a missing page gets status 404 and the styled 404 page at any depth,
// and the server files themselves are not handed out. A server that is not installed is
// skipped, saying so. IIS cannot run here: its web.config is checked as XML by `cargo test`.
//
// Apache gets the site built without base_url (its .htaccess finds the site's path itself);
// nginx and Caddy get it built with base_url, as docs/publishing.md asks for their snippets.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SITE, checkNotFound, launch, problems, watchedPage } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, "..", "..");
const NEOKIT = process.env.NEOKIT_E2E_BIN || path.join(REPO, "target", "release", "neokit");
const PREFIX = "/kits/neoflix/";

/** The first of `names` found in PATH or the usual sbin folders. */
function which(...names) {
  const dirs = [...(process.env.PATH || "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin", "/sbin"];
  for (const name of names) for (const dir of dirs) if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  return null;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until something answers at `url`, or fails naming what it waited for. */
async function waitFor(url, what, log) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${what} did not answer at ${url} within 10 s\n${log()}`);
}

/** How each server is set up in `dir`, serving `www` (holding the site at PREFIX) on `port`. */
const SERVERS = {
  nginx: {
    binary: () => which("nginx"),
    baseUrl: true,
    async start(binary, dir, www, port) {
      const conf = path.join(dir, "nginx.conf");
      const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        .map((t) => `${t}_temp_path ${dir}/${t};`)
        .join(" ");
      await writeFile(
        conf,
        `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  ${temp}
  server {
    listen 127.0.0.1:${port};
    location ${PREFIX} {
      alias ${www}${PREFIX};
      include ${www}${PREFIX}nginx.conf;
    }
  }
}
`,
      );
      return [binary, ["-e", `${dir}/error.log`, "-c", conf]];
    },
  },
  apache: {
    binary: () => which("apache2", "httpd"),
    baseUrl: false,
    async start(binary, dir, www, port) {
      const modules = ["/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/libexec/apache2"].find((d) =>
        existsSync(path.join(d, "mod_headers.so")),
      );
      if (!modules) return null;
      const load = [
        ["mpm_event", "mod_mpm_event"],
        ["authz_core", "mod_authz_core"],
        ["mime", "mod_mime"],
        ["dir", "mod_dir"],
        ["alias", "mod_alias"],
        ["headers", "mod_headers"],
        ["rewrite", "mod_rewrite"],
        ["deflate", "mod_deflate"],
        ["filter", "mod_filter"],
      ]
        .map(([name, file]) => `LoadModule ${name}_module ${modules}/${file}.so`)
        .join("\n");
      const root = process.getuid?.() === 0;
      const conf = path.join(dir, "httpd.conf");
      await writeFile(
        conf,
        `ServerRoot ${dir}
DefaultRuntimeDir ${dir}
PidFile ${dir}/httpd.pid
Mutex file:${dir} default
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
ErrorLog ${dir}/error.log
${root ? "User www-data\nGroup www-data" : ""}
${load}
TypesConfig /etc/mime.types
DocumentRoot ${www}
<Directory ${www}>
  AllowOverride FileInfo Indexes
  Require all granted
</Directory>
`,
      );
      return [binary, ["-f", conf, "-DFOREGROUND"]];
    },
  },
  caddy: {
    binary: () => which("caddy"),
    baseUrl: true,
    async start(binary, dir, www, port) {
      const conf = path.join(dir, "Caddyfile");
      await writeFile(
        conf,
        `{
\tadmin off
\tauto_https off
\tstorage file_system ${dir}/data
}
http://127.0.0.1:${port} {
\troot * ${www}
\timport ${www}${PREFIX}Caddyfile
\tfile_server
}
`,
      );
      return [binary, ["run", "--config", conf, "--adapter", "caddyfile"]];
    },
  },
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const [name, server] of Object.entries(SERVERS)) {
  const binary = server.binary();
  const skip = !binary
    ? `${name} is not installed (apt-get install ${name === "apache" ? "apache2" : name})`
    : !existsSync(NEOKIT)
      ? `no neokit binary at ${NEOKIT} (cargo build --release)`
      : false;

  describe(`${name} under ${PREFIX}`, { skip }, () => {
    let dir;
    let child;
    let base;
    let log = "";

    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), `neokit-${name}-`));
      const www = path.join(dir, "www");
      const port = await freePort();
      base = `http://127.0.0.1:${port}${PREFIX}`;
      const site = path.join(www, ...PREFIX.split("/").filter(Boolean));
      await mkdir(path.dirname(site), { recursive: true });
      if (server.baseUrl) {
        await promisify(execFile)(NEOKIT, ["build", REPO, "--out", site, "--base-url", base, "--quiet"]);
      } else {
        await cp(SITE, site, { recursive: true });
      }
      // Workers may run as another user: they must be able to read the site.
      for (let d = site; d.startsWith(dir); d = path.dirname(d)) await chmod(d, 0o755);
      const started = await server.start(binary, dir, www, port);
      if (!started) throw new Error(`${name}: its modules were not found`);
      child = spawn(started[0], started[1], { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (d) => (log += d));
      child.stderr.on("data", (d) => (log += d));
      await waitFor(base, name, () => log);
    });

    after(async () => {
      child?.kill();
      await new Promise((resolve) => (child && child.exitCode === null ? child.once("exit", resolve) : resolve()));
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test("pages load with the CSP and the security headers, without console errors or CSP violations", async () => {
      const context = await browser.newContext();
      const page = await watchedPage(context);
      const found = [];
      for (const address of ["", "index.html", "team/", "team/review-chair/index.html", "faq/", "print/", "downloads/"]) {
        page.problems.length = 0;
        const response = await page.goto(base + address, { waitUntil: "load" });
        const headers = response.headers();
        if (response.status() !== 200) found.push(`${address}: HTTP ${response.status()}`);
        if (!/^default-src 'self'/.test(headers["content-security-policy"] || "")) found.push(`${address}: no CSP`);
        if (headers["x-content-type-options"] !== "nosniff") found.push(`${address}: no nosniff`);
        if (headers["referrer-policy"] !== "no-referrer") found.push(`${address}: no Referrer-Policy`);
        if (headers["cache-control"] !== "no-cache") found.push(`${address}: Cache-Control ${headers["cache-control"]}`);
        for (const problem of await problems(page)) found.push(`${address}: ${problem}`);
      }
      // The search works (its index loads under the CSP).
      await page.goto(base, { waitUntil: "load" });
      await page.fill("#search-input", "consent");
      await page.locator(".search-results a").first().waitFor({ timeout: 5000 });
      for (const problem of await problems(page)) found.push(`search: ${problem}`);
      await context.close();
      assert.deepEqual(found, []);
    });

    test("files are served with their content types, compressed, the theme's files cached", async () => {
      const types = {
        "_neokit/neokit.css": /^text\/css/,
        "_neokit/neokit.js": /^(text|application)\/javascript/,
        "_neokit/not-found.js": /^(text|application)\/javascript/,
        "_neokit/favicon.svg": /^image\/svg\+xml/,
        "assets/debrief-circle.png": /^image\/png$/,
        "assets/Debrief%20prompt%20card.pdf": /^application\/pdf$/,
        "robots.txt": /^text\/plain/,
        "index.html": /^text\/html/,
      };
      const found = [];
      for (const [file, type] of Object.entries(types)) {
        const response = await fetch(base + file, { headers: { "Accept-Encoding": "gzip" } });
        const headers = response.headers;
        if (response.status !== 200) found.push(`${file}: HTTP ${response.status}`);
        if (!type.test(headers.get("content-type") || "")) found.push(`${file}: ${headers.get("content-type")}`);
        if (headers.get("x-content-type-options") !== "nosniff") found.push(`${file}: no nosniff`);
        if (file.startsWith("_neokit/") && !/max-age=3600/.test(headers.get("cache-control") || "")) {
          found.push(`${file}: Cache-Control ${headers.get("cache-control")}`);
        }
      }
      // fetch() undoes the compression; ask with a plain request to see it.
      const css = await new Promise((resolve, reject) => {
        import("node:http").then(({ get }) =>
          get(base + "_neokit/neokit.css", { headers: { "Accept-Encoding": "gzip" } }, (response) => {
            response.resume();
            resolve(response.headers["content-encoding"]);
          }).on("error", reject),
        );
      });
      if (!/gzip|zstd/.test(css || "")) found.push(`neokit.css is not compressed (${css})`);
      assert.deepEqual(found, []);
    });

    test("the server files are not handed out", async () => {
      for (const file of ["nginx.conf", "Caddyfile", "web.config", ".htaccess"]) {
        const response = await fetch(base + file);
        assert.equal(response.status, 404, `${file}: HTTP ${response.status}`);
      }
    });

    test("a missing page gets status 404 and the styled 404 page, at every depth", async () => {
      const found = [];
      for (const [address, suggested] of [
        ["welcom", null],
        ["team/review-chiar/", "team/review-chair/index.html"],
        ["team/review-chair/old/notes.html", null],
      ]) {
        const response = await fetch(base + address);
        if (response.status !== 404) found.push(`${address}: HTTP ${response.status}`);
        if (!/^default-src 'self'/.test(response.headers.get("content-security-policy") || "")) {
          found.push(`${address}: the 404 page has no CSP`);
        }
        for (const problem of await checkNotFound(browser, base + address, base, { suggested })) {
          found.push(`${address}: ${problem}`);
        }
      }
      assert.deepEqual(found, []);
    });
  });
}
