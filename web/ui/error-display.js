// Where the playground shows what went wrong: a control's own message (the field the error is
// about, the last-edited one first: error-fields.js), a tensor's message (an unreadable cell), or
// the general line above the output; and the note under the greyed last output ("see the message
// at <field>", a button that moves the focus there).
import { h } from './views/dom.js';
import { errorText } from './model/compute.js';
import { errorFields, errorHome } from './model/error-fields.js';
import { ARG_FIELDS, SIZE_FIELDS } from './model/state.js';

// Every control that can carry an error message.
const ERROR_FIELDS = [...ARG_FIELDS, ...SIZE_FIELDS];

/**
 * opts: { t, controls, message(tensorName, text | null), generalError, staleNote (elements),
 * focusCell(tensorName, index), focusControl(field) }.
 */
export function createErrorDisplay(opts) {
  const { t, controls, generalError, staleNote } = opts;

  /** Shows the result's error (and the controls' own parse errors); returns the field or tensor it is at, or null. */
  function show(result, lastEdited, state) {
    for (const name of ERROR_FIELDS) controls.setError(name, null);
    for (const name of ['input', 'weight', 'bias', 'indices']) opts.message(name, null);
    generalError.hidden = true;
    generalError.textContent = '';
    for (const [name, err] of controls.localErrors) controls.setError(name, t(err.key, err.params));
    const local = controls.localErrors.keys().next();
    if (result.ok) return local.done ? null : local.value;
    const e = result.error;
    const text = errorText(t, e);
    // a cell that is not a number, or MaxUnpool2d's indices (an index outside the output): under the tensor
    if (e.code === 'INVALID_CELL' || e.argument === 'indices') {
      const tensor = e.tensor ?? 'indices';
      opts.message(tensor, text);
      return tensor;
    }
    const shown = (f) => controls.visible(f) && !controls.localErrors.has(f);
    const home = errorHome(errorFields(e, state), lastEdited, shown);
    // the last-edited field's text does not parse: its own message is newer than the value the
    // core read there (stride 0, then "abc": "must be an int or a pair", not "non-positive stride")
    if (home && controls.localErrors.has(home)) return home;
    if (home) controls.setError(home, text);
    else {
      generalError.textContent = text;
      generalError.hidden = false;
    }
    return home;
  }

  /** The note under a greyed output: shown while `stale` and an older output is `shown`. */
  function note(stale, shown, errorAt, result) {
    staleNote.hidden = !stale || !shown;
    if (!errorAt) {
      staleNote.textContent = t('staleNote');
      return;
    }
    // "see the message at <kernel_size>": a button that takes the focus there
    const [before, after] = t('staleNoteAt', { field: '\u0000' }).split('\u0000');
    const cell = result.ok ? null : result.error.cell;
    const goThere = () => (cell ? opts.focusCell(errorAt, cell.index) : opts.focusControl(errorAt));
    const go = h('button', { type: 'button', class: 'link-button', text: errorAt, on: { click: goThere } });
    staleNote.replaceChildren(before, go, after ?? '');
  }

  return {
    /** Shows the errors of `result` (of `state`) and the stale note; `shown`: the output still on screen. */
    update(result, { state, lastEdited, stale, shown }) {
      note(stale, shown, show(result, lastEdited, state), result);
    },
  };
}
