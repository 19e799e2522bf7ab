// One row of the proof table (test | cases or steps | faults injected | lost | leaked | result),
// in the format the core's proof tests write (crates/core/tests/common/mod.rs `proof_row`).
// `make test` and `make proof` set IPT_PROOF_ROWS to the file every suite appends to; a spec run
// alone only logs the row.
import { appendFileSync } from 'node:fs';

export function proofRow(test: string, cases: number, faults: number, lost: number, leaked: number) {
  const result = lost === 0 && leaked === 0 ? 'ok' : 'FAILED';
  const row = ['PROOF', test, cases, faults, lost, leaked, result].join('\t');
  console.log(row);
  const file = process.env.IPT_PROOF_ROWS;
  if (file) appendFileSync(file, `${row}\n`);
}
