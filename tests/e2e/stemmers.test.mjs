// The browser's stemmers (themes/default/static/stemmers.js) give the same terms as the build
// (tests/fixtures/search/stems-*.tsv, checked against the Rust side by `cargo test`).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

async function stemmers() {
  const context = vm.createContext({});
  vm.runInContext(await readFile(path.join(repo, "themes/default/static/stemmers.js"), "utf8"), context);
  return context.NeokitStemmers;
}

for (const lang of ["en", "nl", "de", "fr"]) {
  test(`${lang} stems match the build`, async () => {
    const stem = (await stemmers())[lang];
    const lines = (await readFile(path.join(repo, `tests/fixtures/search/stems-${lang}.tsv`), "utf8")).split("\n");
    const wrong = [];
    let checked = 0;
    for (const line of lines) {
      if (!line || line.startsWith("#")) continue;
      const [word, term] = line.split("\t");
      if (!term) continue; // a stop word: never stemmed
      checked += 1;
      const got = stem(word);
      if (got !== term) wrong.push(`${word}: want ${term}, got ${got}`);
    }
    assert.ok(checked > 5000, `only ${checked} words`);
    assert.deepEqual(wrong, []);
  });
}
