import { z } from 'zod';

export const MEDIA_TYPES = ['image', 'text', 'dicom'] as const;
export const mediaTypeSchema = z.enum(MEDIA_TYPES);
export type MediaType = z.infer<typeof mediaTypeSchema>;

/** Annotation tools each media type offers; a label may allow a subset. */
export const TOOLS_BY_MEDIA = {
  image: ['box', 'polygon', 'polyline', 'points', 'keypoints', 'mask', 'tag'],
  text: ['span', 'relation', 'doc-label'],
  dicom: ['segment', 'length', 'ellipse', 'rectangle', 'angle', 'bidirectional', 'classification'],
} as const satisfies Record<MediaType, readonly string[]>;
export const ALL_TOOLS = [
  ...TOOLS_BY_MEDIA.image,
  ...TOOLS_BY_MEDIA.text,
  ...TOOLS_BY_MEDIA.dicom,
] as const;
export const toolSchema = z.enum(ALL_TOOLS);
export type Tool = z.infer<typeof toolSchema>;

export const ATTRIBUTE_TYPES = ['select', 'multiselect', 'text', 'number', 'boolean'] as const;

export const colorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb')
  .transform((c) => c.toLowerCase());

/** A single key, optionally with shift/alt: "1", "b", "shift+b". Ctrl is kept for the editor. */
export const hotkeySchema = z
  .string()
  .transform((k) => k.toLowerCase())
  .pipe(z.string().regex(/^((shift|alt)\+)?[a-z0-9]$/, 'hotkey must be one letter or digit, optionally with shift+ or alt+'));

const key = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'key must be lower-case letters, digits, _ or -');
const attributeBase = {
  key,
  name: z.string().trim().min(1).max(80),
  required: z.boolean().default(false),
};
const options = z.array(z.string().trim().min(1).max(80)).min(1).max(200);

export const attributeSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ ...attributeBase, type: z.literal('select'), options, default: z.string().optional() }),
    z.strictObject({ ...attributeBase, type: z.literal('multiselect'), options, default: z.array(z.string()).optional() }),
    z.strictObject({ ...attributeBase, type: z.literal('text'), maxLength: z.number().int().min(1).max(10000).optional(), default: z.string().max(10000).optional() }),
    z.strictObject({ ...attributeBase, type: z.literal('number'), min: z.number().finite().optional(), max: z.number().finite().optional(), step: z.number().positive().finite().optional(), default: z.number().finite().optional() }),
    z.strictObject({ ...attributeBase, type: z.literal('boolean'), default: z.boolean().optional() }),
  ])
  .superRefine((a, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['default'], message });
    if ((a.type === 'select' || a.type === 'multiselect') && new Set(a.options).size !== a.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must be unique' });
    }
    if (a.type === 'select' && a.default !== undefined && !a.options.includes(a.default)) issue('default is not one of the options');
    if (a.type === 'multiselect' && a.default?.some((d) => !a.options.includes(d))) issue('default is not one of the options');
    if (a.type === 'number') {
      if (a.min !== undefined && a.max !== undefined && a.min > a.max) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is below min' });
      }
      if (a.default !== undefined && ((a.min !== undefined && a.default < a.min) || (a.max !== undefined && a.default > a.max))) issue('default is out of range');
    }
    if (a.type === 'text' && a.default !== undefined && a.maxLength !== undefined && a.default.length > a.maxLength) issue('default is longer than maxLength');
  });
export type Attribute = z.infer<typeof attributeSchema>;

export const skeletonSchema = z.strictObject({
  points: z.array(z.string().trim().min(1).max(40)).min(1).max(100),
  /** pairs of indexes into points */
  edges: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).max(500).default([]),
  /** Per-point σ for OKS (how far a point may stray, relative to the object's size; COCO's people: 0.025–0.107); absent: 0.05 each. */
  sigmas: z.array(z.number().positive().max(1)).max(100).optional(),
}).refine((s) => !s.sigmas || s.sigmas.length === s.points.length, { path: ['sigmas'], message: 'one σ per skeleton point' });

export const labelSchema = z
  .strictObject({
    /** Stable id: annotations keep pointing at a label across renames. */
    id: key,
    name: z.string().trim().min(1).max(80),
    color: colorSchema,
    hotkey: hotkeySchema.optional(),
    tools: z.array(toolSchema).min(1).max(ALL_TOOLS.length),
    attributes: z.array(attributeSchema).max(50).default([]),
    skeleton: skeletonSchema.optional(),
    /**
     * A relation label: whether the relation runs both ways ("sibling of",
     * "same as"). Absent or false: it is directed, from one span to the other.
     */
    symmetric: z.boolean().optional(),
  })
  .superRefine((l, ctx) => {
    const keys = l.attributes.map((a) => a.key);
    keys.forEach((k, i) => {
      if (keys.indexOf(k) !== i) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'key'], message: `duplicate attribute key "${k}"` });
    });
    if (new Set(l.tools).size !== l.tools.length) ctx.addIssue({ code: 'custom', path: ['tools'], message: 'tools must be unique' });
    if (l.symmetric !== undefined && !l.tools.includes('relation')) ctx.addIssue({ code: 'custom', path: ['symmetric'], message: 'only a relation label can be symmetric' });
    if (l.skeleton) {
      const n = l.skeleton.points.length;
      l.skeleton.edges.forEach(([a, b], i) => {
        if (a >= n || b >= n || a === b) ctx.addIssue({ code: 'custom', path: ['skeleton', 'edges', i], message: 'edge must join two different points of the skeleton' });
      });
    }
  });
export type Label = z.infer<typeof labelSchema>;
export type LabelInput = z.input<typeof labelSchema>;

export const labelSchemaDefinition = z
  .strictObject({ labels: z.array(labelSchema).max(1000) })
  .superRefine((s, ctx) => {
    const seen = (pick: (l: Label) => string | undefined, what: string, field: string) => {
      const first = new Map<string, number>();
      s.labels.forEach((l, i) => {
        const v = pick(l);
        if (v === undefined) return;
        const prior = first.get(v);
        if (prior === undefined) first.set(v, i);
        else ctx.addIssue({ code: 'custom', path: ['labels', i, field], message: `${what} "${v}" is already used by label ${prior + 1}` });
      });
    };
    seen((l) => l.id, 'id', 'id');
    seen((l) => l.name.toLowerCase(), 'name', 'name');
    seen((l) => l.hotkey, 'hotkey', 'hotkey');
  });
export type LabelSchema = z.infer<typeof labelSchemaDefinition>;
export type LabelSchemaInput = z.input<typeof labelSchemaDefinition>;

/** Problems with a schema's tools for a media type, as issue paths and messages. */
export function toolProblems(mediaType: MediaType, schema: LabelSchema): { path: (string | number)[]; message: string }[] {
  const allowed: readonly string[] = TOOLS_BY_MEDIA[mediaType];
  const problems: { path: (string | number)[]; message: string }[] = [];
  schema.labels.forEach((l, i) =>
    l.tools.forEach((t, j) => {
      if (!allowed.includes(t)) problems.push({ path: ['labels', i, 'tools', j], message: `tool "${t}" is not available for ${mediaType} projects` });
    }),
  );
  return problems;
}

/** Hotkeys the editors keep for themselves; labels may not take them. */
export const RESERVED_HOTKEYS = ['?'] as const;
