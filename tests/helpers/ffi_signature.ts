/**
 * Checks hand-written Deno FFI tables against a library's C headers
 * without running the library: each function's parameter count and each
 * parameter's kind and size (pointer, 1/2/4/8-byte integer, float, double,
 * a struct passed by value and its size), compiled as static_asserts with
 * g++. Used by tests/backend/cuda_ffi_test.ts (CUDA, cuBLAS, cuDNN, NVRTC)
 * and tests/distributed/ffi_signature_test.ts (Open MPI, NCCL).
 */

/** A C++ kind: its name in the checker (a struct by value is `S(bytes)`). */
export function ffiKind(t: Deno.NativeResultType): string {
  if (typeof t === "object" && "struct" in t) return `S(${t.struct.length})`;
  switch (t) {
    case "pointer":
    case "buffer":
    case "function":
      return "P";
    case "u64":
    case "i64":
    case "usize":
    case "isize":
      return "I64P"; // device addresses are passed as integers where the header says pointer
    case "i32":
    case "u32":
      return "I32";
    case "i16":
    case "u16":
      return "I16";
    case "i8":
    case "u8":
    case "bool":
      return "I8";
    case "f32":
      return "F32";
    case "f64":
      return "F64";
    case "void":
      return "V";
    default:
      throw new Error(`no C kind for FFI type ${JSON.stringify(t)}`);
  }
}

/** The C++ side: `dk::sig(&fn, result kind, {parameter kinds})` is true when the prototype agrees. */
export const SIGNATURE_CHECKER = `#include <type_traits>
#include <initializer_list>
namespace dk {
// a kind is a code; a struct passed by value is 1000 + its size
constexpr int V = 0, P = 1, I8 = 2, I16 = 3, I32 = 4, I64 = 5, I64P = 6, F32 = 7, F64 = 8;
constexpr int S(int bytes) { return 1000 + bytes; }
template <class T> constexpr int kind() {
  if constexpr (std::is_void_v<T>) return V;
  else if constexpr (std::is_pointer_v<T>) return P;
  else if constexpr (std::is_class_v<T>) return S(sizeof(T));
  else if constexpr (std::is_floating_point_v<T>) return sizeof(T) == 4 ? F32 : F64;
  else return sizeof(T) == 1 ? I8 : sizeof(T) == 2 ? I16 : sizeof(T) == 4 ? I32 : sizeof(T) == 8 ? I64 : -1;
}
constexpr bool same(int have, int want) { return want == I64P ? (have == I64 || have == P) : have == want; }
template <class R, class... A> constexpr bool sig(R (*)(A...), int r, std::initializer_list<int> ps) {
  if (sizeof...(A) != ps.size() || !same(kind<R>(), r)) return false;
  const int have[] = {kind<A>()..., V};
  int i = 0;
  for (int k : ps) if (!same(have[i++], k)) return false;
  return true;
}
}
`;

/**
 * static_asserts for a table: each function by its exported name (and no
 * macro standing for another name), each static by its address.
 */
export function signatureChecks(table: Deno.ForeignLibraryInterface): string[] {
  const lines: string[] = [];
  for (const [key, def] of Object.entries(table)) {
    if ("type" in def) {
      lines.push(`static void *const dk_${key} = (void *)&${key};`);
      continue;
    }
    const fn = def as Deno.ForeignFunction, name = fn.name ?? key;
    const params = fn.parameters.map((p) => `dk::${ffiKind(p)}`).join(", ");
    lines.push(
      `#ifdef ${name}`,
      `#error "${name} is a macro: the table must name the symbol it maps to"`,
      "#endif",
      `static_assert(dk::sig(&${name}, dk::${ffiKind(fn.result)}, {${params}}), "signature of ${name}");`,
    );
  }
  return lines;
}

/** Whether g++ runs here. */
export function hasGxx(): boolean {
  try {
    return new Deno.Command("g++", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

/** Compiles `source` (syntax only) with the include folders; g++'s error lines on failure. */
export async function compileChecks(source: string, dirs: string[]): Promise<{ ok: boolean; errors: string }> {
  const dir = await Deno.makeTempDir({ prefix: "dendrite-ffi-sig-" });
  try {
    await Deno.writeTextFile(`${dir}/check.cpp`, source);
    const args = ["-std=c++17", "-fsyntax-only", "-w", ...dirs.map((d) => `-I${d}`), `${dir}/check.cpp`];
    const out = await new Deno.Command("g++", { args, stdout: "piped", stderr: "piped" }).output();
    const errors = new TextDecoder().decode(out.stderr).split("\n").filter((l) => /error/.test(l)).join("\n");
    return { ok: out.success, errors };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
