import { GAP_THRESHOLD } from '../../audit/source-gap.js';

export const CITATIONS = {
  kassRaftery: {
    text: 'Kass & Raftery (1995), Bayes factors, JASA 90:773–795',
    href: 'https://doi.org/10.1080/01621459.1995.10476572',
  },
  baiPerron: {
    text: 'Bai & Perron (2003), Computation and analysis of multiple structural change models, J Appl Econometrics 18:1–22',
    href: 'https://doi.org/10.1002/jae.659',
  },
  yao: { text: 'Yao (1988), Statistics & Probability Letters 6:181–189' },
  hansen: {
    text: 'Hansen (2000), Sample splitting and threshold estimation, Econometrica 68:575–603',
    href: 'https://doi.org/10.1111/1468-0262.00124',
  },
};

export const TEXT = {
  en: {
    title: 'Do the official figures hold up?',
    subtitle: 'An audit of organised-crime violence figures in Mexico: SESNSP, INEGI and RNPDNO',
    nav: 'Contents',
    howTitle: 'How to read this',
    how: 'An official claim about violence is recomputed from the official data, then set against what could bend it: deaths recorded under other categories, the gap with death certificates, revisions between releases, and breaks in the trend. Months that a release flags as incomplete (to be revised) are marked “incomplete” in tables and drawn as hollow dots on a dashed line in charts.',
    release: 'Data release',
    national: 'National',
    nationalLower: 'national',
    aDay: 'a day',
    incomplete: 'incomplete',
    unit: (u: string) => (u === 'victims' ? 'victims' : u === 'persons' ? 'persons' : u),
    claimTitle: 'The claim',
    measureDaily: (unit: string) => `${unit} per day`,
    measureTotal: (unit: string) => `${unit}, monthly totals`,
    yearOnYear: ' (against the same period a year earlier)',
    claimText: (what: string, place: string, change: string, from: string, to: string) =>
      `${what}, ${place}: claimed ${change} from ${from} to ${to}`,
    claimNoFigure: (what: string, place: string, from: string, to: string) =>
      `${what}, ${place}: change from ${from} to ${to}`,
    verdict: { holds: 'Holds', fails: 'Does not hold', none: 'No claimed figure' },
    verdictWhy: {
      holds: (points: string) =>
        `The recomputed change goes the claimed way and is at least as large as claimed, within a tolerance of ${points} percentage points.`,
      fails: (points: string) =>
        `The recomputed change is smaller than claimed, beyond the tolerance of ${points} percentage points, or goes the other way.`,
      none: () => 'No figure was claimed: this is the recomputed change alone.',
    },
    valueIn: (period: string, daily: boolean) => (daily ? `a day in ${period}` : `in ${period}`),
    recomputed: 'recomputed change',
    claimedWas: (v: string) => `claimed: ${v}`,
    differenceLabel: (how: string) => `percentage points of difference: ${how}`,
    direction: {
      same: 'the same as claimed',
      smallerFall: 'a smaller fall than claimed',
      largerFall: 'a larger fall than claimed',
      smallerRise: 'a smaller rise than claimed',
      largerRise: 'a larger rise than claimed',
      opposite: 'the opposite direction to the claim',
    },
    incompleteFlag: (months: string, n: number) =>
      `Incomplete ${n > 1 ? 'months' : 'month'} used: ${months}. The release flags ${n > 1 ? 'them' : 'it'} as incomplete; later releases usually revise such months upward, so a fall may shrink.`,
    caveats: 'Caveats',
    sensTitle: 'Against other base periods',
    sensIntro: (margin: string) =>
      `The same change measured from other base periods. The figure depends on picking the base when one of them goes the other way, or differs from the stated base’s change by more than ${margin} percentage points (5 points, or a quarter of the change if that is larger).`,
    sensBase: 'Base',
    sensPeriod: 'Period',
    sensValue: (daily: boolean) => (daily ? 'Per day' : 'Per month'),
    sensChange: 'Change',
    sensDiff: 'Points vs stated base',
    sensVerdict: 'Verdict on the claimed figure',
    sensKinds: {
      stated: 'Stated base',
      'previous-3-months': '3 months before the base',
      'previous-12-months': '12 months before the base',
      'year-earlier': 'Same months a year earlier',
    },
    sensOutside: 'outside the data',
    sensDisagrees: { direction: 'goes the other way', size: 'differs materially' },
    sensSensitive: 'Depends on picking the base',
    sensSensitiveWhy:
      'At least one other base period disagrees materially with the stated one: the size or direction of the change depends on which base is picked.',
    sensRobust:
      'Every other base period gives the same direction and a similar size: the figure does not depend on picking the base.',
    sensVerdictFlip: 'The verdict on the claimed figure differs for at least one base.',
    nationalTitle: 'National overview',
    nationalIntro:
      'Victims (or persons) per day, month by month, across Mexico. Shaded: the two periods the claim compares.',
    legendIncomplete: 'incomplete month',
    legendClaim: 'periods compared',
    nationalAria: 'National victims per day by month and category',
    yearlyCaption:
      'National totals per calendar year. * Incomplete year: months missing or flagged incomplete by the release.',
    year: 'Year',
    releaseOf: (v: string) => `release ${v}`,
    reclTitle: 'Reclassification',
    reclIntro:
      'Could the fall be deaths recorded under another category? Over the same two periods, the change in intentional homicides is set against the categories a death could move into. All figures are victims (or persons) per day.',
    category: 'Category',
    perDayIn: (period: string) => `Per day, ${period}`,
    changePerDay: 'Change per day',
    relative: 'Relative change',
    offsetShare: 'Offset share',
    changeAria: 'Change in victims per day by category between the two periods',
    offset: (share: string, decline: string) =>
      `Rises elsewhere amount to ${share} of the fall in intentional homicides (${decline} a day): an upper bound of reclassification, since rises elsewhere can have other causes.`,
    offsetWhole: ' Taken together, they could account for the whole fall.',
    offsetNothing: 'Nothing rose elsewhere: no sign of reclassification into these categories.',
    offsetNoFall: 'Intentional homicides did not fall between these periods: there is no fall to offset.',
    missing: 'Not measured (not imported or outside their coverage)',
    byState: 'By state',
    byStateIntro: (perDay: string, rel: string) =>
      `States with a material fall (at least ${perDay} victims a day and ${rel}) come first, ranked by offset share; then the others by the size of their change. Offset shares of smaller falls are noise and are shown in grey.`,
    state: 'State',
    material: 'material fall',
    mapChange: (from: string, to: string) => `Intentional homicides per day, ${from} → ${to}`,
    mapChangeLegend: 'Relative change',
    mapOffset: 'Offset share, states with a material fall',
    mapOffsetLegend: 'Rises elsewhere / fall',
    statesTitle: 'State by state',
    statesIntro:
      'Intentional-homicide victims per day, month by month. Every panel has its own vertical scale: compare shapes, not heights. Shaded: the periods of the claim. Orange dashed lines: trend breaks, each with the average level in the 12 months before and after it.',
    stateAria: (name: string) => `${name}: intentional-homicide victims per day by month`,
    breakNote: (month: string, before: string, after: string) => `break ${month}: ${before} → ${after} a day`,
    breaksNote: (items: string) => `breaks ${items} a day`,
    claimNote: (change: string) => `claim periods: ${change}`,
    gapTitle: 'SESNSP and INEGI',
    gapIntro:
      'SESNSP counts victims in prosecutors’ investigation files; INEGI counts homicides on death certificates. INEGI usually counts more (certificates include homicides no investigation file records), so the ratio SESNSP/INEGI is usually below 1. A low ratio is not in itself a warning; what matters is a ratio that moves.',
    gapNational: 'National ratio by year (complete years both sources cover)',
    gapFiles: (sesnsp: string, inegi: string) => `Files: SESNSP ${sesnsp}; INEGI ${inegi}.`,
    gapYears: (years: string, stateFile: boolean) =>
      `Compared: ${years}, the years complete in both sources (12 months of every state, none flagged incomplete). ${stateFile ? 'INEGI: the state file, the one with state totals (the municipal file ends in 2019).' : 'INEGI: no state file is imported, so the municipal file is summed to states.'}`,
    gapPublishedCaption: 'INEGI’s state totals, summed, against INEGI’s published national totals',
    gapPublishedIntro:
      'The INEGI file used (the state file) sums to less than INEGI’s published national totals in most years: it is built from the death-certificate microdata by place and month of occurrence, and drops deaths where either is unknown. The ratio to the state-file sum therefore overstates SESNSP’s coverage by as much; the ratio to the published total is beside it.',
    stateSum: 'State-file sum',
    published: 'Published',
    shortBy: 'Short by',
    ratioPublished: 'SESNSP / published',
    gapAria: 'Ratio of SESNSP victims to INEGI homicides by year: states as grey dots, the nation as a line',
    gapChartNote:
      'Each grey dot is a state in a year; the line is the national ratio; red dots are the flagged state-years.',
    ratio: 'Ratio',
    gapFlags: (t: number) =>
      `State-years whose ratio moved unusually: the year-on-year change in the log ratio is more than ${t} robust standard deviations from the median change of all states`,
    ratioMove: 'Ratio, year before → year',
    noFlags: 'No state-year moved beyond the threshold.',
    revTitle: 'Revisions between releases',
    revIntro:
      'SESNSP publishes every month and revises months it has already published, as investigation files are opened late and victims reclassified. Later releases mostly revise recent months: the latest figures are provisional.',
    revFiles: (a: string, b: string) =>
      `Files: ${a} → ${b}. Releases read from different compilations can also differ for that reason.`,
    revPair: (from: string, to: string) => `Release ${from} → release ${to}`,
    revSummary: (cells: string, net: string) => `${cells} state-months revised; net change ${net} victims.`,
    revRecent: (n: string, release: string) => `${n} of them in the 12 months up to the ${release} release.`,
    revTopStates: 'States with the largest net revision',
    monthsRevised: 'Months revised',
    netChange: 'Net change',
    largest: 'Largest change (month)',
    revTopMonths: 'Months with the largest national net revision:',
    revNone: 'Only one release of the series is imported: nothing to compare.',
    breaksTitle: 'Trend breaks',
    breaksIntro: (t: number, h: number) =>
      `A trend break is a month where the level or the slope of a series changes. Each place’s series of intentional-homicide victims per day (in logs, with month-of-year effects common to all segments) is cut into straight-trend segments of at least ${h} months: for every number of breaks, the best of all possible cuts (Bai–Perron); the number of breaks is the one the Bayesian information criterion (BIC) prefers, each break having to lower it by more than ${t}. A place can have several breaks. ΔBIC: how much the BIC would rise without that break. The interval is the 95% likelihood-ratio range of the month; + marks one that reaches the nearest month a break could be (a minimum segment from another break or the end of the data), and could be wider.`,
    breaksOrder:
      'Grouped by place, each place’s breaks by month; the nation first, then the places with the strongest breaks.',
    interval: '95% interval',
    incompleteAfter: '* the 12 months after include months the release flags as incomplete.',
    breaksAll: 'Every break, by place',
    breaksNone: (places: string) => `No break: ${places}.`,
    place: 'Place',
    month: 'Month',
    levelShift: 'Level shift',
    trendBefore: 'Trend before, per year',
    trendAfter: 'Trend after, per year',
    perDayBeforeAfter: 'Per day, 12 months before → after',
    noneFound: 'None found.',
    more: (n: string) => `${n} more in the full output: atalaya audit report --json.`,
    sharesTitle: 'Share jumps',
    sharesIntro:
      'Months in which a category’s share of violent deaths (intentional homicide, feminicide, negligent homicide, other crimes against life) jumps and stays. A lasting shift between categories is what a change in how deaths are classified would look like: a place to look, not proof.',
    shareMove: 'Share, previous 12 months → month',
    methodsTitle: 'Methods and sources',
    methods: (m: { perDay: string; rel: string }) => [
      'Claim: the claimed change is recomputed on the stated basis, by default victims per day in each period so that months of different length compare fairly. It holds if it goes the claimed way and is at least as large as claimed, less a tolerance (2 percentage points by default). Base sensitivity: the same change against the 3 and the 12 months before the stated base and against the same months a year earlier; the figure depends on picking the base when one goes the other way (both beyond the tolerance) or differs by more than 5 percentage points or a quarter of the stated change, whichever is larger.',
      `Reclassification: offset share = sum of the increases in feminicide, negligent homicide, other crimes against life and bodily integrity, persons disappeared and not located, and persons located dead, divided by the fall in intentional homicides; an upper bound of reclassification, because rises elsewhere can have other causes. A fall is material from ${m.perDay} victims a day and ${m.rel}.`,
      `Source gap: ratio of SESNSP victims to INEGI homicides by state and year, over the years complete in both (12 months of every state, none flagged incomplete), INEGI from its state file; a year-on-year change of the log ratio is flagged when its robust z-score (distance from the median in units of 1.4826 × the median absolute deviation, MAD) exceeds ${GAP_THRESHOLD} in absolute value. The state file’s national sums are compared with INEGI’s published national totals.`,
      'Revisions: every state-month that changed between two consecutive releases of the series.',
    ],
    breaksMethod: (t: number, h: number) =>
      `Trend breaks: ln(1 + victims per day) in segments of at least ${h} months, each with its own level and yearly trend, with month-of-year effects common to all segments (partial structural change); for each number of breaks m the segmentation with the smallest sum of squared residuals over all possible ones, by dynamic programming alternated with the joint fit of the month effects; m minimises BIC_m + ${t} m, BIC_m = n ln(SSR_m/n) + (2(m + 1) + 11) ln n, so that each break lowers the BIC by more than ${t}, “very strong” on the scale of`,
    breaksMethodTail:
      '. Interval of a break month: the months whose likelihood ratio stays below 7.35 (95%), scaled by (1 + ρ)/(1 − ρ) for the residuals’ lag-1 autocorrelation ρ, after',
    breaksMethodTail2: '. BIC selection of breaks follows',
    and: 'and',
    sharesMethod:
      'Share jumps: a category’s monthly share of the four SESNSP violent-death categories is more than 4 robust standard deviations (1.4826 × MAD) and more than 2 percentage points from the median of the previous 12 months, and the median of that month and the next two is shifted the same way; only the first month of a run is reported. Incomplete months are left out of breaks and share jumps.',
    sourcesTitle: 'Sources',
    sources: {
      sesnsp:
        'SESNSP (Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública), victims of crimes recorded in investigation files (víctimas del fuero común)',
      inegi: 'INEGI, deaths by homicide from death certificates (defunciones por homicidio)',
      rnpdno:
        'RNPDNO (Registro Nacional de Personas Desaparecidas y No Localizadas), persons not located and persons located dead',
    },
    releases: 'releases',
    skippedTitle: 'Parts left out',
    json: 'Every number of this audit, including the rows not shown here:',
    generated: (date: string) => `Generated by Atalaya on ${date}.`,
    notAvailable: 'Not available for this audit (see “Parts left out” below).',
  },
  es: {
    title: '¿Se sostienen las cifras oficiales?',
    subtitle: 'Auditoría de las cifras de violencia del crimen organizado en México: SESNSP, INEGI y RNPDNO',
    nav: 'Contenido',
    howTitle: 'Cómo leer este informe',
    how: 'Una afirmación oficial sobre la violencia se recalcula con los datos oficiales y se contrasta con lo que podría distorsionarla: muertes registradas en otras categorías, la brecha con los certificados de defunción, las revisiones entre publicaciones y los quiebres de tendencia. Los meses que una publicación marca como incompletos (por revisar) llevan la marca «incompleto» en las tablas y se dibujan como puntos huecos sobre una línea punteada en las gráficas.',
    release: 'Publicación de los datos',
    national: 'Nacional',
    nationalLower: 'nacional',
    aDay: 'al día',
    incomplete: 'incompleto',
    unit: (u: string) => (u === 'victims' ? 'víctimas' : u === 'persons' ? 'personas' : u),
    claimTitle: 'La afirmación',
    measureDaily: (unit: string) => `${unit} por día`,
    measureTotal: (unit: string) => `${unit}, totales mensuales`,
    yearOnYear: ' (respecto al mismo periodo del año anterior)',
    claimText: (what: string, place: string, change: string, from: string, to: string) =>
      `${what}, ${place}: se afirmó ${change} de ${from} a ${to}`,
    claimNoFigure: (what: string, place: string, from: string, to: string) =>
      `${what}, ${place}: cambio de ${from} a ${to}`,
    verdict: { holds: 'Se sostiene', fails: 'No se sostiene', none: 'Sin cifra afirmada' },
    verdictWhy: {
      holds: (points: string) =>
        `El cambio recalculado va en la dirección afirmada y es al menos tan grande como lo afirmado, dentro de una tolerancia de ${points} puntos porcentuales.`,
      fails: (points: string) =>
        `El cambio recalculado es menor que lo afirmado, más allá de la tolerancia de ${points} puntos porcentuales, o va en la dirección contraria.`,
      none: () => 'No se afirmó ninguna cifra: este es solo el cambio recalculado.',
    },
    valueIn: (period: string, daily: boolean) => (daily ? `al día en ${period}` : `en ${period}`),
    recomputed: 'cambio recalculado',
    claimedWas: (v: string) => `afirmado: ${v}`,
    differenceLabel: (how: string) => `puntos porcentuales de diferencia: ${how}`,
    direction: {
      same: 'igual a lo afirmado',
      smallerFall: 'una baja menor que la afirmada',
      largerFall: 'una baja mayor que la afirmada',
      smallerRise: 'un alza menor que la afirmada',
      largerRise: 'un alza mayor que la afirmada',
      opposite: 'la dirección contraria a la afirmada',
    },
    incompleteFlag: (months: string, n: number) =>
      `${n > 1 ? 'Meses incompletos usados' : 'Mes incompleto usado'}: ${months}. La publicación ${n > 1 ? 'los marca como incompletos' : 'lo marca como incompleto'}; las publicaciones posteriores suelen revisar esos meses al alza, así que una baja puede reducirse.`,
    caveats: 'Advertencias',
    sensTitle: 'Frente a otros periodos base',
    sensIntro: (margin: string) =>
      `El mismo cambio medido desde otros periodos base. La cifra depende de la base elegida cuando alguno va en sentido contrario o se aleja del cambio con la base declarada en más de ${margin} puntos porcentuales (5 puntos, o la cuarta parte del cambio si es mayor).`,
    sensBase: 'Base',
    sensPeriod: 'Periodo',
    sensValue: (daily: boolean) => (daily ? 'Por día' : 'Por mes'),
    sensChange: 'Cambio',
    sensDiff: 'Puntos frente a la base declarada',
    sensVerdict: 'Veredicto sobre la cifra afirmada',
    sensKinds: {
      stated: 'Base declarada',
      'previous-3-months': '3 meses antes de la base',
      'previous-12-months': '12 meses antes de la base',
      'year-earlier': 'Mismos meses un año antes',
    },
    sensOutside: 'fuera de los datos',
    sensDisagrees: { direction: 'va en sentido contrario', size: 'difiere sustancialmente' },
    sensSensitive: 'Depende de la base elegida',
    sensSensitiveWhy:
      'Al menos otro periodo base difiere sustancialmente del declarado: el tamaño o la dirección del cambio dependen de la base que se elija.',
    sensRobust:
      'Todos los demás periodos base dan la misma dirección y un tamaño parecido: la cifra no depende de la base elegida.',
    sensVerdictFlip: 'El veredicto sobre la cifra afirmada cambia con al menos una base.',
    nationalTitle: 'Panorama nacional',
    nationalIntro:
      'Víctimas (o personas) por día, mes a mes, en todo México. Sombreado: los dos periodos que compara la afirmación.',
    legendIncomplete: 'mes incompleto',
    legendClaim: 'periodos comparados',
    nationalAria: 'Víctimas por día a nivel nacional, por mes y categoría',
    yearlyCaption:
      'Totales nacionales por año calendario. * Año incompleto: meses faltantes o marcados como incompletos por la publicación.',
    year: 'Año',
    releaseOf: (v: string) => `publicación ${v}`,
    reclTitle: 'Reclasificación',
    reclIntro:
      '¿Podría la baja deberse a muertes registradas en otra categoría? En los mismos dos periodos, el cambio en homicidios dolosos se contrasta con las categorías a las que podría pasar una muerte. Todas las cifras son víctimas (o personas) por día.',
    category: 'Categoría',
    perDayIn: (period: string) => `Por día, ${period}`,
    changePerDay: 'Cambio por día',
    relative: 'Cambio relativo',
    offsetShare: 'Proporción compensada',
    changeAria: 'Cambio en víctimas por día por categoría entre los dos periodos',
    offset: (share: string, decline: string) =>
      `Las alzas en otras categorías equivalen al ${share} de la baja en homicidios dolosos (${decline} al día): una cota superior de la reclasificación, pues esas alzas pueden tener otras causas.`,
    offsetWhole: ' En conjunto, podrían explicar toda la baja.',
    offsetNothing: 'Nada subió en otras categorías: no hay señal de reclasificación hacia ellas.',
    offsetNoFall: 'Los homicidios dolosos no bajaron entre estos periodos: no hay baja que compensar.',
    missing: 'Sin medir (no importadas o fuera de su cobertura)',
    byState: 'Por estado',
    byStateIntro: (perDay: string, rel: string) =>
      `Primero los estados con una baja sustancial (al menos ${perDay} víctimas al día y ${rel}), ordenados por proporción compensada; después los demás, por el tamaño de su cambio. La proporción compensada de bajas menores es ruido y se muestra en gris.`,
    state: 'Estado',
    material: 'baja sustancial',
    mapChange: (from: string, to: string) => `Homicidios dolosos por día, ${from} → ${to}`,
    mapChangeLegend: 'Cambio relativo',
    mapOffset: 'Proporción compensada, estados con una baja sustancial',
    mapOffsetLegend: 'Alzas en otras categorías / baja',
    statesTitle: 'Estado por estado',
    statesIntro:
      'Víctimas de homicidio doloso por día, mes a mes. Cada panel tiene su propia escala vertical: compare formas, no alturas. Sombreado: los periodos de la afirmación. Líneas punteadas naranjas: quiebres de tendencia, cada uno con el nivel promedio de los 12 meses anteriores y posteriores.',
    stateAria: (name: string) => `${name}: víctimas de homicidio doloso por día, por mes`,
    breakNote: (month: string, before: string, after: string) =>
      `quiebre ${month}: ${before} → ${after} al día`,
    breaksNote: (items: string) => `quiebres ${items} al día`,
    claimNote: (change: string) => `periodos de la afirmación: ${change}`,
    gapTitle: 'SESNSP e INEGI',
    gapIntro:
      'El SESNSP cuenta víctimas en las carpetas de investigación de las fiscalías; el INEGI cuenta homicidios en los certificados de defunción. El INEGI suele contar más (los certificados incluyen homicidios que ninguna carpeta registra), así que la razón SESNSP/INEGI suele ser menor que 1. Una razón baja no es por sí misma una alerta; lo que importa es una razón que se mueve.',
    gapNational: 'Razón nacional por año (años completos que cubren ambas fuentes)',
    gapFiles: (sesnsp: string, inegi: string) => `Archivos: SESNSP ${sesnsp}; INEGI ${inegi}.`,
    gapYears: (years: string, stateFile: boolean) =>
      `Se comparan: ${years}, los años completos en ambas fuentes (12 meses de cada estado, ninguno marcado como incompleto). ${stateFile ? 'INEGI: el archivo estatal, el que tiene totales por estado (el archivo municipal termina en 2019).' : 'INEGI: no hay archivo estatal importado, así que se suma el archivo municipal por estado.'}`,
    gapPublishedCaption:
      'Los totales estatales del INEGI, sumados, frente a los totales nacionales publicados por el INEGI',
    gapPublishedIntro:
      'El archivo del INEGI usado (el estatal) suma menos que los totales nacionales publicados por el INEGI en la mayoría de los años: se construye con los microdatos de los certificados de defunción por lugar y mes de ocurrencia, y omite las muertes en que falta alguno de los dos. Por eso la razón frente a la suma del archivo estatal exagera la cobertura del SESNSP en la misma medida; al lado va la razón frente al total publicado.',
    stateSum: 'Suma del archivo estatal',
    published: 'Publicado',
    shortBy: 'Faltante',
    ratioPublished: 'SESNSP / publicado',
    gapAria:
      'Razón entre víctimas del SESNSP y homicidios del INEGI por año: estados en gris, la nación como línea',
    gapChartNote:
      'Cada punto gris es un estado en un año; la línea es la razón nacional; los puntos rojos son los estados-año señalados.',
    ratio: 'Razón',
    gapFlags: (t: number) =>
      `Estados-año cuya razón se movió de forma inusual: el cambio anual del logaritmo de la razón se aleja más de ${t} desviaciones estándar robustas de la mediana de los cambios de todos los estados`,
    ratioMove: 'Razón, año anterior → año',
    noFlags: 'Ningún estado-año se movió más allá del umbral.',
    revTitle: 'Revisiones entre publicaciones',
    revIntro:
      'El SESNSP publica cada mes y revisa meses ya publicados, porque hay carpetas de investigación que se abren tarde y víctimas que se reclasifican. Las publicaciones posteriores revisan sobre todo los meses recientes: las cifras más nuevas son provisionales.',
    revFiles: (a: string, b: string) =>
      `Archivos: ${a} → ${b}. Publicaciones leídas de compilaciones distintas también pueden diferir por eso.`,
    revPair: (from: string, to: string) => `Publicación ${from} → publicación ${to}`,
    revSummary: (cells: string, net: string) =>
      `${cells} meses-estado revisados; cambio neto de ${net} víctimas.`,
    revRecent: (n: string, release: string) =>
      `${n} de ellos en los 12 meses hasta la publicación de ${release}.`,
    revTopStates: 'Estados con la mayor revisión neta',
    monthsRevised: 'Meses revisados',
    netChange: 'Cambio neto',
    largest: 'Mayor cambio (mes)',
    revTopMonths: 'Meses con la mayor revisión neta nacional:',
    revNone: 'Solo hay una publicación importada de la serie: no hay nada que comparar.',
    breaksTitle: 'Quiebres de tendencia',
    breaksIntro: (t: number, h: number) =>
      `Un quiebre de tendencia es un mes en el que cambia el nivel o la pendiente de una serie. La serie de víctimas de homicidio doloso por día de cada lugar (en logaritmos, con efectos de mes del año comunes a todos los segmentos) se divide en segmentos de tendencia recta de al menos ${h} meses: para cada número de quiebres, el mejor de todos los cortes posibles (Bai–Perron); el número de quiebres es el que prefiere el criterio de información bayesiano (BIC), y cada quiebre debe reducirlo en más de ${t}. Un lugar puede tener varios quiebres. ΔBIC: cuánto subiría el BIC sin ese quiebre. El intervalo es el rango de razón de verosimilitud al 95% para el mes; + marca uno que llega al mes más cercano en que podría haber un quiebre (a un segmento mínimo de otro quiebre o del final de los datos), y podría ser más amplio.`,
    breaksOrder:
      'Agrupados por lugar, los quiebres de cada lugar por mes; primero la nación, luego los lugares con los quiebres más fuertes.',
    interval: 'Intervalo al 95%',
    incompleteAfter: '* los 12 meses posteriores incluyen meses que la publicación marca como incompletos.',
    breaksAll: 'Todos los quiebres, por lugar',
    breaksNone: (places: string) => `Sin quiebre: ${places}.`,
    place: 'Lugar',
    month: 'Mes',
    levelShift: 'Salto de nivel',
    trendBefore: 'Tendencia antes, por año',
    trendAfter: 'Tendencia después, por año',
    perDayBeforeAfter: 'Por día, 12 meses antes → después',
    noneFound: 'No se encontró ninguno.',
    more: (n: string) => `${n} más en la salida completa: atalaya audit report --json.`,
    sharesTitle: 'Saltos de proporción',
    sharesIntro:
      'Meses en los que la proporción de una categoría entre las muertes violentas (homicidio doloso, feminicidio, homicidio culposo, otros delitos contra la vida) salta y se mantiene. Un cambio duradero entre categorías es lo que produciría un cambio en la forma de clasificar las muertes: un lugar donde mirar, no una prueba.',
    shareMove: 'Proporción, 12 meses previos → mes',
    methodsTitle: 'Métodos y fuentes',
    methods: (m: { perDay: string; rel: string }) => [
      'Afirmación: el cambio afirmado se recalcula con la base indicada, por omisión víctimas por día en cada periodo, para comparar con justicia meses de distinta duración. Se sostiene si va en la dirección afirmada y es al menos tan grande como lo afirmado, menos una tolerancia (2 puntos porcentuales por omisión). Sensibilidad a la base: el mismo cambio frente a los 3 y los 12 meses previos a la base declarada y frente a los mismos meses un año antes; la cifra depende de la base elegida cuando alguno va en sentido contrario (ambos más allá de la tolerancia) o difiere en más de 5 puntos porcentuales o la cuarta parte del cambio declarado, lo que sea mayor.',
      `Reclasificación: proporción compensada = suma de los aumentos en feminicidio, homicidio culposo, otros delitos contra la vida y la integridad corporal, personas desaparecidas no localizadas y personas localizadas sin vida, dividida entre la baja en homicidios dolosos; es una cota superior de la reclasificación, porque esas alzas pueden tener otras causas. Una baja es sustancial desde ${m.perDay} víctimas al día y ${m.rel}.`,
      `Brecha entre fuentes: razón entre víctimas del SESNSP y homicidios del INEGI por estado y año, en los años completos en ambas (12 meses de cada estado, ninguno marcado como incompleto), el INEGI de su archivo estatal; un cambio anual del logaritmo de la razón se señala cuando su puntaje z robusto (distancia a la mediana en unidades de 1.4826 × la mediana de las desviaciones absolutas, MAD) supera ${GAP_THRESHOLD} en valor absoluto. Las sumas nacionales del archivo estatal se comparan con los totales nacionales publicados por el INEGI.`,
      'Revisiones: cada mes-estado que cambió entre dos publicaciones consecutivas de la serie.',
    ],
    breaksMethod: (t: number, h: number) =>
      `Quiebres de tendencia: ln(1 + víctimas por día) en segmentos de al menos ${h} meses, cada uno con su propio nivel y tendencia anual, con efectos de mes del año comunes a todos los segmentos (cambio estructural parcial); para cada número de quiebres m, la segmentación con la menor suma de residuos al cuadrado entre todas las posibles, por programación dinámica alternada con el ajuste conjunto de los efectos de mes; m minimiza BIC_m + ${t} m, BIC_m = n ln(SSR_m/n) + (2(m + 1) + 11) ln n, de modo que cada quiebre reduce el BIC en más de ${t}, evidencia «muy fuerte» en la escala de`,
    breaksMethodTail:
      '. Intervalo del mes de un quiebre: los meses cuya razón de verosimilitud queda por debajo de 7.35 (95%), escalada por (1 + ρ)/(1 − ρ) según la autocorrelación de orden 1 de los residuos ρ, según',
    breaksMethodTail2: '. La selección de quiebres por BIC sigue a',
    and: 'y',
    sharesMethod:
      'Saltos de proporción: la proporción mensual de una categoría entre las cuatro categorías de muerte violenta del SESNSP se aleja más de 4 desviaciones estándar robustas (1.4826 × MAD) y más de 2 puntos porcentuales de la mediana de los 12 meses previos, y la mediana de ese mes y los dos siguientes se desplaza en el mismo sentido; solo se informa el primer mes de cada racha. Los meses incompletos se excluyen de los quiebres y de los saltos de proporción.',
    sourcesTitle: 'Fuentes',
    sources: {
      sesnsp:
        'SESNSP (Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública), víctimas de delitos del fuero común registradas en carpetas de investigación',
      inegi: 'INEGI, defunciones por homicidio según certificados de defunción',
      rnpdno:
        'RNPDNO (Registro Nacional de Personas Desaparecidas y No Localizadas), personas no localizadas y personas localizadas sin vida',
    },
    releases: 'publicaciones',
    skippedTitle: 'Partes omitidas',
    json: 'Todas las cifras de esta auditoría, incluidas las filas que no se muestran aquí:',
    generated: (date: string) => `Generado por Atalaya el ${date}.`,
    notAvailable: 'No disponible en esta auditoría (véase «Partes omitidas» más abajo).',
  },
} as const;

export type Text = (typeof TEXT)['en' | 'es'];
