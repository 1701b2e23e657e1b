import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { numpy } from "../helpers/oracle.ts";

// [subscripts, shapes, optimize (as JS), optimize (as Python)]
const CASES: [string, number[][], unknown, string][] = [
  ["ij,jk,kl->il", [[3, 4], [4, 5], [5, 6]], "greedy", "'greedy'"],
  ["ij,jk,kl->il", [[3, 4], [4, 5], [5, 6]], "optimal", "'optimal'"],
  ["ea,fb,abcd,gc,hd->efgh", [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]], "greedy", "'greedy'"],
  ["ea,fb,abcd,gc,hd->efgh", [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]], "optimal", "'optimal'"],
  ["ab,bc,cd,de,ef", [[2, 30], [30, 4], [4, 50], [50, 3], [3, 7]], "greedy", "'greedy'"],
  ["ab,bc,cd,de,ef", [[2, 30], [30, 4], [4, 50], [50, 3], [3, 7]], "optimal", "'optimal'"],
  ["abc,bcd,cde,a->e", [[3, 4, 5], [4, 5, 6], [5, 6, 7], [3]], "greedy", "'greedy'"],
  ["abc,bcd,cde,a->e", [[3, 4, 5], [4, 5, 6], [5, 6, 7], [3]], "optimal", "'optimal'"],
  ["ij,kl,jk", [[5, 6], [7, 8], [6, 7]], "greedy", "'greedy'"],
  ["i,j,k->ijk", [[2], [3], [4]], "greedy", "'greedy'"],
  ["ij,jk->ik", [[2, 3], [3, 4]], "greedy", "'greedy'"],
  ["ij,jk,kl->il", [[30, 40], [40, 50], [50, 60]], ["greedy", 100], "('greedy', 100)"],
  ["ij,jk,kl->il", [[3, 4], [4, 5], [5, 6]], ["einsum_path", [0, 1], [0, 1]], "['einsum_path', (0, 1), (0, 1)]"],
  ["ij,jk,kl->il", [[3, 4], [4, 5], [5, 6]], false, "False"],
  ["ii,ij,jk->k", [[4, 4], [4, 5], [5, 3]], "optimal", "'optimal'"],
  ["Ab,bC,Cd->Ad", [[2, 3], [3, 1], [1, 5]], "greedy", "'greedy'"],
  ["ij,jk,kl->il", [[3, 1], [4, 5], [5, 6]], "greedy", "'greedy'"],
];

Deno.test("einsumPath gives NumPy's path and report for greedy, optimal, limits and explicit paths", async () => {
  const r = await numpy(CASES.map(([sub, shapes, , opt]) => ({
    expr: `(lambda p: (str(p[0]), p[1]))(np.einsum_path('${sub}', ${
      shapes.map((s) => `np.ones((${s.join(",")},))`).join(", ")
    }, optimize=${opt}))`,
  })));
  CASES.forEach(([sub, shapes, opt], i) => {
    const e = r[i];
    assert.ok("value" in e, `${sub}: ${JSON.stringify(e)}`);
    const [path, report] = (e.value as { tuple: { str: string }[] }).tuple.map((x) => x.str);
    const [ours, ourReport] = np.einsumPath(sub, ...shapes.map((s) => np.ones(s)), { optimize: opt as never });
    const pyPath = `[${
      ours.map((p) => typeof p === "string" ? `'${p}'` : `(${p.join(", ")}${p.length === 1 ? "," : ""})`).join(", ")
    }]`;
    assert.equal(pyPath, path, `${sub} ${JSON.stringify(opt)}: path`);
    assert.equal(ourReport, report, `${sub} ${JSON.stringify(opt)}: report`);
  });
});

Deno.test("einsumPath refuses what NumPy refuses", () => {
  const a = np.ones([3, 4]), b = np.ones([5, 6]);
  assert.throws(
    () => np.einsumPath("ij,jk->ik", a, b),
    /Size of label 'j' for operand 1 \(4\) does not match previous terms \(5\)/,
  );
  assert.throws(
    () => np.einsumPath("ijk,jk->ik", a, b),
    /does not contain the correct number of indices for operand 0/,
  );
  const c = np.ones([4, 5]), d = np.ones([5, 6]);
  assert.throws(
    () => np.einsumPath("ij,jk,kl->il", a, c, d, { optimize: "bogus" as never }),
    /Path name bogus not found/,
  );
  // (NumPy, too, takes any name for two operands: there is only one path)
  assert.deepEqual(np.einsumPath("ij,jk->ik", a, c, { optimize: "bogus" as never })[0], ["einsum_path", [0, 1]]);
  assert.throws(() => np.einsumPath("ij,jk->ik", a, np.ones([4, 2]), { optimize: [1, 2] as never }), TypeError);
  assert.throws(
    () => np.einsumPath("ij,jk,kl->il", a, np.ones([4, 5]), np.ones([5, 6]), { optimize: ["einsum_path", [0, 1]] }),
    /Invalid einsum_path is specified: 1 more operands has to be contracted/,
  );
  assert.throws(() => np.einsumPath("ij,jk->ik", a, np.ones([4, 2]), { bogus: 1 } as never), /unexpected keyword/);
});
