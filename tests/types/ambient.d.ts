// What tsc cannot see in the source tree: the Emscripten glue modules the build makes
// (build/wasm → dist/convlens/convlens_{simd,scalar}.mjs), imported by web/convlens/index.*.js.
declare module '*/convlens_simd.mjs' {
  const factory: (options?: Record<string, unknown>) => Promise<any>;
  export default factory;
}
declare module '*/convlens_scalar.mjs' {
  const factory: (options?: Record<string, unknown>) => Promise<any>;
  export default factory;
}
// web/convlens/index.node.js reads the .wasm with node:fs (the web tier is checked without Node's types).
declare module 'node:fs/promises' {
  export function readFile(path: URL | string): Promise<Uint8Array>;
}
declare module 'node:url' {
  export function fileURLToPath(url: URL | string): string;
}
