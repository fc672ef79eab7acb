import { useParams } from 'react-router';
import { LivePage } from '../pages';
import { usePrefetchLivePage } from './live-queries';

/** The live page's route: the page's data is asked for while its code arrives (see usePrefetchLivePage). */
export function LiveRoute() {
  const { id = '', assetId = '' } = useParams();
  usePrefetchLivePage(id, assetId);
  return <LivePage />;
}
