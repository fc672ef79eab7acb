import { useState } from 'react';
import { Button, Card, Form, Input, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DEFAULT_WORKFLOW, MEDIA_TYPES, TOOLS_BY_MEDIA, projectCreateRequest, type MediaType, type Tool } from '@tessera/contracts';
import { ErrorAlert } from '../api/ErrorAlert';
import { applyIssuesToForm, zodIssues, type IssueLike } from '../api/form-errors';
import { PageHeader } from '../shell/PageHeader';
import { useProjectMutations } from './api';
import { GuidelinesEditor } from './GuidelinesEditor';
import { LabelSchemaEditor } from './schema/LabelSchemaEditor';
import { TemplatePicker } from './schema/TemplatePicker';
import { draftsToInput } from './schema/draft';
import { useSchemaDraft } from './schema/useSchemaDraft';
import { WORKFLOW_FIELDS, WorkflowFields, workflowFromForm, workflowToForm } from './workflow';
import { useMessage } from '../shell/icon-labels';

const FORM_FIELDS = ['name', 'description', 'mediaType', 'guidelines', ...WORKFLOW_FIELDS];

interface Values {
  name: string;
  description: string;
  mediaType: MediaType;
  guidelines: string;
  workflow: unknown;
}

export function ProjectCreatePage() {
  const { t, i18n } = useTranslation();
  const message = useMessage();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const mediaType: MediaType = Form.useWatch('mediaType', form) ?? 'image';
  const schema = useSchemaDraft(mediaType);
  const { create } = useProjectMutations();
  const [rest, setRest] = useState<IssueLike[]>([]);

  // Tools belong to a media type; keep only those the new type offers.
  const changeMedia = (next: MediaType) => {
    const allowed = TOOLS_BY_MEDIA[next] as readonly Tool[];
    if (schema.labels.length)
      schema.setLabels(schema.labels.map((l) => ({ ...l, tools: l.tools.filter((x) => allowed.includes(x)).length ? l.tools.filter((x) => allowed.includes(x)) : [allowed[0]] })));
  };

  const submit = async () => {
    setRest([]);
    const schemaOk = schema.attempt();
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (!schemaOk) {
      message.error(t('schema.fixErrors'));
      return;
    }
    const parsed = projectCreateRequest.safeParse({ ...values, workflow: workflowFromForm(values.workflow), labelSchema: draftsToInput(schema.labels) });
    if (!parsed.success) {
      setRest(applyIssuesToForm(form, zodIssues(parsed.error.issues), FORM_FIELDS));
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (p) => {
        schema.reset([]);
        message.success(t('projects.created', { name: p.name }));
        navigate(`/projects/${p.id}`);
      },
      // Schema errors go onto the editor, the rest onto the form, and whatever fits nowhere into the alert.
      onError: (err) => setRest(applyIssuesToForm(form, schema.applyServerError(err), FORM_FIELDS)),
    });
  };

  return (
    <>
      <PageHeader
        title={t('projects.newTitle')}
        extra={
          <>
            <Button onClick={() => navigate('/projects')}>{t('common.cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={submit} data-testid="create-project">
              {t('projects.create')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={create.error} issues={[...rest, ...schema.general]} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: '', description: '', mediaType: 'image', guidelines: '', workflow: workflowToForm(DEFAULT_WORKFLOW) }}
        disabled={create.isPending}
      >
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('projects.general')}>
            <Form.Item name="name" label={t('projects.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
              <Input autoFocus data-testid="project-name" />
            </Form.Item>
            <Form.Item name="description" label={t('projects.description')} rules={[{ max: 5000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Form.Item name="mediaType" label={t('projects.mediaType')} extra={t('projects.mediaTypeFixed')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                onChange={(e) => changeMedia(e.target.value)}
                options={MEDIA_TYPES.map((m) => ({ value: m, label: t(`mediaTypes.${m}`) }))}
              />
            </Form.Item>
          </Card>
          <Card title={t('schema.title')}>
            <TemplatePicker
              mediaType={mediaType}
              hasLabels={schema.labels.length > 0 || !!form.getFieldValue('guidelines')}
              onApply={(labels, guidelines, template) => {
                schema.setLabels(labels);
                form.setFieldValue('guidelines', guidelines);
                const lng = i18n.language?.startsWith('zh') ? 'zh-CN' : 'en';
                if (!form.getFieldValue('name')) form.setFieldValue('name', template.name[lng]);
                message.success(t('schema.templates.applied', { name: template.name[lng] }));
              }}
            />
            <LabelSchemaEditor mediaType={mediaType} labels={schema.labels} onChange={schema.setLabels} errors={schema.errors} idPrefix="new" />
          </Card>
          <Card title={t('workflow.title')}>
            <WorkflowFields />
          </Card>
          <Card title={t('guidelines.title')}>
            <Form.Item name="guidelines" noStyle>
              <GuidelinesEditor />
            </Form.Item>
          </Card>
        </Space>
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" loading={create.isPending} onClick={submit}>
          {t('projects.create')}
        </Button>
        <Button onClick={() => navigate('/projects')}>{t('common.cancel')}</Button>
      </Space>
    </>
  );
}
