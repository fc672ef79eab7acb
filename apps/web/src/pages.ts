import { lazyPage } from './shell/lazy-page';

// Everything past the login form is fetched when first visited (or, for the
// shell and the task list, as soon as the login page has drawn), so the
// first script is the login page's; the editors are split further in
// annotations/editors.
export const AcceptInvitePage = lazyPage(() => import('./auth/AcceptInvitePage'), 'AcceptInvitePage');
export const SetupPage = lazyPage(() => import('./setup/SetupPage'), 'SetupPage');
export const AppShell = lazyPage(() => import('./shell/AppShell'), 'AppShell');
export const MembersPage = lazyPage(() => import('./members/MembersPage'), 'MembersPage');
export const ProjectsPage = lazyPage(() => import('./projects/ProjectsPage'), 'ProjectsPage');
export const ProjectEditPage = lazyPage(() => import('./projects/ProjectEditPage'), 'ProjectEditPage');
export const ProjectCreatePage = lazyPage(() => import('./projects/ProjectCreatePage'), 'ProjectCreatePage');
export const AuditPage = lazyPage(() => import('./audit/AuditPage'), 'AuditPage');
export const JobsPage = lazyPage(() => import('./jobs/JobsPage'), 'JobsPage');
export const WebhooksPage = lazyPage(() => import('./webhooks/WebhooksPage'), 'WebhooksPage');
export const ApiTokensPage = lazyPage(() => import('./auth/ApiTokensPage'), 'ApiTokensPage');
export const ModelsPage = lazyPage(() => import('./models/ModelsPage'), 'ModelsPage');
export const LivePage = lazyPage(() => import('./annotations/LivePage'), 'LivePage');
export const ImageAnnotatorPlayground = lazyPage(() => import('./playground/ImageAnnotatorPlayground'), 'ImageAnnotatorPlayground');
export const TextAnnotatorPlayground = lazyPage(() => import('./playground/TextAnnotatorPlayground'), 'TextAnnotatorPlayground');
export const DicomViewerPlayground = lazyPage(() => import('./playground/DicomViewerPlayground'), 'DicomViewerPlayground');
// The text editor's playground is opened straight from its address (the `text` benchmark): its module is asked for
// as the app's first script runs, so it arrives while the app first renders instead of only after that render.
if (typeof window !== 'undefined' && window.location.pathname === '/playground/text-annotator') void TextAnnotatorPlayground.preload();
// Work distribution: my tasks and the task page.
export const MyTasksPage = lazyPage(() => import('./tasks/MyTasksPage'), 'MyTasksPage');
export const TaskPage = lazyPage(() => import('./tasks/TaskPage'), 'TaskPage');
// Releases granted to a consumer.
export const MyReleasesPage = lazyPage(() => import('./exports/MyReleasesPage'), 'MyReleasesPage');
export const ForbiddenPage = lazyPage(() => import('./shell/StatusPages'), 'ForbiddenPage');
export const NotFoundPage = lazyPage(() => import('./shell/StatusPages'), 'NotFoundPage');

/** What a signed-in person sees first; fetched while they type their password. */
export function prefetchSignedIn() {
  for (const p of [AppShell, ProjectsPage, MyTasksPage]) void p.preload();
  // The login form checks its fields against the shared contract on submit.
  void import('./auth/login-contract');
}
