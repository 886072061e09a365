import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ES_CR } from './messages';

const ROOT = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

const code = [...sourceFiles(path.join(ROOT, 'dialogs')), ...sourceFiles(path.join(ROOT, 'src'))].map((f) => readFileSync(f, 'utf8')).join('\n');
const localeFiles = readdirSync(path.join(ROOT, 'locales', 'es-CR')).filter((f) => f.endsWith('.json'));
const areas = new Set(Object.keys(ES_CR).map((k) => k.split('.')[0]));

describe('the es-CR message catalog', () => {
  it('when every locale file is loaded then each is part of the catalog (none forgotten in messages.ts)', () => {
    for (const file of localeFiles) {
      const keys = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'locales', 'es-CR', file), 'utf8')) as Record<string, string>);
      for (const key of keys) expect(ES_CR).toHaveProperty([key]);
    }
  });

  it('when the code is searched then every catalog key is used somewhere (no dead sentences)', () => {
    const unused = Object.keys(ES_CR).filter((key) => !code.includes(`'${key}'`) && !code.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it('when a machine names a key then the key exists (also enforced by the type checker)', () => {
    const named = [...code.matchAll(/['"]([a-z][A-Za-z]+\.[a-z][A-Za-z0-9]+)['"]/g)].map((m) => m[1] ?? '').filter((k) => areas.has(k.split('.')[0]));
    expect(named.filter((k) => !(k in ES_CR))).toEqual([]);
  });

  it('when sentences are checked then they use "usted", never "vos" or "tú" forms, and fit a phone screen', () => {
    for (const [key, text] of Object.entries(ES_CR)) {
      expect([key, /\b(vos|tú|tienes|quieres|puedes|querés|podés|tenés)\b/i.test(text)]).toEqual([key, false]);
      expect([key, text.length <= 600]).toEqual([key, true]);
    }
  });
});
