/**
 * The part of NLP.js (@nlpjs/nlp, @nlpjs/lang-es; no TypeScript types of their own) that the
 * comparison classifier uses. Only what is called is declared.
 */
declare module '@nlpjs/nlp' {
  export interface NlpClassification {
    readonly intent: string;
    readonly score: number;
  }
  export interface NlpResult {
    readonly intent: string;
    readonly score: number;
    readonly classifications?: readonly NlpClassification[];
  }
  export interface NlpSettings {
    readonly languages?: readonly string[];
    readonly autoSave?: boolean;
    readonly autoLoad?: boolean;
    readonly threshold?: number;
    readonly calculateSentiment?: boolean;
    readonly nlu?: { readonly log?: boolean };
  }
  export class Nlp {
    constructor(settings?: NlpSettings);
    use(plugin: unknown): void;
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
}

declare module '@nlpjs/lang-es' {
  export const LangEs: unknown;
}
