import { el } from '../dom.js';
import { nt } from './messages.js';

/**
 * The file picker: a network file (input or drag-and-drop onto the zone around it) and an optional
 * attributes CSV with the prefix its ids carry. Only hands File objects to the caller; reading and sending
 * them is the page's business. Nothing is remembered here: a file's content never reaches storage.
 */
export interface FileInputOptions {
  /** A network file was chosen or dropped. */
  onNetwork: (file: File) => void;
  /** The attributes file was chosen or cleared, or its id prefix changed. */
  onAttributes: (file: File | undefined, idPrefix: string) => void;
  /** Initial id prefix (default ''). */
  idPrefix?: string;
}

/** Extensions of the formats `atalaya network` reads (docs/NETWORK-FORMATS.md). */
const NETWORK_TYPES = '.csv,.tsv,.txt,.graphml,.xml,.net,.paj,.dl';

export function createFileInput(options: FileInputOptions): HTMLElement {
  const { onNetwork, onAttributes, idPrefix = '' } = options;
  const networkInput = el('input', {
    type: 'file',
    id: 'network-file',
    accept: NETWORK_TYPES,
    'aria-describedby': 'network-file-hint',
  });
  const zone = el(
    'div',
    { class: 'drop-zone' },
    el('label', { for: 'network-file' }, nt('fileLabel')),
    networkInput,
    el('p', { class: 'hint', id: 'network-file-hint' }, nt('fileHint')),
  );
  const attributesInput = el('input', { type: 'file', id: 'network-attributes', accept: '.csv,.tsv,.txt' });
  const prefixInput = el('input', { type: 'text', id: 'network-id-prefix', size: '4', value: idPrefix });

  networkInput.addEventListener('change', () => {
    const file = networkInput.files?.[0];
    if (file) onNetwork(file);
  });
  const attributesChanged = () => onAttributes(attributesInput.files?.[0], prefixInput.value.trim());
  attributesInput.addEventListener('change', attributesChanged);
  prefixInput.addEventListener('change', attributesChanged);

  // Dropping anywhere else would make the browser open the file in place of the page.
  const over = (e: DragEvent) => {
    e.preventDefault();
    zone.classList.add('dragging');
  };
  const leave = () => zone.classList.remove('dragging');
  const drop = (e: DragEvent) => {
    e.preventDefault();
    leave();
    const file = e.dataTransfer?.files[0];
    if (file) onNetwork(file);
  };
  zone.addEventListener('dragover', over);
  zone.addEventListener('dragleave', leave);
  zone.addEventListener('drop', drop);

  return el(
    'fieldset',
    { class: 'network-files' },
    el('legend', {}, nt('fileLegend')),
    zone,
    el(
      'div',
      { class: 'attributes' },
      el('label', { for: 'network-attributes' }, nt('attributesLabel')),
      attributesInput,
      el('label', { for: 'network-id-prefix' }, nt('idPrefixLabel')),
      prefixInput,
    ),
  );
}
