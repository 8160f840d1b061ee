// Types of 'convlens/widget': importing it defines the <conv-lens> element (docs/embedding.md).
//   import 'convlens/widget';
//   const el = document.querySelector('conv-lens');   // ConvLensElement
//   await el?.ready; el?.output?.data;                 // Float32Array
import type { Convlens } from '../index.js';

/** The figure's sliding-window animation (el.animation). */
export interface ConvLensAnimation {
  play(): void;
  pause(): void;
  toggle(): void;
  /** Shows step `step` (0-based). */
  seek(step: number): void;
  /** false: only the figure and play/pause; true: the transport, settings and export bar too. */
  setControls(on: boolean): void;
  readonly playing: boolean;
  readonly step: number;
  /** Steps in the animation: one per output cell (or per input cell, for the scatter view). */
  readonly steps: number;
  /** The animation as a file, like the export bar's buttons (GIF and ZIP: every step; PNG and SVG: this one). */
  exportFile(kind: 'gif' | 'png' | 'svg' | 'zip', options?: { width?: number }): Promise<ConvLensExport>;
}

export interface ConvLensExport {
  /** e.g. conv2d_k3_s2_p1_d1_5x5.gif */
  name: string;
  /** MIME type */
  type: string;
  bytes: Uint8Array;
  frames?: number;
}

/** The output a widget shows (a copy). */
export interface ConvLensOutput {
  shape: number[];
  data: Float32Array;
}

export interface ConvLensEventMap extends HTMLElementEventMap {
  /** The first output is shown, styled. */
  'conv-lens-ready': CustomEvent<null>;
  /** convlens, or a part of the widget, could not load. */
  'conv-lens-error': CustomEvent<{ message: string }>;
  /** A reader changed the state; `state` is it as a URL hash. */
  'conv-lens-change': CustomEvent<{ readonly state: string }>;
}

/** <conv-lens>: attributes state, controls, editable, autoplay, lang, theme (docs/embedding.md). */
export declare class ConvLensElement extends HTMLElement {
  static readonly observedAttributes: readonly string[];
  /** Resolves with the element once it shows its first output; rejects if convlens cannot load. */
  readonly ready: Promise<ConvLensElement>;
  /** The current state as the playground's URL hash, the reader's edits included; setting it sets the attribute. */
  state: string;
  /** Once shown. */
  readonly animation: ConvLensAnimation | null;
  /** null before the first output and while the state does not compute. */
  readonly output: ConvLensOutput | null;
  addEventListener<K extends keyof ConvLensEventMap>(type: K, listener: (this: ConvLensElement, ev: ConvLensEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ConvLensEventMap>(type: K, listener: (this: ConvLensElement, ev: ConvLensEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/**
 * The page's one convlens module, shared by every <conv-lens>: the instance `load()` of 'convlens'
 * returns (loaded on first use), so a page using both loads one glue, one .wasm and one instance.
 */
export declare function sharedConvlens(): Promise<Convlens>;

declare global {
  interface HTMLElementTagNameMap {
    'conv-lens': ConvLensElement;
  }
}
