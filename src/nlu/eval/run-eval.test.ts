import { join } from 'node:path';

import { DEMO_CATALOG } from '../../seed/catalog.data';
import { NLU_DIR } from '../intent/training-input';
import { loadUtterances } from '../training-data';
import { renderReport } from './report';
import { runEvaluation } from './run-eval';

describe('runEvaluation (what npm run nlu:eval prints)', () => {
  it('when run on the real training source and dev set then every section is measured and rendered', async () => {
    const report = await runEvaluation({ catalog: DEMO_CATALOG, compareNlpJs: false, seeds: 0 });
    expect(report.devSize).toBe(loadUtterances(join(NLU_DIR, 'dev')).length);
    expect(report.intent.accuracy).toBeGreaterThan(0);
    expect(report.intent.perIntent).toHaveLength(17);
    expect(report.entities.map((e) => e.type)).toEqual(expect.arrayContaining(['amount', 'company']));
    expect(report.yesNo.total).toBeGreaterThanOrEqual(60);
    expect(report.classifiers.length).toBeGreaterThanOrEqual(2);
    const md = renderReport(report);
    expect(md).toContain('## NLU evaluation');
    expect(md).toContain('### Entities');
  });
});
