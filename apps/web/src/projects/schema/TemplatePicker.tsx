import { Button, Card, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelSchemaDefinition, templatesFor, applyTemplate, type MediaType, type SchemaTemplate } from '@tessera/contracts';
import { draftsFromSchema, type LabelDraft } from './draft';
import { CONFIRM_ICON } from '../../shell/icon-labels';

/**
 * The schema templates of a media type (libs/contracts schema-templates):
 * choosing one fills the label schema and the guidelines in the user's
 * language; it asks first when that would replace labels already drafted.
 */
export function TemplatePicker({ mediaType, hasLabels, onApply }: {
  mediaType: MediaType;
  hasLabels: boolean;
  onApply: (labels: LabelDraft[], guidelines: string, template: SchemaTemplate) => void;
}) {
  const { t, i18n } = useTranslation();
  const [modal, holder] = Modal.useModal();
  const templates = templatesFor(mediaType);
  if (!templates.length) return null;
  const lng = i18n.language?.startsWith('zh') ? 'zh-CN' : 'en';
  const apply = (template: SchemaTemplate) => {
    const applied = applyTemplate(template, i18n.language ?? 'en');
    const go = () => onApply(draftsFromSchema(labelSchemaDefinition.parse(applied.labelSchema)), applied.guidelines, template);
    if (!hasLabels) return go();
    void modal.confirm({ icon: CONFIRM_ICON, title: t('schema.templates.replaceTitle'), content: t('schema.templates.replace'), okText: t('schema.templates.use'), onOk: go });
  };
  return (
    <section aria-labelledby="schema-templates-title" data-testid="schema-templates" style={{ marginBottom: 16 }}>
      {holder}
      <Typography.Title level={5} id="schema-templates-title" style={{ marginTop: 0 }}>
        {t('schema.templates.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('schema.templates.hint')}</Typography.Paragraph>
      <Flex gap={12} wrap>
        {templates.map((tpl) => (
          <Card key={tpl.id} size="small" style={{ width: 300 }} title={tpl.name[lng]} data-testid={`schema-template-${tpl.id}`}>
            <Typography.Paragraph style={{ minHeight: 66 }}>{tpl.summary[lng]}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {tpl.labels.map((l) => l.name[lng]).join(' · ')}
            </Typography.Paragraph>
            <Button onClick={() => apply(tpl)} aria-label={t('schema.templates.useNamed', { name: tpl.name[lng] })} data-testid={`use-template-${tpl.id}`}>
              {t('schema.templates.use')}
            </Button>
          </Card>
        ))}
      </Flex>
    </section>
  );
}
