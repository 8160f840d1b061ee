// The animation clock: which step is shown, whether it plays, how fast, and whether it loops.
// Pure (no DOM): timers are injected, so node tests drive it step by step.
import { field } from '../model/state.js';

/** Speeds offered (the state schema's anim_speed values), as multiples of the base rate. */
export const SPEEDS = field('anim_speed').values;

/** Milliseconds per step at 1×. */
export const BASE_STEP_MS = 700;

/** Milliseconds per step at `speed` (a SPEEDS string or number). */
export function stepDelay(speed) {
  const v = Number(speed);
  return BASE_STEP_MS / (v > 0 ? v : 1);
}

/** The next speed up (dir +1) or down (−1), staying within SPEEDS. */
export function nextSpeed(speed, dir) {
  const i = SPEEDS.indexOf(String(speed));
  const j = Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? 2 : i) + dir));
  return SPEEDS[j];
}

/**
 * opts: { onStep(step), onPlaying(playing), setTimer(fn, ms) (default setTimeout), clearTimer(id) }.
 * Returns the player: { step, steps, playing, speed, loop, play(), pause(), toggle(), seek(k),
 * stepBy(d), setSteps(n), setSpeed(s), setLoop(b) }. seek/stepBy pause it; at the last step it
 * wraps to the first when looping, else stops there. onStep is called for every change of step.
 */
export function createPlayer(opts = {}) {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((id) => clearTimeout(id));
  let timer = null;
  const p = { step: 0, steps: 1, playing: false, speed: '1', loop: true };

  const show = (k) => {
    const next = Math.max(0, Math.min(p.steps - 1, k));
    if (next === p.step) return;
    p.step = next;
    opts.onStep?.(p.step);
  };
  const schedule = () => {
    if (timer !== null) clearTimer(timer);
    timer = p.playing ? setTimer(tick, stepDelay(p.speed)) : null;
  };
  const setPlaying = (on) => {
    if (p.playing === on) return;
    p.playing = on;
    schedule();
    opts.onPlaying?.(on);
  };
  function tick() {
    timer = null;
    if (!p.playing) return;
    if (p.step + 1 < p.steps) show(p.step + 1);
    else if (p.loop && p.steps > 1) show(0);
    else {
      setPlaying(false);
      return;
    }
    if (!p.loop && p.step === p.steps - 1) setPlaying(false);
    else schedule();
  }

  return Object.assign(p, {
    play() {
      if (p.steps <= 1) return;
      if (!p.loop && p.step >= p.steps - 1) show(0); // played to the end: start over
      setPlaying(true);
    },
    pause() {
      setPlaying(false);
    },
    toggle() {
      if (p.playing) p.pause();
      else p.play();
    },
    seek(k) {
      setPlaying(false);
      show(k);
    },
    stepBy(d) {
      setPlaying(false);
      show(p.step + d);
    },
    setSteps(n) {
      p.steps = Math.max(1, n);
      if (p.step >= p.steps) show(p.steps - 1);
      if (p.steps <= 1) setPlaying(false);
    },
    setSpeed(s) {
      p.speed = String(s);
      if (p.playing) schedule();
    },
    setLoop(b) {
      p.loop = Boolean(b);
    },
  });
}
