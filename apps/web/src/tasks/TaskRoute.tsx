import { usePrefetchQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { TaskPage } from '../pages';
import { taskQuery } from './api';

/**
 * The task page's route: the task is asked for while the page's code arrives, and the project and asset as soon as
 * it comes (see prefetchTaskPage), not once React reveals the page (its Suspense reveal throttle, as on the live page).
 */
export function TaskRoute() {
  const { id = '' } = useParams();
  usePrefetchQuery(taskQuery(id));
  return <TaskPage />;
}
