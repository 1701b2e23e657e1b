/**
 * Binds the arguments of the nn.utils functions that take a module (which
 * the op binder's kinds do not describe): PyTorch's positional order, then
 * an optional trailing options object naming any parameter.
 */

/** The values of `names` from positional arguments and a trailing options object; unknown or repeated names are TypeErrors. */
export function callArgs(
  op: string,
  args: readonly unknown[],
  names: readonly string[],
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const last = args[args.length - 1];
  const plain = last !== null && typeof last === "object" && !Array.isArray(last) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(last));
  const pos = plain ? args.slice(0, -1) : args;
  if (pos.length > names.length) {
    throw new TypeError(`${op}() takes at most ${names.length} positional arguments but ${pos.length} were given`);
  }
  const out: Record<string, unknown> = { ...defaults };
  pos.forEach((v, i) => {
    if (v !== undefined) out[names[i]] = v;
  });
  if (plain) {
    for (const [k, v] of Object.entries(last as Record<string, unknown>)) {
      const i = names.indexOf(k);
      if (i < 0) throw new TypeError(`${op}(): unknown option '${k}'; expected one of ${names.join(", ")}`);
      if (i < pos.length && pos[i] !== undefined) {
        throw new TypeError(`${op}() got multiple values for argument '${k}'`);
      }
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}
