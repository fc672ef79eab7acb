import type { TFunction } from 'i18next';
import {
  ATTRIBUTE_TYPES,
  RESERVED_HOTKEYS,
  TOOLS_BY_MEDIA,
  hotkeyOwner,
  hotkeySchema,
  labelSchemaDefinition,
  toolProblems,
  type Attribute,
  type LabelSchema,
  type LabelSchemaInput,
  type KeyOwner,
  type MediaType,
  type Tool,
} from '@tessera/contracts';

/**
 * The editor works on drafts, not on the contract types: a draft may be
 * half-typed (empty name, a select with no options yet), keeps a stable React
 * key, and remembers whether the label id was already saved. The contract
 * decides what is valid when the draft is turned back into a schema.
 */
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeDraft {
  uid: string;
  key: string;
  /** Once the user edits the key it stops following the name. */
  keyEdited: boolean;
  name: string;
  type: AttributeType;
  required: boolean;
  options: string[];
  defaultText?: string;
  defaultNumber?: number;
  defaultBool?: boolean;
  defaultOptions?: string[];
  min?: number;
  max?: number;
  step?: number;
  maxLength?: number;
}

export interface LabelDraft {
  uid: string;
  id: string;
  /** A saved label's id is what annotations point at, so it never changes again. */
  idLocked: boolean;
  name: string;
  color: string;
  hotkey: string;
  tools: Tool[];
  attributes: AttributeDraft[];
  skeleton?: LabelSchema['labels'][number]['skeleton'];
}

let counter = 0;
export const uid = () => `d${++counter}`;

export const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#469990', '#9a6324', '#800000', '#000075'];

/** Ids must match /^[a-z][a-z0-9_-]*$/; names may be in any script, so fall back to a counter. */
export function slugify(name: string, fallback: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 48);
  return s || fallback;
}

export function uniqueId(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export function newLabel(labels: LabelDraft[], mediaType: MediaType): LabelDraft {
  const used = new Set(labels.map((l) => l.color));
  return {
    uid: uid(),
    id: uniqueId(`label-${labels.length + 1}`, new Set(labels.map((l) => l.id))),
    idLocked: false,
    name: '',
    color: PALETTE.find((c) => !used.has(c)) ?? PALETTE[labels.length % PALETTE.length],
    hotkey: '',
    tools: [TOOLS_BY_MEDIA[mediaType][0]],
    attributes: [],
  };
}

export function newAttribute(attrs: AttributeDraft[]): AttributeDraft {
  return {
    uid: uid(),
    key: uniqueId(`attr-${attrs.length + 1}`, new Set(attrs.map((a) => a.key))),
    keyEdited: false,
    name: '',
    type: 'select',
    required: false,
    options: [],
  };
}

function attributeFromSchema(a: Attribute): AttributeDraft {
  const base: AttributeDraft = { uid: uid(), key: a.key, keyEdited: true, name: a.name, type: a.type, required: a.required, options: [] };
  switch (a.type) {
    case 'select':
      return { ...base, options: a.options, defaultText: a.default };
    case 'multiselect':
      return { ...base, options: a.options, defaultOptions: a.default };
    case 'text':
      return { ...base, maxLength: a.maxLength, defaultText: a.default };
    case 'number':
      return { ...base, min: a.min, max: a.max, step: a.step, defaultNumber: a.default };
    case 'boolean':
      return { ...base, defaultBool: a.default };
  }
}

export function draftsFromSchema(schema: LabelSchema): LabelDraft[] {
  return schema.labels.map((l) => ({
    uid: uid(),
    id: l.id,
    idLocked: true,
    name: l.name,
    color: l.color,
    hotkey: l.hotkey ?? '',
    tools: [...l.tools],
    attributes: l.attributes.map(attributeFromSchema),
    skeleton: l.skeleton,
  }));
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;

function attributeToInput(a: AttributeDraft) {
  const base = { key: a.key, name: a.name, required: a.required };
  switch (a.type) {
    case 'select':
      return defined({ ...base, type: a.type, options: a.options, default: a.defaultText });
    case 'multiselect':
      return defined({ ...base, type: a.type, options: a.options, default: a.defaultOptions?.length ? a.defaultOptions : undefined });
    case 'text':
      return defined({ ...base, type: a.type, maxLength: a.maxLength ?? undefined, default: a.defaultText });
    case 'number':
      return defined({ ...base, type: a.type, min: a.min ?? undefined, max: a.max ?? undefined, step: a.step ?? undefined, default: a.defaultNumber ?? undefined });
    case 'boolean':
      return defined({ ...base, type: a.type, default: a.defaultBool });
  }
}

export function draftsToInput(labels: LabelDraft[]): LabelSchemaInput {
  return {
    labels: labels.map((l) =>
      defined({
        id: l.id,
        name: l.name,
        color: l.color,
        hotkey: l.hotkey.trim() || undefined,
        tools: l.tools,
        attributes: l.attributes.map(attributeToInput),
        skeleton: l.skeleton,
      }),
    ) as LabelSchemaInput['labels'],
  };
}

export interface SchemaIssue {
  /** dotted path inside the label schema, e.g. "labels.0.hotkey" */
  path: string;
  message: string;
  /** Shown while typing; the others wait until the user tries to save. */
  live: boolean;
}

/** Labels whose hotkeys clash, by index: the editor shows this as you type. */
export function hotkeyConflicts(labels: LabelDraft[]): Map<number, number[]> {
  const byKey = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const k = l.hotkey.trim().toLowerCase();
    if (k) byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  const out = new Map<number, number[]>();
  for (const idx of byKey.values()) if (idx.length > 1) for (const i of idx) out.set(i, idx.filter((j) => j !== i));
  return out;
}

/**
 * Our own checks come first, in the user's language; the contract runs after
 * them so nothing the server would reject slips through, but its (English)
 * message is only used where ours said nothing.
 */
export function validateDrafts(labels: LabelDraft[], mediaType: MediaType, t: TFunction): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const add = (path: string, message: string, live = false) => {
    if (!issues.some((i) => i.path === path)) issues.push({ path, message, live });
  };
  const labelName = (i: number) => labels[i].name.trim() || t('schema.labelN', { n: i + 1 });

  for (const [i, others] of hotkeyConflicts(labels)) {
    add(`labels.${i}.hotkey`, t('schema.hotkeyConflict', { key: labels[i].hotkey.trim().toLowerCase(), labels: others.map(labelName).join(', ') }), true);
  }
  const names = new Map<string, number>();
  labels.forEach((l, i) => {
    const p = `labels.${i}`;
    const name = l.name.trim().toLowerCase();
    if (!name) add(`${p}.name`, t('validation.required'));
    else if (names.has(name)) add(`${p}.name`, t('schema.duplicateName', { n: names.get(name)! + 1 }), true);
    else names.set(name, i);
    const hk = l.hotkey.trim();
    if (hk) {
      const owner = hotkeySchema.safeParse(hk).success ? hotkeyOwner(hk, l.tools.length ? l.tools : TOOLS_BY_MEDIA[mediaType]) : null;
      if ((RESERVED_HOTKEYS as readonly string[]).includes(hk)) add(`${p}.hotkey`, t('schema.hotkeyReserved', { key: hk }), true);
      else if (!hotkeySchema.safeParse(hk).success) add(`${p}.hotkey`, t('schema.hotkeyFormat'), true);
      else if (owner) add(`${p}.hotkey`, t('schema.hotkeyTaken', { key: hk.toLowerCase(), action: keyActionName(owner, t) }), true);
    }
    if (!/^#[0-9a-fA-F]{6}$/.test(l.color)) add(`${p}.color`, t('schema.colorFormat'), true);
    if (!l.tools.length) add(`${p}.tools`, t('schema.toolsRequired'));
    const keys = new Set<string>();
    l.attributes.forEach((a, j) => {
      const ap = `${p}.attributes.${j}`;
      if (!a.name.trim()) add(`${ap}.name`, t('validation.required'));
      if (keys.has(a.key)) add(`${ap}.key`, t('schema.duplicateKey'), true);
      keys.add(a.key);
      if ((a.type === 'select' || a.type === 'multiselect') && !a.options.length) add(`${ap}.options`, t('schema.optionsRequired'));
      if (a.type === 'number' && a.min !== undefined && a.max !== undefined && a.min > a.max) add(`${ap}.max`, t('schema.maxBelowMin'), true);
    });
  });

  const parsed = labelSchemaDefinition.safeParse(draftsToInput(labels));
  if (parsed.success) {
    for (const p of toolProblems(mediaType, parsed.data)) add(p.path.join('.'), p.message);
  } else {
    for (const i of parsed.error.issues) add(i.path.map(String).join('.'), i.message);
  }
  return issues;
}

const DISPLAYED = [
  /^labels\.\d+$/,
  /^labels\.\d+\.(id|name|color|hotkey|tools)$/,
  /^labels\.\d+\.attributes\.\d+$/,
  /^labels\.\d+\.attributes\.\d+\.(key|name|options|default|min|max|step|maxLength)$/,
];

/**
 * The field of the editor that shows an issue: the path itself if the editor
 * has such a field, else its nearest ancestor that it has ("labels.0.tools.2"
 * → "labels.0.tools"), or null for the editor-wide alert.
 */
export function displayedPath(path: string): string | null {
  const parts = path.split('.');
  while (parts.length) {
    const p = parts.join('.');
    if (DISPLAYED.some((re) => re.test(p))) return p;
    parts.pop();
  }
  return null;
}

/** What a key does, in the reader's language, for "this key is already …". */
function keyActionName(owner: KeyOwner, t: TFunction): string {
  if (owner.keymap === 'task') return t(`tasks.keys.${owner.action === 'complete' ? 'submit' : owner.action}` as 'tasks.keys.submit');
  if (owner.keymap === 'frame') return t(`${owner.action === 'sheet' ? 'sheet.open' : owner.action}` as 'undo', { ns: 'editor' });
  if (owner.keymap === 'image') return t(`actions.${owner.action}` as 'actions.delete', { ns: 'annotator' });
  return owner.action;
}
