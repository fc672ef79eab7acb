import { useQueries } from '@tanstack/react-query';
import type { Label, Project } from '@tessera/contracts';
import { http } from '../api/client';
import { projectKeys } from '../projects/api';

export interface ProjectLabels {
  /** Every label of the projects, once per id (the first project's wins). */
  labels: Label[];
  /** A label's name by its id; the id itself when no project has it (a label removed since). */
  nameOf: (labelId: string) => string;
  schemas: Project['labelSchema'][];
}

/** The label schemas of some projects, for naming labels and offering them as mapping targets. */
export function useProjectLabels(projectIds: string[] | undefined): ProjectLabels {
  const projects = useQueries({
    queries: (projectIds ?? []).map((id) => ({ queryKey: projectKeys.detail(id), queryFn: () => http.get<Project>(`/projects/${id}`) })),
  });
  const schemas = projects.flatMap((p) => (p.data ? [p.data.labelSchema] : []));
  const byId = new Map<string, Label>();
  for (const schema of schemas) for (const label of schema.labels) if (!byId.has(label.id)) byId.set(label.id, label);
  return { labels: [...byId.values()], nameOf: (id) => byId.get(id)?.name ?? id, schemas };
}
