import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { KeychainStatus, ProfileView, SandboxInfo } from '../../shared/contract';
import { call } from './api';
import { EmptyState } from './components/EmptyState';
import { ErrorAlert } from './components/ErrorAlert';
import { KeychainBanner } from './components/KeychainBanner';
import { ProfileEditor } from './components/ProfileEditor';
import { SandboxPanel } from './components/SandboxPanel';
import { SessionOnlyNotice } from './components/SessionOnlyNotice';
import { SettingsPanel } from './components/SettingsPanel';
import { Sidebar } from './components/Sidebar';
import { Workspace, type TabId } from './components/Workspace';
import type { RequestSeed } from './components/RequestPane';
import { useAction } from './hooks/useAction';
import { useOpenerFocus } from './hooks/useOpenerFocus';
import type { LeaveGuard } from './hooks/useEditorLeave';
import { sandboxPrefill, type EditorPrefill, type SandboxProfileKind } from './lib/prefill';
import { signsIn } from './lib/oauth-labels';

type View = 'main' | 'new' | 'sandbox' | 'settings' | 'presets' | 'import';

/** The provider catalog and the importers load on first use, keeping the window's first JavaScript small. */
const PresetsView = lazy(() => import('./components/presets/PresetsView').then((m) => ({ default: m.PresetsView })));
const ImportView = lazy(() => import('./components/import/ImportView').then((m) => ({ default: m.ImportView })));
const loading = <p className="hint" role="status">Loading…</p>;

/**
 * The window: sidebar of profiles, and a main area that shows the empty state, an editor, the provider presets, the
 * importers, the sandbox, settings or tabs, under the keychain banner or the session-only notice when they apply.
 */
export function App() {
  const [profiles, setProfiles] = useState<ProfileView[] | null>(null);
  const [keychain, setKeychain] = useState<KeychainStatus | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [view, setView] = useState<View>('main');
  const [tab, setTab] = useState<TabId>('request');
  const [sandbox, setSandbox] = useState<SandboxInfo | null>(null);
  const [prefill, setPrefill] = useState<EditorPrefill | null>(null);
  const [seed, setSeed] = useState<RequestSeed & { nonce: number }>({ profileId: null, url: '', nonce: 0 });
  const [version, setVersion] = useState(0);
  const action = useAction();
  const run = action.run;
  const main = useRef<HTMLElement>(null);
  // Bumped when what had focus went away (a deleted profile's panel): focus moves to the main area, not the body.
  const [refocus, setRefocus] = useState(0);
  useEffect(() => {
    if (refocus > 0 && (document.activeElement === document.body || document.activeElement === null)) main.current?.focus();
  }, [refocus]);

  const reload = useCallback(() => run(() => call('profiles.list', {})).then((list) => list && setProfiles(list)), [run]);
  useEffect(() => {
    void reload();
    void run(() => call('keychain.status', {})).then((k) => k && setKeychain(k));
  }, [reload, run]);

  const startSandbox = async () => {
    const info = await run(() => call('sandbox.start', {}));
    if (!info) return;
    setSandbox(info);
    setView('sandbox');
  };
  // Where the New profile editor was opened from: cancelling it goes back there, focus on the button that opened it.
  const editorOpener = useOpenerFocus(main);
  const [editorFrom, setEditorFrom] = useState<View>('main');
  const newProfile = (p: EditorPrefill | null) => {
    if (view !== 'new') {
      editorOpener.remember();
      setEditorFrom(view);
    }
    setPrefill(p);
    setView('new');
  };
  const cancelEditor = () => {
    setPrefill(null);
    setView(editorFrom === 'sandbox' && !sandbox ? 'main' : editorFrom);
    editorOpener.restore();
  };
  // Set by the New profile editor or a profile's Edit settings while it shows: sidebar navigation asks it first, so
  // typed input is not lost unasked.
  const editorGuard = useRef<LeaveGuard | null>(null);
  const leaving = <A extends unknown[]>(go: (...args: A) => void) => (...args: A) => {
    const guard = editorGuard.current;
    if (guard) guard(() => go(...args));
    else go(...args);
  };
  const added = (p: ProfileView) => setProfiles((list) => [...(list ?? []).filter((q) => q.id !== p.id), p]);
  /** A new profile opens on its first request (`request`); one that needs a person to sign in opens on its Sign in button. */
  const opened = (p: ProfileView, request: Omit<RequestSeed, 'profileId'>) => {
    added(p);
    setSelectedId(p.id);
    const signIn = p.auth.scheme === 'oauth2' && signsIn(p.auth.grant);
    setSeed((s) => ({ ...request, profileId: p.id, nonce: s.nonce + 1, focus: !signIn }));
    setTab(signIn ? 'profile' : 'request');
    setView('main');
  };
  const created = (p: ProfileView) => {
    const url = prefill ? `${prefill.baseUrl.replace(/\/+$/, '')}${prefill.tryPath}` : (p.baseUrl ?? '');
    setPrefill(null);
    opened(p, { url });
  };
  const useSessionOnly = () => void run(() => call('keychain.useSessionOnly', {})).then((k) => k && setKeychain(k));
  const changed = (p: ProfileView) => setProfiles((list) => (list ?? []).map((q) => (q.id === p.id ? p : q)));
  const deleted = () => {
    setSelectedId(null);
    setTab('request');
    setRefocus((n) => n + 1);
    void reload();
  };
  const sent = () => {
    setVersion((v) => v + 1);
    void reload();
  };
  const select = (id: string) => {
    setSelectedId(id);
    setTab('profile');
    setView('main');
  };
  // The profile already in the main area loses nothing (its Edit settings stays): only another one asks first.
  const selectAsking = (id: string) => (id === selectedId && view === 'main' ? select(id) : leaving(select)(id));
  /** History's "Try again": a fresh request from a past one (its profile, method and URL), on the Request tab. */
  const retry = (request: RequestSeed) => {
    setSeed((s) => ({ ...request, nonce: s.nonce + 1 }));
    setTab('request');
  };

  const list = profiles ?? [];
  const selected = list.find((p) => p.id === selectedId) ?? null;

  return (
    <div className="app">
      <Sidebar
        profiles={list}
        selectedId={selectedId}
        onSelect={selectAsking}
        onNew={leaving(() => newProfile(null))}
        onSandbox={leaving(() => void startSandbox())}
        current={view === 'settings' || view === 'presets' || view === 'import' ? view : null}
        onPresets={leaving(() => setView('presets'))}
        onImport={leaving(() => setView('import'))}
        onSettings={leaving(() => setView('settings'))}
      />
      <main className="main" ref={main} tabIndex={-1}>
        {keychain && !keychain.available && !keychain.sessionOnly && (
          <KeychainBanner status={keychain} busy={action.busy} onSessionOnly={useSessionOnly} />
        )}
        {keychain?.sessionOnly && <SessionOnlyNotice />}
        <ErrorAlert message={action.error} />
        {view === 'new' && <ProfileEditor key={prefill?.name ?? 'blank'} prefill={prefill} takenNames={list.map((p) => p.name)} onCreated={created} onCancel={cancelEditor} leaveGuard={editorGuard} />}
        {view === 'sandbox' && sandbox && (
          <SandboxPanel
            info={sandbox}
            onCreate={(kind: SandboxProfileKind) => newProfile(sandboxPrefill(sandbox, kind))}
            onClose={() => setView('main')}
          />
        )}
        {view === 'presets' && (
          <Suspense fallback={loading}>
            <PresetsView onCreated={opened} onCancel={() => setView('main')} />
          </Suspense>
        )}
        {view === 'import' && (
          <Suspense fallback={loading}>
            <ImportView profileNames={list.map((p) => p.name)} onAdded={added} onOpen={opened} onCancel={() => setView('main')} />
          </Suspense>
        )}
        {view === 'settings' && <SettingsPanel keychain={keychain} onForgotten={() => void reload()} onClose={() => setView('main')} />}
        {view === 'main' && profiles !== null && list.length === 0 && (
          <EmptyState onSandbox={startSandbox} onNew={() => newProfile(null)} busy={action.busy} />
        )}
        {view === 'main' && list.length > 0 && (
          <Workspace
            profiles={list}
            selected={selected}
            tab={selected || tab !== 'profile' ? tab : 'request'}
            onTab={setTab}
            seed={seed}
            version={version}
            onSent={sent}
            onChanged={changed}
            onDeleted={deleted}
            onOpenProfile={selectAsking}
            onRetry={retry}
            leaveGuard={editorGuard}
          />
        )}
      </main>
    </div>
  );
}
