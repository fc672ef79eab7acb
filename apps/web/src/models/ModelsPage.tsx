import { useState } from 'react';
import { Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { BarChartOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Model } from '@tessera/contracts';
import { ErrorAlert, describeError } from '../api/ErrorAlert';
import { PageHeader } from '../shell/PageHeader';
import { AccuracyPanel } from './AccuracyPanel';
import { KindName } from './kinds';
import { CreateModelModal } from './CreateModelModal';
import { useModelMutations, useModels } from './api';
import { CONFIRM_ICON, useMessage } from '../shell/icon-labels';

/** Mappings listed in the table; a detector maps dozens of classes, the rest are in its form. */
const SHOWN_MAPPINGS = 8;

/** The organisation's models (owners, admins, managers): add one with its label mapping, see each version's accuracy, remove one. */
export function ModelsPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const models = useModels();
  const { remove } = useModelMutations();
  const [creating, setCreating] = useState(false);
  const [expanded, setExpanded] = useState<string[]>([]);
  const toggle = (id: string) => setExpanded((keys) => (keys.includes(id) ? keys.filter((k) => k !== id) : [...keys, id]));

  return (
    <>
      <PageHeader
        title={t('models.title')}
        sub={t('models.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)} data-testid="model-add">
            {t('models.add')}
          </Button>
        }
      />
      <ErrorAlert error={models.error} />
      <Card>
        <Table<Model>
          rowKey="id"
          data-testid="model-table"
          loading={models.isPending}
          dataSource={models.data?.items}
          pagination={false}
          locale={{ emptyText: t('models.empty') }}
          expandable={{ expandedRowKeys: expanded, showExpandColumn: false, expandedRowRender: (m) => <AccuracyPanel model={m} /> }}
          columns={[
            { key: 'name', title: t('models.name'), width: 180, render: (_, m) => <Typography.Text strong>{m.name}</Typography.Text> },
            { key: 'kind', title: t('models.kind'), width: 200, render: (_, m) => <KindName kind={m.kind} /> },
            { key: 'version', title: t('models.version'), dataIndex: 'version' },
            { key: 'media', title: t('models.mediaType'), render: (_, m) => <Tag>{t(`models.media.${m.mediaType}`)}</Tag> },
            {
              key: 'map',
              title: t('models.labelMap'),
              render: (_, m) => (
                <Space size={[4, 4]} wrap>
                  {Object.entries(m.labelMap)
                    .slice(0, SHOWN_MAPPINGS)
                    .map(([c, l]) => (
                      <Tag key={c}>{`${c} → ${l}`}</Tag>
                    ))}
                  {Object.keys(m.labelMap).length > SHOWN_MAPPINGS && <Tag>{t('models.moreMappings', { count: Object.keys(m.labelMap).length - SHOWN_MAPPINGS })}</Tag>}
                </Space>
              ),
            },
            { key: 'projects', title: t('models.projects'), render: (_, m) => t('models.projectCount', { count: m.projectIds.length }) },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, m) => (
                <Space>
                  <Button size="small" icon={<BarChartOutlined aria-hidden />} onClick={() => toggle(m.id)} aria-expanded={expanded.includes(m.id)} data-testid="model-accuracy">
                    {t('models.accuracy')}
                  </Button>
                  <Popconfirm
                    icon={CONFIRM_ICON}
                    title={t('models.deleteConfirm', { name: m.name })}
                    okText={t('models.delete')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      remove.mutate(m.id, {
                        onSuccess: () => message.success(t('models.deleted')),
                        onError: (e) => message.error(describeError(e, t).title),
                      })
                    }
                  >
                    <Button size="small" danger icon={<DeleteOutlined aria-hidden />} aria-label={t('models.deleteNamed', { name: m.name })} />
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating && <CreateModelModal onClose={() => setCreating(false)} />}
    </>
  );
}
