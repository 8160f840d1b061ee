// The package's hand-written types (web/convlens/index.d.ts) against its JS (web/convlens/*.js): each
// assignment below fails `tsc -p tsconfig.json` (node scripts/test.mjs types) when they drift apart, e.g. a
// method renamed, added or dropped on one side, or a declared result shape the JS does not return.
import * as browser from '../../web/convlens/index.browser.js';
import * as node from '../../web/convlens/index.node.js';
import { createApi } from '../../web/convlens/convlens.js';
import type * as declared from '../../web/convlens/index.d.ts';

// Both entries export what index.d.ts declares, with the declared types.
export const browserLoad: typeof declared.load = browser.load;
export const nodeLoad: typeof declared.load = node.load;
export const browserSimd: typeof declared.simdSupported = browser.simdSupported;
export const nodeSimd: typeof declared.simdSupported = node.simdSupported;
export const browserError: typeof declared.ConvlensError = browser.ConvlensError;
export const nodeError: typeof declared.ConvlensError = node.ConvlensError;

// The object createApi() builds is a Convlens …
type Api = ReturnType<typeof createApi>;
export const api: (module: unknown) => declared.Convlens = (module) => createApi(module, 'simd');

// … with no method index.d.ts leaves out, and each entry exports nothing index.d.ts leaves out (nor the
// reverse).
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never]
  ? true
  : { onlyLeft: Exclude<A, B>; onlyRight: Exclude<B, A> };
export const apiKeys: Same<keyof Api, keyof declared.Convlens> = true;
export const browserExports: Same<keyof typeof browser, keyof typeof declared> = true;
export const nodeExports: Same<keyof typeof node, keyof typeof declared> = true;

// A ConvlensError has the declared code and message.
export const error: declared.ConvlensError =
  new browser.ConvlensError('INVALID_ARGUMENT', 'stride must be positive');
