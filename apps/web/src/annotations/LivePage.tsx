import { Button, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../api/ErrorAlert';
import { useProject } from '../projects/api';
import { AnnotationEditor } from './AnnotationEditor';
import { editorAssetQuery } from './asset-query';

/**
 * The "two windows" page: one asset's own annotation set, edited live by
 * everyone who opens it, in the editor of the asset's kind.
 */
export function LivePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id: projectId = '', assetId = '' } = useParams();
  const project = useProject(projectId);
  const asset = useQuery(editorAssetQuery(assetId));
  if (project.error || asset.error) return <ErrorAlert error={project.error ?? asset.error} />;
  if (!project.data || !asset.data) return <Spin aria-label={t('common.loading')} />;
  return (
    <div className="workspace">
      <header className="workspace-head">
        <div className="workspace-title">
          <Typography.Title level={1}>{t('live.title', { name: asset.data.name })}</Typography.Title>
          <Typography.Text type="secondary">{project.data.name}</Typography.Text>
        </div>
        <div className="workspace-actions">
          <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate(`/projects/${projectId}/assets`)}>
            {t('live.back')}
          </Button>
        </div>
      </header>
      <AnnotationEditor asset={asset.data} project={project.data} />
    </div>
  );
}
