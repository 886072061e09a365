/**
 * `npm run clu:export [-- <output.json>] [--project <name>]`: writes the Azure CLU Conversation
 * project (intents, entities, utterances from locales/es-CR/nlu) for Language Studio's
 * "Import" or the authoring API's `:import`. Default output: dist/clu/improbank-clu-project.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildCluProject } from '../adapters/clu/clu-project';
import { loadConfig } from '../config';
import { loadUtterances } from '../nlu/training-data';
import { DEMO_CATALOG } from '../seed/catalog.data';

const DEFAULT_OUTPUT = 'dist/clu/improbank-clu-project.json';
const DEFAULT_PROJECT = 'improbank-billpay';
const NLU_DIR = join(__dirname, '..', '..', 'locales', 'es-CR', 'nlu');

function parseArgs(argv: readonly string[]): { output: string; project: string | undefined } {
  let output = DEFAULT_OUTPUT;
  let project: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--project') {
      project = argv[++i];
      if (project === undefined || project === '') throw new Error('--project needs a name');
    } else if (arg !== undefined && !arg.startsWith('--')) {
      output = arg;
    } else {
      throw new Error(`unknown option ${String(arg)}; usage: clu-export [output.json] [--project NAME]`);
    }
  }
  return { output, project };
}

function run(): void {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig(process.env);
  const projectName = args.project ?? (config.clu.kind === 'azure' ? config.clu.project : DEFAULT_PROJECT);
  const project = buildCluProject({
    projectName,
    catalog: DEMO_CATALOG,
    train: loadUtterances(join(NLU_DIR, 'train')),
    test: loadUtterances(join(NLU_DIR, 'dev')),
  });
  const output = resolve(args.output);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(project, null, 2)}\n`, 'utf8');
  const { intents, entities, utterances } = project.assets;
  const train = utterances.filter((u) => u.dataset === 'Train').length;
  console.log(
    `Wrote ${output}: project ${projectName}, ${intents.length} intents, ${entities.length} entities, ` +
      `${train} training and ${utterances.length - train} test utterances.`,
  );
}

try {
  run();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
