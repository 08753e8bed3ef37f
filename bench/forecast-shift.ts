/**
 * How the shift c in log(x + c) of the forecast's predictors was chosen (src/forecast/features.ts,
 * FEATURE_SHIFT): the negative binomial regression for horizon 1 is fitted on the same training rows
 * with each c, and the training log-likelihoods compared (the outcomes are the same rows, so they are
 * comparable). Reads the imported cache (ATALAYA_HOME or ~/.cache/atalaya; run `atalaya data import`).
 *
 *   npx tsx bench/forecast-shift.ts [--as-of 2018-12] [--series inegi.homicides]
 */
import { parseArgs } from 'node:util';
import { atalayaHome } from '../src/data/locate.js';
import { readPanel } from '../src/data/panel/cache.js';
import { monthOf, prepareData } from '../src/forecast/data.js';
import { featureBase, P, STRATA, trainingDesign } from '../src/forecast/features.js';
import { trainingOrigins } from '../src/forecast/models.js';
import { fitNegBin } from '../src/forecast/negbin.js';

const { values } = parseArgs({
  options: {
    'as-of': { type: 'string', default: '2018-12' },
    series: { type: 'string', default: 'inegi.homicides' },
  },
});
const { panel } = readPanel(atalayaHome());
const data = prepareData(panel, { series: values.series!, asOf: values['as-of'] });
const [first, last] = trainingOrigins(data, 1, 60);
console.log(
  `${values.series}, horizon 1, origins ${monthOf(data, first)}..${monthOf(data, last)}, ${data.areas.length} areas`,
);
console.log('c        log-likelihood   dispersion of the top stratum');
for (const c of [1, 0.5, 0.25, 0.1, 0.05, 0.03, 0.02, 0.01]) {
  const design = trainingDesign(featureBase(data, c), 1, first, last);
  const fit = fitNegBin(design.X, design.y, P, { strata: { index: design.strata, count: STRATA } });
  console.log(
    `${String(c).padEnd(8)} ${fit.logLik.toFixed(0).padStart(14)}   ${fit.alphas[STRATA - 1].toFixed(3)}`,
  );
}
