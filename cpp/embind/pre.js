// Prepended to the Emscripten glue (--pre-js): it runs inside the module factory, where the glue's own
// variables are in scope. convlens instantiates the .wasm itself (Module.instantiateWasm) so that it can
// say why a load failed; this hands it the .wasm's URL as the glue resolves it: locateFile's answer, or
// new URL('convlens_<variant>.wasm', import.meta.url), which bundlers rewrite to their asset's URL.
/* global Module, wasmBinaryFile */
if (Module['instantiateWasm']) {
  const instantiate = Module['instantiateWasm'];
  Module['instantiateWasm'] = (imports, receive) => instantiate(imports, receive, wasmBinaryFile);
}

// Copies into and out of wasm memory, which convlens.js and resident.js make: set() and slice(), unless the
// loader passes its own (Node's threaded build, whose shared memory set() copies at half memcpy's rate:
// web/convlens/shared-copies.node.js).
Module['copies'] ||= { into: (into, from, at) => into.set(from, at), of: (from) => from.slice() };
