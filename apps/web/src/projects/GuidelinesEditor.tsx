import { Card, Col, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import Markdown from 'react-markdown';

const MAX = 200_000;

/**
 * Markdown source beside its rendering. react-markdown renders no raw HTML,
 * so guidelines written by one user cannot run script in another's browser.
 * Works as an antd form control (value/onChange/id).
 */
export function GuidelinesEditor({ value = '', onChange, id, disabled }: { value?: string; onChange?: (v: string) => void; id?: string; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Input.TextArea
          id={id}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange?.(e.target.value)}
          autoSize={{ minRows: 16, maxRows: 40 }}
          maxLength={MAX}
          showCount
          placeholder={t('guidelines.placeholder')}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
        />
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={<span id={id ? `${id}-preview-title` : undefined}>{t('guidelines.preview')}</span>} style={{ minHeight: 200 }}>
          {value.trim() ? (
            <div className="markdown-preview" data-testid="guidelines-preview">
              <Markdown>{value}</Markdown>
            </div>
          ) : (
            <Typography.Text type="secondary">{t('guidelines.emptyPreview')}</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}
