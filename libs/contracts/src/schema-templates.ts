import type { z } from 'zod';
import type { attributeSchema, LabelSchemaInput, MediaType } from './label-schema';

type AttributeInput = z.input<typeof attributeSchema>;
/** An attribute whose name comes in each language (Omit spread over the union's members). */
type TemplateAttribute = AttributeInput extends infer A ? (A extends unknown ? Omit<A, 'name'> & { name: Text } : never) : never;

/**
 * Label schemas for DICOM projects after published expert-consensus
 * labelling standards, offered when a project is created. Label and
 * attribute names come in English and Simplified Chinese; attribute options
 * are the standards' own codes (Stanford "A", Lung-RADS "4A"), which stay the
 * same in every language so exports and rules can read them. Each template
 * brings its guidelines in both languages: the project gets the creator's
 * language first and the other after it, since one team often reads both.
 */

export const TEMPLATE_LANGUAGES = ['en', 'zh-CN'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];
type Text = Readonly<Record<TemplateLanguage, string>>;

interface TemplateLabel {
  id: string;
  name: Text;
  color: string;
  hotkey?: string;
  tools: LabelSchemaInput['labels'][number]['tools'];
  attributes?: readonly TemplateAttribute[];
}

export interface SchemaTemplate {
  id: string;
  mediaType: MediaType;
  name: Text;
  /** One line: what it labels and after which standard. */
  summary: Text;
  labels: readonly TemplateLabel[];
  guidelines: Text;
}

const AORTIC_DISSECTION: SchemaTemplate = {
  id: 'aortic-dissection-cta',
  mediaType: 'dicom',
  name: { en: 'Aortic dissection (CTA)', 'zh-CN': '主动脉夹层（CTA）' },
  summary: {
    en: 'True and false lumen, intimal flap and entry tear; Stanford and DeBakey classes (ESC 2014, ACC/AHA 2022, SVS/STS 2020).',
    'zh-CN': '真腔、假腔、内膜片与破口；Stanford 分型与 DeBakey 分型（ESC 2014、ACC/AHA 2022、SVS/STS 2020）。',
  },
  labels: [
    { id: 'true-lumen', name: { en: 'True lumen', 'zh-CN': '真腔' }, color: '#e03131', hotkey: '7', tools: ['segment'] },
    {
      id: 'false-lumen', name: { en: 'False lumen', 'zh-CN': '假腔' }, color: '#1c7ed6', hotkey: '8', tools: ['segment'],
      attributes: [
        { key: 'status', name: { en: 'False lumen status', 'zh-CN': '假腔状态' }, type: 'select', options: ['patent', 'partially-thrombosed', 'thrombosed'], required: true },
      ],
    },
    { id: 'intimal-flap', name: { en: 'Intimal flap', 'zh-CN': '内膜片' }, color: '#f59f00', hotkey: '9', tools: ['segment'] },
    {
      id: 'entry-tear', name: { en: 'Entry tear', 'zh-CN': '破口' }, color: '#ae3ec9', hotkey: 'n', tools: ['segment', 'length'],
      attributes: [
        { key: 'kind', name: { en: 'Kind', 'zh-CN': '类型' }, type: 'select', options: ['primary-entry', 're-entry'], required: true, default: 'primary-entry' },
      ],
    },
    {
      id: 'dissection', name: { en: 'Dissection class', 'zh-CN': '夹层分型' }, color: '#495057', tools: ['classification'],
      attributes: [
        { key: 'stanford', name: { en: 'Stanford type', 'zh-CN': 'Stanford 分型' }, type: 'select', options: ['A', 'B'], required: true },
        { key: 'debakey', name: { en: 'DeBakey class', 'zh-CN': 'DeBakey 分型' }, type: 'select', options: ['I', 'II', 'IIIa', 'IIIb'], required: true },
        { key: 'phase', name: { en: 'Phase', 'zh-CN': '分期' }, type: 'select', options: ['hyperacute', 'acute', 'subacute', 'chronic'] },
      ],
    },
  ],
  guidelines: {
    en: `# Aortic dissection on CT angiography

After the 2014 ESC Guidelines on aortic diseases, the 2022 ACC/AHA Guideline for the diagnosis and management of aortic disease, and the 2020 SVS/STS reporting standards for type B aortic dissection.

## Segments
- **True lumen**: the lumen continuous with the undissected aorta. In the acute phase it is usually the smaller, compressed one and enhances first. Paint it on every slice from the first to the last slice of the dissection.
- **False lumen**: the lumen between the flap and the outer wall. Look for the *beak sign* (an acute angle where the flap meets the wall) and *cobwebs* (strands of media). Paint its thrombosed part too, and set its status: patent, partially thrombosed or thrombosed.
- **Intimal flap**: the thin membrane between the lumens. Paint it with a small brush (1–2 mm) in a window where it shows (W 600 L 150 or the mediastinum preset).
- **Entry tear**: the gap in the flap where blood enters the false lumen. Mark the *primary entry* (the most proximal one) and any *re-entry*; measure each tear's length along the aorta.

## Classification (one per series)
- **Stanford**: *A* when the ascending aorta is involved, wherever the tear is; *B* otherwise.
- **DeBakey**: *I* from the ascending aorta to at least the arch; *II* confined to the ascending aorta; *IIIa* from the descending aorta, above the diaphragm; *IIIb* from the descending aorta, extending below the diaphragm.
- **Phase** (SVS/STS): hyperacute < 24 h, acute 1–14 days, subacute 15–90 days, chronic > 90 days from the onset of symptoms.

Region grow (G) from a click in the contrast-filled true lumen with a tolerance of about 80 HU, then correct along the flap with the brush.
`,
    'zh-CN': `# CT 血管成像中的主动脉夹层

参照 2014 年 ESC 主动脉疾病指南、2022 年 ACC/AHA 主动脉疾病诊治指南，以及 2020 年 SVS/STS B 型主动脉夹层报告标准。

## 分割
- **真腔**：与未夹层主动脉相连续的管腔。急性期通常较小、受压，且最先强化。在夹层累及的每个层面上勾画。
- **假腔**：内膜片与外壁之间的管腔。注意*鸟嘴征*（内膜片与管壁相交处的锐角）和*蛛网征*（中膜残留条索）。血栓化部分也要勾画，并标注假腔状态：通畅、部分血栓化或完全血栓化。
- **内膜片**：分隔两腔的薄膜。在能显示它的窗口下（窗宽 600 窗位 150 或纵隔预设）用小画笔（1–2 mm）勾画。
- **破口**：内膜片上血液进入假腔的缺口。标出*原发破口*（最近端者）和所有*再破口*，并沿主动脉方向测量每个破口的长度。

## 分型（每个序列一次）
- **Stanford 分型**：累及升主动脉为 *A* 型，无论破口位置；否则为 *B* 型。
- **DeBakey 分型**：*I* 型起自升主动脉并至少累及主动脉弓；*II* 型局限于升主动脉；*IIIa* 型起自降主动脉，局限于膈上；*IIIb* 型起自降主动脉并延伸至膈下。
- **分期**（SVS/STS）：自症状出现起，超急性期 < 24 小时，急性期 1–14 天，亚急性期 15–90 天，慢性期 > 90 天。

可在对比剂充盈的真腔内单击，用区域生长（G，容差约 80 HU）初步勾画，再用画笔沿内膜片修正。
`,
  },
};

const LUNG_NODULE: SchemaTemplate = {
  id: 'lung-nodule-ct',
  mediaType: 'dicom',
  name: { en: 'Lung nodule (chest CT)', 'zh-CN': '肺结节（胸部 CT）' },
  summary: {
    en: 'Nodule segment with long- and short-axis diameters; Lung-RADS v2022 category and consistency (Fleischner Society 2017).',
    'zh-CN': '结节分割及长短径测量；Lung-RADS v2022 分类与密度类型（Fleischner 学会 2017）。',
  },
  labels: [
    {
      id: 'nodule', name: { en: 'Nodule', 'zh-CN': '结节' }, color: '#f76707', hotkey: '7', tools: ['segment', 'bidirectional'],
      attributes: [
        { key: 'lung-rads', name: { en: 'Lung-RADS category', 'zh-CN': 'Lung-RADS 分类' }, type: 'select', options: ['0', '1', '2', '3', '4A', '4B', '4X'], required: true },
        { key: 'consistency', name: { en: 'Consistency', 'zh-CN': '密度类型' }, type: 'select', options: ['solid', 'part-solid', 'ground-glass'], required: true },
        { key: 'lobe', name: { en: 'Lobe', 'zh-CN': '肺叶' }, type: 'select', options: ['RUL', 'RML', 'RLL', 'LUL', 'lingula', 'LLL'] },
      ],
    },
    { id: 'solid-component', name: { en: 'Solid component', 'zh-CN': '实性成分' }, color: '#c92a2a', hotkey: '8', tools: ['segment', 'bidirectional'] },
  ],
  guidelines: {
    en: `# Lung nodules on chest CT

After the ACR Lung-RADS v2022 and the Fleischner Society's recommendations for measuring pulmonary nodules at CT (Bankier et al., Radiology 2017).

## Segment
- Paint every nodule of 3 mm or more in the **lung window** (preset 2), slice by slice; leave out the vessels that touch it.
- A part-solid nodule: paint the whole nodule as **Nodule**, then its solid part as **Solid component** over it.

## Measure (bidirectional, D)
- On the axial slice where the nodule is largest, draw the **long axis**, then set the **short axis** perpendicular to it on the same slice.
- Lung-RADS uses the mean diameter, (long + short) / 2, to one decimal place. For a part-solid nodule also measure the solid component.

## Attributes
- **Consistency**: solid; part-solid (solid and ground-glass parts); ground-glass (no solid part).
- **Lung-RADS category**: 0 incomplete; 1 negative; 2 benign appearance or behaviour; 3 probably benign; 4A suspicious; 4B very suspicious; 4X category 3 or 4 with additional features that raise suspicion.
- **Lobe** where the nodule's centre lies.
`,
    'zh-CN': `# 胸部 CT 肺结节

参照 ACR Lung-RADS v2022 以及 Fleischner 学会的 CT 肺结节测量建议（Bankier 等，Radiology 2017）。

## 分割
- 在**肺窗**（预设 2）下逐层勾画所有 ≥ 3 mm 的结节，与之相邻的血管不要勾入。
- 部分实性结节：先将整个结节勾画为**结节**，再在其上将实性部分勾画为**实性成分**。

## 测量（双径，D）
- 在结节最大的轴位层面上画出**长径**，再在同一层面画出与之垂直的**短径**。
- Lung-RADS 使用平均直径 (长径 + 短径) / 2，保留一位小数。部分实性结节还要测量实性成分。

## 属性
- **密度类型**：实性；部分实性（含实性与磨玻璃成分）；磨玻璃（无实性成分）。
- **Lung-RADS 分类**：0 不完整；1 阴性；2 良性表现或良性行为；3 可能良性；4A 可疑；4B 非常可疑；4X 为 3 或 4 类且有增加可疑度的其他特征。
- **肺叶**：结节中心所在的肺叶。
`,
  },
};

const LIVER_LESION: SchemaTemplate = {
  id: 'liver-lesion-ct',
  mediaType: 'dicom',
  name: { en: 'Liver and liver lesions (CT)', 'zh-CN': '肝脏及肝脏病灶（CT）' },
  summary: {
    en: 'Liver and lesion segments as in the LiTS benchmark; RECIST 1.1 long and short axis; lesion kind and LI-RADS category.',
    'zh-CN': '按 LiTS 基准勾画肝脏与病灶；RECIST 1.1 长短径；病灶类型与 LI-RADS 分类。',
  },
  labels: [
    { id: 'liver', name: { en: 'Liver', 'zh-CN': '肝脏' }, color: '#a0522d', hotkey: '7', tools: ['segment'] },
    {
      id: 'lesion', name: { en: 'Liver lesion', 'zh-CN': '肝脏病灶' }, color: '#ff4d4f', hotkey: '8', tools: ['segment', 'bidirectional', 'length'],
      attributes: [
        { key: 'kind', name: { en: 'Kind', 'zh-CN': '类型' }, type: 'select', options: ['cyst', 'hemangioma', 'metastasis', 'HCC', 'indeterminate'], required: true },
        { key: 'li-rads', name: { en: 'LI-RADS category', 'zh-CN': 'LI-RADS 分类' }, type: 'select', options: ['LR-1', 'LR-2', 'LR-3', 'LR-4', 'LR-5', 'LR-M', 'LR-TIV', 'not-applicable'] },
        { key: 'target', name: { en: 'RECIST target lesion', 'zh-CN': 'RECIST 靶病灶' }, type: 'boolean', default: false },
      ],
    },
  ],
  guidelines: {
    en: `# Liver and liver lesions on CT

After the Liver Tumor Segmentation benchmark (LiTS, Bilic et al., Medical Image Analysis 2023), RECIST 1.1 (Eisenhauer et al., 2009) and ACR LI-RADS v2018 for patients at risk of HCC.

## Segment
- **Liver**: the whole parenchyma in the **liver window** (preset 5), including the intrahepatic vessels, excluding the gallbladder and the IVC. Region grow (G) from a click in the parenchyma with a tolerance of about 30 HU, then fill holes (Shift+G).
- **Liver lesion**: every lesion of 5 mm or more, painted over the liver. The liver's volume is liver and lesions together.

## Measure (RECIST 1.1)
- On the slice where the lesion is longest, measure its **long axis** with the bidirectional tool (D); the short axis follows.
- A lesion of 10 mm or more (with slices of 5 mm or less) can be a **target lesion**; at most two per organ.

## Attributes
- **Kind**: cyst, hemangioma, metastasis, HCC, or indeterminate when the series does not tell.
- **LI-RADS**: only for patients at risk of HCC; otherwise *not-applicable*.
`,
    'zh-CN': `# CT 肝脏及肝脏病灶

参照肝脏肿瘤分割基准（LiTS，Bilic 等，Medical Image Analysis 2023）、RECIST 1.1（Eisenhauer 等，2009）及适用于肝癌高危患者的 ACR LI-RADS v2018。

## 分割
- **肝脏**：在**肝窗**（预设 5）下勾画全部肝实质，包括肝内血管，不包括胆囊和下腔静脉。可在肝实质内单击，用区域生长（G，容差约 30 HU），再填充孔洞（Shift+G）。
- **肝脏病灶**：所有 ≥ 5 mm 的病灶，勾画在肝脏之上。肝脏体积为肝脏与病灶之和。

## 测量（RECIST 1.1）
- 在病灶最长的层面上，用双径工具（D）测量其**长径**，短径随之生成。
- ≥ 10 mm 的病灶（层厚 ≤ 5 mm 时）可作为**靶病灶**，每个器官最多两个。

## 属性
- **类型**：囊肿、血管瘤、转移瘤、肝细胞癌，序列无法判断时选"不确定"（indeterminate）。
- **LI-RADS**：仅适用于肝癌高危患者，否则选 *not-applicable*。
`,
  },
};

export const SCHEMA_TEMPLATES: readonly SchemaTemplate[] = [AORTIC_DISSECTION, LUNG_NODULE, LIVER_LESION];

export const templatesFor = (mediaType: MediaType) => SCHEMA_TEMPLATES.filter((t) => t.mediaType === mediaType);

/** A template's label schema and guidelines in one language (the guidelines in the other language follow). */
export function applyTemplate(template: SchemaTemplate, language: string): { labelSchema: LabelSchemaInput; guidelines: string } {
  const lng: TemplateLanguage = language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const other: TemplateLanguage = lng === 'en' ? 'zh-CN' : 'en';
  return {
    labelSchema: {
      labels: template.labels.map((l) => ({
        id: l.id,
        name: l.name[lng],
        color: l.color,
        ...(l.hotkey ? { hotkey: l.hotkey } : {}),
        tools: [...l.tools],
        attributes: (l.attributes ?? []).map((a) => ({ ...a, name: a.name[lng] }) as AttributeInput),
      })),
    },
    guidelines: `${template.guidelines[lng].trim()}\n\n---\n\n${template.guidelines[other].trim()}\n`,
  };
}
