/**
 * Answers to "¿Confirma el pago?" as customers type them: the yes/no check of `npm run nlu:eval`.
 * Base forms are written out; each also appears capitalised, shouted, stretched or punctuated the
 * way phones and people do it.
 */
import type { IntentName } from '../../domain/intents';

export interface YesNoVariant {
  readonly text: string;
  readonly intent: Extract<IntentName, 'affirm' | 'deny'>;
}

const AFFIRM = [
  'si', 'sí', 'SII', 'siii', 'Sí señor', 'sí, claro', 'dale', 'Dale pues', 'de una', 'claro', 'claro que sí', 'por supuesto',
  'ok', 'okay', 'OK', 'okey', 'va', 'listo', 'correcto', 'afirmativo', 'exacto', 'perfecto', 'de acuerdo', 'está bien',
  'hágale', 'jale', 'sí, por favor', 'sip', 'confirmo', 'adelante',
];

const DENY = [
  'no', 'NO', 'nop', 'nope', 'nel', 'negativo', 'no gracias', 'No, gracias', 'mejor no', 'para nada', 'noo', 'nooo',
  'no señor', 'todavía no', 'ahorita no', 'ni loco', 'no quiero', 'tampoco', 'jamás', 'nunca', 'nah', 'no no',
  'de momento no', 'no por ahora', 'claro que no', 'no, no quiero', 'incorrecto', 'no es correcto',
];

/** The decorations customers add; each base form gets a few of them, deterministically. */
const DECORATIONS: readonly ((s: string) => string)[] = [
  (s) => s,
  (s) => `${s}!`,
  (s) => s.toUpperCase(),
  (s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`,
  (s) => `${s} 👍`,
  (s) => `  ${s}  `,
  (s) => `¡${s}!`,
  (s) => s.normalize('NFD').replace(/\p{M}/gu, ''),
];

function variantsOf(forms: readonly string[], intent: YesNoVariant['intent']): YesNoVariant[] {
  const out = new Map<string, YesNoVariant>();
  forms.forEach((form, i) => {
    out.set(form, { text: form, intent });
    // Two decorations per form, rotating, so every decoration is used across the list.
    for (let k = 0; k < 2; k++) {
      const decorate = DECORATIONS[1 + ((i * 2 + k) % (DECORATIONS.length - 1))] ?? ((s: string) => s);
      const text = decorate(form);
      out.set(text, { text, intent });
    }
  });
  return [...out.values()];
}

export const YES_NO_VARIANTS: readonly YesNoVariant[] = [...variantsOf(AFFIRM, 'affirm'), ...variantsOf(DENY, 'deny')];
