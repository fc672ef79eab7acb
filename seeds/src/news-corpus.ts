import { prng, type Prng } from './prng';

/**
 * Short synthetic news items in English and Chinese for the *News entities*
 * demo project, with the true entity spans. Spans are offsets in UTF-16 code
 * units into `text` (what JavaScript's String#slice uses), end exclusive; the
 * text is NFC already, so ingest (which normalises to NFC) keeps them valid.
 * Labels follow the project's schema (person, organization, location, date),
 * plus `email`, which the schema does not have yet: addresses are personal
 * data that a PII check should find.
 */

export type EntityLabel = 'person' | 'organization' | 'location' | 'date' | 'email';
export interface EntitySpan {
  start: number;
  end: number;
  label: EntityLabel;
  /** the surface string, text.slice(start, end) */
  text: string;
}
export interface NewsDocument {
  id: string;
  lang: 'en' | 'zh';
  source: string;
  published: string;
  text: string;
}
export interface NewsTruth {
  id: string;
  lang: 'en' | 'zh';
  spans: EntitySpan[];
}

export const NEWS_SEED = 7;
export const NEWS_DOCUMENT_COUNT = 30;

const POOLS = {
  en: {
    person: ['Maria Gonzalez', 'David Okafor', 'Hannah Schmidt', 'Kenji Watanabe', 'Amelia Clarke', 'Rahul Mehta', 'Sofia Rossi', 'Thomas Becker', 'Grace Mwangi', 'Lucas Moreau'],
    organization: ['Northwind Energy', 'World Health Organization', 'Harbor City Council', 'Meridian Bank', 'Atlas Robotics', 'University of Lisbon', 'Greenfield Hospital', 'Bluewave Airlines', 'Riverside Football Club'],
    location: ['Lisbon', 'Nairobi', 'Toronto', 'Osaka', 'Hamburg', 'Melbourne', 'Cape Town', 'Seville', 'Lyon', 'Vancouver'],
    date: ['March 3, 2024', '12 April 2024', 'May 21, 2024', '2 June 2024', 'July 9, 2024', '30 August 2024', 'September 15, 2024', '4 October 2024'],
    email: ['press@northwind-energy.example', 'newsroom@meridianbank.example', 'info@atlas-robotics.example', 'media@bluewave.example', 'tips@tessera-wire.example'],
  },
  zh: {
    person: ['王伟', '李娜', '张敏', '陈静', '刘洋', '赵磊', '黄婷', '周杰', '吴芳', '孙浩'],
    organization: ['华信科技', '上海市卫生健康委员会', '中国气象局', '星辰航空', '南方电网', '清华大学', '浦江银行', '深蓝机器人公司'],
    location: ['北京', '上海', '深圳', '成都', '杭州', '武汉', '广州', '西安', '南京', '青岛'],
    date: ['2024年3月5日', '2024年4月18日', '2024年5月20日', '2024年6月1日', '2024年7月12日', '2024年8月8日', '2024年9月23日', '2024年10月10日'],
    email: ['media@huaxin-tech.example', 'press@xingchen-air.example', 'news@pujiang-bank.example', 'contact@shenlan-robot.example'],
  },
} as const;

// {label} or {label2}: a slot; two slots of one label in a template get different values.
const TEMPLATES = {
  en: [
    '{organization} named {person} as its new chief executive on {date}. The company, based in {location}, said the appointment takes effect immediately. Questions can be sent to {email}.',
    'Heavy rain closed several roads in {location} on {date}, officials said. {person}, a spokesperson for {organization}, urged residents to stay at home.',
    '{person} of {organization} presented a study in {location} on {date} showing that early screening halves hospital stays. {person2} of {organization2} called the results "encouraging".',
    'On {date}, {organization} opened a new research centre in {location}. "We chose the city for its talent," said {person}. Applications go to {email}.',
    '{organization} reported record passenger numbers for the quarter ending {date}. Its finance director, {person}, told reporters in {location} that demand keeps growing.',
    'Police in {location} are looking for witnesses after a break-in at the offices of {organization} on {date}. Anyone with information should write to {email}.',
    '{person} won the city marathon in {location} on {date}, finishing ahead of {person2}. The race was organised by {organization}.',
    'The board of {organization} met in {location} on {date} and approved a merger with {organization2}. {person} will chair the combined group.',
  ],
  zh: [
    '{date}，{organization}在{location}宣布任命{person}为首席执行官。公司表示，任命即日生效，媒体垂询请发邮件至{email}。',
    '{location}{date}遭遇强降雨，多条道路临时封闭。{organization}发言人{person}提醒市民尽量减少外出。',
    '{organization}研究员{person}于{date}在{location}发布报告称，早期筛查可使住院时间减半。{organization2}的{person2}认为结果令人鼓舞。',
    '{organization}{date}在{location}启用新的研发中心。{person}表示，选择这座城市是看中了当地的人才。简历可投递至{email}。',
    '{organization}公布截至{date}的季度数据，客运量创历史新高。财务总监{person}在{location}对记者表示，需求仍在增长。',
    '{location}警方正在寻找{date}{organization}办公室失窃案的目击者，知情者可发邮件至{email}。',
    '{person}{date}在{location}马拉松比赛中夺冠，{person2}获得亚军。本次比赛由{organization}主办。',
    '{organization}董事会{date}在{location}开会，批准与{organization2}合并。合并后的集团将由{person}担任董事长。',
  ],
} as const;

const SOURCES = { en: 'Tessera Wire (synthetic)', zh: '泰赛拉通讯社（合成）' } as const;

/** Fills a template, keeping the exact span of every value it puts in. */
function fill(template: string, lang: 'en' | 'zh', rng: Prng): { text: string; spans: EntitySpan[] } {
  const chosen = new Map<string, string>();
  const used = new Set<string>();
  const spans: EntitySpan[] = [];
  let text = '';
  let last = 0;
  for (const m of template.matchAll(/\{(person|organization|location|date|email)(2?)\}/g)) {
    text += template.slice(last, m.index);
    const label = m[1] as EntityLabel;
    const slot = m[0];
    let value = chosen.get(slot);
    if (!value) {
      const pool = POOLS[lang][label] as readonly string[];
      do value = rng.pick(pool);
      while (used.has(value));
      used.add(value);
      chosen.set(slot, value);
    }
    spans.push({ start: text.length, end: text.length + value.length, label, text: value });
    text += value;
    last = m.index + m[0].length;
  }
  text += template.slice(last);
  return { text, spans };
}

export function newsCorpus(count = NEWS_DOCUMENT_COUNT, seed = NEWS_SEED): { documents: NewsDocument[]; truth: NewsTruth[] } {
  const rng = prng(seed);
  const documents: NewsDocument[] = [];
  const truth: NewsTruth[] = [];
  for (let i = 0; i < count; i++) {
    const lang = i % 2 === 0 ? 'en' : 'zh';
    const templates = TEMPLATES[lang];
    const { text, spans } = fill(templates[Math.floor(i / 2) % templates.length], lang, rng);
    const id = `news-${String(i + 1).padStart(3, '0')}`;
    const day = 1 + ((i * 7) % 28);
    documents.push({ id, lang, source: SOURCES[lang], published: `2024-${String(1 + (i % 10)).padStart(2, '0')}-${String(day).padStart(2, '0')}`, text });
    truth.push({ id, lang, spans });
  }
  return { documents, truth };
}

/** One JSON object per line: `text` plus metadata (id, lang, source, published), which ingest keeps. */
export function newsJsonl(documents: NewsDocument[]): string {
  return documents.map((d) => JSON.stringify({ id: d.id, lang: d.lang, source: d.source, published: d.published, text: d.text })).join('\n') + '\n';
}

export function newsSidecar(truth: NewsTruth[]) {
  return {
    generator: 'seeds/src/news-corpus.ts',
    conventions: 'start/end are UTF-16 code unit offsets into the record\'s text, end exclusive; text is the surface string',
    documents: truth,
  };
}
