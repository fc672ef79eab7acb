import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Popconfirm, Result, Skeleton, Space, Tabs } from 'antd';
import { InboxOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMatch, useNavigate, useParams, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { projectUpdateRequest, type Project, type ProjectUpdateRequest } from '@tessera/contracts';
import { ApiError } from '../api/client';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { applyProblemToForm, type IssueLike } from '../api/form-errors';
import { parseForm } from '../api/zod-form';
import { useCan } from '../auth/permissions';
import { AssetsTab } from '../assets/AssetsTab';
import { BatchesTab } from '../tasks/BatchesTab';
import { DashboardTab } from '../tasks/DashboardTab';
import { QualityTab } from '../quality/QualityTab';
import { ReleasesTab } from '../exports/ReleasesTab';
import { PageHeader } from '../shell/PageHeader';
import { useProject, useProjectMutations } from './api';
import { GuidelinesEditor } from './GuidelinesEditor';
import { MediaTypeTag, StatusTag } from './labels';
import { ProjectMembersTab } from './ProjectMembersTab';
import { SchemaTab } from './SchemaTab';
import { WORKFLOW_FIELDS, WorkflowFields, workflowFromForm, workflowToForm } from './workflow';
import { DeleteButton } from '../shell/DeleteButton';
import { CONFIRM_ICON, useMessage } from '../shell/icon-labels';
import { StatusImage } from '../shell/StatusPages';

const TABS = ['general', 'schema', 'workflow', 'guidelines', 'members', 'data', 'batches', 'dashboard', 'quality', 'releases'] as const;
type TabKey = (typeof TABS)[number];

export function ProjectEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const message = useMessage();
  const [params] = useSearchParams();
  // The Data tab has its own path (/projects/:id/assets); the others are ?tab=.
  const onAssets = !!useMatch('/projects/:id/assets');
  const tab: TabKey = onAssets ? 'data' : (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'general';
  const editable = useCan('manageProjects');
  const canViewData = useCan('viewData');
  const canViewBatches = useCan('viewBatches');
  const canViewDashboard = useCan('viewDashboard');
  const canReadQuality = useCan('viewQuality');
  const canReviewConsensus = useCan('reviewConsensus');
  const canViewQuality = canReadQuality || canReviewConsensus;
  // Managers export, import and cut releases; the auditor reads their figures. A consumer's releases are under My releases.
  const canReadReleases = useCan('readReleases');
  const canViewReleases = canReadReleases && canViewBatches;
  const project = useProject(id);
  const canDelete = useCan('deleteProjects');
  const { archive, restore, remove } = useProjectMutations(id);

  if (project.isPending) return <Skeleton />;
  if (project.isError) {
    const notFound = project.error instanceof ApiError && project.error.status === 404;
    return notFound ? (
      <Result icon={<StatusImage status={404} />} title={t('projects.notFound')} extra={<Button onClick={() => navigate('/projects')}>{t('nav.projects')}</Button>} />
    ) : (
      <ErrorAlert error={project.error} />
    );
  }
  const p = project.data;
  const fail = (err: unknown) => message.error(describeError(err, t).detail ?? describeError(err, t).title);

  return (
    <>
      <PageHeader
        title={p.name}
        sub={
          <Space size={4}>
            <MediaTypeTag type={p.mediaType} />
            <StatusTag status={p.status} />
          </Space>
        }
        extra={
          editable &&
          (p.status === 'active' ? (
            <Popconfirm icon={CONFIRM_ICON} title={t('projects.archiveConfirm')} okText={t('projects.archive')} cancelText={t('common.cancel')} onConfirm={() => archive.mutateAsync(p.id).catch(fail)}>
              <Button icon={<InboxOutlined aria-hidden />}>{t('projects.archive')}</Button>
            </Popconfirm>
          ) : (
            <Space>
              <Button icon={<RollbackOutlined aria-hidden />} loading={restore.isPending} onClick={() => restore.mutate(p.id, { onError: fail })}>
                {t('projects.restore')}
              </Button>
              {/* Only an archived project is deleted: a second, deliberate step. */}
              {canDelete && (
                <DeleteButton title={t('projects.deleteConfirm', { name: p.name })} consequence={t('projects.deleteConsequence')} label={t('projects.delete')}
                  loading={remove.isPending} onConfirm={() => remove.mutateAsync(p.id).then(() => (message.success(t('projects.deleted')), navigate('/projects')), fail)}
                  testId="delete-project" />
              )}
            </Space>
          ))
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => navigate(k === 'data' ? `/projects/${id}/assets` : `/projects/${id}?tab=${k}`, { replace: true })}
          items={[
            { key: 'general', label: t('projects.general'), children: <GeneralTab project={p} editable={editable} /> },
            { key: 'schema', label: t('schema.title'), children: <SchemaTab project={p} editable={editable} /> },
            { key: 'workflow', label: t('workflow.title'), children: <WorkflowTab project={p} editable={editable} /> },
            { key: 'guidelines', label: t('guidelines.title'), children: <GuidelinesTab project={p} editable={editable} /> },
            { key: 'members', label: t('projectMembers.title'), children: <ProjectMembersTab projectId={p.id} editable={editable} /> },
            ...(canViewData ? [{ key: 'data', label: t('assets.title'), children: <AssetsTab project={p} /> }] : []),
            ...(canViewBatches ? [{ key: 'batches', label: t('tasks.batches.tab'), children: <BatchesTab project={p} /> }] : []),
            ...(canViewDashboard ? [{ key: 'dashboard', label: t('tasks.dashboard.tab'), children: <DashboardTab projectId={p.id} /> }] : []),
            ...(canViewQuality ? [{ key: 'quality', label: t('quality.tab'), children: <QualityTab project={p} /> }] : []),
            ...(canViewReleases ? [{ key: 'releases', label: t('exports.tab'), children: <ReleasesTab project={p} /> }] : []),
          ]}
        />
      </Card>
    </>
  );
}

/** One PATCH form over a slice of the project; each tab saves only what it shows. */
function usePatchForm<V extends object>(project: Project, toForm: (p: Project) => V, fields: string[]) {
  const [form] = Form.useForm<V>();
  const { update } = useProjectMutations(project.id);
  const message = useMessage();
  const { t } = useTranslation();
  const [rest, setRest] = useState<IssueLike[]>([]);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    form.setFieldsValue(toForm(project) as never);
    setDirty(false);
    // Deliberately keyed on the server's version only, not on local state.
  }, [project.updatedAt]);

  const save = (body: ProjectUpdateRequest) => {
    setRest([]);
    const parsed = parseForm(form, projectUpdateRequest, body, fields, setRest);
    if (!parsed) return;
    update.mutate(parsed, {
      onSuccess: () => {
        setDirty(false);
        message.success(t('common.saved'));
      },
      onError: (err) => setRest(applyProblemToForm(form, err, fields, t)),
    });
  };
  return { form, save, update, rest, dirty, onValuesChange: () => setDirty(true) };
}

function SaveBar({ loading, dirty }: { loading: boolean; dirty: boolean }) {
  const { t } = useTranslation();
  return (
    <Button type="primary" htmlType="submit" loading={loading} disabled={!dirty}>
      {t('common.save')}
    </Button>
  );
}

function GeneralTab({ project, editable }: { project: Project; editable: boolean }) {
  const { t } = useTranslation();
  const f = usePatchForm(project, (p) => ({ name: p.name, description: p.description }), ['name', 'description']);
  const submit = async () => {
    try {
      f.save(await f.form.validateFields());
    } catch {
      /* antd marks the fields */
    }
  };
  return (
    <>
      <ErrorAlert error={f.update.error} issues={f.rest} />
      <Form form={f.form} layout="vertical" disabled={!editable} onValuesChange={f.onValuesChange} onFinish={submit} style={{ maxWidth: 720 }}>
        <Form.Item name="name" label={t('projects.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('projects.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        {editable && <SaveBar loading={f.update.isPending} dirty={f.dirty} />}
      </Form>
      <Descriptions
        style={{ marginTop: 24, maxWidth: 720 }}
        size="small"
        column={1}
        bordered
        items={[
          { key: 'media', label: t('projects.mediaType'), children: <MediaTypeTag type={project.mediaType} /> },
          { key: 'schema', label: t('schema.currentVersion'), children: `v${project.schemaVersion} · ${t('schema.labelCount', { count: project.labelCount })}` },
          { key: 'created', label: t('projects.createdAt'), children: dayjs(project.createdAt).format('LLL') },
          { key: 'updated', label: t('projects.updatedAt'), children: dayjs(project.updatedAt).format('LLL') },
        ]}
      />
    </>
  );
}

function WorkflowTab({ project, editable }: { project: Project; editable: boolean }) {
  const f = usePatchForm(project, (p) => ({ workflow: workflowToForm(p.workflow) }), WORKFLOW_FIELDS);
  const submit = async () => {
    try {
      const v = await f.form.validateFields();
      f.save({ workflow: workflowFromForm((v as { workflow: unknown }).workflow) as ProjectUpdateRequest['workflow'] });
    } catch {
      /* antd marks the fields */
    }
  };
  return (
    <>
      <ErrorAlert error={f.update.error} issues={f.rest} />
      <Form form={f.form} layout="vertical" disabled={!editable} onValuesChange={f.onValuesChange} onFinish={submit}>
        <WorkflowFields />
        {editable && <SaveBar loading={f.update.isPending} dirty={f.dirty} />}
      </Form>
    </>
  );
}

function GuidelinesTab({ project, editable }: { project: Project; editable: boolean }) {
  const f = usePatchForm(project, (p) => ({ guidelines: p.guidelines }), ['guidelines']);
  const submit = async () => f.save({ guidelines: (f.form.getFieldValue('guidelines') as string) ?? '' });
  return (
    <>
      <ErrorAlert error={f.update.error} issues={f.rest} />
      <Form form={f.form} layout="vertical" onValuesChange={f.onValuesChange} onFinish={submit}>
        <Form.Item name="guidelines" noStyle>
          <GuidelinesEditor disabled={!editable} />
        </Form.Item>
        {editable && (
          <div style={{ marginTop: 16 }}>
            <SaveBar loading={f.update.isPending} dirty={f.dirty} />
          </div>
        )}
      </Form>
    </>
  );
}
