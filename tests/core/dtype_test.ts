/** NumPy's promotion table and NEP 50 scalar rules. */
import assert from "node:assert/strict";
import { canCastSafely, promoteTypes, resultType, toDType } from "../../src/core/dtype.ts";
import { broadcastShapes, normalizeAxis } from "../../src/core/shape.ts";
import { python } from "../helpers/python.ts";

Deno.test("promotion table equals NumPy's np.promote_types", async () => {
  const names = ["bool", "uint8", "int32", "int64", "float32", "float64"] as const;
  const code = `import numpy as np, json\nn=${
    JSON.stringify(names)
  }\nprint(json.dumps([[str(np.promote_types(a, b)) for b in n] for a in n]))`;
  const out = await python(["-c", code]);
  const table = JSON.parse(new TextDecoder().decode(out.stdout));
  names.forEach((a, i) => names.forEach((b, j) => assert.equal(promoteTypes(a, b), table[i][j], `${a} + ${b}`)));
});

Deno.test("weak JS scalars (NEP 50) and safe casts", () => {
  assert.equal(resultType(["uint8"], ["int"]), "uint8");
  assert.equal(resultType(["bool"], ["int"]), "int64");
  assert.equal(resultType(["int64"], ["float"]), "float64");
  assert.equal(resultType(["float32"], ["float"]), "float32");
  assert.equal(resultType([], ["int", "float"]), "float64");
  assert.ok(canCastSafely("int32", "float64") && !canCastSafely("int64", "float32"));
  assert.equal(toDType("long"), "int64");
  assert.throws(() => toDType("float16"), TypeError);
});

Deno.test("broadcasting and axes", () => {
  assert.deepEqual(broadcastShapes("t", [4, 1], [3]), [4, 3]);
  assert.deepEqual(broadcastShapes("t", [], [2, 1], [1, 5]), [2, 5]);
  assert.throws(() => broadcastShapes("add", [2, 3], [4]), /Cannot broadcast shapes \[2, 3\] and \[4\] in "add"/);
  assert.equal(normalizeAxis("t", -1, 3), 2);
  assert.throws(() => normalizeAxis("sum", 3, 3), /axis 3 is out of bounds for array of dimension 3/);
});
