import { Col, Form, Row, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, workflowSettings, type WorkflowSettings } from '@tessera/contracts';
import { NumberInput } from '@tessera/web/editor-ui';

/**
 * Shares are edited as percentages, which people read more easily than 0.7,
 * and turned back into the contract's 0–1 fractions on the way out.
 */
const PERCENT = ['reviewSampling', 'goldRatio', 'qc.minAgreement', 'qc.minGoldAccuracy', 'qc.minDice', 'qualification.passMark'];

export const WORKFLOW_FIELDS = [
  'workflow.overlap',
  'workflow.reviewSampling',
  'workflow.goldRatio',
  'workflow.maxReworkRounds',
  'workflow.emptyAnnotations',
  'workflow.qc.minAgreement',
  'workflow.qc.minGoldAccuracy',
  'workflow.qc.iouThreshold',
  'workflow.qc.oksThreshold',
  'workflow.qc.minDice',
  'workflow.qc.maxHd95Mm',
  'workflow.qc.lowGoldAction',
  'workflow.qc.showGoldFeedback',
  'workflow.qc.autoAcceptConsensus',
  'workflow.rates.mode',
  'workflow.rates.currency',
  'workflow.rates.perItem',
  'workflow.rates.perObject',
  'workflow.rates.perReview',
  'workflow.qualification.required',
  'workflow.qualification.passMark',
  'workflow.qualification.maxAttempts',
  'workflow.keepDicomOriginals',
];

const EMPTY_POLICIES = ['allow', 'warn', 'block'] as const;
const LOW_GOLD_ACTIONS = ['full_review', 'pause'] as const;
const RATE_MODES = ['item', 'object'] as const;

type Percentless = Record<string, unknown>;

function mapShares(w: Percentless, f: (x: number) => number): Percentless {
  const out: Percentless = { ...w };
  // Nested settings are copied before they change, so the project's own object is left alone.
  for (const group of ['qc', 'qualification']) if (out[group]) out[group] = { ...(out[group] as Percentless) };
  for (const key of PERCENT) {
    const [a, b] = key.split('.');
    const target = b ? ((out[a] as Percentless | undefined) ?? {}) : out;
    const k = b ?? a;
    if (typeof target[k] === 'number') target[k] = f(target[k] as number);
  }
  return out;
}

// Projects made before a setting existed simply lack it: show its default.
export const workflowToForm = (w: WorkflowSettings) => {
  const filled = workflowSettings.safeParse(w ?? {});
  return mapShares((filled.success ? filled.data : w) as unknown as Percentless, (x) => Math.round(x * 1000) / 10);
};
export const workflowFromForm = (v: unknown) => mapShares((v ?? {}) as Percentless, (x) => Math.round(x * 10) / 1000);

/** The workflow fields, placed inside a parent antd Form under the name "workflow". */
export function WorkflowFields({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const num = (name: (string | number)[], label: string, help: string, props: Record<string, unknown>) => (
    <Col xs={24} md={12} lg={8}>
      <Form.Item name={['workflow', ...name]} label={label} extra={help} rules={[{ required: true, message: t('validation.required') }]}>
        <NumberInput style={{ width: '100%' }} disabled={disabled} {...props} />
      </Form.Item>
    </Col>
  );
  const pct = { min: 0, max: 100, step: 5, suffix: '%' };
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('workflow.distribution')}
      </Typography.Title>
      <Row gutter={16}>
        {num(['overlap'], t('workflow.overlap'), t('workflow.overlapHint'), { min: 1, max: 10, precision: 0 })}
        {num(['reviewSampling'], t('workflow.reviewSampling'), t('workflow.reviewSamplingHint'), pct)}
        {num(['goldRatio'], t('workflow.goldRatio'), t('workflow.goldRatioHint'), { ...pct, max: 50 })}
        {num(['maxReworkRounds'], t('workflow.maxReworkRounds'), t('workflow.maxReworkRoundsHint'), { min: 0, max: 20, precision: 0 })}
        <Col xs={24} md={12} lg={8}>
          <Form.Item name={['workflow', 'emptyAnnotations']} label={t('workflow.emptyAnnotations')} extra={t('workflow.emptyAnnotationsHint')}>
            <Select
              disabled={disabled}
              data-testid="empty-annotations"
              options={EMPTY_POLICIES.map((v) => ({ value: v, label: t(`workflow.emptyPolicies.${v}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('workflow.qc')}
      </Typography.Title>
      <Row gutter={16}>
        {num(['qc', 'minAgreement'], t('workflow.minAgreement'), t('workflow.minAgreementHint'), pct)}
        {num(['qc', 'minGoldAccuracy'], t('workflow.minGoldAccuracy'), t('workflow.minGoldAccuracyHint'), pct)}
        {num(['qc', 'iouThreshold'], t('workflow.iouThreshold'), t('workflow.iouThresholdHint'), { min: 0.05, max: 1, step: 0.05 })}
        {num(['qc', 'oksThreshold'], t('quality.workflow.oksThreshold'), t('quality.workflow.oksThresholdHint'), { min: 0.05, max: 1, step: 0.05 })}
        {num(['qc', 'minDice'], t('quality.workflow.minDice'), t('quality.workflow.minDiceHint'), pct)}
        {num(['qc', 'maxHd95Mm'], t('quality.workflow.maxHd95Mm'), t('quality.workflow.maxHd95MmHint'), { min: 0, max: 1000, step: 0.5 })}
        <Col xs={24} md={12} lg={8}>
          <Form.Item name={['workflow', 'qc', 'lowGoldAction']} label={t('quality.workflow.lowGoldAction')} extra={t('quality.workflow.lowGoldActionHint')}>
            <Select disabled={disabled} options={LOW_GOLD_ACTIONS.map((v) => ({ value: v, label: t(`quality.workflow.lowGoldActions.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} lg={8}>
          <Form.Item name={['workflow', 'qc', 'showGoldFeedback']} label={t('quality.workflow.showGoldFeedback')} extra={t('quality.workflow.showGoldFeedbackHint')} valuePropName="checked">
            <Switch disabled={disabled} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} lg={8}>
          <Form.Item name={['workflow', 'qc', 'autoAcceptConsensus']} label={t('quality.workflow.autoAcceptConsensus')} extra={t('quality.workflow.autoAcceptConsensusHint')} valuePropName="checked">
            <Switch disabled={disabled} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('quality.workflow.qualification')}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} md={12} lg={8}>
          <Form.Item name={['workflow', 'qualification', 'required']} label={t('quality.workflow.qualificationRequired')} extra={t('quality.workflow.qualificationRequiredHint')} valuePropName="checked">
            <Switch disabled={disabled} />
          </Form.Item>
        </Col>
        {num(['qualification', 'passMark'], t('quality.workflow.passMark'), '', pct)}
        {num(['qualification', 'maxAttempts'], t('quality.workflow.maxAttempts'), '', { min: 0, max: 100, precision: 0 })}
      </Row>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('quality.workflow.rates')}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} md={12} lg={8}>
          <Form.Item name={['workflow', 'rates', 'mode']} label={t('quality.workflow.rateMode')}>
            <Select disabled={disabled} options={RATE_MODES.map((v) => ({ value: v, label: t(`quality.workflow.rateModes.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} lg={8}>
          <Form.Item name={['workflow', 'rates', 'currency']} label={t('quality.workflow.currency')}>
            <Select disabled={disabled} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </Col>
        {num(['rates', 'perItem'], t('quality.workflow.perItem'), '', { min: 0, step: 0.01 })}
        {num(['rates', 'perObject'], t('quality.workflow.perObject'), '', { min: 0, step: 0.01 })}
        {num(['rates', 'perReview'], t('quality.workflow.perReview'), '', { min: 0, step: 0.01 })}
      </Row>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('workflow.privacy')}
      </Typography.Title>
      <Form.Item name={['workflow', 'keepDicomOriginals']} label={t('workflow.keepDicomOriginals')} extra={t('workflow.keepDicomOriginalsHint')} valuePropName="checked">
        <Switch disabled={disabled} />
      </Form.Item>
    </>
  );
}
