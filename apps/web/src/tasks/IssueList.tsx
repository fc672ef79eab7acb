import { Button } from 'antd';
import type { z } from 'zod';
import type { ruleIssue } from '@tessera/contracts';
import type { LiveSet } from '../annotations/AnnotationEditor';

export type RuleIssue = z.infer<typeof ruleIssue>;

/** What the rule checks found on submitting, each object named by its label and a click away in the editor. */
export function IssueList({ intro, issues, onPick, set }: { intro?: string; issues: RuleIssue[]; onPick: (id: string) => void; set: LiveSet }) {
  return (
    <div role="alert" data-testid="issue-list">
      {intro && <div>{intro}</div>}
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        {issues.map((i, n) => {
          const a = i.annotationId ? set.byId.get(i.annotationId) : undefined;
          return (
            <li key={n}>
              {a ? (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onPick(a.id)}>
                  {set.nameOf(a.id)}
                </Button>
              ) : (
                i.path && <code>{i.path}</code>
              )}
              {a || i.path ? ': ' : ''}
              {i.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
