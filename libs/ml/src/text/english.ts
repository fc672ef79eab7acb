import type Nlp from 'compromise';
import type WinkNLP from 'wink-nlp';
import type { ItemEntity } from 'wink-nlp';
import type WinkModel from 'wink-eng-lite-web-model';
import { defaultOf, lazyModule } from '../lazy-module';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions } from '../backend';
import { locate, settleSpans, trimSpan, type FoundSpan } from './spans';

/** The classes the English entity model returns. */
export const ENGLISH_ENTITY_CLASSES = ['person', 'place', 'organization', 'date', 'money', 'email', 'url'] as const;

/**
 * How sure each finder is: wink-nlp's patterns for dates, money, e-mail
 * addresses and URLs rarely fire wrongly; compromise's people, places and
 * organisations come from a lexicon and word shapes, and do more often.
 */
const SCORES: Record<string, number> = { person: 0.8, place: 0.75, organization: 0.75, date: 0.9, money: 0.9, email: 0.97, url: 0.97 };
const WINK_TYPES: Record<string, string> = { DATE: 'date', MONEY: 'money', EMAIL: 'email', URL: 'url' };

type Wink = ReturnType<typeof WinkNLP>;

const compromise = lazyModule<unknown>('compromise');
const winkNlp = lazyModule<unknown>('wink-nlp');
const winkModel = lazyModule<unknown>('wink-eng-lite-web-model');

/**
 * English entities, offline: `compromise` for people, places and
 * organisations, and `wink-nlp` with its English lite model (both ship their
 * lexicons inside their npm packages) for dates, money, e-mail addresses and
 * URLs. Spans are UTF-16 offsets into the document, as the span contract counts.
 */
export class EnglishEntities implements ModelBackend {
  readonly kind = 'ner-en';
  readonly media = 'text' as const;
  private wink: Wink | null = null;

  async classes(): Promise<string[]> {
    return [...ENGLISH_ENTITY_CLASSES];
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    if (input.media !== 'text') throw new Error(`ner-en reads text, not ${input.media}`);
    return settleSpans(this.find(input.text), options);
  }

  /** Every entity found, before overlaps are settled. */
  find(text: string): FoundSpan[] {
    const found: FoundSpan[] = [];
    const doc = defaultOf<typeof Nlp>(compromise())(text);
    const take = (modelClass: string, list: { offset?: { start: number; length: number } }[]) => {
      for (const m of list) {
        if (!m.offset) continue;
        const [start, end] = trimSpan(text, m.offset.start, m.offset.start + m.offset.length);
        if (end > start) found.push({ start, end, modelClass, score: SCORES[modelClass] });
      }
    };
    take('person', doc.people().json({ offset: true }) as { offset: { start: number; length: number } }[]);
    take('place', doc.places().json({ offset: true }) as { offset: { start: number; length: number } }[]);
    take('organization', doc.organizations().json({ offset: true }) as { offset: { start: number; length: number } }[]);

    this.wink ??= defaultOf<typeof WinkNLP>(winkNlp())(defaultOf<typeof WinkModel>(winkModel()));
    const its = this.wink.its;
    const wdoc = this.wink.readDoc(text);
    const tokens = wdoc.tokens().out(its.value) as string[];
    const at = locate(text, tokens);
    wdoc.entities().each((e: ItemEntity) => {
      const modelClass = WINK_TYPES[e.out(its.type) as string];
      if (!modelClass) return;
      const [first, last] = e.out(its.span) as unknown as [number, number];
      const start = at[first];
      const end = at[last] >= 0 ? at[last] + tokens[last].length : -1;
      if (start < 0 || end <= start) return;
      const [s, t] = trimSpan(text, start, end);
      if (t > s) found.push({ start: s, end: t, modelClass, score: SCORES[modelClass] });
    });
    return found;
  }
}
