/**
 * The Audit page's own strings. The findings themselves (verdict, sections, charts) come with their text
 * from the report (src/report/audit/text.ts), in the same two languages.
 */
export const MESSAGES = {
  es: {
    formTitle: 'Comprobar otra afirmación',
    series: 'Serie',
    from: 'Desde',
    to: 'Hasta',
    change: 'Cambio afirmado',
    basis: 'Base',
    place: 'Lugar',
    national: 'Nacional',
    basisDaily: 'Promedio diario',
    basisTotal: 'Total del periodo',
    basisYearOnYear: 'Contra el mismo periodo un año antes',
    periodHint: 'AAAA-MM, AAAA o AAAA-MM..AAAA-MM',
    changeHint: 'p. ej. -25%; vacío: sin cifra afirmada',
    check: 'Comprobar',
    reset: 'Volver a la afirmación del gobierno',
    computing: 'Calculando la auditoría…',
    badField: 'Revise el campo «{field}»: {message}',
    noData: 'No hay datos importados: {message}',
  },
  en: {
    formTitle: 'Check another claim',
    series: 'Series',
    from: 'From',
    to: 'To',
    change: 'Claimed change',
    basis: 'Basis',
    place: 'Place',
    national: 'National',
    basisDaily: 'Daily average',
    basisTotal: 'Period total',
    basisYearOnYear: 'Against the same period a year earlier',
    periodHint: 'YYYY-MM, YYYY or YYYY-MM..YYYY-MM',
    changeHint: 'e.g. -25%; empty: no claimed figure',
    check: 'Check',
    reset: 'Back to the government’s claim',
    computing: 'Computing the audit…',
    badField: 'Check the field “{field}”: {message}',
    noData: 'No imported data: {message}',
  },
} as const;

export type MessageKey = keyof (typeof MESSAGES)['es'];
