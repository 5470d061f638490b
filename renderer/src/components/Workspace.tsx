import { lazy, Suspense, useEffect, useState, type MutableRefObject } from 'react';
import type { ProfileView, SendReply } from '../../../shared/contract';
import type { LeaveGuard } from '../hooks/useEditorLeave';
import { HistoryPane } from './HistoryPane';
import { ProfileDetail } from './ProfileDetail';
import { RequestPane, type RequestSeed } from './RequestPane';
import { Tabs, type TabSpec } from './Tabs';

/** Insights brings its chart library along, so it loads on first use instead of with the window. */
const InsightsPane = lazy(() => import('./insights/InsightsPane').then((m) => ({ default: m.InsightsPane })));

/** The main area's tabs. */
export type TabId = 'request' | 'history' | 'insights' | 'profile';

/**
 * The tabbed main area. Every panel stays mounted (hidden when inactive) so a half-written request survives a look
 * at History; a new seed (its nonce) starts a fresh request. History's next steps for a request that was not sent
 * (`onOpenProfile`, `onRetry`) switch tabs, and keyboard focus follows to the tab they open: the History panel, and the
 * button pressed with it, goes away. A profile's Edit settings, kept while another tab is in front, sets `leaveGuard`.
 */
export function Workspace(props: {
  profiles: ProfileView[];
  selected: ProfileView | null;
  tab: TabId;
  onTab: (tab: TabId) => void;
  seed: RequestSeed & { nonce: number };
  version: number;
  onSent: (reply: SendReply) => void;
  onChanged: (p: ProfileView) => void;
  onDeleted: () => void;
  onOpenProfile: (profileId: string) => void;
  onRetry: (seed: RequestSeed) => void;
  /** Set while a profile's Edit settings shows: the window calls it before navigating away (see useEditorLeave). */
  leaveGuard: MutableRefObject<LeaveGuard | null>;
}) {
  // A new object per move, so the same tab twice still moves focus.
  const [focusTab, setFocusTab] = useState<{ tab: TabId } | null>(null);
  useEffect(() => {
    if (focusTab) document.getElementById(`tab-${focusTab.tab}`)?.focus();
  }, [focusTab]);
  const openProfile = (profileId: string) => {
    props.onOpenProfile(profileId);
    setFocusTab({ tab: 'profile' });
  };
  const retry = (seed: RequestSeed) => {
    props.onRetry(seed);
    setFocusTab({ tab: 'request' });
  };
  const tabs: TabSpec<TabId>[] = [
    { id: 'request', label: 'Request' },
    { id: 'history', label: 'History' },
    { id: 'insights', label: 'Insights' },
    ...(props.selected ? [{ id: 'profile' as const, label: `Profile: ${props.selected.name}` }] : []),
  ];
  const panel = (id: TabId) => ({ role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, hidden: props.tab !== id });
  return (
    <div className="workspace">
      <Tabs label="Workspace" tabs={tabs} active={props.tab} onChange={props.onTab} />
      <div {...panel('request')}>
        <RequestPane key={props.seed.nonce} profiles={props.profiles} seed={props.seed} selectedId={props.selected?.id ?? null} onSent={props.onSent} onOpenProfile={openProfile} />
      </div>
      <div {...panel('history')}>
        {props.tab === 'history' && <HistoryPane profiles={props.profiles} version={props.version} onOpenProfile={openProfile} onRetry={retry} />}
      </div>
      <div {...panel('insights')}>
        {props.tab === 'insights' && (
          <Suspense fallback={<p className="hint" role="status">Loading insights…</p>}>
            <InsightsPane profiles={props.profiles} version={props.version} />
          </Suspense>
        )}
      </div>
      {props.selected && (
        <div {...panel('profile')}>
          <ProfileDetail
            key={props.selected.id}
            profile={props.selected}
            takenNames={props.profiles.filter((q) => q.id !== props.selected?.id).map((q) => q.name)}
            onChanged={props.onChanged}
            onSent={props.onSent}
            onDeleted={props.onDeleted}
            leaveGuard={props.leaveGuard}
            onReveal={() => props.onTab('profile')}
          />
        </div>
      )}
    </div>
  );
}
