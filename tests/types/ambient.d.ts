// What tsc cannot see in the source tree: the Emscripten glue modules the build makes
// (build/wasm → dist/convlens/convlens_{simd,scalar,simd_threads}.mjs), imported by web/convlens/index.*.js.
declare module '*/convlens_simd.mjs' {
  const factory: (options?: Record<string, unknown>) => Promise<any>;
  export default factory;
}
declare module '*/convlens_scalar.mjs' {
  const factory: (options?: Record<string, unknown>) => Promise<any>;
  export default factory;
}
declare module '*/convlens_simd_threads.mjs' {
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
// the threaded build's pool in Node (index.node.js, threads-worker.node.js)
declare const process: { execArgv: string[] };
declare module 'node:worker_threads' {
  interface Port {
    on(event: 'message', listener: (data: any) => void): void;
    postMessage(message: unknown, transfer?: unknown[]): void;
  }
  export class Worker {
    constructor(file: URL | string, options?: { workerData?: unknown; execArgv?: string[] });
    on(event: 'message' | 'error' | 'exit', listener: (data: any) => void): this;
    postMessage(message: unknown, transfer?: unknown[]): void;
    unref(): void;
    terminate(): Promise<number>;
  }
  export const parentPort: Port;
  export const workerData: any;
}
// Node's copies into and out of the threaded build's shared memory (web/convlens/shared-copies.node.js)
declare module 'node:buffer' {
  export class Buffer {
    static from(buffer: ArrayBufferLike, byteOffset: number, length: number): Buffer;
    fill(value: unknown): Buffer;
  }
}
