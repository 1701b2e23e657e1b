/**
 * vision.io and vision.utils against torchvision and Pillow: PNGs we write
 * read back by Pillow; PNG/JPEG files Pillow writes read by readImage;
 * makeGrid and saveImage pixel-identical to torchvision's for the same
 * tensor.
 */
import assert from "node:assert/strict";
import { torch, vision } from "../../mod.ts";
import { dec, type Enc, enc, torchvision, values } from "./oracle.ts";

const batch = torch.arange(5 * 3 * 6 * 7).reshape(5, 3, 6, 7).float().div(5 * 3 * 6 * 7 - 1).mul(1.4).sub(0.2);
const gray = torch.arange(3 * 1 * 4 * 5).reshape(3, 1, 4, 5).float().div(59);

Deno.test("writePng / readImage round trips through Pillow", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const rgb = torch.arange(3 * 9 * 11).reshape(3, 9, 11).mul(7).remainder(256).to("uint8");
    vision.io.writePng(rgb, `${tmp}/ours.png`);
    vision.io.writePng(rgb.narrow(0, 0, 1).contiguous(), `${tmp}/ours_gray.png`);
    vision.io.writeJpeg(rgb, `${tmp}/ours.jpg`, { quality: 95 });
    const setup = `
a = np.arange(5 * 8 * 3, dtype=np.uint8).reshape(5, 8, 3) * 5
Image.fromarray(a).save(${JSON.stringify(tmp)} + "/pil_rgb.png")
Image.fromarray(a[:, :, 0]).save(${JSON.stringify(tmp)} + "/pil_l.png")
Image.fromarray(np.dstack([a, a[:, :, :1]])).save(${JSON.stringify(tmp)} + "/pil_rgba.png")
Image.fromarray(a).convert("P").save(${JSON.stringify(tmp)} + "/pil_p.png")
yy, xx = np.mgrid[0:32, 0:32]
Image.fromarray(np.dstack([xx * 4, yy * 4, (xx + yy) * 2]).astype(np.uint8)).save(${
      JSON.stringify(tmp)
    } + "/pil.jpg", quality=90)
Image.fromarray(a[:, :, 0]).convert("1").save(${JSON.stringify(tmp)} + "/pil_1.png")
`;
    const t = (f: string) => `T.PILToTensor()(Image.open(${JSON.stringify(`${tmp}/${f}`)}))`;
    const [r] = await torchvision([{
      setup,
      expr: `[${t("ours.png")}, ${t("ours_gray.png")}, ${t("pil_rgb.png")}, ${t("pil_l.png")}, ${t("pil_rgba.png")}, ` +
        `T.PILToTensor()(Image.open(${JSON.stringify(`${tmp}/pil_p.png`)}).convert("RGB")), ${t("pil.jpg")}, ` +
        `T.PILToTensor()(Image.open(${JSON.stringify(`${tmp}/pil_1.png`)}).convert("L")), ${t("ours.jpg")}]`,
    }]);
    if ("error" in r) throw new Error(`${r.error}: ${r.message}`);
    const [oursPng, oursGray, pRgb, pL, pRgba, pP, pJpg, p1, oursJpg] = (r.value as Enc[]).map((e) => values(dec(e)));
    assert.deepEqual(oursPng, values(rgb));
    assert.deepEqual(oursGray, values(rgb.narrow(0, 0, 1)));
    assert.deepEqual(values(vision.io.readImage(`${tmp}/pil_rgb.png`)), pRgb);
    assert.deepEqual(values(vision.io.readImage(`${tmp}/pil_l.png`)), pL);
    assert.deepEqual(values(vision.io.readImage(`${tmp}/pil_rgba.png`)), pRgba);
    assert.deepEqual(values(vision.io.readImage(`${tmp}/pil_p.png`, "RGB")), pP);
    assert.deepEqual(values(vision.io.readImage(`${tmp}/pil_1.png`)), p1);
    assert.deepEqual(vision.io.readImage(`${tmp}/pil_rgb.png`, "GRAY").shape, [1, 5, 8]);
    // JPEG decoders differ (jpeg-js replicates chroma where libjpeg-turbo interpolates it): a smooth image agrees closely
    const jp = values(vision.io.readImage(`${tmp}/pil.jpg`));
    const diffs = jp.map((v, i) => Math.abs(v - pJpg[i]));
    assert.equal(jp.length, pJpg.length);
    assert.ok(
      Math.max(...diffs) <= 8 && diffs.reduce((s, d) => s + d, 0) / diffs.length <= 2,
      "JPEG decode close to Pillow's",
    );
    assert.ok(oursJpg.every((v, i) => Math.abs(v - values(rgb)[i]) <= 40), "our JPEG is read by Pillow");
    assert.throws(() => vision.io.writePng(rgb.float(), `${tmp}/x.png`), /uint8 CHW tensor/);
    assert.throws(() => vision.io.readImage(`${tmp}/ours.png`, "CMYK" as never), /mode/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("makeGrid and saveImage are torchvision's, pixel for pixel", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const grids: [string, () => torch.Tensor][] = [
      ["torchvision.utils.make_grid(b)", () => vision.utils.makeGrid(batch)],
      [
        "torchvision.utils.make_grid(b, nrow=2, padding=1, pad_value=0.5)",
        () => vision.utils.makeGrid(batch, { nrow: 2, padding: 1, padValue: 0.5 }),
      ],
      ["torchvision.utils.make_grid(b, normalize=True)", () => vision.utils.makeGrid(batch, { normalize: true })],
      [
        "torchvision.utils.make_grid(b, normalize=True, value_range=(0.0, 0.8), scale_each=True)",
        () => vision.utils.makeGrid(batch, { normalize: true, valueRange: [0, 0.8], scaleEach: true }),
      ],
      [
        "torchvision.utils.make_grid(b, normalize=True, scale_each=True)",
        () => vision.utils.makeGrid(batch, { normalize: true, scaleEach: true }),
      ],
      ["torchvision.utils.make_grid(g, nrow=3)", () => vision.utils.makeGrid(gray, { nrow: 3 })],
      [
        "torchvision.utils.make_grid(list(b[:2]))",
        () => vision.utils.makeGrid([batch.select(0, 0), batch.select(0, 1)]),
      ],
      ["torchvision.utils.make_grid(b[0])", () => vision.utils.makeGrid(batch.select(0, 0))],
    ];
    const saves: [string, () => void][] = [
      [
        `torchvision.utils.save_image(b, ${JSON.stringify(`${tmp}/tv1.png`)})`,
        () => vision.utils.saveImage(batch, `${tmp}/o1.png`),
      ],
      [
        `torchvision.utils.save_image(b, ${JSON.stringify(`${tmp}/tv2.png`)}, nrow=3, normalize=True)`,
        () => vision.utils.saveImage(batch, `${tmp}/o2.png`, { nrow: 3, normalize: true }),
      ],
      [
        `torchvision.utils.save_image(g, ${JSON.stringify(`${tmp}/tv3.png`)}, padding=0)`,
        () => vision.utils.saveImage(gray, `${tmp}/o3.png`, { padding: 0 }),
      ],
      [
        `torchvision.utils.save_image(b[1], ${JSON.stringify(`${tmp}/tv4.png`)})`,
        () => vision.utils.saveImage(batch.select(0, 1), `${tmp}/o4.png`),
      ],
    ];
    for (const [, f] of saves) f();
    const read = (p: string) => `T.PILToTensor()(Image.open(${JSON.stringify(p)}))`;
    const res = await torchvision([
      ...grids.map(([py]) => ({ expr: py, inputs: { b: enc(batch), g: enc(gray) } })),
      ...saves.map(([py], i) => ({
        setup: py,
        expr: `[${read(`${tmp}/tv${i + 1}.png`)}, ${read(`${tmp}/o${i + 1}.png`)}]`,
        inputs: { b: enc(batch), g: enc(gray) },
      })),
    ]);
    grids.forEach(([py, ours], i) => {
      const r = res[i];
      if ("error" in r) throw new Error(`${py}: ${r.error}: ${r.message}`);
      const want = dec(r.value) as torch.Tensor, got = ours();
      assert.deepEqual(got.shape, want.shape, py);
      assert.deepEqual(values(got), values(want), py);
    });
    saves.forEach(([py], i) => {
      const r = res[grids.length + i];
      if ("error" in r) throw new Error(`${py}: ${r.error}: ${r.message}`);
      const [tv, ours] = (r.value as Enc[]).map((e) => values(dec(e)));
      assert.deepEqual(ours, tv, py);
    });
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
