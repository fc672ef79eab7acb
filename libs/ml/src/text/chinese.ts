import type * as JiebaModule from '@node-rs/jieba';
import type { Jieba } from '@node-rs/jieba';
import type * as JiebaDict from '@node-rs/jieba/dict';
import { lazyModule } from '../lazy-module';
import type { ModelBackend, ModelInput, ModelPrediction, PredictOptions } from '../backend';
import { locate, settleSpans, type FoundSpan } from './spans';

/** The classes the Chinese entity model returns (the English model's names where they mean the same). */
export const CHINESE_ENTITY_CLASSES = ['person', 'place', 'organization', 'date', 'money', 'phone', 'id-number'] as const;

/** jieba's part-of-speech tags for names: nr (people; nrfg, nrt are its kinds), ns (places), nt (organisations). */
function classOfTag(tag: string): string | null {
  if (tag.startsWith('nr')) return 'person';
  if (tag === 'ns') return 'place';
  if (tag === 'nt') return 'organization';
  return null;
}
const TAG_SCORE: Record<string, number> = { person: 0.7, place: 0.75, organization: 0.75 };

const CN_DIGIT = '〇零一二两三四五六七八九十';
/** Patterns, each a class and a score. Digits never continue across a match's edge (a phone number inside an id number is not one). */
const PATTERNS: { modelClass: string; score: number; re: RegExp; check?: (m: string) => boolean }[] = [
  // 2024年3月5日, 2024年3月, 3月5日, 二〇二四年三月五日, 2024-03-05, 2024/3/5, 2024.03.05
  { modelClass: 'date', score: 0.95, re: new RegExp(`(?<![\\d${CN_DIGIT}])(?:[\\d${CN_DIGIT}]{2,4}年(?:[\\d${CN_DIGIT}]{1,3}月(?:[\\d${CN_DIGIT}]{1,3}[日号])?)?|[\\d${CN_DIGIT}]{1,3}月[\\d${CN_DIGIT}]{1,3}[日号])`, 'gu') },
  { modelClass: 'date', score: 0.9, re: /(?<!\d)(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)/gu },
  // ¥1,200.50, 人民币300元, 1200万元, 3.5亿美元, 50元
  { modelClass: 'money', score: 0.92, re: /(?:(?:人民币|[¥￥])\s?\d+(?:[,，]\d{3})*(?:\.\d+)?(?:[万亿]?元)?|(?<![\d.])\d+(?:[,，]\d{3})*(?:\.\d+)?[万亿千百]?(?:元|美元|欧元|英镑|日元|港元|港币|块))/gu },
  // Mobile numbers (optionally +86), and landlines with an area code.
  { modelClass: 'phone', score: 0.93, re: /(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d{9}(?!\d)/gu },
  { modelClass: 'phone', score: 0.9, re: /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/gu },
  // Resident identity card numbers (GB 11643): 17 digits and a check character, which must agree.
  { modelClass: 'id-number', score: 0.99, re: /(?<!\d)\d{17}[\dXx](?!\d)/gu, check: validIdNumber },
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** GB 11643-1999: the check character of an 18-character identity number. */
export function validIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

// Loaded on first use (lazy-module.ts says why).
const jieba = lazyModule<typeof JiebaModule>('@node-rs/jieba');
const jiebaDict = lazyModule<typeof JiebaDict>('@node-rs/jieba/dict');

/**
 * Chinese entities, offline: `@node-rs/jieba` (its dictionary ships in the
 * package) tags words, and its nr, ns and nt words become people, places and
 * organisations; patterns find dates, amounts of money, phone numbers and
 * identity numbers. Spans are UTF-16 offsets, as the span contract counts.
 */
export class ChineseEntities implements ModelBackend {
  readonly kind = 'ner-zh';
  readonly media = 'text' as const;
  private jieba: Jieba | null = null;

  async classes(): Promise<string[]> {
    return [...CHINESE_ENTITY_CLASSES];
  }

  async predict(input: ModelInput, options: PredictOptions): Promise<ModelPrediction[]> {
    if (input.media !== 'text') throw new Error(`ner-zh reads text, not ${input.media}`);
    return settleSpans(this.find(input.text), options);
  }

  find(text: string): FoundSpan[] {
    const found: FoundSpan[] = [];
    for (const p of PATTERNS) {
      for (const m of text.matchAll(p.re)) {
        if (p.check && !p.check(m[0])) continue;
        found.push({ start: m.index, end: m.index + m[0].length, modelClass: p.modelClass, score: p.score });
      }
    }
    this.jieba ??= jieba().Jieba.withDict(jiebaDict().dict);
    const words = this.jieba.tag(text, true);
    const at = locate(text, words.map((w) => w.word));
    words.forEach((w, i) => {
      const modelClass = classOfTag(w.tag);
      // A one-character "name" is nearly always a surname or a word jieba could not place.
      if (!modelClass || at[i] < 0 || w.word.trim().length < 2) return;
      found.push({ start: at[i], end: at[i] + w.word.length, modelClass, score: TAG_SCORE[modelClass] });
    });
    return found;
  }
}
