import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Col, Drawer, List, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { HistoryOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Project } from '@tessera/contracts';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../api/ErrorAlert';
import type { IssueLike } from '../api/form-errors';
import { useProjectMutations, useSchemaVersion, useSchemaVersions } from './api';
import { LabelSchemaEditor } from './schema/LabelSchemaEditor';
import { draftsFromSchema, draftsToInput } from './schema/draft';
import { useSchemaDraft } from './schema/useSchemaDraft';
import { useMessage } from '../shell/icon-labels';

export function SchemaTab({ project, editable }: { project: Project; editable: boolean }) {
  const { t } = useTranslation();
  const message = useMessage();
  const schema = useSchemaDraft(project.mediaType);
  const { saveSchema } = useProjectMutations(project.id);
  const [rest, setRest] = useState<IssueLike[]>([]);
  const [viewing, setViewing] = useState<number | null>(null);
  const { reset, dirty } = schema;

  // Take the server's schema whenever it changes underneath us, unless the
  // user is in the middle of editing (then the 409 on save will tell them).
  useEffect(() => {
    if (!dirty) reset(draftsFromSchema(project.labelSchema));
    // Deliberately keyed on the server's version only, not on local state.
  }, [project.labelSchema, project.schemaVersion]);

  const save = () => {
    setRest([]);
    if (!schema.attempt()) {
      message.error(t('schema.fixErrors'));
      return;
    }
    saveSchema.mutate(
      { basedOnVersion: project.schemaVersion, labelSchema: draftsToInput(schema.labels) },
      {
        onSuccess: (p) => {
          schema.reset(draftsFromSchema(p.labelSchema));
          message.success(t('schema.savedAs', { version: p.schemaVersion }));
        },
        onError: (err) => setRest(schema.applyServerError(err)),
      },
    );
  };

  const stale = saveSchema.error instanceof ApiError && saveSchema.error.status === 409;

  return (
    <Row gutter={24}>
      <Col xs={24} xl={17}>
        <Space style={{ marginBottom: 16 }} wrap>
          <Typography.Text>
            {t('schema.currentVersion')} <Tag color="blue" data-testid="schema-version">v{project.schemaVersion}</Tag>
          </Typography.Text>
          {schema.dirty && <Badge status="warning" text={t('schema.unsaved')} />}
        </Space>
        {stale ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('schema.staleTitle')}
            description={t('schema.staleDetail')}
            action={
              <Button
                size="small"
                onClick={() => {
                  saveSchema.reset();
                  schema.reset(draftsFromSchema(project.labelSchema));
                }}
              >
                {t('schema.loadLatest')}
              </Button>
            }
          />
        ) : (
          <ErrorAlert error={saveSchema.error} issues={[...rest, ...schema.general]} />
        )}
        {!saveSchema.error && schema.general.length > 0 && <ErrorAlert error={t('schema.fixErrors')} issues={schema.general} />}
        <LabelSchemaEditor
          mediaType={project.mediaType}
          labels={schema.labels}
          onChange={editable ? schema.setLabels : undefined}
          errors={schema.errors}
          idPrefix="edit"
        />
        {editable && (
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={saveSchema.isPending} onClick={save} disabled={!schema.dirty} data-testid="save-schema">
              {t('schema.save')}
            </Button>
            <Button icon={<UndoOutlined aria-hidden />} disabled={!schema.dirty} onClick={() => schema.reset(draftsFromSchema(project.labelSchema))}>
              {t('schema.discard')}
            </Button>
          </Space>
        )}
      </Col>
      <Col xs={24} xl={7}>
        <SchemaHistory projectId={project.id} current={project.schemaVersion} onView={setViewing} />
      </Col>
      <VersionDrawer
        project={project}
        version={viewing}
        onClose={() => setViewing(null)}
        onRestore={
          editable
            ? (labels) => {
                schema.setLabels(labels);
                setViewing(null);
                message.info(t('schema.restoredDraft'));
              }
            : undefined
        }
      />
    </Row>
  );
}

function SchemaHistory({ projectId, current, onView }: { projectId: string; current: number; onView: (v: number) => void }) {
  const { t } = useTranslation();
  const versions = useSchemaVersions(projectId);
  return (
    <section aria-labelledby="schema-history-title">
      <Typography.Title level={3} id="schema-history-title" style={{ fontSize: 15 }}>
        <HistoryOutlined aria-hidden /> {t('schema.history')}
      </Typography.Title>
      <ErrorAlert error={versions.error} />
      <List
        size="small"
        bordered
        loading={versions.isPending}
        dataSource={[...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version)}
        locale={{ emptyText: t('schema.noHistory') }}
        renderItem={(v) => (
          <List.Item
            actions={[
              <Button key="view" size="small" type="link" onClick={() => onView(v.version)} aria-label={t('schema.viewVersion', { version: v.version })}>
                {t('common.view')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {`v${v.version}`}
                  {v.version === current && <Tag color="blue">{t('schema.current')}</Tag>}
                </Space>
              }
              description={`${dayjs(v.createdAt).format('lll')} · ${t('schema.labelCount', { count: v.labelCount })}`}
            />
          </List.Item>
        )}
      />
    </section>
  );
}

function VersionDrawer({
  project,
  version,
  onClose,
  onRestore,
}: {
  project: Project;
  version: number | null;
  onClose: () => void;
  onRestore?: (labels: ReturnType<typeof draftsFromSchema>) => void;
}) {
  const { t } = useTranslation();
  const q = useSchemaVersion(project.id, version);
  const labels = useMemo(() => (q.data ? draftsFromSchema(q.data.labelSchema) : []), [q.data]);
  return (
    <Drawer
      open={version !== null}
      onClose={onClose}
      size="large"
      title={t('schema.versionTitle', { version })}
      extra={
        onRestore &&
        q.data &&
        version !== project.schemaVersion && (
          <Button onClick={() => onRestore(draftsFromSchema(q.data.labelSchema))}>{t('schema.restoreAsDraft')}</Button>
        )
      }
    >
      <ErrorAlert error={q.error} />
      {q.isPending ? (
        <Skeleton />
      ) : (
        q.data && (
          <>
            <Alert type="info" showIcon title={t('schema.readOnly')} style={{ marginBottom: 16 }} />
            <LabelSchemaEditor mediaType={project.mediaType} labels={labels} idPrefix={`v${version}`} />
          </>
        )
      )}
    </Drawer>
  );
}
