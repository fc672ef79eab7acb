import type { LabelSchemaInput, MediaType, Role } from '@tessera/contracts';

export const DEMO_ORG = 'Demo Organization';

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'owner@demo.local', name: 'Olivia Owner', role: 'owner' },
  { email: 'admin@demo.local', name: 'Adam Admin', role: 'admin' },
  { email: 'manager@demo.local', name: 'Mia Manager', role: 'manager' },
  { email: 'reviewer@demo.local', name: 'Rui Reviewer', role: 'reviewer' },
  { email: 'annotator1@demo.local', name: 'Ana Annotator', role: 'annotator' },
  { email: 'annotator2@demo.local', name: 'Li Annotator', role: 'annotator' },
  { email: 'provider@demo.local', name: 'Paula Provider', role: 'provider' },
  { email: 'consumer@demo.local', name: 'Chen Consumer', role: 'consumer' },
  { email: 'auditor@demo.local', name: 'Aude Auditor', role: 'auditor' },
];

export interface DemoProject {
  name: string;
  description: string;
  mediaType: MediaType;
  guidelines: string;
  labelSchema: LabelSchemaInput;
}

export const DEMO_PROJECTS: DemoProject[] = [
  {
    name: 'Street scenes',
    description: 'Road users and traffic signs in dash-cam frames.',
    mediaType: 'image',
    guidelines: [
      '# Street scenes',
      '',
      'Box every **vehicle**, **pedestrian** and **cyclist** at least 10 px tall.',
      '',
      '* Draw boxes tight to the visible extent; do not guess hidden parts.',
      '* Mark `occluded` when more than half of the object is hidden.',
      '* Traffic signs get a polygon along their outline.',
    ].join('\n'),
    labelSchema: {
      labels: [
        { id: 'car', name: 'Car', color: '#1677ff', hotkey: '1', tools: ['box', 'polygon'], attributes: [
          { key: 'occluded', name: 'Occluded', type: 'boolean', default: false },
          { key: 'kind', name: 'Kind', type: 'select', options: ['sedan', 'suv', 'van', 'truck', 'bus'], required: true, default: 'sedan' },
        ] },
        { id: 'pedestrian', name: 'Pedestrian', color: '#f5222d', hotkey: '2', tools: ['box', 'keypoints'],
          attributes: [{ key: 'occluded', name: 'Occluded', type: 'boolean', default: false }],
          skeleton: { points: ['head', 'left hand', 'right hand', 'left foot', 'right foot'], edges: [[0, 1], [0, 2], [0, 3], [0, 4]] } },
        { id: 'cyclist', name: 'Cyclist', color: '#52c41a', hotkey: '3', tools: ['box'], attributes: [] },
        { id: 'traffic-sign', name: 'Traffic sign', color: '#faad14', hotkey: '4', tools: ['polygon'], attributes: [
          { key: 'text', name: 'Text on sign', type: 'text', maxLength: 200 },
        ] },
        { id: 'scene', name: 'Scene', color: '#722ed1', tools: ['tag'], attributes: [
          { key: 'weather', name: 'Weather', type: 'multiselect', options: ['clear', 'rain', 'fog', 'snow', 'night'] },
        ] },
      ],
    },
  },
  {
    name: 'News entities',
    description: 'Named entities and their relations in news articles.',
    mediaType: 'text',
    guidelines: '# News entities\n\nMark the shortest span that names the entity. Titles (Dr., Mr.) are not part of a person\'s name.',
    labelSchema: {
      labels: [
        { id: 'person', name: 'Person', color: '#eb2f96', hotkey: 'p', tools: ['span'], attributes: [] },
        { id: 'organization', name: 'Organization', color: '#13c2c2', hotkey: 'o', tools: ['span'], attributes: [] },
        { id: 'location', name: 'Location', color: '#2f54eb', hotkey: 'l', tools: ['span'], attributes: [] },
        { id: 'date', name: 'Date', color: '#a0d911', hotkey: 'd', tools: ['span'], attributes: [] },
        { id: 'works-for', name: 'works for', color: '#595959', tools: ['relation'], attributes: [] },
        { id: 'sentiment', name: 'Sentiment', color: '#fa8c16', tools: ['doc-label'], attributes: [
          { key: 'value', name: 'Value', type: 'select', options: ['positive', 'neutral', 'negative'], required: true },
        ] },
      ],
    },
  },
  {
    name: 'Liver CT',
    description: 'Liver and lesion segmentation on abdominal CT series.',
    mediaType: 'dicom',
    guidelines: '# Liver CT\n\nSegment the liver parenchyma and every lesion over 5 mm. Measure the longest lesion diameter on its largest slice.',
    labelSchema: {
      labels: [
        { id: 'liver', name: 'Liver', color: '#a0522d', hotkey: 'l', tools: ['segment'], attributes: [] },
        { id: 'lesion', name: 'Lesion', color: '#ff4d4f', hotkey: 't', tools: ['segment', 'length', 'bidirectional'], attributes: [
          { key: 'kind', name: 'Kind', type: 'select', options: ['cyst', 'hemangioma', 'metastasis', 'HCC', 'other'], required: true },
          { key: 'confidence', name: 'Confidence', type: 'number', min: 0, max: 1, step: 0.1, default: 0.8 },
        ] },
        { id: 'study-quality', name: 'Study quality', color: '#8c8c8c', tools: ['classification'], attributes: [
          { key: 'value', name: 'Value', type: 'select', options: ['diagnostic', 'limited', 'non-diagnostic'], required: true },
        ] },
      ],
    },
  },
];
