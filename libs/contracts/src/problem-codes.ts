/**
 * The refusals a person meets in the normal course of work, each named by a code and the values that go with it, so
 * that a client says them in its own language (a problem's `code` and `params`); the problem's `detail` stays the
 * server's English for logs and scripts. A code is added here when a page can meet the refusal; the web's
 * translations are typed by this list, so a code cannot go out untranslated.
 */
export interface ProblemParams {
  /** 403: the member's role does not allow the action. */
  role_forbids: NoParams;
  /** 403: only an owner grants, takes away or removes the owner and admin roles. */
  owner_roles_only: NoParams;
  /** 403: only an owner invites an admin. */
  owner_invites_admin: NoParams;
  /** 403: a reviewer was given their own work. */
  own_work_review: NoParams;
  /** 403: the annotations are not the actor's to edit now (a task not held, a read-only role). */
  not_yours_to_edit: NoParams;
  /** 403: every attempt at the project's qualification is used. */
  attempts_used: { max: string };
  /** 403: managing API tokens and changing the password take a signed-in session, not an API token. */
  session_required: NoParams;
  /** 403: a read-only API token may only read. */
  token_read_only: NoParams;
  /** 404: no such thing, or not one the actor may know exists (the detail names the kind, in English). */
  not_found: NoParams;
  /** 409: the task was submitted, skipped, reassigned or its lease ran out. */
  task_not_held: NoParams;
  /** 409: the task has moved on to another state (a task state) since the page was drawn: submitted twice, say. */
  task_moved_on: { state: string };
  /** 409: a task in rework cannot be skipped. */
  rework_not_skippable: NoParams;
  /** 409: the work has used its rework rounds; it can only be accepted. */
  rework_rounds_used: { max: string };
  /** 409: the project is archived. */
  project_archived: NoParams;
  /** 409: the project already has the status asked for. */
  project_status_unchanged: NoParams;
  /** 409: a project is deleted only once archived. */
  project_not_archived: NoParams;
  /** 409: the assets chosen for deleting are now another number (`matched`) than the person saw chosen. */
  selection_changed: { matched: string };
  /** 409: the asset is not ready (an asset status) to be annotated. */
  asset_not_ready: { status: string };
  /** 409: only a ready asset can be gold. */
  gold_needs_ready: { status: string };
  /** 409: only a quarantined series can be released. */
  not_quarantined: { status: string };
  /** 409: only a failed asset can be retried. */
  not_failed: { status: string };
  /** 409: none of the assets chosen for a retry has failed. */
  none_failed: NoParams;
  /** 409: the person holds as many API tokens as one may in an organisation. */
  too_many_tokens: { max: string };
  /** 409: the organisation would be left without an owner. */
  last_owner: NoParams;
  /** 409: the person invited is a member already. */
  already_member: NoParams;
  /** 409: the person accepting an invitation is a member already. */
  already_joined: NoParams;
  /** 409: the invitation was used. */
  invitation_used: NoParams;
  /** 410: the invitation has expired. */
  invitation_expired: NoParams;
  /** 409: the installation has its first organisation already. */
  already_set_up: NoParams;
  /** 409: the project asks for no qualification. */
  qualification_not_required: NoParams;
  /** 409: the annotator has passed the qualification. */
  qualification_passed: NoParams;
  /** 409: an attempt is open. */
  qualification_attempt_open: NoParams;
  /** 409: the qualification has no items. */
  qualification_empty: NoParams;
  /** 409: the job run has finished. */
  run_finished: NoParams;
  /** 409: a run of this job type must finish what it started. */
  run_not_cancellable: NoParams;
  /** 409: the job run made no file. */
  run_has_no_file: NoParams;
  /** 410: the run's file was deleted once its time was up. */
  run_file_expired: NoParams;
  /** 409: the consensus was accepted already. */
  consensus_accepted: NoParams;
  /** 409: every image and text of the project has been checked for near-duplicates. */
  duplicates_all_checked: NoParams;
}
type NoParams = Record<never, string>;
export type ProblemCode = keyof ProblemParams;
