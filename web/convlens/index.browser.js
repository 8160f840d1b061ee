// Browser / bundler entry: browser.js's load(), with the nn layers (cl.nn). The <conv-lens> widget's bundle
// loads browser.js alone: a figure needs no layers.
import { provideNn } from './convlens.js';
import { createNn } from './nn.js';

provideNn(createNn);

export { ConvlensError, load, simdSupported, version } from './browser.js';
