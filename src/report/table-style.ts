/** cli-table3 options for borderless, compact tables (the simulator's and the data commands' look). */
export const COMPACT_TABLE = {
  style: { head: [] as string[], border: [] as string[], compact: true },
  chars: {
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: '',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '  ',
  },
};
